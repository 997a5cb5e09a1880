"""Reads of the premises app: catalogue, schedules, calendars, free slots and usage figures."""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Case, Q, Value, When

from coursive.accounts.models import Membership, Role
from coursive.core.geo import departement_for_postcode
from coursive.core.months import month_bounds

from . import availability
from .calendar import (
    PARIS,
    ClosedDays,
    Interval,
    Schedule,
    WeeklySpan,
    duration,
    holiday_area,
    open_hours_in_month,
    utc,
)
from .models import (
    Booking,
    BookingFeedToken,
    Closure,
    CommissionRate,
    HygieneLog,
    OpeningHours,
    QualificationGrant,
    Resource,
)
from .pricing import ZERO, Rates
from .takings import CHARGEABLE, TAKINGS_FIELDS, booking_takings

# The order a member looks for things in: rooms and studios first, equipment last.
KIND_ORDER = [
    Resource.Kind.MEETING_ROOM,
    Resource.Kind.STUDIO,
    Resource.Kind.COWORKING_DESK,
    Resource.Kind.OFFICE,
    Resource.Kind.KITCHEN,
    Resource.Kind.VEHICLE,
    Resource.Kind.EQUIPMENT,
]


def resources_for_cluster(*, cluster):
    kind_rank = Case(*[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(KIND_ORDER)])
    return (
        Resource.objects.for_cluster(cluster)
        .select_related("owner_organisation", "required_qualification")
        .prefetch_related("features")
        .order_by(kind_rank, "name")
    )


def resource_schedules(*, cluster, resources) -> dict[int, Schedule]:
    """The schedule of each resource; building-wide closures apply to all of them."""
    closures = list(Closure.objects.for_cluster(cluster))
    weekly = defaultdict(list)
    hours = OpeningHours.objects.filter(resource_id__in=[r.pk for r in resources])
    for resource_id, *span in hours.values_list("resource_id", "weekday", "opens_at", "closes_at"):
        weekly[resource_id].append(WeeklySpan(*span))
    schedules = {}
    for resource in resources:
        closed = tuple(
            ClosedDays(c.starts_on, c.ends_on, c.reason)
            for c in closures
            if c.resource_id in (None, resource.pk)
        )
        schedules[resource.pk] = Schedule(
            tuple(weekly[resource.pk]),
            closed,
            resource.closed_on_public_holidays,
            holiday_area(departement_for_postcode(resource.postcode)),
        )
    return schedules


def resource_schedule(resource: Resource) -> Schedule:
    return resource_schedules(cluster=resource.cluster, resources=[resource])[resource.pk]


def resource_rates(resource: Resource, *, external: bool) -> Rates:
    if external:
        return Rates(
            resource.external_hour_price, resource.external_half_day_price, resource.external_day_price
        )
    return Rates(resource.member_hour_price, resource.member_half_day_price, resource.member_day_price)


def qualification_held_until(*, user, qualification_id: int) -> date | None:
    """The last day the user holds the qualification (`date.max` for a grant without end), None without a
    grant: one read answers for every day of a series."""
    ends = list(
        QualificationGrant.objects.filter(qualification_id=qualification_id, user=user).values_list(
            "valid_until", flat=True
        )[:1]
    )
    if not ends:
        return None
    return ends[0] or date.max


def commission_rates(*, cluster) -> list[tuple[date, Decimal]]:
    """The commission rates the cluster published, latest first, read once for the days of a series."""
    return list(
        CommissionRate.objects.for_cluster(cluster)
        .order_by("-valid_from")
        .values_list("valid_from", "rate_percent")
    )


def rate_in_force(rates: list[tuple[date, Decimal]], day: date) -> Decimal:
    return next((rate for valid_from, rate in rates if valid_from <= day), ZERO)


def commission_rate_on(*, cluster, day: date) -> Decimal:
    return rate_in_force(commission_rates(cluster=cluster), day)


def busy_intervals(*, resource_ids, starts_at: datetime, ends_at: datetime) -> dict[int, list[Interval]]:
    busy: dict[int, list[Interval]] = defaultdict(list)
    rows = (
        Booking.objects.active()
        .filter(resource_id__in=resource_ids)
        .overlapping(starts_at, ends_at)
        .order_by("starts_at")
        .values_list("resource_id", "starts_at", "ends_at")
    )
    for resource_id, start, end in rows:
        busy[resource_id].append((start, end))
    return busy


def bookings_between(*, cluster, starts_at: datetime, ends_at: datetime, resource_ids=None):
    bookings = (
        Booking.objects.for_cluster(cluster)
        .active()
        .overlapping(starts_at, ends_at)
        .select_related("resource", "organisation", "booked_by")
    )
    if resource_ids is not None:
        bookings = bookings.filter(resource_id__in=resource_ids)
    return bookings.order_by("starts_at")


# What the search needs of each resource, and what its results show.
SEARCH_FIELDS = (
    "id",
    "cluster_id",
    "kind",
    "name",
    "capacity",
    "min_duration_minutes",
    "slot_minutes",
    "closed_on_public_holidays",
    "postcode",
)


def matching_resources(*, cluster, capacity: int = 1, feature_slugs=(), kind: str = ""):
    resources = Resource.objects.for_cluster(cluster).filter(is_active=True, capacity__gte=capacity)
    if kind:
        resources = resources.filter(kind=kind)
    for slug in feature_slugs:
        resources = resources.filter(features__slug=slug)
    return resources.distinct() if feature_slugs else resources


def free_slots(
    *, cluster, window: Interval, minimum: timedelta, capacity=1, feature_slugs=(), kind="", now=None
) -> list[tuple[Resource, list[Interval]]]:
    """Resources matching the needs with their free intervals of at least `minimum` within the window."""
    resources = list(
        matching_resources(cluster=cluster, capacity=capacity, feature_slugs=feature_slugs, kind=kind).only(
            *SEARCH_FIELDS
        )
    )
    schedules = resource_schedules(cluster=cluster, resources=resources)
    busy = busy_intervals(resource_ids=[r.pk for r in resources], starts_at=window[0], ends_at=window[1])
    # The rooms of a building mostly share their hours: their open spans are computed once.
    open_by_schedule: dict[Schedule, list[Interval]] = {}
    found = []
    for resource in resources:
        schedule = schedules[resource.pk]
        if schedule not in open_by_schedule:
            open_by_schedule[schedule] = availability.open_within(schedule, window, now)
        intervals = availability.free_within(
            spans=open_by_schedule[schedule],
            busy=busy.get(resource.pk, []),
            minimum=max(minimum, timedelta(minutes=resource.min_duration_minutes)),
            step=timedelta(minutes=resource.slot_minutes),
        )
        if intervals:
            found.append((resource, intervals))
    return found


def bookings_for_user(*, membership: Membership):
    bookings = Booking.objects.for_cluster(membership.cluster).select_related("resource", "organisation")
    if membership.role == Role.COORDINATOR:
        return bookings
    mine = Q(booked_by=membership.user)
    if membership.role == Role.MEMBER_ADMIN:
        mine |= Q(organisation=membership.organisation)
    return bookings.filter(mine)


def previous_hygiene_log(*, booking: Booking) -> HygieneLog | None:
    """The log left by the kitchen's previous user, which the next user reads before starting."""
    return (
        HygieneLog.objects.filter(
            booking__resource=booking.resource,
            booking__ends_at__lte=booking.starts_at,
        )
        .select_related("booking", "recorded_by")
        .order_by("-booking__ends_at")
        .first()
    )


def feed_token(*, resource=None, organisation=None) -> BookingFeedToken | None:
    if resource is not None:
        return BookingFeedToken.objects.filter(resource=resource).first()
    return BookingFeedToken.objects.filter(organisation=organisation).first()


def resource_feed_tokens(*, cluster) -> dict[int, BookingFeedToken]:
    """The feed token of each resource that has one, by resource id, in one read."""
    return {
        token.resource_id: token
        for token in BookingFeedToken.objects.for_cluster(cluster)
        .filter(resource__isnull=False)
        .select_related("cluster")
    }


def feed_target(*, token: str) -> BookingFeedToken | None:
    return (
        BookingFeedToken.objects.select_related("resource", "organisation", "cluster")
        .filter(token=token)
        .first()
    )


def feed_bookings(*, feed: BookingFeedToken, now: datetime):
    # A calendar keeps what it has seen; a quarter back and a year ahead is what people look at.
    bookings = (
        Booking.objects.for_cluster(feed.cluster)
        .active()
        .filter(ends_at__gte=now - timedelta(days=92), starts_at__lte=now + timedelta(days=366))
        .select_related("resource", "organisation")
    )
    if feed.resource_id:
        return bookings.filter(resource_id=feed.resource_id)
    return bookings.filter(organisation_id=feed.organisation_id)


def _year_bounds(year: int) -> Interval:
    """The year as aware instants [1 January's midnight, next 1 January's midnight) in Paris."""
    return month_bounds(year, 1, tz=PARIS)[0], month_bounds(year, 12, tz=PARIS)[1]


def _booked_hours(bookings, window: Interval) -> float:
    total = timedelta()
    for start, end in bookings:
        total += duration(max(utc(start), utc(window[0])), min(utc(end), utc(window[1])))
    return total.total_seconds() / 3600


def occupancy(*, cluster, year: int) -> list[dict]:
    """Per resource, the booked hours, the open hours and their ratio for each month of the year.
    Maintenance blocks count as unavailable time, not as use: they are left out of the booked hours."""
    # Offices let by the year and equipment out of service are not offered for booking: no occupancy.
    resources = list(resources_for_cluster(cluster=cluster).filter(is_active=True))
    schedules = resource_schedules(cluster=cluster, resources=resources)
    year_window = _year_bounds(year)
    rows = (
        Booking.objects.for_cluster(cluster)
        .filter(status=Booking.Status.CONFIRMED, kind=Booking.Kind.BOOKING)
        .overlapping(*year_window)
        .values_list("resource_id", "starts_at", "ends_at")
    )
    by_resource = defaultdict(list)
    for resource_id, start, end in rows:
        by_resource[resource_id].append((start, end))
    table = []
    for resource in resources:
        months = []
        for month in range(1, 13):
            window = month_bounds(year, month, tz=PARIS)
            inside = [
                (s, e)
                for s, e in by_resource[resource.pk]
                if utc(s) < utc(window[1]) and utc(e) > utc(window[0])
            ]
            booked = _booked_hours(inside, window)
            open_hours = open_hours_in_month(schedules[resource.pk], year, month)
            rate = min(booked / open_hours, 1.0) if open_hours else 0.0
            months.append(
                {
                    "month": month,
                    "booked_hours": round(booked, 1),
                    "open_hours": round(open_hours, 1),
                    "rate": rate,
                }
            )
        table.append({"resource": resource, "months": months})
    return table


def revenue_by_month(*, cluster, year: int) -> list[dict]:
    """Booking revenue excl. tax by month of the booking's start, by the rule the invoicing follows
    (`takings`): confirmed bookings, to come or over, and the fees kept on late cancellations. Bookings a
    coworking plan pays for are only counted: the plan's money is in the leases' figures."""
    months = [
        {
            "month": month,
            "amount_excl_tax": ZERO,
            "owners_share_excl_tax": ZERO,
            "commission_excl_tax": ZERO,
            "prepaid_bookings": 0,
        }
        for month in range(1, 13)
    ]
    # One read for the year, split by local month here, rather than two aggregates per month.
    start, end = _year_bounds(year)
    prepaid = Q(kind=Booking.Kind.BOOKING, status=Booking.Status.CONFIRMED, prepaid=True)
    rows = (
        Booking.objects.for_cluster(cluster)
        .filter(CHARGEABLE | prepaid, starts_at__gte=start, starts_at__lt=end)
        .select_related("resource")
        .only(*TAKINGS_FIELDS, "starts_at", "resource__owner_organisation")
    )
    for booking in rows:
        totals = months[booking.starts_at.astimezone(PARIS).month - 1]
        if booking.prepaid:
            totals["prepaid_bookings"] += 1
            continue
        takings = booking_takings(booking)
        totals["amount_excl_tax"] += takings.billed_excl_tax
        totals["owners_share_excl_tax"] += takings.owner_share_excl_tax
        totals["commission_excl_tax"] += takings.commission_excl_tax
    return months


def yearly_figures(
    *, cluster, year: int, table: list[dict] | None = None, revenue: list[dict] | None = None
) -> dict:
    """What the premises bring to the cluster's yearly report: use of each resource and booking revenue.
    A page that already holds the year's `occupancy` and `revenue_by_month` passes them to be summed."""
    table = occupancy(cluster=cluster, year=year) if table is None else table
    revenue = revenue_by_month(cluster=cluster, year=year) if revenue is None else revenue
    booked = sum(m["booked_hours"] for row in table for m in row["months"])
    rates = [_rate(row["months"]) for row in table]
    opened = sum(m["open_hours"] for row in table for m in row["months"])
    start, end = _year_bounds(year)
    confirmed = Booking.objects.for_cluster(cluster).filter(
        status=Booking.Status.CONFIRMED, kind=Booking.Kind.BOOKING, starts_at__gte=start, starts_at__lt=end
    )
    return {
        "year": year,
        "resources": len(table),
        "bookings": confirmed.count(),
        "organisations_booking": confirmed.exclude(organisation=None)
        .values("organisation")
        .distinct()
        .count(),
        "booked_hours": round(booked, 1),
        "open_hours": round(opened, 1),
        # The mean of the resources' rates: hours of equipment open around the clock would otherwise
        # outweigh the rooms.
        "occupancy_rate": round(sum(rates) / len(rates), 4) if rates else 0.0,
        "revenue_excl_tax": sum((m["amount_excl_tax"] for m in revenue), ZERO),
        "owners_share_excl_tax": sum((m["owners_share_excl_tax"] for m in revenue), ZERO),
        "commission_excl_tax": sum((m["commission_excl_tax"] for m in revenue), ZERO),
        "prepaid_bookings": sum(m["prepaid_bookings"] for m in revenue),
        "by_resource": [
            {
                "resource": row["resource"].name,
                "kind": row["resource"].kind,
                "booked_hours": round(sum(m["booked_hours"] for m in row["months"]), 1),
                "occupancy_rate": _rate(row["months"]),
            }
            for row in table
        ],
    }


def _rate(months: list[dict]) -> float:
    opened = sum(m["open_hours"] for m in months)
    return round(sum(m["booked_hours"] for m in months) / opened, 4) if opened else 0.0
