"""Writes of group purchasing: suppliers, campaigns and offers (the coordination), needs (the members), and
closing a campaign, which orders from the chosen offer and drafts each member's invoice.

Every write checks its whole input before touching the database and runs in one transaction, so bad input
writes nothing."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from coursive.core import geo
from coursive.directory.models import MembershipStatus, Organisation
from coursive.directory.validators import normalise_siret
from coursive.invoicing.services import DraftLine, invoice_draft_create

from . import allocation, emails, selectors
from .models import Allocation, Campaign, CampaignStatus, Need, Offer, PriceTier, Supplier

SUPPLIER_FIELDS = frozenset({"name", "siret", "postcode", "commune", "is_ess", "labels", "email", "website"})
CAMPAIGN_FIELDS = frozenset(
    {
        "title",
        "item",
        "description",
        "nature",
        "unit",
        "vat_rate",
        "deadline",
        "delivery_address",
        "weight_local",
        "weight_ess",
        "weight_label",
        "weight_recycled",
    }
)
OFFER_FIELDS = frozenset({"product", "recycled_percent", "delivery_fee", "notes"})
# The largest values the database columns hold (14 digits with 3 decimals, 12 with 4).
MAX_QUANTITY = Decimal("1e11")
MAX_PRICE = Decimal("1e8")
WEIGHT_FIELDS = ("weight_local", "weight_ess", "weight_label", "weight_recycled")


def _assign(instance, fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(instance, name, value)


def _require_open(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("Cette campagne est close : elle ne peut plus être modifiée."), code="closed")


# Suppliers ---------------------------------------------------------------------------------------------


def supplier_save(*, cluster, fields: dict, supplier: Supplier | None = None) -> Supplier:
    supplier = supplier or Supplier(cluster=cluster)
    _assign(supplier, fields, SUPPLIER_FIELDS)
    supplier.siret = normalise_siret(supplier.siret)
    supplier.departement = geo.departement_for_postcode(supplier.postcode) or ""
    supplier.full_clean(validate_constraints=False)
    if Supplier.objects.filter(cluster=cluster, siret=supplier.siret).exclude(pk=supplier.pk).exists():
        raise ValidationError({"siret": _("Un fournisseur du pôle a déjà ce SIRET.")})
    supplier.save()
    return supplier


# Campaigns ---------------------------------------------------------------------------------------------


def _check_campaign(campaign: Campaign, *, now, deadline_changed: bool) -> None:
    errors = {}
    try:
        campaign.full_clean(exclude=["cluster"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if campaign.deadline and timezone.is_naive(campaign.deadline):
        errors.setdefault("deadline", []).append(_("La date limite doit préciser son fuseau horaire."))
    elif campaign.deadline and deadline_changed and campaign.deadline <= now:
        errors.setdefault("deadline", []).append(_("La date limite des besoins doit être dans le futur."))
    if not errors.get("weight_local") and sum(getattr(campaign, f) or 0 for f in WEIGHT_FIELDS) == 0:
        errors.setdefault("weight_local", []).append(
            _("Donnez un poids à au moins un critère d'achat responsable.")
        )
    if errors:
        raise ValidationError(errors)


def campaign_create(*, cluster, fields: dict, created_by=None, now=None, notify: bool = True) -> Campaign:
    """Opens a campaign; the member organisations' admins are told by e-mail once it is saved."""
    campaign = Campaign(cluster=cluster, created_by=created_by)
    _assign(campaign, fields, CAMPAIGN_FIELDS)
    _check_campaign(campaign, now=now or timezone.now(), deadline_changed=True)
    campaign.save()
    if notify:
        # A mail server down must not undo the campaign: the failure is logged, not raised.
        transaction.on_commit(lambda: emails.campaign_opened_send(campaign=campaign), robust=True)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, fields: dict, now=None) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_open(campaign)
    deadline_changed = "deadline" in fields and fields["deadline"] != campaign.deadline
    _assign(campaign, fields, CAMPAIGN_FIELDS)
    _check_campaign(campaign, now=now or timezone.now(), deadline_changed=deadline_changed)
    campaign.save()
    return campaign


# Offers ------------------------------------------------------------------------------------------------


def check_tiers(tiers: Sequence[tuple[Decimal, Decimal]]) -> None:
    """At least one tier; thresholds and prices positive; thresholds strictly increasing and a larger volume
    never dearer per unit."""
    if not tiers:
        raise ValidationError({"tiers": _("Indiquez au moins un palier de prix.")})
    previous = None
    for position, (threshold, price) in enumerate(tiers, start=1):
        where = _("Palier %(n)d : ") % {"n": position}
        if threshold <= 0:
            raise ValidationError({"tiers": where + _("la quantité de départ doit être supérieure à zéro.")})
        if price <= 0:
            raise ValidationError({"tiers": where + _("le prix unitaire doit être supérieur à zéro.")})
        if threshold >= MAX_QUANTITY or price >= MAX_PRICE:
            raise ValidationError({"tiers": where + _("quantité ou prix trop grand.")})
        if threshold != threshold.quantize(Decimal("0.001")) or price != price.quantize(Decimal("0.0001")):
            raise ValidationError(
                {"tiers": where + _("trois décimales au plus pour la quantité, quatre pour le prix.")}
            )
        if previous and threshold <= previous[0]:
            raise ValidationError(
                {"tiers": where + _("les quantités de départ doivent croître d'un palier au suivant.")}
            )
        if previous and price > previous[1]:
            raise ValidationError(
                {"tiers": where + _("un palier de plus grand volume ne peut pas coûter plus cher à l'unité.")}
            )
        previous = (threshold, price)


@transaction.atomic
def offer_save(
    *,
    campaign: Campaign,
    supplier: Supplier,
    fields: dict,
    tiers: Sequence[tuple[Decimal, Decimal]],
    offer: Offer | None = None,
) -> Offer:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_open(campaign)
    if supplier.cluster_id != campaign.cluster_id:
        raise ValidationError({"supplier": _("Ce fournisseur n'appartient pas à ce pôle.")})
    if (
        Offer.objects.filter(campaign=campaign, supplier=supplier)
        .exclude(pk=getattr(offer, "pk", None))
        .exists()
    ):
        raise ValidationError({"supplier": _("Ce fournisseur a déjà une offre dans cette campagne.")})
    check_tiers(tiers)
    offer = offer or Offer(campaign=campaign)
    offer.supplier = supplier
    _assign(offer, fields, OFFER_FIELDS)
    offer.full_clean(exclude=["campaign", "supplier"], validate_constraints=False)
    offer.save()
    offer.tiers.all().delete()
    PriceTier.objects.bulk_create(PriceTier(offer=offer, min_quantity=q, unit_price=p) for q, p in tiers)
    return offer


@transaction.atomic
def offer_delete(*, offer: Offer) -> None:
    _require_open(Campaign.objects.select_for_update().get(pk=offer.campaign_id))
    offer.delete()


# Needs -------------------------------------------------------------------------------------------------


def _check_need(campaign: Campaign, organisation: Organisation, quantity, max_unit_price, now) -> None:
    if not campaign.accepts_needs(now):
        deadline = date_format(timezone.localtime(campaign.deadline), "DATETIME_FORMAT")
        raise ValidationError(
            _(
                "La date limite des besoins (%(deadline)s) est passée : cette campagne n'accepte plus de besoin."
            )
            % {"deadline": deadline},
            code="deadline",
        )
    if (
        organisation.cluster_id != campaign.cluster_id
        or organisation.membership_status == MembershipStatus.FORMER
    ):
        raise ValidationError(_("Seules les structures membres du pôle déclarent des besoins."))
    if quantity is None or not quantity.is_finite() or quantity <= 0:
        raise ValidationError({"quantity": _("La quantité doit être supérieure à zéro.")})
    if quantity != quantity.quantize(Decimal("0.001")):
        raise ValidationError({"quantity": _("La quantité a au plus trois décimales.")})
    if max_unit_price is not None and (not max_unit_price.is_finite() or max_unit_price <= 0):
        raise ValidationError(
            {"max_unit_price": _("Le prix maximum doit être supérieur à zéro, ou laissé vide.")}
        )


@transaction.atomic
def need_save(
    *,
    campaign: Campaign,
    organisation: Organisation,
    quantity: Decimal,
    max_unit_price: Decimal | None = None,
    declared_by=None,
    now=None,
) -> Need:
    """Declares or changes the organisation's need; the campaign row is locked so a need cannot slip in
    while the campaign closes."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_need(campaign, organisation, quantity, max_unit_price, now or timezone.now())
    need, _created = Need.objects.update_or_create(
        campaign=campaign,
        organisation=organisation,
        defaults={"quantity": quantity, "max_unit_price": max_unit_price, "declared_by": declared_by},
    )
    return need


@transaction.atomic
def need_withdraw(*, campaign: Campaign, organisation: Organisation, now=None) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.accepts_needs(now or timezone.now()):
        raise ValidationError(
            _("La date limite des besoins est passée : le besoin ne peut plus être retiré.")
        )
    Need.objects.filter(campaign=campaign, organisation=organisation).delete()


# Closing -----------------------------------------------------------------------------------------------


def _pick(evaluations, offer: Offer | None, reason: str):
    """The offer to order from and why: the automatic choice, or the coordination's with its reason."""
    best = selectors.best_evaluation(evaluations)
    if offer is None or (best is not None and offer.pk == best.offer.pk):
        if best is None:
            return None, ""
        text = _(
            "Choix automatique : meilleur score d'achat responsable (%(score)s/100) parmi les offres dont le "
            "prix atteint est accepté par les structures."
        ) % {"score": number_format(best.score.total, decimal_pos=1)}
        return best, (text + " " + reason).strip()
    picked = next((e for e in evaluations if e.offer.pk == offer.pk), None)
    if picked is None:
        raise ValidationError({"offer": _("Cette offre n'appartient pas à cette campagne.")})
    if not picked.reachable:
        raise ValidationError(
            {
                "offer": _(
                    "Cette offre n'est pas possible : les besoins n'atteignent pas son premier palier au prix accepté."
                )
            }
        )
    if not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Expliquez pourquoi vous retenez une autre offre que le choix automatique : ce motif est montré aux structures."
                )
            }
        )
    return picked, reason.strip()


def campaign_close(
    *,
    campaign: Campaign,
    now=None,
    by=None,
    offer: Offer | None = None,
    reason: str = "",
    notify: bool = True,
) -> Campaign:
    """Closes the campaign once its deadline has passed: aggregates the needs, orders from the chosen offer
    at the tier reached, records each member's share and saving, and drafts its invoice. Idempotent: on a
    closed campaign it only drafts the invoices missing (a draft deleted to be redone), never a second
    one. The members' admins are told their share by e-mail, once, after the transaction commits."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status == CampaignStatus.OPEN:
            _close_open_campaign(campaign, now=now, by=by, offer=offer, reason=reason)
            if notify and campaign.status == CampaignStatus.CLOSED:
                transaction.on_commit(lambda: emails.campaign_closed_send(campaign=campaign), robust=True)
        if campaign.status == CampaignStatus.CLOSED:
            campaign_invoices_draft(campaign=campaign, created_by=by)
    return campaign


def _close_open_campaign(campaign: Campaign, *, now, by, offer, reason) -> None:
    if now < campaign.deadline:
        raise ValidationError(
            _(
                "Les structures peuvent déclarer leurs besoins jusqu'au %(deadline)s : la campagne sera close ensuite."
            )
            % {"deadline": date_format(timezone.localtime(campaign.deadline), "DATETIME_FORMAT")},
            code="too_early",
        )
    evaluations = selectors.offer_evaluations(campaign=campaign)
    if not evaluations:
        raise ValidationError(
            _("Aucune offre de fournisseur : ajoutez-en au moins une avant de clore la campagne."),
            code="no_offer",
        )
    campaign.closed_at, campaign.closed_by = now, by
    if not campaign.needs.exists():
        _mark_unfulfilled(campaign, _("Aucune structure n'a déclaré de besoin avant la date limite."))
        return
    chosen, why = _pick(evaluations, offer, reason)
    if chosen is None:
        _mark_unfulfilled(
            campaign,
            _("Aucune offre n'atteint son minimum de commande à un prix que les structures acceptent."),
        )
        return
    _record_order(campaign, chosen, why)


def _mark_unfulfilled(campaign: Campaign, reason: str) -> None:
    campaign.status = CampaignStatus.UNFULFILLED
    campaign.choice_reason = reason
    campaign.save()


def _record_order(campaign: Campaign, chosen: selectors.OfferEvaluation, why: str) -> None:
    order = chosen.order
    campaign.status = CampaignStatus.CLOSED
    campaign.chosen_offer = chosen.offer
    campaign.choice_reason = why
    campaign.chosen_score = chosen.score.total
    campaign.chosen_is_local = chosen.score.is_local
    campaign.chosen_is_ess = chosen.score.is_ess
    campaign.total_quantity = order.total_quantity
    campaign.unit_price = order.tier.unit_price
    campaign.goods_total = order.goods_total
    campaign.delivery_fee = order.delivery_fee
    campaign.save()
    Allocation.objects.bulk_create(
        Allocation(
            campaign=campaign,
            organisation_id=share.key,
            quantity=share.quantity,
            goods_amount=share.goods,
            delivery_amount=share.delivery,
            solo_unit_price=share.solo_unit_price,
            solo_below_minimum=share.solo_below_minimum,
            solo_cost=share.solo_cost,
        )
        for share in order.shares
    )


def campaign_invoices_draft(*, campaign: Campaign, created_by=None) -> int:
    """A draft invoice for each share that has none yet; the number drafted."""
    pending = Allocation.objects.filter(campaign=campaign, invoice__isnull=True).select_related(
        "organisation"
    )
    sale_date = timezone.localdate(campaign.closed_at)
    drafted = 0
    for share in pending:
        try:
            share.invoice = invoice_draft_create(
                cluster=campaign.cluster,
                customer=share.organisation,
                lines=invoice_lines(campaign=campaign, share=share),
                sale_date=sale_date,
                created_by=created_by,
            )
        except ValidationError as error:
            # The whole close is undone: say which member's billing record needs fixing first.
            raise ValidationError(
                _("La facture de %(organisation)s ne peut pas être préparée : %(problem)s")
                % {"organisation": share.organisation.legal_name, "problem": " ".join(error.messages)},
                code="invoice",
            ) from error
        share.save(update_fields=["invoice", "updated_at"])
        drafted += 1
    return drafted


def invoice_lines(*, campaign: Campaign, share: Allocation) -> list[DraftLine]:
    """The member's share as invoice lines. Its goods are billed at the tier price when quantity times price
    gives its share to the cent; otherwise (a price with more than two decimals, split to the cent) as one
    lot at its share, the label stating quantity and unit price, so the invoice total is the share."""
    supplier = campaign.chosen_offer.supplier
    source = f"purchasing:campaign:{campaign.pk}"
    label = _("%(item)s — achat groupé « %(title)s », fournisseur %(supplier)s") % {
        "item": campaign.item,
        "title": campaign.title,
        "supplier": supplier.name,
    }
    exact = allocation.to_cents(share.quantity * campaign.unit_price) == share.goods_amount
    if exact:
        goods = DraftLine(
            label,
            share.quantity,
            campaign.unit,
            campaign.unit_price,
            campaign.vat_rate,
            campaign.nature,
            source,
        )
    else:
        detail = _(" : %(quantity)s %(unit)s à %(price)s € HT l'unité, quote-part arrondie au centime") % {
            "quantity": share.quantity.normalize(),
            "unit": campaign.unit,
            "price": campaign.unit_price.normalize(),
        }
        goods = DraftLine(
            label + detail,
            Decimal(1),
            _("lot"),
            share.goods_amount,
            campaign.vat_rate,
            campaign.nature,
            source,
        )
    lines = [goods]
    if share.delivery_amount > 0:
        lines.append(
            DraftLine(
                _("Quote-part des frais de livraison — achat groupé « %(title)s »")
                % {"title": campaign.title},
                Decimal(1),
                _("forfait"),
                share.delivery_amount,
                campaign.vat_rate,
                campaign.nature,
                source,
            )
        )
    return lines


@dataclass(frozen=True)
class CloseReport:
    closed: list[Campaign]
    refused: list[tuple[Campaign, str]]


def campaigns_close_due(*, now=None) -> CloseReport:
    """Closes every open campaign whose deadline has passed, in every cluster; one that cannot close (no
    offer yet) is reported and left open, the others still close."""
    now = now or timezone.now()
    report = CloseReport([], [])
    for campaign in Campaign.objects.filter(status=CampaignStatus.OPEN, deadline__lte=now).order_by(
        "deadline"
    ):
        try:
            report.closed.append(campaign_close(campaign=campaign, now=now))
        except ValidationError as error:
            report.refused.append((campaign, " ".join(error.messages)))
    return report
