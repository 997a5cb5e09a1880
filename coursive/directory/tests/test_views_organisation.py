"""The organisation page, its history and the anonymisation of a former member's people."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from coursive.directory.models import MembershipStatus, Organisation, Person
from coursive.directory.services import organisation_update
from coursive.directory.tests.factories import PersonFactory


def page_url(name, organisation):
    return reverse(
        f"directory:{name}",
        kwargs={"cluster_slug": organisation.cluster.slug, "organisation_id": organisation.pk},
    )


def make_former(organisation):
    Organisation.objects.filter(pk=organisation.pk).update(membership_status=MembershipStatus.FORMER)


def test_a_member_sees_every_fact_of_an_organisation(client, member_staff, other_organisation):
    client.force_login(member_staff)

    response = client.get(page_url("detail", other_organisation))

    content = response.content.decode()
    siret = other_organisation.siret
    assert response.status_code == 200
    assert f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}" in content
    assert other_organisation.vat_number in content
    assert "seul le service des impôts des entreprises l'attribue" in content
    assert "Côte-d&#x27;Or (21)" in content and "Bourgogne-Franche-Comté" in content
    assert "90.01Z — Arts du spectacle vivant" in content
    assert response.context["nav_section"] == "directory"


def test_insiders_see_every_person_with_contact_details(client, member_staff, other_organisation):
    PersonFactory(organisation=other_organisation, email="public@grandangle.example", is_public_contact=True)
    PersonFactory(organisation=other_organisation, email="interne@grandangle.example")
    client.force_login(member_staff)

    content = client.get(page_url("detail", other_organisation)).content.decode()

    assert "public@grandangle.example" in content
    assert "interne@grandangle.example" in content


@pytest.mark.parametrize("actor", ["buyer", "resident"])
def test_buyers_and_residents_see_public_contacts_only(request, client, actor, own_organisation):
    PersonFactory(organisation=own_organisation, email="public@mouette.example", is_public_contact=True)
    PersonFactory(organisation=own_organisation, email="interne@mouette.example")
    client.force_login(request.getfixturevalue(actor))

    content = client.get(page_url("detail", own_organisation)).content.decode()

    assert "public@mouette.example" in content
    assert "interne@mouette.example" not in content


def test_the_organisations_admin_is_offered_edit_and_history(client, member_admin, own_organisation):
    client.force_login(member_admin)

    response = client.get(page_url("detail", own_organisation))

    content = response.content.decode()
    assert page_url("edit", own_organisation) in content
    assert page_url("history", own_organisation) in content
    assert response.context["nav_section"] == "own"


def test_staff_see_their_history_but_may_not_edit(client, member_staff, own_organisation):
    client.force_login(member_staff)

    content = client.get(page_url("detail", own_organisation)).content.decode()

    assert page_url("history", own_organisation) in content
    assert page_url("edit", own_organisation) not in content


def test_another_organisation_is_offered_neither_edit_nor_history(client, outsider_admin, own_organisation):
    client.force_login(outsider_admin)

    content = client.get(page_url("detail", own_organisation)).content.decode()

    assert page_url("edit", own_organisation) not in content
    assert page_url("history", own_organisation) not in content


def test_a_member_of_another_cluster_gets_a_404_for_the_organisation_page(client, stranger, own_organisation):
    client.force_login(stranger)

    response = client.get(page_url("detail", own_organisation))

    assert response.status_code == 404


def test_an_organisation_of_another_cluster_is_not_found_through_ones_own_cluster(
    client, coordinator, cluster, foreign_organisation
):
    client.force_login(coordinator)
    url = reverse(
        "directory:detail", kwargs={"cluster_slug": cluster.slug, "organisation_id": foreign_organisation.pk}
    )

    response = client.get(url)

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_before_an_organisation_page(client, own_organisation):
    response = client.get(page_url("detail", own_organisation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_history_shows_who_changed_which_field_from_what_to_what(
    client, member_admin, member_staff, own_organisation
):
    organisation_update(
        organisation=own_organisation,
        by=member_admin,
        fields={"website": "https://mouette.example", "legal_form": "scop"},
    )
    client.force_login(member_staff)

    response = client.get(page_url("history", own_organisation))

    content = response.content.decode()
    latest = response.context["entries"][0]
    assert response.status_code == 200
    assert escape(member_admin.full_name) in content
    assert [(change["label"], change["old"], change["new"]) for change in latest["changes"]] == [
        ("Forme juridique", "Association loi 1901", "SCOP (société coopérative de production)"),
        ("Site web", "", "https://mouette.example"),
    ]
    assert "https://mouette.example" in content and "Association loi 1901" in content


def test_the_coordinator_reads_any_organisations_history(client, coordinator, own_organisation):
    client.force_login(coordinator)

    response = client.get(page_url("history", own_organisation))

    assert response.status_code == 200


@pytest.mark.parametrize("actor", ["outsider_admin", "buyer"])
def test_others_in_the_cluster_may_not_read_an_organisations_history(
    request, client, actor, own_organisation
):
    client.force_login(request.getfixturevalue(actor))

    response = client.get(page_url("history", own_organisation))

    assert response.status_code == 403


def test_the_history_is_hidden_from_other_clusters_and_anonymous_visitors(client, stranger, own_organisation):
    anonymous = client.get(page_url("history", own_organisation))
    client.force_login(stranger)
    foreign = client.get(page_url("history", own_organisation))

    assert anonymous.status_code == 302
    assert foreign.status_code == 404


def test_the_coordinator_is_offered_anonymisation_only_for_a_former_member(
    client, coordinator, own_organisation, other_organisation
):
    make_former(other_organisation)
    client.force_login(coordinator)

    former = client.get(page_url("detail", other_organisation)).content.decode()
    current = client.get(page_url("detail", own_organisation)).content.decode()

    assert page_url("anonymise", other_organisation) in former
    assert page_url("anonymise", own_organisation) not in current


def test_the_coordinator_anonymises_a_former_members_people_after_confirming(
    client, coordinator, own_organisation
):
    PersonFactory.create_batch(2, organisation=own_organisation)
    make_former(own_organisation)
    history_before = own_organisation.history.count()
    client.force_login(coordinator)

    confirmation = client.get(page_url("anonymise", own_organisation))
    untouched = Person.objects.filter(anonymised_at__isnull=True).count()
    response = client.post(page_url("anonymise", own_organisation), follow=True)

    assert confirmation.status_code == 200 and untouched == 2
    assert "2 personnes anonymisées." in response.content.decode()
    assert not Person.objects.filter(anonymised_at__isnull=True).exists()
    assert set(Person.objects.values_list("email", flat=True)) == {""}
    assert own_organisation.history.count() == history_before


def test_people_of_a_current_member_are_not_anonymised(client, coordinator, own_organisation):
    person = PersonFactory(organisation=own_organisation, first_name="Inès")
    client.force_login(coordinator)

    response = client.post(page_url("anonymise", own_organisation), follow=True)

    person.refresh_from_db()
    assert person.first_name == "Inès" and person.anonymised_at is None
    assert "Seules les personnes d&#x27;un ancien membre" in response.content.decode()


def test_only_the_coordinator_may_anonymise(client, member_admin, own_organisation):
    person = PersonFactory(organisation=own_organisation)
    make_former(own_organisation)
    client.force_login(member_admin)

    confirmation = client.get(page_url("anonymise", own_organisation))
    response = client.post(page_url("anonymise", own_organisation))

    person.refresh_from_db()
    assert (confirmation.status_code, response.status_code) == (403, 403)
    assert person.anonymised_at is None


def test_anonymisation_is_out_of_reach_of_other_clusters_and_anonymous_visitors(
    client, stranger, own_organisation
):
    person = PersonFactory(organisation=own_organisation)
    make_former(own_organisation)

    anonymous = client.post(page_url("anonymise", own_organisation))
    client.force_login(stranger)
    foreign = client.post(page_url("anonymise", own_organisation))

    person.refresh_from_db()
    assert (anonymous.status_code, foreign.status_code) == (302, 404)
    assert person.anonymised_at is None


def test_a_refused_edit_shows_a_french_page_with_the_reason(client, outsider_admin, own_organisation):
    client.force_login(outsider_admin)

    response = client.get(f"/p/{own_organisation.cluster.slug}/structures/{own_organisation.pk}/modifier/")

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()
    assert "votre propre structure" in response.content.decode()
