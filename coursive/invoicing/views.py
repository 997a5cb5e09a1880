"""Invoice pages every member may open: the list of the invoices they may see, one invoice, its documents.
A member organisation's people see the invoices issued to it; the coordination sees all of them."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coursive.accounts.access import cluster_view
from coursive.core.exports import download
from coursive.core.money import to_cents

from . import documents
from .access import access_invoice
from .forms import DraftForm, LineForm, PaymentForm
from .models import InvoiceKind, InvoiceStatus
from .selectors import amounts_due, invoices_visible, seller_profile, with_outstanding
from .totals import compute_totals

NAV = {"nav_section": "invoicing"}
PER_PAGE = 50


@require_GET
@cluster_view
def invoice_list(request, membership):
    invoices = with_outstanding(invoices_visible(membership=membership))
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    if status in InvoiceStatus.values:
        invoices = invoices.filter(status=status)
    if kind in InvoiceKind.values:
        invoices = invoices.filter(kind=kind)
    page = Paginator(invoices.order_by("-issue_date", "-sequence", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        **NAV,
        "invoices": page.object_list,
        "page": page,
        "slug": membership.cluster.slug,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "status": status,
        "kind": kind,
        "statuses": InvoiceStatus.choices,
        "kinds": InvoiceKind.choices,
        "seller": seller_profile(cluster=membership.cluster) if membership.is_coordinator else None,
        "amounts": amounts_due(invoices=invoices_visible(membership=membership), today=timezone.localdate()),
    }
    # htmx asks for the whole page when it restores a history entry it no longer has in its cache.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    response = render(request, "invoicing/invoice_list.html" + ("#results" if partial else ""), context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def detail_context(membership, invoice, **forms) -> dict:
    """The invoice page of an invoice loaded by `access_invoice`, which annotates what remains due."""
    lines = list(invoice.lines.order_by("position"))
    context = {
        **NAV,
        "invoice": invoice,
        # An issued invoice shows the customer as it was at issue, a draft as it is now.
        "party": invoice.customer_snapshot or documents.customer_snapshot(invoice.customer),
        "lines": lines,
        "totals": compute_totals((line.amount_excl_tax, line.vat_rate) for line in lines),
        "payments": invoice.payments.all(),
        "credit_notes": invoice.credit_notes.all(),
        "reminders": invoice.reminders.all(),
        "outstanding": to_cents(invoice.outstanding) if not invoice.is_draft else None,
        "can_edit": membership.is_coordinator,
        "is_overdue": bool(invoice.due_date and invoice.due_date < timezone.localdate()),
    }
    if membership.is_coordinator and invoice.is_draft:
        context["draft_form"] = forms.get("draft_form") or DraftForm(
            initial={
                "sale_date": invoice.sale_date,
                "note": invoice.note,
                "vat_exemption_reason": invoice.vat_exemption_reason,
            }
        )
        context["line_form"] = forms.get("line_form") or LineForm()
    elif membership.is_coordinator and invoice.kind == InvoiceKind.INVOICE:
        context["payment_form"] = forms.get("payment_form") or PaymentForm(
            initial={"amount": context["outstanding"]}
        )
    context["errors"] = forms.get("errors", [])
    return context


@require_GET
@cluster_view
def invoice_detail(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id)
    return render(request, "invoicing/invoice_detail.html", detail_context(membership, invoice))


@require_GET
@cluster_view
def invoice_pdf(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id)
    if not invoice.pdf:
        raise Http404(_("Le PDF de cette facture n'existe pas encore."))
    return FileResponse(
        invoice.pdf.open("rb"),
        as_attachment=True,
        filename=f"{invoice.number}.pdf",
        content_type="application/pdf",
    )


@require_GET
@cluster_view
def invoice_xml(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id)
    if not invoice.facturx_xml:
        raise Http404(_("Le XML de cette facture n'existe pas encore."))
    return download(
        invoice.facturx_xml,
        filename=f"{invoice.number}-factur-x.xml",
        content_type="application/xml; charset=utf-8",
    )
