"""Which organisations are worth scoring against a notice: every other one is bounded below the threshold."""

from collections.abc import Iterable
from functools import lru_cache

from coursive.core.geo import region_for_departement
from coursive.procurement import cpv

from .scoring import (
    NATIONWIDE,
    NATIONWIDE_SCORE,
    SAME_REGION_SCORE,
    UNKNOWN_PLACE_SCORE,
    WEIGHTS,
    PreparedNotice,
    PreparedOrganisation,
    cosine_for_points,
    points_for,
    text_score,
)

_PLACE_MAPS = 4096
# An organisation reached through a CPV prefix usually needs its exact cosine computed before it can be ruled
# out, one reached through a stem rarely does; on our benchmark, counting both alike chose the fastest walks.
_CPV_ENTRY_COST = 1
# Bounds are compared with rounded points: a hair of slack keeps float summation order from mattering.
_SLACK = 1e-9


class _Postings:
    """Inverted indexes over some organisations: by stem, and by CPV prefix then depth of the code."""

    def __init__(self, organisations: list[PreparedOrganisation], indexes: Iterable[int]):
        self.codes: dict[str, dict[int, list[int]]] = {}
        self.terms: dict[str, list[tuple[int, float]]] = {}
        for index in indexes:
            organisation = organisations[index]
            for code in set(organisation.profile.cpv_codes):
                for prefix in cpv.prefixes(code):
                    self.codes.setdefault(prefix, {}).setdefault(cpv.depth(code), []).append(index)
            for term, weight in organisation.vector.items():
                self.terms.setdefault(term, []).append((index, weight))

    def code_entries(self, prefix: str) -> int:
        return sum(len(indexes) for indexes in self.codes.get(prefix, {}).values())


class CandidateIndex:
    """Finds the organisations that may reach a threshold on a notice without scoring the others.

    A pair's geography points are known exactly from indexes by place, so the organisations are searched
    by the geography points they get: those working in a département of the place of performance, in its
    region, anywhere in France, and all the others. Each search knows the CPV and text points an
    organisation needs and bounds them through inverted indexes (by CPV prefix and by stem):

    - when text alone cannot give the points needed, only the CPV prefixes deep enough to give the rest
      are walked, and what they reach is checked with its exact cosine;
    - otherwise the points needed are shared between the two walks, the way that visits the fewest index
      entries: the notice's most widespread stems are left out of the walk on stems while together they
      cannot give more than the text share, and the prefixes too shallow for the CPV share are not walked.

    An organisation neither walk reaches is below the threshold; one that a walk reaches is bounded with its
    CPV points and exact cosine before it is scored. So the pairs put forward are those scoring every pair
    would give.
    """

    def __init__(self, organisations: list[PreparedOrganisation]):
        self._organisations = organisations
        self._vectors = [organisation.vector for organisation in organisations]
        self._terms = [organisation.terms for organisation in organisations]
        self._least: dict[tuple[int, int], list[float]] = {}
        self._everyone = _Postings(organisations, range(len(organisations)))
        self._ceiling = {
            term: max(weight for _, weight in items) for term, items in self._everyone.terms.items()
        }
        self._members: dict[tuple[str, ...], list[int]] = {}
        for index, organisation in enumerate(organisations):
            for area in organisation.areas:
                self._members.setdefault(area, []).append(index)
        self._areas = {area: _Postings(organisations, indexes) for area, indexes in self._members.items()}
        self._place_points = lru_cache(maxsize=_PLACE_MAPS)(self._place_points_for)

    def reaching(self, notice: PreparedNotice, threshold: int) -> list[int]:
        """The organisations that may score `threshold` or more on `notice`, by index."""
        fixed = WEIGHTS["capacity"] + (WEIGHTS["reservation"] if notice.profile.reservations else 0)
        places, elsewhere = self._place_points(notice.profile.departements)
        searches = [(self._everyone, elsewhere)]
        for area, points in sorted(_area_points(notice.profile.departements).items()):
            if area in self._areas:
                searches.append((self._areas[area], points))
        if any(threshold - fixed - points <= 0 for _, points in searches):
            return list(range(len(self._organisations)))
        found: set[int] = set()
        for postings, points in searches:
            own = self._judged_here(postings, points, places)
            found |= self._search(notice, postings, threshold - fixed - points, own)
        return sorted(found)

    def _judged_here(self, postings: _Postings, points: int, places: dict[int, int]):
        """Each organisation is judged in the search made for its own geography points."""
        if postings is self._everyone:
            return lambda reached: reached - places.keys()
        return lambda reached: [index for index in reached if places.get(index) == points]

    def _search(self, notice: PreparedNotice, postings: _Postings, needed: int, own) -> set[int]:
        """The organisations of `postings` that may get the `needed` CPV and text points, among those that
        `own` keeps of the ones the walks reach."""
        if needed > WEIGHTS["text"]:
            # Text alone cannot give the points needed: only the organisations close enough in CPV can, and
            # they are few enough to be checked with their exact cosine directly.
            prefixes, ceiling = _deep_prefixes(notice, needed - WEIGHTS["text"])
            skipped, skipped_cosine, cosines = None, 1.0, {}
        else:
            skipped, skipped_cosine, prefixes, ceiling = self._cheapest_split(notice, postings, needed)
            cosines = _partial_cosines(postings, notice.vector, skipped)
        cpv_points = _walk_prefixes(postings, prefixes)
        floor = points_for("cpv", ceiling)
        # The cosine an organisation needs, by the CPV points it gets (none below the floor).
        least = self._least.get((needed, floor))
        if least is None:
            least = self._least[needed, floor] = [
                cosine_for_points(needed - max(points, floor)) for points in range(WEIGHTS["cpv"] + 1)
            ]
        vectors, term_sets, vector, terms = self._vectors, self._terms, notice.vector, notice.terms
        points_of, cosine_of = cpv_points.get, cosines.get
        kept = set()
        for index in own(cpv_points.keys() | cosines.keys() if skipped is not None else cpv_points.keys()):
            needs = least[points_of(index, 0)]
            # The bound first, then the exact cosine: both are cheaper than a full assessment.
            if cosine_of(index, 0.0) + skipped_cosine >= needs:
                other = vectors[index]
                if sum([vector[term] * other[term] for term in terms & term_sets[index]]) >= needs:
                    kept.add(index)
        return kept

    def _cheapest_split(self, notice: PreparedNotice, postings: _Postings, needed: int) -> tuple:
        """Share the `needed` CPV and text points between the two walks so that they visit the fewest index
        entries: skipping the k most widespread stems costs their ceiling in text points, which the CPV walk
        makes up by going down to shallower prefixes."""
        terms = _by_spread(notice, postings)
        ceilings, entries = [_SLACK], [sum(len(postings.terms[term]) for term in terms)]
        for term in terms:
            ceilings.append(ceilings[-1] + notice.vector[term] * self._ceiling[term])
            entries.append(entries[-1] - len(postings.terms[term]))
        best: tuple = ()
        text_points = [points_for("text", text_score(ceiling)) for ceiling in ceilings] + [
            WEIGHTS["text"] + 1
        ]
        for count in range(len(terms) + 1):
            if text_points[count] >= needed:
                break
            if text_points[count + 1] > text_points[count]:
                prefixes, ceiling = _deep_prefixes(notice, needed - text_points[count])
                cost = entries[count] + _CPV_ENTRY_COST * sum(
                    postings.code_entries(prefix) for prefix, _ in prefixes
                )
                if not best or cost < best[0]:
                    best = (cost, set(terms[:count]), ceilings[count], prefixes, ceiling)
        return best[1:]

    def _place_points_for(self, departements: tuple[str, ...]) -> tuple[dict[int, int], int]:
        """The geography points `fit_place` gives each organisation for a place of performance: a map of
        the organisations that score, and the points of all the others."""
        if not departements:
            return {}, points_for("geography", UNKNOWN_PLACE_SCORE)
        points: dict[int, int] = {}
        # From the fewest points up, so that each organisation ends with its best.
        for area, value in sorted(_area_points(departements).items(), key=lambda item: item[1]):
            points.update(dict.fromkeys(self._members.get(area, ()), value))
        return points, 0


def _area_points(departements: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    """The geography points of the organisations of each area, for a place of performance."""
    if not departements:
        return {}
    regions = {region_for_departement(code) for code in departements} - {None}
    points = {("region", region): points_for("geography", SAME_REGION_SCORE) for region in regions}
    points |= {("zone", code): WEIGHTS["geography"] for code in departements}
    points[NATIONWIDE] = points_for("geography", NATIONWIDE_SCORE)
    return points


def _by_spread(notice: PreparedNotice, postings: _Postings) -> list[str]:
    """The notice's stems that some organisation of `postings` shares, the most widespread first."""
    terms = [term for term in notice.vector if term in postings.terms]
    return sorted(terms, key=lambda term: (-len(postings.terms[term]), term))


def _deep_prefixes(notice: PreparedNotice, budget: int) -> tuple[list[tuple[str, tuple[int, float]]], float]:
    """The prefixes of the notice's codes worth at least `budget` CPV points to an organisation with a code
    under them, and the highest proximity an organisation can have through any other prefix."""
    prefixes, ceiling = [], 0.0
    for code, depth, factor in notice.codes:
        for prefix in reversed(cpv.prefixes(code)):
            bound = (len(prefix) - 1) / depth * factor + _SLACK
            if points_for("cpv", bound) < budget:
                ceiling = max(ceiling, bound)
                break
            prefixes.append((prefix, (depth, factor)))
    return prefixes, ceiling


def _walk_prefixes(postings: _Postings, prefixes: list[tuple[str, tuple[int, float]]]) -> dict[int, int]:
    """The CPV points of every organisation with a code under one of `prefixes`."""
    groups = []
    for prefix, (depth, factor) in prefixes:
        for organisation_depth, indexes in postings.codes.get(prefix, {}).items():
            proximity = (len(prefix) - 1) / max(depth, organisation_depth) * factor + _SLACK
            groups.append((points_for("cpv", proximity), indexes))
    # Written from the fewest points up, so that each organisation ends with its most.
    found: dict[int, int] = {}
    for points, indexes in sorted(groups, key=lambda group: group[0]):
        found.update(dict.fromkeys(indexes, points))
    return found


def _partial_cosines(postings: _Postings, vector: dict[str, float], skipped: set[str]) -> dict[int, float]:
    totals: dict[int, float] = {}
    for term, weight in vector.items():
        if term not in skipped:
            for index, organisation_weight in postings.terms.get(term, ()):
                totals[index] = totals.get(index, 0.0) + weight * organisation_weight
    return totals
