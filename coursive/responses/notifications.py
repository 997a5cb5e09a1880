"""E-mails of the workspace: an invitation to the administrators of the invited organisation, and the
answer to whoever invited it. Each is marked sent in the transaction that sends it."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, Q, When
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
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
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
    """Tells whoever sent the invitation that it was accepted or declined, with the reason; returns how many
    were written to (none when the inviter left, was deactivated or has no address)."""
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
        membership = _inviter_membership(participant) if _reachable(inviter) else None
        if membership is not None:
            context = {
                "participant": participant,
                "url": _workspace_url(participant, membership.cluster.slug),
            }
            _send("answer", context, [inviter.email])
        participant.answer_emailed_at = timezone.now()
        participant.save(update_fields=["answer_emailed_at"])
    return 1 if membership is not None else 0


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def _inviter_membership(participant: Participant) -> Membership | None:
    """The inviter's role through which the response is reached: in the response's cluster first; an
    inviter from a partner cluster reaches it from the cluster of its organisation taking part."""
    response = participant.response
    taking_part = response.participants.filter(invitation_status=InvitationStatus.ACCEPTED).values(
        "organisation_id"
    )
    return (
        Membership.objects.filter(user_id=participant.invited_by_id)
        .filter(Q(cluster_id=response.cluster_id) | Q(organisation_id__in=taking_part))
        .select_related("cluster")
        .order_by(Case(When(cluster_id=response.cluster_id, then=0), default=1), "pk")
        .first()
    )
