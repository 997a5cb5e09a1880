"""The exact method: a mixed-integer linear programme solved by HiGHS (scipy.optimize.milp).

Variables, all binary but one:
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
when m is 1. The objective is `scoring.Weights` over these variables, so the solver maximises exactly what
`scoring.build_proposal` computes.

Alternatives come from no-good cuts: each next solution must answer other units or leave out at least one
member of every earlier one, so that no alternative is an earlier one with members added.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .problem import Instance, Proposal
from .reduction import dominance, reduce
from .scoring import Weights, build_proposal, member_cost, top_threshold

TIME_LIMIT_SECONDS = 10.0


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

    The n-th proposal is solved among the candidates that fewer than n·max_size others dominate (see
    `reduction`), with the cuts of the earlier ones."""
    trimmed, counts = dominance(instance)
    proposals: list[Proposal] = []
    while len(proposals) < k:
        model = _model(reduce(trimmed, counts, len(proposals) + 1))
        for earlier in proposals:
            _cut(model, earlier)
        values = _run(model, _objective(model), _integrality(model), _bounds(model))
        if values is None:
            break
        proposal = _proposal(model, values)
        if proposals and not proposal.complete:
            break
        proposals.append(proposal)
        if not proposal.complete:
            break
    return proposals


def _model(instance: Instance) -> _Model:
    pairs = [(unit.id, o) for unit in instance.units for o in instance.able(unit.id)]
    able = {o for _, o in pairs}
    members = [candidate.id for candidate in instance.candidates if candidate.id in able]
    model = _Model(instance, list(instance.units), pairs, members, [])
    _cover_rows(model)
    _capacity_rows(model)
    _fewest_members_row(model)
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


def _fewest_members_row(model: _Model) -> None:
    """A valid inequality that spares the solver most of its search for the fewest members: a groupement
    answering every unit and holding every condition has at least as many members as the fewest candidates
    whose units and conditions cover them all, a small set cover over the distinct kinds of candidates,
    solved first. Written Σz ≥ L·(Σy + Σc - n + 1), n units and conditions in all: void for a partial cover.
    """
    instance = model.instance
    if instance.answerable < len(model.units) or not model.members:
        return
    elements = [unit.id for unit in model.units] + [condition.id for condition in instance.conditions]
    units_of: dict = {member: [] for member in model.members}
    for unit_id, member in model.pairs:
        units_of[member].append(unit_id)
    kinds = {
        frozenset(units_of[member] + [c.id for c in instance.conditions if member in c.holders])
        for member in model.members
    }
    kinds = list(kinds)
    matrix = np.array([[1.0 if element in kind else 0.0 for kind in kinds] for element in elements])
    cover = milp(
        np.ones(len(kinds)),
        constraints=LinearConstraint(matrix, 1, np.inf),
        integrality=np.ones(len(kinds)),
        bounds=Bounds(0, 1),
    )
    least = round(cover.fun) if cover.x is not None else 0
    if least > 1:
        row = {model.z[member]: 1.0 for member in model.members}
        row |= {model.y[unit.id]: -least for unit in model.units}
        row |= {model.c[condition.id]: -least for condition in instance.conditions}
        model.add(row, least * (1 - len(elements)), np.inf)


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
    options = {"time_limit": TIME_LIMIT_SECONDS, "mip_rel_gap": _gap(model)}
    result = milp(objective, constraints=constraints, integrality=integrality, bounds=bounds, options=options)
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


def _cut(model: _Model, proposal: Proposal) -> None:
    """Σ(1 - z) over its members + Σ(1 - y) over its units + Σ y over the others ≥ 1."""
    answered = set(proposal.leads)
    row = {model.z[member]: -1.0 for member in proposal.members}
    for unit in model.units:
        row[model.y[unit.id]] = -1.0 if unit.id in answered else 1.0
    model.add(row, 1 - len(proposal.members) - len(answered), np.inf)
