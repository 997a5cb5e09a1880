"""The pieces a response must produce. The candidacy forms follow the composition of the groupement (one
DC1 for the group and one DC2 per member and per lot, or one DUME per member instead; a DC4 per
subcontractor); the other pieces are a sensible default list the team then adapts."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.procurement.models import Lot

from .models import (
    ChecklistItem,
    ChecklistKind,
    InvitationStatus,
    JointResponse,
    Participant,
    ParticipantRole,
    Subcontractor,
    WorkShare,
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


FormKey = tuple[str, int | None, int | None, int | None]


def sync_form_items(response: JointResponse) -> None:
    """Creates the form pieces the composition calls for and deletes those it no longer does, keeping
    the ones already there (with their owner, due date and done state) and refreshing their label when a
    name changed. Running it twice changes nothing."""
    wanted = _wanted_form_items(response)
    existing = {_key(item): item for item in response.checklist.filter(kind__in=FORM_KINDS)}
    for key, item in existing.items():
        if key not in wanted:
            item.delete()
    renamed = []
    for key, item in existing.items():
        if key in wanted and item.label != wanted[key].label:
            item.label = wanted[key].label
            renamed.append(item)
    ChecklistItem.objects.bulk_update(renamed, ["label"])
    ChecklistItem.objects.bulk_create([item for key, item in wanted.items() if key not in existing])


def _key(item: ChecklistItem) -> FormKey:
    return (item.kind, item.concerns_id, item.lot_id, item.subcontractor_id)


def _wanted_form_items(response: JointResponse) -> dict[FormKey, ChecklistItem]:
    participants = list(
        response.participants.exclude(invitation_status=InvitationStatus.DECLINED).select_related(
            "organisation"
        )
    )
    mandataire = next((p for p in participants if p.role == ParticipantRole.MANDATAIRE), None)
    items = [] if response.uses_dume else [_dc1_item(response, mandataire)]
    lots = _lots_by_participant(response)
    for participant in participants:
        items += _member_items(response, participant, mandataire, lots.get(participant.pk, []))
    subcontractors = Subcontractor.objects.filter(participant__in=participants).select_related("lot")
    by_pk = {participant.pk: participant for participant in participants}
    for subcontractor in subcontractors:
        items.append(_dc4_item(response, subcontractor, by_pk[subcontractor.participant_id]))
    return {_key(item): item for item in items}


def _lots_by_participant(response: JointResponse) -> dict[int, list[Lot]]:
    """The lots each member takes part in (its shares on a lot); empty for a notice without lots."""
    lots: dict[int, list[Lot]] = {}
    shares = WorkShare.objects.filter(participant__response=response, lot__isnull=False).select_related("lot")
    for share in shares.order_by("lot__number", "lot_id"):
        lots.setdefault(share.participant_id, []).append(share.lot)
    return lots


def _item(response: JointResponse, kind: str, label: str, **fields) -> ChecklistItem:
    return ChecklistItem(response=response, kind=kind, label=label, due_on=due_date(response, kind), **fields)


def _dc1_item(response: JointResponse, mandataire: Participant | None) -> ChecklistItem:
    label = _("DC1 — lettre de candidature du groupement, signée par chaque membre")
    return _item(response, ChecklistKind.DC1, label, owner=mandataire)


def _member_items(
    response: JointResponse, participant: Participant, mandataire: Participant | None, lots: list[Lot]
) -> list[ChecklistItem]:
    """A member's DC2, one per lot it takes part in (DOMAIN: « DC2, one per member, per lot »), a single
    one while it has no lot yet or the notice has none; or its DUME; or, for a participant invited as a
    subcontractor, its DC4."""
    name = participant.organisation.display_name
    if participant.role == ParticipantRole.SOUS_TRAITANT:
        label = _("DC4 — déclaration de sous-traitance : %(name)s") % {"name": name}
        return [_item(response, ChecklistKind.DC4, label, concerns=participant, owner=mandataire)]
    if response.uses_dume:
        label = _("DUME : %(name)s") % {"name": name}
        return [_item(response, ChecklistKind.DUME, label, concerns=participant, owner=participant)]
    if not lots:
        label = _("DC2 — déclaration du membre : %(name)s") % {"name": name}
        return [_item(response, ChecklistKind.DC2, label, concerns=participant, owner=participant)]
    return [
        _item(
            response,
            ChecklistKind.DC2,
            _("DC2 — déclaration du membre : %(name)s, lot %(lot)s") % {"name": name, "lot": lot.number},
            concerns=participant,
            lot=lot,
            owner=participant,
        )
        for lot in lots
    ]


def _dc4_item(
    response: JointResponse, subcontractor: Subcontractor, declared_by: Participant
) -> ChecklistItem:
    label = _("DC4 — déclaration de sous-traitance : %(name)s (sous-traitant de %(by)s)") % {
        "name": subcontractor.name,
        "by": declared_by.organisation.display_name,
    }
    return _item(
        response,
        ChecklistKind.DC4,
        label,
        concerns=declared_by,
        subcontractor=subcontractor,
        owner=declared_by,
    )
