"""Pages only the coordination uses: the seller record, customers, drafts, issuing, credit notes, payments,
reminders, the aged receivables and the FEC export."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view, require_coordinator
from coursive.core.exports import download

from . import fec, party_services, payment_services, selectors, services
from .access import access_customer, access_invoice
from .documents import InvoiceRenderingError
from .forms import (
    CustomerForm,
    DraftForm,
    InvoiceCreateForm,
    LineForm,
    PaymentForm,
    SellerProfileForm,
    YearForm,
)
from .models import Customer, InvoiceKind
from .views import NAV, detail_context


def _to_detail(invoice):
    return redirect("invoicing:detail", cluster_slug=invoice.cluster.slug, invoice_id=invoice.pk)


def _detail_with_errors(request, membership, invoice, **forms):
    """The invoice page again, with the refusal shown; an issued invoice has no form to show it in."""
    if not invoice.is_draft:
        forms.setdefault(
            "errors",
            [e for form in forms.values() if hasattr(form, "errors") for e in form.non_field_errors()],
        )
    context = detail_context(membership, invoice, **forms)
    return render(request, "invoicing/invoice_detail.html", context, status=400)


def _form_fields(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names}


@require_http_methods(["GET", "POST"])
@cluster_view
def seller_edit(request, membership):
    require_coordinator(membership)
    instance = selectors.seller_profile(cluster=membership.cluster)
    form = SellerProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            party_services.seller_profile_save(cluster=membership.cluster, fields=form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("L'émetteur des factures est enregistré."))
            return redirect("invoicing:list", cluster_slug=membership.cluster.slug)
    return render(request, "invoicing/seller_form.html", {**NAV, "form": form})


@require_GET
@cluster_view
def customer_list(request, membership):
    require_coordinator(membership)
    customers = Customer.objects.for_cluster(membership.cluster).select_related("organisation")
    return render(request, "invoicing/customer_list.html", {**NAV, "customers": customers})


def _customer_form(request, membership, customer=None):
    form = CustomerForm(request.POST or None, instance=customer)
    if request.method == "POST" and form.is_valid():
        try:
            party_services.customer_save(
                cluster=membership.cluster, fields=form.cleaned_data, customer=customer
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Le client est enregistré."))
            return redirect("invoicing:customers", cluster_slug=membership.cluster.slug)
    return render(request, "invoicing/customer_form.html", {**NAV, "form": form, "customer": customer})


@require_http_methods(["GET", "POST"])
@cluster_view
def customer_create(request, membership):
    require_coordinator(membership)
    return _customer_form(request, membership)


@require_http_methods(["GET", "POST"])
@cluster_view
def customer_edit(request, membership, customer_id: int):
    customer = access_customer(membership, customer_id)
    if customer.organisation_id:
        messages.info(request, _("Ce client est une structure membre : sa fiche de l'annuaire fait foi."))
        return redirect("invoicing:customers", cluster_slug=membership.cluster.slug)
    return _customer_form(request, membership, customer)


@require_http_methods(["GET", "POST"])
@cluster_view
def invoice_create(request, membership):
    require_coordinator(membership)
    form = InvoiceCreateForm(request.POST or None, cluster=membership.cluster)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = form.cleaned_data["organisation"]
            customer = form.cleaned_data["customer"] or party_services.customer_for_organisation(
                organisation=organisation
            )
            invoice = services.invoice_draft_create_for_customer(
                cluster=membership.cluster, customer=customer, lines=[], created_by=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _to_detail(invoice)
    return render(request, "invoicing/invoice_create.html", {**NAV, "form": form})


@require_POST
@cluster_view
def draft_update(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    form = DraftForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_draft_update(invoice=invoice, fields=form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Le brouillon est enregistré."))
            return _to_detail(invoice)
    return _detail_with_errors(request, membership, invoice, draft_form=form)


@require_POST
@cluster_view
def line_add(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    form = LineForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_line_add(invoice=invoice, line=form.draft_line())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _to_detail(invoice)
    return _detail_with_errors(request, membership, invoice, line_form=form)


def _run(request, membership, invoice, action, success: str):
    """Runs a one-click action on the invoice; a refusal is shown on the invoice page."""
    try:
        result = action()
    except ValidationError as error:
        return _detail_with_errors(request, membership, invoice, errors=error.messages)
    messages.success(request, success)
    return result


@require_POST
@cluster_view
def line_remove(request, membership, invoice_id: int, line_id: int):
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    return _run(
        request,
        membership,
        invoice,
        lambda: services.invoice_line_remove(invoice=invoice, line_id=line_id) or _to_detail(invoice),
        _("La ligne est supprimée."),
    )


def _issued_without_pdf(invoice) -> str:
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        text = _(
            "L'avoir N° %(number)s est émis, mais son PDF n'a pas pu être produit : régénérez-le depuis "
            "sa page avec le bouton « Régénérer le PDF »."
        )
    else:
        text = _(
            "La facture N° %(number)s est émise, mais son PDF n'a pas pu être produit : régénérez-le "
            "depuis sa page avec le bouton « Régénérer le PDF »."
        )
    return text % {"number": invoice.number}


@require_POST
@cluster_view
def invoice_issue_view(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    try:
        issued = services.invoice_issue(invoice=invoice, issued_by=request.user)
    except ValidationError as error:
        return _detail_with_errors(request, membership, invoice, errors=error.messages)
    except InvoiceRenderingError as error:
        # The number is committed and stays: the invoice page shows the PDF to regenerate.
        messages.warning(request, _issued_without_pdf(error.invoice))
        return _to_detail(invoice)
    messages.success(request, _("Le document est émis : son numéro et son PDF Factur-X ne changeront plus."))
    return _to_detail(issued)


@require_POST
@cluster_view
def documents_generate(request, membership, invoice_id: int):
    """Renders the PDF of an issued invoice whose rendering failed after its number was given."""
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    try:
        services.invoice_documents_generate(invoice=invoice)
    except ValidationError as error:
        return _detail_with_errors(request, membership, invoice, errors=error.messages)
    except InvoiceRenderingError:
        messages.error(
            request,
            _(
                "Le PDF de %(number)s n'a toujours pas pu être produit. Réessayez dans un moment ; si "
                "l'échec se répète, prévenez l'administrateur de Coursive."
            )
            % {"number": invoice.number},
        )
        return _to_detail(invoice)
    messages.success(request, _("Le PDF Factur-X est prêt."))
    return _to_detail(invoice)


@require_POST
@cluster_view
def issue_many(request, membership):
    require_coordinator(membership)
    ids = [int(value) for value in request.POST.getlist("invoice") if value.isdigit()]
    report = services.invoice_issue_many(cluster=membership.cluster, invoice_ids=ids, issued_by=request.user)
    if report.issued:
        messages.success(
            request,
            ngettext("%(count)d document émis.", "%(count)d documents émis.", len(report.issued))
            % {"count": len(report.issued)},
        )
    if report.without_pdf:
        count = len(report.without_pdf)
        messages.warning(
            request,
            ngettext(
                "%(count)d document émis sans PDF, à régénérer depuis sa page : %(numbers)s.",
                "%(count)d documents émis sans PDF, à régénérer depuis leur page : %(numbers)s.",
                count,
            )
            % {"count": count, "numbers": ", ".join(invoice.number for invoice in report.without_pdf)},
        )
    for draft, reasons in report.refused.items():
        messages.error(
            request, _("%(draft)s non émis : %(reasons)s") % {"draft": draft, "reasons": " ".join(reasons)}
        )
    if not ids:
        messages.error(request, _("Cochez les brouillons à émettre."))
    return redirect("invoicing:list", cluster_slug=membership.cluster.slug)


@require_POST
@cluster_view
def draft_delete(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    return _run(
        request,
        membership,
        invoice,
        lambda: (
            services.invoice_draft_delete(invoice=invoice)
            or redirect("invoicing:list", cluster_slug=membership.cluster.slug)
        ),
        _("Le brouillon est supprimé."),
    )


@require_POST
@cluster_view
def credit_note_create_view(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    return _run(
        request,
        membership,
        invoice,
        lambda: _to_detail(services.credit_note_create(invoice=invoice, created_by=request.user)),
        _("Avoir en brouillon : ajustez ses lignes pour un avoir partiel, puis émettez-le."),
    )


@require_POST
@cluster_view
def payment_add(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment_services.payment_record(invoice=invoice, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Le paiement est enregistré."))
            return _to_detail(invoice)
    return _detail_with_errors(request, membership, invoice, payment_form=form)


@require_POST
@cluster_view
def reminder_add(request, membership, invoice_id: int):
    invoice = access_invoice(membership, invoice_id, for_edit=True)
    return _run(
        request,
        membership,
        invoice,
        lambda: (
            payment_services.reminder_request(invoice=invoice, requested_by=request.user)
            and _to_detail(invoice)
        ),
        _("La relance part par e-mail dans un instant."),
    )


@require_GET
@cluster_view
def receivables_view(request, membership):
    require_coordinator(membership)
    today = timezone.localdate()
    rows, total = selectors.aged_receivables(cluster=membership.cluster, today=today)
    invoices = list(selectors.receivables(cluster=membership.cluster).prefetch_related("reminders"))
    for invoice in invoices:
        invoice.days_late = max(0, (today - invoice.due_date).days)
    context = {
        **NAV,
        "rows": rows,
        "total": total,
        "buckets": selectors.AGE_BUCKETS,
        "invoices": invoices,
        "today": today,
        "year_form": YearForm(initial={"year": today.year}),
    }
    return render(request, "invoicing/receivables.html", context)


@require_GET
@cluster_view
def fec_export(request, membership):
    require_coordinator(membership)
    form = YearForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Indiquez l'année de l'exercice à exporter, par exemple 2026."))
        return redirect("invoicing:receivables", cluster_slug=membership.cluster.slug)
    year = form.cleaned_data["year"]
    seller = selectors.seller_profile(cluster=membership.cluster)
    siren = seller.siren if seller else "000000000"
    text = fec.render(selectors.fec_entries(cluster=membership.cluster, year=year))
    name = fec.filename(siren=siren, closing=date(year, 12, 31))
    return download(text.encode("utf-8"), filename=name, content_type="text/plain; charset=utf-8")
