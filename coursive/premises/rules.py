"""The booking rules of a resource, checked before anything is written. Each problem is a French sentence
the person booking can act on."""

from datetime import date, datetime, timedelta

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coursive.accounts.models import Membership, Role

from .calendar import (
    PARIS,
    Schedule,
    closure_reason,
    duration,
    human_duration,
    is_open_throughout,
    local_days,
    open_spans,
    utc,
)
from .models import Resource
from .selectors import qualification_held_until

AUDIENCE_FIELDS = {
    Role.MEMBER_ADMIN: ("open_to_member_admins", gettext_lazy("aux structures membres")),
    Role.MEMBER_STAFF: ("open_to_member_staff", gettext_lazy("aux salariés des structures membres")),
    Role.RESIDENT: ("open_to_residents", gettext_lazy("aux résidents")),
    Role.BUYER: ("open_to_external", gettext_lazy("aux clients extérieurs")),
}


def _when(moment: datetime) -> str:
    return formats.date_format(moment.astimezone(PARIS), "l j F Y à H:i")


def time_problems(*, resource: Resource, starts_at: datetime, ends_at: datetime, now: datetime) -> list[str]:
    if utc(ends_at) <= utc(starts_at):
        return [_("La fin doit être postérieure au début.")]
    if utc(starts_at) < utc(now):
        return [_("Ce créneau (%(when)s) est déjà passé.") % {"when": _when(starts_at)}]
    problems = []
    if resource.lead_time_hours and utc(starts_at) < utc(now) + timedelta(hours=resource.lead_time_hours):
        problems.append(
            _("« %(name)s » se réserve au moins %(hours)s h à l'avance.")
            % {"name": resource.name, "hours": resource.lead_time_hours}
        )
    if utc(starts_at) > utc(now) + timedelta(days=resource.horizon_days):
        problems.append(
            _("« %(name)s » ne se réserve pas plus de %(days)s jours à l'avance.")
            % {"name": resource.name, "days": resource.horizon_days}
        )
    length = duration(starts_at, ends_at)
    if length < timedelta(minutes=resource.min_duration_minutes):
        problems.append(
            _("La durée minimale d'une réservation de « %(name)s » est de %(duration)s.")
            % {
                "name": resource.name,
                "duration": human_duration(timedelta(minutes=resource.min_duration_minutes)),
            }
        )
    if length > timedelta(minutes=resource.max_duration_minutes):
        problems.append(
            _("La durée maximale d'une réservation de « %(name)s » est de %(duration)s.")
            % {
                "name": resource.name,
                "duration": human_duration(timedelta(minutes=resource.max_duration_minutes)),
            }
        )
    return problems


def opening_problems(
    *, resource: Resource, schedule: Schedule, starts_at: datetime, ends_at: datetime
) -> list[str]:
    if is_open_throughout(schedule, starts_at, ends_at):
        return []
    for day in local_days(starts_at, ends_at):
        if reason := closure_reason(schedule, day):
            day_text = formats.date_format(day, "l j F Y")
            return [
                _("« %(name)s » est fermé le %(day)s (%(reason)s).")
                % {"name": resource.name, "day": day_text, "reason": reason}
            ]
    day = starts_at.astimezone(PARIS).date()
    spans = ", ".join(
        f"{start.astimezone(PARIS):%H:%M}-{end.astimezone(PARIS):%H:%M}"
        for start, end in open_spans(schedule, day)
    )
    return [
        _("Ce créneau sort des horaires d'ouverture de « %(name)s » (ce jour-là : %(hours)s).")
        % {"name": resource.name, "hours": spans or _("fermé")}
    ]


def qualification_end(*, resource: Resource, membership: Membership) -> date | None:
    """Up to which day the person booking may use the resource as far as qualifications go: `date.max` when
    none is required (or for the coordinator), None when they lack the one required. Read once per booking or
    series, not once per occurrence."""
    if resource.required_qualification_id is None or membership.role == Role.COORDINATOR:
        return date.max
    return qualification_held_until(user=membership.user, qualification_id=resource.required_qualification_id)


def audience_problems(
    *, resource: Resource, membership: Membership, on: date, qualified_until: date | None
) -> list[str]:
    """Who may book. The coordinator books for anyone, members, the cluster or a customer from outside."""
    if membership.role == Role.COORDINATOR:
        return []
    field, audience = AUDIENCE_FIELDS[membership.role]
    if not getattr(resource, field):
        return [
            _("« %(name)s » n'est pas ouvert %(audience)s.") % {"name": resource.name, "audience": audience}
        ]
    held = qualified_until is not None and on <= qualified_until
    if resource.required_qualification_id and not held:
        return [
            _(
                "« %(name)s » ne peut être réservé que par une personne habilitée « %(qualification)s ». "
                "La coordination accorde cette habilitation après la formation."
            )
            % {"name": resource.name, "qualification": resource.required_qualification.name}
        ]
    return []


def booking_problems(
    *,
    resource: Resource,
    schedule: Schedule,
    membership: Membership,
    starts_at: datetime,
    ends_at: datetime,
    attendees: int,
    now: datetime,
    qualified_until: date | None,
) -> list[str]:
    """What stops this booking, in French; `qualified_until` comes from `qualification_end`."""
    if not resource.is_active:
        return [_("« %(name)s » n'est pas réservable en ce moment.") % {"name": resource.name}]
    problems = time_problems(resource=resource, starts_at=starts_at, ends_at=ends_at, now=now)
    if problems and utc(ends_at) <= utc(starts_at):
        return problems
    problems += opening_problems(resource=resource, schedule=schedule, starts_at=starts_at, ends_at=ends_at)
    problems += audience_problems(
        resource=resource,
        membership=membership,
        on=starts_at.astimezone(PARIS).date(),
        qualified_until=qualified_until,
    )
    if attendees > resource.capacity:
        problems.append(
            _("« %(name)s » accueille %(capacity)s personnes au plus.")
            % {"name": resource.name, "capacity": resource.capacity}
        )
    return problems
