"""The directory page: who may see it, search, filters, htmx partial, pagination and its query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coursive.directory.models import LegalForm, MembershipStatus, NafCode, Organisation, Skill
from coursive.directory.tests.factories import OrganisationFactory


def directory_url(cluster, **params):
    url = reverse("directory:list", kwargs={"cluster_slug": cluster.slug})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def listed_names(response) -> list[str]:
    return [organisation.legal_name for organisation in response.context["page"].object_list]


def test_a_member_sees_the_organisations_of_their_cluster_only(
    client, member_staff, cluster, own_organisation, other_organisation, foreign_organisation
):
    client.force_login(member_staff)

    response = client.get(directory_url(cluster))

    assert response.status_code == 200
    assert listed_names(response) == ["Compagnie La Mouette", "Studio Grand Angle"]
    assert "Manufacture du Furan" not in response.content.decode()
    assert response.context["nav_section"] == "directory"


def test_a_buyer_sees_the_directory_too(client, buyer, cluster, own_organisation):
    client.force_login(buyer)

    response = client.get(directory_url(cluster))

    assert listed_names(response) == ["Compagnie La Mouette"]


def test_a_member_of_another_cluster_gets_a_404(client, stranger, cluster, own_organisation):
    client.force_login(stranger)

    response = client.get(directory_url(cluster))

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, cluster):
    response = client.get(directory_url(cluster))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_only_the_coordinator_is_offered_to_add_an_organisation(client, coordinator, member_admin, cluster):
    create_url = reverse("directory:create", kwargs={"cluster_slug": cluster.slug})

    client.force_login(coordinator)
    as_coordinator = client.get(directory_url(cluster)).content.decode()
    client.force_login(member_admin)
    as_member = client.get(directory_url(cluster)).content.decode()

    assert create_url in as_coordinator
    assert create_url not in as_member


def test_search_ignores_accents_and_case(client, coordinator, cluster):
    OrganisationFactory(cluster=cluster, legal_name="Théâtre du Rond-Point", description="Scène.")
    OrganisationFactory(cluster=cluster, legal_name="Studio Lumière", description="Photographie.")
    client.force_login(coordinator)

    response = client.get(directory_url(cluster, q="THEATRE"))

    assert listed_names(response) == ["Théâtre du Rond-Point"]


def test_the_skill_filter_keeps_organisations_with_that_skill(
    client, member_staff, cluster, own_organisation, other_organisation
):
    other_organisation.skills.add(Skill.objects.get(slug="mise-en-scene"))
    client.force_login(member_staff)

    response = client.get(directory_url(cluster, skill="mise-en-scene"))

    assert listed_names(response) == ["Studio Grand Angle"]


def test_the_naf_filter_keeps_organisations_with_that_code(
    client, member_staff, cluster, own_organisation, other_organisation
):
    Organisation.objects.filter(pk=other_organisation.pk).update(naf=NafCode.objects.get(code="59.11A"))
    client.force_login(member_staff)

    response = client.get(directory_url(cluster, naf="59.11A"))

    assert listed_names(response) == ["Studio Grand Angle"]


def test_the_legal_form_filter_keeps_organisations_of_that_form(
    client, member_staff, cluster, own_organisation, other_organisation
):
    Organisation.objects.filter(pk=own_organisation.pk).update(legal_form=LegalForm.SCOP)
    client.force_login(member_staff)

    response = client.get(directory_url(cluster, legal_form="scop"))

    assert listed_names(response) == ["Compagnie La Mouette"]


def test_the_departement_filter_keeps_organisations_of_that_departement(client, member_staff, cluster):
    OrganisationFactory(cluster=cluster, legal_name="Atelier Dijonnais")
    OrganisationFactory(cluster=cluster, legal_name="Atelier Lyonnais", postcode="69001", commune="Lyon")
    client.force_login(member_staff)

    response = client.get(directory_url(cluster, departement="69"))

    assert listed_names(response) == ["Atelier Lyonnais"]
    assert response.context["form"].fields["departement"].choices[1:] == [
        ("21", "21 — Côte-d'Or"),
        ("69", "69 — Rhône"),
    ]


def test_former_members_are_listed_only_when_the_status_filter_asks_for_them(
    client, member_staff, cluster, own_organisation, other_organisation
):
    Organisation.objects.filter(pk=other_organisation.pk).update(membership_status=MembershipStatus.FORMER)
    client.force_login(member_staff)

    default = client.get(directory_url(cluster))
    former = client.get(directory_url(cluster, status="former"))

    assert listed_names(default) == ["Compagnie La Mouette"]
    assert listed_names(former) == ["Studio Grand Angle"]


def test_an_unknown_filter_value_is_ignored_rather_than_emptying_the_list(
    client, member_staff, cluster, own_organisation
):
    client.force_login(member_staff)

    response = client.get(directory_url(cluster, skill="plus-offerte"))

    assert listed_names(response) == ["Compagnie La Mouette"]


def test_no_result_shows_the_empty_state(client, member_staff, cluster, own_organisation):
    client.force_login(member_staff)

    response = client.get(directory_url(cluster, q="introuvable"))

    assert listed_names(response) == []
    assert "Aucune structure ne correspond à votre recherche." in response.content.decode()


def test_an_htmx_request_gets_only_the_results(client, member_staff, cluster, own_organisation):
    client.force_login(member_staff)

    response = client.get(directory_url(cluster, q="mouette"), headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Compagnie La Mouette" in content
    assert "<html" not in content and 'name="skill"' not in content
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client, member_staff, cluster, own_organisation):
    client.force_login(member_staff)

    response = client.get(
        directory_url(cluster), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_pages_hold_24_organisations_and_page_links_keep_the_filters(client, coordinator, cluster):
    OrganisationFactory.create_batch(30, cluster=cluster)
    client.force_login(coordinator)

    response = client.get(directory_url(cluster, q="atelier", page=2))

    page = response.context["page"]
    assert (page.number, len(page.object_list), page.paginator.count) == (2, 6, 30)
    assert "?q=atelier&amp;page=1" in response.content.decode()


def test_the_page_size_can_be_chosen_up_to_100(client, member_staff, cluster):
    client.force_login(member_staff)

    small = client.get(directory_url(cluster, per_page=10))
    huge = client.get(directory_url(cluster, per_page=5000))

    assert small.context["page"].paginator.per_page == 10
    assert huge.context["page"].paginator.per_page == 100


def bulk_create_organisations(cluster, count: int) -> None:
    """Thousands of rows in one statement: the factory builds them, the database inserts them at once."""
    naf = NafCode.objects.get(code="90.01Z")
    organisations = Organisation.objects.bulk_create(
        OrganisationFactory.build(cluster=cluster, naf=naf) for _ in range(count)
    )
    skills = list(Skill.objects.filter(slug__in=["mise-en-scene", "regie-son", "regie-lumiere"]))
    Organisation.skills.through.objects.bulk_create(
        Organisation.skills.through(organisation_id=organisation.pk, skill_id=skill.pk)
        for organisation in organisations
        for skill in skills
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "filters", ["", "q=atelier&skill=mise-en-scene&legal_form=association&departement=21"]
)
def test_the_directory_of_2000_organisations_costs_the_same_queries_whatever_the_page_size(
    client, coordinator, cluster, filters, django_assert_max_num_queries
):
    bulk_create_organisations(cluster, 2000)
    client.force_login(coordinator)
    url = f"{directory_url(cluster)}?{filters}"

    small_page = queries_for(client, f"{url}&per_page=10")
    large_page = queries_for(client, f"{url}&per_page=100")
    with django_assert_max_num_queries(12):
        response = client.get(f"{url}&per_page=100&page=20")

    assert small_page == large_page
    assert response.context["page"].paginator.count == 2000
    assert response.content.decode().count('class="card org-card"') == 100
