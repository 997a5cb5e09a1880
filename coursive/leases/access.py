"""Who may see and change leases. A member sees its own organisation's leases, plans and rent calls; the
coordination sees and changes all; the rest answers 404 like a missing record."""

from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.access import require_insider
from coursive.accounts.models import Membership

from .models import CoworkingPlan, DayUse, Lease, RentCall, RentGrid, RentReduction
from .selectors import visible_leases, visible_plans, visible_rent_calls


def access_lease(membership: Membership, lease_id: int) -> Lease:
    lease = visible_leases(membership=membership).filter(pk=lease_id).first()
    if lease is None:
        raise Http404(_("Bail introuvable."))
    return lease


def access_plan(membership: Membership, plan_id: int) -> CoworkingPlan:
    plan = visible_plans(membership=membership).filter(pk=plan_id).first()
    if plan is None:
        raise Http404(_("Formule introuvable."))
    return plan


def access_day_use(membership: Membership, day_use_id: int) -> DayUse:
    day_use = (
        DayUse.objects.filter(plan__cluster=membership.cluster, pk=day_use_id).select_related("plan").first()
    )
    if day_use is None or not membership.is_coordinator:
        raise Http404(_("Journée introuvable."))
    return day_use


def access_rent_call(membership: Membership, call_id: int) -> RentCall:
    call = visible_rent_calls(membership=membership).filter(pk=call_id).first()
    if call is None:
        raise Http404(_("Appel de loyer introuvable."))
    return call


def access_grid(membership: Membership, grid_id: int) -> RentGrid:
    """A grid; unpublished ones are the coordination's drafts."""
    require_insider(membership)
    grids = RentGrid.objects.for_cluster(membership.cluster)
    if not membership.is_coordinator:
        grids = grids.filter(is_published=True)
    grid = grids.filter(pk=grid_id).first()
    if grid is None:
        raise Http404(_("Grille introuvable."))
    return grid


def access_reduction(membership: Membership, reduction_id: int) -> RentReduction:
    reduction = RentReduction.objects.filter(grid__cluster=membership.cluster, pk=reduction_id).first()
    if reduction is None or not membership.is_coordinator:
        raise Http404(_("Réduction introuvable."))
    return reduction
