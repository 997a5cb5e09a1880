"""The directory page's cache: a second visit costs only the access and version queries, and any change made
through the services, or a deletion, shows on the very next visit."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from coursive.directory.models import Organisation, Skill
from coursive.directory.services import organisation_create, organisation_update
from coursive.directory.tests.factories import OrganisationFactory

# The session, its user, the membership that opens the cluster, and the directory's version.
CACHED_VISIT_QUERIES = 4
# Those, the three facets of the filters, the count, the page and its skills.
FIRST_VISIT_QUERIES = 10


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def directory_url(cluster, query: str = "") -> str:
    url = reverse("directory:list", kwargs={"cluster_slug": cluster.slug})
    return f"{url}?{query}" if query else url


def results(response) -> str:
    content = response.content.decode()
    return content[content.index('<section id="results"') : content.index("</section>")]


def offered_skill(response, slug: str) -> bool:
    return f'<option value="{slug}"' in response.content.decode()


def test_a_second_visit_reads_only_the_access_rows_and_the_version(
    client, coordinator, cluster, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(30, cluster=cluster)
    client.force_login(coordinator)

    with django_assert_max_num_queries(FIRST_VISIT_QUERIES):
        first = client.get(directory_url(cluster, "q=atelier"))
    with django_assert_max_num_queries(CACHED_VISIT_QUERIES):
        second = client.get(directory_url(cluster, "q=atelier"))

    assert results(second) == results(first)
    assert results(second).count('class="card org-card"') == 24


def test_a_second_htmx_search_reads_only_the_access_rows_and_the_version(
    client, member_staff, cluster, own_organisation, django_assert_max_num_queries
):
    client.force_login(member_staff)
    htmx = {"HX-Request": "true"}
    client.get(directory_url(cluster, "q=mouette"), headers=htmx)

    with django_assert_max_num_queries(CACHED_VISIT_QUERIES):
        response = client.get(directory_url(cluster, "q=mouette"), headers=htmx)

    assert "Compagnie La Mouette" in response.content.decode()


def test_a_skill_given_through_the_services_is_offered_in_the_filters_at_once(
    client, member_staff, cluster, own_organisation
):
    client.force_login(member_staff)
    before = client.get(directory_url(cluster))

    organisation_update(
        organisation=own_organisation, by=None, fields={}, skills=[Skill.objects.get(slug="regie-son")]
    )
    after = client.get(directory_url(cluster))

    assert not offered_skill(before, "regie-son")
    assert offered_skill(after, "regie-son")
    assert "badge-outline" in after.content.decode()


def test_an_organisation_created_through_the_services_is_listed_with_its_skill_at_once(
    client, coordinator, cluster, own_organisation
):
    client.force_login(coordinator)
    client.get(directory_url(cluster))

    organisation_create(
        cluster=cluster,
        by=None,
        fields={
            "legal_name": "Compagnie Les Ondes",
            "siret": "73282932000074",
            "legal_form": "association",
            "naf_id": "90.01Z",
            "street": "4 rue Jeannin",
            "postcode": "21000",
            "commune": "Dijon",
            "headcount_band": "01",
            "turnover_band": "50k-100k",
        },
        skills=[Skill.objects.get(slug="mise-en-scene")],
    )
    response = client.get(directory_url(cluster))

    assert "Compagnie Les Ondes" in response.content.decode()
    assert offered_skill(response, "mise-en-scene")


def test_an_edited_name_shows_at_once_in_a_cached_search(client, member_staff, cluster, own_organisation):
    client.force_login(member_staff)
    client.get(directory_url(cluster, "q=mouette"), headers={"HX-Request": "true"})

    organisation_update(organisation=own_organisation, by=None, fields={"trade_name": "La Mouette rieuse"})
    response = client.get(directory_url(cluster, "q=mouette"), headers={"HX-Request": "true"})

    assert "La Mouette rieuse" in response.content.decode()


def test_a_deleted_organisation_leaves_the_directory_at_once(
    client, member_staff, cluster, own_organisation, other_organisation
):
    client.force_login(member_staff)
    client.get(directory_url(cluster))

    Organisation.objects.filter(pk=other_organisation.pk).delete()
    response = client.get(directory_url(cluster))

    assert "Studio Grand Angle" not in response.content.decode()


def test_a_page_cached_in_french_is_not_served_in_english(client, member_staff, cluster):
    client.force_login(member_staff)
    french = client.get(directory_url(cluster, "q=introuvable"))

    english = client.get(directory_url(cluster, "q=introuvable"), headers={"Accept-Language": "en"})

    assert "Aucune structure ne correspond à votre recherche." in french.content.decode()
    assert "No organisation matches your search." in english.content.decode()


def test_a_cached_page_never_shows_another_clusters_organisations(
    client, member_staff, stranger, cluster, other_cluster, own_organisation, foreign_organisation
):
    client.force_login(member_staff)
    client.get(directory_url(cluster))
    client.force_login(stranger)

    response = client.get(directory_url(other_cluster))

    assert "Manufacture du Furan" in response.content.decode()
    assert "Compagnie La Mouette" not in response.content.decode()
