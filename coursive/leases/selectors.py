"""Reads of the leases app: the grid in force, a lease's rent and its explanation, coworking balances, rent
calls and the yearly figures."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum

from coursive.accounts.models import Membership
from coursive.directory.models import EssStatus, Organisation

from .models import CoworkingPlan, DayUse, IndexValue, Lease, RentCall, RentGrid
from .rent import GridTerms, ReductionRule, RentBreakdown, Tenant, grid_rent

ZERO = Decimal("0.00")


def grid_in_force(*, cluster, on: date, published_only: bool = True) -> RentGrid | None:
    grids = RentGrid.objects.for_cluster(cluster).filter(valid_from__lte=on)
    if published_only:
        grids = grids.filter(is_published=True)
    return grids.prefetch_related("reductions").order_by("-valid_from").first()


def grids_for_members(*, cluster):
    return RentGrid.objects.for_cluster(cluster).filter(is_published=True).prefetch_related("reductions")


def grid_terms(grid: RentGrid) -> GridTerms:
    rules = tuple(
        ReductionRule(
            label=reduction.label,
            criterion=reduction.criterion,
            percent=reduction.percent,
            max_age_years=reduction.max_age_years,
        )
        for reduction in grid.reductions.all()
    )
    return GridTerms(
        rate_per_m2=grid.rate_per_m2,
        charges_per_m2=grid.charges_per_m2,
        reductions=rules,
        cumulative=grid.cumulative,
    )


def tenant_of(organisation: Organisation, founded_on: date | None, on: date) -> Tenant:
    esus = organisation.esus_approved and (
        organisation.esus_valid_until is None or organisation.esus_valid_until >= on
    )
    return Tenant(ess=organisation.ess_status != EssStatus.NONE, esus=esus, founded_on=founded_on)


def lease_breakdown(lease: Lease) -> RentBreakdown | None:
    """How the grid sets this lease's initial rent, or None for a lease set outside any grid."""
    if lease.grid is None:
        return None
    tenant = tenant_of(lease.organisation, lease.tenant_founded_on, lease.starts_on)
    return grid_rent(
        terms=grid_terms(lease.grid), surface_m2=lease.surface_m2, tenant=tenant, on=lease.starts_on
    )


@dataclass(frozen=True)
class RentPeriod:
    """A stretch of days over which the monthly rent did not change."""

    first_day: date
    last_day: date | None
    monthly_rent: Decimal


def rent_periods(lease: Lease) -> list[RentPeriod]:
    """The rent in force from the start, then after each revision, oldest first."""
    revisions = sorted(lease.revisions.all(), key=lambda revision: revision.effective_on)
    starts = [lease.starts_on, *(revision.effective_on for revision in revisions)]
    rents = [lease.initial_rent, *(revision.new_rent for revision in revisions)]
    periods = []
    for position, (first_day, rent) in enumerate(zip(starts, rents, strict=True)):
        following = starts[position + 1] if position + 1 < len(starts) else None
        last_day = following - timedelta(days=1) if following else lease.ends_on
        periods.append(RentPeriod(first_day=first_day, last_day=last_day, monthly_rent=rent))
    return periods


def _of_own_organisation(records, membership: Membership):
    """Every record for the coordination; only its own organisation's for anyone else."""
    if membership.is_coordinator:
        return records
    if not membership.organisation_id:
        return records.none()
    return records.filter(organisation_id=membership.organisation_id)


def visible_leases(*, membership: Membership):
    leases = Lease.objects.for_cluster(membership.cluster).select_related("resource", "organisation", "grid")
    return _of_own_organisation(leases, membership)


def visible_plans(*, membership: Membership):
    plans = (
        CoworkingPlan.objects.for_cluster(membership.cluster)
        .select_related("organisation")
        .annotate(days_used=Count("day_uses"))
    )
    return _of_own_organisation(plans, membership)


def visible_rent_calls(*, membership: Membership):
    calls = RentCall.objects.for_cluster(membership.cluster).select_related(
        "organisation", "lease", "plan", "invoice"
    )
    return _of_own_organisation(calls, membership)


def plan_balance(plan: CoworkingPlan) -> int | None:
    """Day passes left on a pack; negative when more days were used than bought. None for a monthly desk."""
    if plan.kind != CoworkingPlan.Kind.DAY_PASSES:
        return None
    used = getattr(plan, "days_used", None)
    if used is None:
        used = plan.day_uses.count()
    return (plan.days_included or 0) - used


def plan_day_uses(plan: CoworkingPlan):
    return DayUse.objects.filter(plan=plan).select_related("booking").order_by("-day", "person_name")


def index_values(*, cluster, kind: str = ""):
    values = IndexValue.objects.for_cluster(cluster)
    return values.filter(kind=kind) if kind else values


def _totals(calls) -> dict:
    totals = calls.aggregate(
        rent=Sum("rent"),
        charges=Sum("service_charges"),
        excl=Sum("total_excl_tax"),
        incl=Sum("total_incl_tax"),
    )
    return {key: value or ZERO for key, value in totals.items()}


def yearly_figures(*, cluster, year: int) -> dict:
    """What the leases brought in the year, for the cluster's yearly report: rent called per month, per
    organisation, leases in force and coworking days used."""
    calls = RentCall.objects.for_cluster(cluster).filter(month__year=year)
    by_month = {
        row["month"].month: row["excl"] or ZERO
        for row in calls.values("month").annotate(excl=Sum("total_excl_tax")).order_by("month")
    }
    by_organisation = [
        {"organisation": row["organisation__legal_name"], "total_excl_tax": row["excl"]}
        for row in calls.values("organisation__legal_name")
        .annotate(excl=Sum("total_excl_tax"))
        .order_by("-excl", "organisation__legal_name")
    ]
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    leases = Lease.objects.for_cluster(cluster).filter(starts_on__lte=year_end)
    leases = leases.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=year_start))
    return {
        "year": year,
        "rent_called": _totals(calls),
        "rent_called_by_month": [by_month.get(month, ZERO) for month in range(1, 13)],
        "rent_called_by_organisation": by_organisation,
        "invoiced_excl_tax": calls.filter(invoice__isnull=False).aggregate(s=Sum("total_excl_tax"))["s"]
        or ZERO,
        "leases_in_force": leases.count(),
        "leased_surface_m2": leases.aggregate(s=Sum("surface_m2"))["s"] or ZERO,
        "coworking_days_used": DayUse.objects.filter(plan__cluster=cluster, day__year=year).count(),
    }
