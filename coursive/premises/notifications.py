"""E-mails of the premises app."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import WaitingListEntry


def send_slot_freed(*, entry: WaitingListEntry) -> None:
    path = reverse(
        "premises:resource_detail",
        kwargs={"cluster_slug": entry.cluster.slug, "resource_id": entry.resource_id},
    )
    context = {"entry": entry, "url": f"{settings.SITE_URL}{path}?jour={entry.starts_at.date().isoformat()}"}
    send_mail(
        subject=render_to_string("premises/email/slot_freed_subject.txt", context).strip(),
        message=render_to_string("premises/email/slot_freed_body.txt", context),
        from_email=None,
        recipient_list=[entry.user.email],
    )


def send_decision(*, booking) -> None:
    path = reverse(
        "premises:booking_detail", kwargs={"cluster_slug": booking.cluster.slug, "booking_id": booking.pk}
    )
    context = {"booking": booking, "url": f"{settings.SITE_URL}{path}"}
    send_mail(
        subject=render_to_string("premises/email/decision_subject.txt", context).strip(),
        message=render_to_string("premises/email/decision_body.txt", context),
        from_email=None,
        recipient_list=[booking.booked_by.email],
    )
