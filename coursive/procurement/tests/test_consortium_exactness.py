"""The consortium solver's shortcuts (candidates left out, two stages, the cost floor) change no answer.

Every proposal is checked against an enumeration of all groupements: the n-th must be the best complete one
that leaves out a member of each earlier proposal (or answers other units), whatever was pruned to find it.
"""

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from coursive.procurement.consortium import (
    Candidate,
    Condition,
    Instance,
    Unit,
    build_proposal,
    greedy,
    solve,
)
from coursive.procurement.consortium.complete import point_costs
from coursive.procurement.consortium.kinds import MAX_BITS, cheapest, fewest_members
from coursive.procurement.tests.test_consortium_engine import instances


def _all_groupements(instance):
    """Every choice of members and of a lead (or none) per unit that the rules allow."""
    ids = [c.id for c in instance.candidates]
    for size in range(1, instance.max_size + 1):
        for members in itertools.combinations(ids, size):
            options = [[None, *[m for m in members if (u.id, m) in instance.ability]] for u in instance.units]
            for choice in itertools.product(*options):
                leads = {u.id: m for u, m in zip(instance.units, choice, strict=True) if m is not None}
                if len(leads) > instance.answerable:
                    continue
                if any(not any((u, m) in instance.ability for u in leads) for m in members):
                    continue
                yield build_proposal(instance, members, leads)


def _allowed_after(proposal, earlier) -> bool:
    """The no-good cuts: other units, or a member of each earlier proposal left out."""
    return all(
        set(proposal.leads) != set(q.leads) or not set(q.members) <= set(proposal.members) for q in earlier
    )


@settings(max_examples=60, deadline=None)
@given(st.one_of(instances(max_candidates=5, max_units=3), instances(max_candidates=8, max_units=2)))
def test_each_alternative_is_the_best_complete_groupement_the_earlier_ones_leave(instance):
    """With up to 8 candidates for groupements of 2 to 4, many are dominated and left out."""
    complete = [p for p in _all_groupements(instance) if p.complete]
    proposals = solve(instance, k=3)

    if not complete:
        assert not proposals or not proposals[0].complete
        return
    for n, proposal in enumerate(proposals):
        allowed = [p.objective for p in complete if _allowed_after(p, proposals[:n])]
        assert proposal.complete and _allowed_after(proposal, proposals[:n])
        assert abs(proposal.objective - max(allowed)) < 1e-6
    if len(proposals) < 3:
        assert not any(_allowed_after(p, proposals) for p in complete)


@settings(max_examples=60, deadline=None)
@given(instances(max_candidates=5, max_units=3))
def test_the_cover_bounds_never_exceed_a_real_complete_groupement(instance):
    complete = [p for p in _all_groupements(instance) if p.complete]
    if instance.answerable < len(instance.units) or not complete:
        return
    assert fewest_members(instance) <= min(len(p.members) for p in complete)
    costs = point_costs(instance)
    cost_of = dict(zip([c.id for c in instance.candidates], costs, strict=True))
    assert cheapest(instance, costs) <= min(sum(cost_of[m] for m in p.members) for p in complete)


def test_a_notice_with_more_distinct_lots_than_the_masks_hold_is_still_solved():
    """Beyond MAX_BITS distinct lots the bound comes from a small set cover and nobody is left out."""
    count = MAX_BITS + 2
    units = [Unit(f"lot{i}", f"Lot {i + 1}", True) for i in range(count)]
    candidates = [Candidate(i, f"Structure {i}", Decimal(200_000)) for i in range(count)]
    # Member i is able on lots i and i + 1: every lot has its own pair of able members.
    ability = {(f"lot{(i + d) % count}", i): 60 + d for i in range(count) for d in (0, 1)}
    instance = Instance(units, candidates, ability, max_size=10)

    [best, *others] = solve(instance, k=2)

    assert best.complete and len(best.members) == count // 2
    assert set(best.leads) == {unit.id for unit in units}
    assert others and others[0].complete and set(others[0].members) != set(best.members)


def test_the_greedy_groupement_keeps_no_member_able_on_none_of_its_lots():
    """Under a cap of one lot, a member able only on the lot left aside is not kept for its certification."""
    units = [Unit("a", "Lot 1", True), Unit("b", "Lot 2", True, None, Decimal(300_000))]
    candidates = [Candidate(0, "Certifiée"), Candidate(1, "Capable", Decimal(100_000))]
    ability = {("a", 1): 50, ("b", 0): 50, ("b", 1): 50}
    conditions = (Condition("certification:qualiopi", "Certification « Qualiopi »", frozenset({0})),)
    instance = Instance(units, candidates, ability, conditions, max_size=2, max_units=1)

    baseline = greedy(instance)

    assert all(any((unit, m) in ability for unit in baseline.leads) for m in baseline.members)
    assert baseline.objective <= solve(instance, k=1)[0].objective + 1e-6


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 6), st.integers(1, 3))
def test_many_equal_candidates_still_give_distinct_alternatives(copies, lots):
    """Identical candidates dominate one another in turn: enough of them stay for k alternatives."""
    units = [Unit(f"lot{i}", f"Lot {i + 1}", True) for i in range(lots)]
    candidates = [Candidate(i, f"Structure {i}", Decimal(100_000)) for i in range(copies)]
    ability = {(unit.id, c.id): 70 for unit in units for c in candidates}
    proposals = solve(Instance(units, candidates, ability, max_size=3), k=3)

    assert len(proposals) == min(3, copies)
    assert len({frozenset(p.members) for p in proposals}) == len(proposals)


def test_a_turnover_one_euro_short_of_a_large_minimum_is_not_met():
    units = [Unit("lot", "Lot 1", True, None, Decimal(2_000_000))]
    candidates = [Candidate(1, "A", Decimal(1_000_000)), Candidate(2, "B", Decimal(999_999))]
    ability = {("lot", 1): 70, ("lot", 2): 60}

    [best] = solve(Instance(units, candidates, ability), k=3)

    assert not best.complete and best.shortfall == Decimal(1)
