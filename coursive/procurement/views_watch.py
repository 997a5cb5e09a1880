"""Pages of the procurement watch: an organisation's saved searches, its alerts and its private feed
addresses. Members work on their own organisation's watch; the coordination picks one with ?organisation=."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view

from .forms_watch import SavedSearchForm
from .watch_access import (
    access_alert_filter,
    access_saved_search,
    access_watch_organisation,
    can_edit_watch,
)
from .watch_selectors import (
    organisation_alerts,
    saved_searches_with_counts,
    watch_feed_token,
    watch_organisations,
)
from .watch_services import (
    alerts_mark_seen,
    saved_search_create,
    saved_search_delete,
    saved_search_update,
    watch_feed_token_regenerate,
)

NAV = {"nav_section": "watch"}
ALERTS_PER_PAGE = 50


def _form_data(request):
    return request.POST if request.method == "POST" else None


def _submit(form, service, **arguments):
    """Runs the service with a valid form's values; returns its result, or None with its refusal shown."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.service_arguments())
    except ValidationError as error:
        form.add_service_error(error)
        return None


def _params(membership, organisation) -> dict:
    """Members always act for their own organisation; the coordination names the one it acts for."""
    return {"organisation": organisation.pk} if membership.is_coordinator else {}


def _query(membership, organisation) -> str:
    params = _params(membership, organisation)
    return f"?{urlencode(params)}" if params else ""


def _watch_url(membership, organisation, name: str = "procurement:watch", **params) -> str:
    path = reverse(name, kwargs={"cluster_slug": membership.cluster.slug})
    params = _params(membership, organisation) | params
    return f"{path}?{urlencode(params)}" if params else path


def _to_chooser(membership):
    """Where a coordinator who has not picked an organisation yet is sent."""
    return redirect("procurement:watch", cluster_slug=membership.cluster.slug)


def _feed_urls(request, organisation) -> dict[str, str] | None:
    feed_token = watch_feed_token(organisation=organisation)
    if feed_token is None:
        return None
    return {
        name: request.build_absolute_uri(reverse(f"feeds:{name}", kwargs={"token": feed_token.token}))
        for name in ("atom", "ical")
    }


def _context(membership, organisation, **values) -> dict:
    return {**NAV, "organisation": organisation, "query": _query(membership, organisation), **values}


@cluster_view
@require_GET
def watch_home(request, membership):
    organisation = access_watch_organisation(membership, request.GET.get("organisation"))
    if organisation is None:
        context = {**NAV, "organisations": watch_organisations(cluster=membership.cluster)}
        return render(request, "procurement/watch_choose.html", context)
    context = _context(
        membership,
        organisation,
        searches=saved_searches_with_counts(organisation=organisation),
        feed_urls=_feed_urls(request, organisation),
        can_edit=can_edit_watch(membership),
    )
    return render(request, "procurement/watch_home.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def saved_search_new(request, membership):
    organisation = access_watch_organisation(membership, request.GET.get("organisation"), for_edit=True)
    if organisation is None:
        return _to_chooser(membership)
    form = SavedSearchForm(_form_data(request))
    if request.method == "POST" and _submit(
        form, saved_search_create, organisation=organisation, created_by=request.user
    ):
        messages.success(
            request, _("La recherche est enregistrée : les avis publiés qu'elle retient sont signalés.")
        )
        return redirect(_watch_url(membership, organisation))
    return render(
        request, "procurement/watch_search_form.html", _context(membership, organisation, form=form)
    )


@cluster_view
@require_http_methods(["GET", "POST"])
def saved_search_edit(request, membership, search_id: int):
    saved_search = access_saved_search(membership, search_id, for_edit=True)
    organisation = saved_search.organisation
    # Kept before the service runs: a refused update leaves its values on the instance, not in the database.
    name = saved_search.name
    form = SavedSearchForm(_form_data(request), instance=saved_search)
    if request.method == "POST" and _submit(form, saved_search_update, saved_search=saved_search):
        messages.success(
            request, _("La recherche « %(name)s » est enregistrée.") % {"name": saved_search.name}
        )
        return redirect(_watch_url(membership, organisation))
    context = _context(membership, organisation, form=form, saved_search=saved_search, search_name=name)
    return render(request, "procurement/watch_search_form.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def saved_search_remove(request, membership, search_id: int):
    saved_search = access_saved_search(membership, search_id, for_edit=True)
    organisation = saved_search.organisation
    if request.method == "POST":
        saved_search_delete(saved_search=saved_search)
        messages.success(request, _("La recherche « %(name)s » est supprimée.") % {"name": saved_search.name})
        return redirect(_watch_url(membership, organisation))
    context = _context(membership, organisation, saved_search=saved_search)
    return render(request, "procurement/watch_search_delete.html", context)


@cluster_view
@require_GET
def alert_list(request, membership):
    organisation = access_watch_organisation(membership, request.GET.get("organisation"))
    if organisation is None:
        return _to_chooser(membership)
    saved_search = access_alert_filter(organisation, request.GET.get("recherche"))
    alerts = organisation_alerts(organisation=organisation, saved_search=saved_search)
    page = Paginator(alerts, ALERTS_PER_PAGE).get_page(request.GET.get("page"))
    context = _context(
        membership,
        organisation,
        page=page,
        saved_search=saved_search,
        searches=saved_searches_with_counts(organisation=organisation),
        has_unseen=alerts.filter(seen_at__isnull=True).exists(),
    )
    return render(request, "procurement/watch_alerts.html", context)


@cluster_view
@require_POST
def alerts_seen(request, membership):
    """Marks the alerts as seen; staff may, as it changes no search and is how they go through them."""
    organisation = access_watch_organisation(membership, request.GET.get("organisation"))
    if organisation is None:
        return _to_chooser(membership)
    saved_search = access_alert_filter(organisation, request.POST.get("recherche"))
    count = alerts_mark_seen(organisation=organisation, saved_search=saved_search, now=timezone.now())
    messages.success(
        request,
        ngettext("%(count)d alerte marquée comme vue.", "%(count)d alertes marquées comme vues.", count)
        % {"count": count},
    )
    narrowed = {"recherche": saved_search.pk} if saved_search is not None else {}
    return redirect(_watch_url(membership, organisation, "procurement:watch_alerts", **narrowed))


@cluster_view
@require_POST
def feed_token_regenerate(request, membership):
    organisation = access_watch_organisation(membership, request.GET.get("organisation"), for_edit=True)
    if organisation is None:
        return _to_chooser(membership)
    watch_feed_token_regenerate(organisation=organisation)
    messages.success(
        request,
        _(
            "Nouvelles adresses des flux créées : les anciennes ne fonctionnent plus. Abonnez-vous de nouveau."
        ),
    )
    return redirect(_watch_url(membership, organisation))
