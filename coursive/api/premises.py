"""Shared premises and equipment through the API: the resources and their rules, free slots, and bookings
(create, recurring series, cancel, decide), with the same rules and French messages as the pages."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import AfterValidator, ConfigDict

from coursive.accounts.access import access_cluster
from coursive.core.dates import check_days_in_range
from coursive.directory.models import Organisation
from coursive.premises import selectors, services
from coursive.premises.access import access_booking, access_resource, shows_booker
from coursive.premises.availability import part_of_day_window
from coursive.premises.calendar import PARIS, local_moment
from coursive.premises.models import Booking, Resource

from .pagination import BoundedPagination
from .schemas import ErrorOut
from .types import ObjectId, Slug, Text

router = Router(tags=["Lieux et matériel"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# Named for the schema: several models call their choices "Kind" or "Status", and OpenAPI components share
# one namespace.
ResourceKind = StrEnum("ResourceKind", {value: value for value in Resource.Kind.values})
BookingKind = StrEnum("BookingKind", {value: value for value in Booking.Kind.values})
BookingStatus = StrEnum("BookingStatus", {value: value for value in Booking.Status.values})
BookingRate = StrEnum("BookingRate", {value: value for value in Booking.Rate.values})


def _day_in_range(day: date) -> date:
    """The years every form of the site accepts (`core.dates`), with its message: near the ends of the
    calendar, date arithmetic would overflow."""
    try:
        check_days_in_range(day=day)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    return day


def _moment_in_range(moment: datetime) -> datetime:
    _day_in_range(moment.date())
    return moment


Day = Annotated[date, AfterValidator(_day_in_range)]
Moment = Annotated[datetime, AfterValidator(_moment_in_range)]


def _paris(moment: datetime) -> datetime:
    """A time given without an offset is read as Paris wall-clock time."""
    return moment if timezone.is_aware(moment) else local_moment(moment.date(), moment.time())


class OpeningOut(Schema):
    weekday: int = Field(description="0 = lundi … 6 = dimanche")
    opens_at: str
    closes_at: str


class ResourceOut(Schema):
    id: int
    kind: ResourceKind
    name: str
    capacity: int
    location: str
    postcode: str = Field(description="Code postal du lieu : en Alsace-Moselle, deux jours fériés de plus")
    owner_organisation_id: int | None = Field(description="Vide : la ressource appartient au pôle")
    features: list[str] = Field(description="Identifiants des équipements inclus")
    is_active: bool

    @staticmethod
    def resolve_features(resource: Resource) -> list[str]:
        return [feature.slug for feature in resource.features.all()]


class ResourceDetailOut(ResourceOut):
    description: str
    accessibility_notes: str
    included: str
    inventory_number: str
    serial_number: str
    value: Decimal | None
    condition: str
    open_to_member_admins: bool
    open_to_member_staff: bool
    open_to_residents: bool
    open_to_external: bool
    required_qualification: str | None
    closed_on_public_holidays: bool
    opening_hours: list[OpeningOut] = Field(description="Vide : accessible à toute heure")
    min_duration_minutes: int
    max_duration_minutes: int
    horizon_days: int
    lead_time_hours: int
    needs_approval: bool
    free_cancellation_hours: int
    late_cancellation_percent: Decimal
    member_hour_price: Decimal | None
    member_half_day_price: Decimal | None
    member_day_price: Decimal | None
    external_hour_price: Decimal | None
    external_half_day_price: Decimal | None
    external_day_price: Decimal | None
    vat_rate: Decimal
    deposit: Decimal

    @staticmethod
    def resolve_required_qualification(resource: Resource) -> str | None:
        return resource.required_qualification.name if resource.required_qualification else None

    @staticmethod
    def resolve_opening_hours(resource: Resource) -> list[dict]:
        return [
            {"weekday": h.weekday, "opens_at": f"{h.opens_at:%H:%M}", "closes_at": f"{h.closes_at:%H:%M}"}
            for h in resource.opening_hours.all()
        ]


class PartOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    DAY = "day"


class AvailabilityIn(Schema):
    day: Day = Field(description="Le jour cherché (AAAA-MM-JJ)")
    part: PartOfDay = Field(
        PartOfDay.DAY, description="morning 8 h-12 h 30, afternoon 13 h 30-18 h, evening, day"
    )
    capacity: int = Field(1, ge=1, le=10_000, description="Nombre de personnes")
    duration_minutes: int = Field(60, ge=5, le=24 * 60, description="Durée libre d'un seul tenant au moins")
    kind: ResourceKind | None = None
    features: list[Text] = Field(
        default_factory=list, max_length=20, description="Identifiants d'équipements, tous requis"
    )


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime


class AvailabilityOut(Schema):
    resource_id: int
    resource_name: str
    free: list[SlotOut]


class BookingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    resource_id: ObjectId
    starts_at: Moment = Field(description="Avec décalage horaire ; sans, heure de Paris")
    ends_at: Moment
    title: Text = Field("", max_length=200)
    attendees: int = Field(1, ge=1, le=10_000)
    organisation_id: ObjectId | None = Field(None, description="Coordination seulement : la structure servie")
    customer_name: Text = Field(
        "", max_length=200, description="Coordination seulement : un client extérieur"
    )


class SeriesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    resource_id: ObjectId
    starts_at: Moment = Field(description="La première occurrence")
    ends_at: Moment
    rrule: Text = Field(
        max_length=500, description="Règle RFC 5545, par exemple FREQ=WEEKLY;BYDAY=TU;COUNT=10"
    )
    exdates: list[Day] = Field(default_factory=list, max_length=366, description="Jours exclus (EXDATE)")
    title: Text = Field("", max_length=200)
    attendees: int = Field(1, ge=1, le=10_000)


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    approve: bool
    note: Text = Field("", max_length=300)


class BookingOut(Schema):
    id: int
    resource_id: int
    kind: BookingKind
    status: BookingStatus
    starts_at: datetime
    ends_at: datetime
    organisation_id: int | None
    customer_name: str
    title: str
    attendees: int
    rate: BookingRate
    amount_excl_tax: Decimal
    vat_rate: Decimal
    vat_amount: Decimal
    deposit_amount: Decimal
    owner_share_excl_tax: Decimal
    commission_excl_tax: Decimal
    cancellation_fee_excl_tax: Decimal
    series_id: int | None


class BusyOut(Schema):
    """A booking as everyone in the cluster sees it in the calendar."""

    resource_id: int
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    kind: BookingKind
    who: str = Field(description="La structure ou le client ; vide pour les résidents et clients extérieurs")


class BookingListIn(Schema):
    since: Day | None = Field(None, description="À partir de ce jour (par défaut : aujourd'hui)")
    until: Day | None = Field(None, description="Jusqu'à ce jour inclus")


class CalendarIn(Schema):
    since: Day
    until: Day
    resource_id: ObjectId | None = None


@router.get(
    "/clusters/{slug}/resources",
    response={200: list[ResourceOut], **ERRORS},
    summary="Ressources partagées",
    description="Bureaux, salles, studios, coworking, cuisine, véhicules et matériel du pôle.",
)
@paginate(BoundedPagination)
def resource_list(request, slug: Slug):
    membership = access_cluster(request.auth, slug)
    return selectors.resources_for_cluster(cluster=membership.cluster)


@router.get(
    "/clusters/{slug}/resources/{resource_id}",
    response={200: ResourceDetailOut, **ERRORS},
    summary="Une ressource et ses règles",
)
def resource_detail(request, slug: Slug, resource_id: ObjectId):
    return access_resource(access_cluster(request.auth, slug), resource_id)


@router.get(
    "/clusters/{slug}/availability",
    response={200: list[AvailabilityOut], **ERRORS},
    summary="Créneaux libres",
    description="Les ressources qui répondent au besoin (capacité, type, équipements) avec leurs créneaux "
    "libres du moment choisi, d'une durée d'au moins duration_minutes, en heure de Paris.",
)
def availability(request, slug: Slug, needs: Query[AvailabilityIn]):
    membership = access_cluster(request.auth, slug)
    found = selectors.free_slots(
        cluster=membership.cluster,
        window=part_of_day_window(needs.day, needs.part.value),
        minimum=timedelta(minutes=needs.duration_minutes),
        capacity=needs.capacity,
        feature_slugs=needs.features,
        kind=needs.kind.value if needs.kind else "",
        now=timezone.now(),
    )
    return [
        {
            "resource_id": resource.pk,
            "resource_name": resource.name,
            "free": [{"starts_at": start, "ends_at": end} for start, end in intervals],
        }
        for resource, intervals in found
    ]


@router.get(
    "/clusters/{slug}/calendar",
    response={200: list[BusyOut], **ERRORS},
    summary="Calendrier des réservations",
    description="Les créneaux pris (réservations confirmées ou en attente, maintenance) entre deux jours, "
    "92 jours au plus.",
)
def calendar(request, slug: Slug, period: Query[CalendarIn]):
    membership = access_cluster(request.auth, slug)
    if period.until < period.since or (period.until - period.since).days > 92:
        raise services.BookingError([_("Choisissez une période de 1 à 92 jours, « until » après « since ».")])
    rows = selectors.bookings_between(
        cluster=membership.cluster,
        starts_at=datetime.combine(period.since, datetime.min.time(), PARIS),
        ends_at=datetime.combine(period.until + timedelta(days=1), datetime.min.time(), PARIS),
        resource_ids=[period.resource_id] if period.resource_id else None,
    )
    visible = shows_booker(membership)
    return [{**_busy(booking), "who": _who(booking) if visible else ""} for booking in rows]


def _busy(booking: Booking) -> dict:
    return {
        "resource_id": booking.resource_id,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "status": booking.status,
        "kind": booking.kind,
    }


def _who(booking: Booking) -> str:
    if booking.organisation:
        return booking.organisation.display_name
    return booking.customer_name


@router.get(
    "/clusters/{slug}/bookings",
    response={200: list[BookingOut], **ERRORS},
    summary="Mes réservations",
    description="Celles de l'utilisateur ; celles de sa structure pour un administrateur ; toutes pour la "
    "coordination.",
)
@paginate(BoundedPagination)
def booking_list(request, slug: Slug, period: Query[BookingListIn]):
    membership = access_cluster(request.auth, slug)
    since = period.since or timezone.localdate()
    rows = selectors.bookings_for_user(membership=membership).filter(
        ends_at__gte=datetime.combine(since, datetime.min.time(), PARIS)
    )
    if period.until:
        rows = rows.filter(
            starts_at__lt=datetime.combine(period.until + timedelta(days=1), datetime.min.time(), PARIS)
        )
    return rows.order_by("starts_at")


def _organisation(membership, organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.for_cluster(membership.cluster).filter(pk=organisation_id).first()
    if organisation is None:
        raise services.BookingError([_("Structure introuvable dans ce pôle.")])
    return organisation


@router.post(
    "/clusters/{slug}/bookings",
    response={201: BookingOut, **ERRORS},
    summary="Réserver",
    description="Les règles de la ressource s'appliquent comme sur le site ; un créneau déjà pris, même à "
    "la même milliseconde par quelqu'un d'autre, est refusé (422) avec un message en français.",
)
def booking_create(request, slug: Slug, payload: BookingIn):
    membership = access_cluster(request.auth, slug)
    resource = access_resource(membership, payload.resource_id)
    extra = {}
    if membership.is_coordinator:
        extra = {
            "organisation": _organisation(membership, payload.organisation_id),
            "customer_name": payload.customer_name,
        }
    booking = services.booking_create(
        resource=resource,
        membership=membership,
        starts_at=_paris(payload.starts_at),
        ends_at=_paris(payload.ends_at),
        title=payload.title,
        attendees=payload.attendees,
        **extra,
    )
    return Status(201, booking)


@router.post(
    "/clusters/{slug}/booking-series",
    response={201: list[BookingOut], **ERRORS},
    summary="Réserver une série (récurrence RFC 5545)",
    description="Toutes les occurrences sont vérifiées ; si l'une ne convient pas, rien n'est réservé et le "
    "message liste chaque date en conflit.",
)
def booking_series_create(request, slug: Slug, payload: SeriesIn):
    membership = access_cluster(request.auth, slug)
    resource = access_resource(membership, payload.resource_id)
    bookings = services.booking_series_create(
        resource=resource,
        membership=membership,
        starts_at=_paris(payload.starts_at),
        ends_at=_paris(payload.ends_at),
        rule=payload.rrule,
        exdates=payload.exdates,
        title=payload.title,
        attendees=payload.attendees,
    )
    return Status(201, bookings)


@router.post(
    "/clusters/{slug}/bookings/{booking_id}/cancel",
    response={200: BookingOut, **ERRORS},
    summary="Annuler une réservation",
    description="Selon la politique de la ressource : gratuite jusqu'au délai annoncé, ensuite des frais.",
)
def booking_cancel(request, slug: Slug, booking_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    return services.booking_cancel(booking=access_booking(membership, booking_id), membership=membership)


@router.post(
    "/clusters/{slug}/bookings/{booking_id}/decision",
    response={200: BookingOut, **ERRORS},
    summary="Valider ou refuser une demande",
    description="Réservé à la coordination du pôle.",
)
def booking_decide(request, slug: Slug, booking_id: ObjectId, payload: DecisionIn):
    membership = access_cluster(request.auth, slug)
    booking = access_booking(membership, booking_id)
    return services.booking_decide(
        booking=booking, membership=membership, approve=payload.approve, note=payload.note
    )
