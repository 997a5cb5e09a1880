"""What callers give the consortium builder and get back: plain, frozen data."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

CandidateId = int | str


@dataclass(frozen=True, slots=True)
class Unit:
    """A part of the contract one member must be able to perform: a lot, or, for a notice without lots, one
    of its distinct CPV areas. `min_turnover` is the lawful minimum (already capped at twice the value);
    `asked_turnover` what the buyer asked when it was above that cap."""

    id: str
    label: str
    is_lot: bool = True
    value: Decimal | None = None
    min_turnover: Decimal | None = None
    asked_turnover: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """Something the group as a whole must show, held by any one of its members: a certification, or
    references of past contracts."""

    id: str
    label: str
    holders: frozenset = frozenset()


@dataclass(frozen=True, slots=True)
class Candidate:
    id: CandidateId
    name: str
    turnover: Decimal | None = None
    references: int = 0
    partner: str = ""  # the name of the partner cluster it belongs to; empty for the cluster's own members


@dataclass(frozen=True)
class Instance:
    """One notice against some candidates. `ability` gives, for each (unit id, candidate id) pair that is
    able, its points out of 100; a pair left out is not able. `why` may give a short reason per pair."""

    units: tuple[Unit, ...]
    candidates: tuple[Candidate, ...]
    ability: Mapping[tuple[str, CandidateId], int]
    conditions: tuple[Condition, ...] = ()
    max_size: int = 5
    max_units: int | None = None  # the buyer's cap on lots per bidder
    why: Mapping[tuple[str, CandidateId], str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "units", tuple(self.units))
        object.__setattr__(self, "candidates", tuple(self.candidates))
        object.__setattr__(self, "conditions", tuple(self.conditions))

    @property
    def answerable(self) -> int:
        """How many units one bid may answer: all of them, or the buyer's cap."""
        if self.max_units is None:
            return len(self.units)
        return min(self.max_units, len(self.units))

    def able(self, unit_id: str) -> list[CandidateId]:
        return [candidate.id for candidate in self.candidates if (unit_id, candidate.id) in self.ability]


@dataclass(frozen=True)
class Proposal:
    """One groupement: its members (the mandataire first), who leads each answered unit, which other
    members are able to work on it, and what it leaves unmet."""

    members: tuple[CandidateId, ...]
    mandataire: CandidateId | None
    leads: Mapping[str, CandidateId]  # unit id -> the member that performs it
    support: Mapping[str, tuple[CandidateId, ...]]  # unit id -> other members able on it
    unmet_conditions: tuple[str, ...]
    turnover: Decimal  # cumulated known turnover of the members
    required_turnover: Decimal | None  # the highest lawful minimum of the answered units
    complete: bool
    objective: float

    @property
    def answered(self) -> tuple[str, ...]:
        return tuple(self.leads)

    @property
    def shortfall(self) -> Decimal:
        if self.required_turnover is None:
            return Decimal(0)
        return max(Decimal(0), self.required_turnover - self.turnover)

    def units_of(self, member: CandidateId) -> list[str]:
        """The units the member leads or supports."""
        led = [unit for unit, lead in self.leads.items() if lead == member]
        return led + [unit for unit, others in self.support.items() if member in others]
