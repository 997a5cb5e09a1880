"""Leases through the API: the published rent grid, leases with the explanation of their rent, revisions and
rent calls. A member reads its own organisation's; the coordination reads all and writes."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from coursive.accounts.access import access_cluster, require_coordinator, require_insider
from coursive.core.months import parse_month
from coursive.directory.models import Organisation
from coursive.leases.access import access_lease
from coursive.leases.models import IndexKind, IndexValue, RentGrid, Territory
from coursive.leases.selectors import grids_for_members, lease_breakdown, visible_leases, visible_rent_calls
from coursive.leases.services.calls import rent_calls_generate
from coursive.leases.services.leases import lease_create
from coursive.leases.services.revisions import rent_revise
from coursive.premises.models import Resource

from .pagination import BoundedPagination
from .schemas import ErrorOut
from .types import ObjectId, Slug, Text

router = Router(tags=["Baux et coworking"])

LEASES = "/clusters/{slug}/leases"
READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MONTH = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$"


class ReductionOut(Schema):
    label: str
    criterion: str
    percent: Decimal
    max_age_years: int | None


class GridOut(Schema):
    id: int
    name: str
    valid_from: date
    rate_per_m2: Decimal = Field(description="Loyer de base, € HT par m² et par mois")
    charges_per_m2: Decimal = Field(description="Charges, € HT par m² et par mois")
    vat_rate: Decimal
    cumulative: bool = Field(description="Les réductions se cumulent ; sinon seule la plus forte s'applique")
    explanation: str
    reductions: list[ReductionOut]

    @staticmethod
    def resolve_reductions(grid: RentGrid) -> list:
        return list(grid.reductions.all())


class LeaseOut(Schema):
    id: int
    resource_id: int
    resource_name: str = Field(alias="resource.name")
    organisation_id: int
    organisation_name: str = Field(alias="organisation.legal_name")
    surface_m2: Decimal
    monthly_rent: Decimal = Field(description="Loyer mensuel en vigueur, € HT")
    initial_rent: Decimal
    grid_rent: Decimal | None = Field(description="Loyer que donnait la grille à la prise d'effet")
    override_reason: str
    service_charges: Decimal
    vat_rate: Decimal
    deposit: Decimal
    starts_on: date
    ends_on: date | None
    notice_months: int
    notice_given_on: date | None
    index_kind: str
    reference_index: str | None
    territory: str = Field(
        description="Situation du local : mainland, corsica ou overseas (plafonnement de l'IRL)"
    )
    tenant_is_sme: bool | None = Field(description="Preneur PME au sens européen ; null : non renseigné")

    @staticmethod
    def resolve_reference_index(lease) -> str | None:
        return str(lease.reference_index) if lease.reference_index_id else None


class AppliedReductionOut(Schema):
    label: str
    percent: Decimal
    reason: str


class BreakdownOut(Schema):
    grid_name: str
    base_rent: Decimal = Field(description="Surface multipliée par le loyer de base")
    reductions: list[AppliedReductionOut]
    reduction_percent: Decimal
    reduction_amount: Decimal
    rent: Decimal
    service_charges: Decimal


class RevisionOut(Schema):
    effective_on: date
    previous_rent: Decimal
    new_rent: Decimal
    reference_index: str
    new_index: str
    uncapped_rent: Decimal | None = Field(
        description="Loyer que donnait l'indice seul, quand un plafond légal l'a réduit"
    )
    cap_note: str = Field(description="Le plafonnement légal appliqué et sa source ; vide sans plafonnement")

    @staticmethod
    def resolve_reference_index(revision) -> str:
        return str(revision.reference_index)

    @staticmethod
    def resolve_new_index(revision) -> str:
        return str(revision.new_index)


class LeaseDetailOut(LeaseOut):
    breakdown: BreakdownOut | None = Field(description="Pourquoi ce loyer : le calcul de la grille")
    revisions: list[RevisionOut]

    @staticmethod
    def resolve_breakdown(lease) -> dict | None:
        breakdown = lease_breakdown(lease)
        if breakdown is None:
            return None
        return {**breakdown.__dict__, "grid_name": lease.grid.name}

    @staticmethod
    def resolve_revisions(lease) -> list:
        return list(lease.revisions.select_related("reference_index", "new_index"))


class LeaseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    resource_id: ObjectId = Field(description="Le bureau (ressource de type office)")
    organisation_id: ObjectId
    surface_m2: Decimal = Field(gt=0, max_digits=8, decimal_places=2)
    starts_on: date
    ends_on: date | None = None
    monthly_rent: Decimal | None = Field(
        None, ge=0, max_digits=12, decimal_places=2, description="Vide : la grille"
    )
    override_reason: Text = Field("", max_length=300)
    service_charges: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    vat_rate: Decimal = Decimal("20.00")
    deposit: Decimal = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=2)
    notice_months: int = Field(3, ge=0, le=36)
    index_kind: IndexKind | None = None
    reference_index_id: ObjectId | None = None
    tenant_founded_on: date | None = None
    territory: Territory = Territory.MAINLAND
    tenant_is_sme: bool | None = Field(
        None, description="Preneur PME au sens européen ; null : non renseigné"
    )
    notes: Text = ""


class RevisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    new_index_id: ObjectId = Field(description="Une valeur d'indice enregistrée par la coordination")
    effective_on: date
    tenant_is_sme: bool | None = Field(
        None, description="Pour un bail à l'ILC qui ne le dit pas encore : le preneur est-il une PME ?"
    )


class RentCallOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str = Field(alias="organisation.legal_name")
    lease_id: int | None
    plan_id: int | None
    month: date
    period_start: date
    period_end: date
    label: str
    rent: Decimal
    service_charges: Decimal
    vat_rate: Decimal
    total_excl_tax: Decimal
    vat_amount: Decimal
    total_incl_tax: Decimal
    invoice_id: int | None


class CallFilterIn(Schema):
    month: str = Field("", pattern=r"^$|" + MONTH, description="AAAA-MM ; vide : tous les mois")


class GenerateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    month: str = Field(pattern=MONTH, description="AAAA-MM")


class GeneratedOut(Schema):
    created: int
    month: date


def _in_cluster(model, pk, cluster, field: str, message: str):
    found = model.objects.filter(cluster=cluster, pk=pk).first() if pk else None
    if pk and found is None:
        raise ValidationError({field: message})
    return found


@router.get(
    "/clusters/{slug}/rent-grids",
    response={**READ, 200: list[GridOut]},
    summary="Grilles des loyers publiées",
    description="Les tarifs et réductions que le pôle publie à ses membres, la plus récente d'abord.",
)
def grid_list(request, slug: Slug):
    membership = access_cluster(request.auth, slug)
    require_insider(membership)
    return list(grids_for_members(cluster=membership.cluster))


@router.get(LEASES, response={**READ, 200: list[LeaseOut]}, summary="Baux")
@paginate(BoundedPagination)
def lease_list(request, slug: Slug):
    membership = access_cluster(request.auth, slug)
    require_insider(membership)
    return visible_leases(membership=membership).select_related("reference_index")


@router.get(LEASES + "/{lease_id}", response={**READ, 200: LeaseDetailOut}, summary="Un bail et son calcul")
def lease_detail(request, slug: Slug, lease_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    return access_lease(membership, lease_id)


@router.post(
    LEASES,
    response={**READ, 201: LeaseDetailOut},
    summary="Nouveau bail",
    description="Réservé à la coordination. Sans loyer, celui de la grille en vigueur ; un autre loyer demande un motif.",
)
def lease_add(request, slug: Slug, payload: LeaseIn):
    membership = access_cluster(request.auth, slug)
    require_coordinator(membership)
    fields = payload.dict()
    cluster = membership.cluster
    resource = _in_cluster(
        Resource, fields.pop("resource_id"), cluster, "resource_id", _("Bureau introuvable.")
    )
    organisation = _in_cluster(
        Organisation, fields.pop("organisation_id"), cluster, "organisation_id", _("Structure introuvable.")
    )
    fields["reference_index"] = _in_cluster(
        IndexValue,
        fields.pop("reference_index_id"),
        cluster,
        "reference_index_id",
        _("Valeur d'indice introuvable."),
    )
    fields["index_kind"] = fields["index_kind"] or ""
    lease = lease_create(
        cluster=cluster, resource=resource, organisation=organisation, fields=fields, created_by=request.auth
    )
    return Status(201, lease)


@router.post(
    LEASES + "/{lease_id}/revisions",
    response={**READ, 201: RevisionOut},
    summary="Révision annuelle du loyer",
    description="Réservé à la coordination : loyer multiplié par le nouvel indice et divisé par l'indice de référence, arrondi au centime, dans la limite des plafonds légaux de 2022-2024 (IRL, et ILC des PME).",
)
def lease_revise(request, slug: Slug, lease_id: ObjectId, payload: RevisionIn):
    membership = access_cluster(request.auth, slug)
    require_coordinator(membership)
    lease = access_lease(membership, lease_id)
    new_index = _in_cluster(
        IndexValue,
        payload.new_index_id,
        membership.cluster,
        "new_index_id",
        _("Valeur d'indice introuvable."),
    )
    revision = rent_revise(
        lease=lease,
        new_index=new_index,
        effective_on=payload.effective_on,
        tenant_is_sme=payload.tenant_is_sme,
        created_by=request.auth,
    )
    return Status(201, revision)


@router.get(
    "/clusters/{slug}/rent-calls",
    response={**READ, 200: list[RentCallOut]},
    summary="Appels de loyer",
    description="Ceux de sa structure pour un membre, tous pour la coordination ; le plus récent d'abord.",
)
@paginate(BoundedPagination)
def rent_call_list(request, slug: Slug, filters: Query[CallFilterIn]):
    membership = access_cluster(request.auth, slug)
    require_insider(membership)
    calls = visible_rent_calls(membership=membership)
    if filters.month:
        calls = calls.filter(month=parse_month(filters.month))
    return calls


@router.post(
    "/clusters/{slug}/rent-calls/generate",
    response={**READ, 201: GeneratedOut},
    summary="Générer les appels d'un mois",
    description="Réservé à la coordination. Idempotent : un bail ou une formule déjà appelé ce mois est ignoré.",
)
def rent_calls_make(request, slug: Slug, payload: GenerateIn):
    membership = access_cluster(request.auth, slug)
    require_coordinator(membership)
    month = parse_month(payload.month)
    created = rent_calls_generate(cluster=membership.cluster, month=month)
    return Status(201, {"created": len(created), "month": month})
