"""Pages of the coordination: resources and their rules, qualifications, usage figures, feeds and exports."""

import math
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view, require_coordinator
from coursive.accounts.models import Role
from coursive.core.dates import EARLIEST, LATEST
from coursive.core.exports import csv_response, xlsx_response
from coursive.directory.models import Organisation

from . import exports, manage_services, selectors
from .access import access_closure, access_grant, access_resource
from .forms import ClosureForm, CommissionForm, GrantForm, PhotoForm, QualificationForm, ResourceForm
from .models import Closure, CommissionRate, QualificationGrant, Resource, ResourcePhoto
from .views import NAV, _feed_url


@cluster_view
@require_http_methods(["GET", "POST"])
def resource_edit(request, membership, resource_id: int | None = None):
    require_coordinator(membership)
    resource = (
        access_resource(membership, resource_id) if resource_id else Resource(cluster=membership.cluster)
    )
    form = ResourceForm(request.POST or None, instance=resource, cluster=membership.cluster)
    if request.method == "POST" and form.is_valid():
        try:
            resource = manage_services.resource_save(
                cluster=membership.cluster,
                resource=form.save(commit=False),
                features=form.cleaned_data["features"],
                hours=form.cleaned_data["hours"],
                membership=membership,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ressource enregistrée."))
            return redirect(
                "premises:resource_detail", cluster_slug=membership.cluster.slug, resource_id=resource.pk
            )
    context = {**NAV, "form": form, "resource": resource if resource.pk else None}
    return render(request, "premises/resource_form.html", context, status=400 if form.errors else 200)


@cluster_view
@require_http_methods(["GET", "POST"])
def qualifications(request, membership):
    require_coordinator(membership)
    cluster = membership.cluster
    grant_form = GrantForm(request.POST if "grant" in request.POST else None, cluster=cluster)
    qualification_form = QualificationForm(request.POST if "create" in request.POST else None)
    if grant_form.is_bound and grant_form.is_valid():
        data = grant_form.cleaned_data
        manage_services.qualification_grant(
            qualification=data["qualification"],
            user=data["membership"].user,
            membership=membership,
            valid_until=data["valid_until"],
        )
        messages.success(request, _("Habilitation accordée."))
        return redirect("premises:qualifications", cluster_slug=cluster.slug)
    if qualification_form.is_bound and qualification_form.is_valid():
        manage_services.qualification_create(
            cluster=cluster, membership=membership, **qualification_form.cleaned_data
        )
        messages.success(request, _("Habilitation créée."))
        return redirect("premises:qualifications", cluster_slug=cluster.slug)
    grants = (
        QualificationGrant.objects.filter(qualification__cluster=cluster)
        .select_related("qualification", "user")
        .order_by("qualification__name", "user__full_name")
    )
    context = {**NAV, "grants": grants, "grant_form": grant_form, "qualification_form": qualification_form}
    return render(request, "premises/qualifications.html", context)


@cluster_view
@require_POST
def grant_revoke(request, membership, grant_id: int):
    require_coordinator(membership)
    manage_services.qualification_revoke(grant=access_grant(membership, grant_id), membership=membership)
    messages.success(request, _("Habilitation retirée."))
    return redirect("premises:qualifications", cluster_slug=membership.cluster.slug)


@cluster_view
@require_GET
def figures(request, membership):
    require_coordinator(membership)
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = timezone.localdate().year
    # A year the calendar cannot compute (« annee=0 ») falls back to this one instead of failing.
    if not EARLIEST.year <= year <= LATEST.year:
        year = timezone.localdate().year
    table = selectors.occupancy(cluster=membership.cluster, year=year)
    revenue = selectors.revenue_by_month(cluster=membership.cluster, year=year)
    top = max((m["amount_excl_tax"] for m in revenue), default=0) or 1
    labels = [date_format(date(year, month, 1), "F") for month in range(1, 13)]
    for month in revenue:
        month["bar"] = int(month["amount_excl_tax"] * 100 / top)
        month["month_label"] = labels[month["month"] - 1]
    for row in table:
        for month in row["months"]:
            month["percent"] = round(month["rate"] * 100)
            month["heat"] = min(4, math.ceil(month["rate"] * 4))
    context = {
        **NAV,
        "year": year,
        "table": table,
        "revenue": revenue,
        "month_labels": labels,
        "totals": selectors.yearly_figures(
            cluster=membership.cluster, year=year, table=table, revenue=revenue
        ),
    }
    return render(request, "premises/figures.html", context)


def _organisation_for_feed(membership, request) -> Organisation | None:
    if membership.role in (Role.MEMBER_ADMIN, Role.MEMBER_STAFF):
        return membership.organisation
    return None


@cluster_view
@require_http_methods(["GET", "POST"])
def feeds(request, membership):
    """The private calendar addresses: a member's organisation, and for the coordination every resource."""
    cluster = membership.cluster
    organisation = _organisation_for_feed(membership, request)
    if request.method == "POST":
        target = request.POST.get("target", "")
        if target == "organisation" and organisation is not None:
            manage_services.feed_token_renew(cluster=cluster, organisation=organisation)
        elif target.isdigit():
            require_coordinator(membership)
            manage_services.feed_token_renew(
                cluster=cluster, resource=access_resource(membership, int(target))
            )
        messages.success(request, _("Nouvelle adresse créée ; l'ancienne ne fonctionne plus."))
        return redirect("premises:feeds", cluster_slug=cluster.slug)
    resources = []
    if membership.is_coordinator:
        tokens = selectors.resource_feed_tokens(cluster=cluster)
        resources = [
            (resource, _feed_url(request, tokens.get(resource.pk)))
            for resource in selectors.resources_for_cluster(cluster=cluster)
        ]
    context = {
        **NAV,
        "organisation": organisation,
        "organisation_url": _feed_url(request, selectors.feed_token(organisation=organisation))
        if organisation
        else None,
        "resources": resources,
    }
    return render(request, "premises/feeds.html", context)


@cluster_view
@require_GET
def bookings_export(request, membership, file_format: str):
    bookings = (
        selectors.bookings_for_user(membership=membership).select_related("booked_by").order_by("starts_at")
    )
    year = request.GET.get("annee", "")
    if year.isdigit():
        bookings = bookings.filter(starts_at__year=int(year))
    rows = [exports.booking_row(booking) for booking in bookings]
    filename = f"reservations-{timezone.localdate().isoformat()}.{file_format}"
    if file_format == "xlsx":
        return xlsx_response(
            filename=filename,
            title=_("Réservations"),
            headers=exports.booking_headers(),
            rows=rows,
            widths=exports.COLUMN_WIDTHS,
        )
    return csv_response(filename=filename, headers=exports.booking_headers(), rows=rows)


@cluster_view
@require_http_methods(["GET", "POST"])
def settings_page(request, membership):
    """Closures of the building and the published commission on member-owned equipment."""
    require_coordinator(membership)
    cluster = membership.cluster
    closure_form = ClosureForm(request.POST if "closure" in request.POST else None, cluster=cluster)
    commission_form = CommissionForm(request.POST if "commission" in request.POST else None)
    if closure_form.is_bound and closure_form.is_valid():
        _closure, affected = manage_services.closure_create(
            membership=membership, **closure_form.cleaned_data
        )
        messages.success(request, _("Fermeture enregistrée."))
        if affected:
            names = ", ".join(
                f"{b.resource.name} ({date_format(timezone.localtime(b.starts_at), 'j F H:i')})"
                for b in affected
            )
            messages.warning(
                request, _("Réservations déjà faites sur ces jours, à déplacer : %(list)s.") % {"list": names}
            )
        return redirect("premises:settings", cluster_slug=cluster.slug)
    if commission_form.is_bound and commission_form.is_valid():
        manage_services.commission_rate_publish(membership=membership, **commission_form.cleaned_data)
        messages.success(request, _("Commission publiée."))
        return redirect("premises:settings", cluster_slug=cluster.slug)
    context = {
        **NAV,
        "closures": Closure.objects.for_cluster(cluster).select_related("resource").order_by("-starts_on"),
        "rates": CommissionRate.objects.for_cluster(cluster),
        "closure_form": closure_form,
        "commission_form": commission_form,
    }
    return render(request, "premises/settings.html", context)


@cluster_view
@require_POST
def closure_delete(request, membership, closure_id: int):
    require_coordinator(membership)
    manage_services.closure_delete(membership=membership, closure=access_closure(membership, closure_id))
    messages.success(request, _("Fermeture supprimée."))
    return redirect("premises:settings", cluster_slug=membership.cluster.slug)


@cluster_view
@require_POST
def photo_add(request, membership, resource_id: int):
    require_coordinator(membership)
    resource = access_resource(membership, resource_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        manage_services.resource_photo_add(membership=membership, resource=resource, **form.cleaned_data)
        messages.success(request, _("Photo ajoutée."))
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect("premises:resource_detail", cluster_slug=membership.cluster.slug, resource_id=resource.pk)


@cluster_view
@require_POST
def photo_delete(request, membership, resource_id: int, photo_id: int):
    require_coordinator(membership)
    resource = access_resource(membership, resource_id)
    photo = ResourcePhoto.objects.filter(resource=resource, pk=photo_id).first()
    if photo is None:
        raise Http404(_("Photo introuvable."))
    manage_services.resource_photo_delete(membership=membership, photo=photo)
    messages.success(request, _("Photo supprimée."))
    return redirect("premises:resource_detail", cluster_slug=membership.cluster.slug, resource_id=resource.pk)
