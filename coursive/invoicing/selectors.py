"""Reads on invoices: who sees which, what remains due, aged receivables, the FEC entries and the yearly
figures of the cluster's report."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from coursive.accounts.models import ORGANISATION_ROLES, Membership, Role
from coursive.core.money import to_cents

from . import fec
from .models import Invoice, InvoiceKind, InvoiceStatus, Payment, SellerProfile

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def seller_profile(*, cluster) -> SellerProfile | None:
    return SellerProfile.objects.filter(cluster=cluster).first()


def invoices_visible(*, membership: Membership):
    """The coordination sees every invoice of the cluster; a member organisation's people see the invoices
    issued to it; nobody else sees any. Drafts stay with the coordination."""
    invoices = Invoice.objects.for_cluster(membership.cluster).select_related("customer")
    if membership.role == Role.COORDINATOR:
        return invoices
    if membership.role in ORGANISATION_ROLES and membership.organisation_id:
        return invoices.issued().filter(customer__organisation_id=membership.organisation_id)
    return invoices.none()


def with_outstanding(invoices):
    """Annotates `paid`, `credited` and `outstanding` (what the customer still owes) on each invoice."""
    payments = Payment.objects.filter(invoice=OuterRef("pk")).values("invoice")
    credit_notes = Invoice.objects.filter(credited_invoice=OuterRef("pk"), status=InvoiceStatus.ISSUED)
    paid = payments.annotate(total=Sum("amount")).values("total")
    credited = credit_notes.values("credited_invoice").annotate(total=Sum("total_incl_tax")).values("total")
    return invoices.annotate(
        paid=Coalesce(Subquery(paid[:1], output_field=MONEY), Value(ZERO), output_field=MONEY),
        credited=Coalesce(Subquery(credited[:1], output_field=MONEY), Value(ZERO), output_field=MONEY),
    ).annotate(outstanding=F("total_incl_tax") - F("paid") - F("credited"))


def amounts_due(*, invoices, today: date) -> dict[str, Decimal]:
    """What remains to be paid on these invoices, and how much of it is past its due date."""
    due = overdue = ZERO
    for invoice in with_outstanding(invoices.issued().filter(kind=InvoiceKind.INVOICE)).filter(
        outstanding__gt=0
    ):
        amount = to_cents(invoice.outstanding)
        due += amount
        overdue += amount if invoice.due_date < today else ZERO
    return {"due": due, "overdue": overdue}


def invoice_outstanding(*, invoice: Invoice) -> Decimal:
    return to_cents(with_outstanding(Invoice.objects.filter(pk=invoice.pk)).get().outstanding)


def receivables(*, cluster):
    """Issued invoices that still have something to pay, oldest due date first. SQLite computes the annotated
    amounts in floating point: callers round them to the cent (`to_cents`)."""
    invoices = Invoice.objects.for_cluster(cluster).issued().filter(kind=InvoiceKind.INVOICE)
    return (
        with_outstanding(invoices.select_related("customer")).filter(outstanding__gt=0).order_by("due_date")
    )


AGE_BUCKETS = (
    ("not_due", _("Non échu")),
    ("days_0_30", _("0 à 30 jours")),
    ("days_31_60", _("31 à 60 jours")),
    ("days_61_90", _("61 à 90 jours")),
    ("days_over_90", _("Plus de 90 jours")),
)


def age_bucket(*, due_date: date, today: date) -> str:
    late = (today - due_date).days
    if late <= 0:
        return "not_due"
    if late <= 30:
        return "days_0_30"
    if late <= 60:
        return "days_31_60"
    return "days_61_90" if late <= 90 else "days_over_90"


@dataclass
class AgedRow:
    customer: str
    amounts: dict = field(default_factory=lambda: {key: ZERO for key, _label in AGE_BUCKETS})

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


def aged_receivables(*, cluster, today: date) -> tuple[list[AgedRow], AgedRow]:
    """What each customer owes, by how late it is (the aged balance accountants read), and the totals."""
    rows: dict[int, AgedRow] = {}
    total = AgedRow(customer="Total")
    for invoice in receivables(cluster=cluster):
        invoice.outstanding = to_cents(invoice.outstanding)
        row = rows.setdefault(invoice.customer_id, AgedRow(customer=invoice.customer.name))
        bucket = age_bucket(due_date=invoice.due_date, today=today)
        row.amounts[bucket] += invoice.outstanding
        total.amounts[bucket] += invoice.outstanding
    return sorted(rows.values(), key=lambda r: r.customer), total


def fec_entries(*, cluster, year: int) -> list[fec.Entry]:
    """The sales journal (one entry per issued invoice or credit note) and the bank journal (one per
    payment) of a calendar year, in date order."""
    invoices = (
        Invoice.objects.for_cluster(cluster)
        .issued()
        .filter(issue_date__year=year)
        .select_related("customer")
        .prefetch_related("lines")
        .order_by("issue_date", "series", "sequence")
    )
    payments = (
        Payment.objects.for_cluster(cluster)
        .filter(paid_on__year=year)
        .select_related("invoice__customer")
        .order_by("paid_on", "pk")
    )
    letterings = _letterings(cluster=cluster)
    sales = [
        fec.sale_entry(
            invoice, list(invoice.lines.all()), letterings.get(invoice.credited_invoice_id or invoice.pk)
        )
        for invoice in invoices
    ]
    bank = [fec.payment_entry(payment, letterings.get(payment.invoice_id)) for payment in payments]
    return sales + bank


def _letterings(*, cluster) -> dict[int, fec.Lettering]:
    """A lettering code for each invoice its payments and credit notes settle exactly. The code comes from the
    invoice's key, so an invoice keeps its code from one export to the next."""
    issued = Invoice.objects.for_cluster(cluster).issued()
    invoices = with_outstanding(issued.filter(kind=InvoiceKind.INVOICE)).order_by("pk")
    settled = [invoice.pk for invoice in invoices if to_cents(invoice.outstanding) == 0]
    pieces = [
        *Payment.objects.filter(invoice_id__in=settled).values_list("invoice_id", "paid_on"),
        *issued.filter(credited_invoice_id__in=settled).values_list("credited_invoice_id", "issue_date"),
    ]
    last_dates: dict[int, date] = {}
    for invoice_id, day in pieces:
        last_dates[invoice_id] = max(day, last_dates.get(invoice_id, day))
    return {
        invoice_id: fec.Lettering(code=fec.lettering_code(invoice_id - 1), settled_on=day)
        for invoice_id, day in last_dates.items()
    }


def yearly_figures(*, cluster, year: int) -> dict:
    """Kept for the cluster's yearly report: invoiced (net of credit notes), paid and still outstanding."""
    issued = Invoice.objects.for_cluster(cluster).issued().filter(issue_date__year=year)
    sums = issued.aggregate(
        invoiced=Coalesce(
            Sum("total_incl_tax", filter=Q(kind=InvoiceKind.INVOICE)), ZERO, output_field=MONEY
        ),
        credited=Coalesce(
            Sum("total_incl_tax", filter=Q(kind=InvoiceKind.CREDIT_NOTE)), ZERO, output_field=MONEY
        ),
        excl_tax=Coalesce(
            Sum("total_excl_tax", filter=Q(kind=InvoiceKind.INVOICE)), ZERO, output_field=MONEY
        ),
        credited_excl_tax=Coalesce(
            Sum("total_excl_tax", filter=Q(kind=InvoiceKind.CREDIT_NOTE)), ZERO, output_field=MONEY
        ),
    )
    year_invoices = with_outstanding(issued.filter(kind=InvoiceKind.INVOICE))
    paid = (
        Payment.objects.for_cluster(cluster)
        .filter(paid_on__year=year)
        .aggregate(total=Sum("amount"))["total"]
    )
    outstanding = sum(
        (to_cents(invoice.outstanding) for invoice in year_invoices if invoice.outstanding > 0), ZERO
    )
    return {
        "year": year,
        "invoices_issued": issued.filter(kind=InvoiceKind.INVOICE).count(),
        "credit_notes_issued": issued.filter(kind=InvoiceKind.CREDIT_NOTE).count(),
        "invoiced_excl_tax": sums["excl_tax"] - sums["credited_excl_tax"],
        "invoiced_incl_tax": sums["invoiced"] - sums["credited"],
        "paid": to_cents(paid or ZERO),
        "outstanding": outstanding,
    }
