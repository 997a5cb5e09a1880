"""Loading premises records for a membership: what is missing and what is out of reach both answer 404."""

from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.models import Membership

from .models import Booking, Closure, QualificationGrant, Resource
from .selectors import bookings_for_user, resources_for_cluster


def access_resource(membership: Membership, resource_id: int) -> Resource:
    resource = resources_for_cluster(cluster=membership.cluster).filter(pk=resource_id).first()
    if resource is None:
        raise Http404(_("Ressource introuvable."))
    return resource


def access_booking(membership: Membership, booking_id: int) -> Booking:
    """A booking its author, the admin of its organisation or the coordination may open."""
    booking = (
        bookings_for_user(membership=membership).select_related("booked_by").filter(pk=booking_id).first()
    )
    if booking is None:
        raise Http404(_("Réservation introuvable."))
    return booking


def access_grant(membership: Membership, grant_id: int) -> QualificationGrant:
    grant = (
        QualificationGrant.objects.filter(qualification__cluster=membership.cluster, pk=grant_id)
        .select_related("qualification", "user")
        .first()
    )
    if grant is None:
        raise Http404(_("Habilitation introuvable."))
    return grant


def shows_booker(membership: Membership) -> bool:
    """Members and the coordination see who booked; residents and outside customers only see busy slots."""
    return membership.is_insider


def access_closure(membership: Membership, closure_id: int) -> Closure:
    closure = Closure.objects.for_cluster(membership.cluster).filter(pk=closure_id).first()
    if closure is None:
        raise Http404(_("Fermeture introuvable."))
    return closure
