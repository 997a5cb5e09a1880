"""Reads of group purchasing: campaigns, the offers as the criteria and the declared needs rate them, and the
figures the cluster's yearly report keeps."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, Sum

from coursive.directory.models import MembershipStatus, Organisation
from coursive.invoicing.models import SellerProfile

from . import allocation, scoring
from .models import Allocation, Campaign, CampaignStatus, Need, Offer, PriceTier, Supplier
from .neighbours import local_area

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class OfferEvaluation:
    """An offer, its responsible-purchasing score and the order it would give for the needs declared."""

    offer: Offer
    tiers: tuple[allocation.Tier, ...]
    score: scoring.Score
    order: allocation.Order | None

    @property
    def reachable(self) -> bool:
        return self.order is not None


def campaigns_for(*, cluster):
    return (
        Campaign.objects.for_cluster(cluster)
        .annotate(
            need_count=Count("needs", distinct=True),
            need_quantity=Sum("needs__quantity"),
        )
        .order_by("status", "-deadline")
    )


def suppliers_for(*, cluster):
    return Supplier.objects.for_cluster(cluster)


def cluster_seller(*, cluster) -> SellerProfile | None:
    """The cluster's legal entity, which places the order with the supplier and invoices the members."""
    return SellerProfile.objects.filter(cluster=cluster).first()


def cluster_local_area(*, cluster) -> frozenset[str]:
    """The départements of the cluster's members and those bordering them: where a supplier is local."""
    departements = (
        Organisation.objects.for_cluster(cluster)
        .exclude(membership_status=MembershipStatus.FORMER)
        .exclude(departement="")
        .values_list("departement", flat=True)
        .distinct()
    )
    return local_area(set(departements))


def campaign_weights(campaign: Campaign) -> scoring.Weights:
    return scoring.Weights(
        local=campaign.weight_local,
        ess=campaign.weight_ess,
        label=campaign.weight_label,
        recycled=campaign.weight_recycled,
    )


def campaign_demands(campaign: Campaign) -> list[allocation.Demand]:
    rows = (
        Need.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list("organisation_id", "quantity", "max_unit_price")
    )
    return [allocation.Demand(key, quantity, max_price) for key, quantity, max_price in rows]


def offer_tiers(offer: Offer) -> tuple[allocation.Tier, ...]:
    return tuple(allocation.Tier(tier.min_quantity, tier.unit_price) for tier in offer.tiers.all())


def offer_evaluations(*, campaign: Campaign) -> list[OfferEvaluation]:
    """Every offer of the campaign, best responsible score first."""
    area = cluster_local_area(cluster=campaign.cluster)
    weights = campaign_weights(campaign)
    demands = campaign_demands(campaign)
    offers = campaign.offers.select_related("supplier").prefetch_related(
        Prefetch("tiers", queryset=PriceTier.objects.order_by("min_quantity"))
    )
    evaluations = []
    for offer in offers:
        tiers = offer_tiers(offer)
        facts = scoring.OfferFacts(
            departement=offer.supplier.departement,
            is_ess=offer.supplier.is_ess,
            labels=offer.supplier.label_list,
            recycled_percent=offer.recycled_percent,
        )
        order = allocation.order_for(tiers, demands, offer.delivery_fee) if tiers and demands else None
        evaluations.append(OfferEvaluation(offer, tiers, scoring.score(facts, weights, area), order))
    return sorted(evaluations, key=lambda e: (-e.score.total, e.offer.pk))


def best_evaluation(evaluations: list[OfferEvaluation]) -> OfferEvaluation | None:
    """The automatic choice: the best responsible score among the offers whose reached price the members
    accept; at equal score, the cheaper order."""
    reachable = [e for e in evaluations if e.reachable]
    if not reachable:
        return None
    return min(reachable, key=lambda e: (-e.score.total, e.order.total, e.offer.pk))


def need_of(*, campaign: Campaign, organisation_id: int | None) -> Need | None:
    if organisation_id is None:
        return None
    return Need.objects.filter(campaign=campaign, organisation_id=organisation_id).first()


def campaign_needs(*, campaign: Campaign):
    return Need.objects.filter(campaign=campaign).select_related("organisation")


@dataclass(frozen=True)
class Aggregate:
    members: int
    quantity: Decimal


def campaign_aggregate(*, campaign: Campaign) -> Aggregate:
    """What every member may see of the others' needs: how many declared and the total quantity."""
    figures = Need.objects.filter(campaign=campaign).aggregate(members=Count("pk"), quantity=Sum("quantity"))
    # SQLite sums decimals without their scale; the column's three decimals are put back for every database.
    return Aggregate(figures["members"], Decimal(figures["quantity"] or 0).quantize(Decimal("0.001")))


def campaign_allocations(*, campaign: Campaign):
    return Allocation.objects.filter(campaign=campaign).select_related("organisation", "invoice")


def declined_needs(*, campaign: Campaign):
    """In a closed campaign, the needs left out of the order because their maximum price was exceeded."""
    allocated = Allocation.objects.filter(campaign=campaign).values("organisation_id")
    return campaign_needs(campaign=campaign).exclude(organisation_id__in=allocated)


def member_savings(*, cluster, organisation_id: int):
    """One organisation's part of every closed campaign, newest first: its history of group purchases."""
    return (
        Allocation.objects.filter(campaign__cluster=cluster, organisation_id=organisation_id)
        .select_related("campaign")
        .order_by("-campaign__closed_at")
    )


def yearly_figures(*, cluster, year: int) -> dict:
    """Group purchasing in a calendar year (campaigns closed that year, Paris time): campaigns, amounts
    bought, savings against buying alone, the share bought from local or ESS suppliers, and per member."""
    start = datetime(year, 1, 1, tzinfo=PARIS)
    end = datetime(year + 1, 1, 1, tzinfo=PARIS)
    campaigns = Campaign.objects.for_cluster(cluster).filter(closed_at__gte=start, closed_at__lt=end)
    allocations = Allocation.objects.filter(campaign__in=campaigns.filter(status=CampaignStatus.CLOSED))
    members = (
        allocations.values("organisation_id", "organisation__legal_name")
        .annotate(
            campaigns=Count("campaign", distinct=True),
            goods=Sum("goods_amount"),
            delivery=Sum("delivery_amount"),
            solo=Sum("solo_cost"),
        )
        .order_by("organisation__legal_name")
    )
    per_member = [_member_row(row) for row in members]
    bought = sum((row["amount_excl_tax"] for row in per_member), Decimal(0))
    responsible = allocations.filter(
        Q(campaign__chosen_is_ess=True) | Q(campaign__chosen_is_local=True)
    ).aggregate(goods=Sum("goods_amount"), delivery=Sum("delivery_amount"))
    return {
        "year": year,
        "campaigns_closed": campaigns.filter(status=CampaignStatus.CLOSED).count(),
        "campaigns_unfulfilled": campaigns.filter(status=CampaignStatus.UNFULFILLED).count(),
        "members": len(per_member),
        "bought_excl_tax": bought,
        "savings_excl_tax": sum((row["saving_excl_tax"] for row in per_member), Decimal(0)),
        "bought_from_local_or_ess_excl_tax": (
            Decimal(responsible["goods"] or 0) + Decimal(responsible["delivery"] or 0)
        ).quantize(allocation.CENT),
        "per_member": per_member,
    }


def _member_row(row: dict) -> dict:
    # SQLite sums decimals without their scale: amounts are put back to the cent for every database.
    amount = (row["goods"] + row["delivery"]).quantize(allocation.CENT)
    return {
        "organisation_id": row["organisation_id"],
        "organisation": row["organisation__legal_name"],
        "campaigns": row["campaigns"],
        "amount_excl_tax": amount,
        "saving_excl_tax": row["solo"].quantize(allocation.CENT) - amount,
    }
