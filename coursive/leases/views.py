"""Pages of the leases: the overview, a lease and why it costs what it costs, its revision and end, and the
coworking plans with their day passes."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view, require_coordinator, require_insider

from .access import access_day_use, access_lease, access_plan
from .forms import DayUseForm, LeaseForm, PlanForm, RevisionForm, TerminateForm
from .pages import NAV, form_data, form_page, run_form
from .selectors import (
    grid_in_force,
    lease_breakdown,
    plan_balance,
    plan_day_uses,
    rent_periods,
    visible_leases,
    visible_plans,
    visible_rent_calls,
)
from .services.coworking import (
    coworking_consumption_sync,
    coworking_plan_create,
    day_use_record,
    day_use_remove,
)
from .services.leases import lease_create, lease_terminate
from .services.revisions import rent_revise


@cluster_view
@require_GET
def home(request, membership):
    require_insider(membership)
    today = timezone.localdate()
    plans = list(visible_plans(membership=membership))
    for plan in plans:
        plan.balance = plan_balance(plan)
    context = {
        **NAV,
        "leases": visible_leases(membership=membership),
        "plans": plans,
        "calls": visible_rent_calls(membership=membership)[:12],
        "grid": grid_in_force(cluster=membership.cluster, on=today),
        "today": today,
    }
    return render(request, "leases/home.html", context)


@cluster_view
@require_GET
def lease_detail(request, membership, lease_id: int):
    lease = access_lease(membership, lease_id)
    context = {
        **NAV,
        "lease": lease,
        "breakdown": lease_breakdown(lease),
        "periods": rent_periods(lease),
        "revisions": lease.revisions.select_related("reference_index", "new_index"),
        "calls": lease.rent_calls.select_related("organisation", "invoice").order_by("-month")[:24],
    }
    return render(request, "leases/lease_detail.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def lease_new(request, membership):
    require_coordinator(membership)
    form = LeaseForm(
        form_data(request), cluster=membership.cluster, initial={"starts_on": timezone.localdate()}
    )
    if request.method == "POST":
        lease = run_form(form, lease_create, cluster=membership.cluster, created_by=request.user)
        if lease is not None:
            messages.success(request, _("Le bail est enregistré."))
            return redirect("leases:lease", cluster_slug=membership.cluster.slug, lease_id=lease.pk)
    return form_page(request, form, _("Nouveau bail"), "leases:home")


@cluster_view
@require_http_methods(["GET", "POST"])
def lease_revise(request, membership, lease_id: int):
    require_coordinator(membership)
    lease = access_lease(membership, lease_id)
    form = RevisionForm(form_data(request), lease=lease)
    if request.method == "POST" and run_form(form, rent_revise, lease=lease, created_by=request.user):
        messages.success(request, _("Le loyer est révisé."))
        return redirect("leases:lease", cluster_slug=membership.cluster.slug, lease_id=lease.pk)
    title = _("Révision annuelle du loyer — %(lease)s") % {"lease": lease}
    return form_page(request, form, title, "leases:home", lease=lease)


@cluster_view
@require_http_methods(["GET", "POST"])
def lease_end(request, membership, lease_id: int):
    require_coordinator(membership)
    lease = access_lease(membership, lease_id)
    form = TerminateForm(form_data(request), initial={"notice_given_on": timezone.localdate()})
    if request.method == "POST" and run_form(form, lease_terminate, lease=lease):
        messages.success(request, _("La fin du bail est enregistrée."))
        return redirect("leases:lease", cluster_slug=membership.cluster.slug, lease_id=lease.pk)
    title = _("Fin du bail — %(lease)s") % {"lease": lease}
    return form_page(request, form, title, "leases:home", lease=lease)


@cluster_view
@require_http_methods(["GET", "POST"])
def plan_new(request, membership):
    require_coordinator(membership)
    form = PlanForm(
        form_data(request), cluster=membership.cluster, initial={"starts_on": timezone.localdate()}
    )
    if request.method == "POST":
        plan = run_form(form, coworking_plan_create, cluster=membership.cluster)
        if plan is not None:
            messages.success(request, _("La formule de coworking est enregistrée."))
            return redirect("leases:plan", cluster_slug=membership.cluster.slug, plan_id=plan.pk)
    return form_page(request, form, _("Nouvelle formule de coworking"), "leases:home")


@cluster_view
@require_http_methods(["GET", "POST"])
def plan_detail(request, membership, plan_id: int):
    plan = access_plan(membership, plan_id)
    form = DayUseForm(form_data(request))
    if request.method == "POST":
        require_coordinator(membership)
        if run_form(form, day_use_record, plan=plan, recorded_by=request.user):
            messages.success(request, _("La journée est décomptée."))
            return redirect("leases:plan", cluster_slug=membership.cluster.slug, plan_id=plan.pk)
    balance = plan_balance(plan)
    context = {**NAV, "plan": plan, "balance": balance, "uses": plan_day_uses(plan), "form": form}
    context["overdraft"] = -balance if balance is not None and balance < 0 else 0
    return render(request, "leases/plan_detail.html", context)


@cluster_view
@require_POST
def day_use_delete(request, membership, day_use_id: int):
    day_use = access_day_use(membership, day_use_id)
    day_use_remove(day_use=day_use)
    messages.success(request, _("La journée n'est plus décomptée."))
    return redirect("leases:plan", cluster_slug=membership.cluster.slug, plan_id=day_use.plan_id)


@cluster_view
@require_POST
def consumption_sync(request, membership):
    require_coordinator(membership)
    counted = coworking_consumption_sync(cluster=membership.cluster, until=timezone.localdate())
    messages.success(
        request, _("%(count)s journée(s) décomptée(s) d'après les réservations.") % {"count": counted}
    )
    return redirect("leases:home", cluster_slug=membership.cluster.slug)
