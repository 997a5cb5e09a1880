"""What callers give the engine and get back: plain, hashable profiles and scored matches."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from coursive.procurement import cpv
from coursive.procurement.records import Reservation


@dataclass(frozen=True, slots=True)
class NoticeProfile:
    """A notice, or one lot of it, as the engine sees it. Lists given by callers are stored as tuples."""

    id: str
    title: str
    description: str = ""
    cpv_codes: Sequence[str] = ()  # main code first
    lot_id: str | None = None
    departements: Sequence[str] = ()  # places of performance, INSEE codes
    estimated_value: Decimal | None = None
    min_turnover: Decimal | None = None
    reservations: Iterable[str] = frozenset()  # "ess", "insertion", "disability"
    deadline: datetime | None = None  # timezone-aware

    def __post_init__(self):
        # Hashable fields let a notice key the engine's cache of prepared notices.
        object.__setattr__(self, "cpv_codes", tuple(cpv.normalise(code) for code in self.cpv_codes))
        object.__setattr__(self, "departements", tuple(self.departements))
        object.__setattr__(self, "reservations", frozenset(Reservation(item) for item in self.reservations))


@dataclass(frozen=True, slots=True)
class OrganisationProfile:
    """A member's capability profile. An empty intervention zone means « anywhere in France ».

    `headcount` is carried for the consortium engine: no source we read states a staff minimum as data.
    """

    id: int | str
    name: str
    cpv_codes: Sequence[str] = ()  # at any level of the hierarchy
    keywords: str = ""  # skills and keywords
    description: str = ""
    references: Sequence[str] = ()  # titles of past contracts
    departements: Sequence[str] = ()  # intervention zone, INSEE codes; empty = nationwide
    annual_turnover: Decimal | None = None
    headcount: int | None = None
    is_ess: bool = False
    is_insertion: bool = False  # SIAE
    is_disability: bool = False  # entreprise adaptée or ESAT
    certifications: Sequence[str] = ()

    def __post_init__(self):
        object.__setattr__(self, "cpv_codes", tuple(cpv.normalise(code) for code in self.cpv_codes))
        for name in ("references", "departements", "certifications"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def reservations(self) -> frozenset[Reservation]:
        """The reserved contracts this organisation may bid for."""
        flags = {Reservation.ESS: self.is_ess, Reservation.INSERTION: self.is_insertion}
        flags[Reservation.DISABILITY] = self.is_disability
        return frozenset(reservation for reservation, allowed in flags.items() if allowed)


@dataclass(frozen=True, slots=True)
class Component:
    name: str  # a key of WEIGHTS
    weight: int
    score: float  # from 0 to 1
    points: int  # round(weight * score)


@dataclass(frozen=True)
class Match:
    notice_id: str
    lot_id: str | None
    organisation_id: int | str
    total: int  # from 0 to 100, the sum of the components' points
    eligible: bool
    components: tuple[Component, ...]  # in the order of WEIGHTS
    _explain: Callable[[], list[str]] = field(repr=False, compare=False)

    @cached_property
    def reasons(self) -> list[str]:
        """One reason per component, ending with its points, in the order of `components`, then notes without
        points (a turnover minimum capped by the law, a passed deadline). Written on first use, as a batch
        run scores far more pairs than anyone reads, in the language of the engine's translator."""
        return self._explain()

    def component(self, name: str) -> Component:
        return next(component for component in self.components if component.name == name)
