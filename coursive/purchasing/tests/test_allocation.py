"""The pure arithmetic of a group purchase: tiers, who stays in the order, and the split to the cent."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.purchasing.allocation import Demand, Tier, order_for, settle, split, tier_for

D = Decimal
PAPER_TIERS = (Tier(D(10), D("4.20")), Tier(D(100), D("3.80")), Tier(D(500), D("3.45")))

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
weights = st.lists(
    st.decimals(min_value=0, max_value=10**5, places=3, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=60,
).filter(lambda ws: sum(ws) > 0)


@given(amount=amounts, weights=weights)
def test_shares_always_sum_to_the_total_and_none_is_negative(amount, weights):
    shares = split(amount, weights)

    assert sum(shares) == amount
    assert all(share >= 0 for share in shares)
    assert all(share == share.quantize(D("0.01")) for share in shares)


@given(amount=amounts, weights=weights)
def test_each_share_is_within_one_cent_of_its_exact_value(amount, weights):
    shares = split(amount, weights)

    total_weight = sum(Fraction(w) for w in weights)
    for share, weight in zip(shares, weights, strict=True):
        exact = Fraction(amount) * Fraction(weight) / total_weight
        assert abs(Fraction(share) - exact) < Fraction(1, 100)


@given(amount=amounts, weights=weights)
def test_no_member_gets_less_than_its_floor_or_more_than_its_ceiling(amount, weights):
    shares = split(amount, weights)

    total_weight = sum(Fraction(w) for w in weights)
    for share, weight in zip(shares, weights, strict=True):
        exact_cents = Fraction(amount) * 100 * Fraction(weight) / total_weight
        assert int(exact_cents) <= share * 100 <= -(-exact_cents // 1)


def test_the_left_over_cent_goes_to_the_largest_remainder():
    # 10.00 in thirds: 3.333…, each floor is 3.33 and the one cent left goes to the first of equals.
    assert split(D("10.00"), [D(1), D(1), D(1)]) == [D("3.34"), D("3.33"), D("3.33")]
    # 1.00 as 2/7 and 5/7: exact 0.2857 and 0.7142; the first remainder is larger.
    assert split(D("1.00"), [D(2), D(5)]) == [D("0.29"), D("0.71")]


def test_a_zero_weight_gets_nothing():
    assert split(D("5.00"), [D(0), D(3)]) == [D("0.00"), D("5.00")]


def test_negative_amounts_or_weights_are_refused():
    with pytest.raises(ValueError):
        split(D("-1.00"), [D(1)])
    with pytest.raises(ValueError):
        split(D("1.00"), [D(-1), D(2)])
    with pytest.raises(ValueError):
        split(D("1.00"), [D(0)])


def test_the_tier_reached_is_the_highest_threshold_the_volume_passes():
    assert tier_for(PAPER_TIERS, D(9)) is None
    assert tier_for(PAPER_TIERS, D(10)).unit_price == D("4.20")
    assert tier_for(PAPER_TIERS, D(499)).unit_price == D("3.80")
    assert tier_for(PAPER_TIERS, D(500)).unit_price == D("3.45")


def test_a_member_refusing_the_reached_price_leaves_and_the_others_settle_again():
    # Together 520 reach 3.45; without the 300 of member 2 (max 3.40), 220 only reach 3.80, which member 3
    # (max 3.50) refuses too; 200 remain at 3.80.
    demands = [Demand(1, D(200)), Demand(2, D(300), D("3.40")), Demand(3, D(20), D("3.50"))]

    settlement = settle(PAPER_TIERS, demands)

    assert [d.key for d in settlement.participants] == [1]
    assert {d.key for d in settlement.declined} == {2, 3}
    assert settlement.tier.unit_price == D("3.80")


def test_the_order_shares_goods_and_delivery_and_measures_each_saving():
    demands = [Demand(1, D(400)), Demand(2, D(60)), Demand(3, D(40))]

    order = order_for(PAPER_TIERS, demands, delivery_fee=D("45.00"))

    assert order.tier.unit_price == D("3.45")
    assert order.goods_total == D("1725.00")
    assert [s.goods for s in order.shares] == [D("1380.00"), D("207.00"), D("138.00")]
    assert [s.delivery for s in order.shares] == [D("36.00"), D("5.40"), D("3.60")]
    assert sum(s.total for s in order.shares) == order.total == D("1770.00")
    # Alone, member 2 reaches only the first tier and pays the whole delivery: 60 at 4.20 plus 45.
    assert order.shares[1].solo_cost == D("297.00")
    assert order.shares[1].saving == D("297.00") - D("212.40")


def test_a_member_below_the_minimum_alone_is_flagged_and_priced_at_the_first_tier():
    order = order_for(PAPER_TIERS, [Demand(1, D(95)), Demand(2, D(5))])

    small = order.shares[1]
    assert small.solo_below_minimum is True
    assert small.solo_unit_price == D("4.20")


def test_no_order_when_the_volume_misses_the_first_tier():
    assert order_for(PAPER_TIERS, [Demand(1, D(4)), Demand(2, D(5))]) is None


tier_prices = st.lists(
    st.decimals(min_value="0.0001", max_value=1000, places=4, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=5,
)
demand_lists = st.lists(
    st.tuples(
        st.decimals(min_value="0.001", max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
        st.one_of(st.none(), st.decimals(min_value="0.0001", max_value=1000, places=4)),
    ),
    min_size=1,
    max_size=40,
)


@given(prices=tier_prices, rows=demand_lists, fee=amounts)
def test_an_order_always_splits_its_whole_total_between_willing_members(prices, rows, fee):
    tiers = [Tier(D(10) ** i, price) for i, price in enumerate(sorted(prices, reverse=True))]
    demands = [Demand(key, quantity, max_price) for key, (quantity, max_price) in enumerate(rows)]

    order = order_for(tiers, demands, fee)

    if order is None:
        return
    assert sum(share.total for share in order.shares) == order.total
    assert all(share.goods >= 0 and share.delivery >= 0 for share in order.shares)
    assert all(
        d.max_unit_price is None or d.max_unit_price >= order.tier.unit_price
        for d in demands
        if d.key in {s.key for s in order.shares}
    )
    # Alone, nobody pays less per unit than the group: the saving is never below the one cent of rounding.
    assert all(share.saving >= D("-0.01") for share in order.shares)
