"""Public procurement through the API: the notices every cluster member may read, the members the matching
engine puts forward for a notice, and an organisation's opportunities, with the same rules as the pages."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import AfterValidator

from coursive.accounts.access import access_cluster, require_insider
from coursive.accounts.models import ORGANISATION_ROLES, Membership
from coursive.core import geo
from coursive.directory.access import access_organisation
from coursive.directory.models import Organisation
from coursive.procurement.consortium_selectors import (
    DEFAULT_MAX_SIZE,
    MAX_SIZE_LIMIT,
    ConsortiumError,
    consortium_advice,
)
from coursive.procurement.matching import Match
from coursive.procurement.matching_selectors import matches_for_organisation
from coursive.procurement.models import Notice, NoticeStatus
from coursive.procurement.notice_selectors import (
    CALL_KINDS,
    NoticeFilters,
    matched_members,
    notice_awards,
    notice_for_page,
    notice_search,
    open_calls,
)
from coursive.procurement.records import ContractType, NoticeKind, Source

from .pagination import BoundedPagination
from .schemas import ErrorOut
from .types import ObjectId, Slug, Text

router = Router(tags=["Marchés publics"])

NOTICE_PATH = "/clusters/{slug}/notices/{notice_id}"
MAX_MATCHES = 50
SHIFT_DESCRIPTION = (
    "Jours dont la démonstration a avancé les dates de cet avis réel pour qu'il soit ouvert ; 0 pour un avis "
    "aux dates publiées. Tout affichage d'un avis décalé doit le signaler."
)


def _cpv_prefix(value: str) -> str:
    if value and not (value.isascii() and value.isdigit() and 2 <= len(value) <= 8):
        raise ValueError(_("Indiquez de 2 à 8 chiffres du début d'un code CPV, par exemple 7995."))
    return value


def _departement(value: str) -> str:
    if value and value not in geo.DEPARTEMENTS:
        raise ValueError(_("Département inconnu : indiquez un code comme 21, 2A ou 974."))
    return value


CpvPrefix = Annotated[str, AfterValidator(_cpv_prefix)]
DepartementCode = Annotated[str, AfterValidator(_departement)]


class StatusFilter(StrEnum):
    OPEN = "open"
    ALL = "all"


class NoticeFilterIn(Schema):
    q: Text = Field("", max_length=200, description="Mots de l'objet, de la description ou de l'acheteur")
    status: StatusFilter = Field(StatusFilter.ALL, description="open : les appels encore ouverts seulement")
    cpv: CpvPrefix = Field("", description="Début du code CPV principal, par exemple 7995")
    departement: DepartementCode = Field("", description="Département du lieu d'exécution, par exemple 21")
    kind: NoticeKind | None = Field(None, description="Type d'avis")


class MatchLimitIn(Schema):
    limit: int = Field(10, ge=1, le=MAX_MATCHES, description="Nombre de rapprochements au plus")


class NoticeOut(Schema):
    id: int
    source: Source
    official_id: str
    kind: NoticeKind
    status: NoticeStatus = Field(description="État à l'instant de la requête")
    title: str
    buyer_name: str
    buyer_siret: str
    contract_type: ContractType | None
    procedure: str
    cpv_main: str
    cpv_additional: list[str]
    departements: list[str]
    published_on: date | None
    deadline_at: datetime | None
    estimated_value: Decimal | None
    currency: str
    reserved_ess: bool
    reserved_insertion: bool
    reserved_disability: bool
    social_clause: bool
    demo_date_shift_days: int = Field(description=SHIFT_DESCRIPTION)

    @staticmethod
    def resolve_status(notice: Notice) -> str:
        return notice.live_status

    @staticmethod
    def resolve_contract_type(notice: Notice) -> str | None:
        return notice.contract_type or None


class LotOut(Schema):
    id: int
    number: str
    title: str
    description: str
    cpv_codes: list[str]
    estimated_value: Decimal | None
    nuts_codes: list[str]


class WinnerOut(Schema):
    name: str
    identifier: str
    identifier_type: str


class AwardOut(Schema):
    notice_id: int = Field(description="L'avis qui publie l'attribution : celui-ci ou un avis d'attribution")
    lot_number: str
    amount: Decimal | None
    awarded_on: date | None
    tenders_received: int | None
    winners: list[WinnerOut]

    @staticmethod
    def resolve_winners(award) -> list:
        return list(award.winners.all())


class NoticeDetailOut(NoticeOut):
    description: str
    language: str
    duration_months: int | None
    min_turnover: Decimal | None
    selection_text: str
    selection_certifications: list[str]
    max_lots_per_bidder: int | None
    links: list[str]
    amended_at: datetime | None
    cancelled_at: datetime | None
    refers_to_id: int | None
    lots: list[LotOut]
    awards: list[AwardOut]

    @staticmethod
    def resolve_lots(notice: Notice) -> list:
        return list(notice.lots.all())

    @staticmethod
    def resolve_awards(notice: Notice) -> list:
        return notice_awards(notice=notice)


class ComponentOut(Schema):
    name: str = Field(description="cpv, text, geography, capacity ou reservation")
    points: int
    weight: int


class MatchScoreOut(Schema):
    lot_id: int | None = Field(description="Le lot rapproché, pour un avis en lots")
    total: int = Field(description="Sur 100 : la somme des points des composantes")
    components: list[ComponentOut]
    reasons: list[str] = Field(description="Une raison par composante, puis les remarques sans points")


class MemberMatchOut(MatchScoreOut):
    organisation_id: int
    organisation_name: str


class OpportunityOut(MatchScoreOut):
    notice: NoticeOut


def _score(match: Match) -> dict:
    components = [{"name": c.name, "points": c.points, "weight": c.weight} for c in match.components]
    return {
        "lot_id": int(match.lot_id) if match.lot_id else None,
        "total": match.total,
        "components": components,
        "reasons": match.reasons,
    }


def _notice(notice_id: int) -> Notice:
    notice = notice_for_page(notice_id=notice_id, now=timezone.now())
    if notice is None:
        raise Http404(_("Avis introuvable."))
    return notice


def _organisation_for_opportunities(membership: Membership, organisation_id: int) -> Organisation:
    """The organisation, for the coordination and the people acting for it; another cluster's answers 404."""
    organisation = access_organisation(membership, organisation_id)
    own = membership.role in ORGANISATION_ROLES and membership.organisation_id == organisation.pk
    if not (membership.is_coordinator or own):
        raise PermissionDenied(
            _("Seules la coordination du pôle et les personnes de cette structure voient ses opportunités.")
        )
    return organisation


@router.get(
    "/clusters/{slug}/notices",
    response={200: list[NoticeOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Avis de marchés publics",
    description="Les avis publics (appels, attributions, marchés attribués), les appels ouverts d'abord.",
)
@paginate(BoundedPagination)
def notice_list(request, slug: Slug, filters: Query[NoticeFilterIn]):
    access_cluster(request.auth, slug)
    notice_filters = NoticeFilters(
        query=filters.q,
        status=NoticeStatus.OPEN if filters.status == StatusFilter.OPEN else "",
        division=filters.cpv,
        departement=filters.departement,
    )
    notices = notice_search(filters=notice_filters, now=timezone.now())
    return notices.filter(kind=filters.kind) if filters.kind else notices


@router.get(
    NOTICE_PATH,
    response={200: NoticeDetailOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Un avis",
    description="Avec ses lots et ses attributions, y compris celles des avis d'attribution qui le visent.",
)
def notice_detail(request, slug: Slug, notice_id: ObjectId):
    access_cluster(request.auth, slug)
    return _notice(notice_id)


@router.get(
    f"{NOTICE_PATH}/matches",
    response={200: list[MemberMatchOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Structures du pôle rapprochées d'un avis",
    description="Les structures que le moteur de rapprochement met en avant pour un appel, meilleur score "
    "d'abord, avec leurs raisons ; aucune pour un avis qui n'est pas un appel.",
)
def notice_matches(request, slug: Slug, notice_id: ObjectId, options: Query[MatchLimitIn]):
    membership = access_cluster(request.auth, slug)
    notice = _notice(notice_id)
    if notice.kind not in CALL_KINDS:
        return []
    members = matched_members(cluster=membership.cluster, notice=notice, limit=options.limit)
    return [
        {
            **_score(member.match),
            "organisation_id": member.organisation.pk,
            "organisation_name": member.organisation.display_name,
        }
        for member in members
    ]


@router.get(
    "/clusters/{slug}/organisations/{organisation_id}/matches",
    response={200: list[OpportunityOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Opportunités d'une structure",
    description="Les appels ouverts que le moteur de rapprochement met en avant pour la structure, meilleur "
    "score d'abord, avec leurs raisons. Réservé à la coordination et aux personnes de la structure.",
)
def organisation_matches(request, slug: Slug, organisation_id: ObjectId, options: Query[MatchLimitIn]):
    membership = access_cluster(request.auth, slug)
    organisation = _organisation_for_opportunities(membership, organisation_id)
    found = matches_for_organisation(
        organisation=organisation, notices=open_calls(now=timezone.now()), limit=options.limit
    )
    return [{**_score(match), "notice": notice} for notice, match in found]


class ConsortiumIn(Schema):
    max_size: int = Field(
        DEFAULT_MAX_SIZE, ge=1, le=MAX_SIZE_LIMIT, description="Taille maximale du groupement"
    )
    k: int = Field(3, ge=1, le=5, description="Nombre de propositions au plus")


class ConsortiumMemberOut(Schema):
    organisation_id: int
    organisation_name: str
    role: str = Field(description="mandataire ou cotraitant")
    partner_cluster: str = Field(description="Nom du pôle partenaire, vide pour un membre du pôle")
    units: list[str] = Field(description="Lots (identifiants) ou domaines CPV qu'elle réalise ou renforce")


class ConsortiumProposalOut(Schema):
    complete: bool
    with_partners: bool
    members: list[ConsortiumMemberOut]
    explanation: list[str]
    missing: list[str]
    own_missing: list[str] = Field(description="Ce que les membres du pôle ne couvrent pas seuls")
    lot_assignments: list[str] = Field(description="« lot_id:organisation_id »")


class ConsortiumAdviceOut(Schema):
    complete: bool
    threshold: int
    notes: list[str]
    proposals: list[ConsortiumProposalOut]


@router.get(
    f"{NOTICE_PATH}/consortia",
    response={200: ConsortiumAdviceOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Groupements proposés pour un avis",
    description="Les meilleurs groupements des structures du pôle pour un appel ouvert (et, quand ils ne "
    "suffisent pas, avec les membres des pôles partenaires), expliqués. Réservé aux structures membres et à "
    "la coordination ; 422 avec un message clair pour un avis sur lequel le calcul est impossible.",
)
def notice_consortia(request, slug: Slug, notice_id: ObjectId, options: Query[ConsortiumIn]):
    membership = access_cluster(request.auth, slug)
    require_insider(membership)
    notice = _notice(notice_id)
    try:
        advice = consortium_advice(
            cluster=membership.cluster, notice=notice, max_size=options.max_size, k=options.k
        )
    except ConsortiumError as error:
        return Status(422, {"detail": str(error)})
    return {
        "complete": advice.complete,
        "threshold": advice.threshold,
        "notes": advice.notes,
        "proposals": [_consortium_proposal(proposal) for proposal in advice.proposals],
    }


def _consortium_proposal(proposal) -> dict:
    members = [
        {
            "organisation_id": member.organisation.pk,
            "organisation_name": member.organisation.display_name,
            "role": member.role,
            "partner_cluster": member.partner_cluster,
            "units": [unit.id for unit in member.units],
        }
        for member in proposal.members
    ]
    return {
        "complete": proposal.complete,
        "with_partners": proposal.with_partners,
        "members": members,
        "explanation": proposal.explanation,
        "missing": proposal.missing,
        "own_missing": proposal.own_missing,
        "lot_assignments": proposal.lot_assignments,
    }
