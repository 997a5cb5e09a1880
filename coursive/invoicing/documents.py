"""The documents of an issued invoice: the Factur-X XML (EN 16931 profile, CII syntax) and the PDF/A-3 that
carries it. Both are built from the snapshots frozen at issue, so re-rendering could never change them."""

import hashlib
import threading

from django.core.files.base import ContentFile
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.utils import translation

from . import cii
from .models import DEBITS_MENTION, FRANCHISE_MENTION, RECOVERY_INDEMNITY, Invoice, InvoiceLine
from .totals import compute_totals

__all__ = ["DEBITS_MENTION", "FRANCHISE_MENTION", "RECOVERY_INDEMNITY"]


_local = threading.local()


class InvoiceRenderingError(Exception):
    """The Factur-X documents of an issued invoice could not be produced or stored. The invoice keeps its
    number and its frozen content; `services.invoice_documents_generate` renders them again later."""

    def __init__(self, invoice: Invoice):
        super().__init__(f"The Factur-X documents of {invoice.number} could not be produced.")
        self.invoice = invoice


def _font_config():
    """One WeasyPrint font configuration per thread, reused from one invoice to the next: it caches the
    fonts it has loaded, which saves about a tenth of the rendering time."""
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


def seller_snapshot(seller) -> dict:
    return {
        "legal_name": seller.legal_name,
        "legal_form": seller.legal_form,
        "share_capital": seller.share_capital,
        "siret": seller.siret,
        "siren": seller.siren,
        "vat_number": seller.vat_number,
        "rcs": seller.rcs,
        "rna_number": seller.rna_number,
        "street": seller.street,
        "postcode": seller.postcode,
        "commune": seller.commune,
        "country": "FR",
        "email": seller.email,
        "phone": seller.phone,
        "vat_regime": seller.vat_regime,
        "vat_on_debits": seller.vat_on_debits,
        "payment_terms_days": seller.payment_terms_days,
        "early_payment_discount": seller.early_payment_discount,
        "late_penalty_rate": str(seller.late_penalty_rate),
        "bank_name": seller.bank_name,
        "iban": seller.iban,
        "bic": seller.bic,
    }


def customer_snapshot(customer) -> dict:
    delivery = bool(customer.delivery_street)
    return {
        "name": customer.name,
        "is_professional": customer.is_professional,
        "siret": customer.siret,
        "siren": customer.siret[:9],
        "vat_number": customer.vat_number,
        "street": customer.street,
        "postcode": customer.postcode,
        "commune": customer.commune,
        "country": customer.country,
        "delivery_street": customer.delivery_street if delivery else customer.street,
        "delivery_postcode": customer.delivery_postcode if delivery else customer.postcode,
        "delivery_commune": customer.delivery_commune if delivery else customer.commune,
        "email": customer.email,
    }


def payment_terms_text(invoice: Invoice) -> str:
    """The payment conditions every French invoice states (C. com. L441-9 and L441-10)."""
    seller = invoice.seller_snapshot
    text = (
        f"Paiement à {seller['payment_terms_days']} jours, au plus tard le {invoice.due_date:%d/%m/%Y}. "
        f"{seller['early_payment_discount']} "
        f"Pénalités de retard : {seller['late_penalty_rate'].replace('.', ',')} % par an."
    )
    if invoice.customer_snapshot.get("is_professional"):
        text += (
            f" Indemnité forfaitaire pour frais de recouvrement due en cas de retard : "
            f"{int(RECOVERY_INDEMNITY)} € (C. com. art. L441-10 et D441-5)."
        )
    return text


def render(invoice: Invoice, lines: list[InvoiceLine]) -> tuple[bytes, bytes]:
    """The Factur-X XML and the PDF/A-3 carrying it. lxml, WeasyPrint and factur-x fail in many ways, the
    last one often with a bare `Exception`: to the caller they all mean one thing, the documents are not
    there, so they become one `InvoiceRenderingError`. A database error is not the renderer's (the PDF of a
    credit note reads the corrected invoice) and goes up unchanged."""
    try:
        xml = facturx_xml(invoice, lines)
        return xml, facturx_pdf(invoice, lines, xml)
    except DatabaseError:
        raise
    except Exception as error:
        raise InvoiceRenderingError(invoice) from error


def facturx_xml(invoice: Invoice, lines: list[InvoiceLine]) -> bytes:
    totals = compute_totals((line.amount_excl_tax, line.vat_rate) for line in lines)
    return cii.build(invoice=invoice, lines=lines, totals=totals, payment_terms=payment_terms_text(invoice))


def facturx_pdf(invoice: Invoice, lines: list[InvoiceLine], xml: bytes) -> bytes:
    """Renders the human-readable PDF/A-3 with WeasyPrint, then embeds the XML as factur-x.xml."""
    from facturx import generate_from_binary
    from weasyprint import HTML

    totals = compute_totals((line.amount_excl_tax, line.vat_rate) for line in lines)
    with translation.override("fr"):
        html = render_to_string(
            "invoicing/invoice_pdf.html",
            {
                "invoice": invoice,
                "lines": lines,
                "totals": totals,
                "seller": invoice.seller_snapshot,
                "customer": invoice.customer_snapshot,
                "payment_terms": payment_terms_text(invoice),
                "debits_mention": DEBITS_MENTION,
            },
        )
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/a-3b", font_config=_font_config())
    title = f"{invoice.get_kind_display()} {invoice.number}"
    metadata = {
        "author": invoice.seller_snapshot["legal_name"],
        "keywords": "Factur-X, facture",
        "title": title,
        "subject": f"{title} du {invoice.issue_date:%d/%m/%Y}",
    }
    # The XML was checked against the schema when it was built; checking again would only cost time.
    return generate_from_binary(
        pdf, xml, flavor="factur-x", level="en16931", check_xsd=False, pdf_metadata=metadata, lang="fr-FR"
    )


def store(invoice: Invoice, *, xml: bytes, pdf: bytes) -> None:
    """Writes the PDF to the file storage, then records it on the invoice. A storage that refuses the file
    (full disk, permissions) is a rendering failure; a PDF whose record then fails is removed again, so no
    file is left that no invoice points to."""
    try:
        invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(pdf), save=False)
    except OSError as error:
        raise InvoiceRenderingError(invoice) from error
    invoice.facturx_xml = xml.decode()
    invoice.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    try:
        invoice.save(update_fields=["facturx_xml", "pdf", "pdf_sha256", "updated_at"])
    except Exception:
        invoice.pdf.delete(save=False)
        raise
