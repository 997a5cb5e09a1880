"""Free time of a resource within a window: its open spans minus what is booked. Pure module, no ORM.

Busy intervals come sorted by start; one sweep subtracts them, so the search is linear in the bookings of the
window. A free interval is kept when at least `minimum` long; its ends are rounded inward to the resource's step
so proposed slots start on the quarter or half hour a person would pick.
"""

from datetime import date, datetime, time, timedelta

from .calendar import PARIS, Interval, Schedule, local_moment, open_spans_between, utc

PARTS_OF_DAY = {
    "morning": ((8, 0), (12, 30)),
    "afternoon": ((13, 30), (18, 0)),
    "evening": ((18, 0), (22, 0)),
    "day": ((0, 0), (24, 0)),
}


def _clip(spans: list[Interval], window: Interval) -> list[Interval]:
    low, high = utc(window[0]), utc(window[1])
    clipped = []
    for start, end in spans:
        start, end = max(utc(start), low), min(utc(end), high)
        if start < end:
            clipped.append((start, end))
    return clipped


def _past_step(moment: datetime, step: timedelta) -> timedelta:
    """How far the Paris wall clock is past the last multiple of `step` since local midnight."""
    local = moment.astimezone(PARIS)
    return (
        local.replace(tzinfo=None) - local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    ) % step


def _round_up(moment: datetime, step: timedelta) -> datetime:
    remainder = _past_step(moment, step)
    return moment if not remainder else utc(moment + (step - remainder))


def _round_down(moment: datetime, step: timedelta) -> datetime:
    return utc(moment - _past_step(moment, step))


def subtract(spans: list[Interval], busy: list[Interval]) -> list[Interval]:
    free: list[Interval] = []
    busy = sorted((utc(start), utc(end)) for start, end in busy)
    index = 0
    for start, end in spans:
        cursor = start
        while index < len(busy) and busy[index][1] <= cursor:
            index += 1
        probe = index
        while probe < len(busy) and busy[probe][0] < end:
            if busy[probe][0] > cursor:
                free.append((cursor, busy[probe][0]))
            cursor = max(cursor, busy[probe][1])
            probe += 1
        if cursor < end:
            free.append((cursor, end))
    return free


def free_intervals(
    *,
    schedule: Schedule,
    window: Interval,
    busy: list[Interval],
    minimum: timedelta,
    step: timedelta,
    not_before: datetime | None = None,
) -> list[Interval]:
    """Free intervals of the window at least `minimum` long, in Europe/Paris time."""
    return free_within(spans=open_within(schedule, window, not_before), busy=busy, minimum=minimum, step=step)


def open_within(schedule: Schedule, window: Interval, not_before: datetime | None = None) -> list[Interval]:
    """The open spans of the window (from `not_before` on), in UTC. Resources sharing a schedule share this."""
    spans = _clip(open_spans_between(schedule, *window), window)
    return _clip(spans, (not_before, window[1])) if not_before is not None else spans


def free_within(*, spans: list[Interval], busy: list[Interval], minimum: timedelta, step: timedelta):
    result = []
    for start, end in subtract(spans, busy):
        start, end = _round_up(start, step), _round_down(end, step)
        if end - start >= minimum:
            result.append((start.astimezone(PARIS), end.astimezone(PARIS)))
    return result


def part_of_day_window(day: date, part: str) -> Interval:
    (start_h, start_m), (end_h, end_m) = PARTS_OF_DAY[part]
    start = local_moment(day, time(start_h, start_m))
    if end_h == 24:
        return start, local_moment(day + timedelta(days=1), time(0))
    return start, local_moment(day, time(end_h, end_m))
