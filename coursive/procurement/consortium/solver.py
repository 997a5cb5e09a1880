"""The exact method: mixed-integer linear programmes solved by HiGHS (scipy.optimize.milp).

`solve` asks `complete` for the best complete groupement, then for each alternative. Only when no
complete groupement exists does it solve the whole lexicographic model below, once, for the best partial
cover. Its variables, all binary but one:
- y[u]: the unit (lot or area) is answered;
- x[u, o]: member o performs unit u, for the able pairs only;
- z[o]: candidate o is in the groupement;
- c[k]: condition k (a certification, references) is held by a member;
- m: the turnover threshold of the answered units is met;
- r: the turnover still missing, as a share of the highest threshold (continuous, from 0 to 1).

Constraints: each answered unit has exactly one performer (Σo x[u,o] = y[u]); a performer is a member
(x[u,o] ≤ z[o]); a member is able on some answered unit (z[o] ≤ Σu able y[u]), so nobody joins only to lend
turnover; at most `max_size` members; at most the buyer's cap of answered lots; a condition is held only
through a member holding it; the members' turnovers plus r reach each answered unit's threshold, and r is 0
when m is 1; and a valid inequality bounding the members from below (`_fewest_members_row`). Candidates
no proposal needs are left out first (`reduction`). The objective is `scoring.Weights` over these
variables, so the solver maximises exactly what `scoring.build_proposal` computes.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint
from scipy.sparse import coo_array

from .complete import best_complete, capped, point_costs, run_milp
from .kinds import cheapest, fewest_members
from .problem import Instance, Proposal
from .reduction import dominance, reduce
from .scoring import Weights, build_proposal, member_cost, top_threshold


@dataclass
class _Model:
    """Column positions of the variables and the rows built so far."""

    instance: Instance
    units: list
    pairs: list[tuple[str, object]]
    members: list
    rows: list[tuple[dict[int, float], float, float]]

    def __post_init__(self):
        self.y = {unit.id: position for position, unit in enumerate(self.units)}
        start = len(self.units)
        self.x = {pair: start + position for position, pair in enumerate(self.pairs)}
        start += len(self.pairs)
        self.z = {member: start + position for position, member in enumerate(self.members)}
        start += len(self.members)
        self.c = {condition.id: start + k for k, condition in enumerate(self.instance.conditions)}
        start += len(self.instance.conditions)
        self.m, self.r = start, start + 1
        self.size = start + 2

    def add(self, coefficients: dict[int, float], low: float, high: float) -> None:
        self.rows.append((coefficients, low, high))


def solve(instance: Instance, k: int = 3) -> list[Proposal]:
    """The best proposal and, when it is complete, up to k - 1 distinct complete alternatives.

    Complete proposals come from `complete` (two exact stages on the candidates that can matter); only
    when no complete groupement exists is the whole lexicographic model below solved, once, for the best
    partial cover."""
    trimmed, counts = dominance(instance)
    least = fewest_members(trimmed)
    floor = None if capped(trimmed) else cheapest(trimmed, point_costs(trimmed))
    proposals: list[Proposal] = []
    while trimmed.units and trimmed.candidates and len(proposals) < k:
        proposal = best_complete(trimmed, counts, proposals, least, floor)
        if proposal is None:
            break
        proposals.append(proposal)
    if proposals:
        return proposals
    model = _model(reduce(trimmed, counts, instance.max_size), least)
    values = _run(model, _objective(model), _integrality(model), _bounds(model))
    return [] if values is None else [_proposal(model, values)]


def _model(instance: Instance, least: int | None) -> _Model:
    pairs = [(unit.id, o) for unit in instance.units for o in instance.able(unit.id)]
    able = {o for _, o in pairs}
    members = [candidate.id for candidate in instance.candidates if candidate.id in able]
    model = _Model(instance, list(instance.units), pairs, members, [])
    _cover_rows(model)
    _capacity_rows(model)
    _fewest_members_row(model, least)
    return model


def _cover_rows(model: _Model) -> None:
    instance = model.instance
    performers: dict[str, dict[int, float]] = {unit.id: {} for unit in model.units}
    able_on: dict[object, dict[int, float]] = {member: {} for member in model.members}
    for (unit_id, member), column in model.x.items():
        performers[unit_id][column] = 1.0
        able_on[member][model.y[unit_id]] = -1.0
        model.add({column: 1.0, model.z[member]: -1.0}, -np.inf, 0)
    for unit in model.units:
        model.add(performers[unit.id] | {model.y[unit.id]: -1.0}, 0, 0)
    for member in model.members:
        model.add(able_on[member] | {model.z[member]: 1.0}, -np.inf, 0)
    model.add({model.z[member]: 1.0 for member in model.members}, 0, instance.max_size)
    if instance.max_units is not None:
        model.add({model.y[unit.id]: 1.0 for unit in model.units}, 0, instance.max_units)
    for condition in instance.conditions:
        row = {model.z[member]: -1.0 for member in model.members if member in condition.holders}
        model.add(row | {model.c[condition.id]: 1.0}, -np.inf, 0)


def _capacity_rows(model: _Model) -> None:
    top = top_threshold(model.instance)
    turnover = {candidate.id: candidate.turnover for candidate in model.instance.candidates}
    for unit in model.units:
        if top and unit.min_turnover:
            row = {model.z[member]: float((turnover[member] or 0) / top) for member in model.members}
            row[model.y[unit.id]] = -float(unit.min_turnover / top)
            model.add(row | {model.r: 1.0}, 0, np.inf)
    model.add({model.r: 1.0, model.m: 1.0}, -np.inf, 1)


def _fewest_members_row(model: _Model, least: int | None) -> None:
    """A valid inequality that spares the solver much of its search for the fewest members: a groupement
    answering every unit and holding every condition has at least `least` members (`kinds`). Written
    Σz ≥ L·(Σy + Σc - n + 1), n units and conditions in all: void for a partial cover."""
    instance = model.instance
    if instance.answerable < len(model.units) or not model.members or not least or least < 2:
        return
    row = {model.z[member]: 1.0 for member in model.members}
    row |= {model.y[unit.id]: -least for unit in model.units}
    row |= {model.c[condition.id]: -least for condition in instance.conditions}
    count = len(model.units) + len(instance.conditions)
    model.add(row, least * (1 - count), np.inf)


def _objective(model: _Model) -> np.ndarray:
    """Coefficients to minimise: the opposite of `scoring`'s objective."""
    instance, weights = model.instance, Weights.of(model.instance)
    costs = member_cost(instance, weights)
    vector = np.zeros(model.size)
    for column in [*model.y.values(), *model.c.values()]:
        vector[column] = -weights.cover
    # Written as a reward for meeting the threshold: the same order as a penalty for missing it.
    vector[model.m] = -weights.unmet
    for pair, column in model.x.items():
        vector[column] = -weights.ability * instance.ability[pair]
    for member, column in model.z.items():
        vector[column] = costs[member]
    vector[model.r] = weights.shortfall if top_threshold(instance) else 0.0
    return vector


def _integrality(model: _Model) -> np.ndarray:
    integrality = np.ones(model.size)
    integrality[model.r] = 0
    return integrality


def _bounds(model: _Model) -> Bounds:
    return Bounds(np.zeros(model.size), np.ones(model.size))


def _run(model: _Model, objective, integrality, bounds) -> np.ndarray | None:
    rows, columns, data = [], [], []
    for index, (coefficients, _, _) in enumerate(model.rows):
        rows += [index] * len(coefficients)
        columns += list(coefficients)
        data += list(coefficients.values())
    matrix = coo_array((data, (rows, columns)), shape=(len(model.rows), model.size)).tocsr()
    lows = np.array([low for _, low, _ in model.rows], dtype=float)
    highs = np.array([high for _, _, high in model.rows], dtype=float)
    constraints = LinearConstraint(matrix, lows, highs)
    result = run_milp(objective, constraints, integrality, bounds, mip_rel_gap=_gap(model))
    return None if result.x is None else result.x


def _gap(model: _Model) -> float:
    """A relative gap worth less than one point of a lead's score, the objective's smallest step: HiGHS's
    default (1e-4 of an objective in the thousands) would stop before the scores are optimal."""
    weights = Weights.of(model.instance)
    largest = weights.cover * (len(model.units) + len(model.instance.conditions)) + weights.unmet
    return weights.ability / 2 / largest


def _proposal(model: _Model, values: np.ndarray) -> Proposal:
    leads = {unit_id: member for (unit_id, member), column in model.x.items() if values[column] > 0.5}
    members = [member for member, column in model.z.items() if values[column] > 0.5]
    return build_proposal(model.instance, members, leads)
