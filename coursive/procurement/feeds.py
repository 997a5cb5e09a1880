"""An organisation's watch as feeds: an Atom feed of its alerts and an iCalendar feed of their response
deadlines. Feed readers and calendars cannot log in, so these pages are public and the secret token in their
address is the only key; an unknown token answers 404, like any missing page."""

from datetime import UTC, timedelta

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Alarm, Calendar, Event, vDuration

from coursive.directory.models import Organisation

from .models import Notice
from .watch_selectors import (
    calendar_notices,
    feed_notices,
    organisation_for_feed_token,
    search_names_by_notice,
)

# Calendars fetch a subscription again after this long; deadlines rarely move faster.
CALENDAR_REFRESH = timedelta(hours=6)
REMINDER_BEFORE = timedelta(days=3)


def _organisation(token: str) -> Organisation:
    organisation = organisation_for_feed_token(token=token)
    if organisation is None:
        raise Http404(_("Flux introuvable."))
    return organisation


def _notice_url(request, organisation: Organisation, notice: Notice) -> str:
    path = reverse(
        "procurement:notice_detail",
        kwargs={"cluster_slug": organisation.cluster.slug, "notice_id": notice.pk},
    )
    return request.build_absolute_uri(path)


def _watch_url(request, organisation: Organisation) -> str:
    path = reverse("procurement:watch", kwargs={"cluster_slug": organisation.cluster.slug})
    return request.build_absolute_uri(f"{path}?organisation={organisation.pk}")


def _facts(notice: Notice, search_names: list[str]) -> list[str]:
    facts = [_("Acheteur : %(buyer)s") % {"buyer": notice.buyer_name or _("non précisé")}]
    if notice.deadline_at:
        deadline = date_format(timezone.localtime(notice.deadline_at), "DATETIME_FORMAT")
        facts.append(_("Date limite : %(deadline)s") % {"deadline": deadline})
    facts.append(_("Trouvé par : %(names)s") % {"names": ", ".join(search_names)})
    return facts


def _private(response: HttpResponse) -> HttpResponse:
    # The address is a secret: search engines must not keep what a leaked link would show them.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def alerts_atom(request, token: str):
    organisation = _organisation(token)
    notices = feed_notices(organisation=organisation)
    names = search_names_by_notice(organisation=organisation, notice_ids=[notice.pk for notice in notices])
    watch_url = _watch_url(request, organisation)
    feed = Atom1Feed(
        title=_("Veille des marchés — %(name)s") % {"name": organisation.display_name},
        link=watch_url,
        description="",
        subtitle=_("Les avis de marchés signalés par les recherches enregistrées de la structure."),
        feed_url=request.build_absolute_uri(),
        feed_guid=watch_url,
        language="fr",
    )
    for notice in notices:
        url = _notice_url(request, organisation, notice)
        feed.add_item(
            title=notice.title,
            link=url,
            unique_id=url,
            description="<br>".join(escape(fact) for fact in _facts(notice, names.get(notice.pk, []))),
            pubdate=notice.alerted_at,
            updateddate=max(notice.alerted_at, notice.updated_at),
            author_name=notice.buyer_name or None,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return _private(response)


def _event(request, organisation: Organisation, notice: Notice, search_names: list[str]) -> Event:
    url = _notice_url(request, organisation, notice)
    summary = _("Date limite : %(title)s") % {"title": notice.title}
    event = Event()
    # Stable across fetches, so a calendar updates the event instead of adding another one.
    event.add("uid", f"avis-{notice.pk}.structure-{organisation.pk}@coursive")
    event.add("dtstamp", notice.updated_at.astimezone(UTC))
    event.add("last-modified", notice.updated_at.astimezone(UTC))
    event.add("dtstart", notice.deadline_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("url", url)
    event.add("description", "\n".join([*_facts(notice, search_names), url]))
    # A deadline does not make anyone busy.
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -REMINDER_BEFORE)
    alarm.add("description", summary)
    event.add_component(alarm)
    return event


@require_GET
def deadlines_ical(request, token: str):
    organisation = _organisation(token)
    notices = calendar_notices(organisation=organisation, now=timezone.now())
    names = search_names_by_notice(organisation=organisation, notice_ids=[notice.pk for notice in notices])
    calendar = Calendar()
    calendar.add("prodid", "-//Coursive//Veille des marchés//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Échéances des marchés — %(name)s") % {"name": organisation.display_name})
    calendar.add("refresh-interval", CALENDAR_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(CALENDAR_REFRESH))
    for notice in notices:
        calendar.add_component(_event(request, organisation, notice, names.get(notice.pk, [])))
    return _private(HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8"))
