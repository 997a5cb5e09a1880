"""Rent calls through their services: once per month, pro rata, split by a revision, invoiced once."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from coursive.accounts.tests.factories import UserFactory
from coursive.invoicing.models import Invoice
from coursive.invoicing.tests.factories import seller_for
from coursive.leases.models import CoworkingPlan, RentCall
from coursive.leases.selectors import yearly_figures
from coursive.leases.services.calls import rent_call_invoice, rent_calls_generate
from coursive.leases.services.leases import lease_create
from coursive.leases.services.revisions import rent_revise

from ..conftest import lease_fields
from ..factories import IndexValueFactory, PlanFactory

pytestmark = pytest.mark.django_db


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


def test_the_monthly_command_generates_the_calls_once(lease):
    out = StringIO()
    call_command("generate_rent_calls", month="2026-05", cluster="dijon", stdout=out)
    call_command("generate_rent_calls", month="2026-05", cluster="dijon", stdout=out)

    assert RentCall.objects.filter(month=date(2026, 5, 1)).count() == 1
    assert "1 appels de loyer créés" in out.getvalue() and "0 appels de loyer créés" in out.getvalue()
