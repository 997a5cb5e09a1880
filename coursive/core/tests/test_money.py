"""Amounts in French sentences (pure Python, no Django needed)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.core.money import format_decimal, format_euros, format_unit_price, whole_euros

NNBSP, NBSP = "\u202f", "\u00a0"


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


@pytest.mark.parametrize(
    ("amount", "decimals", "expected"),
    [
        (Decimal("1234567"), 2, f"1{NNBSP}234{NNBSP}567,00{NBSP}€"),
        (Decimal("1234567.456"), 0, f"1{NNBSP}234{NNBSP}567{NBSP}€"),
        (Decimal("999.995"), 2, f"1{NNBSP}000,00{NBSP}€"),
        (Decimal("2.675"), 2, f"2,68{NBSP}€"),
        (Decimal("-45000"), 0, f"-45{NNBSP}000{NBSP}€"),
        (Decimal("-0.004"), 2, f"0,00{NBSP}€"),
        (Decimal("3.8"), 4, f"3,8000{NBSP}€"),
        (12, 2, f"12,00{NBSP}€"),
    ],
)
def test_amounts_are_written_the_french_way_rounded_half_up(amount, decimals, expected):
    assert format_euros(amount, decimals) == expected


def test_a_whole_amount_is_the_amount_without_its_cents():
    assert whole_euros(Decimal("2375000.49")) == format_euros(Decimal("2375000.49"), 0)


def _read_back(text: str) -> Decimal:
    return Decimal(text.removesuffix(f"{NBSP}€").replace(NNBSP, "").replace(",", "."))


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_decimal_reads_back_with_all_its_digits(amount):
    places = max(0, -amount.as_tuple().exponent)

    assert _read_back(format_euros(amount, places)) == amount


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2), st.integers(min_value=0, max_value=6))
def test_digit_groups_are_of_three_and_the_decimals_as_asked(amount, decimals):
    text = format_euros(amount, decimals).removesuffix(f"{NBSP}€").removeprefix("-")
    whole, _, cents = text.partition(",")
    groups = whole.split(NNBSP)

    assert (
        len(cents) == decimals and all(len(group) == 3 for group in groups[1:]) and 1 <= len(groups[0]) <= 3
    )


@pytest.mark.parametrize(
    ("price", "written"),
    [
        (Decimal("3.8"), "3,80\u00a0€"),
        (Decimal("1250.0000"), "1\u202f250,00\u00a0€"),
        (Decimal("0.0125"), "0,0125\u00a0€"),
        (Decimal("2.12345"), "2,1235\u00a0€"),
    ],
)
def test_a_unit_price_keeps_its_meaningful_decimals_between_two_and_four(price, written):
    assert format_unit_price(price) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [(Decimal("12.50"), "12,5"), (Decimal("20.00"), "20"), (Decimal("1250"), "1\u202f250")],
)
def test_a_decimal_is_written_with_the_decimals_it_carries(value, written):
    assert format_decimal(value) == written
