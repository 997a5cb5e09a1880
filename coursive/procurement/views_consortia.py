"""Pages of the consortium builder: the groupements proposed for a notice, and the coordination's
declaration of the clusters it shares its watch with."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coursive.accounts.access import cluster_view, require_coordinator, require_insider

from .consortium_access import access_partner_cluster
from .consortium_selectors import (
    DEFAULT_MAX_SIZE,
    MAX_SIZE_LIMIT,
    ConsortiumError,
    consortium_advice,
    watch_sharing_rows,
)
from .consortium_services import watch_sharing_declare, watch_sharing_withdraw
from .notice_selectors import notice_for_page

NAV = {"nav_section": "procurement"}


def _max_size(raw) -> int:
    """The size asked in the address, within 1 and the limit; the default for anything else."""
    return min(max(int(raw), 1), MAX_SIZE_LIMIT) if str(raw).isdigit() else DEFAULT_MAX_SIZE


@cluster_view
@require_GET
def consortia(request, membership, notice_id: int):
    require_insider(membership)
    notice = notice_for_page(notice_id=notice_id, now=timezone.now())
    if notice is None:
        raise Http404(_("Avis introuvable."))
    max_size = _max_size(request.GET.get("taille"))
    advice, error = None, ""
    try:
        advice = consortium_advice(cluster=membership.cluster, notice=notice, max_size=max_size)
    except ConsortiumError as exception:
        error = str(exception)
    context = {
        **NAV,
        "notice": notice,
        "advice": advice,
        "error": error,
        "max_size": max_size,
        "sizes": range(1, MAX_SIZE_LIMIT + 1),
    }
    return render(request, "procurement/consortium_list.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def watch_sharing(request, membership):
    require_coordinator(membership)
    if request.method == "POST":
        partner = access_partner_cluster(membership, request.POST.get("cluster"))
        if request.POST.get("action") == "withdraw":
            watch_sharing_withdraw(cluster=membership.cluster, partner_cluster=partner)
            messages.success(
                request, _("Vous ne partagez plus votre veille avec %(name)s.") % {"name": partner}
            )
        else:
            watch_sharing_declare(cluster=membership.cluster, partner_cluster=partner, user=request.user)
            messages.success(request, _("Vous partagez votre veille avec %(name)s.") % {"name": partner})
        return redirect("procurement:consortium_sharing", cluster_slug=membership.cluster.slug)
    context = {**NAV, "rows": watch_sharing_rows(cluster=membership.cluster)}
    return render(request, "procurement/consortium_sharing.html", context)
