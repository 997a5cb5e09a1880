"""The engine: rankings both ways, a single pair's score, and the batch run of the alerts."""

import gc
import multiprocessing
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from functools import lru_cache

from coursive.core.text import TfidfIndex, tokens
from coursive.procurement.cpv import CpvNomenclature
from coursive.procurement.wording import AS_WRITTEN, Translator

from .candidates import CandidateIndex
from .profiles import Component, Match, NoticeProfile, OrganisationProfile
from .reasons import explain
from .scoring import (
    COMMON_TERM_MIN_PROFILES,
    COMMON_TERM_SHARE,
    DEFAULT_THRESHOLD,
    TITLE_REPEAT,
    WEIGHTS,
    Assessment,
    PreparedNotice,
    PreparedOrganisation,
    assess,
    profile_terms,
)

_PREPARED_NOTICES = 65536
_WEIGHT_ITEMS = tuple(WEIGHTS.items())
_POSITIONS = range(len(_WEIGHT_ITEMS))
_MATCH_FIELDS = tuple(field.name for field in fields(Match))


@contextmanager
def _without_cycle_collection():
    """A batch run allocates hundreds of thousands of objects that live until it ends and form no cycles:
    the cycle collector would traverse them again and again for nothing (three quarters of the time of
    building the matches in the parent).
    Forked workers inherit the setting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _new_match(*values) -> Match:
    """A Match as its constructor makes it, without its field-by-field frozen assignments: a batch run
    builds a hundred thousand of them in the parent process, after the workers."""
    match = object.__new__(Match)
    match.__dict__.update(zip(_MATCH_FIELDS, values, strict=True))
    return match


class MatchingEngine:
    """Scores notices against a fixed set of organisations, both ways, with explanations.

    Build one per batch: the text weights come from the organisations' profiles, and prepared notices are
    cached by value. `now`, when given, makes the notices past their deadline ineligible. The reasons are
    written by `translator` when first read (in French without one).
    """

    def __init__(
        self,
        organisations: Iterable[OrganisationProfile],
        nomenclature: CpvNomenclature | None = None,
        *,
        now: datetime | None = None,
        translator: Translator = AS_WRITTEN,
    ):
        self._nomenclature = nomenclature
        self._now = now
        self._translator = translator
        profiles = list(organisations)
        documents = {index: profile_terms(profile) for index, profile in enumerate(profiles)}
        share = COMMON_TERM_SHARE if len(profiles) >= COMMON_TERM_MIN_PROFILES else 1.0
        self._text = TfidfIndex(documents, max_share=share)
        self._organisations = [
            PreparedOrganisation.of(profile, self._text.vectors[index])
            for index, profile in enumerate(profiles)
        ]
        self._candidates = CandidateIndex(self._organisations)
        self._prepare = lru_cache(maxsize=_PREPARED_NOTICES)(self._prepare_notice)
        self._components: dict[tuple[int, float, int], Component] = {}

    def score(self, notice: NoticeProfile, organisation: OrganisationProfile) -> Match:
        """The full assessment of one pair, eligible or not, above the threshold or not."""
        return self._match(assess(self._prepare(notice), self._prepare_organisation(organisation)))

    def members_for_notice(
        self, notice: NoticeProfile, *, limit: int | None = 10, threshold: int = DEFAULT_THRESHOLD
    ) -> list[Match]:
        """The eligible organisations scoring at least `threshold`, best first, then by id."""
        return [self._match(item) for _, item in self._kept(notice, threshold)[:limit]]

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
        assessments = [assess(self._prepare(notice), prepared) for notice in notices]
        return self._ranked(assessments, limit, threshold, key=lambda item: (-item.total, *item.notice.key))

    def matches(
        self, notices: Iterable[NoticeProfile], *, threshold: int = DEFAULT_THRESHOLD, workers: int = 1
    ) -> list[Match]:
        """Every pair to put forward for a batch of notices, notice by notice: the alert run.

        With `workers` above 1, the notices are shared between that many forked processes, so it works on
        Linux and belongs in batch commands, not in web requests. The result is the same.
        """
        notices = list(notices)
        with _without_cycle_collection():
            if workers <= 1:
                return [self._match(item) for notice in notices for _, item in self._kept(notice, threshold)]
            size = max(1, len(notices) // (workers * 8))
            chunks = [(notices[start : start + size], threshold) for start in range(0, len(notices), size)]
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_adopt, initargs=(self,)) as pool:
                found = [pairs for chunk in pool.map(_kept_in_process, chunks) for pairs in chunk]
            matches = [
                self._match_numbers(notice, index, scores, points)
                for notice, pairs in zip(notices, found, strict=True)
                for index, scores, points in pairs
            ]
            self._components.clear()
            return matches

    def _kept(self, notice: NoticeProfile, threshold: int) -> list[tuple[int, Assessment]]:
        """The organisations (by index) to put forward for a notice, with their assessment, best first."""
        prepared = self._prepare(notice)
        assessed = (
            (index, assess(prepared, self._organisations[index]))
            for index in self._candidates.reaching(prepared, threshold)
        )
        kept = [(index, item) for index, item in assessed if item.eligible and item.total >= threshold]
        return sorted(kept, key=lambda pair: (-pair[1].total, pair[1].organisation.profile.id))

    def _ranked(self, assessments: list[Assessment], limit: int | None, threshold: int, key) -> list[Match]:
        kept = sorted((item for item in assessments if item.eligible and item.total >= threshold), key=key)
        return [self._match(item) for item in kept[:limit]]

    def _match_numbers(self, notice: NoticeProfile, index: int, scores: tuple, points: tuple) -> Match:
        """A match computed in another process, from its numbers; its reasons are written here when read."""
        organisation = self._organisations[index]
        # The components repeat a lot across a batch (all but the text one take few values): they are shared.
        known = self._components
        components = []
        for position, score, point in zip(_POSITIONS, scores, points, strict=True):
            component = known.get((position, score, point))
            if component is None:
                name, weight = _WEIGHT_ITEMS[position]
                component = known[position, score, point] = Component(name, weight, score, point)
            components.append(component)
        return _new_match(
            notice.id,
            notice.lot_id,
            organisation.profile.id,
            sum(points),
            True,
            tuple(components),
            lambda: explain(
                assess(self._prepare(notice), organisation), self._nomenclature, self._translator
            ),
        )

    def _match(self, assessment: Assessment) -> Match:
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
            lambda: explain(assessment, self._nomenclature, self._translator),
        )

    def _prepare_notice(self, notice: NoticeProfile) -> PreparedNotice:
        terms = tokens(notice.title) * TITLE_REPEAT + tokens(notice.description)
        late = self._now is not None and notice.deadline is not None and notice.deadline < self._now
        return PreparedNotice.of(notice, self._text.vector(terms), late)

    def _prepare_organisation(self, organisation: OrganisationProfile) -> PreparedOrganisation:
        return PreparedOrganisation.of(organisation, self._text.vector(profile_terms(organisation)))


# The engine a forked worker process inherited from the one running `MatchingEngine.matches`.
_ADOPTED: list[MatchingEngine] = []


def _adopt(engine: MatchingEngine) -> None:
    _ADOPTED.append(engine)


def _kept_in_process(chunk: tuple[list[NoticeProfile], int]) -> list[list[tuple[int, tuple, tuple]]]:
    """The kept pairs of a share of the notices, as plain numbers that travel back between processes."""
    engine, (notices, threshold) = _ADOPTED[0], chunk
    return [
        [(index, item.scores, item.points) for index, item in engine._kept(notice, threshold)]
        for notice in notices
    ]
