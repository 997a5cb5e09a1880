"""The rent grid published to members, and the index values the coordinator records."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view, require_coordinator, require_insider

from .access import access_grid, access_reduction
from .forms import GridForm, IndexValueForm, ReductionForm, SimulationForm
from .models import RentGrid
from .pages import NAV, form_data, form_page, run_form
from .rent import RentBreakdown, Tenant, grid_rent
from .selectors import grid_in_force, grid_terms, grids_for_members, index_values, tenant_of
from .services.grid import rent_grid_save, rent_reduction_add, rent_reduction_remove
from .services.revisions import index_value_record


def _simulation(membership, form: SimulationForm, grid: RentGrid | None) -> RentBreakdown | None:
    """The grid in force today applied to the surface and organisation asked about."""
    if grid is None or not form.is_valid():
        return None
    organisation = form.cleaned_data.get("organisation") or membership.organisation
    today = timezone.localdate()
    founded_on = form.cleaned_data["founded_on"]
    tenant = (
        tenant_of(organisation, founded_on, today)
        if organisation
        else Tenant(ess=False, esus=False, founded_on=founded_on)
    )
    return grid_rent(terms=grid_terms(grid), surface_m2=form.cleaned_data["surface"], tenant=tenant, on=today)


@cluster_view
@require_GET
def grid_list(request, membership):
    require_insider(membership)
    grids = grids_for_members(cluster=membership.cluster)
    if membership.is_coordinator:
        grids = RentGrid.objects.for_cluster(membership.cluster).prefetch_related("reductions")
    grids = grids.annotate(lease_count=Count("leases"))
    current = grid_in_force(cluster=membership.cluster, on=timezone.localdate())
    simulation_form = SimulationForm(request.GET or None, membership=membership)
    context = {
        **NAV,
        "grids": grids,
        "reduction_form": ReductionForm(),
        "current": current,
        "simulation_form": simulation_form,
        "simulation": _simulation(membership, simulation_form, current),
    }
    return render(request, "leases/grid_list.html", context)


def _grid_initial(grid: RentGrid | None) -> dict | None:
    if grid is None:
        return None
    return {name: getattr(grid, name) for name in GridForm.base_fields} | {"vat_rate": str(grid.vat_rate)}


@cluster_view
@require_http_methods(["GET", "POST"])
def grid_edit(request, membership, grid_id: int | None = None):
    require_coordinator(membership)
    grid = access_grid(membership, grid_id) if grid_id else None
    form = GridForm(form_data(request), initial=_grid_initial(grid))
    if request.method == "POST" and form.is_valid():
        try:
            rent_grid_save(cluster=membership.cluster, fields=form.cleaned_data, grid=grid)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("La grille des loyers est enregistrée."))
            return redirect("leases:grids", cluster_slug=membership.cluster.slug)
    title = (
        _("Modifier la grille « %(name)s »") % {"name": grid.name}
        if grid
        else _("Nouvelle grille des loyers")
    )
    return form_page(request, form, title, "leases:grids")


@cluster_view
@require_POST
def reduction_add(request, membership, grid_id: int):
    require_coordinator(membership)
    grid = access_grid(membership, grid_id)
    form = ReductionForm(request.POST)
    if run_form(form, rent_reduction_add, grid=grid):
        messages.success(request, _("La réduction est ajoutée à la grille."))
    else:
        errors = " ".join(error for field_errors in form.errors.values() for error in field_errors)
        messages.error(request, _("Rien n'a été enregistré : %(errors)s") % {"errors": errors})
    return redirect("leases:grids", cluster_slug=membership.cluster.slug)


@cluster_view
@require_POST
def reduction_delete(request, membership, reduction_id: int):
    reduction = access_reduction(membership, reduction_id)
    try:
        rent_reduction_remove(reduction=reduction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La réduction « %(label)s » est retirée.") % {"label": reduction.label})
    return redirect("leases:grids", cluster_slug=membership.cluster.slug)


@cluster_view
@require_http_methods(["GET", "POST"])
def indices(request, membership):
    require_insider(membership)
    form = IndexValueForm(form_data(request))
    if request.method == "POST":
        require_coordinator(membership)
        if run_form(form, index_value_record, cluster=membership.cluster):
            messages.success(request, _("La valeur de l'indice est enregistrée."))
            return redirect("leases:indices", cluster_slug=membership.cluster.slug)
    context = {**NAV, "values": index_values(cluster=membership.cluster), "form": form}
    return render(request, "leases/indices.html", context)
