"""Reads of the notice pages: a faceted search over every notice of the instance, and one notice with the
notices that change it and the members worth putting forward.

Notices are public reference data shared by every cluster, so nothing here filters by cluster: the views
check membership before calling these. A notice's stored status is a snapshot taken at import; whether a
call is still open is decided here, at query time, from its deadline.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from coursive.core import geo
from coursive.core.text import tokens
from coursive.directory.models import Organisation

from .matching import Match
from .matching_selectors import OPEN_KINDS, cpv_nomenclature, matches_for_notice, open_call
from .models import CONTRACT_TYPE_CHOICES, SOURCE_CHOICES, Award, AwardWinner, Lot, Notice, NoticeStatus
from .records import NoticeKind

# Calls for competition: the notices a member may still answer while their deadline is ahead.
CALL_KINDS = OPEN_KINDS
KIND_GROUPS = {
    "call": CALL_KINDS,
    "award": (NoticeKind.AWARD_NOTICE,),
    "contract": (NoticeKind.AWARDED_CONTRACT,),
    "change": (NoticeKind.CORRIGENDUM, NoticeKind.CANCELLATION),
}
KIND_GROUP_LABELS = {
    "call": _("Appels à la concurrence"),
    "award": _("Avis d'attribution"),
    "contract": _("Marchés attribués (DECP)"),
    "change": _("Rectificatifs et annulations"),
}
# The readers write the procedure as an eForms BT-105 code, plus « adapted » for the procédure adaptée.
PROCEDURE_LABELS = {
    "open": _("Appel d'offres ouvert"),
    "restricted": _("Appel d'offres restreint"),
    "adapted": _("Procédure adaptée (MAPA)"),
    "neg-w-call": _("Procédure avec négociation"),
    "neg-wo-call": _("Marché négocié sans publicité ni mise en concurrence"),
    "comp-dial": _("Dialogue compétitif"),
    "innovation": _("Partenariat d'innovation"),
    "comp-tend": _("Remise en concurrence (accord-cadre)"),
    "oth-single": _("Autre procédure en une étape"),
    "oth-mult": _("Autre procédure en plusieurs étapes"),
}
RESERVED_LABELS = {
    "any": _("Marché réservé, tout type"),
    "ess": _("Réservé à l'ESS (L2113-15)"),
    "insertion": _("Réservé à l'insertion (L2113-13)"),
    "disability": _("Réservé au handicap (L2113-12)"),
}
RESERVED_CONDITIONS = {
    "any": Q(reserved_ess=True) | Q(reserved_insertion=True) | Q(reserved_disability=True),
    "ess": Q(reserved_ess=True),
    "insertion": Q(reserved_insertion=True),
    "disability": Q(reserved_disability=True),
}
# Thresholds people think in: the publicity floor, the 2026 EU threshold for supplies and services of
# buyers other than the State, and two round sizes above.
VALUE_THRESHOLDS = (Decimal(40_000), Decimal(100_000), Decimal(216_000), Decimal(1_000_000))
STATUS_ORDER = (NoticeStatus.OPEN, NoticeStatus.CLOSED, NoticeStatus.AWARDED, NoticeStatus.CANCELLED)
SORT_OPEN_FIRST = ""
SORT_RECENT = "recent"
# The original record can weigh hundreds of kilobytes and the stems are for filtering only.
_LIST_DEFERRED = ("raw", "search_text", "links", "selection_text", "selection_references")


@dataclass(frozen=True)
class NoticeFilters:
    query: str = ""
    kind: str = ""
    status: str = ""
    contract_type: str = ""
    division: str = ""
    departement: str = ""
    procedure: str = ""
    reserved: str = ""
    social_clause: bool = False
    min_value: Decimal | None = None
    source: str = ""
    sort: str = SORT_OPEN_FIRST


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int


def live_status(now: datetime) -> Case:
    """The status as of `now`: a cancelled notice stays cancelled, an awarded one awarded, and a call is
    open while its deadline is ahead; everything else is closed, including a call with no known deadline."""
    return Case(
        When(cancelled_at__isnull=False, then=Value(NoticeStatus.CANCELLED)),
        When(status=NoticeStatus.AWARDED, then=Value(NoticeStatus.AWARDED)),
        When(open_call(now), then=Value(NoticeStatus.OPEN)),
        default=Value(NoticeStatus.CLOSED),
        output_field=CharField(),
    )


def notices_with_status(*, now: datetime) -> QuerySet[Notice]:
    return Notice.objects.annotate(live_status=live_status(now))


def open_calls(*, now: datetime) -> QuerySet[Notice]:
    """The calls still to answer, the nearest deadline first."""
    return (
        notices_with_status(now=now)
        .filter(live_status=NoticeStatus.OPEN)
        .defer(*_LIST_DEFERRED)
        .order_by("deadline_at", "pk")
    )


def _awarded() -> QuerySet[Award]:
    """The total awarded on the outer query's notice, for a subquery."""
    awards = Award.objects.filter(notice=OuterRef("pk")).order_by().values("notice")
    return awards.annotate(total=Sum("amount"))


def _value_at_least(amount: Decimal) -> Q:
    """The estimated value, or for a notice that states none (a DECP contract), the amount awarded."""
    awarded = _awarded().filter(total__gte=amount)
    return Q(estimated_value__gte=amount) | Q(estimated_value__isnull=True) & Exists(awarded)


def _conditions(filters: NoticeFilters) -> dict[str, Q]:
    """One condition per filter set, keyed by facet name, so a facet can count without its own filter."""
    conditions = {
        "kind": Q(kind__in=KIND_GROUPS.get(filters.kind, ())),
        "status": Q(live_status=filters.status),
        "contract_type": Q(contract_type=filters.contract_type),
        "division": Q(cpv_main__startswith=filters.division),
        # JSON lists are searched as text, which every database can do: the quotes keep « 2 » off « 21 ».
        "departement": Q(departements__icontains=f'"{filters.departement}"'),
        "procedure": Q(procedure=filters.procedure),
        "reserved": RESERVED_CONDITIONS.get(filters.reserved, Q()),
        "social_clause": Q(social_clause=True),
        "min_value": _value_at_least(filters.min_value) if filters.min_value else Q(),
        "source": Q(source=filters.source),
    }
    return {name: condition for name, condition in conditions.items() if getattr(filters, name)}


def _matching(filters: NoticeFilters, *, now: datetime, without: str = "") -> QuerySet[Notice]:
    notices = notices_with_status(now=now)
    for stem in tokens(filters.query):
        notices = notices.filter(search_text__contains=f" {stem}")
    conditions = [condition for name, condition in _conditions(filters).items() if name != without]
    return notices.filter(*conditions)


def notice_search(*, filters: NoticeFilters, now: datetime) -> QuerySet[Notice]:
    """The notices matching every word of the query (accents, case and word endings ignored) and every
    filter. By default open calls come first, nearest deadline first, then the rest, newest first."""
    notices = (
        _matching(filters, now=now)
        .defer(*_LIST_DEFERRED)
        .annotate(awarded_total=Subquery(_awarded().values("total")))
    )
    if filters.sort == SORT_RECENT:
        return notices.order_by(F("published_on").desc(nulls_last=True), "-pk")
    is_open = Q(live_status=NoticeStatus.OPEN)
    return notices.annotate(
        open_rank=Case(When(is_open, then=Value(0)), default=Value(1)),
        open_deadline=Case(When(is_open, then=F("deadline_at"))),
    ).order_by("open_rank", "open_deadline", F("published_on").desc(nulls_last=True), "-pk")


def _grouped(notices: QuerySet[Notice], key) -> dict[str, int]:
    rows = notices.order_by().values(key=key).annotate(count=Count("pk")).values_list("key", "count")
    return {value: count for value, count in rows if value}


def _options(counts: dict, labels: dict) -> list[FacetOption]:
    return [FacetOption(str(value), str(label), counts.get(value, 0)) for value, label in labels.items()]


def _kind_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    by_kind = _grouped(notices, F("kind"))
    counts = {group: sum(by_kind.get(kind, 0) for kind in kinds) for group, kinds in KIND_GROUPS.items()}
    return _options(counts, KIND_GROUP_LABELS)


def _status_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    labels = {status: NoticeStatus(status).label for status in STATUS_ORDER}
    return _options(_grouped(notices, F("live_status")), labels)


def _division_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    counts = _grouped(notices, Substr("cpv_main", 1, 2))
    nomenclature = cpv_nomenclature()
    labels = {code: f"{code} — {nomenclature.label(code.ljust(8, '0'))}" for code in sorted(counts)}
    return _options(counts, labels)


def _departement_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    """Counted in Python: a notice lists several départements, and unnesting a JSON list in SQL differs
    from one database to the next."""
    counts = Counter(code for codes in notices.values_list("departements", flat=True) for code in codes)
    labels = {
        code: f"{code} — {geo.DEPARTEMENTS[code].name}" for code in sorted(counts) if code in geo.DEPARTEMENTS
    }
    return _options(counts, labels)


def _procedure_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    counts = _grouped(notices, F("procedure"))
    ranked = sorted(counts, key=lambda value: (-counts[value], value))
    return _options(counts, {value: PROCEDURE_LABELS.get(value, value) for value in ranked})


def _reserved_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    counts = notices.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in RESERVED_CONDITIONS.items()}
    )
    return _options(counts, RESERVED_LABELS)


def _social_clause_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    count = notices.filter(social_clause=True).count()
    return [FacetOption("on", str(_("Avec clause sociale")), count)]


def _min_value_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    counts = notices.aggregate(
        **{f"at_least_{amount}": Count("pk", filter=_value_at_least(amount)) for amount in VALUE_THRESHOLDS}
    )
    return [FacetOption(str(amount), "", counts[f"at_least_{amount}"]) for amount in VALUE_THRESHOLDS]


def _source_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    return _options(_grouped(notices, F("source")), dict(SOURCE_CHOICES))


def _contract_type_facet(notices: QuerySet[Notice]) -> list[FacetOption]:
    return _options(_grouped(notices, F("contract_type")), dict(CONTRACT_TYPE_CHOICES))


FACETS = {
    "kind": _kind_facet,
    "status": _status_facet,
    "contract_type": _contract_type_facet,
    "division": _division_facet,
    "departement": _departement_facet,
    "procedure": _procedure_facet,
    "reserved": _reserved_facet,
    "social_clause": _social_clause_facet,
    "min_value": _min_value_facet,
    "source": _source_facet,
}


def notice_facets(*, filters: NoticeFilters, now: datetime) -> dict[str, list[FacetOption]]:
    """For each facet, its values with how many notices each would show: every other filter applies, its
    own does not, so the counts say what choosing another value would give. One query per facet.
    Threshold options carry no label: the form writes the amounts."""
    return {name: facet(_matching(filters, now=now, without=name)) for name, facet in FACETS.items()}


def notice_for_page(*, notice_id: int, now: datetime) -> Notice | None:
    """A notice with its lots, awards and winners, the notices that change it, and the one it changes."""
    referrers = Notice.objects.defer(*_LIST_DEFERRED).order_by(F("published_on").asc(nulls_first=True), "pk")
    return (
        notices_with_status(now=now)
        .select_related("refers_to")
        .prefetch_related(
            Prefetch("lots", queryset=Lot.objects.order_by("pk")),
            Prefetch("awards__winners", queryset=AwardWinner.objects.order_by("position", "pk")),
            Prefetch("referrers", queryset=referrers),
            "referrers__awards__winners",
        )
        .filter(pk=notice_id)
        .first()
    )


def notice_awards(*, notice: Notice) -> list[Award]:
    """The notice's own awards, then those of the award notices referring to it, from what
    `notice_for_page` prefetched."""
    awarding = [referrer for referrer in notice.referrers.all() if referrer.kind == NoticeKind.AWARD_NOTICE]
    return [*notice.awards.all(), *(award for referrer in awarding for award in referrer.awards.all())]


@dataclass(frozen=True)
class MatchedMember:
    organisation: Organisation
    match: Match
    lot: Lot | None


def matched_members(*, cluster, notice: Notice, limit: int = 10) -> list[MatchedMember]:
    """The cluster's organisations the matching engine puts forward for the notice, best first, each with
    the lot it fits best when the notice has lots."""
    matches = matches_for_notice(cluster=cluster, notice=notice, limit=limit)
    organisations = Organisation.objects.for_cluster(cluster).in_bulk(
        [match.organisation_id for match in matches]
    )
    lots = {str(lot.pk): lot for lot in notice.lots.all()}
    return [
        MatchedMember(organisations[match.organisation_id], match, lots.get(match.lot_id or ""))
        for match in matches
        if match.organisation_id in organisations
    ]
