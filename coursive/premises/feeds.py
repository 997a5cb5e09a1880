"""iCalendar feeds of bookings, one per resource and one per organisation. Calendars cannot log in, so these
addresses are public and the secret token in them is the only key; an unknown token answers 404."""

from datetime import UTC, timedelta

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event, vDuration

from .models import Booking
from .selectors import feed_bookings, feed_target

CALENDAR_REFRESH = timedelta(hours=1)


def _summary(booking: Booking, by_resource: bool) -> str:
    if booking.kind == Booking.Kind.MAINTENANCE:
        return _("Maintenance : %(resource)s") % {"resource": booking.resource.name}
    if not by_resource:
        return booking.resource.name
    who = booking.organisation.display_name if booking.organisation else booking.customer_name or _("Pôle")
    return f"{who} — {booking.title}" if booking.title else who


def _event(request, booking: Booking, by_resource: bool) -> Event:
    event = Event()
    # Stable across fetches, so a calendar updates the event instead of adding another one.
    event.add("uid", f"reservation-{booking.pk}@coursive")
    event.add("dtstamp", booking.updated_at.astimezone(UTC))
    event.add("last-modified", booking.updated_at.astimezone(UTC))
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add("summary", _summary(booking, by_resource))
    event.add("location", booking.resource.location or booking.resource.name)
    event.add("status", "TENTATIVE" if booking.status == Booking.Status.PENDING else "CONFIRMED")
    path = reverse(
        "premises:booking_detail", kwargs={"cluster_slug": booking.cluster.slug, "booking_id": booking.pk}
    )
    event.add("url", request.build_absolute_uri(path))
    return event


@require_GET
def bookings_ical(request, cluster_slug: str, token: str):
    feed = feed_target(token=token)
    if feed is None or feed.cluster.slug != cluster_slug:
        raise Http404(_("Flux introuvable."))
    name = feed.resource.name if feed.resource_id else feed.organisation.display_name
    calendar = Calendar()
    calendar.add("prodid", "-//Coursive//Lieux et matériel//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Réservations — %(name)s") % {"name": name})
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add("refresh-interval", CALENDAR_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(CALENDAR_REFRESH))
    for booking in feed_bookings(feed=feed, now=timezone.now()).select_related("cluster"):
        calendar.add_component(_event(request, booking, by_resource=bool(feed.resource_id)))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
