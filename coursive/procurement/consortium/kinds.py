"""What candidates cover, as bit masks over the units and conditions, and the set covers those masks allow.

Two exact facts the solver uses, both ignoring turnover (so both only relax the problem):
- `fewest_members`: a complete groupement has at least as many members as the fewest candidates whose units
  and conditions cover them all;
- `usable`: a candidate can be in a complete groupement costing `cost` only if its own cost plus the least
  cost of covering what it leaves uncovered with at most max_size - 1 others stays within `cost`.

Units or conditions held by exactly the same candidates are one bit: they are covered together. The covers
are found by dynamic programming over the masks (one round per member added), so beyond `MAX_BITS`
distinct items, the fewest members come from a small set cover solved by HiGHS instead, and no candidate
is left out.
"""

from dataclasses import replace

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from .problem import Instance

MAX_BITS = 12


def masks(instance: Instance) -> tuple[np.ndarray, int] | None:
    """Each candidate's mask, and the number of bits; None beyond MAX_BITS."""
    covers = {candidate.id: set() for candidate in instance.candidates}
    for unit_id, candidate in instance.ability:
        if candidate in covers:
            covers[candidate].add(unit_id)
    for condition in instance.conditions:
        for holder in condition.holders & covers.keys():
            covers[holder].add(condition.id)
    items = [unit.id for unit in instance.units] + [condition.id for condition in instance.conditions]
    holders = {item: frozenset(c for c, covered in covers.items() if item in covered) for item in items}
    bits = {signature: bit for bit, signature in enumerate(dict.fromkeys(holders.values()))}
    if len(bits) > MAX_BITS:
        return None
    rows = [sum(1 << bit for bit in {bits[holders[item]] for item in covered}) for covered in covers.values()]
    return np.array(rows, dtype=np.int64), len(bits)


def least_costs(kinds: np.ndarray, costs: np.ndarray, bits: int, rounds: int) -> np.ndarray:
    """For each mask m, the least cost of at most `rounds` candidates whose union contains m."""
    states = np.arange(1 << bits)
    distinct: dict[int, float] = {}
    for kind, cost in zip(kinds.tolist(), costs.tolist(), strict=True):
        distinct[kind] = min(distinct.get(kind, np.inf), cost)
    kinds = np.array(list(distinct), dtype=np.int64)
    costs = np.array(list(distinct.values()))
    least = np.full(1 << bits, np.inf)
    least[0] = 0.0
    for _ in range(rounds):
        step = least.copy()
        np.minimum.at(step, (states[:, None] | kinds[None, :]).ravel(), (least[:, None] + costs).ravel())
        least = step
    # From "exactly this union" to "a union containing this mask".
    for bit in range(bits):
        having = states[(states >> bit) & 1 == 1]
        least[having ^ (1 << bit)] = np.minimum(least[having ^ (1 << bit)], least[having])
    return least


def fewest_members(instance: Instance) -> int | None:
    """The fewest candidates (at most max_size) covering every unit and condition; None when there is no
    such cover."""
    if not instance.candidates:
        return None
    found = masks(instance)
    if found is None:
        return _set_cover(instance)
    kinds, bits = found
    least = least_costs(kinds, np.ones(len(kinds)), bits, instance.max_size)[(1 << bits) - 1]
    return None if np.isinf(least) else int(least)


def cheapest(instance: Instance, costs: np.ndarray) -> float | None:
    """The least cost of at most max_size candidates covering every unit and condition: a floor of what
    any complete groupement costs. None when unknown (too many items) or when there is no such cover."""
    found = masks(instance) if instance.candidates else None
    if found is None:
        return None
    kinds, bits = found
    least = least_costs(kinds, costs, bits, instance.max_size)[(1 << bits) - 1]
    return None if np.isinf(least) else float(least)


def usable(instance: Instance, costs: np.ndarray, cost: float) -> Instance:
    """The instance without the candidates no complete groupement costing at most `cost` can hold."""
    found = masks(instance)
    if found is None or not instance.candidates:
        return instance
    kinds, bits = found
    least = least_costs(kinds, costs, bits, instance.max_size - 1)
    rest = least[((1 << bits) - 1) & ~kinds]
    keep = costs + rest <= cost + 0.5  # integral costs: half a unit absorbs the floats' rounding
    kept = tuple(c for c, ok in zip(instance.candidates, keep, strict=True) if ok)
    ids = {candidate.id for candidate in kept}
    ability = {pair: points for pair, points in instance.ability.items() if pair[1] in ids}
    return replace(instance, candidates=kept, ability=ability)


def _set_cover(instance: Instance) -> int | None:
    """The same bound, over the distinct sets the candidates cover, when there are too many items for masks
    (without the max_size limit: still a lower bound)."""
    covers: dict = {candidate.id: set() for candidate in instance.candidates}
    for unit_id, candidate in instance.ability:
        covers.setdefault(candidate, set()).add(unit_id)
    for condition in instance.conditions:
        for holder in condition.holders & covers.keys():
            covers[holder].add(condition.id)
    sets = list({frozenset(covered) for covered in covers.values()})
    items = [unit.id for unit in instance.units] + [condition.id for condition in instance.conditions]
    matrix = np.array([[1.0 if item in kind else 0.0 for kind in sets] for item in items])
    ones = np.ones(len(sets))
    cover = milp(ones, constraints=LinearConstraint(matrix, 1, np.inf), integrality=ones, bounds=Bounds(0, 1))
    return None if cover.x is None else round(cover.fun)
