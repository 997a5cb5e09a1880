"""The private feeds of an organisation's watch: an Atom feed of its alerts and an iCalendar feed of their
deadlines, both valid, both reached with the token alone, and closed by a new token."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from lxml import etree

from coursive.procurement.models import NoticeStatus
from coursive.procurement.watch_services import alerts_generate, watch_feed_token_regenerate

from .watch_factories import SavedSearchFactory, WatchNoticeFactory

pytestmark = [pytest.mark.django_db]

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_token(own_organisation):
    return watch_feed_token_regenerate(organisation=own_organisation).token


@pytest.fixture
def alerted(own_organisation, other_organisation):
    """Two notices alerted to the organisation (one by two searches), one to another organisation only."""
    SavedSearchFactory(organisation=own_organisation, name="Graphisme")
    SavedSearchFactory(organisation=own_organisation, name="Affiches", cpv_codes=[], keywords="affiches")
    SavedSearchFactory(organisation=other_organisation, cpv_codes=["92111000"])
    notices = {
        "posters": WatchNoticeFactory(title="Affiches de la saison", buyer_name="Ville de Beaune"),
        "website": WatchNoticeFactory(title="Site internet du musée", description="", deadline_at=None),
        "film": WatchNoticeFactory(title="Captation des concerts", description="", cpv_main="92111000"),
    }
    alerts_generate()
    return notices


def atom_url(token: str) -> str:
    return reverse("feeds:atom", kwargs={"token": token})


def ical_url(token: str) -> str:
    return reverse("feeds:ical", kwargs={"token": token})


def notice_link(notice) -> str:
    return f"http://testserver/p/dijon/marches/avis/{notice.pk}/"


def test_the_atom_feed_is_valid_atom_with_one_entry_per_alerted_notice(client, feed_token, alerted):
    response = client.get(atom_url(feed_token))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = etree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert (
        feed.findtext(f"{ATOM}id")
        and feed.findtext(f"{ATOM}title") == "Veille des marchés — Compagnie La Mouette"
    )
    datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"http://testserver{atom_url(feed_token)}"
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}
    assert set(entries) == {"Affiches de la saison", "Site internet du musée"}
    posters = entries["Affiches de la saison"]
    assert posters.findtext(f"{ATOM}id") == notice_link(alerted["posters"])
    assert posters.find(f"{ATOM}link").get("href") == notice_link(alerted["posters"])
    datetime.fromisoformat(posters.findtext(f"{ATOM}updated"))
    summary = posters.findtext(f"{ATOM}summary")
    assert "Acheteur : Ville de Beaune" in summary and "Trouvé par : Affiches, Graphisme" in summary


def test_the_calendar_has_an_event_at_each_deadline_with_a_reminder_three_days_before(
    client, feed_token, alerted
):
    response = client.get(ical_url(feed_token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == (
        "2.0",
        "-//Coursive//Veille des marchés//FR",
    )
    events = calendar.walk("VEVENT")
    # The notice without a deadline has no event; the other organisation's notice is not there.
    assert len(events) == 1
    event, posters = events[0], alerted["posters"]
    assert event.decoded("DTSTART") == posters.deadline_at
    assert str(event["SUMMARY"]) == "Date limite : Affiches de la saison"
    assert str(event["URL"]) == notice_link(posters)
    assert "Acheteur : Ville de Beaune" in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=3)


def test_event_uids_stay_the_same_from_one_fetch_to_the_next(client, feed_token, alerted):
    def uids() -> list[str]:
        calendar = Calendar.from_ical(client.get(ical_url(feed_token)).content)
        return [str(event["UID"]) for event in calendar.walk("VEVENT")]

    first = uids()
    WatchNoticeFactory(title="Affiches du festival")
    alerts_generate()

    assert set(first) < set(uids())
    assert first == uids()[:1]


def test_a_cancelled_notice_leaves_the_calendar_and_a_passed_deadline_stays_a_while(
    client, feed_token, alerted
):
    posters = alerted["posters"]
    posters.deadline_at = timezone.now() - timedelta(days=2)
    posters.status = NoticeStatus.CLOSED
    posters.save()
    film = WatchNoticeFactory(title="Affiches annulées")
    alerts_generate()
    film.status, film.cancelled_at = NoticeStatus.CANCELLED, timezone.now()
    film.save()

    calendar = Calendar.from_ical(client.get(ical_url(feed_token)).content)

    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [
        "Date limite : Affiches de la saison"
    ]


def test_the_feeds_need_no_login_and_ask_search_engines_to_keep_away(client, feed_token, alerted):
    for url in (atom_url(feed_token), ical_url(feed_token)):
        response = client.get(url)

        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_unknown_token_gets_not_found(client, feed_token):
    for url in (atom_url("inconnu"), ical_url("inconnu")):
        assert client.get(url).status_code == 404


def test_a_new_token_closes_the_old_addresses(client, own_organisation, feed_token, alerted):
    new_token = watch_feed_token_regenerate(organisation=own_organisation).token

    assert new_token != feed_token
    assert client.get(atom_url(feed_token)).status_code == 404
    assert client.get(ical_url(feed_token)).status_code == 404
    assert client.get(atom_url(new_token)).status_code == 200
    assert client.get(ical_url(new_token)).status_code == 200
