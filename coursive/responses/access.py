"""Who may see and change a joint response. A response is private to the users whose organisation takes
part in it (invited or accepted, from this cluster or a partner cluster) and to the coordination of the
cluster that owns it; everyone else gets the same 404 as for a missing response."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.models import INSIDER_ROLES, Membership, Role

from .models import InvitationStatus, JointResponse, Participant, Subcontractor

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


def access_active_participant(response: JointResponse, participant_id: int) -> Participant:
    """A participant who has not declined, whose pre-filled forms may be downloaded."""
    participant = access_participant(response, participant_id)
    if participant.invitation_status == InvitationStatus.DECLINED:
        raise Http404(_("Cette structure a décliné l'invitation."))
    return participant


def require_can_answer(membership: Membership, participant: Participant) -> None:
    if not can_answer_invitation(membership, participant):
        raise PermissionDenied(
            _("Seul un administrateur de la structure invitée peut répondre à l'invitation.")
        )


def declaring_participant(membership: Membership, response: JointResponse) -> Participant:
    """The caller's organisation in the response, when it has accepted: the one whose subcontractors the
    caller declares. The coordination sees every declaration but makes none for the members."""
    participant = None
    if membership.organisation_id and membership.role in INSIDER_ROLES:
        participant = (
            response.participants.select_related("response__notice", "organisation")
            .filter(organisation_id=membership.organisation_id, invitation_status=InvitationStatus.ACCEPTED)
            .first()
        )
    if participant is None:
        raise PermissionDenied(
            _(
                "Seuls les membres d'une structure du groupement qui a accepté l'invitation déclarent ses sous-traitants."
            )
        )
    return participant


def access_own_subcontractor(
    membership: Membership, response: JointResponse, subcontractor_id: int
) -> Subcontractor:
    """A subcontractor of a response the caller reached through `access_response`, which only the
    organisation that declared it may change."""
    subcontractor = (
        Subcontractor.objects.select_related("participant__response__notice", "participant__organisation")
        .filter(participant__response=response, pk=subcontractor_id)
        .first()
    )
    if subcontractor is None:
        raise Http404(_("Sous-traitant introuvable."))
    if not (
        membership.role in INSIDER_ROLES
        and membership.organisation_id == subcontractor.participant.organisation_id
    ):
        raise PermissionDenied(_("Seule la structure qui a déclaré ce sous-traitant peut le modifier."))
    return subcontractor


def access_subcontractor(response: JointResponse, subcontractor_id: int) -> Subcontractor:
    """A subcontractor of a response the caller already reached: every participant sees them all."""
    subcontractor = (
        Subcontractor.objects.select_related("participant__organisation", "lot")
        .filter(participant__response=response, pk=subcontractor_id)
        .exclude(participant__invitation_status=InvitationStatus.DECLINED)
        .first()
    )
    if subcontractor is None:
        raise Http404(_("Sous-traitant introuvable."))
    return subcontractor
