"""Reads around capability profiles: the profile itself, the CPV codes suggested from what an organisation
says of itself, and the awarded contracts (DECP) a reference may cite."""

import logging
from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from coursive.core.text import tokens
from coursive.directory.models import Organisation

from . import cpv
from .cpv_suggest import CpvSuggestion, NoticeTermTable, suggest_cpv
from .matching_selectors import cpv_nomenclature
from .models import CapabilityProfile, Notice, ProfileReference
from .records import NoticeKind

logger = logging.getLogger(__name__)

# Learnt from real notices by bench/cpv_eval.py: buyers' words bridge the gap between a member's wording
# (« affiches », « mise en page ») and the administrative labels (« conception graphique »).
CPV_TERMS_PATH = settings.BASE_DIR / "data" / "cpv_notice_terms.json"
DECP_RESULTS = 20
# Suggestions are drawn from a pool this many times larger than shown, then thinned out by class.
SUGGESTION_POOL = 4
PER_CLASS = 2


@dataclass(frozen=True)
class CpvCode:
    code: str
    label: str


def capability_profile_for(organisation: Organisation) -> CapabilityProfile | None:
    """The organisation's profile with its references, or None before anything was entered."""
    return (
        CapabilityProfile.objects.filter(organisation=organisation)
        .prefetch_related("references__notice")
        .first()
    )


def profile_reference_of(*, organisation: Organisation, reference_id: int) -> ProfileReference | None:
    """One of the organisation's references; another organisation's answers None, like a missing one."""
    return (
        ProfileReference.objects.filter(pk=reference_id, profile__organisation=organisation)
        .select_related("notice")
        .first()
    )


def cpv_codes_labelled(codes: list[str]) -> list[CpvCode]:
    """Each code with its French label, to show a profile's codes."""
    nomenclature = cpv_nomenclature()
    return [CpvCode(code, nomenclature.label(code)) for code in codes]


@cache
def _notice_terms() -> NoticeTermTable | None:
    if not CPV_TERMS_PATH.exists():
        logger.warning("%s is missing: CPV codes are suggested from their labels only.", CPV_TERMS_PATH)
        return None
    return NoticeTermTable.load(CPV_TERMS_PATH)


def cpv_suggestions_for(organisation: Organisation, limit: int = 8) -> list[CpvSuggestion]:
    """CPV codes suggested from the organisation's description, skills, tags and keywords, leaving out the
    codes its profile already holds, with their reasons in the active language. At most two codes of one
    CPV class are kept: one word shared with a family of labels (« mise » and the ten « mise à disposition
    de personnel ») must not fill the list."""
    profile = CapabilityProfile.objects.filter(organisation=organisation).first()
    held = set(profile.cpv_codes) if profile else set()
    words = [
        organisation.description,
        *organisation.skills.values_list("name", flat=True),
        *organisation.tags.values_list("name", flat=True),
        profile.keywords if profile else "",
    ]
    text = "\n".join(word for word in words if word)
    if not tokens(text):
        return []
    pool = SUGGESTION_POOL * limit
    candidates = suggest_cpv(text, cpv_nomenclature(), pool, table=_notice_terms(), translator=translation)
    kept, per_class = [], Counter()
    for suggestion in candidates:
        family = cpv.significant(suggestion.code)[:4]
        if suggestion.code not in held and per_class[family] < PER_CLASS:
            kept.append(suggestion)
            per_class[family] += 1
    return kept[:limit]


def decp_contracts_matching(query: str) -> QuerySet[Notice]:
    """Awarded contracts (DECP) whose official id is `query`, or whose object, description or buyer hold
    every word of it (accents, case and word endings ignored, a word's beginning is enough), latest first."""
    contracts = Notice.objects.filter(kind=NoticeKind.AWARDED_CONTRACT).defer("raw")
    found = contracts.filter(official_id=query.strip())
    stems = tokens(query)
    if stems:
        for stem in stems:
            contracts = contracts.filter(search_text__contains=f" {stem}")
        found |= contracts
    return found.order_by("-published_on", "-pk")[:DECP_RESULTS]


def decp_contract_choices(*, query: str, linked: Notice | None = None) -> list[Notice]:
    """The contracts a reference may be linked to on its form: those found for `query`, after the one it is
    linked to already."""
    found = list(decp_contracts_matching(query)) if query.strip() else []
    if linked is None or linked in found:
        return found
    return [linked, *found]
