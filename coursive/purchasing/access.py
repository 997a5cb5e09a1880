"""Who may see and do what in group purchasing. The coordination runs campaigns; member organisations'
admins declare their organisation's needs; their staff follow them. Buyers and residents have no part in it.
A campaign of another cluster answers 404, like one that does not exist."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.access import require_insider
from coursive.accounts.models import Membership, Role

from .models import Campaign, Offer, Supplier


def can_declare_needs(membership: Membership) -> bool:
    return membership.role == Role.MEMBER_ADMIN and membership.organisation_id is not None


def require_need_declarer(membership: Membership) -> None:
    if not can_declare_needs(membership):
        raise PermissionDenied(_("Seuls les administrateurs d'une structure membre déclarent ses besoins."))


def access_campaign(membership: Membership, campaign_id: int) -> Campaign:
    require_insider(membership)
    campaign = (
        Campaign.objects.for_cluster(membership.cluster)
        .select_related("cluster", "chosen_offer__supplier")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is None:
        raise Http404(_("Campagne introuvable."))
    return campaign


def access_offer(campaign: Campaign, offer_id: int) -> Offer:
    offer = campaign.offers.select_related("supplier").filter(pk=offer_id).first()
    if offer is None:
        raise Http404(_("Offre introuvable."))
    return offer


def access_supplier(membership: Membership, supplier_id: int) -> Supplier:
    supplier = Supplier.objects.for_cluster(membership.cluster).filter(pk=supplier_id).first()
    if supplier is None:
        raise Http404(_("Fournisseur introuvable."))
    return supplier
