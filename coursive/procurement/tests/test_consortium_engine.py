"""The consortium builder's pure engine: what it proposes holds, and nothing beats it on small instances."""

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
    explain,
    greedy,
    lawful_minimum,
    lot_turnover_minimums,
    missing,
    solve,
)


@st.composite
def instances(draw, max_candidates=5, max_units=3):
    unit_count = draw(st.integers(1, max_units))
    units = [
        Unit(
            f"u{i}",
            f"Lot {i + 1}",
            True,
            None,
            draw(st.one_of(st.none(), st.integers(300, 1500).map(lambda k: Decimal(k * 1000)))),
        )
        for i in range(unit_count)
    ]
    count = draw(st.integers(1, max_candidates))
    candidates = [
        Candidate(
            i,
            f"Structure {i}",
            draw(st.one_of(st.none(), st.integers(100, 600).map(lambda k: Decimal(k * 1000)))),
            draw(st.integers(0, 3)),
            draw(st.sampled_from(["", "", "Pôle partenaire"])),
        )
        for i in range(count)
    ]
    ability = {}
    for unit in units:
        for candidate in candidates:
            if draw(st.booleans()):
                ability[unit.id, candidate.id] = draw(st.integers(50, 100))
    holders = frozenset(c.id for c in candidates if draw(st.booleans()))
    conditions = (
        (Condition("certification:qualiopi", "Certification « Qualiopi »", holders),)
        if draw(st.booleans())
        else ()
    )
    return Instance(
        units,
        candidates,
        ability,
        conditions,
        max_size=draw(st.integers(2, 4)),
        max_units=draw(st.one_of(st.none(), st.integers(1, unit_count))),
    )


def _valid(instance, proposal):
    members = set(proposal.members)
    assert len(members) == len(proposal.members) <= instance.max_size
    assert len(proposal.leads) <= instance.answerable
    for unit_id, lead in proposal.leads.items():
        assert lead in members and (unit_id, lead) in instance.ability
    for member in members:
        assert any((unit_id, member) in instance.ability for unit_id in proposal.leads)
    turnovers = {c.id: c.turnover or Decimal(0) for c in instance.candidates}
    assert proposal.turnover == sum((turnovers[m] for m in members), Decimal(0))
    for condition in instance.conditions:
        assert (condition.id in proposal.unmet_conditions) == (not condition.holders & members)
    if proposal.complete:
        assert proposal.shortfall == 0 and not proposal.unmet_conditions
        assert len(proposal.leads) == instance.answerable


def _brute_force_best(instance) -> float:
    """Every member set, every choice of lead (or none) per unit."""
    ids = [c.id for c in instance.candidates]
    best = float("-inf")
    for size in range(instance.max_size + 1):
        for members in itertools.combinations(ids, size):
            options = [[None, *[m for m in members if (u.id, m) in instance.ability]] for u in instance.units]
            for choice in itertools.product(*options):
                leads = {u.id: m for u, m in zip(instance.units, choice, strict=True) if m is not None}
                if len(leads) > instance.answerable:
                    continue
                if any(not any((u, m) in instance.ability for u in leads) for m in members):
                    continue
                best = max(best, build_proposal(instance, members, leads).objective)
    return best


@settings(max_examples=60, deadline=None)
@given(instances())
def test_every_proposal_covers_what_it_claims_and_capacities_add_up(instance):
    for proposal in solve(instance, k=3):
        _valid(instance, proposal)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_alternatives_are_distinct_and_none_is_an_earlier_one_with_members_added(instance):
    proposals = solve(instance, k=3)
    for earlier, later in itertools.combinations(proposals, 2):
        same_units = set(earlier.leads) == set(later.leads)
        assert not (same_units and set(earlier.members) <= set(later.members))
    assert all(p.complete for p in proposals[1:])


@settings(max_examples=40, deadline=None)
@given(instances(max_candidates=4, max_units=3))
def test_no_brute_force_solution_beats_the_best_proposal(instance):
    best = solve(instance, k=1)[0]
    assert best.objective >= _brute_force_best(instance) - 1e-6


@settings(max_examples=40, deadline=None)
@given(instances())
def test_the_greedy_baseline_is_valid_and_never_better_than_the_exact_method(instance):
    baseline = greedy(instance)
    assert baseline.objective <= solve(instance, k=1)[0].objective + 1e-6
    assert len(baseline.members) <= instance.max_size


def test_cumulated_turnovers_meet_a_threshold_no_member_meets_alone():
    units = [Unit("lot2", "Lot 2 — Salons", True, Decimal(6_333_333), Decimal(2_375_000))]
    candidates = [
        Candidate(1, "Lumen et Décibel", Decimal(735_000), 3),
        Candidate(2, "Manufacture du Furan", Decimal(690_000), 2),
        Candidate(3, "Ateliers du Gier", Decimal(820_000)),
        Candidate(4, "Tréteaux et Compagnie", Decimal(430_000), 1),
        Candidate(5, "Compagnie sans lien", Decimal(5_000_000)),
    ]
    ability = {("lot2", 1): 62, ("lot2", 2): 65, ("lot2", 3): 50, ("lot2", 4): 71}
    instance = Instance(units, candidates, ability)

    best = solve(instance, k=2)[0]

    assert best.complete and set(best.members) == {1, 2, 3, 4}
    assert best.turnover == Decimal(2_675_000)
    assert best.leads == {"lot2": 4}
    assert best.mandataire == 4  # it performs the whole lot: the largest share of the work
    lines = explain(instance, best)
    assert any("2\u202f375\u202f000\u00a0€" in line and "R2142-25" in line for line in lines)


def test_a_partial_cover_says_exactly_what_is_missing():
    units = [Unit("a", "Lot 1", True, None, Decimal(500_000)), Unit("b", "Lot 2", True)]
    candidates = [Candidate(1, "Lumen et Décibel", Decimal(300_000))]
    conditions = (Condition("certification:iso 9001", "Certification « ISO 9001 »", frozenset()),)
    instance = Instance(units, candidates, {("a", 1): 60}, conditions)

    [best] = solve(instance, k=3)

    assert not best.complete and best.leads == {"a": 1}
    assert missing(instance, best) == [
        "Lot 2 : aucun membre n'y atteint le score de capacité retenu",
        "Chiffre d'affaires cumulé : 300\u202f000\u00a0€ sur 500\u202f000\u00a0€ exigés, il manque 200\u202f000\u00a0€",
        "Certification « ISO 9001 » : aucun membre du groupement ne la détient",
    ]


def test_the_buyers_cap_on_lots_limits_what_one_groupement_answers():
    units = [Unit("a", "Lot 1", True), Unit("b", "Lot 2", True)]
    candidates = [Candidate(1, "A"), Candidate(2, "B")]
    ability = {("a", 1): 80, ("b", 2): 70, ("b", 1): 55}
    proposals = solve(Instance(units, candidates, ability, max_units=1), k=3)

    assert [dict(p.leads) for p in proposals] == [{"a": 1}, {"b": 2}, {"b": 1}]


def test_turnover_minimums_are_read_lot_by_lot_and_capped_at_twice_the_value():
    text = (
        "Pour le lot no 1 : les candidats doivent justifier dun chiffre daffaires global annuel supérieur à "
        "406 250 euros HT.Pour le lot no 2 : les candidats doivent justifier dun chiffre daffaires global "
        "annuel supérieur à 2 375 000 euros HT."
    )
    assert lot_turnover_minimums(text) == {"1": Decimal(406_250), "2": Decimal(2_375_000)}
    assert lot_turnover_minimums("Aucune exigence particulière.") == {}
    assert lawful_minimum(Decimal(500_000), Decimal(100_000)) == (Decimal(200_000), Decimal(500_000))
    assert lawful_minimum(Decimal(150_000), Decimal(100_000)) == (Decimal(150_000), None)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(100, 900), min_size=2, max_size=5),
    st.integers(1, 5),
    st.integers(1, 999),
)
def test_a_threshold_just_within_reach_of_the_able_members_is_met(turnovers, needed, slack):
    """However small what one member fewer would miss, the groupement takes the member that meets it."""
    needed = min(needed, len(turnovers))
    top = sorted(turnovers, reverse=True)[:needed]
    threshold = Decimal(sum(top) * 1000 - slack)
    candidates = [Candidate(i, f"S{i}", Decimal(t * 1000)) for i, t in enumerate(turnovers)]
    ability = {("lot", i): 60 for i in range(len(turnovers))}
    instance = Instance([Unit("lot", "Lot 1", True, None, threshold)], candidates, ability, max_size=5)

    best = solve(instance, k=1)[0]

    assert best.complete and best.turnover >= threshold
