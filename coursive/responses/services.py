"""Writes on joint responses. Every change to a groupement's composition goes through here, inside a
transaction, and is refused with a French message once the composition is frozen (R2142-26: between the
bid deadline and the signature of the contract, the group's membership cannot change)."""

import datetime
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.accounts.models import Membership, Role
from coursive.directory.models import MembershipStatus, Organisation
from coursive.directory.validators import normalise_siret, validate_siret
from coursive.invoicing.models import VAT_RATES
from coursive.procurement.models import Lot, Notice

from . import tasks
from .access import ACTIVE_INVITATIONS
from .checklist import FORM_KINDS, default_items, sync_form_items
from .models import (
    CLOSED_STATUSES,
    ChecklistItem,
    ChecklistKind,
    GroupementForm,
    InvitationStatus,
    JointResponse,
    Participant,
    ParticipantRole,
    ResponseStatus,
    Subcontractor,
    WorkShare,
)
from .selectors import frozen_reason, partner_cluster_ids


def _notify(task, participant: Participant) -> None:
    transaction.on_commit(partial(task.enqueue, participant_id=participant.pk))


def require_open_composition(response: JointResponse) -> None:
    reason = frozen_reason(response)
    if reason:
        raise ValidationError(reason)


def require_invitable(*, cluster, organisation: Organisation) -> None:
    """An organisation of this cluster or of a cluster sharing its watch with it, still a member."""
    if organisation.cluster_id != cluster.pk and organisation.cluster_id not in partner_cluster_ids(cluster):
        raise ValidationError(
            _(
                "Cette structure appartient à un autre pôle, qui ne partage pas sa veille avec le vôtre : "
                "elle ne peut pas être invitée."
            )
        )
    if organisation.membership_status == MembershipStatus.FORMER:
        raise ValidationError(
            _("« %(name)s » n'est plus membre de son pôle : elle ne peut pas être invitée.")
            % {"name": organisation.display_name}
        )


@transaction.atomic
def response_open(
    *,
    membership: Membership,
    notice: Notice,
    organisations: list[Organisation],
    mandataire: Organisation | None,
    lot_assignments: list[tuple[Lot, Organisation]],
) -> JointResponse:
    """Opens a response: the opener's organisation takes part and has accepted, the others are invited.
    With no organisation listed, the opener's organisation answers alone and is its own mandataire."""
    members = _opening_members(membership=membership, organisations=organisations)
    mandataire = mandataire or (members[0] if len(members) == 1 else None)
    _check_opening(notice=notice, members=members, mandataire=mandataire, lot_assignments=lot_assignments)
    for organisation in members:
        require_invitable(cluster=membership.cluster, organisation=organisation)
    response = JointResponse.objects.create(
        cluster=membership.cluster, notice=notice, status=ResponseStatus.SPOTTED, opened_by=membership.user
    )
    now = timezone.now()
    by_organisation = {}
    for organisation in members:
        accepted = organisation.pk == membership.organisation_id
        by_organisation[organisation.pk] = Participant.objects.create(
            response=response,
            organisation=organisation,
            role=ParticipantRole.MANDATAIRE if organisation == mandataire else ParticipantRole.COTRAITANT,
            invitation_status=InvitationStatus.ACCEPTED if accepted else InvitationStatus.INVITED,
            invited_by=membership.user,
            answered_by=membership.user if accepted else None,
            answered_at=now if accepted else None,
        )
    for lot, organisation in lot_assignments:
        WorkShare.objects.create(participant=by_organisation[organisation.pk], lot=lot)
    for participant in by_organisation.values():
        if participant.invitation_status == InvitationStatus.INVITED:
            _notify(tasks.invitation_notify_task, participant)
    ChecklistItem.objects.bulk_create(
        default_items(response, owner=by_organisation.get(getattr(mandataire, "pk", None)))
    )
    sync_form_items(response)
    return response


def _opening_members(*, membership: Membership, organisations: list[Organisation]) -> list[Organisation]:
    members = list(dict.fromkeys(organisations))
    own = membership.organisation
    if own is not None and (not members or membership.role != Role.COORDINATOR) and own not in members:
        members.insert(0, own)
    if not members:
        raise ValidationError(
            _("Votre rôle n'est rattaché à aucune structure : choisissez les structures qui répondent.")
        )
    return members


def _check_opening(*, notice, members, mandataire, lot_assignments) -> None:
    if notice.deadline_at and notice.deadline_at <= timezone.now():
        raise ValidationError(
            _("La date limite de réponse de cet avis est passée : il n'est plus possible d'y répondre.")
        )
    if mandataire is None:
        raise ValidationError(
            _("Désignez le mandataire du groupement : sans mandataire, l'offre peut être rejetée.")
        )
    if mandataire not in members:
        raise ValidationError(_("Le mandataire doit être l'une des structures du groupement."))
    for lot, organisation in lot_assignments:
        if lot.notice_id != notice.pk:
            raise ValidationError(_("Le lot « %(lot)s » n'appartient pas à cet avis.") % {"lot": lot.number})
        if organisation not in members:
            raise ValidationError(
                _("Le lot « %(lot)s » est attribué à une structure qui n'est pas dans le groupement.")
                % {"lot": lot.number}
            )


def opening_from_ids(
    *, notice_id: str, organisation_ids: list[str], mandataire_id: str, lot_assignments: list[str]
) -> dict:
    """Turns the identifiers posted by a page or the API into the arguments of `response_open`, refusing
    unknown identifiers with a French message."""
    notice = Notice.objects.filter(pk=_as_id(notice_id, _("avis"))).first()
    if notice is None:
        raise ValidationError(_("Avis introuvable."))
    ids = [_as_id(value, _("structure")) for value in organisation_ids if str(value).strip()]
    found = Organisation.objects.select_related("cluster").in_bulk(ids)
    if len(found) != len(set(ids)):
        raise ValidationError(_("Une des structures choisies est introuvable."))
    mandataire = None
    if str(mandataire_id or "").strip():
        mandataire = Organisation.objects.filter(pk=_as_id(mandataire_id, _("mandataire"))).first()
        if mandataire is None:
            raise ValidationError(_("Le mandataire choisi est introuvable."))
    return {
        "notice": notice,
        "organisations": [found[pk] for pk in ids],
        "mandataire": mandataire,
        "lot_assignments": [_lot_assignment(value, notice) for value in lot_assignments if value.strip()],
    }


def _as_id(value, what: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = 0
    if number <= 0:
        raise ValidationError(
            _("Identifiant de %(what)s invalide : « %(value)s ».") % {"what": what, "value": value}
        )
    return number


def _lot_assignment(value: str, notice: Notice) -> tuple[Lot, Organisation]:
    lot_id, separator, organisation_id = value.partition(":")
    if not separator:
        raise ValidationError(
            _("Attribution de lot illisible : « %(value)s » (attendu « lot:structure »).") % {"value": value}
        )
    lot = notice.lots.filter(pk=_as_id(lot_id, _("lot"))).first()
    if lot is None:
        raise ValidationError(_("Un des lots attribués n'appartient pas à cet avis."))
    organisation = Organisation.objects.filter(pk=_as_id(organisation_id, _("structure"))).first()
    if organisation is None:
        raise ValidationError(_("Une des structures choisies est introuvable."))
    return lot, organisation


def check_invitation(*, response: JointResponse, organisation: Organisation) -> None:
    require_open_composition(response)
    require_invitable(cluster=response.cluster, organisation=organisation)
    if response.participants.filter(
        organisation=organisation, invitation_status__in=ACTIVE_INVITATIONS
    ).exists():
        raise ValidationError(
            _("« %(name)s » fait déjà partie de cette réponse.") % {"name": organisation.display_name}
        )


@transaction.atomic
def participant_invite(
    *, response: JointResponse, organisation: Organisation, role: str, invited_by
) -> Participant:
    check_invitation(response=response, organisation=organisation)
    if role == ParticipantRole.MANDATAIRE:
        raise ValidationError(
            _(
                "Invitez la structure comme cotraitante, puis désignez-la mandataire une fois l'invitation acceptée."
            )
        )
    if role not in (ParticipantRole.COTRAITANT, ParticipantRole.SOUS_TRAITANT):
        raise ValidationError(_("Rôle inconnu."))
    participant = response.participants.filter(organisation=organisation).first() or Participant(
        response=response, organisation=organisation
    )
    participant.role = role
    participant.invitation_status = InvitationStatus.INVITED
    participant.decline_reason = ""
    participant.invited_by = invited_by
    participant.answered_by = None
    participant.answered_at = None
    participant.invitation_emailed_at = None
    participant.answer_emailed_at = None
    participant.save()
    sync_form_items(response)
    _notify(tasks.invitation_notify_task, participant)
    return participant


@transaction.atomic
def participant_answer(*, participant: Participant, accept: bool, reason: str, answered_by) -> Participant:
    """Accepting joins the groupement, so it is refused once the composition is frozen; declining (with a
    reason the team reads) is always possible and withdraws the organisation from the response."""
    if participant.invitation_status != InvitationStatus.INVITED:
        raise ValidationError(_("Cette invitation a déjà reçu une réponse."))
    if accept:
        require_open_composition(participant.response)
    elif not reason.strip():
        raise ValidationError(
            _("Indiquez le motif du refus : il aide l'équipe à trouver un autre partenaire.")
        )
    if not accept and participant.role == ParticipantRole.MANDATAIRE:
        participant.role = ParticipantRole.COTRAITANT
    participant.invitation_status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    participant.decline_reason = "" if accept else reason.strip()
    participant.answered_by = answered_by
    participant.answered_at = timezone.now()
    participant.save()
    if not accept:
        participant.shares.all().delete()
    sync_form_items(participant.response)
    _notify(tasks.answer_notify_task, participant)
    return participant


@transaction.atomic
def participant_set_role(*, participant: Participant, role: str) -> Participant:
    response = participant.response
    require_open_composition(response)
    if role not in ParticipantRole.values:
        raise ValidationError(_("Rôle inconnu."))
    if participant.role == ParticipantRole.MANDATAIRE and role != ParticipantRole.MANDATAIRE:
        raise ValidationError(
            _("Le groupement doit garder un mandataire : désignez d'abord un autre membre comme mandataire.")
        )
    if role == ParticipantRole.SOUS_TRAITANT and participant.subcontractors.exists():
        raise ValidationError(
            _(
                "Cette structure a déclaré des sous-traitants : retirez-les avant d'en faire une sous-traitante."
            )
        )
    if role == ParticipantRole.MANDATAIRE:
        if participant.invitation_status != InvitationStatus.ACCEPTED:
            raise ValidationError(_("Seule une structure qui a accepté l'invitation peut être mandataire."))
        # The constraint allows one mandataire at a time: the former one steps down first.
        response.participants.filter(role=ParticipantRole.MANDATAIRE).update(role=ParticipantRole.COTRAITANT)
    participant.role = role
    participant.save(update_fields=["role", "updated_at"])
    sync_form_items(response)
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant) -> None:
    require_open_composition(participant.response)
    if participant.role == ParticipantRole.MANDATAIRE:
        raise ValidationError(
            _("Le mandataire ne peut pas être retiré : désignez d'abord un autre mandataire.")
        )
    response = participant.response
    participant.delete()
    sync_form_items(response)


@transaction.atomic
def response_set_form(*, response: JointResponse, form: str, uses_dume: bool) -> JointResponse:
    require_open_composition(response)
    if form and form not in GroupementForm.values:
        raise ValidationError(_("Forme de groupement inconnue."))
    response.form = form
    response.uses_dume = uses_dume
    response.save(update_fields=["form", "uses_dume", "updated_at"])
    sync_form_items(response)
    return response


@transaction.atomic
def share_set(*, participant: Participant, lot: Lot | None, work: str, amount: Decimal | None) -> WorkShare:
    """Assigns a lot to a member, with what it performs on it and its price (HT)."""
    response = participant.response
    require_open_composition(response)
    if participant.invitation_status == InvitationStatus.DECLINED:
        raise ValidationError(_("Cette structure a décliné l'invitation : elle n'a pas de part du travail."))
    if lot is not None and lot.notice_id != response.notice_id:
        raise ValidationError(_("Ce lot n'appartient pas à l'avis."))
    if lot is None and response.notice.lots.exists():
        raise ValidationError(_("Cet avis est divisé en lots : choisissez le lot."))
    if amount is not None and amount < 0:
        raise ValidationError(_("Le prix ne peut pas être négatif."))
    share, _created = WorkShare.objects.update_or_create(
        participant=participant, lot=lot, defaults={"work": work.strip(), "amount": amount}
    )
    # A member's DC2 is per lot: a new lot calls for a new one.
    sync_form_items(response)
    return share


@transaction.atomic
def share_remove(*, share: WorkShare) -> None:
    response = share.participant.response
    require_open_composition(response)
    if share.lot_id and share.participant.subcontractors.filter(lot_id=share.lot_id).exists():
        raise ValidationError(
            _("Des sous-traitants sont déclarés sur ce lot : retirez-les avant de retirer la part.")
        )
    share.delete()
    sync_form_items(response)


@transaction.atomic
def subcontractor_declare(*, participant: Participant, **fields) -> Subcontractor:
    """A participant declares a company it subcontracts part of its work to (fields: name, siret,
    address, work, lot, amount_excl_vat, vat_rate, accepted_at_bid); its DC4 joins the checklist."""
    subcontractor = Subcontractor(participant=participant)
    return _subcontractor_save(subcontractor, fields)


@transaction.atomic
def subcontractor_update(*, subcontractor: Subcontractor, **fields) -> Subcontractor:
    return _subcontractor_save(subcontractor, fields)


@transaction.atomic
def subcontractor_remove(*, subcontractor: Subcontractor) -> None:
    response = subcontractor.participant.response
    require_open_composition(response)
    subcontractor.delete()
    sync_form_items(response)


def _subcontractor_save(subcontractor: Subcontractor, fields: dict) -> Subcontractor:
    participant = subcontractor.participant
    _check_declaring(participant)
    _check_lot(participant, fields["lot"])
    subcontractor.name = fields["name"].strip()
    subcontractor.siret = normalise_siret(fields["siret"])
    subcontractor.address = fields["address"].strip()
    subcontractor.work = fields["work"].strip()
    subcontractor.lot = fields["lot"]
    subcontractor.amount_excl_vat = fields["amount_excl_vat"]
    subcontractor.vat_rate = fields["vat_rate"]
    subcontractor.accepted_at_bid = fields["accepted_at_bid"]
    _check_subcontractor(subcontractor)
    subcontractor.save()
    sync_form_items(participant.response)
    return subcontractor


def _check_declaring(participant: Participant) -> None:
    """Only a member who holds part of the contract subcontracts it, and only while the composition is
    open: the declarations go with the bid."""
    require_open_composition(participant.response)
    if participant.invitation_status != InvitationStatus.ACCEPTED:
        raise ValidationError(
            _("Seule une structure qui a accepté l'invitation peut déclarer des sous-traitants.")
        )
    if participant.role == ParticipantRole.SOUS_TRAITANT:
        raise ValidationError(
            _("Une structure sous-traitante ne déclare pas de sous-traitants dans cette réponse.")
        )


def _check_lot(participant: Participant, lot: Lot | None) -> None:
    notice = participant.response.notice
    if lot is None:
        if notice.lots.exists():
            raise ValidationError(_("Cet avis est divisé en lots : choisissez le lot sous-traité."))
        return
    if lot.notice_id != notice.pk:
        raise ValidationError(_("Ce lot n'appartient pas à l'avis."))
    if not participant.shares.filter(lot=lot).exists():
        raise ValidationError(
            _(
                "Votre structure n'a pas de part sur le lot %(lot)s : on ne sous-traite qu'une partie de "
                "ses propres prestations."
            )
            % {"lot": lot.number}
        )


def _check_subcontractor(subcontractor: Subcontractor) -> None:
    if not subcontractor.name:
        raise ValidationError(_("Indiquez la dénomination du sous-traitant."))
    try:
        validate_siret(subcontractor.siret)
    except ValidationError as error:
        raise ValidationError(
            _("SIRET du sous-traitant : %(error)s") % {"error": " ".join(error.messages)}
        ) from error
    if not subcontractor.address:
        raise ValidationError(_("Indiquez l'adresse du sous-traitant."))
    if not subcontractor.work:
        raise ValidationError(_("Décrivez les prestations sous-traitées."))
    if subcontractor.amount_excl_vat is None or subcontractor.amount_excl_vat <= 0:
        raise ValidationError(_("Le montant sous-traité doit être supérieur à zéro."))
    if subcontractor.vat_rate not in VAT_RATES:
        raise ValidationError(_("Taux de TVA inconnu : choisissez 20 %, 10 %, 5,5 %, 2,1 % ou 0 %."))


def checklist_item_add(
    *, response: JointResponse, label: str, owner: Participant | None, due_on: datetime.date | None
) -> ChecklistItem:
    if not label.strip():
        raise ValidationError(_("Nommez la pièce à produire."))
    _check_owner(response, owner)
    return ChecklistItem.objects.create(
        response=response, kind=ChecklistKind.OTHER, label=label.strip(), owner=owner, due_on=due_on
    )


def checklist_item_update(
    *, item: ChecklistItem, owner: Participant | None, due_on: datetime.date | None, done: bool
) -> ChecklistItem:
    _check_owner(item.response, owner)
    item.owner = owner
    item.due_on = due_on
    if done and item.done_at is None:
        item.done_at = timezone.now()
    elif not done:
        item.done_at = None
    item.save(update_fields=["owner", "due_on", "done_at", "updated_at"])
    return item


def checklist_item_remove(*, item: ChecklistItem) -> None:
    if item.kind in FORM_KINDS:
        raise ValidationError(
            _("Cette pièce suit la composition du groupement : elle ne se supprime pas à la main.")
        )
    item.delete()


def _check_owner(response: JointResponse, owner: Participant | None) -> None:
    if owner is not None and (
        owner.response_id != response.pk or owner.invitation_status == InvitationStatus.DECLINED
    ):
        raise ValidationError(_("Le responsable doit être un membre du groupement."))


@transaction.atomic
def response_set_status(
    *,
    response: JointResponse,
    status: str,
    awarded_amount: Decimal | None = None,
    outcome_on: datetime.date | None = None,
    outcome_notes: str = "",
) -> JointResponse:
    """Moves the response along the pipeline and records its outcome for the cluster's yearly figures."""
    if status not in ResponseStatus.values:
        raise ValidationError(_("Étape inconnue."))
    if awarded_amount is not None and status != ResponseStatus.WON:
        raise ValidationError(_("Un montant attribué ne s'enregistre que pour une réponse gagnée."))
    if awarded_amount is not None and awarded_amount < 0:
        raise ValidationError(_("Le montant attribué ne peut pas être négatif."))
    today = timezone.localdate()
    response.status = status
    if status == ResponseStatus.SUBMITTED and response.submitted_on is None:
        response.submitted_on = today
    if status in CLOSED_STATUSES:
        response.outcome_on = outcome_on or response.outcome_on or today
        response.outcome_notes = outcome_notes.strip() or response.outcome_notes
    else:
        response.outcome_on = None
    response.awarded_amount = awarded_amount if status == ResponseStatus.WON else None
    response.save()
    return response


def response_set_notes(*, response: JointResponse, notes: str) -> JointResponse:
    response.notes = notes.strip()
    response.save(update_fields=["notes", "updated_at"])
    return response
