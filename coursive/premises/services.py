"""Writes of the premises app. Every booking goes through `booking_create` (or the series variant), which
checks the rules, then takes the slot in one transaction that the database guards against double bookings."""

from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.accounts.models import Membership, Role

from . import pricing, tasks
from .calendar import PARIS, Interval, duration, local_moment, merge, utc
from .models import (
    Booking,
    BookingSeries,
    HygieneLog,
    Resource,
    WaitingListEntry,
)
from .rules import _when, booking_problems, qualification_end
from .selectors import commission_rates, rate_in_force, resource_rates, resource_schedule

# A series longer than this is almost certainly a typo in the rule (a missing COUNT or UNTIL).
MAX_OCCURRENCES = 366


class BookingError(ValidationError):
    """The booking is refused; `messages` says why, in French, and nothing was written."""


EXCLUSION_VIOLATION = "23P01"


def _slot_taken_message(resource: Resource) -> str:
    return _(
        "« %(name)s » est déjà réservé sur ce créneau. Inscrivez-vous sur la liste d'attente pour être prévenu "
        "s'il se libère."
    ) % {"name": resource.name}


@dataclass(frozen=True)
class Party:
    """Whom a booking is for, and so which rate applies."""

    organisation: object | None
    customer_name: str
    rate: str


def booking_party(*, membership: Membership, organisation=None, customer_name: str = "") -> Party:
    if membership.role == Role.COORDINATOR:
        if customer_name:
            return Party(None, customer_name, Booking.Rate.EXTERNAL)
        if organisation is not None:
            return Party(organisation, "", Booking.Rate.MEMBER)
        return Party(None, "", Booking.Rate.NONE)
    if membership.role in (Role.MEMBER_ADMIN, Role.MEMBER_STAFF):
        return Party(membership.organisation, "", Booking.Rate.MEMBER)
    return Party(None, membership.user.full_name, Booking.Rate.EXTERNAL)


def _check_same_cluster(resource: Resource, organisation) -> None:
    if organisation is not None and organisation.cluster_id != resource.cluster_id:
        raise BookingError([_("Cette structure n'appartient pas au pôle.")])


def booking_price(
    *, resource: Resource, rate: str, starts_at: datetime, ends_at: datetime, published_rates=None
) -> pricing.Price:
    """`published_rates` (from `selectors.commission_rates`) spares a series one read per occurrence."""
    if rate == Booking.Rate.NONE:
        return pricing.Price(pricing.ZERO, resource.vat_rate, pricing.ZERO)
    commission = None
    if resource.owner_organisation_id:
        if published_rates is None:
            published_rates = commission_rates(cluster=resource.cluster)
        commission = rate_in_force(published_rates, starts_at.astimezone(PARIS).date())
    return pricing.price(
        rates=resource_rates(resource, external=rate == Booking.Rate.EXTERNAL),
        length=duration(starts_at, ends_at),
        vat_rate=resource.vat_rate,
        owner_commission_rate=commission,
    )


def _new_booking(
    *, resource, membership, party, starts_at, ends_at, title, attendees, series=None, published_rates=None
) -> Booking:
    price = booking_price(
        resource=resource,
        rate=party.rate,
        starts_at=starts_at,
        ends_at=ends_at,
        published_rates=published_rates,
    )
    instant = membership.role == Role.COORDINATOR or not resource.needs_approval
    return Booking(
        cluster=resource.cluster,
        resource=resource,
        organisation=party.organisation,
        customer_name=party.customer_name,
        booked_by=membership.user,
        title=title,
        attendees=attendees,
        starts_at=starts_at,
        ends_at=ends_at,
        status=Booking.Status.CONFIRMED if instant else Booking.Status.PENDING,
        series=series,
        rate=party.rate,
        amount_excl_tax=price.amount_excl_tax,
        vat_rate=price.vat_rate,
        vat_amount=price.vat_amount,
        deposit_amount=resource.deposit if party.rate != Booking.Rate.NONE else pricing.ZERO,
        commission_rate=price.commission_rate,
        commission_excl_tax=price.commission_excl_tax,
        owner_share_excl_tax=price.owner_share_excl_tax,
    )


def _is_taken(resource: Resource, starts_at: datetime, ends_at: datetime) -> bool:
    return Booking.objects.active().filter(resource=resource).overlapping(starts_at, ends_at).exists()


@contextmanager
def _slot_guard(resource: Resource):
    """Turns the exclusion constraint's refusal into the "slot taken" message. On SQLite the transaction is
    IMMEDIATE: it holds the database's write lock from its first statement, so an overlap check and the insert
    cannot interleave with another writer's. On PostgreSQL two transactions may both pass the check; the
    constraint then refuses the second."""
    try:
        yield
    except IntegrityError as error:
        # Only the exclusion constraint (SQLSTATE 23P01) means the slot was taken meanwhile; any other
        # integrity error is a fault that must not be reported to the member as a busy slot.
        if getattr(error.__cause__, "sqlstate", None) != EXCLUSION_VIOLATION:
            raise
        raise BookingError([_slot_taken_message(resource)]) from error


def _save_one(booking: Booking, resource: Resource) -> None:
    with _slot_guard(resource), transaction.atomic():
        if _is_taken(resource, booking.starts_at, booking.ends_at):
            raise BookingError([_slot_taken_message(resource)])
        booking.save()


def booking_create(
    *,
    resource: Resource,
    membership: Membership,
    starts_at: datetime,
    ends_at: datetime,
    organisation=None,
    customer_name: str = "",
    title: str = "",
    attendees: int = 1,
    now: datetime | None = None,
) -> Booking:
    now = now or timezone.now()
    _check_same_cluster(resource, organisation)
    problems = booking_problems(
        resource=resource,
        schedule=resource_schedule(resource),
        membership=membership,
        starts_at=starts_at,
        ends_at=ends_at,
        attendees=attendees,
        now=now,
        qualified_until=qualification_end(resource=resource, membership=membership),
    )
    if problems:
        raise BookingError(problems)
    party = booking_party(membership=membership, organisation=organisation, customer_name=customer_name)
    booking = _new_booking(
        resource=resource,
        membership=membership,
        party=party,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title,
        attendees=attendees,
    )
    _save_one(booking, resource)
    return booking


def _rule_text(rule: str) -> str:
    rule = rule.strip()
    if not rule.upper().startswith(("RRULE:", "DTSTART", "EXDATE")):
        rule = f"RRULE:{rule}"
    return rule


def occurrences(*, starts_at: datetime, ends_at: datetime, rule: str, exdates: list[date]) -> list[tuple]:
    """The occurrences of an RFC 5545 rule, in Paris wall-clock time: a weekly 10:00 meeting stays at 10:00
    across the change to summer time. Exception dates (EXDATE) are left out."""
    local_start = starts_at.astimezone(PARIS).replace(tzinfo=None)
    local_length = ends_at.astimezone(PARIS).replace(tzinfo=None) - local_start
    text = _rule_text(rule)
    for day in exdates:
        text += f"\nEXDATE:{datetime.combine(day, local_start.time()):%Y%m%dT%H%M%S}"
    try:
        rules = rrulestr(text, dtstart=local_start, forceset=True, unfold=True)
        starts = []
        for start in rules:
            starts.append(start)
            if len(starts) > MAX_OCCURRENCES:
                raise BookingError(
                    [
                        _("La règle de récurrence donne plus de %(max)s dates : précisez COUNT ou UNTIL.")
                        % {"max": MAX_OCCURRENCES}
                    ]
                )
    except (ValueError, TypeError, OverflowError) as error:
        raise BookingError(
            [_("Règle de récurrence invalide (%(rule)s) : %(error)s.") % {"rule": rule, "error": error}]
        ) from error
    if not starts:
        raise BookingError([_("La règle de récurrence ne donne aucune date.")])
    return [
        (
            local_moment(start.date(), start.time()),
            local_moment((start + local_length).date(), (start + local_length).time()),
        )
        for start in starts
    ]


def _taken_slots(resource: Resource, slots: list[Interval]) -> set[int]:
    """The indexes of the slots that overlap an active booking or maintenance block of the resource, from one
    read of the series' whole span rather than one per occurrence."""
    first, last = min(utc(start) for start, _end in slots), max(utc(end) for _start, end in slots)
    busy = merge(
        Booking.objects.active()
        .filter(resource=resource)
        .overlapping(first, last)
        .values_list("starts_at", "ends_at")
    )
    # Merged, the busy spans are disjoint and in order, so their ends are sorted too.
    ends = [utc(end) for _start, end in busy]
    taken = set()
    for index, (start, end) in enumerate(slots):
        position = bisect_right(ends, utc(start))
        if position < len(busy) and utc(busy[position][0]) < utc(end):
            taken.add(index)
    return taken


def _series_conflicts(*, resource, membership, slots, attendees, now) -> list[str]:
    """Every problem of every occurrence, each with its date, in a few reads whatever the number of
    occurrences: the schedule (hours and closures), the qualification and the slots already taken."""
    schedule = resource_schedule(resource)
    qualified_until = qualification_end(resource=resource, membership=membership)
    taken = _taken_slots(resource, slots)
    conflicts, previous_end = [], None
    for index, (start, end) in enumerate(slots):
        problems = booking_problems(
            resource=resource,
            schedule=schedule,
            membership=membership,
            starts_at=start,
            ends_at=end,
            attendees=attendees,
            now=now,
            qualified_until=qualified_until,
        )
        if not problems and index in taken:
            problems = [_("déjà réservé")]
        elif not problems and previous_end and utc(start) < utc(previous_end):
            problems = [_("empiète sur la date précédente de la série")]
        conflicts += [f"{_when(start)} : {problem}" for problem in problems]
        previous_end = end
    return conflicts


def booking_series_create(
    *,
    resource: Resource,
    membership: Membership,
    starts_at: datetime,
    ends_at: datetime,
    rule: str,
    exdates: list[date] = (),
    organisation=None,
    title: str = "",
    attendees: int = 1,
    now: datetime | None = None,
) -> list[Booking]:
    """All occurrences or none: each is checked, and every conflict is listed with its date. The check and the
    insert share one transaction, and the exclusion constraint still guards the insert on PostgreSQL."""
    now = now or timezone.now()
    _check_same_cluster(resource, organisation)
    if utc(ends_at) <= utc(starts_at):
        raise BookingError([_("La fin doit être postérieure au début.")])
    slots = occurrences(starts_at=starts_at, ends_at=ends_at, rule=rule, exdates=list(exdates))
    party = booking_party(membership=membership, organisation=organisation)
    published_rates = commission_rates(cluster=resource.cluster) if resource.owner_organisation_id else []
    with _slot_guard(resource), transaction.atomic():
        conflicts = _series_conflicts(
            resource=resource, membership=membership, slots=slots, attendees=attendees, now=now
        )
        if conflicts:
            raise BookingError(conflicts)
        series = BookingSeries.objects.create(
            cluster=resource.cluster,
            resource=resource,
            rrule=rule.strip(),
            exdates=", ".join(day.isoformat() for day in exdates),
            created_by=membership.user,
        )
        bookings = [
            _new_booking(
                resource=resource,
                membership=membership,
                party=party,
                starts_at=start,
                ends_at=end,
                title=title,
                attendees=attendees,
                series=series,
                published_rates=published_rates,
            )
            for start, end in slots
        ]
        Booking.objects.bulk_create(bookings)
    return bookings


def maintenance_block_create(
    *, resource: Resource, membership: Membership, starts_at: datetime, ends_at: datetime, title: str
) -> Booking:
    """The coordinator takes a resource out of use. It may fall outside opening hours; it may not overlap a
    booking, which must be moved or cancelled first (the refusal names it)."""
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(
            _("Seule la coordination du pôle peut bloquer une ressource pour maintenance.")
        )
    if utc(ends_at) <= utc(starts_at):
        raise BookingError([_("La fin doit être postérieure au début.")])
    block = Booking(
        cluster=resource.cluster,
        resource=resource,
        kind=Booking.Kind.MAINTENANCE,
        booked_by=membership.user,
        title=title or _("Maintenance"),
        starts_at=starts_at,
        ends_at=ends_at,
        status=Booking.Status.CONFIRMED,
        rate=Booking.Rate.NONE,
        vat_rate=resource.vat_rate,
    )
    _save_one(block, resource)
    return block


def can_manage_booking(membership: Membership, booking: Booking) -> bool:
    if membership.role == Role.COORDINATOR:
        return True
    if booking.booked_by_id == membership.user_id:
        return True
    return membership.role == Role.MEMBER_ADMIN and booking.organisation_id == membership.organisation_id


def _free_slot(booking: Booking) -> None:
    transaction.on_commit(
        partial(
            tasks.waiting_list_notify_task.enqueue,
            resource_id=booking.resource_id,
            starts_at=booking.starts_at.isoformat(),
            ends_at=booking.ends_at.isoformat(),
        )
    )


def booking_cancel(*, booking: Booking, membership: Membership, now: datetime | None = None) -> Booking:
    """Cancels under the resource's policy: free until the stated notice, then the stated share of the price.
    The waiting list of the freed slot is told after the commit."""
    now = now or timezone.now()
    if not can_manage_booking(membership, booking):
        raise PermissionDenied(_("Vous ne pouvez annuler que vos réservations ou celles de votre structure."))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("resource").get(pk=booking.pk)
        if not booking.is_active:
            raise BookingError([_("Cette réservation est déjà annulée ou refusée.")])
        if utc(booking.ends_at) <= utc(now):
            raise BookingError([_("Une réservation passée ne s'annule plus.")])
        if booking.invoice_id is not None:
            raise BookingError(
                [_("Cette réservation est déjà facturée : la coordination la corrige par un avoir.")]
            )
        resource = booking.resource
        booking.cancellation_fee_excl_tax = pricing.cancellation_fee(
            amount_excl_tax=booking.amount_excl_tax,
            notice=duration(now, booking.starts_at),
            free_until=timedelta(hours=resource.free_cancellation_hours),
            late_percent=resource.late_cancellation_percent,
        )
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_by = membership.user
        booking.cancelled_at = now
        booking.save()
        _free_slot(booking)
    return booking


def booking_series_cancel(*, booking: Booking, membership: Membership, now: datetime | None = None) -> int:
    """Cancels this occurrence and every later active one of its series, each under the cancellation policy.
    Returns how many were cancelled."""
    now = now or timezone.now()
    later = (
        Booking.objects.active()
        .filter(series_id=booking.series_id, starts_at__gte=booking.starts_at, ends_at__gt=now)
        .order_by("starts_at")
    )
    with transaction.atomic():
        cancelled = [
            booking_cancel(booking=occurrence, membership=membership, now=now) for occurrence in later
        ]
    return len(cancelled)


def booking_decide(*, booking: Booking, membership: Membership, approve: bool, note: str = "") -> Booking:
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle valide les demandes de réservation."))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.PENDING:
            raise BookingError([_("Cette demande a déjà été traitée.")])
        booking.status = Booking.Status.CONFIRMED if approve else Booking.Status.REJECTED
        booking.decided_by = membership.user
        booking.decided_at = timezone.now()
        booking.decision_note = note
        booking.save()
        transaction.on_commit(partial(tasks.booking_decision_notify_task.enqueue, booking_id=booking.pk))
        if not approve:
            _free_slot(booking)
    return booking


def booking_decision_notify(*, booking_id: int) -> bool:
    """E-mails the coordinator's decision to the person who asked. Idempotent: the booking is marked in the
    transaction that sends the e-mail."""
    from .notifications import send_decision

    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("resource", "booked_by", "cluster")
            .get(pk=booking_id)
        )
        if booking.decision_notified_at or booking.status == Booking.Status.PENDING:
            return False
        send_decision(booking=booking)
        booking.decision_notified_at = timezone.now()
        booking.save(update_fields=["decision_notified_at", "updated_at"])
    return True


def waiting_list_join(
    *, resource: Resource, membership: Membership, starts_at: datetime, ends_at: datetime
) -> WaitingListEntry:
    if utc(ends_at) <= utc(starts_at):
        raise BookingError([_("La fin doit être postérieure au début.")])
    if utc(starts_at) < utc(timezone.now()):
        raise BookingError([_("Ce créneau (%(when)s) est déjà passé.") % {"when": _when(starts_at)}])
    entry, _created = WaitingListEntry.objects.get_or_create(
        cluster=resource.cluster,
        resource=resource,
        user=membership.user,
        starts_at=starts_at,
        ends_at=ends_at,
        notified_at=None,
        defaults={"organisation": membership.organisation},
    )
    return entry


def waiting_list_notify(*, resource_id: int, starts_at: datetime, ends_at: datetime) -> int:
    """E-mails those waiting for a slot overlapping the freed one, when their whole slot is now free.
    Idempotent: an entry is marked notified in the transaction that sends its e-mail."""
    from .notifications import send_slot_freed

    sent = 0
    entries = (
        WaitingListEntry.objects.filter(resource_id=resource_id, notified_at__isnull=True)
        .filter(starts_at__lt=ends_at, ends_at__gt=max(starts_at, timezone.now()))
        .select_related("resource", "user", "cluster")
    )
    for entry in entries:
        with transaction.atomic():
            locked = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
            if locked.notified_at or _is_taken(entry.resource, entry.starts_at, entry.ends_at):
                continue
            send_slot_freed(entry=entry)
            locked.notified_at = timezone.now()
            locked.save(update_fields=["notified_at", "updated_at"])
            sent += 1
    return sent


def hygiene_log_record(*, booking: Booking, membership: Membership, **answers) -> HygieneLog:
    if booking.resource.kind != Resource.Kind.KITCHEN:
        raise BookingError([_("Le relevé d'hygiène ne concerne que la cuisine partagée.")])
    if not can_manage_booking(membership, booking):
        raise PermissionDenied(_("Seuls les utilisateurs de ce créneau remplissent son relevé."))
    log, _created = HygieneLog.objects.update_or_create(
        booking=booking, defaults={"recorded_by": membership.user, **answers}
    )
    return log
