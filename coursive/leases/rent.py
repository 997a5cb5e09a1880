"""Rent arithmetic, with no database: the rent a grid gives an office, the yearly index revision and the
pro-rata of a partial month. Every amount is a Decimal rounded to the cent, half up, as accountants do."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from coursive.core.money import to_cents
from coursive.core.months import month_end, month_start

HUNDRED = Decimal(100)


class Criterion:
    """What makes a tenant eligible for a reduction of the grid."""

    YOUNG = "young"
    ESS = "ess"
    ESUS = "esus"


@dataclass(frozen=True)
class ReductionRule:
    label: str
    criterion: str
    percent: Decimal
    # For young enterprises: the reduction applies while the enterprise is younger than this, in years.
    max_age_years: int | None = None


@dataclass(frozen=True)
class GridTerms:
    rate_per_m2: Decimal
    charges_per_m2: Decimal
    reductions: tuple[ReductionRule, ...] = ()
    # True: the percentages of every reduction the tenant qualifies for add up (at most 100 %).
    # False: only the largest applies.
    cumulative: bool = False


@dataclass(frozen=True)
class Tenant:
    ess: bool
    esus: bool
    founded_on: date | None


@dataclass(frozen=True)
class AppliedReduction:
    label: str
    percent: Decimal
    reason: str


@dataclass(frozen=True)
class RentBreakdown:
    surface_m2: Decimal
    rate_per_m2: Decimal
    base_rent: Decimal
    reductions: tuple[AppliedReduction, ...]
    reduction_percent: Decimal
    reduction_amount: Decimal
    rent: Decimal
    charges_per_m2: Decimal
    service_charges: Decimal


def _age_reason(rule: ReductionRule, tenant: Tenant, on: date) -> str | None:
    if tenant.founded_on is None or rule.max_age_years is None:
        return None
    if on >= tenant.founded_on + relativedelta(years=rule.max_age_years):
        return None
    return _("structure créée le %(founded)s, moins de %(years)s ans avant le %(on)s") % {
        "founded": tenant.founded_on.strftime("%d/%m/%Y"),
        "years": rule.max_age_years,
        "on": on.strftime("%d/%m/%Y"),
    }


def eligibility_reason(rule: ReductionRule, tenant: Tenant, on: date) -> str | None:
    """Why the tenant qualifies for the rule on that date, in words for the member; None when it does not."""
    if rule.criterion == Criterion.YOUNG:
        return _age_reason(rule, tenant, on)
    if rule.criterion == Criterion.ESS and tenant.ess:
        return _("structure de l'économie sociale et solidaire")
    if rule.criterion == Criterion.ESUS and tenant.esus:
        return _("structure agréée ESUS")
    return None


def _applied(terms: GridTerms, tenant: Tenant, on: date) -> tuple[AppliedReduction, ...]:
    applied = []
    for rule in terms.reductions:
        reason = eligibility_reason(rule, tenant, on)
        if reason is not None:
            applied.append(AppliedReduction(label=rule.label, percent=rule.percent, reason=reason))
    if not terms.cumulative and applied:
        return (max(applied, key=lambda reduction: reduction.percent),)
    return tuple(applied)


def grid_rent(*, terms: GridTerms, surface_m2: Decimal, tenant: Tenant, on: date) -> RentBreakdown:
    """The monthly rent and service charges excl. VAT the grid gives this tenant for this surface."""
    base = to_cents(surface_m2 * terms.rate_per_m2)
    reductions = _applied(terms, tenant, on)
    percent = min(sum((reduction.percent for reduction in reductions), Decimal(0)), HUNDRED)
    reduction_amount = to_cents(base * percent / HUNDRED)
    return RentBreakdown(
        surface_m2=surface_m2,
        rate_per_m2=terms.rate_per_m2,
        base_rent=base,
        reductions=reductions,
        reduction_percent=percent,
        reduction_amount=reduction_amount,
        rent=base - reduction_amount,
        charges_per_m2=terms.charges_per_m2,
        service_charges=to_cents(surface_m2 * terms.charges_per_m2),
    )


def revised_rent(*, rent: Decimal, reference_index: Decimal, new_index: Decimal) -> Decimal:
    """The yearly revision: rent * new index / reference index, rounded to the cent. The indices are the
    values INSEE published, recorded by the coordinator; nothing here invents or forecasts one."""
    if reference_index <= 0 or new_index <= 0:
        raise ValueError(_("Un indice doit être strictement positif."))
    return to_cents(rent * new_index / reference_index)


def _share_up_to(amount: Decimal, days: int, month_days: int) -> Decimal:
    return to_cents(amount * days / month_days)


def prorata(*, monthly: Decimal, month: date, first_day: date, last_day: date) -> Decimal:
    """The part of a monthly amount due for the days first_day..last_day (both included) of the month.

    Computed as the rounded share up to the last day less the rounded share up to the day before the first:
    the parts of any split of a month then add up to the monthly amount exactly, to the cent."""
    start, end = month_start(month), month_end(month)
    first_day, last_day = max(first_day, start), min(last_day, end)
    if last_day < first_day:
        return Decimal("0.00")
    month_days = end.day
    return _share_up_to(monthly, last_day.day, month_days) - _share_up_to(
        monthly, first_day.day - 1, month_days
    )
