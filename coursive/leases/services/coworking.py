"""Writes of coworking: the plans members buy and the day passes they use, typed in or counted from bookings."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.core.dates import check_days_in_range
from coursive.directory.models import Organisation
from coursive.premises.models import Booking, Resource

from ..models import CoworkingPlan, DayUse
from ..selectors import plan_balance
from .checks import check_not_negative, check_vat_rate, full_clean

PLAN_AMOUNTS = ("price",)


def _check_plan(fields: dict) -> None:
    check_days_in_range(starts_on=fields.get("starts_on"), ends_on=fields.get("ends_on"))
    check_not_negative(fields, PLAN_AMOUNTS)
    check_vat_rate(fields)
    if fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise ValidationError({"ends_on": _("La fin ne peut pas précéder le début.")})
    if fields["kind"] == CoworkingPlan.Kind.DAY_PASSES and not fields.get("days_included"):
        raise ValidationError({"days_included": _("Indiquez le nombre de journées du carnet.")})


@transaction.atomic
def coworking_plan_create(*, cluster, organisation: Organisation, fields: dict) -> CoworkingPlan:
    """A monthly desk subscription or a pack of day passes. `fields`: kind, desks, days_included, price,
    vat_rate, starts_on, ends_on, notes."""
    if organisation.cluster_id != cluster.pk:
        raise ValidationError(_("Cette structure n'appartient pas à ce pôle."))
    _check_plan(fields)
    plan = CoworkingPlan(cluster=cluster, organisation=organisation, **fields)
    if plan.kind == CoworkingPlan.Kind.MONTHLY_DESK:
        plan.days_included = None
    full_clean(plan)
    plan.save()
    return plan


def _check_day_use(plan: CoworkingPlan, day: date) -> None:
    check_days_in_range(day=day)
    if plan.kind != CoworkingPlan.Kind.DAY_PASSES:
        raise ValidationError(_("Un poste au mois ne se décompte pas à la journée."))
    if day < plan.starts_on or (plan.ends_on and day > plan.ends_on):
        raise ValidationError({"day": _("Ce jour est hors de la validité du carnet.")})


@transaction.atomic
def day_use_record(
    *, plan: CoworkingPlan, day: date, person_name: str, recorded_by=None, booking=None
) -> DayUse:
    """A day pass consumed, typed in by hand or taken from a coworking-desk booking."""
    _check_day_use(plan, day)
    person_name = person_name.strip()
    if not person_name:
        raise ValidationError({"person_name": _("Indiquez qui a utilisé la journée.")})
    if DayUse.objects.filter(plan=plan, day=day, person_name__iexact=person_name).exists():
        raise ValidationError(_("Cette journée de %(name)s est déjà décomptée.") % {"name": person_name})
    return DayUse.objects.create(
        plan=plan, day=day, person_name=person_name, recorded_by=recorded_by, booking=booking
    )


@transaction.atomic
def day_use_remove(*, day_use: DayUse) -> None:
    day_use.delete()


def _pack_for(organisation_id: int, day: date, packs: list[CoworkingPlan]) -> CoworkingPlan | None:
    """The oldest valid pack with days left, else the newest valid one (which then shows an overdraft)."""
    valid = [
        p
        for p in packs
        if p.organisation_id == organisation_id
        and p.starts_on <= day
        and (p.ends_on is None or day <= p.ends_on)
    ]
    with_days = [p for p in valid if plan_balance(p) > 0]
    if with_days:
        return min(with_days, key=lambda p: p.starts_on)
    return max(valid, key=lambda p: p.starts_on, default=None)


def _has_desk(organisation_id: int, day: date, desks: list[CoworkingPlan]) -> bool:
    return any(
        d.organisation_id == organisation_id
        and d.starts_on <= day
        and (d.ends_on is None or day <= d.ends_on)
        for d in desks
    )


def _booking_days(booking: Booking) -> list[date]:
    first = timezone.localtime(booking.starts_at).date()
    last = timezone.localtime(booking.ends_at - timedelta(microseconds=1)).date()
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


@transaction.atomic
def coworking_consumption_sync(*, cluster, until: date) -> int:
    """Counts a day pass for each day a member organisation's person held a confirmed coworking-desk booking,
    up to `until`. Idempotent: a booking's day is counted once. Organisations with a monthly desk that day
    use no pass. Bookings a plan pays for are marked prepaid, so they are not invoiced again. Returns the
    number of days counted."""
    # The plans are locked first, so two runs count each booking day once; PostgreSQL cannot lock a grouped query.
    list(CoworkingPlan.objects.for_cluster(cluster).select_for_update().values_list("pk", flat=True))
    plans = list(CoworkingPlan.objects.for_cluster(cluster).annotate(days_used=Count("day_uses")))
    packs = [p for p in plans if p.kind == CoworkingPlan.Kind.DAY_PASSES]
    desks = [p for p in plans if p.kind == CoworkingPlan.Kind.MONTHLY_DESK]
    counted = set(
        DayUse.objects.filter(plan__cluster=cluster, booking__isnull=False).values_list("booking_id", "day")
    )
    bookings = Booking.objects.filter(
        cluster=cluster,
        resource__kind=Resource.Kind.COWORKING_DESK,
        status=Booking.Status.CONFIRMED,
        organisation__isnull=False,
        starts_at__date__lte=until,
    ).select_related("booked_by")
    created = 0
    prepaid = set()
    for booking in bookings:
        for day in _booking_days(booking):
            if day > until:
                continue
            if (booking.pk, day) in counted or _has_desk(booking.organisation_id, day, desks):
                prepaid.add(booking.pk)
                continue
            pack = _pack_for(booking.organisation_id, day, packs)
            if pack is None:
                continue
            prepaid.add(booking.pk)
            name = str(booking.booked_by) if booking.booked_by_id else booking.customer_name
            _day_use, new = DayUse.objects.get_or_create(
                plan=pack,
                day=day,
                person_name=name or _("Réservation n° %(pk)s") % {"pk": booking.pk},
                defaults={"booking": booking},
            )
            pack.days_used += int(new)
            created += int(new)
    # The plan pays for these bookings: the month's booking invoice must leave them out.
    Booking.objects.filter(pk__in=prepaid, prepaid=False).update(prepaid=True)
    return created
