"""Day, week and month calendars laid out for the page. Pure module, no ORM: it receives resources and
bookings already loaded and returns rows and cells the template walks through.

The day view is a timeline of half-hour columns from 07:00 to 22:00, in Paris wall-clock time; a booking's
place is given as CSS class numbers (`at-N`, `span-N`), since the site's content security policy forbids
inline styles.
"""

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .calendar import PARIS, local_moment, utc

DAY_FIRST_HOUR = 7
DAY_LAST_HOUR = 22
COLUMNS = (DAY_LAST_HOUR - DAY_FIRST_HOUR) * 2
VIEWS = ("jour", "semaine", "mois")


@dataclass
class Entry:
    booking: object
    starts_at: datetime
    ends_at: datetime
    at: int = 0
    span: int = 0


@dataclass
class Row:
    resource: object
    cells: list = field(default_factory=list)


def period(view: str, anchor: date) -> tuple[date, date]:
    """First day and the day after the last one shown."""
    if view == "jour":
        return anchor, anchor + timedelta(days=1)
    if view == "semaine":
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=7)
    first = anchor.replace(day=1)
    last = stdlib_calendar.monthrange(anchor.year, anchor.month)[1]
    return first, first.replace(day=last) + timedelta(days=1)


def window(view: str, anchor: date) -> tuple[datetime, datetime]:
    first, after = period(view, anchor)
    if view == "mois":
        # The month grid shows whole weeks, so it needs the bookings of the days around the month.
        first -= timedelta(days=first.weekday())
        after += timedelta(days=(7 - after.weekday()) % 7)
    return local_moment(first, time(0)), local_moment(after, time(0))


def neighbours(view: str, anchor: date) -> tuple[date, date]:
    if view == "jour":
        return anchor - timedelta(days=1), anchor + timedelta(days=1)
    if view == "semaine":
        return anchor - timedelta(days=7), anchor + timedelta(days=7)
    previous = (anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (anchor.replace(day=28) + timedelta(days=4)).replace(day=1)
    return previous, following


def _overlaps_day(booking, day: date) -> bool:
    start, end = local_moment(day, time(0)), local_moment(day + timedelta(days=1), time(0))
    return utc(booking.starts_at) < utc(end) and utc(booking.ends_at) > utc(start)


def _column(moment: datetime, day: date) -> int:
    local = moment.astimezone(PARIS)
    if local.date() < day:
        return 0
    if local.date() > day:
        return COLUMNS
    minutes = (local.hour - DAY_FIRST_HOUR) * 60 + local.minute
    return max(0, min(COLUMNS, minutes // 30))


def day_rows(resources, bookings, day: date) -> list[Row]:
    rows = {resource.pk: Row(resource) for resource in resources}
    for booking in bookings:
        if booking.resource_id not in rows or not _overlaps_day(booking, day):
            continue
        at = _column(booking.starts_at, day)
        end = _column(booking.ends_at, day)
        if booking.ends_at.astimezone(PARIS).minute % 30 and end < COLUMNS:
            end += 1
        entry = Entry(booking, booking.starts_at, booking.ends_at, at=at + 1, span=max(1, end - at))
        rows[booking.resource_id].cells.append(entry)
    return list(rows.values())


def week_rows(resources, bookings, monday: date) -> list[Row]:
    days = [monday + timedelta(days=n) for n in range(7)]
    rows = []
    for resource in resources:
        own = [b for b in bookings if b.resource_id == resource.pk]
        rows.append(Row(resource, [(day, [b for b in own if _overlaps_day(b, day)]) for day in days]))
    return rows


def month_weeks(bookings, anchor: date) -> list[list[tuple[date, list]]]:
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(anchor.year, anchor.month)
    return [[(day, [b for b in bookings if _overlaps_day(b, day)]) for day in week] for week in weeks]


def hour_labels() -> list[tuple[int, str]]:
    return [
        (2 * (hour - DAY_FIRST_HOUR) + 1, f"{hour:02d}h") for hour in range(DAY_FIRST_HOUR, DAY_LAST_HOUR)
    ]
