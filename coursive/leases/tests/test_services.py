"""Leases, revisions, coworking plans and rent calls through their services."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from coursive.accounts.tests.factories import UserFactory
from coursive.directory.models import EssStatus
from coursive.invoicing.models import Invoice
from coursive.invoicing.tests.factories import seller_for
from coursive.leases.models import CoworkingPlan, DayUse, Lease, RentCall, RentRevision
from coursive.leases.selectors import plan_balance, yearly_figures
from coursive.leases.services import (
    coworking_consumption_sync,
    day_use_record,
    index_value_record,
    lease_create,
    lease_terminate,
    rent_call_invoice,
    rent_calls_generate,
    rent_grid_save,
    rent_revise,
)
from coursive.premises.models import Booking, Resource

from .conftest import lease_fields
from .factories import IndexValueFactory, OfficeFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_a_lease_takes_its_rent_and_charges_from_the_grid(lease):
    assert lease.grid.name == "Grille 2026"
    assert lease.grid_rent == lease.initial_rent == lease.monthly_rent == Decimal("250.00")
    assert lease.service_charges == Decimal("40.00")
    assert lease.override_reason == ""


def test_an_ess_enterprise_gets_the_published_reduction(cluster, office, own_organisation, grid):
    own_organisation.ess_status = EssStatus.BY_RIGHT
    own_organisation.save()

    lease = lease_create(
        cluster=cluster, resource=office, organisation=own_organisation, fields=lease_fields()
    )

    assert lease.monthly_rent == Decimal("200.00")


def test_a_rent_off_the_grid_needs_a_stated_reason(cluster, office, own_organisation, grid):
    fields = lease_fields(monthly_rent=Decimal("180.00"))

    with pytest.raises(ValidationError) as refusal:
        lease_create(cluster=cluster, resource=office, organisation=own_organisation, fields=fields)

    assert "indiquez pourquoi" in refusal.value.message_dict["override_reason"][0]
    assert not Lease.objects.exists()


def test_a_rent_off_the_grid_is_kept_with_its_reason(cluster, office, own_organisation, grid):
    fields = lease_fields(monthly_rent=Decimal("180.00"), override_reason="Bureau sans fenêtre")

    lease = lease_create(cluster=cluster, resource=office, organisation=own_organisation, fields=fields)

    assert (lease.monthly_rent, lease.grid_rent, lease.override_reason) == (
        Decimal("180.00"),
        Decimal("250.00"),
        "Bureau sans fenêtre",
    )


def test_two_leases_of_the_same_office_may_not_overlap(lease, cluster, office, other_organisation):
    fields = lease_fields(starts_on=date(2027, 3, 1))

    with pytest.raises(ValidationError, match="déjà loué à Compagnie La Mouette"):
        lease_create(cluster=cluster, resource=office, organisation=other_organisation, fields=fields)

    assert Lease.objects.count() == 1


def test_an_office_can_be_let_again_after_the_lease_ends(lease, cluster, office, other_organisation):
    lease_terminate(lease=lease, notice_given_on=date(2026, 3, 15), ends_on=date(2026, 6, 30))

    second = lease_create(
        cluster=cluster,
        resource=office,
        organisation=other_organisation,
        fields=lease_fields(starts_on=date(2026, 7, 1)),
    )

    assert second.starts_on == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": date(2025, 12, 1)}, "ends_on"),
        ({"deposit": Decimal("-1")}, "deposit"),
        ({"surface_m2": Decimal("0")}, "surface_m2"),
        ({"vat_rate": Decimal("19")}, "vat_rate"),
        ({"index_kind": "ILC", "reference_index": "ilat"}, "reference_index"),
    ],
)
def test_bad_lease_input_is_refused_and_nothing_written(
    cluster, office, own_organisation, grid, reference_index, overrides, field
):
    if overrides.get("reference_index") == "ilat":
        overrides = {**overrides, "reference_index": reference_index}
    with pytest.raises(ValidationError) as refusal:
        lease_create(
            cluster=cluster, resource=office, organisation=own_organisation, fields=lease_fields(**overrides)
        )

    assert field in refusal.value.message_dict
    assert not Lease.objects.exists()


def test_only_an_office_is_let_by_lease(cluster, own_organisation, grid):
    desk = OfficeFactory(cluster=cluster, kind=Resource.Kind.COWORKING_DESK)

    with pytest.raises(ValidationError, match="Seul un bureau"):
        lease_create(cluster=cluster, resource=desk, organisation=own_organisation, fields=lease_fields())


def test_the_notice_period_sets_the_earliest_end(lease):
    with pytest.raises(ValidationError, match="ne peut finir avant le 14/06/2026"):
        lease_terminate(lease=lease, notice_given_on=date(2026, 3, 15), ends_on=date(2026, 5, 31))


def test_the_yearly_revision_applies_the_new_index_and_keeps_the_history(lease, cluster):
    new_index = IndexValueFactory(cluster=cluster, year=2026, quarter=3, value=Decimal("102.37"))

    revision = rent_revise(lease=lease, new_index=new_index, effective_on=date(2027, 1, 1))

    lease.refresh_from_db()
    assert revision.previous_rent == Decimal("250.00")
    assert revision.new_rent == lease.monthly_rent == Decimal("255.93")
    assert lease.reference_index == new_index
    assert lease.initial_rent == Decimal("250.00")


def test_a_revision_within_a_year_or_with_an_older_index_is_refused(lease, cluster, reference_index):
    older = IndexValueFactory(cluster=cluster, year=2025, quarter=2, value=Decimal("99"))
    newer = IndexValueFactory(cluster=cluster, year=2026, quarter=3, value=Decimal("103"))

    with pytest.raises(ValidationError, match="postérieur"):
        rent_revise(lease=lease, new_index=older, effective_on=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="annuelle"):
        rent_revise(lease=lease, new_index=newer, effective_on=date(2026, 6, 1))

    assert not RentRevision.objects.exists()


def test_an_index_value_is_recorded_once_and_never_overwritten(cluster):
    index_value_record(cluster=cluster, kind="ILC", year=2025, quarter=2, value=Decimal("100.50"))

    with pytest.raises(ValidationError, match="déjà enregistrée"):
        index_value_record(cluster=cluster, kind="ILC", year=2025, quarter=2, value=Decimal("120"))
    with pytest.raises(ValidationError):
        index_value_record(cluster=cluster, kind="ILC", year=2025, quarter=3, value=Decimal("-1"))


def test_rent_calls_are_generated_once_per_lease_and_month(lease):
    first = rent_calls_generate(cluster=lease.cluster, month=date(2026, 2, 1))
    again = rent_calls_generate(cluster=lease.cluster, month=date(2026, 2, 14))

    assert len(first) == 1 and again == []
    call = RentCall.objects.get()
    assert (call.rent, call.service_charges, call.total_excl_tax) == (
        Decimal("250.00"),
        Decimal("40.00"),
        Decimal("290.00"),
    )
    assert (call.vat_amount, call.total_incl_tax) == (Decimal("58.00"), Decimal("348.00"))


def test_a_lease_starting_mid_month_is_called_pro_rata(cluster, office, own_organisation, grid):
    lease_create(
        cluster=cluster,
        resource=office,
        organisation=own_organisation,
        fields=lease_fields(starts_on=date(2026, 4, 16)),
    )

    [call] = rent_calls_generate(cluster=cluster, month=date(2026, 4, 1))

    assert (call.period_start, call.period_end) == (date(2026, 4, 16), date(2026, 4, 30))
    assert call.rent == Decimal("125.00")
    assert call.service_charges == Decimal("20.00")


def test_a_revision_mid_month_splits_the_call(lease, cluster):
    new_index = IndexValueFactory(cluster=cluster, year=2026, quarter=3, value=Decimal("110.00"))
    rent_revise(lease=lease, new_index=new_index, effective_on=date(2027, 1, 17))

    [call] = rent_calls_generate(cluster=cluster, month=date(2027, 1, 1))

    # 16 days at 250 € and 15 days at 275 €, over 31 days.
    assert call.rent == Decimal("129.03") + Decimal("133.06")


def test_coworking_plans_are_called_by_the_month_or_once_for_a_pack(cluster, own_organisation):
    PlanFactory(organisation=own_organisation, starts_on=date(2026, 3, 10))
    PlanFactory(
        organisation=own_organisation,
        kind=CoworkingPlan.Kind.MONTHLY_DESK,
        days_included=None,
        price=Decimal("310.00"),
        starts_on=date(2026, 3, 1),
        ends_on=None,
    )

    march = rent_calls_generate(cluster=cluster, month=date(2026, 3, 1))
    april = rent_calls_generate(cluster=cluster, month=date(2026, 4, 1))

    assert sorted(call.total_excl_tax for call in march) == [Decimal("150.00"), Decimal("310.00")]
    assert [call.total_excl_tax for call in april] == [Decimal("310.00")]


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


def test_a_rent_call_becomes_one_draft_invoice_only_once(lease):
    seller_for(lease.cluster)
    [call] = rent_calls_generate(cluster=lease.cluster, month=date(2026, 2, 1))
    user = UserFactory()

    invoice = rent_call_invoice(rent_call=call, created_by=user)

    assert invoice.is_draft and invoice.total_excl_tax == Decimal("290.00")
    assert [line.label for line in invoice.lines.all()][1].startswith("Charges locatives")
    with pytest.raises(ValidationError, match="déjà facturé"):
        rent_call_invoice(rent_call=call, created_by=user)
    assert Invoice.objects.count() == 1


def test_yearly_figures_total_the_rent_called(lease):
    for month in (1, 2, 3):
        rent_calls_generate(cluster=lease.cluster, month=date(2026, month, 1))

    figures = yearly_figures(cluster=lease.cluster, year=2026)

    assert figures["rent_called"]["excl"] == Decimal("870.00")
    assert figures["rent_called_by_month"][:4] == [Decimal("290.00")] * 3 + [Decimal("0.00")]
    assert figures["leases_in_force"] == 1
    assert figures["rent_called_by_organisation"][0]["organisation"] == "Compagnie La Mouette"


def test_a_lease_signed_before_its_index_was_published_takes_its_reference_at_the_first_revision(
    cluster, office, own_organisation, grid, reference_index
):
    lease = lease_create(
        cluster=cluster,
        resource=office,
        organisation=own_organisation,
        fields=lease_fields(index_kind="ILAT"),
    )
    new_index = IndexValueFactory(cluster=cluster, year=2026, quarter=3, value=Decimal("102.00"))

    with pytest.raises(ValidationError, match="c'est la référence"):
        rent_revise(lease=lease, new_index=new_index, effective_on=date(2027, 1, 1))
    rent_revise(
        lease=lease, new_index=new_index, effective_on=date(2027, 1, 1), reference_index=reference_index
    )

    lease.refresh_from_db()
    assert lease.monthly_rent == Decimal("255.00")


def test_the_monthly_command_generates_the_calls_once(lease):
    out = StringIO()
    call_command("generate_rent_calls", month="2026-05", cluster="dijon", stdout=out)
    call_command("generate_rent_calls", month="2026-05", cluster="dijon", stdout=out)

    assert RentCall.objects.filter(month=date(2026, 5, 1)).count() == 1
    assert "1 appels de loyer créés" in out.getvalue() and "0 appels de loyer créés" in out.getvalue()


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


def test_a_grid_used_by_a_lease_keeps_its_rates_but_not_its_wording(lease):
    grid = lease.grid

    with pytest.raises(ValidationError, match="publiez une nouvelle grille"):
        rent_grid_save(cluster=lease.cluster, grid=grid, fields={"rate_per_m2": Decimal("13.00")})
    rent_grid_save(cluster=lease.cluster, grid=grid, fields={"explanation": "Votée en AG le 12 juin."})

    grid.refresh_from_db()
    assert (grid.rate_per_m2, grid.explanation) == (Decimal("12.50"), "Votée en AG le 12 juin.")


def test_two_grids_may_not_start_the_same_day(cluster, grid):
    fields = {
        "name": "Doublon",
        "valid_from": grid.valid_from,
        "rate_per_m2": Decimal(10),
        "charges_per_m2": Decimal(0),
    }

    with pytest.raises(ValidationError) as refusal:
        rent_grid_save(cluster=cluster, fields=fields)

    assert "valid_from" in refusal.value.message_dict
