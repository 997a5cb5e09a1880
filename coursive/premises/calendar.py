"""Opening times as real instants: weekly hours, closures and French public holidays (with those of
Alsace-Moselle where the resource is there), in Europe/Paris.

Pure module, no ORM. Every span is built from local wall-clock times, then compared and measured as absolute
instants: on the last Sunday of March a 00:00-04:00 span lasts three hours, on the last Sunday of October five.
Python subtracts two datetimes sharing a tzinfo as wall-clock times, so durations go through UTC.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class WeeklySpan:
    weekday: int
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class ClosedDays:
    starts_on: date
    ends_on: date
    reason: str


@dataclass(frozen=True)
class Schedule:
    """When a resource may be used. No weekly span at all means open around the clock."""

    weekly: tuple[WeeklySpan, ...]
    closures: tuple[ClosedDays, ...] = ()
    closed_on_public_holidays: bool = True
    # The `holidays` package's subdivision whose public holidays apply; empty for metropolitan France's.
    holiday_area: str = ""


Interval = tuple[datetime, datetime]


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def duration(starts_at: datetime, ends_at: datetime) -> timedelta:
    return utc(ends_at) - utc(starts_at)


def local_moment(day: date, at: time) -> datetime:
    """The instant a wall clock in Paris shows `at` on `day`; a time skipped in March moves to after the jump."""
    naive = datetime.combine(day, at)
    moment = naive.replace(tzinfo=PARIS)
    # A wall time that does not exist (02:30 when clocks jump to 03:00) does not survive a round trip.
    if utc(moment).astimezone(PARIS).replace(tzinfo=None) != naive:
        moment = utc(moment).astimezone(PARIS)
    return moment


# Local law in Alsace-Moselle (code du travail, L3134-13) adds Good Friday and 26 December to the public
# holidays. The `holidays` package names the Moselle "57" and the Collectivité européenne d'Alsace (Bas-Rhin
# and Haut-Rhin) "6AE".
HOLIDAY_AREAS = {"57": "57", "67": "6AE", "68": "6AE"}


def holiday_area(departement: str | None) -> str:
    """The subdivision of the `holidays` package whose public holidays apply in a département."""
    return HOLIDAY_AREAS.get(departement or "", "")


@lru_cache(maxsize=64)
def _french_holidays(year: int, area: str) -> dict[date, str]:
    return dict(holidays.France(years=year, subdiv=area or None, language="fr"))


def public_holiday(day: date, area: str = "") -> str | None:
    return _french_holidays(day.year, area).get(day)


def closure_reason(schedule: Schedule, day: date) -> str | None:
    """Why the resource is closed all that day, or None."""
    if schedule.closed_on_public_holidays and (name := public_holiday(day, schedule.holiday_area)):
        return name
    for closed in schedule.closures:
        if closed.starts_on <= day <= closed.ends_on:
            return closed.reason
    return None


def open_spans(schedule: Schedule, day: date) -> list[Interval]:
    """The instants the resource is open on that local day, merged and in order."""
    return list(_open_spans(schedule, day))


# Resources of one building mostly share their schedule: a search over a hundred of them computes it once.
@lru_cache(maxsize=4096)
def _open_spans(schedule: Schedule, day: date) -> tuple[Interval, ...]:
    if closure_reason(schedule, day):
        return []
    if not schedule.weekly:
        return ((local_moment(day, time(0)), local_moment(day + timedelta(days=1), time(0))),)
    spans = [
        (local_moment(day, span.opens_at), local_moment(day, span.closes_at))
        for span in schedule.weekly
        if span.weekday == day.weekday()
    ]
    return tuple(merge(spans))


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals, key=lambda interval: utc(interval[0])):
        if merged and utc(start) <= utc(merged[-1][1]):
            if utc(end) > utc(merged[-1][1]):
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def local_days(starts_at: datetime, ends_at: datetime) -> list[date]:
    first = starts_at.astimezone(PARIS).date()
    last = (ends_at - timedelta(microseconds=1)).astimezone(PARIS).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def open_spans_between(schedule: Schedule, starts_at: datetime, ends_at: datetime) -> list[Interval]:
    """Open spans of every local day the interval touches, merged across midnight."""
    spans: list[Interval] = []
    for day in local_days(starts_at, ends_at):
        spans.extend(open_spans(schedule, day))
    return merge(spans)


def is_open_throughout(schedule: Schedule, starts_at: datetime, ends_at: datetime) -> bool:
    return any(
        utc(start) <= utc(starts_at) and utc(ends_at) <= utc(end)
        for start, end in open_spans_between(schedule, starts_at, ends_at)
    )


def open_hours_in_month(schedule: Schedule, year: int, month: int) -> float:
    day = date(year, month, 1)
    total = timedelta()
    while day.month == month:
        total += sum((duration(start, end) for start, end in open_spans(schedule, day)), timedelta())
        day += timedelta(days=1)
    return total.total_seconds() / 3600


DAY_NAMES = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")


def _days(token: str) -> list[int]:
    names = token.split("-")
    if any(name not in DAY_NAMES for name in names) or len(names) > 2:
        raise ValueError(token)
    first, last = DAY_NAMES.index(names[0]), DAY_NAMES.index(names[-1])
    if last < first:
        raise ValueError(token)
    return list(range(first, last + 1))


def _clock(text: str) -> time:
    hours, _sep, minutes = text.strip().replace("h", ":").partition(":")
    return time(int(hours), int(minutes or 0)) if hours != "24" else time(23, 59)


def parse_weekly_hours(text: str) -> list[WeeklySpan]:
    """Reads lines such as "lun-ven 08:00-12:30, 13:30-20:00" and "sam 09h-13h". An empty text means open
    around the clock. Raises ValueError on the first line it cannot read."""
    spans = []
    for line in filter(None, (raw.strip().lower() for raw in text.splitlines())):
        days, _sep, ranges = line.partition(" ")
        for chunk in filter(None, (part.strip() for part in ranges.split(","))):
            opens, _dash, closes = chunk.partition("-")
            start, end = _clock(opens), _clock(closes)
            if start >= end:
                raise ValueError(line)
            spans += [WeeklySpan(day, start, end) for day in _days(days)]
    return spans


def format_weekly_hours(spans: list[WeeklySpan]) -> str:
    by_day: dict[int, list[str]] = {}
    for span in sorted(spans, key=lambda s: (s.weekday, s.opens_at)):
        by_day.setdefault(span.weekday, []).append(f"{span.opens_at:%H:%M}-{span.closes_at:%H:%M}")
    lines, day = [], 0
    while day < 7:
        if day not in by_day:
            day += 1
            continue
        last = day
        while last + 1 in by_day and by_day[last + 1] == by_day[day]:
            last += 1
        days = DAY_NAMES[day] if last == day else f"{DAY_NAMES[day]}-{DAY_NAMES[last]}"
        lines.append(f"{days} {', '.join(by_day[day])}")
        day = last + 1
    return "\n".join(lines)


def human_duration(length: timedelta) -> str:
    """« 45 min », « 2 h 30 », « 3 jours »: how a person states a duration."""
    minutes = int(length.total_seconds() // 60)
    if minutes >= 24 * 60 and minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} jour" if days == 1 else f"{days} jours"
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest:02d}"
    return f"{hours} h" if hours else f"{rest} min"
