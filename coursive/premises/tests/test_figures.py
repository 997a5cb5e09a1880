"""Occupancy and revenue: booked hours over open hours, per resource and month, kept for the yearly report."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursive.premises import billing, selectors, services
from coursive.premises.availability import part_of_day_window
from coursive.premises.models import Booking, CommissionRate

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


# The figures and the month's billing follow one rule (`takings`) --------------------------------------------

BILLED_AFTER = at("2027-04-01", "09:00")


@pytest.fixture
def camera(cluster, other_organisation):
    """Equipment Studio Grand Angle owns, lent through the cluster at 20 € an hour."""
    return ResourceFactory(
        cluster=cluster, kind="equipment", name="Caméra", owner_organisation=other_organisation
    )


def _book(resource, who, day, start, end):
    return services.booking_create(
        resource=resource, membership=who, starts_at=at(day, start), ends_at=at(day, end), now=NOW
    )


def _february(cluster) -> tuple[dict, billing.MonthBilling]:
    figures = selectors.revenue_by_month(cluster=cluster, year=2027)[1]
    month = billing.month_billing(cluster=cluster, year=2027, month=2, now=BILLED_AFTER)
    return figures, month


def test_the_figures_credit_the_owner_with_a_late_fee_less_the_commission_as_billing_does(
    cluster, member_staff, camera
):
    CommissionRate.objects.create(cluster=cluster, rate_percent=Decimal("10"), valid_from=NOW.date())
    staff = membership(member_staff, cluster)
    cancelled = _book(camera, staff, "2027-02-02", "10:00", "12:00")
    services.booking_cancel(booking=cancelled, membership=staff, now=at("2027-02-02", "09:00"))

    figures, month = _february(cluster)

    [statement] = month.owners
    assert figures["amount_excl_tax"] == statement.fees_excl_tax == Decimal("20.00")
    assert figures["owners_share_excl_tax"] == statement.owner_share_excl_tax == Decimal("18.00")
    assert figures["commission_excl_tax"] == statement.commission_excl_tax == Decimal("2.00")


def test_bookings_a_coworking_plan_pays_for_are_counted_apart_not_as_booking_revenue(
    client, cluster, coordinator, member_staff
):
    desk = ResourceFactory(cluster=cluster, kind="coworking_desk", name="Poste 1")
    staff = membership(member_staff, cluster)
    paid = _book(desk, staff, "2027-02-02", "09:00", "17:00")
    covered = _book(desk, staff, "2027-02-03", "09:00", "17:00")
    Booking.objects.filter(pk=covered.pk).update(prepaid=True)

    figures, month = _february(cluster)
    totals = selectors.yearly_figures(cluster=cluster, year=2027)

    assert figures["amount_excl_tax"] == paid.amount_excl_tax == Decimal("100.00")
    assert figures["prepaid_bookings"] == 1
    assert totals["revenue_excl_tax"] == Decimal("100.00") and totals["prepaid_bookings"] == 1
    assert totals["bookings"] == 2 and totals["booked_hours"] == 16.0
    assert [b.pk for bill in month.to_invoice for b in bill.bookings] == [paid.pk]
    client.force_login(coordinator)
    page = client.get(
        reverse("premises:figures", kwargs={"cluster_slug": cluster.slug}), {"annee": 2027}
    ).content.decode()
    assert "Réservations payées par un forfait de coworking" in page


OUTCOMES = ("used", "late_cancellation", "free_cancellation", "prepaid")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rate=st.decimals(min_value=0, max_value=100, places=2),
    bookings=st.lists(
        st.tuples(
            st.booleans(),  # on the member-owned camera, else on the cluster's room
            st.booleans(),  # by a resident, else by a member organisation's staff
            st.integers(min_value=1, max_value=4),  # hours
            st.sampled_from(OUTCOMES),
        ),
        max_size=9,
    ),
)
def test_the_figures_and_the_billing_statement_agree_on_the_same_bookings(
    cluster, member_staff, resident, camera, rate, bookings
):
    Booking.objects.all().delete()
    CommissionRate.objects.all().delete()
    CommissionRate.objects.create(cluster=cluster, rate_percent=rate, valid_from=NOW.date())
    room = ResourceFactory(cluster=cluster, open_to_residents=True)
    camera.open_to_residents = True
    camera.save()
    staff, neighbour = membership(member_staff, cluster), membership(resident, cluster)
    weekdays = ["2027-02-02", "2027-02-03", "2027-02-04"]
    for slot, (owned, by_resident, hours, outcome) in enumerate(bookings):
        day, start = weekdays[slot // 3], 8 + 4 * (slot % 3)
        who = neighbour if by_resident else staff
        booking = _book(camera if owned else room, who, day, f"{start:02d}:00", f"{start + hours:02d}:00")
        if outcome.endswith("cancellation"):
            notice = timedelta(hours=1) if outcome == "late_cancellation" else timedelta(days=3)
            services.booking_cancel(booking=booking, membership=who, now=booking.starts_at - notice)
        elif outcome == "prepaid":
            Booking.objects.filter(pk=booking.pk).update(prepaid=True)

    figures, month = _february(cluster)

    _headers, rows = billing.month_billing_table(month)
    assert figures["amount_excl_tax"] == sum((row[6] for row in rows), Decimal(0))
    assert figures["owners_share_excl_tax"] == sum((s.owner_share_excl_tax for s in month.owners), Decimal(0))
    assert figures["commission_excl_tax"] == sum((s.commission_excl_tax for s in month.owners), Decimal(0))
    assert figures["owners_share_excl_tax"] + figures["commission_excl_tax"] == sum(
        (s.fees_excl_tax for s in month.owners), Decimal(0)
    )
    assert figures["prepaid_bookings"] == sum(1 for *_spec, outcome in bookings if outcome == "prepaid")


def test_open_hours_and_free_slots_leave_out_the_local_holidays_of_alsace_moselle(cluster):
    ResourceFactory(cluster=cluster, name="Salle de Dijon", postcode="21000")
    ResourceFactory(cluster=cluster, name="Salle de Metz", postcode="57000")

    table = selectors.occupancy(cluster=cluster, year=2027)
    good_friday = selectors.free_slots(
        cluster=cluster,
        window=part_of_day_window(date(2027, 3, 26), "day"),
        minimum=timedelta(hours=1),
        now=NOW,
    )

    march = {row["resource"].name: row["months"][2]["open_hours"] for row in table}
    assert march["Salle de Dijon"] - march["Salle de Metz"] == 12.0  # Good Friday, open 8:00-20:00
    assert [resource.name for resource, _free in good_friday] == ["Salle de Dijon"]
