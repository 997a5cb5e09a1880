"""The coordination's set-up of the premises: resources and their photos, closures, the commission on
member-owned equipment, qualifications and the secret addresses of the booking feeds."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from coursive.accounts.models import Membership, Role

from .calendar import local_moment
from .models import (
    Booking,
    BookingFeedToken,
    Closure,
    CommissionRate,
    OpeningHours,
    Qualification,
    QualificationGrant,
    Resource,
    ResourcePhoto,
    new_feed_token,
)
from .services import BookingError


def qualification_grant(
    *, qualification: Qualification, user, membership: Membership, valid_until: date | None = None
) -> QualificationGrant:
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle accorde les habilitations."))
    if not Membership.objects.filter(user=user, cluster=qualification.cluster).exists():
        raise BookingError([_("Cette personne n'a pas de rôle dans le pôle.")])
    grant, _created = QualificationGrant.objects.update_or_create(
        qualification=qualification,
        user=user,
        defaults={"granted_by": membership.user, "valid_until": valid_until},
    )
    return grant


def qualification_revoke(*, grant: QualificationGrant, membership: Membership) -> None:
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle retire les habilitations."))
    grant.delete()


def feed_token_renew(*, cluster, resource=None, organisation=None) -> BookingFeedToken:
    """A fresh secret address; the previous one stops working at once."""
    target = {"resource": resource} if resource is not None else {"organisation": organisation}
    token, created = BookingFeedToken.objects.get_or_create(cluster=cluster, **target)
    if not created:
        token.token = new_feed_token()
        token.save(update_fields=["token", "updated_at"])
    return token


def resource_save(*, cluster, resource: Resource, features, hours: list, membership: Membership) -> Resource:
    """Creates or updates a resource with its features and weekly opening hours, all or nothing."""
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle gère les lieux et le matériel."))
    with transaction.atomic():
        resource.cluster = cluster
        resource.full_clean()
        resource.save()
        resource.features.set(features)
        resource.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(
                resource=resource, weekday=span.weekday, opens_at=span.opens_at, closes_at=span.closes_at
            )
            for span in hours
        )
    return resource


def closure_create(
    *, membership: Membership, resource: Resource | None, starts_on: date, ends_on: date, reason: str
):
    """Closes a resource, or the whole building, for whole days. Bookings already made on those days are
    left alone and listed, so the coordinator can warn and move them."""
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle ferme les lieux."))
    if ends_on < starts_on:
        raise BookingError([_("La fin de la fermeture doit suivre son début.")])
    closure = Closure.objects.create(
        cluster=membership.cluster, resource=resource, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    return closure, list(_bookings_during(closure))


def _bookings_during(closure):
    starts_at = local_moment(closure.starts_on, datetime.min.time())
    ends_at = local_moment(closure.ends_on + timedelta(days=1), datetime.min.time())
    bookings = Booking.objects.for_cluster(closure.cluster).active().overlapping(starts_at, ends_at)
    if closure.resource_id:
        bookings = bookings.filter(resource_id=closure.resource_id)
    return bookings.filter(kind=Booking.Kind.BOOKING).select_related("resource", "organisation")


def closure_delete(*, membership: Membership, closure) -> None:
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle ferme les lieux."))
    closure.delete()


def commission_rate_publish(*, membership: Membership, rate_percent, valid_from: date, note: str = ""):
    """Publishes the commission the cluster keeps on fees of member-owned equipment, from a date. Bookings
    made before keep the rate they were made at."""
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle publie la commission."))
    rate, _created = CommissionRate.objects.update_or_create(
        cluster=membership.cluster,
        valid_from=valid_from,
        defaults={"rate_percent": rate_percent, "note": note},
    )
    return rate


def resource_photo_add(*, membership: Membership, resource: Resource, image, caption: str = ""):
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle gère les lieux et le matériel."))
    return ResourcePhoto.objects.create(resource=resource, image=image, caption=caption)


def resource_photo_delete(*, membership: Membership, photo) -> None:
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle gère les lieux et le matériel."))
    photo.image.delete(save=False)
    photo.delete()


def qualification_create(
    *, cluster, membership: Membership, name: str, description: str = ""
) -> Qualification:
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle définit les habilitations."))
    return Qualification.objects.create(cluster=cluster, name=name, description=description)
