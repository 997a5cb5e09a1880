"""The pages, tried by the member who owns the booking, another member, another cluster and anonymous."""

import io
from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coursive.premises import manage_services, services
from coursive.premises.calendar import local_moment
from coursive.premises.models import Booking, BookingFeedToken, Resource

from .conftest import future_workday, membership
from .factories import FeatureFactory, ResourceFactory

# The calendar writes time ranges with an en dash.
DASH = "\u2013"

pytestmark = pytest.mark.django_db


def url(name, cluster, **kwargs):
    return reverse(f"premises:{name}", kwargs={"cluster_slug": cluster.slug, **kwargs})


@pytest.fixture
def day():
    return future_workday()


@pytest.fixture
def booking(room, member_staff, cluster, day):
    return services.booking_create(
        resource=room,
        membership=membership(member_staff, cluster),
        starts_at=local_moment(day, time(10)),
        ends_at=local_moment(day, time(12)),
        title="Réunion de production",
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client, cluster, room):
    for name, kwargs in [("home", {}), ("calendar", {}), ("resource_detail", {"resource_id": room.pk})]:
        response = client.get(url(name, cluster, **kwargs))
        assert response.status_code == 302
        assert "/compte/" in response["Location"]


def test_another_cluster_sees_nothing(client, cluster, room, booking, stranger):
    client.force_login(stranger)
    assert client.get(url("home", cluster)).status_code == 404
    assert client.get(url("booking_detail", cluster, booking_id=booking.pk)).status_code == 404
    response = client.post(url("booking_cancel", cluster, booking_id=booking.pk))
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_resource_of_another_cluster_answers_404(client, cluster, other_cluster, member_staff):
    foreign = ResourceFactory(cluster=other_cluster)
    client.force_login(member_staff)
    assert client.get(url("resource_detail", cluster, resource_id=foreign.pk)).status_code == 404
    assert client.post(url("booking_new", cluster, resource_id=foreign.pk), {}).status_code == 404


def test_the_catalogue_lists_the_resources_by_kind(client, cluster, room, member_staff):
    ResourceFactory(cluster=cluster, kind=Resource.Kind.VEHICLE, name="Kangoo électrique", hours=False)
    client.force_login(member_staff)
    page = client.get(url("home", cluster)).content.decode()
    assert "Salle Verte" in page and "Kangoo électrique" in page
    assert "Salle de réunion" in page and "Véhicule" in page


def test_a_member_books_through_the_page_and_sees_it_in_the_week_calendar(
    client, cluster, room, member_staff, day
):
    client.force_login(member_staff)
    response = client.post(
        url("booking_new", cluster, resource_id=room.pk),
        {"starts_at": f"{day}T14:00", "ends_at": f"{day}T16:00", "title": "Atelier", "attendees": 4},
    )
    booking = Booking.objects.get(resource=room)
    assert response.status_code == 302
    assert response["Location"] == url("booking_detail", cluster, booking_id=booking.pk)
    assert booking.amount_excl_tax == 40
    week = client.get(url("calendar", cluster), {"vue": "semaine", "jour": day.isoformat()}).content.decode()
    assert f"14:00{DASH}16:00" in week and "Atelier" in week


@pytest.mark.parametrize("view", ["jour", "semaine", "mois"])
def test_each_calendar_view_answers_a_fragment_to_htmx(client, cluster, booking, member_staff, day, view):
    client.force_login(member_staff)
    response = client.get(
        url("calendar", cluster), {"vue": view, "jour": day.isoformat()}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f"10:00{DASH}12:00" in body


def test_the_day_timeline_places_a_booking_by_classes(client, cluster, booking, member_staff, day):
    client.force_login(member_staff)
    body = client.get(url("calendar", cluster), {"vue": "jour", "jour": day.isoformat()}).content.decode()
    # 10:00 is the seventh half-hour after 07:00; two hours span four columns.
    assert "at-7 span-4" in body


def test_residents_see_busy_slots_but_not_who_booked(client, cluster, booking, resident, day):
    client.force_login(resident)
    body = client.get(url("calendar", cluster), {"vue": "semaine", "jour": day.isoformat()}).content.decode()
    assert f"10:00{DASH}12:00" in body
    assert "Réunion de production" not in body


def test_a_refused_booking_shows_the_reason_and_offers_the_waiting_list(
    client, cluster, room, booking, outsider_admin, day
):
    client.force_login(outsider_admin)
    response = client.post(
        url("booking_new", cluster, resource_id=room.pk),
        {"starts_at": f"{day}T11:00", "ends_at": f"{day}T12:00", "attendees": 2},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "est déjà réservé sur ce créneau" in body
    assert url("waiting_list_join", cluster, resource_id=room.pk) in body
    assert Booking.objects.filter(resource=room).count() == 1


def test_bad_dates_are_refused_on_the_page(client, cluster, room, member_staff, day):
    client.force_login(member_staff)
    response = client.post(
        url("booking_new", cluster, resource_id=room.pk),
        {"starts_at": f"{day}T16:00", "ends_at": f"{day}T14:00", "attendees": 1},
    )
    assert response.status_code == 400
    assert "La fin doit être postérieure au début" in response.content.decode()
    assert not Booking.objects.exists()


def test_another_member_cannot_open_or_cancel_my_booking(client, cluster, booking, outsider_admin):
    client.force_login(outsider_admin)
    assert client.get(url("booking_detail", cluster, booking_id=booking.pk)).status_code == 404
    assert client.post(url("booking_cancel", cluster, booking_id=booking.pk)).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_my_organisation_admin_cancels_my_booking(client, cluster, booking, member_admin):
    client.force_login(member_admin)
    response = client.post(url("booking_cancel", cluster, booking_id=booking.pk))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_free_slot_search_finds_a_room_for_eight_with_a_projector(client, cluster, member_staff, day):
    projector = FeatureFactory(cluster=cluster, name="Vidéoprojecteur", slug="videoprojecteur")
    big = ResourceFactory(cluster=cluster, name="Grande salle", capacity=20)
    big.features.add(projector)
    ResourceFactory(cluster=cluster, name="Petite salle", capacity=4).features.add(projector)
    ResourceFactory(cluster=cluster, name="Salle sans projecteur", capacity=20)
    client.force_login(member_staff)
    response = client.get(
        url("search", cluster),
        {
            "day": day.isoformat(),
            "part": "afternoon",
            "capacity": 8,
            "duration": 60,
            "features": ["videoprojecteur"],
        },
    )
    body = response.content.decode()
    assert "Grande salle" in body
    assert "Petite salle" not in body and "Salle sans projecteur" not in body
    assert "Libre de 13:30 à 18:00" in body


def test_only_the_coordinator_manages_resources_figures_and_qualifications(
    client, cluster, member_admin, coordinator
):
    client.force_login(member_admin)
    for name in ("resource_new", "figures", "qualifications"):
        assert client.get(url(name, cluster)).status_code == 403
    client.force_login(coordinator)
    for name in ("resource_new", "figures", "qualifications"):
        assert client.get(url(name, cluster)).status_code == 200


def test_the_coordinator_creates_a_resource_with_its_opening_hours(client, cluster, coordinator):
    client.force_login(coordinator)
    data = {
        "kind": "meeting_room",
        "name": "Salle Jaune",
        "capacity": 12,
        "is_active": "on",
        "open_to_member_admins": "on",
        "open_to_member_staff": "on",
        "closed_on_public_holidays": "on",
        "hours": "lun-ven 08:30-12:30, 13:30-19:00",
        "min_duration_minutes": 30,
        "max_duration_minutes": 480,
        "slot_minutes": 30,
        "horizon_days": 90,
        "lead_time_hours": 0,
        "free_cancellation_hours": 24,
        "late_cancellation_percent": "50",
        "member_hour_price": "15.00",
        "vat_rate": "20.00",
        "deposit": "0",
    }
    response = client.post(url("resource_new", cluster), data)
    resource = Resource.objects.get(name="Salle Jaune")
    assert response.status_code == 302
    assert resource.cluster == cluster
    assert resource.opening_hours.count() == 10
    bad = client.post(
        url("resource_new", cluster), {**data, "name": "Salle Rouge", "hours": "tous les jours"}
    )
    assert bad.status_code == 400
    assert "horaires illisible" in bad.content.decode()
    assert not Resource.objects.filter(name="Salle Rouge").exists()


def test_figures_show_occupancy_and_revenue(client, cluster, booking, coordinator, day):
    client.force_login(coordinator)
    body = client.get(url("figures", cluster), {"annee": day.year}).content.decode()
    assert "Salle Verte" in body
    assert "40.00 €" in body or "40,00 €" in body


def test_figures_fall_back_to_this_year_for_a_year_out_of_range(client, cluster, coordinator):
    client.force_login(coordinator)
    for year in ("0", "99999", "deux-mille"):
        response = client.get(url("figures", cluster), {"annee": year})
        assert response.status_code == 200
        assert response.context["year"] == timezone.localdate().year


def test_exports_give_my_bookings_in_csv_and_xlsx(client, cluster, booking, member_staff, outsider_admin):
    client.force_login(member_staff)
    csv_body = client.get(url("bookings_csv", cluster)).content.decode("utf-8-sig")
    assert csv_body.splitlines()[0].startswith("N°;Ressource;Type;Début")
    assert "Salle Verte;Salle de réunion" in csv_body and ";40,00;" in csv_body
    workbook = load_workbook(io.BytesIO(client.get(url("bookings_xlsx", cluster)).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[1][1] == "Salle Verte"
    assert isinstance(rows[1][3], datetime)
    client.force_login(outsider_admin)
    assert "Salle Verte" not in client.get(url("bookings_csv", cluster)).content.decode("utf-8-sig")


def test_the_organisation_feed_lists_its_bookings_on_a_private_address(
    client, cluster, booking, member_staff, own_organisation
):
    client.force_login(member_staff)
    client.post(url("feeds", cluster), {"target": "organisation"})
    token = BookingFeedToken.objects.get(organisation=own_organisation).token
    client.logout()
    response = client.get(url("feed", cluster, token=token))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:reservation-{booking.pk}@coursive" in body
    assert "SUMMARY:Salle Verte" in body
    assert client.get(url("feed", cluster, token="jeton-inconnu")).status_code == 404


def test_a_resource_feed_token_does_not_open_in_another_cluster_address(
    client, cluster, other_cluster, room, booking
):
    token = manage_services.feed_token_renew(cluster=cluster, resource=room).token
    assert client.get(url("feed", cluster, token=token)).status_code == 200
    assert client.get(url("feed", other_cluster, token=token)).status_code == 404
    renewed = manage_services.feed_token_renew(cluster=cluster, resource=room).token
    assert client.get(url("feed", cluster, token=token)).status_code == 404
    assert "Réunion de production" in client.get(url("feed", cluster, token=renewed)).content.decode()


def test_the_kitchen_page_shows_the_previous_users_log(client, cluster, member_staff, outsider_admin, day):
    kitchen = ResourceFactory(cluster=cluster, kind="kitchen", name="Cuisine partagée")
    first = services.booking_create(
        resource=kitchen,
        membership=membership(member_staff, cluster),
        starts_at=local_moment(day, time(8)),
        ends_at=local_moment(day, time(12)),
    )
    client.force_login(member_staff)
    client.post(
        url("hygiene_log", cluster, booking_id=first.pk),
        {"surfaces_cleaned": "on", "fridge_temperature": "4.0", "remarks": "Plus de liquide vaisselle"},
    )
    second = services.booking_create(
        resource=kitchen,
        membership=membership(outsider_admin, cluster),
        starts_at=local_moment(day, time(14)),
        ends_at=local_moment(day, time(18)),
    )
    client.force_login(outsider_admin)
    body = client.get(url("booking_detail", cluster, booking_id=second.pk)).content.decode()
    assert (
        "Relevé laissé par l&#x27;utilisateur précédent" in body
        or "Relevé laissé par l'utilisateur précédent" in body
    )
    assert "Plus de liquide vaisselle" in body
    assert "4,0 °C" in body or "4.0 °C" in body


def test_the_coordinator_approves_a_request_from_the_page(client, cluster, member_staff, coordinator, day):
    resource = ResourceFactory(cluster=cluster, needs_approval=True)
    request = services.booking_create(
        resource=resource,
        membership=membership(member_staff, cluster),
        starts_at=local_moment(day, time(9)),
        ends_at=local_moment(day, time(10)),
    )
    client.force_login(member_staff)
    assert (
        client.post(
            url("booking_decide", cluster, booking_id=request.pk), {"decision": "approve"}
        ).status_code
        == 403
    )
    client.force_login(coordinator)
    assert "Demandes à valider" in client.get(url("home", cluster)).content.decode()
    client.post(url("booking_decide", cluster, booking_id=request.pk), {"decision": "approve"})
    request.refresh_from_db()
    assert request.status == Booking.Status.CONFIRMED


def test_a_recurring_booking_from_the_page_lists_conflicts(
    client, cluster, room, booking, outsider_admin, day
):
    client.force_login(outsider_admin)
    response = client.post(
        url("booking_series_new", cluster, resource_id=room.pk),
        {
            "starts_at": f"{day}T11:00",
            "ends_at": f"{day}T12:00",
            "attendees": 1,
            "rule": "FREQ=WEEKLY;COUNT=3",
            "exdates": "",
        },
    )
    assert response.status_code == 400
    assert "déjà réservé" in response.content.decode()
    assert Booking.objects.filter(resource=room).count() == 1


def test_the_coordinator_sees_each_resource_feed_address(client, cluster, other_cluster, room, coordinator):
    token = manage_services.feed_token_renew(cluster=cluster, resource=room).token
    ResourceFactory(cluster=cluster, name="Atelier sans flux")
    foreign = manage_services.feed_token_renew(
        cluster=other_cluster, resource=ResourceFactory(cluster=other_cluster)
    )
    client.force_login(coordinator)
    body = client.get(url("feeds", cluster)).content.decode()
    assert f"/{cluster.slug}/" in body and token in body
    assert "Atelier sans flux" in body
    assert foreign.token not in body


@pytest.mark.parametrize(
    ("who", "linked"), [("member_staff", True), ("coordinator", True), ("outsider_admin", False)]
)
def test_the_calendar_links_a_booking_only_for_those_who_may_open_it(
    client, request, cluster, booking, day, who, linked
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    detail = url("booking_detail", cluster, booking_id=booking.pk)
    page = client.get(url("calendar", cluster), {"vue": "semaine", "jour": day.isoformat()}).content.decode()
    assert (f'href="{detail}"' in page) is linked
    assert client.get(detail).status_code == (200 if linked else 404)
