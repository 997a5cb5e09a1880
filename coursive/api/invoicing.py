"""Invoices, credit notes and payments through the API, with the rules of the pages: the coordination sees
every invoice of its cluster and records payments; a member organisation's people read the invoices issued
to it; anybody else sees none, and another organisation's invoice answers 404 like a missing one."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coursive.accounts.access import access_cluster
from coursive.core.money import to_cents
from coursive.invoicing.access import access_invoice
from coursive.invoicing.models import InvoiceKind, InvoiceStatus, Nature, PaymentMethod
from coursive.invoicing.payment_services import payment_record
from coursive.invoicing.selectors import invoices_visible, with_outstanding
from coursive.invoicing.totals import compute_totals

from .pagination import BoundedPagination
from .schemas import ErrorOut
from .types import ObjectId, Slug, Text

router = Router(tags=["Facturation"])

INVOICE_PATH = "/clusters/{slug}/invoices/{invoice_id}"


class InvoiceFilterIn(Schema):
    status: InvoiceStatus | None = Field(None, description="draft (coordination seulement) ou issued")
    kind: InvoiceKind | None = Field(None, description="invoice ou credit_note")


class InvoiceOut(Schema):
    id: int
    kind: InvoiceKind
    status: InvoiceStatus
    number: str = Field(description="Vide pour un brouillon")
    customer_id: int
    customer_name: str
    customer_organisation_id: int | None
    issue_date: date | None
    sale_date: date | None
    due_date: date | None
    nature: Nature | None
    total_excl_tax: Decimal
    total_vat: Decimal
    total_incl_tax: Decimal
    outstanding: Decimal | None = Field(
        description="Reste dû d'une facture émise, net des paiements et avoirs"
    )
    credited_invoice_id: int | None
    pdf_url: str | None = Field(description="Le PDF/A-3 Factur-X d'un document émis, dans l'API")
    pdf_missing: bool = Field(
        description="Document émis dont le PDF n'a pas pu être produit : son numéro est définitif, la "
        "coordination doit régénérer le PDF depuis la page du document"
    )

    @staticmethod
    def resolve_customer_name(invoice) -> str:
        return invoice.customer.name

    @staticmethod
    def resolve_customer_organisation_id(invoice) -> int | None:
        return invoice.customer.organisation_id

    @staticmethod
    def resolve_nature(invoice) -> str | None:
        return invoice.nature or None

    @staticmethod
    def resolve_outstanding(invoice) -> Decimal | None:
        if invoice.is_draft or invoice.is_credit_note:
            return None
        return to_cents(invoice.outstanding)

    @staticmethod
    def resolve_pdf_url(invoice) -> str | None:
        if not invoice.pdf:
            return None
        return f"/api/clusters/{invoice.cluster.slug}/invoices/{invoice.pk}/pdf"

    @staticmethod
    def resolve_pdf_missing(invoice) -> bool:
        return not invoice.is_draft and not invoice.pdf


class LineOut(Schema):
    position: int
    label: str
    quantity: Decimal
    unit: str
    unit_price_excl_tax: Decimal
    vat_rate: Decimal
    nature: str
    source: str
    amount_excl_tax: Decimal


class RateTotalOut(Schema):
    rate: Decimal
    base: Decimal
    vat: Decimal


class PaymentOut(Schema):
    id: int
    invoice_id: int
    paid_on: date
    amount: Decimal
    method: PaymentMethod
    reference: str
    created_at: datetime


class InvoiceDetailOut(InvoiceOut):
    vat_exemption_reason: str
    note: str
    lines: list[LineOut]
    vat_breakdown: list[RateTotalOut]
    payments: list[PaymentOut]

    # The endpoint prefetches the lines (ordered by position): both fields read them from that one query.
    @staticmethod
    def resolve_lines(invoice) -> list:
        return list(invoice.lines.all())

    @staticmethod
    def resolve_vat_breakdown(invoice) -> list:
        totals = compute_totals((line.amount_excl_tax, line.vat_rate) for line in invoice.lines.all())
        return list(totals.by_rate)

    @staticmethod
    def resolve_payments(invoice) -> list:
        return list(invoice.payments.all())


class PaymentIn(Schema):
    paid_on: date
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    method: PaymentMethod
    reference: Text = Field("", max_length=100)


def _invoice(request, slug: str, invoice_id: int, *, for_edit: bool = False):
    membership = access_cluster(request.auth, slug)
    return access_invoice(membership, invoice_id, for_edit=for_edit)


@router.get(
    "/clusters/{slug}/invoices",
    response={200: list[InvoiceOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Factures et avoirs",
    description="Les documents que l'utilisateur peut voir : tous pour la coordination (brouillons compris), "
    "ceux adressés à sa structure pour un membre ; les plus récents d'abord.",
)
@paginate(BoundedPagination)
def invoice_list(request, slug: Slug, filters: Query[InvoiceFilterIn]):
    membership = access_cluster(request.auth, slug)
    invoices = with_outstanding(invoices_visible(membership=membership)).select_related("cluster")
    if filters.status:
        invoices = invoices.filter(status=filters.status)
    if filters.kind:
        invoices = invoices.filter(kind=filters.kind)
    return invoices.order_by("-issue_date", "-sequence", "-pk")


@router.get(
    INVOICE_PATH,
    response={200: InvoiceDetailOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Une facture ou un avoir",
    description="Avec ses lignes, sa TVA par taux et ses paiements.",
)
def invoice_detail(request, slug: Slug, invoice_id: ObjectId):
    invoice = _invoice(request, slug, invoice_id)
    prefetch_related_objects([invoice], "lines")
    return invoice


@router.get(
    f"{INVOICE_PATH}/pdf",
    response={200: None, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Le PDF Factur-X d'un document émis",
    description="Le PDF/A-3 tel qu'il a été émis, avec le XML Factur-X (EN 16931) joint sous le nom "
    "factur-x.xml ; l'en-tête X-Content-SHA256 donne son empreinte enregistrée à l'émission.",
    openapi_extra={"responses": {200: {"description": "Le PDF", "content": {"application/pdf": {}}}}},
)
def invoice_pdf(request, slug: Slug, invoice_id: ObjectId):
    invoice = _invoice(request, slug, invoice_id)
    if invoice.is_draft:
        raise Http404(_("Ce document n'a pas encore de PDF : il est en brouillon."))
    if not invoice.pdf:
        raise Http404(
            _(
                "Le PDF de ce document n'a pas pu être produit à l'émission : la coordination doit le régénérer."
            )
        )
    response = FileResponse(
        invoice.pdf.open("rb"),
        as_attachment=True,
        filename=f"{invoice.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = invoice.pdf_sha256
    return response


@router.get(
    f"{INVOICE_PATH}/payments",
    response={200: list[PaymentOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Paiements d'une facture",
)
def payment_list(request, slug: Slug, invoice_id: ObjectId):
    invoice = _invoice(request, slug, invoice_id)
    return list(invoice.payments.all())


@router.post(
    f"{INVOICE_PATH}/payments",
    response={201: PaymentOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Enregistrer un paiement",
    description="Paiement total ou partiel d'une facture émise, sans dépasser le reste dû. Réservé à la "
    "coordination du pôle.",
)
def payment_create(request, slug: Slug, invoice_id: ObjectId, payload: PaymentIn):
    invoice = _invoice(request, slug, invoice_id, for_edit=True)
    payment = payment_record(invoice=invoice, recorded_by=request.auth, **payload.dict())
    return Status(201, payment)
