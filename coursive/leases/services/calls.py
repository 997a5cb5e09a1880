"""Writes of the rent calls: what each lease and coworking plan owes for a month, and their draft invoices."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coursive.core.months import month_end, month_start
from coursive.invoicing.models import Nature
from coursive.invoicing.services import DraftLine, invoice_draft_create

from ..models import ZERO, CoworkingPlan, Lease, RentCall
from ..rent import HUNDRED, prorata, to_cents
from ..selectors import rent_periods


def _call_amounts(monthly_rent_parts, charges: Decimal, vat_rate: Decimal) -> dict:
    rent = sum(monthly_rent_parts, ZERO)
    total = rent + charges
    vat = to_cents(total * vat_rate / HUNDRED)
    return {
        "rent": rent,
        "service_charges": charges,
        "vat_rate": vat_rate,
        "total_excl_tax": total,
        "vat_amount": vat,
        "total_incl_tax": total + vat,
    }


def _days_in_month(starts_on: date, ends_on: date | None, month: date) -> tuple[date, date]:
    """The first and last days of the month that a lease or a plan running from starts_on to ends_on covers."""
    return max(starts_on, month_start(month)), min(ends_on or month_end(month), month_end(month))


def _lease_call_fields(lease: Lease, month: date) -> dict:
    first, last = _days_in_month(lease.starts_on, lease.ends_on, month)
    parts = []
    for period in rent_periods(lease):
        period_last = period.last_day or last
        parts.append(
            prorata(
                monthly=period.monthly_rent,
                month=month,
                first_day=max(first, period.first_day),
                last_day=min(last, period_last),
            )
        )
    charges = prorata(monthly=lease.service_charges, month=month, first_day=first, last_day=last)
    label = _("Loyer %(month)s — %(office)s") % {
        "month": month.strftime("%m/%Y"),
        "office": lease.resource.name,
    }
    return {
        "period_start": first,
        "period_end": last,
        "label": label,
        **_call_amounts(parts, charges, lease.vat_rate),
    }


def _plan_call_fields(plan: CoworkingPlan, month: date) -> dict:
    if plan.kind == CoworkingPlan.Kind.DAY_PASSES:
        label = _("Carnet de %(days)s journées de coworking") % {"days": plan.days_included}
        return {
            "period_start": plan.starts_on,
            "period_end": plan.ends_on or plan.starts_on,
            "label": label,
            **_call_amounts([plan.price], ZERO, plan.vat_rate),
        }
    first, last = _days_in_month(plan.starts_on, plan.ends_on, month)
    rent = prorata(monthly=plan.price, month=month, first_day=first, last_day=last)
    label = _("Coworking %(month)s — %(desks)s poste(s)") % {
        "month": month.strftime("%m/%Y"),
        "desks": plan.desks,
    }
    return {
        "period_start": first,
        "period_end": last,
        "label": label,
        **_call_amounts([rent], ZERO, plan.vat_rate),
    }


def _plans_due(cluster, month: date):
    start, end = month_start(month), month_end(month)
    plans = CoworkingPlan.objects.for_cluster(cluster).select_related("organisation")
    desks = plans.filter(kind=CoworkingPlan.Kind.MONTHLY_DESK, starts_on__lte=end).exclude(ends_on__lt=start)
    packs = plans.filter(kind=CoworkingPlan.Kind.DAY_PASSES, starts_on__gte=start, starts_on__lte=end)
    return [*desks, *packs]


def _create_call(*, cluster, organisation, month: date, fields: dict, **owner) -> RentCall | None:
    """Creates the call unless it exists; the unique constraint settles two generations running at once."""
    if RentCall.objects.filter(month=month, **owner).exists():
        return None
    try:
        with transaction.atomic():
            return RentCall.objects.create(
                cluster=cluster, organisation=organisation, month=month, **owner, **fields
            )
    except IntegrityError:
        return None


def rent_calls_generate(*, cluster, month: date) -> list[RentCall]:
    """The month's rent calls for every lease and coworking plan running in it. Idempotent: a lease or plan
    already called for the month is skipped, so running it again creates nothing."""
    month = month_start(month)
    created = []
    leases = (
        Lease.objects.for_cluster(cluster).filter(starts_on__lte=month_end(month)).exclude(ends_on__lt=month)
    )
    for lease in leases.select_related("resource", "organisation").prefetch_related("revisions"):
        call = _create_call(
            cluster=cluster,
            organisation=lease.organisation,
            month=month,
            fields=_lease_call_fields(lease, month),
            lease=lease,
        )
        created.extend([call] if call else [])
    for plan in _plans_due(cluster, month):
        call = _create_call(
            cluster=cluster,
            organisation=plan.organisation,
            month=month,
            fields=_plan_call_fields(plan, month),
            plan=plan,
        )
        created.extend([call] if call else [])
    return created


def _invoice_lines(call: RentCall) -> list[DraftLine]:
    period = _("du %(start)s au %(end)s") % {
        "start": call.period_start.strftime("%d/%m/%Y"),
        "end": call.period_end.strftime("%d/%m/%Y"),
    }
    source = f"leases:rent-call:{call.pk}"
    lines = [
        DraftLine(
            label=f"{call.label} ({period})",
            quantity=Decimal(1),
            unit=_("forfait"),
            unit_price_excl_tax=call.rent,
            vat_rate=call.vat_rate,
            nature=Nature.SERVICES,
            source=source,
        )
    ]
    if call.service_charges:
        lines.append(
            DraftLine(
                label=_("Charges locatives (%(period)s)") % {"period": period},
                quantity=Decimal(1),
                unit=_("forfait"),
                unit_price_excl_tax=call.service_charges,
                vat_rate=call.vat_rate,
                nature=Nature.SERVICES,
                source=source,
            )
        )
    return lines


@transaction.atomic
def rent_call_invoice(*, rent_call: RentCall, created_by=None):
    """Turns a rent call into a draft invoice, once: the call is locked and keeps the invoice."""
    call = RentCall.objects.select_for_update().select_related("organisation", "cluster").get(pk=rent_call.pk)
    if call.invoice_id is not None:
        raise ValidationError(
            _("Cet appel de loyer est déjà facturé (facture %(invoice)s).") % {"invoice": call.invoice}
        )
    invoice = invoice_draft_create(
        cluster=call.cluster,
        customer=call.organisation,
        lines=_invoice_lines(call),
        sale_date=call.period_start,
        created_by=created_by,
    )
    call.invoice = invoice
    call.save(update_fields=["invoice", "updated_at"])
    return invoice


def rent_calls_invoice(*, cluster, month: date, created_by=None) -> int:
    """Draft invoices for the month's calls not invoiced yet; each call in its own transaction."""
    calls = RentCall.objects.for_cluster(cluster).filter(month=month_start(month), invoice__isnull=True)
    for call in calls:
        rent_call_invoice(rent_call=call, created_by=created_by)
    return len(calls)
