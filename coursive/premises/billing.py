"""Paid bookings feed invoicing: each month, one draft invoice per member organisation for its bookings that
are over (and its late-cancellation fees), through `invoicing.services.invoice_draft_create`; and, per owner of
member-owned equipment, the statement of what the cluster owes it for the month (a statement, not a payout).

Only bookings that have ended are invoiced: a booking can be cancelled until it ends, so an invoiced booking
can no longer change. Bookings of the month still to come are picked up by a later run; every run is
idempotent, as a booking keeps the invoice it went on."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coursive.core.months import month_bounds
from coursive.invoicing.models import Invoice, Nature
from coursive.invoicing.services import DraftLine, invoice_draft_create

from .calendar import PARIS, human_duration
from .models import ZERO, Booking
from .takings import CHARGEABLE, booking_takings


@dataclass
class OrganisationBill:
    organisation: object
    bookings: list[Booking]

    @property
    def total_excl_tax(self) -> Decimal:
        return sum((booking_takings(b).billed_excl_tax for b in self.bookings), ZERO)


@dataclass
class OwnerStatement:
    """What the cluster owes a member for the use of its equipment in a month, after its commission."""

    owner: object
    bookings: list[Booking] = field(default_factory=list)

    @property
    def fees_excl_tax(self) -> Decimal:
        return sum((booking_takings(b).billed_excl_tax for b in self.bookings), ZERO)

    @property
    def owner_share_excl_tax(self) -> Decimal:
        return sum((booking_takings(b).owner_share_excl_tax for b in self.bookings), ZERO)

    @property
    def commission_excl_tax(self) -> Decimal:
        return sum((booking_takings(b).commission_excl_tax for b in self.bookings), ZERO)


@dataclass
class MonthBilling:
    year: int
    month: int
    to_invoice: list[OrganisationBill]
    left_out: list[Booking]
    still_to_come: list[Booking]
    invoiced: list[Booking]
    owners: list[OwnerStatement]


def _month_bookings(*, cluster, year: int, month: int) -> QuerySet:
    start, end = month_bounds(year, month, tz=PARIS)
    return (
        Booking.objects.for_cluster(cluster)
        .filter(CHARGEABLE, starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
    )


def _due(queryset: QuerySet, now: datetime) -> QuerySet:
    """Bookings whose amount is final: confirmed ones that are over, and late cancellations."""
    return queryset.filter(Q(status=Booking.Status.CANCELLED) | Q(ends_at__lte=now))


def _by_organisation(bookings) -> list[OrganisationBill]:
    grouped = defaultdict(list)
    for booking in bookings:
        grouped[booking.organisation].append(booking)
    return [
        OrganisationBill(organisation, items)
        for organisation, items in sorted(grouped.items(), key=lambda pair: pair[0].display_name.lower())
    ]


def _owner_statements(bookings) -> list[OwnerStatement]:
    statements: dict[int, OwnerStatement] = {}
    for booking in bookings:
        owner = booking.resource.owner_organisation
        if owner is not None:
            statements.setdefault(owner.pk, OwnerStatement(owner)).bookings.append(booking)
    return sorted(statements.values(), key=lambda statement: statement.owner.display_name.lower())


def month_billing(*, cluster, year: int, month: int, now: datetime | None = None) -> MonthBilling:
    """What the month's bookings give: drafts to create, bookings left out (no organisation to invoice),
    bookings not over yet, those already invoiced, and the owners' statements."""
    now = now or timezone.now()
    rows = list(
        _month_bookings(cluster=cluster, year=year, month=month).select_related(
            "resource__owner_organisation", "organisation", "booked_by", "invoice"
        )
    )
    due = {b.pk for b in _due(_month_bookings(cluster=cluster, year=year, month=month), now)}
    pending = [b for b in rows if b.invoice_id is None and b.pk in due]
    return MonthBilling(
        year=year,
        month=month,
        to_invoice=_by_organisation(b for b in pending if b.organisation_id),
        left_out=[b for b in pending if not b.organisation_id],
        still_to_come=[b for b in rows if b.pk not in due],
        invoiced=[b for b in rows if b.invoice_id is not None],
        owners=_owner_statements(b for b in rows if b.pk in due),
    )


def booking_line_label(booking: Booking) -> str:
    starts, ends = booking.starts_at.astimezone(PARIS), booking.ends_at.astimezone(PARIS)
    when = f"{date_format(starts, 'l j F Y')}, {starts:%H:%M}-{ends:%H:%M}"
    if starts.date() != ends.date():
        when = _("du %(start)s au %(end)s") % {
            "start": f"{date_format(starts, 'j F Y')} {starts:%H:%M}",
            "end": f"{date_format(ends, 'j F Y')} {ends:%H:%M}",
        }
    label = f"{booking.resource.name} — {when} ({human_duration(booking.ends_at - booking.starts_at)})"
    if booking.status == Booking.Status.CANCELLED:
        return _("Frais d'annulation tardive : %(booking)s") % {"booking": label}
    return f"{label} — {booking.title}" if booking.title else label


def _draft_line(booking: Booking) -> DraftLine:
    return DraftLine(
        label=booking_line_label(booking),
        quantity=Decimal(1),
        unit=_("réservation"),
        unit_price_excl_tax=booking_takings(booking).billed_excl_tax,
        vat_rate=booking.vat_rate,
        nature=Nature.SERVICES,
        source=f"premises:booking:{booking.pk}",
    )


def _sale_date(bookings: list[Booking]) -> date:
    """The day the last service of the invoice was rendered (or, for a fee, its booking's day)."""
    return max(b.ends_at.astimezone(PARIS).date() for b in bookings)


def _refusal(organisation, error: ValidationError) -> ValidationError:
    return ValidationError(
        _(
            "« %(organisation)s » ne peut pas être facturée : %(reason)s Corrigez sa fiche (annuaire ou "
            "clients de la facturation) puis relancez : aucune facture n'a été créée."
        )
        % {"organisation": organisation.display_name, "reason": " ".join(error.messages)}
    )


@transaction.atomic
def bookings_invoice_month(
    *, cluster, year: int, month: int, created_by=None, now: datetime | None = None
) -> list[Invoice]:
    """One draft invoice per organisation for its bookings of the month not invoiced yet, all or nothing.
    The bookings are locked, so two runs at once cannot invoice one twice."""
    now = now or timezone.now()
    rows = list(
        _due(_month_bookings(cluster=cluster, year=year, month=month), now)
        .filter(invoice__isnull=True, organisation__isnull=False)
        .select_for_update(of=("self",))
        .select_related("resource", "organisation")
    )
    invoices = []
    for bill in _by_organisation(rows):
        try:
            invoice = invoice_draft_create(
                cluster=cluster,
                customer=bill.organisation,
                lines=[_draft_line(b) for b in bill.bookings],
                sale_date=_sale_date(bill.bookings),
                created_by=created_by,
            )
        except ValidationError as error:
            raise _refusal(bill.organisation, error) from error
        Booking.objects.filter(pk__in=[b.pk for b in bill.bookings]).update(invoice=invoice)
        invoices.append(invoice)
    return invoices


def month_billing_table(billing: MonthBilling) -> tuple[list[str], list[list]]:
    """The month's bookings with what each customer is billed and each owner is owed, for the accountant:
    the headers and rows of a spreadsheet."""
    headers = [
        _("N°"),
        _("Ressource"),
        _("Début"),
        _("Fin"),
        _("État"),
        _("Client"),
        _("Montant facturé HT"),
        _("Taux de TVA (%)"),
        _("Facture"),
        _("Propriétaire"),
        _("Part du propriétaire HT"),
        _("Commission du pôle HT"),
    ]
    bookings = sorted(
        [*(b for bill in billing.to_invoice for b in bill.bookings), *billing.left_out, *billing.invoiced],
        key=lambda b: (b.starts_at, b.pk),
    )
    return headers, [_table_row(booking) for booking in bookings]


def _table_row(booking: Booking) -> list:
    owner = booking.resource.owner_organisation
    takings = booking_takings(booking)
    customer = booking.organisation.display_name if booking.organisation else booking.customer_name
    invoice = booking.invoice
    return [
        booking.pk,
        booking.resource.name,
        booking.starts_at,
        booking.ends_at,
        booking.get_status_display(),
        customer,
        takings.billed_excl_tax,
        booking.vat_rate,
        (invoice.number or _("brouillon")) if invoice else None,
        owner.display_name if owner else None,
        takings.owner_share_excl_tax if owner else None,
        takings.commission_excl_tax if owner else None,
    ]
