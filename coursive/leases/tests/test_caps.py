"""The table of legal caps on index revisions, and the capped revision, with no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.core.money import to_cents
from coursive.leases.caps import RULES, Step, Territory, cap_rule, capped_revision, yearly_quarters
from coursive.leases.rent import revised_rent

rents = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("100000.00"), places=2)
indices = st.decimals(min_value=Decimal("50.00"), max_value=Decimal("300.00"), places=2)
variations = st.decimals(min_value=Decimal("-20.00"), max_value=Decimal("30.00"), places=2)


@pytest.mark.parametrize(
    ("kind", "quarter", "territory", "percent"),
    [
        ("IRL", (2022, 3), Territory.MAINLAND, Decimal("3.5")),
        ("IRL", (2024, 1), Territory.MAINLAND, Decimal("3.5")),
        ("IRL", (2023, 2), Territory.OVERSEAS, Decimal("2.5")),
        ("IRL", (2023, 4), Territory.CORSICA, Decimal("2.0")),
        ("IRL", (2022, 2), Territory.MAINLAND, None),
        ("IRL", (2024, 2), Territory.MAINLAND, None),
        ("ILC", (2022, 2), Territory.MAINLAND, Decimal("3.5")),
        ("ILC", (2024, 1), Territory.OVERSEAS, Decimal("3.5")),
        ("ILC", (2022, 1), Territory.MAINLAND, None),
        ("ILC", (2024, 2), Territory.CORSICA, None),
        ("ILAT", (2023, 1), Territory.MAINLAND, None),
    ],
)
def test_the_table_says_which_quarters_and_territories_are_capped(kind, quarter, territory, percent):
    rule = cap_rule(index_kind=kind, quarter=quarter, territory=territory)

    assert (rule.percent if rule else None) == percent


def test_only_the_ilc_cap_is_kept_for_smes():
    assert {rule.index_kind for rule in RULES if rule.smes_only} == {"ILC"}
    assert all("2022-1158" in rule.source and "2023-568" in rule.source for rule in RULES)


def test_a_variation_above_the_cap_counts_for_the_cap_only():
    rule = cap_rule(index_kind="ILC", quarter=(2022, 4), territory=Territory.MAINLAND)

    revision = capped_revision(
        rent=Decimal("1000.00"), steps=[Step(Decimal("100.00"), Decimal("106.29"), rule)]
    )

    assert revision.new_rent == Decimal("1035.00")
    assert revision.uncapped_rent == Decimal("1062.90")
    assert revision.applied == (rule,)


def test_over_two_years_each_year_is_capped_on_its_own():
    capped_year = cap_rule(index_kind="ILC", quarter=(2023, 4), territory=Territory.MAINLAND)
    steps = [
        Step(Decimal("100.00"), Decimal("106.00"), capped_year),
        Step(Decimal("106.00"), Decimal("108.12"), None),
    ]

    revision = capped_revision(rent=Decimal("1000.00"), steps=steps)

    assert revision.new_rent == Decimal("1055.70")  # 1000 * 1.035 * 108.12 / 106
    assert revision.uncapped_rent == Decimal("1081.20")


def test_yearly_quarters_need_whole_years():
    assert yearly_quarters((2022, 2), (2024, 2)) == [(2023, 2), (2024, 2)]
    assert yearly_quarters((2022, 4), (2023, 4)) == [(2023, 4)]
    assert yearly_quarters((2022, 2), (2023, 1)) is None
    assert yearly_quarters((2023, 2), (2023, 2)) is None


@given(rent=rents, reference=indices, variation=variations, rule=st.sampled_from(RULES))
def test_a_capped_revision_never_exceeds_the_cap(rent, reference, variation, rule):
    new = to_cents(reference * (1 + variation / 100))

    revision = capped_revision(rent=rent, steps=[Step(reference, new, rule)])

    assert revision.new_rent <= to_cents(rent * (1 + rule.percent / 100))
    assert revision.new_rent <= revision.uncapped_rent
    assert revision.uncapped_rent == revised_rent(rent=rent, reference_index=reference, new_index=new)
    assert revision.capped == (new / reference > 1 + rule.percent / 100)


@given(rent=rents, reference=indices, variation=variations)
def test_an_uncapped_revision_equals_the_index_ratio(rent, reference, variation):
    new = to_cents(reference * (1 + variation / 100))

    revision = capped_revision(rent=rent, steps=[Step(reference, new, None)])

    assert revision.new_rent == revision.uncapped_rent
    assert revision.new_rent == revised_rent(rent=rent, reference_index=reference, new_index=new)
    assert not revision.capped


@given(rent=rents, reference=indices, variation=st.decimals(min_value=-20, max_value=3, places=2))
def test_a_variation_within_the_cap_is_the_index_ratio(rent, reference, variation):
    rule = cap_rule(index_kind="IRL", quarter=(2023, 1), territory=Territory.MAINLAND)
    new = to_cents(reference * (1 + variation / 100))

    revision = capped_revision(rent=rent, steps=[Step(reference, new, rule)])

    assert revision.new_rent == revised_rent(rent=rent, reference_index=reference, new_index=new)
    assert not revision.capped
