"""Writes on what customers pay: payments recorded by the coordination, and e-mailed reminders."""

from datetime import date
from decimal import Decimal, InvalidOperation
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .models import Invoice, InvoiceKind, InvoiceStatus, Payment, PaymentMethod, Reminder


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    paid_on: date,
    amount: Decimal,
    method: str,
    reference: str = "",
    recorded_by=None,
) -> Payment:
    """A full or partial payment of an issued invoice; it may not exceed what is still due."""
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.status != InvoiceStatus.ISSUED or locked.kind != InvoiceKind.INVOICE:
        raise ValidationError(_("Un paiement ne s'enregistre que sur une facture émise."))
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({"amount": _("Le montant doit être un nombre.")}) from error
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("Le montant doit être positif, au centime près.")})
    due = selectors.invoice_outstanding(invoice=locked)
    if amount > due:
        raise ValidationError(
            {"amount": _("Le montant dépasse le reste dû sur cette facture (%(due)s €).") % {"due": due}}
        )
    if method not in PaymentMethod.values:
        raise ValidationError({"method": _("Moyen de paiement inconnu.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("La date du paiement ne peut pas être dans le futur.")})
    if paid_on < locked.issue_date:
        raise ValidationError({"paid_on": _("La date du paiement précède l'émission de la facture.")})
    return Payment.objects.create(
        cluster=locked.cluster,
        invoice=locked,
        paid_on=paid_on,
        amount=amount,
        method=method,
        reference=reference.strip()[:100],
        recorded_by=recorded_by,
    )


@transaction.atomic
def reminder_request(*, invoice: Invoice, requested_by=None) -> Reminder:
    """Records a reminder for an overdue invoice; the e-mail leaves after the commit, in a task."""
    from . import tasks

    locked = Invoice.objects.select_for_update().select_related("customer").get(pk=invoice.pk)
    due = selectors.invoice_outstanding(invoice=locked)
    if locked.status != InvoiceStatus.ISSUED or locked.kind != InvoiceKind.INVOICE or due <= 0:
        raise ValidationError(_("Seule une facture émise qui reste à payer peut être relancée."))
    if locked.due_date >= timezone.localdate():
        raise ValidationError(_("Cette facture n'est pas encore échue : la relance attendra l'échéance."))
    if not locked.customer.email:
        raise ValidationError(
            _("Le client n'a pas d'e-mail de facturation : renseignez-le pour le relancer.")
        )
    reminder = Reminder.objects.create(
        invoice=locked, requested_by=requested_by, recipient=locked.customer.email, amount_due=due
    )
    transaction.on_commit(partial(tasks.reminder_send_task.enqueue, reminder_id=reminder.pk))
    return reminder


def reminder_send(*, reminder_id: int) -> bool:
    """Sends the reminder once: a task delivered twice finds it already sent and does nothing."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .select_related("invoice__cluster")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        invoice = reminder.invoice
        context = {"invoice": invoice, "reminder": reminder, "seller": invoice.seller_snapshot}
        send_mail(
            subject=_("Relance : facture %(number)s") % {"number": invoice.number},
            message=render_to_string("invoicing/email/reminder.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[reminder.recipient],
        )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at", "updated_at"])
        return True
