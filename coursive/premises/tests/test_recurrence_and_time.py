"""Recurring bookings (RFC 5545 with exceptions), daylight-saving changes and the pure time helpers."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.premises import pricing, services
from coursive.premises.availability import free_intervals, part_of_day_window
from coursive.premises.calendar import (
    PARIS,
    Schedule,
    WeeklySpan,
    duration,
    format_weekly_hours,
    open_spans,
    parse_weekly_hours,
)
from coursive.premises.models import Booking, BookingSeries, Closure, CommissionRate, QualificationGrant

from .conftest import NOW, at, membership
from .factories import QualificationFactory, ResourceFactory

WEEKDAYS = Schedule(tuple(WeeklySpan(day, time(8), time(20)) for day in range(5)))


def _series(resource, who, start, end, rule, exdates=()):
    return services.booking_series_create(
        resource=resource,
        membership=who,
        starts_at=start,
        ends_at=end,
        rule=rule,
        exdates=list(exdates),
        now=NOW,
    )


@pytest.mark.django_db
def test_a_weekly_series_skips_its_exception_dates(room, member_staff, cluster):
    bookings = _series(
        room,
        membership(member_staff, cluster),
        at("2026-12-08", "10:00"),
        at("2026-12-08", "12:00"),
        "FREQ=WEEKLY;BYDAY=TU;COUNT=5",
        exdates=[date(2026, 12, 22)],
    )
    days = [b.starts_at.astimezone(PARIS).date() for b in bookings]
    assert days == [date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 29), date(2027, 1, 5)]
    assert len({b.series_id for b in bookings}) == 1
    assert Booking.objects.filter(resource=room).count() == 4


@pytest.mark.django_db
def test_a_series_with_one_conflict_writes_nothing_and_lists_the_conflicts(
    room, member_staff, outsider_admin, cluster
):
    services.booking_create(
        resource=room,
        membership=membership(outsider_admin, cluster),
        starts_at=at("2026-12-15", "11:00"),
        ends_at=at("2026-12-15", "13:00"),
        now=NOW,
    )
    with pytest.raises(services.BookingError) as refusal:
        # The fourth Tuesday is 29 December... and 5 January; Christmas week is fine, but 15 December is taken.
        _series(
            room,
            membership(member_staff, cluster),
            at("2026-12-08", "10:00"),
            at("2026-12-08", "12:00"),
            "FREQ=WEEKLY;COUNT=4",
        )
    messages = refusal.value.messages
    assert len(messages) == 1
    assert messages[0].startswith("mardi 15 décembre 2026 à 10:00 : ")
    assert Booking.objects.filter(resource=room).count() == 1


@pytest.mark.django_db
def test_a_series_lists_every_date_that_breaks_a_rule(room, member_staff, cluster):
    with pytest.raises(services.BookingError) as refusal:
        _series(
            room,
            membership(member_staff, cluster),
            at("2026-12-18", "10:00"),
            at("2026-12-18", "12:00"),
            "FREQ=WEEKLY;COUNT=3",
        )
    christmas, new_year = refusal.value.messages
    assert christmas.startswith("vendredi 25 décembre 2026 à 10:00 : ") and "(Noël)" in christmas
    assert new_year.startswith("vendredi 1 janvier 2027 à 10:00 : ") and "(Jour de l'an)" in new_year
    assert not Booking.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("FREQ=SOMETIMES;COUNT=3", "Règle de récurrence invalide"),
        ("BYDAY=TU;COUNT=3", "Règle de récurrence invalide"),
        ("FREQ=DAILY", "plus de 366 dates"),
        ("FREQ=WEEKLY;UNTIL=20261201T000000", "ne donne aucune date"),
    ],
)
def test_an_invalid_recurrence_rule_is_refused_in_french(room, member_staff, cluster, rule, fragment):
    with pytest.raises(services.BookingError, match=fragment):
        _series(
            room,
            membership(member_staff, cluster),
            at("2026-12-08", "10:00"),
            at("2026-12-08", "12:00"),
            rule,
        )
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_a_weekly_meeting_stays_at_ten_across_the_spring_clock_change(cluster, member_staff):
    room = ResourceFactory(cluster=cluster, horizon_days=400)
    bookings = services.booking_series_create(
        resource=room,
        membership=membership(member_staff, cluster),
        starts_at=at("2027-03-23", "10:00"),
        ends_at=at("2027-03-23", "12:00"),
        rule="FREQ=WEEKLY;COUNT=2",
        now=NOW,
    )
    local = [(b.starts_at.astimezone(PARIS).time(), b.ends_at.astimezone(PARIS).time()) for b in bookings]
    assert local == [(time(10), time(12)), (time(10), time(12))]
    assert [b.starts_at.astimezone(PARIS).utcoffset() for b in bookings] == [
        timedelta(hours=1),
        timedelta(hours=2),
    ]


@pytest.mark.django_db
def test_the_night_the_clocks_go_forward_lasts_one_hour_less_and_costs_less(cluster, member_staff):
    # Last Sunday of March 2027: 28 March, 02:00 becomes 03:00.
    van = ResourceFactory(
        cluster=cluster,
        kind="vehicle",
        name="Utilitaire",
        hours=False,
        horizon_days=400,
        member_half_day_price=None,
        member_day_price=None,
    )
    booking = services.booking_create(
        resource=van,
        membership=membership(member_staff, cluster),
        starts_at=at("2027-03-28", "00:00"),
        ends_at=at("2027-03-28", "04:00"),
        now=NOW,
    )
    assert duration(booking.starts_at, booking.ends_at) == timedelta(hours=3)
    assert booking.amount_excl_tax == Decimal("60.00")


@pytest.mark.django_db
def test_the_night_the_clocks_go_back_lasts_one_hour_more(cluster, member_staff):
    # Last Sunday of October 2027: 31 October, 03:00 becomes 02:00.
    van = ResourceFactory(
        cluster=cluster,
        kind="vehicle",
        hours=False,
        horizon_days=400,
        member_half_day_price=None,
        member_day_price=None,
    )
    booking = services.booking_create(
        resource=van,
        membership=membership(member_staff, cluster),
        starts_at=at("2027-10-31", "00:00"),
        ends_at=at("2027-10-31", "04:00"),
        now=NOW,
    )
    assert duration(booking.starts_at, booking.ends_at) == timedelta(hours=5)
    assert booking.amount_excl_tax == Decimal("100.00")


def test_opening_hours_on_clock_change_days_are_measured_in_real_hours():
    always = Schedule(())
    spring = open_spans(always, date(2027, 3, 28))
    autumn = open_spans(always, date(2027, 10, 31))
    assert duration(*spring[0]) == timedelta(hours=23)
    assert duration(*autumn[0]) == timedelta(hours=25)


def test_a_free_afternoon_is_found_around_bookings():
    day = date(2026, 12, 10)
    window = part_of_day_window(day, "afternoon")
    busy = [(at("2026-12-10", "14:00"), at("2026-12-10", "15:15"))]
    free = free_intervals(
        schedule=WEEKDAYS, window=window, busy=busy, minimum=timedelta(hours=1), step=timedelta(minutes=30)
    )
    assert [(s.time(), e.time()) for s, e in free] == [(time(15, 30), time(18, 0))]


def test_weekly_hours_read_and_write_the_same_text():
    spans = parse_weekly_hours("lun-ven 08:00-12:30, 13:30-20:00\nsam 09h-13h")
    assert len(spans) == 11
    assert format_weekly_hours(spans) == "lun-ven 08:00-12:30, 13:30-20:00\nsam 09:00-13:00"
    with pytest.raises(ValueError):
        parse_weekly_hours("lundi 8-20")


def test_pricing_prefers_the_cheapest_rate_for_what_is_left():
    rates = pricing.Rates(hour=Decimal("20"), half_day=Decimal("60"), day=Decimal("100"))
    assert pricing.base_price(rates, timedelta(hours=2)) == Decimal("40.00")
    assert pricing.base_price(rates, timedelta(hours=4)) == Decimal("60.00")
    assert pricing.base_price(rates, timedelta(hours=7)) == Decimal("100.00")
    assert pricing.base_price(rates, timedelta(hours=26)) == Decimal("140.00")
    assert pricing.base_price(pricing.Rates(None, None, None), timedelta(hours=3)) == Decimal("0.00")


@given(
    hours=st.integers(min_value=1, max_value=24 * 14),
    hour=st.decimals(min_value=0, max_value=500, places=2),
    half_day=st.decimals(min_value=0, max_value=1500, places=2),
    day=st.decimals(min_value=0, max_value=3000, places=2),
)
def test_a_longer_booking_never_costs_less_and_the_owner_split_adds_up(hours, hour, half_day, day):
    rates = pricing.Rates(hour=hour, half_day=half_day, day=day)
    shorter = pricing.base_price(rates, timedelta(hours=hours))
    longer = pricing.base_price(rates, timedelta(hours=hours + 1))
    assert shorter >= 0
    assert longer >= shorter or hours % 24 == 0
    split = pricing.price(
        rates=rates,
        length=timedelta(hours=hours),
        vat_rate=Decimal("20"),
        owner_commission_rate=Decimal("12.5"),
    )
    assert split.owner_share_excl_tax + split.commission_excl_tax == split.amount_excl_tax


@pytest.fixture
def trained_kit(cluster, member_staff, coordinator, other_organisation):
    """Member-owned equipment that needs a qualification, under a published commission, with a closure,
    a maintenance block and another booking further on: everything a series is checked against."""
    sound_desk = QualificationFactory(cluster=cluster, name="Console son")
    kit = ResourceFactory(
        cluster=cluster,
        kind="equipment",
        owner_organisation=other_organisation,
        required_qualification=sound_desk,
        horizon_days=730,
    )
    QualificationGrant.objects.create(qualification=sound_desk, user=member_staff)
    CommissionRate.objects.create(cluster=cluster, rate_percent=Decimal("10"), valid_from=date(2026, 1, 1))
    CommissionRate.objects.create(cluster=cluster, rate_percent=Decimal("15"), valid_from=date(2027, 3, 1))
    Closure.objects.create(
        cluster=cluster,
        resource=kit,
        starts_on=date(2027, 8, 1),
        ends_on=date(2027, 8, 31),
        reason="Révision",
    )
    services.maintenance_block_create(
        resource=kit,
        membership=membership(coordinator, cluster),
        starts_at=at("2027-09-07", "08:00"),
        ends_at=at("2027-09-07", "20:00"),
        title="Étalonnage",
    )
    services.booking_create(
        resource=kit,
        membership=membership(member_staff, cluster),
        starts_at=at("2027-09-14", "11:00"),
        ends_at=at("2027-09-14", "13:00"),
        now=NOW,
    )
    return kit


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [2, 30])
def test_a_series_is_checked_and_written_in_the_same_few_queries_however_long(
    trained_kit, member_staff, cluster, weeks, django_assert_max_num_queries
):
    staff = membership(member_staff, cluster)

    with django_assert_max_num_queries(10):
        bookings = _series(
            trained_kit,
            staff,
            at("2026-12-08", "10:00"),
            at("2026-12-08", "12:00"),
            f"FREQ=WEEKLY;COUNT={weeks}",
        )

    assert Booking.objects.filter(series=bookings[0].series).count() == weeks
    assert {b.commission_rate for b in Booking.objects.filter(series=bookings[0].series)} == (
        {Decimal("10.00")} if weeks == 2 else {Decimal("10.00"), Decimal("15.00")}
    )
    assert all(b.pk for b in bookings)


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [3, 30])
def test_a_series_conflicts_with_closures_blocks_and_bookings_are_found_in_the_same_few_queries(
    trained_kit, member_staff, cluster, weeks, django_assert_max_num_queries
):
    staff = membership(member_staff, cluster)
    before = (Booking.objects.count(), BookingSeries.objects.count())

    with django_assert_max_num_queries(8), pytest.raises(services.BookingError) as refusal:
        _series(
            trained_kit,
            staff,
            at("2027-08-31", "10:00"),
            at("2027-08-31", "12:00"),
            f"FREQ=WEEKLY;COUNT={weeks}",
        )

    assert refusal.value.messages == [
        f"mardi 31 août 2027 à 10:00 : « {trained_kit.name} » est fermé le mardi 31 août 2027 (Révision).",
        "mardi 7 septembre 2027 à 10:00 : déjà réservé",
        "mardi 14 septembre 2027 à 10:00 : déjà réservé",
    ]
    assert (Booking.objects.count(), BookingSeries.objects.count()) == before


@pytest.mark.django_db
def test_a_series_stops_where_the_qualification_ends(trained_kit, member_staff, cluster):
    QualificationGrant.objects.filter(user=member_staff).update(valid_until=date(2026, 12, 10))

    with pytest.raises(services.BookingError) as refusal:
        _series(
            trained_kit,
            membership(member_staff, cluster),
            at("2026-12-08", "10:00"),
            at("2026-12-08", "12:00"),
            "FREQ=WEEKLY;COUNT=3",
        )

    assert [message[:32] for message in refusal.value.messages] == [
        "mardi 15 décembre 2026 à 10:00 :",
        "mardi 22 décembre 2026 à 10:00 :",
    ]
    assert "habilitée « Console son »" in refusal.value.messages[0]


@pytest.mark.django_db
def test_occurrences_that_overlap_each_other_are_refused(cluster, member_staff):
    van = ResourceFactory(cluster=cluster, kind="vehicle", hours=False, max_duration_minutes=3 * 24 * 60)

    with pytest.raises(services.BookingError) as refusal:
        _series(
            van,
            membership(member_staff, cluster),
            at("2026-12-08", "10:00"),
            at("2026-12-10", "10:00"),
            "FREQ=DAILY;COUNT=2",
        )

    assert refusal.value.messages == [
        "mercredi 9 décembre 2026 à 10:00 : empiète sur la date précédente de la série"
    ]
    assert not Booking.objects.exists()
