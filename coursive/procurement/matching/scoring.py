"""The five components of a pair's score, computed from a prepared notice and a prepared organisation."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from coursive.core.geo import region_for_departement
from coursive.core.text import tokens
from coursive.procurement import cpv
from coursive.procurement.records import Reservation

from .profiles import NoticeProfile, OrganisationProfile

WEIGHTS = {"cpv": 40, "text": 30, "geography": 15, "capacity": 10, "reservation": 5}
# Alerts must not be noise. Geography, capacity and reservation give at most 30 points, so 60 takes at least
# 30 points of evidence about what is bought: the same CPV class as a category-level code of the member's, or
# a shared group with strong shared vocabulary, or the same code with a few shared words for a member from
# outside the notice's region. A shared group or division alone, plus nearness, is not put forward.
DEFAULT_THRESHOLD = 60
# A notice's additional CPV codes describe side parts of the contract; its main code says what it is.
ADDITIONAL_CODE_FACTOR = 0.8
# The text component runs from no points at TEXT_FLOOR_COSINE, what a few widespread words shared by chance
# give, to full points at TEXT_FULL_COSINE, which a short notice against a rich profile rarely exceeds.
TEXT_FLOOR_COSINE = 0.05
TEXT_FULL_COSINE = 0.4
# A stem found in more than a quarter of the profiles (« prestation », « service », « public ») tells no
# member apart from the others: it is ignored, once the cluster is large enough for shares to mean something.
COMMON_TERM_SHARE = 0.25
COMMON_TERM_MIN_PROFILES = 40
# Titles are short and say exactly what is bought: their words count twice.
TITLE_REPEAT = 2
# An empty intervention zone means the organisation works anywhere in France; a member working in the
# département (or the region) is still preferred, as nearness counts in a bid and in a territorial cluster.
NATIONWIDE_SCORE = 0.8
SAME_REGION_SCORE = 0.5
UNKNOWN_PLACE_SCORE = 0.5
# Turnover unknown while the buyer states a requirement: neither a fit nor a misfit.
UNKNOWN_TURNOVER_SCORE = 0.5
NATIONWIDE = ("nationwide",)  # the area of the organisations working anywhere in France


@dataclass(frozen=True, slots=True)
class PreparedNotice:
    profile: NoticeProfile
    vector: dict[str, float]
    terms: frozenset[str]
    codes: tuple[tuple[str, int, float], ...]  # code, depth, weight factor
    late: bool
    value: Decimal | None  # the estimated value, when known and positive
    required: Decimal | None  # the lawful minimum turnover, after the cap
    asked: Decimal | None  # the minimum the buyer asked, when above the cap

    @classmethod
    def of(cls, profile: NoticeProfile, vector: dict[str, float], late: bool) -> "PreparedNotice":
        codes = tuple(
            (code, cpv.depth(code), 1.0 if position == 0 else ADDITIONAL_CODE_FACTOR)
            for position, code in enumerate(profile.cpv_codes)
        )
        value = profile.estimated_value if profile.estimated_value and profile.estimated_value > 0 else None
        required, asked = profile.min_turnover, None
        # A buyer may not ask for more than twice the estimated value (R2142-7): a higher demand is capped.
        if required is not None and value is not None and required > 2 * value:
            required, asked = 2 * value, required
        return cls(profile, vector, frozenset(vector), codes, late, value, required, asked)

    @property
    def key(self) -> tuple[str, str]:
        return self.profile.id, self.profile.lot_id or ""


@dataclass(frozen=True, slots=True)
class PreparedOrganisation:
    profile: OrganisationProfile
    vector: dict[str, float]
    terms: frozenset[str]
    zone: frozenset[str]
    regions: frozenset[str]
    reservations: frozenset[Reservation]

    @classmethod
    def of(cls, profile: OrganisationProfile, vector: dict[str, float]) -> "PreparedOrganisation":
        regions = frozenset(region_for_departement(code) for code in profile.departements) - {None}
        zone = frozenset(profile.departements)
        return cls(profile, vector, frozenset(vector), zone, regions, profile.reservations)

    @property
    def areas(self) -> set[tuple[str, ...]]:
        """Where the organisation scores geography points: the départements of its zone and their regions,
        or everywhere."""
        if not self.zone:
            return {NATIONWIDE}
        return {("zone", code) for code in self.zone} | {("region", region) for region in self.regions}


@dataclass(frozen=True, slots=True)
class CpvFit:
    score: float
    notice_code: str | None = None
    organisation_code: str | None = None  # None when no code shares a division
    main: bool = True


@dataclass(frozen=True, slots=True)
class PlaceFit:
    score: float
    message: str
    departement: str = ""


@dataclass(frozen=True, slots=True)
class CapacityFit:
    score: float
    message: str
    eligible: bool = True


@dataclass(frozen=True, slots=True)
class Assessment:
    notice: PreparedNotice
    organisation: PreparedOrganisation
    cpv: CpvFit
    cosine: float
    place: PlaceFit
    capacity: CapacityFit
    access: bool
    scores: tuple[float, ...]  # in the order of WEIGHTS
    points: tuple[int, ...]
    total: int
    eligible: bool


def assess(notice: PreparedNotice, organisation: PreparedOrganisation) -> Assessment:
    """Every component of a pair's score, with what the explanation needs."""
    cpv_fit = fit_cpv(notice.profile.cpv_codes, organisation.profile.cpv_codes)
    cosine = cosine_of(notice, organisation)
    place = fit_place(notice.profile.departements, organisation)
    capacity = fit_capacity(notice, organisation)
    reserved = notice.profile.reservations
    access = not reserved or not reserved.isdisjoint(organisation.reservations)
    scores = (
        cpv_fit.score,
        text_score(cosine),
        place.score,
        capacity.score,
        float(bool(reserved) and access),
    )
    points = tuple(round(weight * score) for weight, score in zip(WEIGHTS.values(), scores, strict=True))
    eligible = access and capacity.eligible and not notice.late
    return Assessment(
        notice, organisation, cpv_fit, cosine, place, capacity, access, scores, points, sum(points), eligible
    )


def profile_terms(profile: OrganisationProfile) -> list[str]:
    """Keywords count twice: members choose them to say what they do."""
    texts = [profile.description, *profile.references, *profile.certifications]
    return tokens(profile.keywords) * 2 + [term for text in texts for term in tokens(text)]


def points_for(name: str, score: float) -> int:
    return round(WEIGHTS[name] * score)


def text_score(cosine: float) -> float:
    return min(1.0, max(0.0, (cosine - TEXT_FLOOR_COSINE) / (TEXT_FULL_COSINE - TEXT_FLOOR_COSINE)))


@lru_cache(maxsize=128)
def cosine_for_points(points: int) -> float:
    """A cosine below which the text component gives fewer than `points` points (a little below the exact
    limit, so that rounding never excludes a pair that reaches it)."""
    if points > WEIGHTS["text"]:
        return float("inf")
    share = max(0.0, points - 0.5) / WEIGHTS["text"]
    return (
        TEXT_FLOOR_COSINE + (TEXT_FULL_COSINE - TEXT_FLOOR_COSINE) * share - 1e-6
        if points > 0
        else float("-inf")
    )


def cosine_of(a: PreparedNotice, b: PreparedOrganisation) -> float:
    return sum([a.vector[term] * b.vector[term] for term in a.terms & b.terms])


def fit_cpv(notice_codes: Sequence[str], organisation_codes: Sequence[str]) -> CpvFit:
    """The closest pair of codes; the notice's additional codes count for less than its main one."""
    best = CpvFit(0.0, notice_codes[0] if notice_codes else None)
    for position, notice_code in enumerate(notice_codes):
        factor = 1.0 if position == 0 else ADDITIONAL_CODE_FACTOR
        for organisation_code in organisation_codes:
            score = cpv.proximity(notice_code, organisation_code) * factor
            if score > best.score:
                best = CpvFit(score, notice_code, organisation_code, position == 0)
    return best


def fit_place(departements: Sequence[str], organisation: PreparedOrganisation) -> PlaceFit:
    if not departements:
        return PlaceFit(UNKNOWN_PLACE_SCORE, "place_unknown")
    if not organisation.zone:
        return PlaceFit(NATIONWIDE_SCORE, "place_nationwide", departements[0])
    inside = next((code for code in departements if code in organisation.zone), None)
    if inside:
        return PlaceFit(1.0, "place_zone", inside)
    near = next((code for code in departements if region_for_departement(code) in organisation.regions), None)
    if near:
        return PlaceFit(SAME_REGION_SCORE, "place_region", near)
    return PlaceFit(0.0, "place_outside", departements[0])


def fit_capacity(notice: PreparedNotice, organisation: PreparedOrganisation) -> CapacityFit:
    turnover = organisation.profile.annual_turnover
    if notice.required is not None:
        if turnover is None:
            return CapacityFit(UNKNOWN_TURNOVER_SCORE, "turnover_unknown")
        if turnover >= notice.required:
            return CapacityFit(1.0, "turnover_above")
        return CapacityFit(0.0, "turnover_below", eligible=False)
    if notice.value is None:
        return CapacityFit(1.0, "turnover_no_requirement")
    if turnover is None:
        return CapacityFit(UNKNOWN_TURNOVER_SCORE, "turnover_unknown_value")
    # Without a stated minimum, a turnover at least equal to the contract's value is the usual comfort zone.
    if turnover >= notice.value:
        return CapacityFit(1.0, "turnover_covers_value")
    return CapacityFit(max(0.0, float(turnover / notice.value)), "turnover_vs_value")
