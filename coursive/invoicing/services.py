"""Writes on invoices: the seller record, customers, drafts, issuing and credit notes.

Other apps (leases, purchasing…) turn their amounts into invoices through `invoice_draft_create` and
`invoice_issue`. Every write validates the whole input first, so bad input writes nothing; an issued
invoice is never changed again and is corrected by a credit note."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.directory.models import Organisation

from . import documents
from .documents import InvoiceRenderingError
from .models import (
    VAT_RATES,
    Customer,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    Nature,
    NumberingCounter,
    SellerProfile,
    VatRegime,
)
from .party_services import customer_check, customer_for_organisation, seller_profile_require
from .totals import compute_totals, line_amount

logger = logging.getLogger(__name__)

SERIES_PREFIX = {InvoiceKind.INVOICE: "FA", InvoiceKind.CREDIT_NOTE: "AV"}
LINE_NATURES = (Nature.GOODS, Nature.SERVICES)


@dataclass(frozen=True)
class DraftLine:
    """One line another app (or a person) wants on an invoice. `source` says where it comes from, for
    example "leases:rent-call:42", so the origin of each amount can be traced."""

    label: str
    quantity: Decimal
    unit: str
    unit_price_excl_tax: Decimal
    vat_rate: Decimal
    nature: str
    source: str = ""


def _issued_refusal() -> ValidationError:
    return ValidationError(
        _("Cette facture est émise : elle ne peut plus être modifiée. Corrigez-la par un avoir."),
        code="issued",
    )


# Drafts ------------------------------------------------------------------------------------------------


def _clean_line(line: DraftLine, *, position: int, franchise: bool) -> dict:
    """The line's fields, or a French message naming the line; under franchise en base every rate is 0."""
    where = _("Ligne %(n)d : ") % {"n": position}
    try:
        quantity = Decimal(line.quantity)
        price = Decimal(line.unit_price_excl_tax)
        rate = Decimal(line.vat_rate).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError(where + _("quantité, prix et taux de TVA doivent être des nombres.")) from error
    if not line.label.strip():
        raise ValidationError(where + _("la désignation est obligatoire."))
    if not quantity.is_finite() or quantity <= 0:
        raise ValidationError(where + _("la quantité doit être positive ; pour corriger, émettez un avoir."))
    if quantity != quantity.quantize(Decimal("0.001")):
        raise ValidationError(where + _("la quantité a au plus trois décimales."))
    if not price.is_finite() or price < 0 or price != price.quantize(Decimal("0.0001")):
        raise ValidationError(
            where + _("le prix unitaire HT doit être positif, avec au plus quatre décimales.")
        )
    if rate not in VAT_RATES or rate != Decimal(line.vat_rate):
        raise ValidationError(where + _("taux de TVA inconnu : choisissez 20, 10, 5,5, 2,1 ou 0 %."))
    if line.nature not in LINE_NATURES:
        raise ValidationError(where + _("la nature doit être « goods » (biens) ou « services »."))
    if not line.unit.strip():
        raise ValidationError(
            where + _("l'unité est obligatoire (par exemple « mois », « heure », « unité »).")
        )
    return {
        "position": position,
        "label": line.label.strip()[:300],
        "quantity": quantity,
        "unit": line.unit.strip()[:20],
        "unit_price_excl_tax": price,
        "vat_rate": Decimal("0.00") if franchise else rate,
        "nature": line.nature,
        "source": line.source[:100],
        "amount_excl_tax": line_amount(quantity, price),
    }


def _is_franchise(cluster) -> bool:
    return SellerProfile.objects.filter(cluster=cluster, vat_regime=VatRegime.FRANCHISE).exists()


def _refresh_totals(invoice: Invoice) -> None:
    totals = compute_totals(invoice.lines.values_list("amount_excl_tax", "vat_rate"))
    invoice.total_excl_tax, invoice.total_vat, invoice.total_incl_tax = (
        totals.excl_tax,
        totals.vat,
        totals.incl_tax,
    )
    invoice.save(update_fields=["total_excl_tax", "total_vat", "total_incl_tax", "updated_at"])


def invoice_draft_create(
    *,
    cluster,
    customer: Organisation,
    lines: Sequence[DraftLine],
    sale_date: date | None = None,
    created_by=None,
) -> Invoice:
    """A draft invoice to a member organisation, whose billing record is created or refreshed from the
    directory."""
    if customer.cluster_id != cluster.pk:
        raise ValidationError(_("Cette structure n'appartient pas à ce pôle."))
    with transaction.atomic():
        billing = customer_for_organisation(organisation=customer)
        return invoice_draft_create_for_customer(
            cluster=cluster, customer=billing, lines=lines, sale_date=sale_date, created_by=created_by
        )


@transaction.atomic
def invoice_draft_create_for_customer(
    *,
    cluster,
    customer: Customer,
    lines: Sequence[DraftLine],
    sale_date: date | None = None,
    created_by=None,
    kind: str = InvoiceKind.INVOICE,
    credited_invoice: Invoice | None = None,
    note: str = "",
) -> Invoice:
    if customer.cluster_id != cluster.pk:
        raise ValidationError(_("Ce client n'appartient pas à ce pôle."))
    customer_check(customer)
    franchise = _is_franchise(cluster)
    cleaned = [_clean_line(line, position=n, franchise=franchise) for n, line in enumerate(lines, start=1)]
    invoice = Invoice.objects.create(
        cluster=cluster,
        kind=kind,
        customer=customer,
        credited_invoice=credited_invoice,
        sale_date=sale_date,
        note=note,
        created_by=created_by,
    )
    InvoiceLine.objects.bulk_create(InvoiceLine(invoice=invoice, **fields) for fields in cleaned)
    _refresh_totals(invoice)
    return invoice


def _lock_draft(invoice: Invoice) -> Invoice:
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not locked.is_draft:
        raise _issued_refusal()
    return locked


DRAFT_FIELDS = frozenset({"sale_date", "note", "vat_exemption_reason", "customer"})


@transaction.atomic
def invoice_draft_update(*, invoice: Invoice, fields: dict) -> Invoice:
    locked = _lock_draft(invoice)
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    if "customer" in fields:
        if fields["customer"].cluster_id != locked.cluster_id:
            raise ValidationError({"customer": _("Ce client n'appartient pas à ce pôle.")})
        customer_check(fields["customer"])
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    return locked


@transaction.atomic
def invoice_line_add(*, invoice: Invoice, line: DraftLine) -> InvoiceLine:
    locked = _lock_draft(invoice)
    position = (locked.lines.aggregate(last=Max("position"))["last"] or 0) + 1
    fields = _clean_line(line, position=position, franchise=_is_franchise(locked.cluster))
    created = InvoiceLine.objects.create(invoice=locked, **fields)
    _refresh_totals(locked)
    return created


@transaction.atomic
def invoice_line_remove(*, invoice: Invoice, line_id: int) -> None:
    locked = _lock_draft(invoice)
    removed = locked.lines.filter(pk=line_id).values_list("position", flat=True).first()
    if removed is None:
        raise ValidationError(_("Cette ligne n'existe pas sur ce brouillon."))
    locked.lines.filter(pk=line_id).delete()
    _close_position_gap(locked, removed)
    _refresh_totals(locked)


def _close_position_gap(invoice: Invoice, removed: int) -> None:
    """Moves the lines after a removed one down a place, as the numbered lines printed on the invoice must
    stay consecutive. SQLite and PostgreSQL check the unique (invoice, position) constraint row by row, so
    a single `position - 1` could collide with a line not yet moved: the lines first jump above every
    position in use, then land one place below where they were."""
    following = invoice.lines.filter(position__gt=removed)
    last = following.aggregate(last=Max("position"))["last"]
    if last is None:
        return
    following.update(position=F("position") + last)
    following.update(position=F("position") - last - 1)


@transaction.atomic
def invoice_draft_delete(*, invoice: Invoice) -> None:
    _lock_draft(invoice).delete()


@transaction.atomic
def credit_note_create(
    *, invoice: Invoice, lines: Sequence[DraftLine] | None = None, created_by=None, note: str = ""
) -> Invoice:
    """A draft credit note cancelling the invoice (all its lines by default) or part of it."""
    if invoice.status != InvoiceStatus.ISSUED or invoice.kind != InvoiceKind.INVOICE:
        raise ValidationError(_("Un avoir ne peut corriger qu'une facture émise."))
    if lines is None:
        lines = [
            DraftLine(
                label=line.label,
                quantity=line.quantity,
                unit=line.unit,
                unit_price_excl_tax=line.unit_price_excl_tax,
                vat_rate=line.vat_rate,
                nature=line.nature,
                source=line.source,
            )
            for line in invoice.lines.all()
        ]
    return invoice_draft_create_for_customer(
        cluster=invoice.cluster,
        customer=invoice.customer,
        lines=lines,
        sale_date=invoice.sale_date,
        created_by=created_by,
        kind=InvoiceKind.CREDIT_NOTE,
        credited_invoice=invoice,
        note=note or _("Avoir sur la facture %(number)s.") % {"number": invoice.number},
    )


# Issuing -----------------------------------------------------------------------------------------------


def invoice_issue(*, invoice: Invoice, issued_by, issue_date: date | None = None) -> Invoice:
    """Gives the draft the next number of its series and freezes it, then renders and stores its Factur-X
    PDF. The number is taken in a short transaction holding the series' counter row, so concurrent issues
    queue there and the series keeps neither gap nor duplicate; the rendering, which takes a tenth of a
    second, happens after, from the frozen data, so it does not hold the series up.

    `issue_date` (today by default) may be earlier, for an invoice prepared on paper, but never before the
    last document of the series: numbers and dates must follow the same order.

    Should the rendering fail, the invoice stays issued with its number (a series never reuses one) and
    `InvoiceRenderingError` carries it: the caller tells that its PDF is to be regenerated."""
    issued = _invoice_freeze(invoice=invoice, issued_by=issued_by, issue_date=issue_date)
    return invoice_documents_generate(invoice=issued)


@transaction.atomic
def _invoice_freeze(*, invoice: Invoice, issued_by, issue_date: date | None) -> Invoice:
    locked = _lock_draft(invoice)
    seller = seller_profile_require(cluster=locked.cluster)
    lines = list(locked.lines.order_by("position"))
    _issue_checks(locked, seller, lines)
    today = issue_date or timezone.localdate()
    locked.series = f"{SERIES_PREFIX[locked.kind]}-{today.year}"
    locked.sequence = _next_sequence(cluster=locked.cluster, series=locked.series)
    _check_chronology(locked, today)
    locked.number = f"{locked.series}-{locked.sequence:05d}"
    locked.status = InvoiceStatus.ISSUED
    locked.issue_date = today
    locked.sale_date = locked.sale_date or today
    locked.due_date = today + timedelta(days=seller.payment_terms_days)
    locked.nature = _nature(lines)
    if seller.vat_regime == VatRegime.FRANCHISE:
        locked.vat_exemption_reason = documents.FRANCHISE_MENTION
    locked.seller_snapshot = documents.seller_snapshot(seller)
    locked.customer_snapshot = documents.customer_snapshot(locked.customer)
    locked.issued_at = timezone.now()
    locked.issued_by = issued_by
    totals = compute_totals((line.amount_excl_tax, line.vat_rate) for line in lines)
    locked.total_excl_tax, locked.total_vat, locked.total_incl_tax = (
        totals.excl_tax,
        totals.vat,
        totals.incl_tax,
    )
    locked.save()
    return locked


def _issue_checks(invoice: Invoice, seller: SellerProfile, lines: list[InvoiceLine]) -> None:
    if not lines:
        raise ValidationError(_("Une facture sans ligne ne peut pas être émise."))
    customer_check(invoice.customer)
    rates = {line.vat_rate for line in lines}
    if seller.vat_regime == VatRegime.FRANCHISE and rates != {Decimal("0.00")}:
        raise ValidationError(
            _("L'émetteur est en franchise en base de TVA : toutes les lignes doivent être à 0 %.")
        )
    if (
        seller.vat_regime == VatRegime.NORMAL
        and Decimal("0.00") in rates
        and not invoice.vat_exemption_reason
    ):
        raise ValidationError(
            {
                "vat_exemption_reason": _(
                    "Une ligne à 0 % doit indiquer la mention d'exonération (article du CGI)."
                )
            }
        )
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        _credit_note_check(invoice, lines)


def _credit_note_check(credit_note: Invoice, lines: list[InvoiceLine]) -> None:
    # Locking the corrected invoice makes two credit notes issued at once on it queue, so their sum is
    # checked against what the first one left.
    original = Invoice.objects.select_for_update().get(pk=credit_note.credited_invoice_id)
    totals = compute_totals((line.amount_excl_tax, line.vat_rate) for line in lines)
    credited = (
        original.credit_notes.filter(status=InvoiceStatus.ISSUED).aggregate(total=Sum("total_incl_tax"))[
            "total"
        ]
        or 0
    )
    if credited + totals.incl_tax > original.total_incl_tax:
        raise ValidationError(
            _("Les avoirs sur la facture %(number)s dépasseraient son montant (%(total)s € TTC).")
            % {"number": original.number, "total": original.total_incl_tax}
        )


def _next_sequence(*, cluster, series: str) -> int:
    NumberingCounter.objects.get_or_create(cluster=cluster, series=series)
    counter = NumberingCounter.objects.select_for_update().get(cluster=cluster, series=series)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def _check_chronology(invoice: Invoice, issue_date: date) -> None:
    """Runs once the series is locked, so no other issue can slip in between the check and the number."""
    if issue_date > timezone.localdate():
        raise ValidationError({"issue_date": _("La date d'émission ne peut pas être dans le futur.")})
    last = Invoice.objects.filter(
        cluster=invoice.cluster, series=invoice.series, status=InvoiceStatus.ISSUED
    ).aggregate(last=Max("issue_date"))["last"]
    if last and issue_date < last:
        raise ValidationError(
            {
                "issue_date": _(
                    "La date d'émission ne peut pas précéder celle du dernier document de la série (%(date)s)."
                )
                % {"date": last.strftime("%d/%m/%Y")}
            }
        )


def _nature(lines: list[InvoiceLine]) -> str:
    natures = {line.nature for line in lines}
    return natures.pop() if len(natures) == 1 else Nature.MIXED


@dataclass(frozen=True)
class IssueReport:
    issued: list[Invoice]
    refused: dict[str, list[str]]  # draft label → why
    without_pdf: list[Invoice]  # issued, numbered, but their PDF is to be regenerated


def invoice_issue_many(*, cluster, invoice_ids: Sequence[int], issued_by) -> IssueReport:
    """Issues several drafts, say the month's rent invoices, in the order they were prepared. Each is issued
    on its own, so one refusal (a customer without SIREN…) leaves the others issued, and one PDF that fails
    to render leaves its invoice issued without it and the next ones issued as usual."""
    drafts = Invoice.objects.for_cluster(cluster).filter(pk__in=invoice_ids, status=InvoiceStatus.DRAFT)
    issued, refused, without_pdf = [], {}, []
    for draft in drafts.select_related("customer").order_by("pk"):
        try:
            issued.append(invoice_issue(invoice=draft, issued_by=issued_by))
        except ValidationError as error:
            refused[f"{draft} ({draft.customer.name})"] = error.messages
        except InvoiceRenderingError as error:
            issued.append(error.invoice)
            without_pdf.append(error.invoice)
    return IssueReport(issued=issued, refused=refused, without_pdf=without_pdf)


def invoice_documents_generate(*, invoice: Invoice) -> Invoice:
    """Renders the Factur-X PDF of an issued invoice once; an invoice that has one keeps it unchanged, even
    when the copy passed is older than a rendering stored meanwhile. The number is never touched: it was
    given at issue and stays, with or without its PDF.

    A failure to render or store raises `InvoiceRenderingError`, logged here with its cause, and writes
    nothing: the invoice waits, without PDF, for another attempt."""
    if invoice.is_draft:
        raise ValidationError(_("Un brouillon n'a pas de PDF : émettez-le d'abord."))
    if invoice.pdf:
        return invoice
    lines = list(invoice.lines.order_by("position"))
    try:
        xml, pdf = documents.render(invoice, lines)
        with transaction.atomic():
            locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
            if not locked.pdf:
                documents.store(locked, xml=xml, pdf=pdf)
    except InvoiceRenderingError:
        logger.exception(
            "Invoice %s (id %s) is issued but its PDF could not be produced", invoice.number, invoice.pk
        )
        raise
    return locked
