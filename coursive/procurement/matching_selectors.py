"""The bridge from the database to the matching engine: organisations and notices as the engine's plain
profiles, and ranked matches both ways for the notice pages, the member's opportunities, alerts and the API.

Skills, tags, description and NAF label of the directory record always feed the text. An organisation
without a capability profile is still matched: its own département stands for its intervention zone (a
profile with no département means « anywhere in France »), and, as for a profile that leaves them empty, the
lower bounds of its directory turnover and headcount bands stand for its capacities. A notice with lots is
matched lot by lot, each lot taking the notice's codes, place and conditions where it states none.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from functools import cache

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone, translation

from coursive.accounts.models import Cluster
from coursive.directory.models import EssStatus, HeadcountBand, Organisation, TurnoverBand

from . import cpv
from .cpv import CpvNomenclature
from .matching import Match, MatchingEngine, NoticeProfile, OrganisationProfile
from .models import Cpv, Notice, NoticeStatus, ProfileReference
from .nuts import departements_for_nuts
from .records import NoticeKind, Reservation

# A band's lower bound is what the organisation surely reaches. « Less than 50 000 € » says nothing usable:
# a turnover of 0 would wrongly exclude it from every contract asking for a minimum.
TURNOVER_FLOORS = {
    TurnoverBand.FROM_50K: Decimal(50_000),
    TurnoverBand.FROM_100K: Decimal(100_000),
    TurnoverBand.FROM_250K: Decimal(250_000),
    TurnoverBand.FROM_500K: Decimal(500_000),
    TurnoverBand.FROM_1M: Decimal(1_000_000),
    TurnoverBand.FROM_2M: Decimal(2_000_000),
    TurnoverBand.OVER_5M: Decimal(5_000_000),
}
HEADCOUNT_FLOORS = {
    HeadcountBand.NONE: 0,
    HeadcountBand.FROM_1: 1,
    HeadcountBand.FROM_3: 3,
    HeadcountBand.FROM_6: 6,
    HeadcountBand.FROM_10: 10,
    HeadcountBand.FROM_20: 20,
    HeadcountBand.FROM_50: 50,
    HeadcountBand.FROM_100: 100,
    HeadcountBand.FROM_200: 200,
    HeadcountBand.FROM_250: 250,
}
OPEN_KINDS = (NoticeKind.CONTRACT_NOTICE, NoticeKind.PRIOR_INFORMATION)
# The engine only reads these; the original record (`raw`) can weigh hundreds of kilobytes per notice.
_NOTICE_DEFERRED = ("raw", "search_text", "links", "selection_text", "selection_references")


@cache
def cpv_nomenclature() -> CpvNomenclature:
    """The CPV nomenclature, read once per process from the table its data migration fills."""
    return CpvNomenclature(Cpv.objects.values_list("code8", "label_fr", "label_en").order_by("code8"))


def organisation_profiles(*, cluster: Cluster) -> list[OrganisationProfile]:
    """Every organisation of the cluster's directory (former members left out), in five queries."""
    return [_organisation_profile(organisation) for organisation in _organisations(cluster)]


def _organisations(cluster: Cluster) -> QuerySet[Organisation]:
    references = Prefetch("capability_profile__references", queryset=ProfileReference.objects.only("title"))
    return (
        Organisation.objects.for_cluster(cluster)
        .for_directory()
        .select_related("naf", "capability_profile")
        .prefetch_related("skills", "tags", references)
        .order_by("pk")
    )


def _organisation_profile(organisation: Organisation) -> OrganisationProfile:
    profile = getattr(organisation, "capability_profile", None)
    words = [skill.name for skill in organisation.skills.all()] + [
        tag.name for tag in organisation.tags.all()
    ]
    return OrganisationProfile(
        id=organisation.pk,
        name=organisation.display_name,
        cpv_codes=_valid_codes(profile.cpv_codes) if profile else (),
        keywords=" ".join([*words, profile.keywords if profile else ""]).strip(),
        description=f"{organisation.description}\n{organisation.naf.label}",
        references=[reference.title for reference in profile.references.all()] if profile else (),
        departements=profile.departements if profile else _own_departement(organisation),
        annual_turnover=organisation_turnover(organisation, profile),
        headcount=_headcount(organisation, profile),
        is_ess=organisation.ess_status != EssStatus.NONE,
        is_insertion=bool(profile and profile.is_insertion),
        is_disability=bool(profile and profile.is_disability),
        certifications=profile.certifications if profile else (),
    )


def _own_departement(organisation: Organisation) -> list[str]:
    return [organisation.departement] if organisation.departement else []


def organisation_turnover(organisation: Organisation, profile) -> Decimal | None:
    """The turnover its capability profile declares, or else the floor of its directory band."""
    if profile and profile.annual_turnover is not None:
        return profile.annual_turnover
    return TURNOVER_FLOORS.get(organisation.turnover_band)


def _headcount(organisation: Organisation, profile) -> int | None:
    if profile and profile.headcount is not None:
        return profile.headcount
    return HEADCOUNT_FLOORS.get(organisation.headcount_band)


def notice_profiles(notices: Iterable[Notice]) -> list[NoticeProfile]:
    """One profile per notice without lots, one per lot otherwise; ids are the notice's and the lot's
    primary keys as text. Lots are fetched in one query unless already prefetched."""
    notices = list(notices)
    prefetch_related_objects(notices, "lots")
    profiles = []
    for notice in notices:
        lots = notice.lots.all()
        profiles += [_lot_profile(notice, lot) for lot in lots] if lots else [_notice_profile(notice)]
    return profiles


def _notice_profile(notice: Notice, **overrides) -> NoticeProfile:
    fields = {
        "id": str(notice.pk),
        "title": notice.title,
        "description": notice.description,
        "cpv_codes": _valid_codes([notice.cpv_main, *notice.cpv_additional]),
        "departements": notice.departements,
        "estimated_value": notice.estimated_value,
        "min_turnover": notice.min_turnover,
        "reservations": _reservations(notice),
        "deadline": notice.deadline_at,
    }
    return NoticeProfile(**(fields | overrides))


def _lot_profile(notice: Notice, lot) -> NoticeProfile:
    places = sorted({code for nuts in lot.nuts_codes for code in departements_for_nuts(nuts)})
    return _notice_profile(
        notice,
        lot_id=str(lot.pk),
        title=f"{notice.title} — {lot.title}" if lot.title else notice.title,
        description=lot.description or notice.description,
        cpv_codes=_valid_codes(lot.cpv_codes) or _valid_codes([notice.cpv_main, *notice.cpv_additional]),
        departements=places or notice.departements,
        estimated_value=lot.estimated_value,
    )


def _valid_codes(codes: Iterable[str]) -> list[str]:
    """The well-formed codes, deduplicated in order: one malformed code must not hide a notice."""
    valid = []
    for code in codes:
        try:
            valid.append(cpv.normalise(code))
        except cpv.InvalidCpvCode:
            continue
    return list(dict.fromkeys(valid))


def _reservations(notice: Notice) -> set[Reservation]:
    flags = {
        Reservation.ESS: notice.reserved_ess,
        Reservation.INSERTION: notice.reserved_insertion,
        Reservation.DISABILITY: notice.reserved_disability,
    }
    return {reservation for reservation, reserved in flags.items() if reserved}


def open_call(now: datetime) -> Q:
    """The one definition of a call for tenders still to answer, for every page: a contract or
    prior-information notice whose deadline is ahead, neither cancelled nor awarded. The stored status is a
    snapshot taken at import, so the deadline is compared with `now` at query time."""
    return Q(kind__in=OPEN_KINDS, deadline_at__gt=now, cancelled_at__isnull=True) & ~Q(
        status__in=[NoticeStatus.CANCELLED, NoticeStatus.AWARDED]
    )


def open_notices(*, now: datetime | None = None) -> QuerySet[Notice]:
    return Notice.objects.filter(open_call(now or timezone.now())).defer(*_NOTICE_DEFERRED)


class _ClusterMatching:
    """A cluster's engine and profiles, built together: the engine's text weights come from the profiles. Its
    reasons are written in the language active when they are read."""

    def __init__(self, cluster: Cluster):
        profiles = organisation_profiles(cluster=cluster)
        self.profiles = {profile.id: profile for profile in profiles}
        self.engine = MatchingEngine(profiles, cpv_nomenclature(), now=timezone.now(), translator=translation)


def _cluster_matching(cluster: Cluster) -> _ClusterMatching:
    """Kept on the cluster instance, which lives as long as the request that loaded it: pages and the API
    reuse the engine within a request, and a profile edited since is read again by the next one."""
    if not hasattr(cluster, "_cluster_matching"):
        cluster._cluster_matching = _ClusterMatching(cluster)
    return cluster._cluster_matching


def engine_for_cluster(cluster: Cluster) -> MatchingEngine:
    """The engine over the cluster's organisations, built once per request."""
    return _cluster_matching(cluster).engine


def cluster_organisation_profiles(cluster: Cluster) -> dict[int, OrganisationProfile]:
    """The profiles the cluster's engine was built from, by organisation id, read once per request."""
    return _cluster_matching(cluster).profiles


def matches_for_notice(*, cluster: Cluster, notice: Notice, limit: int | None = 10) -> list[Match]:
    """The cluster's organisations to put forward for a notice, best first; for a notice with lots, each
    organisation's best lot (its Match names the lot)."""
    engine = engine_for_cluster(cluster)
    best: dict[int | str, Match] = {}
    for profile in notice_profiles([notice]):
        for match in engine.members_for_notice(profile, limit=None):
            if match.organisation_id not in best or match.total > best[match.organisation_id].total:
                best[match.organisation_id] = match
    ranked = sorted(best.values(), key=lambda match: (-match.total, match.organisation_id))
    return ranked[:limit]


def matches_for_organisation(
    *, organisation: Organisation, notices: Iterable[Notice] | None = None, limit: int | None = 20
) -> list[tuple[Notice, Match]]:
    """The notices (open ones by default) to put forward to an organisation, best first, with the match of
    its best lot. A former member, out of the directory, gets none."""
    matching = _cluster_matching(organisation.cluster)
    profile = matching.profiles.get(organisation.pk)
    if profile is None:
        return []
    by_id = {str(notice.pk): notice for notice in (open_notices() if notices is None else notices)}
    best: dict[str, Match] = {}
    matches = matching.engine.notices_for_member(profile, notice_profiles(by_id.values()), limit=None)
    for match in matches:
        best.setdefault(match.notice_id, match)  # already ranked: the first one is the best lot
    return [(by_id[notice_id], match) for notice_id, match in best.items()][:limit]
