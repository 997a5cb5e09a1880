"""The legal caps on index revisions, as a table, with no database.

Loi n° 2022-1158 du 16 août 2022 portant mesures d'urgence pour la protection du pouvoir d'achat capped, for a
time, the yearly variation of two indices, and loi n° 2023-568 du 7 juillet 2023 kept the caps up to the first
quarter of 2024:
- art. 12, the IRL (housing): the yearly variation of the index values fixed for the third quarter of 2022 to
  the first quarter of 2024 may not exceed 3.5 %; 2.5 % in the territories of article 73 of the Constitution
  (Guadeloupe, Guyane, Martinique, La Réunion, Mayotte); in Corsica the prefect may lower it by up to 1.5
  point, and did, to 2 % (arrêté n° R20-2022-10-11-00012; INSEE publishes the three series);
- art. 14, the ILC (commercial premises): for the quarters from the second of 2022 to the first of 2024, the
  yearly variation taken into account to revise the rent of a small or medium-sized enterprise (annex I of
  regulation (EU) n° 651/2014) may not exceed 3.5 %, and a later revision may not catch the difference up.
No text caps the ILAT. A revision applies the cap of the quarter of its new index; the rent it gives then
becomes the rent later revisions start from, so nothing is caught up."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .rent import HUNDRED, revised_rent, to_cents

Quarter = tuple[int, int]


class Territory:
    """Where the premises are, for the IRL: the law fixes a rate for each."""

    MAINLAND = "mainland"
    CORSICA = "corsica"
    OVERSEAS = "overseas"


LAW_2022 = "loi n° 2022-1158 du 16 août 2022"
LAW_2023 = "loi n° 2023-568 du 7 juillet 2023"


@dataclass(frozen=True)
class CapRule:
    index_kind: str
    first: Quarter
    last: Quarter
    percent: Decimal
    territories: frozenset[str]
    # True: the cap protects small and medium-sized enterprises only (the ILC's).
    smes_only: bool
    source: str

    def covers(self, *, index_kind: str, quarter: Quarter, territory: str) -> bool:
        return (
            index_kind == self.index_kind
            and self.first <= quarter <= self.last
            and territory in self.territories
        )


ALL_TERRITORIES = frozenset({Territory.MAINLAND, Territory.CORSICA, Territory.OVERSEAS})
# Art. 12 caps the IRL values fixed from the third quarter of 2022, art. 14 the ILC from the second; the law
# of 2023 moved both ends from the second quarter of 2023 to the first of 2024.
IRL = {"index_kind": "IRL", "first": (2022, 3), "last": (2024, 1), "smes_only": False}
ILC = {"index_kind": "ILC", "first": (2022, 2), "last": (2024, 1), "smes_only": True}
IRL_SOURCE = f"{LAW_2022}, art. 12, prolongé par la {LAW_2023}"

RULES = (
    CapRule(**IRL, percent=Decimal("3.5"), territories=frozenset({Territory.MAINLAND}), source=IRL_SOURCE),
    CapRule(
        **IRL,
        percent=Decimal("2.5"),
        territories=frozenset({Territory.OVERSEAS}),
        source=f"{IRL_SOURCE}, pour les collectivités de l'article 73 de la Constitution",
    ),
    CapRule(
        **IRL,
        percent=Decimal("2.0"),
        territories=frozenset({Territory.CORSICA}),
        source=f"{IRL_SOURCE}, et arrêté du préfet de Corse n° R20-2022-10-11-00012",
    ),
    CapRule(
        **ILC,
        percent=Decimal("3.5"),
        territories=ALL_TERRITORIES,
        source=f"{LAW_2022}, art. 14, prolongé par la {LAW_2023}, pour les PME",
    ),
)


def cap_rule(*, index_kind: str, quarter: Quarter, territory: str) -> CapRule | None:
    """The cap on the yearly variation of this index for this quarter and territory; None when uncapped."""
    return next(
        (rule for rule in RULES if rule.covers(index_kind=index_kind, quarter=quarter, territory=territory)),
        None,
    )


def _number(quarter: Quarter) -> int:
    return quarter[0] * 4 + quarter[1] - 1


def _quarter(number: int) -> Quarter:
    return number // 4, number % 4 + 1


def quarters_after(reference: Quarter, new: Quarter) -> list[Quarter]:
    """Every quarter after the reference, up to the new one included."""
    return [_quarter(n) for n in range(_number(reference) + 1, _number(new) + 1)]


def yearly_quarters(reference: Quarter, new: Quarter) -> list[Quarter] | None:
    """The quarters one, two… years after the reference, ending on the new one; None when the new index is
    not a whole number of years after the reference."""
    gap = _number(new) - _number(reference)
    if gap <= 0 or gap % 4:
        return None
    return [_quarter(n) for n in range(_number(reference) + 4, _number(new) + 1, 4)]


@dataclass(frozen=True)
class Step:
    """One year of index variation, from the reference value to the new one, with the cap that applies."""

    reference: Decimal
    new: Decimal
    rule: CapRule | None = None

    @property
    def ceiling(self) -> Decimal | None:
        return None if self.rule is None else 1 + self.rule.percent / HUNDRED

    @property
    def binds(self) -> bool:
        """True when the index rose by more than the cap allows."""
        return self.ceiling is not None and self.new / self.reference > self.ceiling


@dataclass(frozen=True)
class CappedRevision:
    new_rent: Decimal
    # What the index alone gives: rent * new index / reference index.
    uncapped_rent: Decimal
    # The caps that lowered the rent, one per capped year.
    applied: tuple[CapRule, ...]

    @property
    def capped(self) -> bool:
        return bool(self.applied)


def capped_revision(*, rent: Decimal, steps: list[Step]) -> CappedRevision:
    """The revised rent: the index ratio from the first reference to the last value, unless a year's
    variation exceeds its cap; each such year then counts for the cap only. Rounded to the cent, half up."""
    uncapped = revised_rent(rent=rent, reference_index=steps[0].reference, new_index=steps[-1].new)
    applied = tuple(step.rule for step in steps if step.binds)
    if not applied:
        return CappedRevision(new_rent=uncapped, uncapped_rent=uncapped, applied=())
    factor = Decimal(1)
    for step in steps:
        ratio = step.new / step.reference
        factor *= min(ratio, step.ceiling) if step.binds else ratio
    return CappedRevision(new_rent=to_cents(rent * factor), uncapped_rent=uncapped, applied=applied)


def percent_label(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def euros(amount: Decimal) -> str:
    """1 060,00: French digit grouping, with a no-break space."""
    return f"{amount:,.2f}".replace(",", "\N{NO-BREAK SPACE}").replace(".", ",")


def cap_note(*, index_kind: str, revision: CappedRevision) -> str:
    """Why the rent is below what the index gives, in French for the member."""
    rule = revision.applied[-1]
    return _(
        "Hausse plafonnée : la variation annuelle de l'%(kind)s prise en compte ne peut dépasser %(percent)s %% "
        "(%(source)s). Sans plafonnement, le loyer aurait été de %(uncapped)s € HT ; la différence n'est pas "
        "rattrapée lors des révisions suivantes."
    ) % {
        "kind": index_kind,
        "percent": percent_label(rule.percent),
        "source": rule.source,
        "uncapped": euros(revision.uncapped_rent),
    }
