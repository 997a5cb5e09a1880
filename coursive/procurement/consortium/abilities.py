"""A member's ability on a unit, from the matching engine: its score with the capacity component in full.

In a groupement, turnover is assessed for the group (R2142-25), which the builder checks itself: a small
member must not be marked down for being small on its part of the work. The units are scored without the
individual turnover minimum, so that it cannot make a member ineligible either.
"""

from collections.abc import Collection, Mapping
from dataclasses import replace

from coursive.procurement.matching import WEIGHTS, Match, MatchingEngine, NoticeProfile
from coursive.procurement.wording import AS_WRITTEN, Translator, gettext_noop, say

_COMPONENT_NAMES = {
    "cpv": gettext_noop("codes CPV {points}/{weight}"),
    "text": gettext_noop("vocabulaire {points}/{weight}"),
    "geography": gettext_noop("lieu {points}/{weight}"),
    "reservation": gettext_noop("réservation {points}/{weight}"),
}


def ability_points(match: Match) -> int:
    return match.total - match.component("capacity").points + WEIGHTS["capacity"]


def abilities(
    engine: MatchingEngine,
    profiles: Mapping[str, NoticeProfile],
    threshold: int,
    candidates: Collection | None = None,
    *,
    by_area: bool = False,
    translator: Translator = AS_WRITTEN,
) -> tuple[dict, dict]:
    """(unit id, organisation id) -> points, for the pairs reaching `threshold`, and a short reason for
    each. The engine's candidate index finds them without scoring every organisation.

    With `by_area`, the units are CPV areas of one notice sharing its text: words alone then say nothing
    of which area a member can perform, so a member is able on an area only with CPV points in it."""
    ability, why = {}, {}
    for unit_id, profile in profiles.items():
        unit_profile = replace(profile, min_turnover=None)
        for match in engine.members_for_notice(
            unit_profile, limit=None, threshold=threshold - WEIGHTS["capacity"]
        ):
            points = ability_points(match)
            if by_area and not match.component("cpv").points:
                continue
            if points >= threshold and (candidates is None or match.organisation_id in candidates):
                ability[unit_id, match.organisation_id] = points
                why[unit_id, match.organisation_id] = reason(match, translator)
    return ability, why


def reason(match: Match, translator: Translator = AS_WRITTEN) -> str:
    """« codes CPV 40/40, vocabulaire 12/30, lieu 15/15 »: where the points come from."""
    return ", ".join(
        say(translator, _COMPONENT_NAMES[c.name], points=c.points, weight=c.weight)
        for c in match.components
        if c.name in _COMPONENT_NAMES and (c.points or c.name != "reservation")
    )
