"""Pages of the procurement watch: the notice list with its facets, a notice, and the market intelligence
of a CPV area and of a buyer. Notices are public, shown inside a cluster's pages to its members."""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coursive.accounts.access import cluster_view

from .forms_notices import NoticeFilterForm
from .grouping_selectors import area_groupings
from .intelligence import (
    area_awards,
    area_open_calls,
    buyer_awards,
    buyer_name,
    buyer_open_calls,
    buyer_past_awards,
    cpv_area,
    division_breakdown,
    market_figures,
    top_buyers,
)
from .models import NoticeStatus
from .notice_selectors import (
    CALL_KINDS,
    matched_members,
    notice_awards,
    notice_facets,
    notice_for_page,
    notice_search,
)

NAV = {"nav_section": "procurement"}
PER_PAGE = 25
OPEN_CALLS_SHOWN = 10
_SIRET = re.compile(r"[0-9]{14}")


@cluster_view
@require_GET
def notice_list(request, membership):
    now = timezone.now()
    form = NoticeFilterForm(request.GET)
    filters = form.filters()
    form.show_counts(notice_facets(filters=filters, now=now))
    page = Paginator(notice_search(filters=filters, now=now), PER_PAGE).get_page(request.GET.get("page"))
    # htmx asks for the whole page when it restores a history entry it no longer has in its cache.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        **NAV,
        "form": form,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        # The facet counts follow the results: an htmx answer carries them out of band.
        "facets_out_of_band": partial,
    }
    template = "procurement/notice_list.html" + ("#results" if partial else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@cluster_view
@require_GET
def notice_detail(request, membership, notice_id: int):
    notice = notice_for_page(notice_id=notice_id, now=timezone.now())
    if notice is None:
        raise Http404(_("Avis introuvable."))
    is_call = notice.kind in CALL_KINDS
    context = {
        **NAV,
        "notice": notice,
        "is_call": is_call,
        "awards": notice_awards(notice=notice),
        "members": matched_members(cluster=membership.cluster, notice=notice) if is_call else [],
        "past_awards": buyer_past_awards(notice=notice),
    }
    return render(request, "procurement/notice_detail.html", context)


@cluster_view
@require_GET
def cpv_area_page(request, membership, code: str):
    area = cpv_area(code=code)
    if area is None:
        raise Http404(_("Code CPV introuvable."))
    awards = area_awards(prefix=area.prefix)
    open_calls = area_open_calls(prefix=area.prefix, now=timezone.now())
    context = {
        **NAV,
        "area": area,
        "figures": market_figures(awards=awards),
        "buyers": top_buyers(awards=awards),
        "open_calls": open_calls[:OPEN_CALLS_SHOWN],
        "open_count": open_calls.count(),
        "more_url": _division_calls_url(membership, area.prefix),
        "groupings": area_groupings(awards=awards, cluster=membership.cluster),
    }
    return render(request, "procurement/cpv_area.html", context)


def _division_calls_url(membership, prefix: str) -> str:
    """The notice list showing the open calls of a division; the list filters by division only."""
    if len(prefix) != 2:
        return ""
    query = urlencode({"kind": "call", "status": NoticeStatus.OPEN, "division": prefix})
    return f"{reverse('procurement:notices', kwargs={'cluster_slug': membership.cluster.slug})}?{query}"


@cluster_view
@require_GET
def buyer_page(request, membership, siret: str):
    name = buyer_name(siret=siret) if _SIRET.fullmatch(siret) else None
    if name is None:
        raise Http404(_("Acheteur introuvable."))
    awards = buyer_awards(siret=siret)
    open_calls = buyer_open_calls(siret=siret, now=timezone.now())
    context = {
        **NAV,
        "siret": siret,
        "name": name,
        "figures": market_figures(awards=awards),
        "divisions": division_breakdown(awards=awards),
        "open_calls": open_calls[:OPEN_CALLS_SHOWN],
        "open_count": open_calls.count(),
    }
    return render(request, "procurement/buyer.html", context)
