"""Loading invoices and customers for a request. What a person may not see answers 404 like what does
not exist; the coordination alone writes."""

from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.access import require_coordinator
from coursive.accounts.models import Membership

from .models import Customer, Invoice
from .selectors import invoices_visible, with_outstanding


def access_invoice(membership: Membership, invoice_id: int, *, for_edit: bool = False) -> Invoice:
    """The invoice, annotated with what remains due (`with_outstanding`) so that a page or an API call
    reads it once."""
    invoice = (
        with_outstanding(invoices_visible(membership=membership))
        .select_related("customer", "credited_invoice", "cluster")
        .filter(pk=invoice_id)
        .first()
    )
    if invoice is None:
        raise Http404(_("Facture introuvable."))
    if for_edit:
        require_coordinator(membership)
    return invoice


def access_customer(membership: Membership, customer_id: int) -> Customer:
    require_coordinator(membership)
    customer = Customer.objects.for_cluster(membership.cluster).filter(pk=customer_id).first()
    if customer is None:
        raise Http404(_("Client introuvable."))
    return customer
