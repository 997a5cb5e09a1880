"""Invariants of the invoice arithmetic, for any lines."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coursive.invoicing.models import VAT_RATES
from coursive.invoicing.totals import compute_totals, line_amount, to_cents

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("10000"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=4)
lines = st.lists(st.tuples(quantities, prices, st.sampled_from(VAT_RATES)), min_size=1, max_size=30)


def _totals(drawn):
    return compute_totals((line_amount(quantity, price), rate) for quantity, price, rate in drawn)


@given(lines)
def test_lines_plus_vat_make_the_total(drawn):
    totals = _totals(drawn)

    assert totals.excl_tax == sum(line_amount(q, p) for q, p, _rate in drawn)
    assert totals.incl_tax == totals.excl_tax + totals.vat
    assert totals.vat == sum(item.vat for item in totals.by_rate)


@given(lines)
def test_the_breakdown_has_one_row_per_rate_with_its_base_and_vat(drawn):
    totals = _totals(drawn)

    assert [item.rate for item in totals.by_rate] == sorted({rate for _q, _p, rate in drawn}, reverse=True)
    for item in totals.by_rate:
        base = sum(line_amount(q, p) for q, p, rate in drawn if rate == item.rate)
        assert item.base == base
        assert item.vat == to_cents(base * item.rate / 100)
        assert item.vat >= 0 and item.vat.as_tuple().exponent == -2


@given(lines)
def test_amounts_are_whole_cents(drawn):
    totals = _totals(drawn)

    for amount in (totals.excl_tax, totals.vat, totals.incl_tax):
        assert amount == amount.quantize(Decimal("0.01"))
