"""The complete groupements, solved exactly in two stages with HiGHS (scipy.optimize.milp).

A complete groupement answers every unit (or the buyer's cap of them), holds every condition and meets the
turnover minimum of what it answers: above every incomplete one in the objective, so when one exists the best
proposal is the best complete one, and alternatives are only shown complete. These are then hard
constraints, and what is left of the objective is integral once counted in points of score (a member costs
`Weights.member / Weights.ability` points, the leads' scores are whole points), so HiGHS proves optimality
by bound without any gap tolerance.

1. The least cost (members, a partner cluster's counting twice): z[o] for the candidates, y[u] for the
   units (all fixed to 1 without a cap), no performers. A small set cover with a knapsack for the turnover.
2. The best scores at that cost: performers x[u,o] ≤ z[o] added, the cost fixed. Only the candidates that
   can be in a complete groupement of that cost take part (`kinds.usable`), and only those dominated by
   fewer than size + number of earlier proposals others (`reduction`), size the most members that cost pays for.

Splitting the stages changes nothing to the optimum (the cost level is above the scores) and lets the second
one leave out many more candidates. Each alternative adds a no-good cut per earlier proposal (`_cut`).
"""

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .kinds import usable
from .problem import Instance, Proposal
from .reduction import reduce
from .scoring import Weights, build_proposal, member_cost


class _Rows:
    """Constraint rows gathered as coordinates, turned into one sparse matrix at the end."""

    def __init__(self):
        self.rows, self.columns, self.values, self.low, self.high = [], [], [], [], []

    def add(self, columns, values, low: float, high: float) -> None:
        columns = list(columns)
        self.rows += [len(self.low)] * len(columns)
        self.columns += columns
        self.values += [float(values)] * len(columns) if np.isscalar(values) else list(map(float, values))
        self.low.append(low)
        self.high.append(high)

    def block(self, rows: np.ndarray, columns: np.ndarray, values: np.ndarray, low, high) -> None:
        """Many rows at once: `rows` numbers them from 0, `low` and `high` hold one bound per row."""
        self.rows += (rows + len(self.low)).tolist()
        self.columns += columns.tolist()
        self.values += values.astype(float).tolist()
        self.low += list(low)
        self.high += list(high)

    def constraint(self, size: int) -> LinearConstraint:
        shape = (len(self.low), size)
        matrix = coo_array((self.values, (self.rows, self.columns)), shape=shape).tocsr()
        return LinearConstraint(matrix, np.array(self.low, dtype=float), np.array(self.high, dtype=float))


def capped(instance: Instance) -> bool:
    return instance.answerable < len(instance.units)


def point_costs(instance: Instance) -> np.ndarray:
    """Each candidate's cost in points of score: whole numbers, so the objective is integral."""
    weights = Weights.of(instance)
    costs = member_cost(instance, weights)
    return np.array([round(costs[c.id] / weights.ability) for c in instance.candidates], dtype=float)


def best_complete(
    instance: Instance, counts: np.ndarray, earlier: list[Proposal], least: int | None, floor: float | None
) -> Proposal | None:
    """The best complete proposal meeting the cuts of the earlier ones, or None when there is none.

    `floor` is a lower bound of the cost of any complete groupement (`kinds.cheapest`), or None. Each
    proposal costs at least as much as the one before (one cut more), so that cost is a floor too. The
    cost nearly always equals the floor: the second stage is tried at the floor first, and when it finds a
    groupement, that cost is the least and the first stage is spared."""
    if earlier:
        floor = max(floor or 0.0, cost_of(instance, earlier[-1]))
    if floor is not None:
        proposal = _best_at(instance, counts, earlier, least, floor)
        if proposal is not None:
            return proposal
    cost = _least_cost(reduce(instance, counts, instance.max_size + len(earlier)), earlier, least)
    if cost is None or cost == floor:
        return None
    return _best_at(instance, counts, earlier, least, cost)


def cost_of(instance: Instance, proposal: Proposal) -> float:
    costs = dict(zip([c.id for c in instance.candidates], point_costs(instance), strict=True))
    return float(sum(costs[member] for member in proposal.members))


def _best_at(instance: Instance, counts, earlier, least, cost: float) -> Proposal | None:
    """The best scores of a complete groupement costing exactly `cost`."""
    size = min(instance.max_size, int(cost // point_costs(instance).min()))
    pool = reduce(instance, counts, size + len(earlier))
    if not capped(pool):
        pool = usable(pool, point_costs(pool), cost)
    return _best_scores(pool, earlier, least, cost, instance)


def _least_cost(pool: Instance, earlier: list[Proposal], least: int | None) -> float | None:
    units, size = len(pool.units), len(pool.units) + len(pool.candidates)
    rows = _common_rows(pool, earlier, least)
    z = _z_columns(pool)
    for position, unit in enumerate(pool.units):
        able = [z[o] for o in pool.able(unit.id)]
        rows.add([*able, position], [*[1.0] * len(able), -1.0], 0, np.inf)
    objective = np.zeros(size)
    objective[units:] = point_costs(pool)
    values = _run(pool, objective, rows, size)
    return None if values is None else float(round(objective @ values))


def _best_scores(pool: Instance, earlier, least, cost: float, instance: Instance) -> Proposal | None:
    units = {unit.id: position for position, unit in enumerate(pool.units)}
    z = _z_columns(pool)
    pairs = [(unit.id, o) for unit in pool.units for o in pool.able(unit.id)]
    start = len(units) + len(z)
    size = start + len(pairs)
    rows = _common_rows(pool, earlier, least)
    x = np.arange(start, size)
    performers = np.array([z[o] for _, o in pairs], dtype=int)
    ones = np.ones(len(pairs))
    # x[u,o] ≤ z[o], one row per pair.
    each = np.arange(len(pairs))
    rows.block(
        np.r_[each, each], np.r_[x, performers], np.r_[ones, -ones], [-np.inf] * len(pairs), [0] * len(pairs)
    )
    # Σo x[u,o] = y[u], one row per unit.
    unit_of = np.array([units[u] for u, _ in pairs], dtype=int)
    all_units = np.arange(len(units))
    rows.block(
        np.r_[unit_of, all_units],
        np.r_[x, all_units],
        np.r_[ones, -np.ones(len(units))],
        [0] * len(units),
        [0] * len(units),
    )
    rows.add(z.values(), point_costs(pool), cost, cost)
    objective = np.zeros(size)
    objective[start:] = [-pool.ability[pair] for pair in pairs]
    values = _run(pool, objective, rows, size)
    if values is None:
        return None
    members = [o for o, column in z.items() if values[column] > 0.5]
    leads = {u: o for column, (u, o) in enumerate(pairs, start) if values[column] > 0.5}
    return build_proposal(instance, members, leads)


def _z_columns(pool: Instance) -> dict:
    return {candidate.id: len(pool.units) + position for position, candidate in enumerate(pool.candidates)}


def _common_rows(pool: Instance, earlier: list[Proposal], least: int | None) -> _Rows:
    """Size, cap, who may join, conditions, turnover and the cuts: the same in both stages."""
    rows, z, units = _Rows(), _z_columns(pool), range(len(pool.units))
    rows.add(z.values(), 1.0, least if least and not capped(pool) else 0, pool.max_size)
    rows.add(units, 1.0, pool.answerable, pool.answerable)
    if capped(pool):
        # Nobody joins only to lend turnover: a member is able on some answered unit.
        for candidate in pool.candidates:
            able = [p for p, unit in enumerate(pool.units) if (unit.id, candidate.id) in pool.ability]
            rows.add([z[candidate.id], *able], [1.0, *[-1.0] * len(able)], -np.inf, 0)
    for condition in pool.conditions:
        rows.add([z[o] for o in z if o in condition.holders], 1.0, 1, np.inf)
    _turnover_rows(pool, rows, z)
    for proposal in earlier:
        _cut(pool, rows, z, proposal)
    return rows


def _turnover_rows(pool: Instance, rows: _Rows, z: dict) -> None:
    """Σ min(turnover, t)·z ≥ t for each minimum t of an answered unit; counting a turnover only up to t
    is the same constraint, with a tighter relaxation."""
    turnovers = np.array([float(c.turnover or 0) for c in pool.candidates])
    minimums = [(p, float(u.min_turnover)) for p, u in enumerate(pool.units) if u.min_turnover]
    if not capped(pool):  # every unit is answered: only the highest minimum counts
        minimums = [max(minimums, key=lambda item: item[1])] if minimums else []
    for position, minimum in minimums:
        shares = np.minimum(turnovers, minimum) / minimum
        rows.add([*z.values(), position], [*shares, -1.0], 0, np.inf)


def _cut(pool: Instance, rows: _Rows, z: dict, proposal: Proposal) -> None:
    """Σ(1 - z) over its members + Σ(1 - y) over its units + Σ y over the others ≥ 1. A member left out of
    the pool counts as left out (z = 0)."""
    answered = set(proposal.leads)
    members = [z[member] for member in proposal.members if member in z]
    signs = [-1.0 if unit.id in answered else 1.0 for unit in pool.units]
    columns = [*members, *range(len(pool.units))]
    rows.add(columns, [*[-1.0] * len(members), *signs], 1 - len(proposal.members) - len(answered), np.inf)


def _run(pool: Instance, objective: np.ndarray, rows: _Rows, size: int) -> np.ndarray | None:
    lower = np.zeros(size)
    if not capped(pool):
        lower[: len(pool.units)] = 1.0
    result = milp(
        objective,
        constraints=rows.constraint(size),
        integrality=np.ones(size),
        bounds=Bounds(lower, np.ones(size)),
        options={"mip_rel_gap": 0.0},
    )
    return result.x
