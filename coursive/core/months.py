"""Calendar months: their first and last days, and the « AAAA-MM » form people type and URLs carry."""

import calendar
from datetime import date, datetime


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def parse_month(text: str) -> date:
    """« 2026-03 » as 1 March 2026. Raises ValueError for anything else, for the caller to word its refusal."""
    return datetime.strptime(text, "%Y-%m").date()
