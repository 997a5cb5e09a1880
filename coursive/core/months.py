"""Calendar months: their first and last days, their bounds as instants, and the « AAAA-MM » form people type
and URLs carry."""

import calendar
from datetime import date, datetime, tzinfo


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(day: date) -> date:
    """The first day of the month before `day`'s."""
    return date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)


def month_bounds(year: int, month: int, *, tz: tzinfo) -> tuple[datetime, datetime]:
    """The month as aware instants [its first midnight, the next month's first midnight) on the wall clocks of
    `tz` (a zone such as Europe/Paris, whose clocks never skip midnight)."""
    start = datetime(year, month, 1, tzinfo=tz)
    return start, datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)


def parse_month(text: str) -> date:
    """« 2026-03 » as 1 March 2026. Raises ValueError for anything else, for the caller to word its refusal."""
    return datetime.strptime(text, "%Y-%m").date()
