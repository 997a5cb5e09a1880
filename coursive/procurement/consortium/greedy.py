"""The baseline: a greedy set cover, judged by the same objective as the exact method.

It adds, one at a time, the candidate that brings the most for its cost: units it is able to perform that
no member covers yet, conditions nobody holds yet, and turnover still missing (as a share of the threshold),
until nothing is gained or the groupement is full. Each answered unit then goes to its best-scoring member.
"""

from decimal import Decimal

from .problem import Candidate, Instance, Proposal
from .scoring import build_proposal


def greedy(instance: Instance) -> Proposal:
    chosen: list[Candidate] = []
    while len(chosen) < instance.max_size:
        best, best_gain = None, 0.0
        for candidate in instance.candidates:
            if candidate in chosen:
                continue
            gain = _gain(instance, chosen, candidate) / (2 if candidate.partner else 1)
            if gain > best_gain + 1e-12:
                best, best_gain = candidate, gain
        if best is None:
            break
        chosen.append(best)
    leads = _leads(instance, chosen)
    # Under the buyer's cap a member may end up able on no answered unit: like the exact method, the
    # greedy groupement does not keep it only for its turnover or its certifications.
    members = [c.id for c in chosen if any((unit, c.id) in instance.ability for unit in leads)]
    return build_proposal(instance, members, leads)


def _covered(instance: Instance, members: list[Candidate]) -> set[str]:
    ids = {member.id for member in members}
    return {
        unit.id for unit in instance.units if any((unit.id, member) in instance.ability for member in ids)
    }


def _gain(instance: Instance, chosen: list[Candidate], candidate: Candidate) -> float:
    covered = _covered(instance, chosen)
    mine = {unit.id for unit in instance.units if (unit.id, candidate.id) in instance.ability}
    room = instance.answerable - len(covered)
    new_units = min(len(mine - covered), max(room, 0))
    if not mine or (not new_units and not mine & covered):
        return 0.0
    ids = {member.id for member in chosen}
    new_conditions = sum(1 for c in instance.conditions if candidate.id in c.holders and not c.holders & ids)
    return new_units + new_conditions + _turnover_gain(instance, chosen, candidate, covered | mine)


def _turnover_gain(instance: Instance, chosen, candidate, units: set[str]) -> float:
    needed = max((u.min_turnover for u in instance.units if u.id in units and u.min_turnover), default=None)
    if needed is None or not candidate.turnover:
        return 0.0
    have = sum((member.turnover or Decimal(0) for member in chosen), Decimal(0))
    missing = max(Decimal(0), needed - have)
    return float(min(candidate.turnover, missing) / needed)


def _leads(instance: Instance, chosen: list[Candidate]) -> dict:
    """Each unit to its best member; under a cap, the units with the best performers first."""
    best = {}
    for unit in instance.units:
        scores = [
            (instance.ability[unit.id, m.id], m.id) for m in chosen if (unit.id, m.id) in instance.ability
        ]
        if scores:
            best[unit.id] = max(scores, key=lambda item: item[0])
    kept = sorted(best, key=lambda unit_id: -best[unit_id][0])[: instance.answerable]
    return {unit_id: best[unit_id][1] for unit_id in best if unit_id in kept}
