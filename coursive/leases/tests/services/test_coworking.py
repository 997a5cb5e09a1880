"""Coworking through its services: day passes typed in or counted from bookings."""

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from coursive.leases.models import DayUse
from coursive.leases.selectors import plan_balance
from coursive.leases.services.coworking import coworking_consumption_sync, day_use_record
from coursive.premises.models import Booking, Resource

from ..factories import OfficeFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_a_day_pass_pack_counts_coworking_desk_bookings_once(cluster, own_organisation, member_admin):
    plan = PlanFactory(organisation=own_organisation, days_included=2)
    desk = OfficeFactory(cluster=cluster, kind=Resource.Kind.COWORKING_DESK, name="Poste 3")
    for day in (12, 13, 14):
        Booking.objects.create(
            cluster=cluster,
            resource=desk,
            organisation=own_organisation,
            booked_by=member_admin,
            starts_at=datetime(2026, 1, day, 8, tzinfo=UTC),
            ends_at=datetime(2026, 1, day, 17, tzinfo=UTC),
        )

    counted = coworking_consumption_sync(cluster=cluster, until=date(2026, 1, 31))
    again = coworking_consumption_sync(cluster=cluster, until=date(2026, 1, 31))

    assert (counted, again) == (3, 0)
    plan.refresh_from_db()
    assert plan_balance(plan) == -1
    assert set(Booking.objects.values_list("prepaid", flat=True)) == {True}


def test_a_coworking_booking_without_a_plan_stays_payable(cluster, own_organisation, member_admin):
    desk = OfficeFactory(cluster=cluster, kind=Resource.Kind.COWORKING_DESK, name="Poste 4")
    booking = Booking.objects.create(
        cluster=cluster,
        resource=desk,
        organisation=own_organisation,
        booked_by=member_admin,
        starts_at=datetime(2026, 1, 12, 8, tzinfo=UTC),
        ends_at=datetime(2026, 1, 12, 17, tzinfo=UTC),
    )

    coworking_consumption_sync(cluster=cluster, until=date(2026, 1, 31))

    booking.refresh_from_db()
    assert booking.prepaid is False


def test_a_day_pass_typed_in_by_hand_outside_the_pack_validity_is_refused(own_organisation):
    plan = PlanFactory(organisation=own_organisation)

    with pytest.raises(ValidationError, match="hors de la validité"):
        day_use_record(plan=plan, day=date(2025, 12, 1), person_name="Léa Martin")
    day_use_record(plan=plan, day=date(2026, 2, 2), person_name="Léa Martin")
    with pytest.raises(ValidationError, match="déjà décomptée"):
        day_use_record(plan=plan, day=date(2026, 2, 2), person_name="léa martin")

    assert DayUse.objects.count() == 1


def test_the_nightly_command_counts_todays_coworking_bookings(cluster, own_organisation, member_admin):
    plan = PlanFactory(organisation=own_organisation, starts_on=date(2020, 1, 1), ends_on=None)
    desk = OfficeFactory(cluster=cluster, kind=Resource.Kind.COWORKING_DESK)
    morning = timezone.make_aware(datetime.combine(timezone.localdate(), time(9)))
    Booking.objects.create(
        cluster=cluster,
        resource=desk,
        organisation=own_organisation,
        booked_by=member_admin,
        starts_at=morning,
        ends_at=morning + timedelta(hours=8),
    )

    call_command("count_coworking_days", stdout=StringIO())
    call_command("count_coworking_days", stdout=StringIO())

    assert plan.day_uses.count() == 1
