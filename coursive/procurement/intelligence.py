"""Market intelligence from award data: for a CPV area or a buyer, who won, for how much, alone or in a
groupement.

Contracts are the awards of award notices (BOAMP, TED) and of DECP records. An award notice that states no
CPV code or buyer of its own takes those of the contract notice it refers to. One contract may be published
both as an award notice and in the DECP: the figures count what was published, and the pages say so.
"""

import re
import statistics
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, Substr, Upper

from . import cpv
from .models import Award, AwardWinner, Cpv, Notice
from .notice_selectors import open_calls
from .records import NoticeKind

AWARD_KINDS = (NoticeKind.AWARD_NOTICE, NoticeKind.AWARDED_CONTRACT)
GROUP = Q(winner_count__gt=1)
_SIRET = re.compile(r"[0-9]{14}")


@dataclass(frozen=True)
class Ranked:
    """A winner or a buyer with its contracts: how many, their total, and how many in a groupement."""

    key: str
    name: str
    count: int
    total: Decimal | None
    group_count: int = 0

    @property
    def siret(self) -> str:
        """The key when it is a SIRET, to link a buyer to its page."""
        return self.key if _SIRET.fullmatch(self.key) else ""


@dataclass(frozen=True)
class MarketFigures:
    contract_count: int
    total: Decimal | None
    median: Decimal | None
    # Share of the contracts whose winners are published that went to a groupement, in whole per cent.
    group_share: int | None
    group_count: int
    top_winners: list[Ranked]
    recent: list[Award]


@dataclass(frozen=True)
class CpvArea:
    code: str
    label: str
    prefix: str  # the significant digits: the area holds the codes starting with them
    ancestors: list[Cpv]
    children: list[Cpv]


def _inherited(field: str) -> Coalesce:
    """A field of the award's notice or, when blank there, of the notice it refers to."""
    return Coalesce(
        NullIf(f"notice__{field}", Value("")),
        f"notice__refers_to__{field}",
        Value(""),
        output_field=CharField(),
    )


def contract_awards() -> QuerySet[Award]:
    """Every published contract, with the CPV code and buyer it falls under and its number of winners."""
    winners = AwardWinner.objects.filter(award=OuterRef("pk")).order_by().values("award")
    return Award.objects.filter(notice__kind__in=AWARD_KINDS).annotate(
        area_cpv=_inherited("cpv_main"),
        buyer_siret=_inherited("buyer_siret"),
        buyer_label=_inherited("buyer_name"),
        winner_count=Coalesce(
            Subquery(winners.annotate(count=Count("pk")).values("count")), 0, output_field=IntegerField()
        ),
    )


def area_awards(*, prefix: str) -> QuerySet[Award]:
    return contract_awards().filter(area_cpv__startswith=prefix)


def buyer_awards(*, siret: str) -> QuerySet[Award]:
    return contract_awards().filter(buyer_siret=siret)


def market_figures(*, awards: QuerySet[Award], top: int = 10, recent: int = 10) -> MarketFigures:
    """Counts and sums in the database; the median over the amounts, in Python."""
    totals = awards.aggregate(
        contracts=Count("pk"),
        total=Sum("amount"),
        with_winners=Count("pk", filter=Q(winner_count__gt=0)),
        groups=Count("pk", filter=GROUP),
    )
    amounts = list(awards.filter(amount__isnull=False).order_by().values_list("amount", flat=True))
    return MarketFigures(
        contract_count=totals["contracts"],
        total=totals["total"],
        median=statistics.median(amounts) if amounts else None,
        group_share=round(100 * totals["groups"] / totals["with_winners"])
        if totals["with_winners"]
        else None,
        group_count=totals["groups"],
        top_winners=top_winners(awards=awards, limit=top),
        recent=recent_awards(awards=awards, limit=recent),
    )


def top_winners(*, awards: QuerySet[Award], limit: int = 10) -> list[Ranked]:
    """The companies that won most of these contracts. A company is its identifier (SIRET mostly) when the
    source gives one, else its name; a groupement's amount counts in full for each of its members."""
    partners = AwardWinner.objects.filter(award=OuterRef("award")).exclude(pk=OuterRef("pk"))
    rows = (
        AwardWinner.objects.filter(award__in=awards.values("pk"))
        .order_by()
        .values(key=Case(When(identifier="", then=Upper("name")), default=F("identifier")))
        .annotate(
            winner_name=Max("name"),
            count=Count("award", distinct=True),
            total=Sum("award__amount"),
            group_count=Count("award", distinct=True, filter=Q(Exists(partners))),
        )
        .order_by("-count", F("total").desc(nulls_last=True), "winner_name")[:limit]
    )
    return [
        Ranked(row["key"], row["winner_name"], row["count"], row["total"], row["group_count"]) for row in rows
    ]


def top_buyers(*, awards: QuerySet[Award], limit: int = 10) -> list[Ranked]:
    """The buyers that passed most of these contracts; a buyer is its SIRET, else its name."""
    rows = (
        awards.order_by()
        .values(key=Case(When(buyer_siret="", then=Upper("buyer_label")), default=F("buyer_siret")))
        .annotate(name=Max("buyer_label"), count=Count("pk"), total=Sum("amount"))
        .order_by("-count", F("total").desc(nulls_last=True), "name")[:limit]
    )
    return [Ranked(row["key"], row["name"], row["count"], row["total"]) for row in rows]


def recent_awards(*, awards: QuerySet[Award], limit: int = 10) -> list[Award]:
    return list(
        awards.select_related("notice")
        .prefetch_related("winners")
        .order_by(
            F("awarded_on").desc(nulls_last=True), F("notice__published_on").desc(nulls_last=True), "-pk"
        )[:limit]
    )


def division_breakdown(*, awards: QuerySet[Award], limit: int = 10) -> list[Ranked]:
    """The CPV divisions these contracts fall in, the most frequent first, each keyed by its 8-digit code."""
    rows = list(
        awards.exclude(area_cpv="")
        .order_by()
        .values(division=Substr("area_cpv", 1, 2))
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("-count", "division")[:limit]
    )
    codes = [row["division"].ljust(8, "0") for row in rows]
    labels = dict(Cpv.objects.filter(code8__in=codes).values_list("code8", "label_fr"))
    return [
        Ranked(code, labels.get(code, ""), row["count"], row["total"])
        for code, row in zip(codes, rows, strict=True)
    ]


def buyer_past_awards(*, notice: Notice, limit: int = 10) -> list[Award]:
    """The contracts this notice's buyer passed before (same SIRET or same name), the most similar first:
    the same CPV class, then the same division, then the others, each time the latest first. The notice's
    own award notices are left out: the page shows them already."""
    same_buyer = Q()
    if notice.buyer_siret:
        same_buyer |= Q(buyer_siret=notice.buyer_siret)
    if notice.buyer_name:
        same_buyer |= Q(buyer_label__iexact=notice.buyer_name)
    if not same_buyer:
        return []
    awards = contract_awards().filter(same_buyer).exclude(notice=notice).exclude(notice__refers_to=notice)
    return list(
        awards.annotate(similarity=_similarity(notice.cpv_main))
        .select_related("notice")
        .prefetch_related("winners")
        .order_by("similarity", F("awarded_on").desc(nulls_last=True), "-pk")[:limit]
    )


def _similarity(code: str) -> Case | Value:
    """0 for the same CPV class as `code`, 1 for the same division, 2 otherwise."""
    if not code:
        return Value(2)
    same = [When(area_cpv__startswith=code[:2], then=Value(1))]
    if cpv.depth(code) >= cpv.Level.CLASS:
        same.insert(0, When(area_cpv__startswith=code[:4], then=Value(0)))
    return Case(*same, default=Value(2), output_field=IntegerField())


def cpv_area(*, code: str) -> CpvArea | None:
    """The area of a CPV code with its place in the nomenclature; None for what is not a CPV code. A code
    the nomenclature lacks still has an area: notices may carry one."""
    try:
        code = cpv.normalise(code)
    except cpv.InvalidCpvCode:
        return None
    above = cpv.ancestors(code)
    known = Cpv.objects.in_bulk([*above, code])
    return CpvArea(
        code=code,
        label=known[code].label_fr if code in known else "",
        prefix=cpv.significant(code),
        ancestors=[known[ancestor] for ancestor in above if ancestor in known],
        children=list(Cpv.objects.filter(parent_id=code).order_by("code8")),
    )


def area_open_calls(*, prefix: str, now: datetime) -> QuerySet[Notice]:
    return open_calls(now=now).filter(cpv_main__startswith=prefix)


def buyer_open_calls(*, siret: str, now: datetime) -> QuerySet[Notice]:
    return open_calls(now=now).filter(buyer_siret=siret)


def buyer_name(*, siret: str) -> str | None:
    """The name the buyer gave in its latest notice that names it; None when no notice has this SIRET."""
    latest = Notice.objects.filter(buyer_siret=siret).order_by(
        Case(When(buyer_name="", then=Value(1)), default=Value(0)),
        F("published_on").desc(nulls_last=True),
        "-pk",
    )
    return latest.values_list("buyer_name", flat=True).first()
