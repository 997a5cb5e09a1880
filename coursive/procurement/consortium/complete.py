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
   fewer than s + t others (`reduction`: s the most members that cost pays for, t earlier proposals).

Splitting the stages changes nothing to the optimum (the cost level is above the scores) and lets the second
one leave out many more candidates. The least cost is nearly always a known floor (the cheapest cover of
the units and conditions, or the previous proposal's cost): stage 2 is tried at the floor first, and stage
1 is solved only when that finds nothing. Each alternative adds a no-good cut per earlier proposal (`_cut`).
"""

import warnings

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
    if cost is None or cost == floor:  # at the floor, stage 2 has just found nothing
        return None
    return _best_at(instance, counts, earlier, least, cost)


def cost_of(instance: Instance, proposal: Proposal) -> float:
    """What the proposal's members cost, in points of score."""
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
    z = _z_columns(pool)
    pairs = [(unit.id, o) for unit in pool.units for o in pool.able(unit.id)]
    start = len(pool.units) + len(z)
    rows = _common_rows(pool, earlier, least)
    _performer_rows(pool, rows, z, pairs, start)
    rows.add(z.values(), point_costs(pool), cost, cost)
    objective = np.zeros(start + len(pairs))
    objective[start:] = [-pool.ability[pair] for pair in pairs]
    values = _run(pool, objective, rows, len(objective))
    if values is None:
        return None
    members = [o for o, column in z.items() if values[column] > 0.5]
    leads = {u: o for column, (u, o) in enumerate(pairs, start) if values[column] > 0.5}
    return build_proposal(instance, members, leads)


def _performer_rows(pool: Instance, rows: _Rows, z: dict, pairs: list, start: int) -> None:
    """x[u,o] ≤ z[o] for each pair and Σo x[u,o] = y[u] for each unit, built as arrays: with hundreds of
    pairs, one Python call per row would cost more than some of the solves."""
    count, units = len(pairs), len(pool.units)
    x, each, ones = np.arange(start, start + count), np.arange(count), np.ones(count)
    performers = np.array([z[o] for _, o in pairs], dtype=int)
    rows.block(np.r_[each, each], np.r_[x, performers], np.r_[ones, -ones], [-np.inf] * count, [0] * count)
    positions = {unit.id: position for position, unit in enumerate(pool.units)}
    unit_of = np.array([positions[u] for u, _ in pairs], dtype=int)
    every = np.arange(units)
    rows.block(np.r_[unit_of, every], np.r_[x, every], np.r_[ones, -np.ones(units)], [0] * units, [0] * units)


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
    """Σ min(turnover, t)·z ≥ t·y for each minimum t of an answered unit; counting a turnover only up to t
    is the same constraint, with a tighter relaxation. In euros, not in shares of t: one euro short must
    stay far above HiGHS's feasibility tolerance (1e-6), whatever the amount."""
    turnovers = np.array([float(c.turnover or 0) for c in pool.candidates])
    minimums = [(p, float(u.min_turnover)) for p, u in enumerate(pool.units) if u.min_turnover]
    if not capped(pool):  # every unit is answered: only the highest minimum counts
        minimums = [max(minimums, key=lambda item: item[1])] if minimums else []
    for position, minimum in minimums:
        rows.add([*z.values(), position], [*np.minimum(turnovers, minimum), -minimum], 0, np.inf)


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
    result = run_milp(
        objective, rows.constraint(size), np.ones(size), Bounds(lower, np.ones(size)), mip_rel_gap=0.0
    )
    return result.x


def run_milp(objective, constraints, integrality, bounds, **options):
    """HiGHS without its feasibility-jump heuristic: a primal heuristic only (it changes how soon a good
    groupement is found, never which one is optimal), and on these models it costs more than it finds —
    about 40 % of the solving time on the benchmark. scipy passes HiGHS options it does not list with a
    warning, silenced here."""
    options = {"mip_heuristic_run_feasibility_jump": False, **options}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)
        return milp(
            objective, constraints=constraints, integrality=integrality, bounds=bounds, options=options
        )
