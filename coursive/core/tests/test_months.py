"""Calendar months (pure Python, no Django needed)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.core.months import month_end, month_start, parse_month


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
