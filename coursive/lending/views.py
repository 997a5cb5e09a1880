"""Pages of equipment lending: the items and loans, an item's sheet with its history, check-out, check-in,
damage reports and maintenance, the exports and the year's figures."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view, require_coordinator, require_insider
from coursive.core.exports import csv_response, xlsx_response

from . import exports
from .access import access_damage_report, access_item, access_loan, access_maintenance
from .forms import (
    CheckInForm,
    CheckOutForm,
    DamageForm,
    DamageUpdateForm,
    MaintenanceCompleteForm,
    MaintenanceForm,
)
from .models import DamagePhoto
from .selectors import (
    can_lend,
    item_damages,
    item_loans,
    item_maintenance,
    lendable_items,
    visible_loans,
    yearly_figures,
)
from .services import (
    damage_report_create,
    damage_report_update,
    loan_check_in,
    loan_check_out,
    maintenance_complete,
    maintenance_record,
)

NAV = {"nav_section": "lending"}
FILTERS = {"en-cours": "out", "en-retard": "late", "tous": "all"}


def _data(request):
    return request.POST if request.method == "POST" else None


def _submit(form, service, **arguments):
    """Runs the service with the valid form's values; returns its result, or None with its refusal shown."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except ValidationError as error:
        form.add_service_error(error)
        return None


@cluster_view
@require_GET
def loan_list(request, membership):
    require_insider(membership)
    today = timezone.localdate()
    state = FILTERS.get(request.GET.get("etat", "en-cours"), "out")
    items = list(lendable_items(cluster=membership.cluster))
    for item in items:
        item.can_lend = can_lend(membership, item)
    context = {
        **NAV,
        "items": items,
        "loans": visible_loans(membership=membership).in_state(state, today)[:200],
        "state": state,
        "today": today,
        "late_count": visible_loans(membership=membership).late(today).count(),
    }
    return render(request, "lending/loan_list.html", context)


@cluster_view
@require_GET
def item_detail(request, membership, resource_id: int):
    item = access_item(membership, resource_id)
    lender = can_lend(membership, item)
    loans = item_loans(resource=item)
    if not lender:
        loans = loans.filter(organisation_id=membership.organisation_id)
    context = {
        **NAV,
        "item": item,
        "can_lend": lender,
        "current": item_loans(resource=item).out().first(),
        "loans": loans[:100],
        "damages": item_damages(resource=item) if lender else [],
        "maintenance": item_maintenance(resource=item),
        "today": timezone.localdate(),
        "complete_form": MaintenanceCompleteForm(initial={"completed_on": timezone.localdate()}),
    }
    return render(request, "lending/item_detail.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def check_out(request, membership, resource_id: int):
    item = access_item(membership, resource_id, for_lending=True)
    initial = {"condition": item.condition or "good", "due_on": timezone.localdate()}
    form = CheckOutForm(_data(request), cluster=membership.cluster, initial=initial)
    if request.method == "POST" and _submit(form, loan_check_out, resource=item, checked_out_by=request.user):
        messages.success(request, _("La sortie de « %(item)s » est enregistrée.") % {"item": item.name})
        return redirect("lending:item", cluster_slug=membership.cluster.slug, resource_id=item.pk)
    context = {**NAV, "item": item, "form": form, "title": _("Sortie de « %(item)s »") % {"item": item.name}}
    return render(request, "lending/form.html", context)


@cluster_view
@require_GET
def loan_detail(request, membership, loan_id: int):
    loan = access_loan(membership, loan_id)
    context = {
        **NAV,
        "loan": loan,
        "can_lend": can_lend(membership, loan.resource),
        "damages": loan.damages.prefetch_related("photos"),
        "today": timezone.localdate(),
    }
    return render(request, "lending/loan_detail.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def check_in(request, membership, loan_id: int):
    loan = access_loan(membership, loan_id, for_lending=True)
    form = CheckInForm(_data(request), initial={"condition": loan.checkout_condition})
    if request.method == "POST" and _submit(form, loan_check_in, loan=loan, checked_in_by=request.user):
        messages.success(
            request, _("Le retour de « %(item)s » est enregistré.") % {"item": loan.resource.name}
        )
        return redirect("lending:loan", cluster_slug=membership.cluster.slug, loan_id=loan.pk)
    context = {**NAV, "item": loan.resource, "loan": loan, "form": form}
    context["title"] = _("Retour de « %(item)s »") % {"item": loan.resource.name}
    return render(request, "lending/form.html", context)


def _may_report_damage(membership, item) -> bool:
    """The lender, or the organisation that has the item in hand."""
    if can_lend(membership, item):
        return True
    current = item_loans(resource=item).out().first()
    return current is not None and current.organisation_id == membership.organisation_id


@cluster_view
@require_http_methods(["GET", "POST"])
def damage_new(request, membership, resource_id: int):
    item = access_item(membership, resource_id)
    if not _may_report_damage(membership, item):
        raise PermissionDenied(
            _("Seuls le prêteur et la structure qui a le matériel en main signalent des dégâts.")
        )
    form = DamageForm(_data(request), request.FILES if request.method == "POST" else None)
    current = item_loans(resource=item).out().first()
    if request.method == "POST" and _submit(
        form, damage_report_create, resource=item, loan=current, reported_by=request.user
    ):
        messages.success(
            request, _("Le constat de dégâts est enregistré ; le prêteur le verra sur la fiche.")
        )
        return redirect("lending:item", cluster_slug=membership.cluster.slug, resource_id=item.pk)
    context = {**NAV, "item": item, "form": form, "multipart": True}
    context["title"] = _("Dégâts sur « %(item)s »") % {"item": item.name}
    return render(request, "lending/form.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def damage_update(request, membership, report_id: int):
    report = access_damage_report(membership, report_id)
    initial = {
        "status": report.status,
        "cost_estimate": report.cost_estimate,
        "resolution": report.resolution,
    }
    form = DamageUpdateForm(_data(request), initial=initial)
    if request.method == "POST" and _submit(form, damage_report_update, report=report):
        messages.success(request, _("Le constat est mis à jour."))
        return redirect("lending:item", cluster_slug=membership.cluster.slug, resource_id=report.resource_id)
    context = {**NAV, "item": report.resource, "form": form, "report": report}
    context["title"] = _("Suite du constat du %(day)s") % {"day": report.created_at.strftime("%d/%m/%Y")}
    return render(request, "lending/form.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def maintenance_new(request, membership, resource_id: int):
    item = access_item(membership, resource_id, for_lending=True)
    form = MaintenanceForm(_data(request), initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            maintenance_record(resource=item, fields=form.cleaned_data, recorded_by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("L'intervention est enregistrée."))
            return redirect("lending:item", cluster_slug=membership.cluster.slug, resource_id=item.pk)
    context = {
        **NAV,
        "item": item,
        "form": form,
        "title": _("Maintenance de « %(item)s »") % {"item": item.name},
    }
    return render(request, "lending/form.html", context)


@cluster_view
@require_POST
def maintenance_done(request, membership, record_id: int):
    record = access_maintenance(membership, record_id)
    form = MaintenanceCompleteForm(request.POST)
    if _submit(form, maintenance_complete, record=record):
        messages.success(request, _("L'intervention est terminée : le matériel peut de nouveau sortir."))
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, _("Rien n'a été enregistré : %(errors)s") % {"errors": " ".join(errors)})
    return redirect("lending:item", cluster_slug=membership.cluster.slug, resource_id=record.resource_id)


@cluster_view
@require_GET
def loans_export(request, membership, fmt: str):
    require_insider(membership)
    today = timezone.localdate()
    loans = visible_loans(membership=membership).order_by("checked_out_at")
    year = request.GET.get("annee", "")
    if year.isdigit():
        loans = loans.filter(checked_out_at__year=int(year))
    rows = [exports.loan_row(loan, today) for loan in loans]
    filename = f"prets-{membership.cluster.slug}-{today:%Y%m%d}"
    if fmt == "xlsx":
        return xlsx_response(
            filename=f"{filename}.xlsx", title=_("Prêts"), headers=exports.loan_headers(), rows=rows
        )
    return csv_response(filename=f"{filename}.csv", headers=exports.loan_headers(), rows=rows)


@cluster_view
@require_GET
def figures(request, membership):
    require_coordinator(membership)
    today = timezone.localdate()
    year = int(request.GET["annee"]) if request.GET.get("annee", "").isdigit() else today.year
    context = {**NAV, "figures": yearly_figures(cluster=membership.cluster, year=year), "year": year}
    context["years"] = range(today.year, today.year - 5, -1)
    return render(request, "lending/figures.html", context)


@cluster_view
@require_GET
def damage_photo(request, membership, photo_id: int):
    # Uploaded files are not published by the web server: each one goes through an access check, the loan's
    # when the damage was found on a loan (so the borrower sees it too), else the report's (lenders only).
    photo = get_object_or_404(
        DamagePhoto.objects.select_related("report"), pk=photo_id, report__cluster=membership.cluster
    )
    if photo.report.loan_id:
        access_loan(membership, photo.report.loan_id)
    else:
        access_damage_report(membership, photo.report_id)
    return FileResponse(photo.image.open("rb"))
