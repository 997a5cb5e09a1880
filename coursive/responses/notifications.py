"""E-mails of the workspace: an invitation to the administrators of the invited organisation, and the
answer to whoever invited it. Each is marked sent in the transaction that sends it."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coursive.accounts.models import Membership, Role
from coursive.core.emails import render_email

from .models import InvitationStatus, Participant


def _workspace_url(participant: Participant, cluster_slug: str) -> str:
    path = reverse("responses:workspace", args=[cluster_slug, participant.response_id])
    return f"{settings.SITE_URL}{path}"


def _send(template: str, context: dict, recipients: list[str]) -> None:
    subject, body = render_email(f"responses/email/{template}", context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)


def invitation_email_send(*, participant_id: int) -> int:
    """E-mails the administrators of the invited organisation; returns how many were written to."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("organisation__cluster", "response__notice", "response__cluster", "invited_by")
            .filter(pk=participant_id, invitation_status=InvitationStatus.INVITED, invitation_emailed_at=None)
            .first()
        )
        if participant is None:
            return 0
        recipients = sorted(
            Membership.objects.filter(
                organisation=participant.organisation, role=Role.MEMBER_ADMIN, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        if recipients:
            context = {
                "participant": participant,
                "url": _workspace_url(participant, participant.organisation.cluster.slug),
            }
            _send("invitation", context, recipients)
        participant.invitation_emailed_at = timezone.now()
        participant.save(update_fields=["invitation_emailed_at"])
    return len(recipients)


def answer_email_send(*, participant_id: int) -> int:
    """Tells whoever sent the invitation that it was accepted or declined, with the reason."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("organisation", "response__notice", "response__cluster", "invited_by")
            .exclude(invitation_status=InvitationStatus.INVITED)
            .filter(pk=participant_id, answer_emailed_at=None)
            .first()
        )
        if participant is None:
            return 0
        inviter = participant.invited_by
        membership = (
            Membership.objects.filter(user=inviter).select_related("cluster").first() if inviter else None
        )
        if membership is not None and inviter.is_active:
            context = {
                "participant": participant,
                "url": _workspace_url(participant, membership.cluster.slug),
            }
            _send("answer", context, [inviter.email])
        participant.answer_emailed_at = timezone.now()
        participant.save(update_fields=["answer_emailed_at"])
    return 1 if membership is not None else 0
