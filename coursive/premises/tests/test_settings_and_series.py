"""Closures, the published commission, cancelling a series, and the no-overlap invariant under random input."""

import contextlib
import itertools
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursive.premises import services
from coursive.premises.calendar import local_moment, utc
from coursive.premises.models import Booking, Closure, CommissionRate

from .conftest import NOW, at, future_workday, membership
from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_cancelling_a_series_from_an_occurrence_cancels_it_and_the_later_ones(room, member_staff, cluster):
    staff = membership(member_staff, cluster)
    bookings = services.booking_series_create(
        resource=room,
        membership=staff,
        starts_at=at("2026-12-08", "10:00"),
        ends_at=at("2026-12-08", "11:00"),
        rule="FREQ=WEEKLY;COUNT=3",
        now=NOW,
    )
    assert services.booking_series_cancel(booking=bookings[1], membership=staff, now=NOW) == 2
    statuses = list(
        Booking.objects.filter(series=bookings[0].series)
        .order_by("starts_at")
        .values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "cancelled", "cancelled"]


def test_another_member_cannot_cancel_my_series(room, member_staff, outsider_admin, cluster):
    bookings = services.booking_series_create(
        resource=room,
        membership=membership(member_staff, cluster),
        starts_at=at("2026-12-08", "10:00"),
        ends_at=at("2026-12-08", "11:00"),
        rule="FREQ=WEEKLY;COUNT=2",
        now=NOW,
    )
    with pytest.raises(services.PermissionDenied):
        services.booking_series_cancel(
            booking=bookings[0], membership=membership(outsider_admin, cluster), now=NOW
        )
    assert Booking.objects.active().count() == 2


def test_the_coordinator_closes_the_building_and_is_told_which_bookings_to_move(
    client, cluster, room, coordinator, member_staff
):
    day = future_workday()
    services.booking_create(
        resource=room,
        membership=membership(member_staff, cluster),
        starts_at=local_moment(day, time(10)),
        ends_at=local_moment(day, time(11)),
    )
    client.force_login(coordinator)
    url = reverse("premises:settings", kwargs={"cluster_slug": cluster.slug})
    response = client.post(
        url,
        {
            "closure": "1",
            "starts_on": day.isoformat(),
            "ends_on": day.isoformat(),
            "reason": "Coupure d'électricité",
        },
        follow=True,
    )
    body = response.content.decode()
    assert Closure.objects.get(cluster=cluster).reason == "Coupure d'électricité"
    assert "Réservations déjà faites sur ces jours, à déplacer : Salle Verte" in body
    with pytest.raises(services.BookingError, match="Coupure d'électricité"):
        services.booking_create(
            resource=room,
            membership=membership(member_staff, cluster),
            starts_at=local_moment(day, time(14)),
            ends_at=local_moment(day, time(15)),
        )


def test_the_published_commission_applies_from_its_date(
    client, cluster, coordinator, member_staff, other_organisation
):
    client.force_login(coordinator)
    url = reverse("premises:settings", kwargs={"cluster_slug": cluster.slug})
    client.post(
        url,
        {"commission": "1", "rate_percent": "12.5", "valid_from": "2026-12-10", "note": "CA du 3 décembre"},
    )
    assert CommissionRate.objects.get(cluster=cluster).rate_percent == Decimal("12.50")
    kit = ResourceFactory(cluster=cluster, kind="equipment", owner_organisation=other_organisation)
    staff = membership(member_staff, cluster)
    before = services.booking_create(
        resource=kit,
        membership=staff,
        starts_at=at("2026-12-08", "10:00"),
        ends_at=at("2026-12-08", "12:00"),
        now=NOW,
    )
    after = services.booking_create(
        resource=kit,
        membership=staff,
        starts_at=at("2026-12-15", "10:00"),
        ends_at=at("2026-12-15", "12:00"),
        now=NOW,
    )
    assert (before.commission_excl_tax, before.owner_share_excl_tax) == (Decimal("0.00"), Decimal("40.00"))
    assert (after.commission_excl_tax, after.owner_share_excl_tax) == (Decimal("5.00"), Decimal("35.00"))


def test_settings_are_the_coordinators_alone(client, cluster, member_admin, stranger):
    url = reverse("premises:settings", kwargs={"cluster_slug": cluster.slug})
    client.force_login(member_admin)
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"closure": "1", "starts_on": "2026-12-10", "ends_on": "2026-12-10", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert not Closure.objects.exists()


SLOTS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=4),
        st.integers(min_value=16, max_value=38),
        st.integers(min_value=1, max_value=8),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempts=SLOTS)
def test_whatever_is_asked_no_two_active_bookings_of_a_resource_overlap(attempts, cluster, member_staff):
    room = ResourceFactory(cluster=cluster)
    staff = membership(member_staff, cluster)
    for day_offset, half_hour, length in attempts:
        day = date(2026, 12, 7) + timedelta(days=day_offset)
        starts_at = local_moment(day, time(half_hour // 2, 30 * (half_hour % 2)))
        with contextlib.suppress(services.BookingError):
            services.booking_create(
                resource=room,
                membership=staff,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=30 * length),
                now=NOW,
            )
    spans = sorted((utc(b.starts_at), utc(b.ends_at)) for b in Booking.objects.active().filter(resource=room))
    assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(spans))


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_coordinator_adds_a_photo_and_members_cannot(
    client, cluster, room, coordinator, member_admin, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url = reverse("premises:photo_add", kwargs={"cluster_slug": cluster.slug, "resource_id": room.pk})
    client.force_login(member_admin)
    upload = SimpleUploadedFile("salle.png", _png(), content_type="image/png")
    assert client.post(url, {"image": upload, "caption": "La salle"}).status_code == 403
    client.force_login(coordinator)
    upload = SimpleUploadedFile("salle.png", _png(), content_type="image/png")
    client.post(url, {"image": upload, "caption": "La salle vue de l'entrée"})
    photo = room.photos.get()
    assert photo.caption == "La salle vue de l'entrée"
    assert (tmp_path / photo.image.name).exists()
    not_an_image = SimpleUploadedFile("salle.png", b"pas une image", content_type="image/png")
    client.post(url, {"image": not_an_image, "caption": "x"})
    assert room.photos.count() == 1


def test_a_photo_is_served_to_the_cluster_only(
    client, cluster, room, member_staff, stranger, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    photo = room.photos.create(image=ContentFile(_png(), name="salle.png"), caption="La salle")
    url = reverse(
        "premises:photo", kwargs={"cluster_slug": cluster.slug, "resource_id": room.pk, "photo_id": photo.pk}
    )

    assert client.get(url).status_code == 302
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(member_staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _png()
