"""The matching engine: which members should answer which notice (or lot), and why.

Every (notice, organisation) pair gets a score out of 100, the sum of five components:

| component   | points | what it measures                                                                    |
|-------------|--------|-------------------------------------------------------------------------------------|
| cpv         | 40     | proximity in the CPV tree between the notice's codes and the profile's              |
| text        | 30     | TF-IDF cosine between the notice's text and the profile's, over French stems        |
| geography   | 15     | place of performance against the intervention zone                                  |
| capacity    | 10     | turnover against the lawful minimum asked, or against the estimated value           |
| reservation | 5      | a reserved contract (L2113-12/13/15) the organisation may bid for: less competition |

Each component's points are rounded to whole points and the total is their sum, so the French reasons, one
per component, add up to the score shown. A pair is *not eligible* when the contract is reserved to
enterprises the organisation is not, when its turnover is below a lawful minimum, or when the deadline has
passed; such pairs are never put forward, whatever their score.

Speed: organisations are indexed by every prefix of their CPV codes, by stem and by place. Before scoring,
each pair is bounded from above through those indexes, and only pairs that could reach the threshold are
scored: the result is the one scoring every pair would give. Pure module, no Django.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache

from coursive.core.geo import DEPARTEMENTS, REGIONS, region_for_departement
from coursive.core.text import TfidfIndex, stem_words, tokens
from coursive.procurement import cpv
from coursive.procurement.cpv import LEVEL_NAMES_FR, CpvNomenclature
from coursive.procurement.records import Reservation

WEIGHTS = {"cpv": 40, "text": 30, "geography": 15, "capacity": 10, "reservation": 5}
# Alerts must not be noise. Geography, capacity and reservation together give at most 30 points, so reaching
# 50 takes at least 20 points of evidence about what is bought: half the CPV points (the same group for
# category-level codes), two thirds of the text points, or a mix of both.
DEFAULT_THRESHOLD = 50
# A notice's additional CPV codes describe side parts of the contract; its main code says what it is.
ADDITIONAL_CODE_FACTOR = 0.8
# The text component runs from no points at TEXT_FLOOR_COSINE, what a few widespread words shared by chance
# give, to full points at TEXT_FULL_COSINE, which a short notice against a rich profile rarely exceeds.
TEXT_FLOOR_COSINE = 0.05
TEXT_FULL_COSINE = 0.4
# Titles are short and say exactly what is bought: their words count twice.
TITLE_REPEAT = 2
# An empty intervention zone means the organisation works anywhere in France; a member working in the
# département (or the region) is still preferred, as nearness counts in a bid and in a territorial cluster.
NATIONWIDE_SCORE = 0.8
SAME_REGION_SCORE = 0.5
UNKNOWN_PLACE_SCORE = 0.5
# Turnover unknown while the buyer states a requirement: neither a fit nor a misfit.
UNKNOWN_TURNOVER_SCORE = 0.5
_PREPARED_NOTICES = 65536
_PLACE_MAPS = 4096
# An organisation reached through a CPV prefix usually needs its exact cosine computed (a walk over the
# notice's stems) before it can be ruled out; one reached through a stem rarely does.
_CPV_ENTRY_COST = 1
_NATIONWIDE = "*"  # the area of organisations working anywhere in France
# Bounds are compared with rounded points: a hair of slack keeps float summation order from mattering.
_SLACK = 1e-9

# Everything shown to users, in French, in one place so it can be wrapped for translation.
MESSAGES = {
    "points": "{reason} — {points}/{weight} points",
    "cpv_main": "Code CPV {code}",
    "cpv_additional": "Code CPV secondaire {code}",
    "cpv_same": "{notice} : c'est l'un de vos codes",
    "cpv_within": "{notice} : compris dans votre code {org}",
    "cpv_covers": "{notice} : englobe votre code {org}",
    "cpv_sibling": "{notice} : même {level} {ancestor} que votre code {org}",
    "cpv_none": "{notice} : aucun de vos codes dans la même division",
    "cpv_no_notice_code": "L'avis n'indique pas de code CPV",
    "cpv_no_profile_code": "Votre profil n'indique pas de code CPV",
    "text_shared": "Mots en commun avec votre profil : {words}",
    "text_weak": "Trop peu de mots en commun avec votre profil pour compter : {words}",
    "text_none": "Aucun mot significatif en commun avec votre profil",
    "place_unknown": "Lieu d'exécution non précisé",
    "place_zone": "Lieu d'exécution : {place}, dans votre zone d'intervention",
    "place_nationwide": "Lieu d'exécution : {place} ; vous intervenez dans toute la France",
    "place_region": "Lieu d'exécution : {place}, hors de votre zone mais dans la même région ({region})",
    "place_outside": "Lieu d'exécution : {place}, hors de votre zone d'intervention",
    "turnover_above": "Chiffre d'affaires {turnover} : au-dessus du minimum exigé de {required}",
    "turnover_below": "Chiffre d'affaires {turnover} : en dessous du minimum exigé de {required}",
    "turnover_unknown": "Chiffre d'affaires non renseigné : le minimum exigé est de {required}",
    "turnover_vs_value": "Chiffre d'affaires {turnover} : {share} de la valeur estimée du marché ({value})",
    "turnover_covers_value": "Chiffre d'affaires {turnover} : au moins la valeur estimée du marché ({value})",
    "turnover_unknown_value": "Chiffre d'affaires non renseigné ; valeur estimée du marché : {value}",
    "turnover_no_requirement": "Aucune exigence de chiffre d'affaires connue",
    "turnover_capped": (
        "Le minimum de chiffre d'affaires demandé ({asked}) dépasse le double de la valeur estimée ({value}) "
        "que permet l'article R2142-7 du code de la commande publique : il est ramené à {required}"
    ),
    "open_market": "Marché ouvert à toutes les entreprises, sans réservation",
    "reserved_access": "{reserved} : votre structure y a accès",
    "reserved_no_access": "{reserved} : votre structure n'y a pas accès",
    "reserved": "Marché réservé {audiences}",
    "reserved_join": " ou ",
    Reservation.ESS: "aux entreprises de l'économie sociale et solidaire (art. L2113-15)",
    Reservation.INSERTION: "aux structures d'insertion par l'activité économique (art. L2113-13)",
    Reservation.DISABILITY: "aux entreprises adaptées et aux ESAT (art. L2113-12)",
    "deadline_passed": "Date limite de remise des offres dépassée ({date})",
}
MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


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
        """In French: one reason per component, ending with its points, in the order of `components`, then
        notes without points (a turnover minimum capped by the law, a passed deadline). Written on first
        use, as a batch run scores far more pairs than anyone reads."""
        return self._explain()

    def component(self, name: str) -> Component:
        return next(component for component in self.components if component.name == name)


class MatchingEngine:
    """Scores notices against a fixed set of organisations, both ways, with explanations.

    Build one per batch: the text weights come from the organisations' profiles, and prepared notices are
    cached by value. `now`, when given, makes the notices past their deadline ineligible.
    """

    def __init__(
        self,
        organisations: Iterable[OrganisationProfile],
        nomenclature: CpvNomenclature | None = None,
        *,
        now: datetime | None = None,
    ):
        self._nomenclature = nomenclature
        self._now = now
        profiles = list(organisations)
        self._text = TfidfIndex({index: _profile_terms(profile) for index, profile in enumerate(profiles)})
        self._organisations = [
            _PreparedOrganisation.of(profile, self._text.vectors[index])
            for index, profile in enumerate(profiles)
        ]
        self._candidates = _CandidateIndex(self._organisations)
        self._prepare = lru_cache(maxsize=_PREPARED_NOTICES)(self._prepare_notice)

    def score(self, notice: NoticeProfile, organisation: OrganisationProfile) -> Match:
        """The full assessment of one pair, eligible or not, above the threshold or not."""
        return self._match(self._assess(self._prepare(notice), self._prepare_organisation(organisation)))

    def members_for_notice(
        self, notice: NoticeProfile, *, limit: int | None = 10, threshold: int = DEFAULT_THRESHOLD
    ) -> list[Match]:
        """The eligible organisations scoring at least `threshold`, best first, then by id."""
        prepared = self._prepare(notice)
        assessments = [
            self._assess(prepared, self._organisations[index])
            for index in self._candidates.reaching(prepared, threshold)
        ]
        return self._ranked(
            assessments, limit, threshold, key=lambda item: (-item.total, item.organisation.profile.id)
        )

    def notices_for_member(
        self,
        organisation: OrganisationProfile,
        notices: Iterable[NoticeProfile],
        *,
        limit: int | None = 10,
        threshold: int = DEFAULT_THRESHOLD,
    ) -> list[Match]:
        """The notices (or lots) for which `organisation` is eligible and scores at least `threshold`, best
        first, then by notice and lot id."""
        prepared = self._prepare_organisation(organisation)
        assessments = [self._assess(self._prepare(notice), prepared) for notice in notices]
        return self._ranked(assessments, limit, threshold, key=lambda item: (-item.total, *item.notice.key))

    def matches(self, notices: Iterable[NoticeProfile], *, threshold: int = DEFAULT_THRESHOLD) -> list[Match]:
        """Every pair to put forward for a batch of notices, notice by notice: the alert run."""
        return [
            match
            for notice in notices
            for match in self.members_for_notice(notice, limit=None, threshold=threshold)
        ]

    def _ranked(
        self, assessments: list["_Assessment"], limit: int | None, threshold: int, key
    ) -> list[Match]:
        kept = sorted((item for item in assessments if item.eligible and item.total >= threshold), key=key)
        return [self._match(item) for item in kept[:limit]]

    def _match(self, assessment: "_Assessment") -> Match:
        profile = assessment.notice.profile
        components = tuple(
            Component(name, weight, score, points)
            for (name, weight), score, points in zip(
                WEIGHTS.items(), assessment.scores, assessment.points, strict=True
            )
        )
        return Match(
            profile.id,
            profile.lot_id,
            assessment.organisation.profile.id,
            assessment.total,
            assessment.eligible,
            components,
            lambda: self._reasons(assessment),
        )

    def _prepare_notice(self, notice: NoticeProfile) -> "_PreparedNotice":
        terms = tokens(notice.title) * TITLE_REPEAT + tokens(notice.description)
        late = self._now is not None and notice.deadline is not None and notice.deadline < self._now
        return _PreparedNotice.of(notice, self._text.vector(terms), late)

    def _prepare_organisation(self, organisation: OrganisationProfile) -> "_PreparedOrganisation":
        return _PreparedOrganisation.of(organisation, self._text.vector(_profile_terms(organisation)))

    def _assess(self, notice: "_PreparedNotice", organisation: "_PreparedOrganisation") -> "_Assessment":
        cpv_fit = _cpv_fit(notice.profile.cpv_codes, organisation.profile.cpv_codes)
        cosine = _cosine(notice, organisation)
        place = _place_fit(notice.profile.departements, organisation)
        capacity = _capacity_fit(notice, organisation)
        reserved = notice.profile.reservations
        access = not reserved or not reserved.isdisjoint(organisation.reservations)
        scores = (
            cpv_fit.score,
            _text_score(cosine),
            place.score,
            capacity.score,
            float(bool(reserved) and access),
        )
        points = tuple(round(weight * score) for weight, score in zip(WEIGHTS.values(), scores, strict=True))
        eligible = access and capacity.eligible and not notice.late
        return _Assessment(
            notice,
            organisation,
            cpv_fit,
            cosine,
            place,
            capacity,
            access,
            scores,
            points,
            sum(points),
            eligible,
        )

    def _reasons(self, assessment: "_Assessment") -> list[str]:
        reasons = (
            self._cpv_reason(assessment),
            _text_reason(assessment),
            _place_reason(assessment.place),
            _capacity_reason(assessment),
            _reservation_reason(assessment),
        )
        scored = [
            MESSAGES["points"].format(reason=reason, points=points, weight=weight)
            for reason, points, weight in zip(reasons, assessment.points, WEIGHTS.values(), strict=True)
        ]
        return scored + _notes(assessment)

    def _cpv_reason(self, assessment: "_Assessment") -> str:
        fit, notice = assessment.cpv, assessment.notice.profile
        if not notice.cpv_codes:
            return MESSAGES["cpv_no_notice_code"]
        if not assessment.organisation.profile.cpv_codes:
            return MESSAGES["cpv_no_profile_code"]
        described = MESSAGES["cpv_main" if fit.main else "cpv_additional"].format(
            code=self._describe(fit.notice_code)
        )
        if fit.organisation_code is None:
            return MESSAGES["cpv_none"].format(notice=described)
        organisation = self._describe(fit.organisation_code)
        ancestor = cpv.common_ancestor(fit.notice_code, fit.organisation_code)
        if fit.notice_code == fit.organisation_code:
            return MESSAGES["cpv_same"].format(notice=described)
        if ancestor in (fit.organisation_code, fit.notice_code):
            key = "cpv_within" if ancestor == fit.organisation_code else "cpv_covers"
            return MESSAGES[key].format(notice=described, org=organisation)
        level = LEVEL_NAMES_FR[cpv.level(ancestor)]
        return MESSAGES["cpv_sibling"].format(
            notice=described, level=level, ancestor=self._describe(ancestor), org=organisation
        )

    def _describe(self, code: str) -> str:
        label = self._nomenclature.label(code) if self._nomenclature else ""
        return f"{code} ({label})" if label else code


class _Postings:
    """Inverted indexes over some organisations: by CPV prefix (with the depth of the code) and by stem."""

    def __init__(self, organisations: list["_PreparedOrganisation"], indexes: Iterable[int]):
        self.codes: dict[str, list[tuple[int, int]]] = {}
        self.terms: dict[str, list[tuple[int, float]]] = {}
        for index in indexes:
            organisation = organisations[index]
            for code in set(organisation.profile.cpv_codes):
                for prefix in cpv.prefixes(code):
                    self.codes.setdefault(prefix, []).append((index, cpv.depth(code)))
            for term, weight in organisation.vector.items():
                self.terms.setdefault(term, []).append((index, weight))


class _CandidateIndex:
    """Finds the organisations that may reach a threshold on a notice without scoring the others.

    A pair's CPV and text points are bounded through inverted indexes and its geography points are exact.
    Organisations are searched twice: all of them, as if they scored no geography points, with a high bar
    on CPV and text; then those working in the region of the place of performance or anywhere in France,
    with full geography points and a lower bar. Each search shares the CPV and text points it needs between
    two walks: the notice's most widespread stems are left out of the walk on stems while together they
    cannot give more than the text share, and the CPV prefixes too shallow to give the CPV share are not
    walked, so an organisation neither walk reaches is below the bar. One that a walk reaches is bounded
    with its CPV, geography and exact text points before it is scored.
    """

    def __init__(self, organisations: list["_PreparedOrganisation"]):
        self._organisations = organisations
        self._everyone = _Postings(organisations, range(len(organisations)))
        self._ceiling = {
            term: max(weight for _, weight in items) for term, items in self._everyone.terms.items()
        }
        areas: dict[str, list[int]] = {}
        self._zones: dict[str, list[int]] = {}
        self._regions: dict[str, list[int]] = {}
        for index, organisation in enumerate(organisations):
            for area in organisation.areas:
                areas.setdefault(area, []).append(index)
            for code in organisation.zone:
                self._zones.setdefault(code, []).append(index)
            for region in organisation.regions:
                self._regions.setdefault(region, []).append(index)
        self._members = areas
        self._areas = {area: _Postings(organisations, indexes) for area, indexes in areas.items()}
        self._place_points = lru_cache(maxsize=_PLACE_MAPS)(self._place_points_for)

    def reaching(self, notice: "_PreparedNotice", threshold: int) -> list[int]:
        """The organisations that may score `threshold` or more on `notice`, by index."""
        fixed = WEIGHTS["capacity"] + (WEIGHTS["reservation"] if notice.profile.reservations else 0)
        places, elsewhere = self._place_points(notice.profile.departements)
        searches = [(self._everyone, threshold - fixed - elsewhere)]
        if notice.profile.departements:
            areas = {_area(code) for code in notice.profile.departements} | {_NATIONWIDE}
            near = threshold - fixed - WEIGHTS["geography"]
            searches += [(self._areas[area], near) for area in sorted(areas) if area in self._areas]
        if any(needed <= 0 for _, needed in searches):
            return list(range(len(self._organisations)))
        found: set[int] = set()
        for postings, needed in searches:
            found |= self._search(notice, postings, needed, (threshold - fixed, places, elsewhere))
        return sorted(found)

    def _search(self, notice: "_PreparedNotice", postings: _Postings, needed: int, target: tuple) -> set[int]:
        points, places, elsewhere = target
        if needed > WEIGHTS["text"]:
            # Text alone cannot give the points needed: only the organisations close enough in CPV can, and
            # they are few enough to be bounded with their exact cosine directly.
            prefixes, ceiling = _deep_prefixes(notice, needed - WEIGHTS["text"])
            proximities, cosines, skipped_cosine = _walk_prefixes(postings, prefixes), {}, 1.0
            reached = proximities.keys()
        else:
            skipped, skipped_cosine, prefixes, ceiling = self._cheapest_split(notice, postings, needed)
            proximities = _walk_prefixes(postings, prefixes)
            cosines = _partial_cosines(postings, notice.vector, skipped)
            reached = proximities.keys() | cosines.keys()
        floor = round(WEIGHTS["cpv"] * ceiling)
        kept = set()
        for index in reached:
            missing = points - places.get(index, elsewhere)
            missing -= max(round(WEIGHTS["cpv"] * proximities.get(index, 0.0)), floor)
            # The bound first, then the exact cosine: both are cheaper than a full assessment.
            least = _cosine_for_points(missing)
            if cosines.get(index, 0.0) + skipped_cosine >= least and (
                missing <= 0 or _cosine(notice, self._organisations[index]) >= least
            ):
                kept.add(index)
        return kept

    def _cheapest_split(self, notice: "_PreparedNotice", postings: _Postings, needed: int) -> tuple:
        """Share the `needed` CPV and text points between the two walks so that they visit the fewest index
        entries: skipping the k most widespread stems costs their ceiling in text points, which the CPV walk
        makes up by going down to shallower prefixes."""
        terms = _by_spread(notice, postings)
        ceilings, entries = [_SLACK], [sum(len(postings.terms[term]) for term in terms)]
        for term in terms:
            ceilings.append(ceilings[-1] + notice.vector[term] * self._ceiling[term])
            entries.append(entries[-1] - len(postings.terms[term]))
        best: tuple = ()
        text_points = [_points("text", _text_score(ceiling)) for ceiling in ceilings] + [WEIGHTS["text"] + 1]
        for count in range(len(terms) + 1):
            if text_points[count] >= needed:
                break
            if text_points[count + 1] > text_points[count]:
                prefixes, ceiling = _deep_prefixes(notice, needed - text_points[count])
                cost = entries[count] + _CPV_ENTRY_COST * sum(
                    len(postings.codes.get(prefix, ())) for prefix, _ in prefixes
                )
                if not best or cost < best[0]:
                    best = (cost, set(terms[:count]), ceilings[count], prefixes, ceiling)
        return best[1:]

    def _place_points_for(self, departements: tuple[str, ...]) -> tuple[dict[int, int], int]:
        """The geography points `_place_fit` gives each organisation for a place of performance: a map of
        the organisations that score, and the points of all the others."""
        if not departements:
            return {}, _points("geography", UNKNOWN_PLACE_SCORE)
        points: dict[int, int] = {}
        for region in {region_for_departement(code) for code in departements} - {None}:
            points.update(
                dict.fromkeys(self._regions.get(region, ()), _points("geography", SAME_REGION_SCORE))
            )
        points.update(dict.fromkeys(self._areas_members(_NATIONWIDE), _points("geography", NATIONWIDE_SCORE)))
        for code in departements:
            points.update(dict.fromkeys(self._zones.get(code, ()), WEIGHTS["geography"]))
        return points, 0

    def _areas_members(self, area: str) -> list[int]:
        return self._members.get(area, [])


def _by_spread(notice: "_PreparedNotice", postings: _Postings) -> list[str]:
    """The notice's stems that some organisation of `postings` shares, the most widespread first."""
    terms = [term for term in notice.vector if term in postings.terms]
    return sorted(terms, key=lambda term: (-len(postings.terms[term]), term))


def _deep_prefixes(
    notice: "_PreparedNotice", budget: int
) -> tuple[list[tuple[str, tuple[int, float]]], float]:
    """The prefixes of the notice's codes worth at least `budget` CPV points to an organisation with a code
    under them, and the highest proximity an organisation can have through any other prefix."""
    prefixes, ceiling = [], 0.0
    for code, depth, factor in notice.codes:
        for prefix in reversed(cpv.prefixes(code)):
            bound = (len(prefix) - 1) / depth * factor + _SLACK
            if _points("cpv", bound) < budget:
                ceiling = max(ceiling, bound)
                break
            prefixes.append((prefix, (depth, factor)))
    return prefixes, ceiling


def _walk_prefixes(postings: _Postings, prefixes: list[tuple[str, tuple[int, float]]]) -> dict[int, float]:
    """The CPV proximity of every organisation with a code under one of `prefixes`."""
    found: dict[int, float] = {}
    for prefix, (depth, factor) in prefixes:
        common = len(prefix) - 1
        for index, organisation_depth in postings.codes.get(prefix, ()):
            proximity = common / max(depth, organisation_depth) * factor + _SLACK
            if proximity > found.get(index, 0.0):
                found[index] = proximity
    return found


def _partial_cosines(postings: _Postings, vector: dict[str, float], skipped: set[str]) -> dict[int, float]:
    totals: dict[int, float] = {}
    for term, weight in vector.items():
        if term not in skipped:
            for index, organisation_weight in postings.terms.get(term, ()):
                totals[index] = totals.get(index, 0.0) + weight * organisation_weight
    return totals


@dataclass(frozen=True, slots=True)
class _PreparedNotice:
    profile: NoticeProfile
    vector: dict[str, float]
    terms: frozenset[str]
    codes: tuple[tuple[str, int, float], ...]  # code, depth, weight factor
    late: bool
    value: Decimal | None  # the estimated value, when known and positive
    required: Decimal | None  # the lawful minimum turnover, after the cap
    asked: Decimal | None  # the minimum the buyer asked, when above the cap

    @classmethod
    def of(cls, profile: NoticeProfile, vector: dict[str, float], late: bool) -> "_PreparedNotice":
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
class _PreparedOrganisation:
    profile: OrganisationProfile
    vector: dict[str, float]
    terms: frozenset[str]
    zone: frozenset[str]
    regions: frozenset[str]
    reservations: frozenset[Reservation]

    @classmethod
    def of(cls, profile: OrganisationProfile, vector: dict[str, float]) -> "_PreparedOrganisation":
        regions = frozenset(region_for_departement(code) for code in profile.departements) - {None}
        zone = frozenset(profile.departements)
        return cls(profile, vector, frozenset(vector), zone, regions, profile.reservations)

    @property
    def areas(self) -> set[str]:
        """Where the organisation may score geography points: the regions of its zone, or everywhere."""
        return {_area(code) for code in self.zone} or {_NATIONWIDE}


@dataclass(frozen=True, slots=True)
class _CpvFit:
    score: float
    notice_code: str | None = None
    organisation_code: str | None = None  # None when no code shares a division
    main: bool = True


@dataclass(frozen=True, slots=True)
class _PlaceFit:
    score: float
    message: str
    departement: str = ""


@dataclass(frozen=True, slots=True)
class _CapacityFit:
    score: float
    message: str
    eligible: bool = True


@dataclass(frozen=True, slots=True)
class _Assessment:
    notice: _PreparedNotice
    organisation: _PreparedOrganisation
    cpv: _CpvFit
    cosine: float
    place: _PlaceFit
    capacity: _CapacityFit
    access: bool
    scores: tuple[float, ...]  # in the order of WEIGHTS
    points: tuple[int, ...]
    total: int
    eligible: bool


def _area(departement: str) -> str:
    """The region of a département; a code outside the geography tables stands for itself."""
    return region_for_departement(departement) or f"departement:{departement}"


def _profile_terms(profile: OrganisationProfile) -> list[str]:
    """Keywords count twice: members choose them to say what they do."""
    texts = [profile.description, *profile.references, *profile.certifications]
    return tokens(profile.keywords) * 2 + [term for text in texts for term in tokens(text)]


def _points(name: str, score: float) -> int:
    return round(WEIGHTS[name] * score)


def _text_score(cosine: float) -> float:
    return min(1.0, max(0.0, (cosine - TEXT_FLOOR_COSINE) / (TEXT_FULL_COSINE - TEXT_FLOOR_COSINE)))


@lru_cache(maxsize=128)
def _cosine_for_points(points: int) -> float:
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


def _cosine(a: "_PreparedNotice", b: "_PreparedOrganisation") -> float:
    return sum([a.vector[term] * b.vector[term] for term in a.terms & b.terms])


def _cpv_fit(notice_codes: Sequence[str], organisation_codes: Sequence[str]) -> _CpvFit:
    """The closest pair of codes; the notice's additional codes count for less than its main one."""
    best = _CpvFit(0.0, notice_codes[0] if notice_codes else None)
    for position, notice_code in enumerate(notice_codes):
        factor = 1.0 if position == 0 else ADDITIONAL_CODE_FACTOR
        for organisation_code in organisation_codes:
            score = cpv.proximity(notice_code, organisation_code) * factor
            if score > best.score:
                best = _CpvFit(score, notice_code, organisation_code, position == 0)
    return best


def _place_fit(departements: Sequence[str], organisation: _PreparedOrganisation) -> _PlaceFit:
    if not departements:
        return _PlaceFit(UNKNOWN_PLACE_SCORE, "place_unknown")
    if not organisation.zone:
        return _PlaceFit(NATIONWIDE_SCORE, "place_nationwide", departements[0])
    inside = next((code for code in departements if code in organisation.zone), None)
    if inside:
        return _PlaceFit(1.0, "place_zone", inside)
    near = next((code for code in departements if region_for_departement(code) in organisation.regions), None)
    if near:
        return _PlaceFit(SAME_REGION_SCORE, "place_region", near)
    return _PlaceFit(0.0, "place_outside", departements[0])


def _capacity_fit(notice: _PreparedNotice, organisation: _PreparedOrganisation) -> _CapacityFit:
    turnover = organisation.profile.annual_turnover
    if notice.required is not None:
        if turnover is None:
            return _CapacityFit(UNKNOWN_TURNOVER_SCORE, "turnover_unknown")
        if turnover >= notice.required:
            return _CapacityFit(1.0, "turnover_above")
        return _CapacityFit(0.0, "turnover_below", eligible=False)
    if notice.value is None:
        return _CapacityFit(1.0, "turnover_no_requirement")
    if turnover is None:
        return _CapacityFit(UNKNOWN_TURNOVER_SCORE, "turnover_unknown_value")
    # Without a stated minimum, a turnover at least equal to the contract's value is the usual comfort zone.
    if turnover >= notice.value:
        return _CapacityFit(1.0, "turnover_covers_value")
    return _CapacityFit(max(0.0, float(turnover / notice.value)), "turnover_vs_value")


def _text_reason(assessment: _Assessment) -> str:
    notice, organisation = assessment.notice, assessment.organisation
    shared = sorted(
        notice.vector.keys() & organisation.vector.keys(),
        key=lambda term: (-notice.vector[term] * organisation.vector[term], term),
    )
    if not shared:
        return MESSAGES["text_none"]
    words = stem_words(f"{notice.profile.title} {notice.profile.description}")
    listed = ", ".join(dict.fromkeys(words.get(term, term) for term in shared[:6]))
    return MESSAGES["text_shared" if assessment.points[1] else "text_weak"].format(words=listed)


def _place_reason(fit: _PlaceFit) -> str:
    region = REGIONS.get(region_for_departement(fit.departement) or "", "")
    departement = DEPARTEMENTS.get(fit.departement)
    place = f"{departement.name} ({fit.departement})" if departement else fit.departement
    return MESSAGES[fit.message].format(place=place, region=region)


def _capacity_reason(assessment: _Assessment) -> str:
    notice, fit = assessment.notice, assessment.capacity
    return MESSAGES[fit.message].format(
        turnover=_euros(assessment.organisation.profile.annual_turnover),
        required=_euros(notice.required),
        value=_euros(notice.value),
        share=f"{round(fit.score * 100)}\u00a0%",
    )


def _reservation_reason(assessment: _Assessment) -> str:
    reservations = assessment.notice.profile.reservations
    if not reservations:
        return MESSAGES["open_market"]
    audiences = MESSAGES["reserved_join"].join(MESSAGES[item] for item in sorted(reservations))
    reserved = MESSAGES["reserved"].format(audiences=audiences)
    return MESSAGES["reserved_access" if assessment.access else "reserved_no_access"].format(
        reserved=reserved
    )


def _notes(assessment: _Assessment) -> list[str]:
    """The reasons without points: a turnover minimum capped by the law, a passed deadline."""
    notes = []
    notice = assessment.notice
    if notice.asked is not None:
        amounts = {"asked": notice.asked, "value": notice.value, "required": notice.required}
        notes.append(
            MESSAGES["turnover_capped"].format(**{key: _euros(value) for key, value in amounts.items()})
        )
    if notice.late:
        deadline = notice.profile.deadline
        date = f"{deadline.day} {MONTHS_FR[deadline.month - 1]} {deadline.year}"
        notes.append(MESSAGES["deadline_passed"].format(date=date))
    return notes


def _euros(amount: Decimal | None) -> str:
    """120 000 €, with the narrow no-break space French typography puts between thousands."""
    if amount is None:
        return ""
    whole = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{whole:,}".replace(",", "\u202f") + "\u00a0€"
