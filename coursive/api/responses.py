"""Joint responses and the document vault through the API, with the same rules as the pages: a response is
visible to its participants and to its cluster's coordination only, anyone else gets a 404."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from coursive.accounts.access import access_cluster, require_insider
from coursive.directory.models import Organisation
from coursive.documents.access import access_vault
from coursive.documents.selectors import documents_of
from coursive.responses import services
from coursive.responses.access import (
    access_active_participant,
    access_own_subcontractor,
    access_participant,
    access_response,
    access_subcontractor,
    declaring_participant,
    require_can_answer,
    visible_responses,
)
from coursive.responses.downloads import dc1_download, dc2_download, dc4_download
from coursive.responses.models import (
    ChecklistKind,
    GroupementForm,
    InvitationStatus,
    Participant,
    ParticipantRole,
    ResponseStatus,
)
from coursive.responses.selectors import invitable_organisations, workspace_data

from .schemas import ErrorOut
from .types import ObjectId, Slug, Text

router = Router(tags=["Réponses groupées"])

RESPONSE_PATH = "/clusters/{slug}/responses/{response_id}"
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PDF_RESPONSE = {"responses": {200: {"description": "Le PDF", "content": {"application/pdf": {}}}}}
PARTICIPANTS = Prefetch("participants", queryset=Participant.objects.select_related("organisation__cluster"))


class ParticipantOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    siret: str
    cluster_slug: str
    role: ParticipantRole
    invitation_status: InvitationStatus
    decline_reason: str


class ResponseOut(Schema):
    id: int
    cluster_slug: str
    notice_id: int
    notice_title: str
    deadline_at: datetime | None
    status: ResponseStatus
    form: str = Field(description="Forme du groupement, vide tant qu'elle n'est pas choisie")
    uses_dume: bool
    awarded_amount: Decimal | None
    outcome_on: date | None
    participants: list[ParticipantOut]


class WorkShareOut(Schema):
    participant_id: int
    lot_id: int | None
    lot_number: str
    work: str
    amount: Decimal | None


class ChecklistItemOut(Schema):
    id: int
    kind: str
    label: str
    participant_id: int | None = Field(description="Le membre que la pièce concerne (son DC2, son DUME…)")
    lot_id: int | None = Field(description="Le lot d'un DC2 quand l'avis est alloti")
    subcontractor_id: int | None = Field(description="Le sous-traitant que déclare un DC4")
    pdf_url: str = Field(description="Le formulaire pré-rempli (DC1, DC2, DC4) dans l'API, vide sinon")
    owner_participant_id: int | None
    due_on: date | None
    done: bool


class SubcontractorOut(Schema):
    id: int
    participant_id: int = Field(description="Le membre qui déclare ce sous-traitant")
    declared_by: str
    name: str
    siret: str
    address: str
    work: str
    lot_id: int | None
    lot_number: str
    amount_excl_vat: Decimal
    vat_rate: Decimal
    amount_incl_vat: Decimal
    direct_payment: bool = Field(description="Payé directement par l'acheteur : 600 € TTC ou plus (R2193-10)")
    accepted_at_bid: bool


class SubcontractorIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(max_length=200)
    siret: Text = Field(max_length=20)
    address: Text = Field(max_length=1000)
    work: Text = Field(max_length=4000)
    lot: ObjectId | None = None
    amount_excl_vat: Decimal = Field(max_digits=14, decimal_places=2)
    vat_rate: Decimal = Field(description="20, 10, 5.5, 2.1 ou 0")
    accepted_at_bid: bool = True


class DocumentWarningOut(Schema):
    organisation_id: int
    kind: str
    problem: str = Field(description="missing : absent du coffre-fort ; expired : périmé à la date limite")
    message: str


class ResponseDetailOut(ResponseOut):
    frozen_reason: str = Field(description="Pourquoi la composition ne peut plus changer, vide sinon")
    shares: list[WorkShareOut]
    total_amount: Decimal
    checklist: list[ChecklistItemOut]
    subcontractors: list[SubcontractorOut]
    document_warnings: list[DocumentWarningOut]


class OpenIn(Schema):
    model_config = ConfigDict(extra="forbid")
    notice: ObjectId
    organisations: list[ObjectId] = Field(default_factory=list, max_length=50)
    mandataire: ObjectId | None = None
    lot_assignments: list[Text] = Field(
        default_factory=list, max_length=500, description="« id_du_lot:id_de_la_structure »"
    )


class InviteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    organisation: ObjectId
    role: ParticipantRole = ParticipantRole.COTRAITANT


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")
    accept: bool
    reason: Text = Field("", max_length=2000)


class StatusIn(Schema):
    model_config = ConfigDict(extra="forbid")
    status: ResponseStatus
    awarded_amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    outcome_on: date | None = None
    outcome_notes: Text = Field("", max_length=4000)


class FormIn(Schema):
    model_config = ConfigDict(extra="forbid")
    form: GroupementForm | None = None
    uses_dume: bool = False


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    file_name: str
    issued_on: date
    expires_on: date | None


class OrganisationRefOut(Schema):
    id: int
    name: str
    cluster_slug: str


def _participant_out(participant) -> dict:
    organisation = participant.organisation
    return {
        "id": participant.pk,
        "organisation_id": organisation.pk,
        "organisation_name": organisation.display_name,
        "siret": organisation.siret,
        "cluster_slug": organisation.cluster.slug,
        "role": participant.role,
        "invitation_status": participant.invitation_status,
        "decline_reason": participant.decline_reason,
    }


def _response_out(response) -> dict:
    # Does nothing on a response whose list already prefetched them, so the list costs no query per row.
    prefetch_related_objects([response], PARTICIPANTS)
    return {
        "id": response.pk,
        "cluster_slug": response.cluster.slug,
        "notice_id": response.notice_id,
        "notice_title": response.notice.title,
        "deadline_at": response.notice.deadline_at,
        "status": response.status,
        "form": response.form,
        "uses_dume": response.uses_dume,
        "awarded_amount": response.awarded_amount,
        "outcome_on": response.outcome_on,
        "participants": [_participant_out(p) for p in response.participants.all()],
    }


def _subcontractor_out(subcontractor) -> dict:
    return {
        "id": subcontractor.pk,
        "participant_id": subcontractor.participant_id,
        "declared_by": subcontractor.participant.organisation.display_name,
        "name": subcontractor.name,
        "siret": subcontractor.siret,
        "address": subcontractor.address,
        "work": subcontractor.work,
        "lot_id": subcontractor.lot_id,
        "lot_number": subcontractor.lot.number if subcontractor.lot else "",
        "amount_excl_vat": subcontractor.amount_excl_vat,
        "vat_rate": subcontractor.vat_rate,
        "amount_incl_vat": subcontractor.amount_incl_vat,
        "direct_payment": subcontractor.direct_payment,
        "accepted_at_bid": subcontractor.accepted_at_bid,
    }


def _pdf_url(slug: str, item) -> str:
    """Where the API serves the pre-filled form of a checklist item, under the caller's cluster."""
    base = RESPONSE_PATH.format(slug=slug, response_id=item.response_id)
    if item.kind == ChecklistKind.DC1:
        return f"/api{base}/dc1"
    if item.kind == ChecklistKind.DC2:
        lot = f"?lot={item.lot_id}" if item.lot_id else ""
        return f"/api{base}/participants/{item.concerns_id}/dc2{lot}"
    if item.kind == ChecklistKind.DC4 and item.subcontractor_id:
        return f"/api{base}/subcontractors/{item.subcontractor_id}/dc4"
    return ""


def _checklist_item_out(slug: str, item) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "label": item.label,
        "participant_id": item.concerns_id,
        "lot_id": item.lot_id,
        "subcontractor_id": item.subcontractor_id,
        "pdf_url": _pdf_url(slug, item),
        "owner_participant_id": item.owner_id,
        "due_on": item.due_on,
        "done": item.done_at is not None,
    }


def _detail_out(response, slug: str) -> dict:
    data = workspace_data(response)
    return {
        **_response_out(response),
        "frozen_reason": data["frozen_reason"],
        "shares": [
            {
                "participant_id": share.participant_id,
                "lot_id": share.lot_id,
                "lot_number": share.lot.number if share.lot else "",
                "work": share.work,
                "amount": share.amount,
            }
            for share in data["shares"]
        ],
        "total_amount": data["totals"].total,
        "checklist": [_checklist_item_out(slug, item) for item in data["checklist"]],
        "subcontractors": [_subcontractor_out(subcontractor) for subcontractor in data["subcontractors"]],
        "document_warnings": [
            {
                "organisation_id": warning.organisation.pk,
                "kind": warning.kind,
                "problem": warning.problem,
                "message": warning.message,
            }
            for warning in data["document_warnings"]
        ],
    }


@router.get(
    "/clusters/{slug}/responses",
    response={200: list[ResponseOut], **ERRORS},
    summary="Réponses aux marchés",
    description="Les réponses auxquelles la structure de l'utilisateur participe (invitée ou membre), et "
    "pour la coordination toutes celles du pôle.",
)
def response_list(request, slug: Slug):
    membership = access_cluster(request.auth, slug)
    responses = (
        visible_responses(membership)
        .select_related("notice", "cluster")
        .prefetch_related(PARTICIPANTS)
        .order_by("-created_at")
    )
    return [_response_out(response) for response in responses[:500]]


@router.get(RESPONSE_PATH, response={200: ResponseDetailOut, **ERRORS}, summary="Une réponse")
def response_detail(request, slug: Slug, response_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    return _detail_out(access_response(membership, response_id), slug)


@router.post(
    "/clusters/{slug}/responses",
    response={201: ResponseDetailOut, **ERRORS},
    summary="Ouvrir une réponse",
    description="Seule ou en groupement : la structure de l'utilisateur y participe (acceptée), les autres "
    "structures sont invitées. Sans structure listée, la structure de l'utilisateur répond seule.",
)
def response_open(request, slug: Slug, payload: OpenIn):
    membership = access_cluster(request.auth, slug)
    require_insider(membership)
    arguments = services.opening_from_ids(
        notice_id=str(payload.notice),
        organisation_ids=[str(pk) for pk in payload.organisations],
        mandataire_id=str(payload.mandataire or ""),
        lot_assignments=payload.lot_assignments,
    )
    response = services.response_open(membership=membership, **arguments)
    return Status(201, _detail_out(response, slug))


@router.post(
    f"{RESPONSE_PATH}/participants",
    response={201: ParticipantOut, **ERRORS},
    summary="Inviter une structure",
    description="Une structure du pôle ou d'un pôle partenaire (qui partage sa veille), tant que la date "
    "limite n'est pas passée.",
)
def participant_invite(request, slug: Slug, response_id: ObjectId, payload: InviteIn):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id, for_edit=True)
    organisation = Organisation.objects.select_related("cluster").filter(pk=payload.organisation).first()
    if organisation is None:
        raise ValidationError(_("Structure introuvable."))
    participant = services.participant_invite(
        response=response, organisation=organisation, role=payload.role, invited_by=request.auth
    )
    return Status(201, _participant_out(participant))


@router.post(
    f"{RESPONSE_PATH}/participants/{{participant_id}}/answer",
    response={200: ParticipantOut, **ERRORS},
    summary="Accepter ou décliner une invitation",
    description="Par un administrateur de la structure invitée ; un refus demande un motif.",
)
def participant_answer(
    request, slug: Slug, response_id: ObjectId, participant_id: ObjectId, payload: AnswerIn
):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id)
    participant = access_participant(response, participant_id)
    require_can_answer(membership, participant)
    services.participant_answer(
        participant=participant, accept=payload.accept, reason=payload.reason, answered_by=request.auth
    )
    return _participant_out(participant)


@router.post(f"{RESPONSE_PATH}/status", response={200: ResponseOut, **ERRORS}, summary="Changer d'étape")
def response_status(request, slug: Slug, response_id: ObjectId, payload: StatusIn):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id, for_edit=True)
    services.response_set_status(response=response, **payload.dict())
    return _response_out(response)


@router.post(f"{RESPONSE_PATH}/form", response={200: ResponseOut, **ERRORS}, summary="Forme du groupement")
def response_form(request, slug: Slug, response_id: ObjectId, payload: FormIn):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id, for_edit=True)
    services.response_set_form(response=response, form=payload.form or "", uses_dume=payload.uses_dume)
    return _response_out(response)


def _subcontractor_fields(response, payload: SubcontractorIn) -> dict:
    fields = payload.dict()
    lot_id = fields.pop("lot")
    lot = response.notice.lots.filter(pk=lot_id).first() if lot_id else None
    if lot_id and lot is None:
        raise ValidationError(_("Ce lot n'appartient pas à l'avis."))
    return {**fields, "lot": lot}


@router.post(
    f"{RESPONSE_PATH}/subcontractors",
    response={201: SubcontractorOut, **ERRORS},
    summary="Déclarer un sous-traitant",
    description="Par un membre d'une structure du groupement qui a accepté l'invitation, pour sa propre "
    "structure, tant que la composition n'est pas figée. Son DC4 rejoint les pièces à produire.",
)
def subcontractor_declare(request, slug: Slug, response_id: ObjectId, payload: SubcontractorIn):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id)
    participant = declaring_participant(membership, response)
    subcontractor = services.subcontractor_declare(
        participant=participant, **_subcontractor_fields(response, payload)
    )
    return Status(201, _subcontractor_out(subcontractor))


@router.put(
    f"{RESPONSE_PATH}/subcontractors/{{subcontractor_id}}",
    response={200: SubcontractorOut, **ERRORS},
    summary="Modifier un sous-traitant",
    description="Seule la structure qui l'a déclaré le modifie ; les autres membres et la coordination le "
    "voient dans le détail de la réponse.",
)
def subcontractor_update(
    request, slug: Slug, response_id: ObjectId, subcontractor_id: ObjectId, payload: SubcontractorIn
):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id)
    subcontractor = access_own_subcontractor(membership, response, subcontractor_id)
    services.subcontractor_update(subcontractor=subcontractor, **_subcontractor_fields(response, payload))
    return _subcontractor_out(subcontractor)


@router.delete(
    f"{RESPONSE_PATH}/subcontractors/{{subcontractor_id}}",
    response={204: None, **ERRORS},
    summary="Retirer un sous-traitant",
)
def subcontractor_remove(request, slug: Slug, response_id: ObjectId, subcontractor_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id)
    services.subcontractor_remove(
        subcontractor=access_own_subcontractor(membership, response, subcontractor_id)
    )
    return Status(204, None)


@router.get(
    f"{RESPONSE_PATH}/dc1",
    response={200: None, **ERRORS},
    summary="Le DC1 pré-rempli",
    openapi_extra=PDF_RESPONSE,
)
def response_dc1(request, slug: Slug, response_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    return dc1_download(access_response(membership, response_id))


@router.get(
    f"{RESPONSE_PATH}/participants/{{participant_id}}/dc2",
    response={200: None, **ERRORS},
    summary="Le DC2 pré-rempli d'un membre",
    description="Un DC2 par lot auquel le membre prend part : celui du lot demandé (`lot`), ou tous à la "
    "suite dans un seul fichier ; un seul DC2 pour un avis sans lots.",
    openapi_extra=PDF_RESPONSE,
)
def participant_dc2(
    request, slug: Slug, response_id: ObjectId, participant_id: ObjectId, lot: ObjectId | None = None
):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id)
    return dc2_download(response, access_active_participant(response, participant_id), lot)


@router.get(
    f"{RESPONSE_PATH}/subcontractors/{{subcontractor_id}}/dc4",
    response={200: None, **ERRORS},
    summary="Le DC4 pré-rempli d'un sous-traitant",
    openapi_extra=PDF_RESPONSE,
)
def subcontractor_dc4(request, slug: Slug, response_id: ObjectId, subcontractor_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    response = access_response(membership, response_id)
    return dc4_download(response, access_subcontractor(response, subcontractor_id))


@router.get(
    "/clusters/{slug}/responses-invitable-organisations",
    response={200: list[OrganisationRefOut], **ERRORS},
    summary="Structures qu'on peut inviter",
    description="Celles du pôle et des pôles qui partagent leur veille avec lui.",
)
def invitable(request, slug: Slug):
    membership = access_cluster(request.auth, slug)
    require_insider(membership)
    return [
        {"id": o.pk, "name": o.display_name, "cluster_slug": o.cluster.slug}
        for o in invitable_organisations(cluster=membership.cluster)
    ]


@router.get(
    "/clusters/{slug}/organisations/{organisation_id}/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="Documents administratifs d'une structure",
    description="Les métadonnées (type, dates de délivrance et de fin de validité) des documents du "
    "coffre-fort ; réservé aux personnes de la structure et à la coordination.",
)
def organisation_documents(request, slug: Slug, organisation_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    organisation = access_vault(membership, organisation_id)
    return [
        {
            "id": d.pk,
            "kind": d.kind,
            "kind_label": d.get_kind_display(),
            "title": d.title,
            "file_name": d.file_name,
            "issued_on": d.issued_on,
            "expires_on": d.expires_on,
        }
        for d in documents_of(organisation)
    ]
