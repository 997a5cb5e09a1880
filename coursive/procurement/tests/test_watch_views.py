"""Pages of the watch. Saved searches and alerts are private to their organisation: its member admins
change them, its staff read them, the coordination acts for any organisation of the cluster; others get 403
(roles outside the member organisations) or 404 (another organisation, another cluster)."""

import pytest
from django.urls import reverse

from coursive.procurement.models import Alert, SavedSearch, WatchFeedToken
from coursive.procurement.watch_services import alerts_generate, watch_feed_token_regenerate

from .watch_factories import SavedSearchFactory, WatchNoticeFactory

pytestmark = [pytest.mark.django_db]

NEW_SEARCH = {
    "name": "Théâtre jeune public",
    "cpv_codes": "92312000, 80000000",
    "keywords": "spectacle",
    "departements": "21 71",
    "min_value": "",
    "procedures": ["open", "adapted"],
    "is_active": "on",
}


def url(name: str, cluster_slug: str = "dijon", query: str = "", **kwargs) -> str:
    return reverse(f"procurement:{name}", kwargs={"cluster_slug": cluster_slug, **kwargs}) + query


@pytest.fixture
def search(own_organisation):
    return SavedSearchFactory(organisation=own_organisation, name="Graphisme")


@pytest.fixture
def alert(search):
    WatchNoticeFactory(title="Affiches de la saison")
    alerts_generate()
    return Alert.objects.get(saved_search=search)


def test_a_member_admin_sees_the_organisation_searches_with_their_new_alerts(client, member_admin, alert):
    client.force_login(member_admin)

    response = client.get(url("watch"))

    assert response.status_code == 200
    assert "Graphisme" in response.text and '<span class="badge badge-accent">1</span>' in response.text
    assert url("saved_search_new") in response.text
    assert url("saved_search_edit", search_id=alert.saved_search_id) in response.text


def test_a_member_admin_creates_a_search_which_alerts_at_once(
    client, member_admin, own_organisation, django_capture_on_commit_callbacks
):
    WatchNoticeFactory(title="Spectacle pour les écoles", cpv_main="92312000")
    client.force_login(member_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("saved_search_new"), NEW_SEARCH)

    assert response.status_code == 302 and response.url == url("watch")
    search = SavedSearch.objects.get(organisation=own_organisation)
    assert (search.cpv_codes, search.departements) == (["92312000", "80000000"], ["21", "71"])
    assert search.procedures == ["open", "adapted"] and search.created_by == member_admin
    assert search.alerts.count() == 1
    feed = client.get(url("watch")).text
    assert f"/marches/flux/{own_organisation.watch_feed_token.token}.atom" in feed
    assert f"/marches/flux/{own_organisation.watch_feed_token.token}.ics" in feed


def test_a_refused_search_shows_the_errors_on_their_fields_and_saves_nothing(client, member_admin):
    client.force_login(member_admin)

    response = client.post(url("saved_search_new"), NEW_SEARCH | {"cpv_codes": "99999999", "min_value": "-5"})

    assert response.status_code == 200
    assert "Code CPV absent de la nomenclature CPV 2008 : 99999999." in response.text
    assert "La valeur minimale ne peut pas être négative." in response.text
    assert not SavedSearch.objects.exists()


def test_a_member_admin_edits_and_deletes_a_search(client, member_admin, search):
    client.force_login(member_admin)

    edited = client.post(url("saved_search_edit", search_id=search.pk), NEW_SEARCH | {"name": "Spectacles"})
    deleted = client.post(url("saved_search_delete", search_id=search.pk))

    assert edited.status_code == deleted.status_code == 302
    assert not SavedSearch.objects.exists()


def test_the_edit_form_shows_the_saved_values(client, member_admin, search):
    client.force_login(member_admin)

    response = client.get(url("saved_search_edit", search_id=search.pk))

    assert response.status_code == 200
    assert 'value="79800000"' in response.text and 'value="Graphisme"' in response.text


def test_staff_read_the_watch_but_cannot_change_it(client, member_staff, own_organisation, search):
    client.force_login(member_staff)

    page = client.get(url("watch"))

    assert page.status_code == 200 and "Graphisme" in page.text
    assert url("saved_search_new") not in page.text
    assert client.post(url("saved_search_new"), NEW_SEARCH).status_code == 403
    assert client.post(url("saved_search_edit", search_id=search.pk), NEW_SEARCH).status_code == 403
    assert client.post(url("saved_search_delete", search_id=search.pk)).status_code == 403
    assert client.post(url("watch_feed_regenerate")).status_code == 403
    assert SavedSearch.objects.get().name == "Graphisme"
    assert not WatchFeedToken.objects.filter(organisation=own_organisation).exists()


def test_the_alerts_list_links_each_notice_and_marks_them_seen(client, member_staff, alert):
    client.force_login(member_staff)

    page = client.get(url("watch_alerts"))
    marked = client.post(url("watch_alerts_seen"))

    assert page.status_code == 200 and "Affiches de la saison" in page.text and "Nouveau" in page.text
    assert url("notice_detail", notice_id=alert.notice_id) in page.text
    assert marked.status_code == 302
    alert.refresh_from_db()
    assert alert.seen_at is not None
    assert "Nouveau" not in client.get(url("watch_alerts")).text


def test_the_alerts_can_be_narrowed_to_one_search(client, member_admin, own_organisation, alert):
    SavedSearchFactory(organisation=own_organisation, name="Vidéo", cpv_codes=["92111000"])
    WatchNoticeFactory(title="Captation des concerts", description="", cpv_main="92111000")
    alerts_generate()
    client.force_login(member_admin)

    response = client.get(url("watch_alerts", query=f"?recherche={alert.saved_search_id}"))

    assert "Affiches de la saison" in response.text and "Captation des concerts" not in response.text


def test_another_organisation_can_neither_see_nor_change_our_watch(
    client, outsider_admin, own_organisation, alert
):
    search = alert.saved_search
    client.force_login(outsider_admin)

    home = client.get(url("watch"))

    assert home.status_code == 200 and "Graphisme" not in home.text
    assert "Affiches de la saison" not in client.get(url("watch_alerts")).text
    assert client.get(url("watch", query=f"?organisation={own_organisation.pk}")).status_code == 404
    assert client.get(url("watch_alerts", query=f"?recherche={search.pk}")).status_code == 404
    assert client.get(url("saved_search_edit", search_id=search.pk)).status_code == 404
    assert client.post(url("saved_search_edit", search_id=search.pk), NEW_SEARCH).status_code == 404
    assert client.post(url("saved_search_delete", search_id=search.pk)).status_code == 404
    assert (
        client.post(url("watch_alerts_seen", query=f"?organisation={own_organisation.pk}")).status_code == 404
    )
    assert SavedSearch.objects.get(pk=search.pk).name == "Graphisme"
    alert.refresh_from_db()
    assert alert.seen_at is None


def test_the_coordination_picks_an_organisation_and_manages_its_watch(
    client, coordinator, own_organisation, search
):
    client.force_login(coordinator)
    query = f"?organisation={own_organisation.pk}"

    chooser = client.get(url("watch"))
    home = client.get(url("watch", query=query))
    created = client.post(url("saved_search_new", query=query), NEW_SEARCH)
    regenerated = client.post(url("watch_feed_regenerate", query=query))

    assert chooser.status_code == 200 and f'value="{own_organisation.pk}"' in chooser.text
    assert home.status_code == 200 and "Graphisme" in home.text
    assert created.status_code == 302 and created.url == url("watch", query=query)
    assert SavedSearch.objects.filter(organisation=own_organisation).count() == 2
    assert regenerated.status_code == 302


def test_regenerating_gives_new_feed_addresses_and_closes_the_old_ones(
    client, member_admin, own_organisation
):
    old = watch_feed_token_regenerate(organisation=own_organisation).token
    client.force_login(member_admin)

    client.post(url("watch_feed_regenerate"))

    new = WatchFeedToken.objects.get(organisation=own_organisation).token
    assert new != old
    assert client.get(reverse("feeds:atom", kwargs={"token": old})).status_code == 404
    assert f"/marches/flux/{new}.ics" in client.get(url("watch")).text


@pytest.mark.parametrize("actor", ["buyer", "resident"])
def test_roles_outside_the_member_organisations_are_refused(client, request, actor, search):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(url("watch")).status_code == 403
    assert client.get(url("watch_alerts")).status_code == 403
    assert client.get(url("saved_search_edit", search_id=search.pk)).status_code == 403
    assert client.post(url("saved_search_new"), NEW_SEARCH).status_code == 403


def test_someone_from_another_cluster_gets_not_found(client, stranger, search, own_organisation):
    client.force_login(stranger)

    assert client.get(url("watch")).status_code == 404
    assert client.get(url("saved_search_edit", search_id=search.pk)).status_code == 404
    # Their own cluster's pages do not open this cluster's searches either.
    assert client.get(url("saved_search_edit", "saint-etienne", search_id=search.pk)).status_code == 404
    assert (
        client.get(url("watch", "saint-etienne", query=f"?organisation={own_organisation.pk}")).status_code
        == 404
    )


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, search):
    for page in (url("watch"), url("watch_alerts"), url("saved_search_edit", search_id=search.pk)):
        response = client.get(page)

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_marking_one_search_seen_leaves_the_other_searches_alerts_new(
    client, coordinator, own_organisation, alert
):
    other = SavedSearchFactory(organisation=own_organisation, name="Vidéo", cpv_codes=["92111000"])
    WatchNoticeFactory(title="Captation des concerts", description="", cpv_main="92111000")
    alerts_generate()
    client.force_login(coordinator)

    response = client.post(
        url("watch_alerts_seen", query=f"?organisation={own_organisation.pk}"),
        {"recherche": alert.saved_search_id},
    )

    assert response.url == url(
        "watch_alerts", query=f"?organisation={own_organisation.pk}&recherche={alert.saved_search_id}"
    )
    assert Alert.objects.get(pk=alert.pk).seen_at is not None
    assert Alert.objects.get(saved_search=other).seen_at is None


def test_the_watch_is_the_current_section_of_the_navigation(client, member_admin):
    client.force_login(member_admin)

    response = client.get(url("watch"))

    assert f'href="{url("watch")}" aria-current="page"' in response.text
