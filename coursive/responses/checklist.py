"""The pieces a response must produce. The candidacy forms follow the composition of the groupement (one
DC1 for the group and one DC2 per member, or one DUME per member instead; a DC4 per subcontractor); the
other pieces are a sensible default list the team then adapts."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    ChecklistItem,
    ChecklistKind,
    InvitationStatus,
    JointResponse,
    Participant,
    ParticipantRole,
)

FORM_KINDS = (ChecklistKind.DC1, ChecklistKind.DC2, ChecklistKind.DC4, ChecklistKind.DUME)

# Days before the bid deadline each piece is due, so the mandataire has time to assemble the bid.
DAYS_BEFORE_DEADLINE = {
    ChecklistKind.DC1: 3,
    ChecklistKind.DC2: 5,
    ChecklistKind.DC4: 5,
    ChecklistKind.DUME: 5,
    ChecklistKind.TECHNICAL: 3,
    ChecklistKind.REFERENCES: 7,
    ChecklistKind.CERTIFICATES: 7,
    ChecklistKind.PRICE: 2,
}


def due_date(response: JointResponse, kind: str) -> datetime.date | None:
    if response.notice.deadline_at is None:
        return None
    deadline_day = timezone.localtime(response.notice.deadline_at).date()
    return deadline_day - datetime.timedelta(days=DAYS_BEFORE_DEADLINE.get(kind, 0))


def default_items(response: JointResponse, *, owner: Participant | None) -> list[ChecklistItem]:
    labels = [
        (ChecklistKind.TECHNICAL, _("Mémoire technique")),
        (ChecklistKind.REFERENCES, _("Références des membres sur des prestations similaires")),
        (
            ChecklistKind.CERTIFICATES,
            _(
                "Attestations de chaque membre (Kbis, URSSAF, régularité fiscale, assurance) et certificats demandés"
            ),
        ),
        (ChecklistKind.PRICE, _("Offre de prix (acte d'engagement, bordereau ou décomposition des prix)")),
    ]
    return [
        ChecklistItem(response=response, kind=kind, label=label, owner=owner, due_on=due_date(response, kind))
        for kind, label in labels
    ]


def sync_form_items(response: JointResponse) -> None:
    """Creates the form pieces the composition calls for and deletes those it no longer does, keeping
    the ones already there (with their owner, due date and done state)."""
    wanted = _wanted_form_items(response)
    existing = {
        (item.kind, item.concerns_id): item for item in response.checklist.filter(kind__in=FORM_KINDS)
    }
    for key, item in existing.items():
        if key not in wanted:
            item.delete()
    ChecklistItem.objects.bulk_create([item for key, item in wanted.items() if key not in existing])


def _wanted_form_items(response: JointResponse) -> dict[tuple[str, int | None], ChecklistItem]:
    participants = list(
        response.participants.exclude(invitation_status=InvitationStatus.DECLINED).select_related(
            "organisation"
        )
    )
    mandataire = next((p for p in participants if p.role == ParticipantRole.MANDATAIRE), None)
    wanted = {}

    def want(kind, label, concerns=None, owner=None):
        wanted[(kind, concerns.pk if concerns else None)] = ChecklistItem(
            response=response,
            kind=kind,
            label=label,
            concerns=concerns,
            owner=owner,
            due_on=due_date(response, kind),
        )

    if not response.uses_dume:
        want(
            ChecklistKind.DC1,
            _("DC1 — lettre de candidature du groupement, signée par chaque membre"),
            owner=mandataire,
        )
    for participant in participants:
        name = participant.organisation.display_name
        if participant.role == ParticipantRole.SOUS_TRAITANT:
            want(
                ChecklistKind.DC4,
                _("DC4 — déclaration de sous-traitance : %(name)s") % {"name": name},
                participant,
                mandataire,
            )
        elif response.uses_dume:
            want(ChecklistKind.DUME, _("DUME : %(name)s") % {"name": name}, participant, participant)
        else:
            want(
                ChecklistKind.DC2,
                _("DC2 — déclaration du membre : %(name)s") % {"name": name},
                participant,
                participant,
            )
    return wanted
