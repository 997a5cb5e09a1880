"""Invariant of the price split: the totals per member, per lot and overall always agree."""

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from coursive.responses.selectors import share_totals

shares = st.lists(
    st.builds(
        SimpleNamespace,
        participant_id=st.integers(1, 4),
        lot_id=st.one_of(st.none(), st.integers(1, 3)),
        amount=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)),
    ),
    max_size=30,
)


@given(shares)
def test_totals_per_member_and_per_lot_both_add_up_to_the_offer(items):
    totals = share_totals(items)

    expected = sum((item.amount or Decimal("0") for item in items), Decimal("0"))
    assert totals.total == expected
    assert sum(totals.by_participant.values(), Decimal("0")) == expected
    assert sum(totals.by_lot.values(), Decimal("0")) == expected
