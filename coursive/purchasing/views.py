"""Group-purchasing pages: campaigns and their offers, members' needs, closing, the supplier order and the
yearly figures."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view, require_coordinator, require_insider
from coursive.core.exports import csv_response, download

from . import exports, selectors, services
from .access import (
    access_campaign,
    access_offer,
    access_supplier,
    can_declare_needs,
    require_need_declarer,
)
from .forms import CampaignForm, CloseForm, NeedForm, OfferForm, SupplierForm
from .models import CampaignStatus

NAV = {"nav_section": "purchasing"}
# The years a yearly report may be asked for: well beyond any campaign, and within what dates can hold.
MIN_YEAR, MAX_YEAR = 2000, 2100


def _to_campaign(campaign, anchor: str = ""):
    response = redirect("purchasing:detail", cluster_slug=campaign.cluster.slug, campaign_id=campaign.pk)
    response["Location"] += anchor
    return response


def _run(form, call) -> bool:
    """Runs the service once the form is valid; False, with the refusal shown on the form, otherwise."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True


@cluster_view
@require_GET
def campaign_list(request, membership):
    require_insider(membership)
    context = {
        **NAV,
        "campaigns": selectors.campaigns_for(cluster=membership.cluster),
        "savings": selectors.member_savings(
            cluster=membership.cluster, organisation_id=membership.organisation_id
        )
        if membership.organisation_id
        else [],
        "now": timezone.now(),
    }
    return render(request, "purchasing/campaign_list.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def campaign_create(request, membership):
    require_coordinator(membership)
    form = CampaignForm(request.POST or None)
    holder = {}

    def create():
        holder["campaign"] = services.campaign_create(
            cluster=membership.cluster, fields=form.cleaned_data, created_by=request.user
        )

    if request.method == "POST" and _run(form, create):
        messages.success(
            request, _("La campagne est ouverte : ajoutez maintenant les offres des fournisseurs.")
        )
        return _to_campaign(holder["campaign"])
    return render(request, "purchasing/campaign_form.html", {**NAV, "form": form})


@cluster_view
@require_http_methods(["GET", "POST"])
def campaign_edit(request, membership, campaign_id: int):
    require_coordinator(membership)
    campaign = access_campaign(membership, campaign_id)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and _run(
        form, lambda: services.campaign_update(campaign=campaign, fields=form.cleaned_data)
    ):
        messages.success(request, _("La campagne a été modifiée."))
        return _to_campaign(campaign)
    return render(request, "purchasing/campaign_form.html", {**NAV, "form": form, "campaign": campaign})


@cluster_view
@require_GET
def campaign_detail(request, membership, campaign_id: int):
    campaign = access_campaign(membership, campaign_id)
    return render(request, "purchasing/campaign_detail.html", _detail_context(membership, campaign))


def _detail_context(membership, campaign, **forms) -> dict:
    evaluations = selectors.offer_evaluations(campaign=campaign)
    need = selectors.need_of(campaign=campaign, organisation_id=membership.organisation_id)
    allocations = selectors.campaign_allocations(campaign=campaign)
    if not membership.is_coordinator:
        allocations = allocations.filter(organisation_id=membership.organisation_id)
    best = selectors.best_evaluation(evaluations)
    context = {
        **NAV,
        "campaign": campaign,
        "evaluations": evaluations,
        "best_offer_id": best.offer.pk if best else None,
        "aggregate": selectors.campaign_aggregate(campaign=campaign),
        "need": need,
        "can_declare": can_declare_needs(membership),
        "accepts_needs": campaign.accepts_needs(),
        "allocations": allocations,
        "declined": selectors.declined_needs(campaign=campaign)
        if campaign.status == CampaignStatus.CLOSED
        else [],
        "local_departements": sorted(selectors.cluster_local_area(cluster=campaign.cluster)),
    }
    if can_declare_needs(membership):
        initial = {"quantity": need.quantity, "max_unit_price": need.max_unit_price} if need else None
        context["need_form"] = forms.get("need_form") or NeedForm(initial=initial)
    if membership.is_coordinator:
        context["needs"] = selectors.campaign_needs(campaign=campaign)
        context["close_form"] = forms.get("close_form") or CloseForm(campaign=campaign)
    return context


@cluster_view
@require_POST
def need_save(request, membership, campaign_id: int):
    campaign = access_campaign(membership, campaign_id)
    require_need_declarer(membership)
    form = NeedForm(request.POST)

    def save():
        services.need_save(
            campaign=campaign,
            organisation=membership.organisation,
            quantity=form.cleaned_data["quantity"],
            max_unit_price=form.cleaned_data["max_unit_price"],
            declared_by=request.user,
        )

    if _run(form, save):
        messages.success(
            request, _("Votre besoin est enregistré. Vous pouvez le modifier jusqu'à la date limite.")
        )
        return _to_campaign(campaign, "#besoin")
    context = _detail_context(membership, campaign, need_form=form)
    return render(request, "purchasing/campaign_detail.html", context, status=422)


@cluster_view
@require_POST
def need_withdraw(request, membership, campaign_id: int):
    campaign = access_campaign(membership, campaign_id)
    require_need_declarer(membership)
    try:
        services.need_withdraw(campaign=campaign, organisation=membership.organisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre besoin est retiré de la campagne."))
    return _to_campaign(campaign, "#besoin")


@cluster_view
@require_http_methods(["GET", "POST"])
def offer_add(request, membership, campaign_id: int):
    require_coordinator(membership)
    campaign = access_campaign(membership, campaign_id)
    return _offer_page(request, membership, campaign, None)


@cluster_view
@require_http_methods(["GET", "POST"])
def offer_edit(request, membership, campaign_id: int, offer_id: int):
    require_coordinator(membership)
    campaign = access_campaign(membership, campaign_id)
    return _offer_page(request, membership, campaign, access_offer(campaign, offer_id))


def _offer_page(request, membership, campaign, offer):
    form = OfferForm(request.POST or None, cluster=membership.cluster, offer=offer)
    if request.method == "POST" and _run(
        form, lambda: services.offer_save(campaign=campaign, offer=offer, **form.service_arguments())
    ):
        messages.success(request, _("L'offre est enregistrée."))
        return _to_campaign(campaign, "#offres")
    context = {**NAV, "form": form, "campaign": campaign, "offer": offer}
    return render(request, "purchasing/offer_form.html", context)


@cluster_view
@require_POST
def offer_delete(request, membership, campaign_id: int, offer_id: int):
    require_coordinator(membership)
    campaign = access_campaign(membership, campaign_id)
    try:
        services.offer_delete(offer=access_offer(campaign, offer_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("L'offre est supprimée."))
    return _to_campaign(campaign, "#offres")


@cluster_view
@require_POST
def campaign_close(request, membership, campaign_id: int):
    require_coordinator(membership)
    campaign = access_campaign(membership, campaign_id)
    form = CloseForm(request.POST, campaign=campaign)

    def close():
        services.campaign_close(
            campaign=campaign,
            by=request.user,
            offer=form.cleaned_data["offer"],
            reason=form.cleaned_data["reason"],
        )

    if _run(form, close):
        messages.success(
            request, _("La campagne est close. Les factures des structures sont prêtes en brouillon.")
        )
        return _to_campaign(campaign, "#resultat")
    context = _detail_context(membership, campaign, close_form=form)
    return render(request, "purchasing/campaign_detail.html", context, status=422)


def _order_context(campaign) -> dict:
    return {
        "campaign": campaign,
        "offer": campaign.chosen_offer,
        "supplier": campaign.chosen_offer.supplier,
        "allocations": selectors.campaign_allocations(campaign=campaign),
        "seller": selectors.cluster_seller(cluster=campaign.cluster),
    }


def _order_view(view):
    """Loads the campaign for the coordination; its order exists once the campaign is closed, and until then
    the campaign page is shown instead."""

    @wraps(view)
    def wrapper(request, membership, campaign_id: int):
        campaign = access_campaign(membership, campaign_id)
        require_coordinator(membership)
        if campaign.status != CampaignStatus.CLOSED:
            return _to_campaign(campaign)
        return view(request, campaign)

    return wrapper


@cluster_view
@require_GET
@_order_view
def order_page(request, campaign):
    return render(request, "purchasing/order.html", {**NAV, **_order_context(campaign)})


@cluster_view
@require_GET
@_order_view
def order_pdf(request, campaign):
    from weasyprint import HTML

    html = render_to_string("purchasing/order_document.html", _order_context(campaign), request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return download(
        pdf, filename=f"bon-de-commande-{campaign.order_reference}.pdf", content_type="application/pdf"
    )


@cluster_view
@require_GET
@_order_view
def order_csv(request, campaign):
    rows = [exports.order_row(campaign, share) for share in selectors.campaign_allocations(campaign=campaign)]
    return csv_response(
        filename=f"repartition-{campaign.order_reference}.csv", headers=exports.ORDER_HEADERS, rows=rows
    )


@cluster_view
@require_http_methods(["GET", "POST"])
def supplier_list(request, membership):
    require_coordinator(membership)
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and _run(
        form, lambda: services.supplier_save(cluster=membership.cluster, fields=form.cleaned_data)
    ):
        messages.success(request, _("Le fournisseur est ajouté."))
        return redirect("purchasing:suppliers", cluster_slug=membership.cluster.slug)
    context = {**NAV, "form": form, "suppliers": selectors.suppliers_for(cluster=membership.cluster)}
    return render(request, "purchasing/supplier_list.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def supplier_edit(request, membership, supplier_id: int):
    require_coordinator(membership)
    supplier = access_supplier(membership, supplier_id)
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and _run(
        form,
        lambda: services.supplier_save(
            cluster=membership.cluster, fields=form.cleaned_data, supplier=supplier
        ),
    ):
        messages.success(request, _("Le fournisseur est modifié."))
        return redirect("purchasing:suppliers", cluster_slug=membership.cluster.slug)
    return render(request, "purchasing/supplier_form.html", {**NAV, "form": form, "supplier": supplier})


@cluster_view
@require_GET
def yearly_figures(request, membership, year: int | None = None):
    require_coordinator(membership)
    year = year or timezone.localdate().year
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Aucun bilan pour cette année."))
    context = {
        **NAV,
        "figures": selectors.yearly_figures(cluster=membership.cluster, year=year),
        "year": year,
    }
    return render(request, "purchasing/figures.html", context)
