"""Dates typed out of the computable years are refused field by field."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coursive.core.dates import check_days_in_range


def test_days_within_the_years_and_empty_ones_pass():
    check_days_in_range(starts_on=date(1900, 1, 1), ends_on=date(2199, 12, 31), due_on=None)


def test_each_day_out_of_range_is_refused_under_its_own_name():
    with pytest.raises(ValidationError) as refusal:
        check_days_in_range(starts_on=date(1899, 12, 31), ends_on=date(2026, 3, 1), due_on=date(2200, 1, 1))

    assert set(refusal.value.message_dict) == {"starts_on", "due_on"}
    assert "entre 1900 et 2199" in refusal.value.message_dict["due_on"][0]
