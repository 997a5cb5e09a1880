"""Monthly rent calls: the month's list, generating and invoicing them, the exports and the year's figures."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coursive.accounts.access import cluster_view, require_coordinator, require_insider
from coursive.core.exports import csv_response, xlsx_response
from coursive.core.months import month_start

from . import exports
from .access import access_rent_call
from .forms import MonthForm
from .pages import NAV
from .selectors import visible_rent_calls, yearly_figures
from .services.calls import rent_call_invoice, rent_calls_generate, rent_calls_invoice


def _month(request) -> date:
    form = MonthForm(request.GET or request.POST or None)
    if form.is_bound and form.is_valid():
        return month_start(form.cleaned_data["mois"])
    return month_start(timezone.localdate())


def _calls_url(membership, month: date) -> str:
    path = reverse("leases:calls", kwargs={"cluster_slug": membership.cluster.slug})
    return f"{path}?mois={month:%Y-%m}"


@cluster_view
@require_GET
def call_list(request, membership):
    require_insider(membership)
    month = _month(request)
    calls = visible_rent_calls(membership=membership).filter(month=month)
    context = {
        **NAV,
        "calls": calls,
        "month": month,
        "form": MonthForm(initial={"mois": month}),
        "total_excl": sum((call.total_excl_tax for call in calls), 0),
        "total_incl": sum((call.total_incl_tax for call in calls), 0),
        "uninvoiced": any(call.invoice_id is None for call in calls),
    }
    return render(request, "leases/call_list.html", context)


@cluster_view
@require_POST
def calls_generate(request, membership):
    require_coordinator(membership)
    month = _month(request)
    created = rent_calls_generate(cluster=membership.cluster, month=month)
    messages.success(
        request,
        _("%(count)s appel(s) de loyer créé(s) pour %(month)s ; ceux qui existaient déjà sont inchangés.")
        % {"count": len(created), "month": month.strftime("%m/%Y")},
    )
    return redirect(_calls_url(membership, month))


@cluster_view
@require_POST
def calls_invoice(request, membership):
    require_coordinator(membership)
    month = _month(request)
    try:
        count = rent_calls_invoice(cluster=membership.cluster, month=month, created_by=request.user)
    except ValidationError as error:
        messages.error(
            request, _("Facturation interrompue : %(error)s") % {"error": " ".join(error.messages)}
        )
    else:
        messages.success(request, _("%(count)s facture(s) brouillon créée(s).") % {"count": count})
    return redirect(_calls_url(membership, month))


@cluster_view
@require_POST
def call_invoice(request, membership, call_id: int):
    require_coordinator(membership)
    call = access_rent_call(membership, call_id)
    try:
        rent_call_invoice(rent_call=call, created_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La facture brouillon est créée."))
    return redirect(_calls_url(membership, call.month))


@cluster_view
@require_GET
def calls_export(request, membership, fmt: str):
    require_insider(membership)
    calls = visible_rent_calls(membership=membership).order_by("month", "organisation")
    year = request.GET.get("annee", "")
    if year.isdigit():
        calls = calls.filter(month__year=int(year))
    rows = [exports.call_row(call) for call in calls]
    filename = f"appels-de-loyer-{membership.cluster.slug}-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        return xlsx_response(
            filename=f"{filename}.xlsx", title=_("Appels de loyer"), headers=exports.call_headers(), rows=rows
        )
    return csv_response(filename=f"{filename}.csv", headers=exports.call_headers(), rows=rows)


@cluster_view
@require_GET
def figures(request, membership):
    require_coordinator(membership)
    today = timezone.localdate()
    year = int(request.GET["annee"]) if request.GET.get("annee", "").isdigit() else today.year
    figures = yearly_figures(cluster=membership.cluster, year=year)
    peak = max(figures["rent_called_by_month"]) or 1
    months = [
        {"month": date(year, number, 1), "amount": amount, "share": int(amount * 100 / peak)}
        for number, amount in enumerate(figures["rent_called_by_month"], start=1)
    ]
    context = {**NAV, "figures": figures, "months": months, "year": year}
    context["years"] = range(today.year + 1, today.year - 5, -1)
    return render(request, "leases/figures.html", context)
