"""Calendar months (pure Python, no Django needed)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.core.months import month_bounds, month_end, month_start, parse_month, previous_month

PARIS = ZoneInfo("Europe/Paris")


def test_a_month_runs_from_its_first_to_its_last_day_leap_years_included():
    assert month_start(date(2028, 2, 17)) == date(2028, 2, 1)
    assert month_end(date(2028, 2, 17)) == date(2028, 2, 29)
    assert month_end(date(2026, 2, 1)) == date(2026, 2, 28)


@given(st.dates())
def test_the_day_after_the_month_end_starts_the_next_month(day):
    assert month_start(day) <= day <= month_end(day)
    if month_end(day) < date.max:
        assert (month_end(day) + timedelta(days=1)).day == 1


def test_a_typed_month_is_its_first_day():
    assert parse_month("2026-03") == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["", "2026-13", "03/2026", "2026-03-01", "mars 2026"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_month(text)


def test_the_previous_month_of_january_is_december_of_the_year_before():
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert previous_month(date(2026, 3, 31)) == date(2026, 2, 1)


def test_a_month_is_bounded_by_the_local_midnights_that_open_it_and_the_next_one():
    start, end = month_bounds(2026, 3, tz=PARIS)
    assert start.astimezone(UTC) == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    # Clocks go forward on 29 March: the month ends at midnight summer time.
    assert end.astimezone(UTC) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert month_bounds(2026, 12, tz=PARIS)[1] == datetime(2027, 1, 1, tzinfo=PARIS)


@given(st.integers(min_value=1900, max_value=2199), st.integers(min_value=1, max_value=12))
def test_each_month_ends_where_the_next_one_starts(year, month):
    following = (year + month // 12, month % 12 + 1)
    assert month_bounds(year, month, tz=PARIS)[1] == month_bounds(*following, tz=PARIS)[0]
