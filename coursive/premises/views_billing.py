"""The coordination's monthly invoicing of bookings and the owners' statements of member-owned equipment."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coursive.accounts.access import cluster_view, require_coordinator
from coursive.core.exports import csv_response
from coursive.core.months import parse_month, previous_month

from . import billing
from .views import NAV


def _month(request) -> date:
    """The month asked for (`?mois=AAAA-MM`), by default the previous one, which is the one to invoice."""
    value = request.POST.get("mois") or request.GET.get("mois", "")
    try:
        return parse_month(value)
    except ValueError:
        return previous_month(timezone.localdate())


@cluster_view
@require_http_methods(["GET", "POST"])
def month_billing(request, membership):
    require_coordinator(membership)
    cluster, month = membership.cluster, _month(request)
    if request.method == "POST":
        try:
            invoices = billing.bookings_invoice_month(
                cluster=cluster, year=month.year, month=month.month, created_by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "%(count)d facture(s) brouillon créée(s) ; vérifiez-les puis émettez-les dans la facturation."
                )
                % {"count": len(invoices)},
            )
        return redirect(f"{request.path}?mois={month:%Y-%m}")
    context = {
        **NAV,
        "month": month,
        "billing": billing.month_billing(cluster=cluster, year=month.year, month=month.month),
    }
    return render(request, "premises/billing.html", context)


@cluster_view
@require_GET
def month_billing_csv(request, membership):
    require_coordinator(membership)
    month = _month(request)
    result = billing.month_billing(cluster=membership.cluster, year=month.year, month=month.month)
    headers, rows = billing.month_billing_table(result)
    return csv_response(filename=f"facturation-reservations-{month:%Y-%m}.csv", headers=headers, rows=rows)
