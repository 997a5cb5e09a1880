"""Creating and editing an organisation: who may, and how bad input is refused with nothing written."""

import pytest
from django.urls import reverse

from coursive.directory.forms import OrganisationForm
from coursive.directory.models import MembershipStatus, Organisation, Skill
from coursive.directory.tests.factories import valid_siret


def edit_url(organisation):
    return reverse(
        "directory:edit",
        kwargs={"cluster_slug": organisation.cluster.slug, "organisation_id": organisation.pk},
    )


def create_url(cluster):
    return reverse("directory:create", kwargs={"cluster_slug": cluster.slug})


def posted(organisation, **changes) -> dict:
    """What the edit form sends back when the member changes only `changes`."""
    initial = OrganisationForm(instance=organisation, can_set_status=True).initial
    data = {name: "" if value is None else value for name, value in initial.items() if value is not False}
    return data | changes


NEW_ORGANISATION = {
    "legal_name": "Théâtre de la Toison d'Or",
    "siret": " ".join([valid_siret(4242)[:3], valid_siret(4242)[3:9], valid_siret(4242)[9:]]),
    "legal_form": "scic",
    "naf": "90.01Z",
    "ess_status": "by_right",
    "street": "3 place du Théâtre",
    "postcode": "21000",
    "commune": "Dijon",
    "headcount_band": "02",
    "turnover_band": "100k-250k",
    "description": "Créations théâtrales.",
    "tags": "Jeune public, plein air",
    "membership_status": "partner",
    "member_since": "2025-09-01",
}


def test_a_member_admin_edits_their_own_organisation(client, member_admin, own_organisation):
    skill = Skill.objects.get(slug="mise-en-scene")
    client.force_login(member_admin)

    response = client.post(
        edit_url(own_organisation),
        posted(own_organisation, trade_name="La Mouette", skills=[skill.pk], tags="jeune public, plein air"),
        follow=True,
    )

    own_organisation.refresh_from_db()
    assert response.redirect_chain[-1][0] == reverse(
        "directory:detail", kwargs={"cluster_slug": "dijon", "organisation_id": own_organisation.pk}
    )
    assert "La fiche de la structure a été enregistrée." in response.content.decode()
    assert own_organisation.trade_name == "La Mouette"
    assert list(own_organisation.skills.all()) == [skill]
    assert sorted(own_organisation.tags.values_list("name", flat=True)) == ["jeune public", "plein air"]
    assert own_organisation.history.first().history_user == member_admin


def test_the_edit_form_shows_the_current_values(client, member_admin, own_organisation):
    client.force_login(member_admin)

    response = client.get(edit_url(own_organisation))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Compagnie La Mouette"' in content
    assert f'value="{own_organisation.siret}"' in content
    assert '<option value="90.01Z">Arts du spectacle vivant</option>' in content


@pytest.mark.parametrize("actor", ["outsider_admin", "member_staff", "buyer", "resident"])
def test_only_the_coordinator_and_the_organisations_admin_may_edit_it(
    request, client, actor, own_organisation
):
    client.force_login(request.getfixturevalue(actor))

    shown = client.get(edit_url(own_organisation))
    sent = client.post(edit_url(own_organisation), posted(own_organisation, legal_name="Prise de contrôle"))

    own_organisation.refresh_from_db()
    assert (shown.status_code, sent.status_code) == (403, 403)
    assert own_organisation.legal_name == "Compagnie La Mouette"


def test_the_coordinator_edits_any_organisation_of_the_cluster(client, coordinator, own_organisation):
    client.force_login(coordinator)

    response = client.post(edit_url(own_organisation), posted(own_organisation, phone="03 80 00 00 00"))

    own_organisation.refresh_from_db()
    assert response.status_code == 302
    assert own_organisation.phone == "03 80 00 00 00"


def test_the_edit_page_is_out_of_reach_of_other_clusters_and_anonymous_visitors(
    client, stranger, own_organisation
):
    data = posted(own_organisation, legal_name="Prise de contrôle")

    anonymous = client.post(edit_url(own_organisation), data)
    client.force_login(stranger)
    foreign = client.post(edit_url(own_organisation), data)

    own_organisation.refresh_from_db()
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("accounts:login"))
    assert foreign.status_code == 404
    assert own_organisation.legal_name == "Compagnie La Mouette"


def test_an_invalid_siret_is_refused_on_its_field_and_nothing_changes(client, member_admin, own_organisation):
    client.force_login(member_admin)
    wrong_check_digit = own_organisation.siret[:-1] + str((int(own_organisation.siret[-1]) + 1) % 10)

    response = client.post(
        edit_url(own_organisation), posted(own_organisation, siret=wrong_check_digit, legal_name="Autre nom")
    )

    content = response.content.decode()
    own_organisation.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["siret"] == [
        "Ce SIRET n'existe pas : sa clé de contrôle est fausse. Vérifiez les chiffres."
    ]
    assert '<a href="#id_siret">SIRET : ' in content
    assert 'aria-describedby="id_siret_helptext id_siret_error"' in content
    assert own_organisation.legal_name == "Compagnie La Mouette"


def test_an_unknown_naf_code_is_refused_on_its_field_and_nothing_changes(
    client, member_admin, own_organisation
):
    client.force_login(member_admin)

    response = client.post(
        edit_url(own_organisation), posted(own_organisation, naf="99.99Z", commune="Beaune")
    )

    own_organisation.refresh_from_db()
    assert response.context["form"].errors["naf"] == [
        "Ce code NAF n'existe pas dans la nomenclature NAF rév. 2."
    ]
    assert (own_organisation.naf_id, own_organisation.commune) == ("90.01Z", "Dijon")


def test_a_siret_already_used_in_the_cluster_is_refused_on_its_field_and_nothing_changes(
    client, member_admin, own_organisation, other_organisation
):
    history_before = own_organisation.history.count()
    client.force_login(member_admin)

    response = client.post(
        edit_url(own_organisation),
        posted(own_organisation, siret=other_organisation.siret, legal_name="Autre nom", tags="nouveau"),
    )

    own_organisation.refresh_from_db()
    assert response.context["form"].errors["siret"] == ["Une structure de ce pôle a déjà ce SIRET."]
    assert own_organisation.legal_name == "Compagnie La Mouette"
    assert not own_organisation.tags.exists()
    assert own_organisation.history.count() == history_before


def test_a_siret_used_in_another_cluster_is_accepted(
    client, member_admin, own_organisation, foreign_organisation
):
    client.force_login(member_admin)

    response = client.post(
        edit_url(own_organisation), posted(own_organisation, siret=foreign_organisation.siret)
    )

    own_organisation.refresh_from_db()
    assert response.status_code == 302
    assert own_organisation.siret == foreign_organisation.siret


def test_a_member_admin_cannot_change_their_membership_status_or_dates(
    client, member_admin, own_organisation
):
    client.force_login(member_admin)

    form_page = client.get(edit_url(own_organisation)).content.decode()
    response = client.post(
        edit_url(own_organisation),
        posted(
            own_organisation, membership_status="partner", member_since="2020-01-01", trade_name="Mouette"
        ),
    )

    own_organisation.refresh_from_db()
    assert 'name="membership_status"' not in form_page
    assert response.status_code == 302
    assert own_organisation.trade_name == "Mouette"
    assert (own_organisation.membership_status, own_organisation.member_since) == (
        MembershipStatus.MEMBER,
        None,
    )


def test_the_coordinator_sets_a_membership_status_and_its_dates(client, coordinator, own_organisation):
    client.force_login(coordinator)

    client.post(
        edit_url(own_organisation),
        posted(
            own_organisation, membership_status="former", member_since="2019-01-01", member_until="2026-06-30"
        ),
    )

    own_organisation.refresh_from_db()
    assert own_organisation.membership_status == MembershipStatus.FORMER
    assert str(own_organisation.member_until) == "2026-06-30"


def test_a_membership_ending_before_it_started_is_refused_on_the_end_date(
    client, coordinator, own_organisation
):
    client.force_login(coordinator)

    response = client.post(
        edit_url(own_organisation),
        posted(own_organisation, member_since="2024-01-01", member_until="2023-01-01"),
    )

    own_organisation.refresh_from_db()
    assert response.context["form"].errors["member_until"] == [
        "La date de fin d'adhésion précède la date d'adhésion."
    ]
    assert own_organisation.member_since is None


def test_the_coordinator_creates_an_organisation(client, coordinator, cluster):
    skill = Skill.objects.get(slug="regie-son")
    client.force_login(coordinator)

    response = client.post(create_url(cluster), NEW_ORGANISATION | {"skills": [skill.pk]}, follow=True)

    organisation = Organisation.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"/structures/{organisation.pk}/")
    assert "La structure « Théâtre de la Toison d&#x27;Or » a été créée." in response.content.decode()
    assert (organisation.cluster, organisation.siret, organisation.departement) == (
        cluster,
        valid_siret(4242),
        "21",
    )
    assert (organisation.membership_status, str(organisation.member_since)) == ("partner", "2025-09-01")
    assert list(organisation.skills.all()) == [skill]
    assert organisation.history.get().history_user == coordinator


def test_creating_with_a_siret_already_in_the_cluster_writes_nothing(client, coordinator, own_organisation):
    client.force_login(coordinator)

    response = client.post(
        create_url(own_organisation.cluster), NEW_ORGANISATION | {"siret": own_organisation.siret}
    )

    assert response.context["form"].errors["siret"] == ["Une structure de ce pôle a déjà ce SIRET."]
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("actor", ["member_admin", "member_staff", "buyer"])
def test_only_the_coordinator_may_create_an_organisation(request, client, actor, cluster):
    client.force_login(request.getfixturevalue(actor))
    before = Organisation.objects.count()

    shown = client.get(create_url(cluster))
    sent = client.post(create_url(cluster), NEW_ORGANISATION)

    assert (shown.status_code, sent.status_code) == (403, 403)
    assert Organisation.objects.count() == before


def test_the_create_page_is_out_of_reach_of_other_clusters_and_anonymous_visitors(client, stranger, cluster):
    anonymous = client.post(create_url(cluster), NEW_ORGANISATION)
    client.force_login(stranger)
    foreign = client.post(create_url(cluster), NEW_ORGANISATION)

    assert (anonymous.status_code, foreign.status_code) == (302, 404)
    assert not Organisation.objects.filter(cluster=cluster).exists()
