"""Group purchasing through the API, with the same rules as the pages: the cluster's campaigns with their
offers and scores; a member's own need, which its admins declare, change or withdraw until the deadline; of
the others' needs, only the aggregate. The coordination sees every need and every share."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from coursive.accounts.access import access_cluster, require_insider
from coursive.purchasing import selectors
from coursive.purchasing.access import access_campaign, require_need_declarer
from coursive.purchasing.models import CampaignStatus, Nature
from coursive.purchasing.services import need_save, need_withdraw

from .pagination import BoundedPagination
from .schemas import ErrorOut
from .types import ObjectId, Slug

router = Router(tags=["Achats groupés"])

CAMPAIGN_PATH = "/clusters/{slug}/campaigns/{campaign_id}"


class CampaignOut(Schema):
    id: int
    title: str
    item: str
    description: str
    nature: Nature
    unit: str
    vat_rate: Decimal
    deadline: datetime
    status: CampaignStatus
    accepts_needs: bool = Field(description="Vrai tant que la date limite n'est pas passée")
    weights: dict[str, int] = Field(description="Poids publiés des critères d'achat responsable")


class TierOut(Schema):
    min_quantity: Decimal
    unit_price: Decimal


class OfferScoreOut(Schema):
    total: Decimal
    is_local: bool
    is_ess: bool
    is_labelled: bool
    recycled_percent: int
    points_local: Decimal
    points_ess: Decimal
    points_label: Decimal
    points_recycled: Decimal


class OfferOut(Schema):
    id: int
    supplier: str
    supplier_siret: str
    supplier_departement: str
    supplier_labels: list[str]
    product: str
    delivery_fee: Decimal
    tiers: list[TierOut]
    score: OfferScoreOut
    reached_unit_price: Decimal | None = Field(description="Prix du palier atteint avec les besoins déclarés")


class AggregateOut(Schema):
    members: int = Field(description="Structures ayant déclaré un besoin")
    quantity: Decimal = Field(description="Quantité totale déclarée")


class NeedOut(Schema):
    organisation_id: int
    organisation: str
    quantity: Decimal
    max_unit_price: Decimal | None
    updated_at: datetime


class ShareOut(Schema):
    organisation_id: int
    organisation: str
    quantity: Decimal
    goods_amount: Decimal
    delivery_amount: Decimal
    amount: Decimal
    solo_cost: Decimal = Field(description="Coût HT du même achat fait seul chez le même fournisseur")
    saving: Decimal
    invoice_id: int | None


class ResultOut(Schema):
    chosen_offer_id: int | None
    choice_reason: str
    total_quantity: Decimal | None
    unit_price: Decimal | None
    goods_total: Decimal | None
    delivery_fee: Decimal | None
    shares: list[ShareOut] = Field(description="Toutes pour la coordination, la sienne pour une structure")


class CampaignDetailOut(CampaignOut):
    offers: list[OfferOut]
    aggregate: AggregateOut
    own_need: NeedOut | None
    result: ResultOut | None


class NeedIn(Schema):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"quantity": "120", "max_unit_price": "4.00"}]}
    )

    quantity: Decimal = Field(description="Quantité, dans l'unité de la campagne ; supérieure à zéro")
    max_unit_price: Decimal | None = Field(None, description="Prix unitaire HT maximum accepté (facultatif)")


def _campaign_row(campaign) -> dict:
    return {
        **{
            name: getattr(campaign, name) for name in ("id", "title", "item", "description", "nature", "unit")
        },
        **{name: getattr(campaign, name) for name in ("vat_rate", "deadline", "status")},
        "accepts_needs": campaign.accepts_needs(),
        "weights": {
            "local": campaign.weight_local,
            "ess": campaign.weight_ess,
            "label": campaign.weight_label,
            "recycled": campaign.weight_recycled,
        },
    }


def _campaign_rows(campaigns) -> list[dict]:
    return [_campaign_row(campaign) for campaign in campaigns]


def _need_row(need) -> dict:
    return {
        "organisation_id": need.organisation_id,
        "organisation": need.organisation.display_name,
        "quantity": need.quantity,
        "max_unit_price": need.max_unit_price,
        "updated_at": need.updated_at,
    }


def _offer_row(evaluation) -> dict:
    offer = evaluation.offer
    return {
        "id": offer.pk,
        "supplier": offer.supplier.name,
        "supplier_siret": offer.supplier.siret,
        "supplier_departement": offer.supplier.departement,
        "supplier_labels": list(offer.supplier.label_list),
        "product": offer.product,
        "delivery_fee": offer.delivery_fee,
        "tiers": [{"min_quantity": t.min_quantity, "unit_price": t.unit_price} for t in evaluation.tiers],
        "score": {name: getattr(evaluation.score, name) for name in OfferScoreOut.model_fields},
        "reached_unit_price": evaluation.order.tier.unit_price if evaluation.order else None,
    }


def _result(membership, campaign) -> dict | None:
    if campaign.status == CampaignStatus.OPEN:
        return None
    shares = selectors.campaign_allocations(campaign=campaign)
    if not membership.is_coordinator:
        shares = shares.filter(organisation_id=membership.organisation_id)
    return {
        "chosen_offer_id": campaign.chosen_offer_id,
        "choice_reason": campaign.choice_reason,
        "total_quantity": campaign.total_quantity,
        "unit_price": campaign.unit_price,
        "goods_total": campaign.goods_total,
        "delivery_fee": campaign.delivery_fee,
        "shares": [
            {
                "organisation_id": s.organisation_id,
                "organisation": s.organisation.display_name,
                "quantity": s.quantity,
                "goods_amount": s.goods_amount,
                "delivery_amount": s.delivery_amount,
                "amount": s.amount,
                "solo_cost": s.solo_cost,
                "saving": s.saving,
                "invoice_id": s.invoice_id,
            }
            for s in shares
        ],
    }


@router.get(
    "/clusters/{slug}/campaigns",
    response={200: list[CampaignOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Campagnes d'achat groupé",
    description="Les campagnes du pôle, ouvertes d'abord. Réservé à la coordination et aux structures membres.",
)
@paginate(BoundedPagination, shape=_campaign_rows)
def campaign_list(request, slug: Slug):
    membership = access_cluster(request.auth, slug)
    require_insider(membership)
    return selectors.campaigns_for(cluster=membership.cluster)


@router.get(
    CAMPAIGN_PATH,
    response={200: CampaignDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Une campagne",
    description="Ses offres avec leurs paliers et leur score d'achat responsable, le total des besoins, le besoin "
    "de sa propre structure et, une fois close, le résultat avec sa quote-part (toutes pour la coordination).",
)
def campaign_detail(request, slug: Slug, campaign_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    campaign = access_campaign(membership, campaign_id)
    aggregate = selectors.campaign_aggregate(campaign=campaign)
    need = selectors.need_of(campaign=campaign, organisation_id=membership.organisation_id)
    return {
        **_campaign_row(campaign),
        "offers": [_offer_row(e) for e in selectors.offer_evaluations(campaign=campaign)],
        "aggregate": {"members": aggregate.members, "quantity": aggregate.quantity},
        "own_need": _need_row(need) if need else None,
        "result": _result(membership, campaign),
    }


@router.get(
    f"{CAMPAIGN_PATH}/needs",
    response={200: list[NeedOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Besoins déclarés",
    description="Pour une structure, son seul besoin ; pour la coordination, tous.",
)
def need_list(request, slug: Slug, campaign_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    campaign = access_campaign(membership, campaign_id)
    needs = selectors.campaign_needs(campaign=campaign)
    if not membership.is_coordinator:
        needs = needs.filter(organisation_id=membership.organisation_id)
    return [_need_row(need) for need in needs]


@router.put(
    f"{CAMPAIGN_PATH}/need",
    response={200: NeedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Déclarer ou modifier le besoin de sa structure",
    description="Jusqu'à la date limite. Réservé aux administrateurs d'une structure membre.",
)
def need_put(request, slug: Slug, campaign_id: ObjectId, payload: NeedIn):
    membership = access_cluster(request.auth, slug)
    campaign = access_campaign(membership, campaign_id)
    require_need_declarer(membership)
    need = need_save(
        campaign=campaign,
        organisation=membership.organisation,
        quantity=payload.quantity,
        max_unit_price=payload.max_unit_price,
        declared_by=request.auth,
    )
    need.refresh_from_db()
    return _need_row(need)


@router.delete(
    f"{CAMPAIGN_PATH}/need",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Retirer le besoin de sa structure",
    description="Jusqu'à la date limite. Réservé aux administrateurs d'une structure membre.",
)
def need_delete(request, slug: Slug, campaign_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    campaign = access_campaign(membership, campaign_id)
    require_need_declarer(membership)
    need_withdraw(campaign=campaign, organisation=membership.organisation)
    return Status(204, None)
