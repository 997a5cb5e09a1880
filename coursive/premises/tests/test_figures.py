"""Occupancy and revenue: booked hours over open hours, per resource and month, kept for the yearly report."""

from datetime import time
from decimal import Decimal

import pytest

from coursive.premises import selectors, services
from coursive.premises.models import Booking

from .conftest import NOW, at, membership
from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_occupancy_is_booked_hours_over_open_hours_without_holidays(cluster, member_staff):
    # Open Monday to Friday 9:00-17:00: February 2027 has 20 weekdays and no public holiday, so 160 open hours.
    room = ResourceFactory(cluster=cluster, hours=[(day, time(9), time(17)) for day in range(5)])
    staff = membership(member_staff, cluster)
    services.booking_create(
        resource=room,
        membership=staff,
        starts_at=at("2027-02-02", "09:00"),
        ends_at=at("2027-02-02", "17:00"),
        now=NOW,
    )
    services.booking_create(
        resource=room,
        membership=staff,
        starts_at=at("2027-02-03", "09:00"),
        ends_at=at("2027-02-03", "17:00"),
        now=NOW,
    )
    cancelled = services.booking_create(
        resource=room,
        membership=staff,
        starts_at=at("2027-02-04", "09:00"),
        ends_at=at("2027-02-04", "17:00"),
        now=NOW,
    )
    services.booking_cancel(booking=cancelled, membership=staff, now=NOW)
    february = selectors.occupancy(cluster=cluster, year=2027)[0]["months"][1]
    assert february == {"month": 2, "booked_hours": 16.0, "open_hours": 160.0, "rate": 0.1}
    # May 2027 has four weekday holidays (1 May is a Saturday; 8 May a Saturday; Ascension 6th, Whit Monday 17th).
    may = selectors.occupancy(cluster=cluster, year=2027)[0]["months"][4]
    assert may["open_hours"] == 8 * (21 - 2)


def test_yearly_figures_sum_revenue_and_the_owners_share(
    cluster, member_staff, coordinator, other_organisation
):
    from coursive.premises.models import CommissionRate

    CommissionRate.objects.create(cluster=cluster, rate_percent=Decimal("10"), valid_from=NOW.date())
    room = ResourceFactory(cluster=cluster)
    kit = ResourceFactory(
        cluster=cluster, kind="equipment", owner_organisation=other_organisation, max_duration_minutes=720
    )
    staff = membership(member_staff, cluster)
    services.booking_create(
        resource=room,
        membership=staff,
        starts_at=at("2027-02-02", "10:00"),
        ends_at=at("2027-02-02", "12:00"),
        now=NOW,
    )
    services.booking_create(
        resource=kit,
        membership=staff,
        starts_at=at("2027-02-02", "08:00"),
        ends_at=at("2027-02-02", "20:00"),
        now=NOW,
    )
    services.maintenance_block_create(
        resource=room,
        membership=membership(coordinator, cluster),
        starts_at=at("2027-02-03", "08:00"),
        ends_at=at("2027-02-03", "20:00"),
        title="Peinture",
    )
    figures = selectors.yearly_figures(cluster=cluster, year=2027)
    assert figures["bookings"] == 2
    assert figures["organisations_booking"] == 1
    assert figures["booked_hours"] == 14.0
    assert figures["revenue_excl_tax"] == Decimal("140.00")
    assert figures["owners_share_excl_tax"] == Decimal("90.00")
    assert figures["commission_excl_tax"] == Decimal("10.00")
    assert Booking.objects.filter(kind="maintenance").count() == 1


def test_revenue_by_month_counts_late_cancellation_fees_in_the_month_of_the_booking(cluster, member_staff):
    room = ResourceFactory(
        cluster=cluster, free_cancellation_hours=48, late_cancellation_percent=Decimal("50")
    )
    staff = membership(member_staff, cluster)
    services.booking_create(
        resource=room,
        membership=staff,
        starts_at=at("2027-02-02", "10:00"),
        ends_at=at("2027-02-02", "12:00"),
        now=NOW,
    )
    cancelled = services.booking_create(
        resource=room,
        membership=staff,
        starts_at=at("2027-03-02", "10:00"),
        ends_at=at("2027-03-02", "12:00"),
        now=NOW,
    )
    services.booking_cancel(booking=cancelled, membership=staff, now=at("2027-03-02", "09:00"))

    months = selectors.revenue_by_month(cluster=cluster, year=2027)

    assert [m["amount_excl_tax"] for m in months[:4]] == [0, Decimal("40.00"), Decimal("20.00"), 0]
    assert months[2]["owners_share_excl_tax"] == 0
    assert [m["month"] for m in months] == list(range(1, 13))
