"""The responsible-purchasing score of an offer, with no database: each criterion is met (1), not met (0) or,
for recycled content, met in part (its percentage); the score is the weighted mean on a 0-100 scale, with
the weights the campaign publishes, so every member can redo the sum."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Weights:
    local: int
    ess: int
    label: int
    recycled: int

    @property
    def total(self) -> int:
        return self.local + self.ess + self.label + self.recycled


@dataclass(frozen=True, slots=True)
class OfferFacts:
    departement: str
    is_ess: bool
    labels: tuple[str, ...]
    recycled_percent: int


@dataclass(frozen=True, slots=True)
class Score:
    is_local: bool
    is_ess: bool
    is_labelled: bool
    recycled_percent: int
    points_local: Decimal
    points_ess: Decimal
    points_label: Decimal
    points_recycled: Decimal

    @property
    def total(self) -> Decimal:
        return self.points_local + self.points_ess + self.points_label + self.points_recycled


def _points(weight: int, met: Decimal, weights: Weights) -> Decimal:
    if weights.total == 0:
        return Decimal(0)
    return (HUNDRED * weight * met / weights.total).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def score(facts: OfferFacts, weights: Weights, local_area: frozenset[str]) -> Score:
    is_local = facts.departement in local_area
    is_labelled = bool(facts.labels)
    return Score(
        is_local=is_local,
        is_ess=facts.is_ess,
        is_labelled=is_labelled,
        recycled_percent=facts.recycled_percent,
        points_local=_points(weights.local, Decimal(is_local), weights),
        points_ess=_points(weights.ess, Decimal(facts.is_ess), weights),
        points_label=_points(weights.label, Decimal(is_labelled), weights),
        points_recycled=_points(weights.recycled, Decimal(facts.recycled_percent) / HUNDRED, weights),
    )
