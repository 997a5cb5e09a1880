"""The premises API: the same rules and French messages as the pages, tried from outside too."""

from datetime import time

import pytest

from coursive.premises import services
from coursive.premises.calendar import local_moment
from coursive.premises.models import Booking

from .conftest import future_workday, membership
from .factories import FeatureFactory, ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return future_workday()


def _book(client, headers, cluster, room, day, start="10:00", end="12:00", **extra):
    body = {"resource_id": room.pk, "starts_at": f"{day}T{start}:00", "ends_at": f"{day}T{end}:00", **extra}
    return client.post(
        f"/api/clusters/{cluster.slug}/bookings", body, content_type="application/json", headers=headers
    )


def test_resources_are_listed_with_their_rules(client, api_headers, cluster, room, member_staff):
    listing = client.get(f"/api/clusters/{cluster.slug}/resources", headers=api_headers(member_staff)).json()
    assert [item["name"] for item in listing["items"]] == ["Salle Verte"]
    detail = client.get(
        f"/api/clusters/{cluster.slug}/resources/{room.pk}", headers=api_headers(member_staff)
    ).json()
    assert detail["member_hour_price"] == "20.00"
    assert detail["opening_hours"][0] == {"weekday": 0, "opens_at": "08:00", "closes_at": "20:00"}


def test_availability_finds_free_slots_for_the_need(client, api_headers, cluster, member_staff, day):
    projector = FeatureFactory(cluster=cluster, slug="videoprojecteur")
    room = ResourceFactory(cluster=cluster, name="Grande salle", capacity=12)
    room.features.add(projector)
    services.booking_create(
        resource=room,
        membership=membership(member_staff, cluster),
        starts_at=local_moment(day, time(14)),
        ends_at=local_moment(day, time(16)),
    )
    response = client.get(
        f"/api/clusters/{cluster.slug}/availability",
        {
            "day": day.isoformat(),
            "part": "afternoon",
            "capacity": 8,
            "features": ["videoprojecteur"],
            "duration_minutes": 60,
        },
        headers=api_headers(member_staff),
    )
    found = response.json()
    assert response.status_code == 200
    assert [entry["resource_name"] for entry in found] == ["Grande salle"]
    assert [(slot["starts_at"][11:16], slot["ends_at"][11:16]) for slot in found[0]["free"]] == [
        ("16:00", "18:00")
    ]


def test_a_member_books_and_cancels_through_the_api(client, api_headers, cluster, room, member_staff, day):
    response = _book(client, api_headers(member_staff), cluster, room, day, title="Comité de pilotage")
    assert response.status_code == 201
    booking = response.json()
    assert booking["status"] == "confirmed"
    assert booking["amount_excl_tax"] == "40.00"
    cancel = client.post(
        f"/api/clusters/{cluster.slug}/bookings/{booking['id']}/cancel", headers=api_headers(member_staff)
    )
    assert cancel.status_code == 200
    assert cancel.json()["status"] == "cancelled"


def test_the_api_refuses_a_taken_slot_in_french(
    client, api_headers, cluster, room, member_staff, outsider_admin, day
):
    _book(client, api_headers(member_staff), cluster, room, day)
    response = _book(client, api_headers(outsider_admin), cluster, room, day, start="11:00", end="13:00")
    assert response.status_code == 422
    assert "est déjà réservé sur ce créneau" in response.json()["detail"]
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "fragment"),
    [
        ("12:00", "10:00", "La fin doit être postérieure au début"),
        ("19:00", "21:00", "sort des horaires d'ouverture"),
        ("08:00", "19:30", "La durée maximale"),
    ],
)
def test_the_api_refuses_bad_slots_with_the_pages_messages(
    client, api_headers, cluster, member_staff, day, start, end, fragment
):
    room = ResourceFactory(cluster=cluster, max_duration_minutes=600 - 60)
    response = _book(client, api_headers(member_staff), cluster, room, day, start=start, end=end)
    assert response.status_code == 422
    assert fragment in response.json()["detail"]
    assert not Booking.objects.exists()


def test_the_api_refuses_a_slot_in_the_past(client, api_headers, cluster, room, member_staff):
    response = _book(client, api_headers(member_staff), cluster, room, "2020-03-03")
    assert response.status_code == 422
    assert "est déjà passé" in response.json()["detail"]


def test_a_series_with_an_invalid_rule_is_refused(client, api_headers, cluster, room, member_staff, day):
    body = {
        "resource_id": room.pk,
        "starts_at": f"{day}T10:00:00",
        "ends_at": f"{day}T11:00:00",
        "rrule": "FREQ=JAMAIS",
    }
    response = client.post(
        f"/api/clusters/{cluster.slug}/booking-series",
        body,
        content_type="application/json",
        headers=api_headers(member_staff),
    )
    assert response.status_code == 422
    assert "Règle de récurrence invalide" in response.json()["detail"]


def test_a_series_through_the_api(client, api_headers, cluster, room, member_staff, day):
    body = {
        "resource_id": room.pk,
        "starts_at": f"{day}T10:00:00",
        "ends_at": f"{day}T11:00:00",
        "rrule": "FREQ=WEEKLY;COUNT=3",
        "exdates": [],
    }
    response = client.post(
        f"/api/clusters/{cluster.slug}/booking-series",
        body,
        content_type="application/json",
        headers=api_headers(member_staff),
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()) == 3


def test_outsiders_cannot_see_or_cancel_a_booking(
    client, api_headers, cluster, room, member_staff, outsider_admin, stranger, day
):
    booking_id = _book(client, api_headers(member_staff), cluster, room, day).json()["id"]
    mine = client.get(f"/api/clusters/{cluster.slug}/bookings", headers=api_headers(outsider_admin)).json()
    assert mine["items"] == []
    assert (
        client.post(
            f"/api/clusters/{cluster.slug}/bookings/{booking_id}/cancel", headers=api_headers(outsider_admin)
        ).status_code
        == 404
    )
    assert (
        client.get(f"/api/clusters/{cluster.slug}/resources", headers=api_headers(stranger)).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/clusters/{cluster.slug}/bookings/{booking_id}/cancel", headers=api_headers(stranger)
        ).status_code
        == 404
    )
    assert client.get(f"/api/clusters/{cluster.slug}/resources").status_code == 401
    assert Booking.objects.get(pk=booking_id).status == Booking.Status.CONFIRMED


def test_only_the_coordinator_decides_through_the_api(
    client, api_headers, cluster, member_admin, coordinator, day
):
    resource = ResourceFactory(cluster=cluster, needs_approval=True)
    booking_id = _book(client, api_headers(member_admin), cluster, resource, day).json()["id"]
    url = f"/api/clusters/{cluster.slug}/bookings/{booking_id}/decision"
    refused = client.post(
        url, {"approve": True}, content_type="application/json", headers=api_headers(member_admin)
    )
    assert refused.status_code == 403
    approved = client.post(
        url, {"approve": True}, content_type="application/json", headers=api_headers(coordinator)
    )
    assert approved.json()["status"] == "confirmed"


def test_the_calendar_hides_who_booked_from_residents(
    client, api_headers, cluster, room, member_staff, resident, day
):
    _book(client, api_headers(member_staff), cluster, room, day)
    params = {"since": day.isoformat(), "until": day.isoformat()}
    for_resident = client.get(
        f"/api/clusters/{cluster.slug}/calendar", params, headers=api_headers(resident)
    ).json()
    for_member = client.get(
        f"/api/clusters/{cluster.slug}/calendar", params, headers=api_headers(member_staff)
    ).json()
    assert for_resident[0]["who"] == ""
    assert for_member[0]["who"] == "Compagnie La Mouette"


OUT_OF_RANGE = "Date hors des limites : choisissez-la entre 1900 et 2199."


def test_dates_outside_the_sites_years_are_refused_with_the_sites_message(
    client, api_headers, cluster, room, member_staff
):
    headers = api_headers(member_staff)

    booking = _book(client, headers, cluster, room, "2200-01-06")
    series = client.post(
        f"/api/clusters/{cluster.slug}/booking-series",
        {
            "resource_id": room.pk,
            "starts_at": "2027-01-05T10:00:00",
            "ends_at": "2027-01-05T12:00:00",
            "rrule": "FREQ=WEEKLY;COUNT=2",
            "exdates": ["1899-12-31"],
        },
        content_type="application/json",
        headers=headers,
    )
    availability = client.get(
        f"/api/clusters/{cluster.slug}/availability", {"day": "1899-12-31"}, headers=headers
    )

    assert booking.status_code == series.status_code == availability.status_code == 422
    assert booking.json()["errors"]["starts_at"] == [OUT_OF_RANGE]
    assert series.json()["errors"]["exdates.0"] == [OUT_OF_RANGE]
    assert availability.json()["errors"]["day"] == [OUT_OF_RANGE]
    assert not Booking.objects.exists()


def test_a_day_the_site_accepts_is_accepted_by_the_api_too(client, api_headers, cluster, room, member_staff):
    response = client.get(
        f"/api/clusters/{cluster.slug}/calendar",
        {"since": "2150-01-01", "until": "2150-01-31"},
        headers=api_headers(member_staff),
    )

    assert response.status_code == 200 and response.json() == []
