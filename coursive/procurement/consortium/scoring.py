"""The one objective every method is judged by, and the proposal a set of members and leads makes.

The objective is lexicographic, written as weighted sums whose weights keep each level above everything
below it: first what the groupement covers (each answered unit, each condition held), then whether the
turnover threshold of what it answers is met, then how close it comes to the threshold when it misses it, then how few members it needs
(a member of a partner cluster counting twice), then the match scores of the members leading the units.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .problem import CandidateId, Instance, Proposal

# How the mandataire is chosen: its share of the group's turnover, its references (five count in full) and
# its share of the units it performs. Capacity first: the mandataire answers for the group to the buyer.
MANDATAIRE_WEIGHTS = {"capacity": 0.4, "references": 0.3, "work": 0.3}
FULL_REFERENCES = 5


@dataclass(frozen=True)
class Weights:
    cover: float  # each answered unit, each condition held
    unmet: float  # the turnover threshold of the answered units missed
    shortfall: float  # the turnover missing, as a share of the highest threshold
    member: float  # each member; twice for a partner cluster's
    ability: float  # each point of a lead's score out of 100

    @classmethod
    def of(cls, instance: Instance) -> "Weights":
        count = len(instance.units)
        member = count + 1.0
        # Everything below the shortfall: the members' costs and the leads' scores.
        below = 2 * member * instance.max_size + count + 1
        shortfall = below
        unmet = shortfall + below
        return cls(unmet + shortfall + below, unmet, shortfall, member, 0.01)


def top_threshold(instance: Instance) -> Decimal | None:
    thresholds = [unit.min_turnover for unit in instance.units if unit.min_turnover]
    return max(thresholds) if thresholds else None


def member_cost(instance: Instance, weights: Weights) -> dict[CandidateId, float]:
    return {
        candidate.id: weights.member * (2 if candidate.partner else 1) for candidate in instance.candidates
    }


def build_proposal(instance: Instance, members: Iterable[CandidateId], leads: Mapping[str, CandidateId]):
    """The proposal these members make with these leads, with its objective and its mandataire."""
    chosen = set(members) | set(leads.values())
    by_id = {candidate.id: candidate for candidate in instance.candidates}
    order = [candidate.id for candidate in instance.candidates if candidate.id in chosen]
    units = [unit for unit in instance.units if unit.id in leads]
    leads = {unit.id: leads[unit.id] for unit in units}
    support = {
        unit.id: tuple(
            member for member in order if member != leads[unit.id] and (unit.id, member) in instance.ability
        )
        for unit in units
    }
    turnover = sum((by_id[member].turnover or Decimal(0) for member in order), Decimal(0))
    required = max((unit.min_turnover for unit in units if unit.min_turnover), default=None)
    unmet = tuple(condition.id for condition in instance.conditions if not condition.holders & chosen)
    met = required is None or turnover >= required
    complete = len(units) == instance.answerable and not unmet and met
    mandataire = _mandataire(instance, order, leads, turnover)
    members_first = tuple([mandataire] if mandataire is not None else []) + tuple(
        member for member in order if member != mandataire
    )
    value = _objective(instance, order, leads, len(instance.conditions) - len(unmet), turnover, required)
    return Proposal(members_first, mandataire, leads, support, unmet, turnover, required, complete, value)


def _objective(instance, members, leads, conditions_held, turnover, required) -> float:
    weights = Weights.of(instance)
    top = top_threshold(instance)
    missing = max(Decimal(0), (required or Decimal(0)) - turnover)
    covered = len(leads) + conditions_held
    costs = member_cost(instance, weights)
    return (
        weights.cover * covered
        - (weights.unmet if missing > 0 else 0.0)
        - weights.shortfall * (float(missing / top) if top else 0.0)
        - sum(costs[member] for member in members)
        + weights.ability * sum(instance.ability[unit, lead] for unit, lead in leads.items())
    )


def _mandataire(instance, members, leads, turnover) -> CandidateId | None:
    """The member best able to coordinate; ties go to the higher scores on the units led, then the order."""
    if not members:
        return None
    by_id = {candidate.id: candidate for candidate in instance.candidates}

    def standing(member):
        led = [unit for unit, lead in leads.items() if lead == member]
        return (
            round(coordination_score(by_id[member], turnover, len(led), len(leads)), 9),
            sum(instance.ability[unit, member] for unit in led),
        )

    return max(members, key=standing)


def coordination_score(candidate, group_turnover: Decimal, led: int, answered: int) -> float:
    capacity = float((candidate.turnover or 0) / group_turnover) if group_turnover else 0.0
    references = min(candidate.references, FULL_REFERENCES) / FULL_REFERENCES
    work = led / answered if answered else 0.0
    weights = MANDATAIRE_WEIGHTS
    return weights["capacity"] * capacity + weights["references"] * references + weights["work"] * work
