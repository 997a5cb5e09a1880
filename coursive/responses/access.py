"""Who may see and change a joint response. A response is private to the users whose organisation takes
part in it (invited or accepted, from this cluster or a partner cluster) and to the coordination of the
cluster that owns it; everyone else gets the same 404 as for a missing response."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.models import INSIDER_ROLES, Membership, Role

from .models import InvitationStatus, JointResponse, Participant

ACTIVE_INVITATIONS = (InvitationStatus.INVITED, InvitationStatus.ACCEPTED)


def visible_responses(membership: Membership) -> QuerySet[JointResponse]:
    condition = Q(pk__in=[])
    if membership.organisation_id and membership.role in INSIDER_ROLES:
        taking_part = Participant.objects.filter(
            organisation_id=membership.organisation_id, invitation_status__in=ACTIVE_INVITATIONS
        ).values("response_id")
        condition |= Q(pk__in=taking_part)
    if membership.role == Role.COORDINATOR:
        condition |= Q(cluster_id=membership.cluster_id)
    return JointResponse.objects.filter(condition)


def access_response(membership: Membership, response_id: int, *, for_edit: bool = False) -> JointResponse:
    response = (
        visible_responses(membership)
        .select_related("notice", "cluster", "opened_by")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        raise Http404(_("Réponse introuvable."))
    if for_edit and not can_edit_response(membership, response):
        raise PermissionDenied(
            _(
                "Seuls les membres du groupement qui ont accepté l'invitation et la coordination peuvent modifier la réponse."
            )
        )
    return response


def can_edit_response(membership: Membership, response: JointResponse) -> bool:
    if membership.role == Role.COORDINATOR and membership.cluster_id == response.cluster_id:
        return True
    return (
        bool(membership.organisation_id)
        and response.participants.filter(
            organisation_id=membership.organisation_id, invitation_status=InvitationStatus.ACCEPTED
        ).exists()
    )


def can_answer_invitation(membership: Membership, participant: Participant) -> bool:
    """Only an administrator of the invited organisation commits it to a groupement."""
    return membership.role == Role.MEMBER_ADMIN and membership.organisation_id == participant.organisation_id


def access_participant(response: JointResponse, participant_id: int) -> Participant:
    """A participant of a response the caller already reached through `access_response`."""
    participant = response.participants.select_related("organisation").filter(pk=participant_id).first()
    if participant is None:
        raise Http404(_("Membre du groupement introuvable."))
    return participant


def require_can_answer(membership: Membership, participant: Participant) -> None:
    if not can_answer_invitation(membership, participant):
        raise PermissionDenied(
            _("Seul un administrateur de la structure invitée peut répondre à l'invitation.")
        )
