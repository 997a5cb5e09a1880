"""The rent arithmetic on its own: grid, reductions, index revision and pro-rata."""

import calendar
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.leases.rent import (
    Criterion,
    GridTerms,
    ReductionRule,
    Tenant,
    grid_rent,
    prorata,
    revised_rent,
)

YOUNG = ReductionRule(
    label="Jeune structure", criterion=Criterion.YOUNG, percent=Decimal(30), max_age_years=3
)
ESS = ReductionRule(label="Structure de l'ESS", criterion=Criterion.ESS, percent=Decimal(20))
TERMS = GridTerms(rate_per_m2=Decimal("12.50"), charges_per_m2=Decimal("2.10"), reductions=(YOUNG, ESS))

money = st.decimals(min_value=Decimal(0), max_value=Decimal(100_000), places=2)
index = st.decimals(min_value=Decimal("50"), max_value=Decimal("500"), places=2)
months = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 1)).map(lambda d: d.replace(day=1))


def test_an_established_enterprise_outside_the_ess_pays_the_base_rate():
    tenant = Tenant(ess=False, esus=False, founded_on=date(2010, 5, 1))

    breakdown = grid_rent(terms=TERMS, surface_m2=Decimal("24.5"), tenant=tenant, on=date(2026, 1, 1))

    assert breakdown.base_rent == Decimal("306.25")
    assert breakdown.reductions == ()
    assert breakdown.rent == Decimal("306.25")
    assert breakdown.service_charges == Decimal("51.45")


def test_a_young_ess_enterprise_gets_only_the_largest_reduction_when_they_do_not_add_up():
    tenant = Tenant(ess=True, esus=False, founded_on=date(2024, 9, 1))

    breakdown = grid_rent(terms=TERMS, surface_m2=Decimal(20), tenant=tenant, on=date(2026, 1, 1))

    assert [reduction.label for reduction in breakdown.reductions] == ["Jeune structure"]
    assert breakdown.reduction_amount == Decimal("75.00")
    assert breakdown.rent == Decimal("175.00")
    assert "01/09/2024" in breakdown.reductions[0].reason


def test_cumulative_reductions_add_up_but_never_beyond_the_whole_rent():
    terms = GridTerms(
        rate_per_m2=Decimal(10),
        charges_per_m2=Decimal(0),
        reductions=(YOUNG, ESS, ReductionRule(label="Tout", criterion=Criterion.ESS, percent=Decimal(90))),
        cumulative=True,
    )
    tenant = Tenant(ess=True, esus=False, founded_on=date(2025, 1, 1))

    breakdown = grid_rent(terms=terms, surface_m2=Decimal(10), tenant=tenant, on=date(2026, 1, 1))

    assert breakdown.reduction_percent == Decimal(100)
    assert breakdown.rent == Decimal("0.00")


def test_the_young_enterprise_reduction_ends_on_the_anniversary():
    tenant = Tenant(ess=False, esus=False, founded_on=date(2023, 3, 15))

    before = grid_rent(terms=TERMS, surface_m2=Decimal(10), tenant=tenant, on=date(2026, 3, 14))
    on_the_day = grid_rent(terms=TERMS, surface_m2=Decimal(10), tenant=tenant, on=date(2026, 3, 15))

    assert before.reduction_percent == Decimal(30)
    assert on_the_day.reduction_percent == Decimal(0)


def test_the_revision_applies_the_ratio_of_the_indices_rounded_to_the_cent():
    assert revised_rent(
        rent=Decimal("450.00"), reference_index=Decimal("133.69"), new_index=Decimal("136.00")
    ) == (Decimal("457.78"))


def test_a_zero_index_is_refused():
    with pytest.raises(ValueError, match="strictement positif"):
        revised_rent(rent=Decimal(100), reference_index=Decimal(0), new_index=Decimal(120))


def test_a_partial_month_is_billed_by_calendar_day():
    assert prorata(
        monthly=Decimal("310.00"),
        month=date(2026, 1, 1),
        first_day=date(2026, 1, 17),
        last_day=date(2026, 3, 1),
    ) == Decimal("150.00")


def test_days_outside_the_month_cost_nothing():
    assert prorata(
        monthly=Decimal(300), month=date(2026, 2, 1), first_day=date(2026, 3, 1), last_day=date(2026, 3, 31)
    ) == Decimal("0.00")


@given(rent=money, reference=index, new=index)
def test_a_revised_rent_is_in_cents_and_never_negative(rent, reference, new):
    revised = revised_rent(rent=rent, reference_index=reference, new_index=new)

    assert revised >= 0
    assert revised == revised.quantize(Decimal("0.01"))


@given(monthly=money, month=months)
def test_the_days_of_a_month_billed_one_by_one_add_up_to_the_monthly_amount(monthly, month):
    days = calendar.monthrange(month.year, month.month)[1]

    parts = [
        prorata(monthly=monthly, month=month, first_day=month.replace(day=d), last_day=month.replace(day=d))
        for d in range(1, days + 1)
    ]

    assert sum(parts) == monthly
    assert all(part >= 0 and part == part.quantize(Decimal("0.01")) for part in parts)


@given(monthly=money, month=months, split=st.integers(min_value=1, max_value=27))
def test_a_month_split_in_two_adds_up_to_the_monthly_amount(monthly, month, split):
    end = month.replace(day=calendar.monthrange(month.year, month.month)[1])

    first = prorata(monthly=monthly, month=month, first_day=month, last_day=month.replace(day=split))
    second = prorata(monthly=monthly, month=month, first_day=month.replace(day=split + 1), last_day=end)

    assert first + second == monthly


@given(monthly=money, surface=st.decimals(min_value=Decimal(1), max_value=Decimal(2000), places=2))
def test_a_grid_rent_is_never_negative_and_never_above_the_base(monthly, surface):
    terms = GridTerms(
        rate_per_m2=monthly / 100, charges_per_m2=Decimal(1), reductions=(YOUNG, ESS), cumulative=True
    )
    tenant = Tenant(ess=True, esus=True, founded_on=date(2025, 6, 1))

    breakdown = grid_rent(terms=terms, surface_m2=surface, tenant=tenant, on=date(2026, 1, 1))

    assert Decimal(0) <= breakdown.rent <= breakdown.base_rent
    assert breakdown.rent + breakdown.reduction_amount == breakdown.base_rent
