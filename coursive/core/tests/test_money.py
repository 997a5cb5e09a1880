"""Amounts in French sentences (pure Python, no Django needed)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coursive.core.money import whole_euros


def test_thousands_are_split_by_narrow_no_break_spaces_and_the_sign_kept_on_the_line():
    assert whole_euros(Decimal("2375000")) == "2\u202f375\u202f000\u00a0€"


def test_cents_are_rounded_half_up_to_the_euro():
    assert whole_euros(Decimal("120000.50")) == "120\u202f001\u00a0€"
    assert whole_euros(Decimal("999.49")) == "999\u00a0€"


def test_an_unknown_amount_writes_nothing():
    assert whole_euros(None) == ""


@given(st.integers(min_value=0, max_value=10**12))
def test_the_digits_read_back_as_the_amount(amount):
    text = whole_euros(Decimal(amount))

    assert int(text.removesuffix("\u00a0€").replace("\u202f", "")) == amount
