"""Leaving out candidates that cannot be in any proposal the solver would return.

Candidate i dominates candidate j when it is able on every unit j is able on with at least j's score,
has at least j's turnover (counted up to the highest minimum: beyond it, more changes nothing), holds every
condition j holds and costs no more (is not from a partner cluster when j is not); equal candidates are
ordered by their position. A groupement holding j but not one of its dominators i is no worse with i in j's
place. A proposal P of at most s members must leave out a member of each of the t earlier ones Q
(`complete._cut`): putting i in j's place breaks Q's cut only when i is the one member of Q that P leaves
out, so at most s - 1 + t candidates cannot take j's place (P's other members, one per earlier proposal),
and a candidate with s + t dominators always has one free to take it: leaving it out changes the
proposal's objective in nothing. Dominance is transitive, so enough of its dominators stay
(the first ones in any order extending it have fewer dominators than it).
"""

from dataclasses import replace

import numpy as np

from .problem import Instance
from .scoring import top_threshold

_CHUNK = 128


def features(instance: Instance) -> np.ndarray:
    """One row per candidate: its score on each unit (-1 when not able), its turnover up to the highest
    minimum, each condition held, and minus its partner flag; i dominates j when i's row is at least j's
    everywhere."""
    units = [unit.id for unit in instance.units]
    cap = float(top_threshold(instance) or 0)
    rows = []
    for candidate in instance.candidates:
        scores = [instance.ability.get((unit, candidate.id), -1) for unit in units]
        held = [1.0 if candidate.id in condition.holders else 0.0 for condition in instance.conditions]
        turnover = min(float(candidate.turnover or 0), cap)
        rows.append([*scores, turnover, *held, -1.0 if candidate.partner else 0.0])
    return np.array(rows, dtype=float).reshape(
        len(instance.candidates), len(units) + len(instance.conditions) + 2
    )


def dominator_counts(matrix: np.ndarray) -> np.ndarray:
    count = len(matrix)
    positions = np.arange(count)
    counts = np.zeros(count, dtype=int)
    for start in range(0, count, _CHUNK):
        block = matrix[start : start + _CHUNK]
        at_least = (matrix[:, None, :] >= block[None, :, :]).all(axis=2)
        better = (matrix[:, None, :] > block[None, :, :]).any(axis=2)
        earlier = positions[:, None] < positions[None, start : start + _CHUNK]
        counts[start : start + _CHUNK] = (at_least & (better | earlier)).sum(axis=0)
    return counts


def dominance(instance: Instance) -> tuple[Instance, np.ndarray]:
    """The instance without the candidates able on nothing (they can join no groupement), and how many
    candidates dominate each remaining one."""
    able = {candidate for _, candidate in instance.ability}
    candidates = tuple(c for c in instance.candidates if c.id in able)
    trimmed = replace(instance, candidates=candidates)
    counts = dominator_counts(features(trimmed)) if candidates else np.zeros(0, dtype=int)
    return trimmed, counts


def reduce(instance: Instance, counts: np.ndarray, limit: int) -> Instance:
    """The instance without the candidates dominated by `limit` others or more (s + t above)."""
    kept = tuple(c for c, count in zip(instance.candidates, counts, strict=True) if count < limit)
    ids = {candidate.id for candidate in kept}
    ability = {pair: points for pair, points in instance.ability.items() if pair[1] in ids}
    return replace(instance, candidates=kept, ability=ability)
