"""CPV codes suggested for any free text: an organisation's description or a notice's title and description.

Two sources of evidence, both over French stems (`coursive.core.text`):
- the official French labels of the 9,454 CPV codes (TF-IDF cosine between the text and each label);
- optionally a `NoticeTermTable` learnt from real notices: for each code, the words buyers used when they
  chose it. It fills the gap between administrative labels and buyers' wording (« faucardage »,
  « progiciel », « son et lumière »). It is a small JSON file built by `bench/cpv_eval.py --write-table`.

Evidence is then aggregated up the hierarchy before divisions and groups are ranked: a division or group
with many matching codes ranks above one with a single lucky label; its pooled labels and pooled learnt words
are matched as one document each (back-off from thin per-code evidence to the node); and, when a table is
given, naive Bayes estimates of the division and group (from the same table) are added, a division also
getting its groups'. Pure module, no Django.
"""

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from coursive.core.text import TfidfIndex, restore_lost_letters, stem_words, tokens
from coursive.procurement import cpv
from coursive.procurement.cpv import CpvNomenclature, Level
from coursive.procurement.wording import AS_WRITTEN, Translator, gettext_noop, ngettext, say, say_count

# Words of the procurement genre itself: they say how a contract is bought, never what is bought.
_PROCUREMENT_WORDS = (
    "marché marchés lot lots consultation numéro accord cadre bons commande relatif relative objet"
)
_NOISE = frozenset(tokens(_PROCUREMENT_WORDS))
# How much a code's learnt evidence counts against its label's, and how much the naive Bayes probability
# (0 to 1) of a division or group adds to its aggregated cosine: chosen by a 4-fold cross-validation, with
# folds split by buyer, on the learning side of the benchmark (docs/matching.md), never on its test side.
LEARNT_WEIGHT = 3.0
BAYES_WEIGHT = 1.0
BAYES_SMOOTHING = 0.2
# How much the score of a code's group and division adds to its own when codes are ranked: a mild
# preference for a code whose neighbours match too.
CONTEXT_WEIGHT = 0.3
# How much a division's or group's own documents count, as cosines against the text: all the labels under
# it pooled (a node described by many labels with the text's words, even each one weakly), and all the
# words buyers used for its codes pooled (evidence too thin for any one code, backed off to its node); and
# how much the group naive Bayes, summed per division, adds to a division. Chosen like the weights above.
LABEL_NODE_WEIGHT = 2.0
LEARNT_NODE_WEIGHT = 1.0
GROUP_BAYES_WEIGHT = 1.0
# The levels at which evidence is pooled per node before ranking.
_NODE_LEVELS = (Level.DIVISION, Level.GROUP)


# Everything shown to users, French msgids in one place (`coursive.procurement.wording`).
MESSAGES = {
    "reason": gettext_noop("{parts}."),
    "join": gettext_noop(" ; "),
    "label": gettext_noop("libellé proche de votre texte : {words}"),
    "learnt": ngettext(
        "mots employés par un acheteur avec ce code : {words} (appris d'un avis)",
        "mots employés par les acheteurs avec ce code : {words} (appris de {count} avis)",
    ),
}


class CpvSuggestion(NamedTuple):
    code: str
    label: str
    score: float
    reason: str  # for the user, in the translator's language


@dataclass(eq=False)
class NoticeTermTable:
    """What buyers wrote when they chose each code: per code, how many notices carried it and, per stem,
    in how many of those notices' texts it appears."""

    notices: dict[str, int]
    terms: dict[str, dict[str, int]]

    @classmethod
    def learn(cls, examples: Iterable[tuple[str, str]], nomenclature: CpvNomenclature) -> "NoticeTermTable":
        """Learn from (text, CPV code) pairs; codes outside the nomenclature are skipped."""
        known_stems = {term for entry in nomenclature for term in tokens(entry.label_fr)}
        notices: Counter[str] = Counter()
        terms: dict[str, Counter[str]] = {}
        for text, raw_code in examples:
            code = cpv.normalise(raw_code)
            if nomenclature.get(code) is None:
                continue
            notices[code] += 1
            terms.setdefault(code, Counter()).update(set(_terms(text, known_stems)))
        return cls(dict(notices), {code: dict(counts) for code, counts in terms.items()})

    @classmethod
    def load(cls, path: str | Path) -> "NoticeTermTable":
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return cls(
            {code: entry["notices"] for code, entry in data["codes"].items()},
            {code: entry["terms"] for code, entry in data["codes"].items()},
        )

    def save(self, path: str | Path, *, source: str) -> None:
        codes = {
            code: {"notices": self.notices[code], "terms": dict(sorted(self.terms[code].items()))}
            for code in sorted(self.notices)
        }
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"source": source, "codes": codes}, handle, ensure_ascii=False, separators=(",", ":"))
            handle.write("\n")


def _terms(text: str, known_stems: set[str]) -> list[str]:
    """Content stems; numbers and the one-letter leftovers of initials (« S.E.T.E. ») name nothing bought."""
    restored = restore_lost_letters(text, known_stems)
    return [term for term in tokens(restored) if term not in _NOISE and not term.isdigit() and len(term) > 1]


def _pooled(documents: Iterable[tuple[str, Iterable[str]]], level: Level) -> dict[str, Counter[str]]:
    """The terms of the codes at or below `level`, pooled per node of that level (its code prefix)."""
    pooled: dict[str, Counter[str]] = {}
    for code, terms in documents:
        if cpv.depth(code) >= level:
            pooled.setdefault(code[: level + 1], Counter()).update(terms)
    return pooled


class _NaiveBayes:
    """P(node | words) for the divisions (or groups) of a notice term table, multinomial over stems; a code
    above the level (a division, for groups) has no node there and is left out."""

    def __init__(self, table: NoticeTermTable, level: Level):
        self._counts: dict[str, Counter[str]] = {}
        notices: Counter[str] = Counter()
        for code, terms in table.terms.items():
            if cpv.depth(code) < level:
                continue
            node = code[: level + 1]
            notices[node] += table.notices[code]
            self._counts.setdefault(node, Counter()).update(terms)
        total = sum(notices.values())
        self._log_prior = {node: math.log(count / total) for node, count in notices.items()}
        self._totals = {node: sum(counts.values()) for node, counts in self._counts.items()}
        self._vocabulary = {term for counts in self._counts.values() for term in counts}

    def probabilities(self, terms: Iterable[str]) -> dict[str, float]:
        known = [term for term in set(terms) if term in self._vocabulary]
        if not known:
            return {}
        smoothing, size = BAYES_SMOOTHING, len(self._vocabulary)
        log_likelihood = {
            node: prior
            + sum(
                math.log((self._counts[node][term] + smoothing) / (self._totals[node] + smoothing * size))
                for term in known
            )
            for node, prior in self._log_prior.items()
        }
        best = max(log_likelihood.values())
        weights = {node: math.exp(value - best) for node, value in log_likelihood.items()}
        total = sum(weights.values())
        return {node: weight / total for node, weight in weights.items()}


class CpvSuggester:
    """Ranks CPV codes, or the divisions, groups, classes or categories above them, for a free text.

    Build it once (the label index takes about a second) and query it many times.
    """

    def __init__(self, nomenclature: CpvNomenclature, table: NoticeTermTable | None = None):
        self._nomenclature = nomenclature
        self._table = table
        label_terms = {entry.code: tokens(entry.label_fr) for entry in nomenclature}
        self._labels = TfidfIndex(label_terms)
        self._learnt = TfidfIndex(table.terms) if table else None
        self._bayes = (
            {level: _NaiveBayes(table, level) for level in (Level.DIVISION, Level.GROUP)} if table else {}
        )
        self._known_stems = set(self._labels.idf) | set(self._learnt.idf if self._learnt else ())
        self._node_indexes = {level: self._node_indexes_at(level, label_terms) for level in _NODE_LEVELS}

    def _node_indexes_at(
        self, level: Level, label_terms: dict[str, list[str]]
    ) -> list[tuple[float, TfidfIndex]]:
        """Weighted indexes of each node's pooled documents: its labels, and its learnt words if any."""
        indexes = [(LABEL_NODE_WEIGHT, TfidfIndex(_pooled(label_terms.items(), level)))]
        if self._table:
            indexes.append((LEARNT_NODE_WEIGHT, TfidfIndex(_pooled(self._table.terms.items(), level))))
        return indexes

    def rank(self, text: str, level: Level | None = None) -> list[tuple[str, float]]:
        """Codes by decreasing relevance; with a level, the codes of that level (79000000 for a division)."""
        terms = _terms(text, self._known_stems)
        own, confident = self._code_scores(terms)
        if level is None:
            scores = self._with_context(own, confident, terms)
        elif level <= Level.CATEGORY:
            scores = self._node_scores(own, terms, level)
        else:
            raise ValueError("Rank sub-categories as codes, with level=None.")
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))

    def suggest(self, text: str, limit: int = 5, translator: Translator = AS_WRITTEN) -> list[CpvSuggestion]:
        terms = set(_terms(text, self._known_stems))
        words = stem_words(restore_lost_letters(text, self._known_stems))
        return [
            CpvSuggestion(
                code,
                self._nomenclature.label(code),
                round(score, 3),
                self._reason(code, terms, words, translator),
            )
            for code, score in self.rank(text)[:limit]
        ]

    def _code_scores(self, terms: list[str]) -> tuple[dict[str, float], dict[str, float]]:
        """Each code's label cosine plus its learnt cosine, in full and confident. The confident one
        discounts the learnt part by n/(n+1) for n notices learnt: one notice's wording (a town's name, a
        buyer's habit) must not put a code first on its own; aggregated over a division or group, such
        noise averages out instead. Both from one scoring of the text."""
        scores = self._labels.scores(terms)
        confident = dict(scores)
        if self._learnt:
            for code, value in self._learnt.scores(terms).items():
                notices = self._table.notices[code]
                scores[code] = scores.get(code, 0.0) + LEARNT_WEIGHT * value
                confident[code] = confident.get(code, 0.0) + LEARNT_WEIGHT * value * (notices / (notices + 1))
        return scores, confident

    def _node_scores(self, own: dict[str, float], terms: list[str], level: Level) -> dict[str, float]:
        """Each node's evidence, keyed by its code: the Euclidean sum of its codes' scores, the cosines with
        its pooled documents and its naive Bayes probability."""
        digits = level + 1
        squares: dict[str, float] = {}
        for code, score in own.items():
            if cpv.depth(code) >= level:
                squares[code[:digits]] = squares.get(code[:digits], 0.0) + score * score
        scores = {prefix: math.sqrt(total) for prefix, total in squares.items()}
        for weight, index in self._node_indexes.get(level, ()):
            _add(scores, index.scores(terms), weight)
        if level in self._bayes:
            _add(scores, self._bayes[level].probabilities(terms), BAYES_WEIGHT)
        if level == Level.DIVISION and self._bayes:
            # Back-off from group to division: the group model sees finer distinctions, and a division
            # whose several groups are each plausible is more likely than its own model says.
            by_division: dict[str, float] = {}
            _add(by_division, self._bayes[Level.GROUP].probabilities(terms), 1.0, digits)
            _add(scores, by_division, GROUP_BAYES_WEIGHT)
        return {prefix.ljust(8, "0"): score for prefix, score in scores.items()}

    def _with_context(
        self, own: dict[str, float], codes: dict[str, float], terms: list[str]
    ) -> dict[str, float]:
        """A code's score plus a share of its division's and group's: a code whose neighbours also match is
        the more likely one."""
        nodes = self._node_scores(own, terms, Level.DIVISION) | self._node_scores(own, terms, Level.GROUP)
        return {
            code: score
            + CONTEXT_WEIGHT * sum(nodes.get(ancestor, 0.0) for ancestor in cpv.ancestors(code)[:2])
            for code, score in codes.items()
        }

    def _reason(
        self, code: str, terms: set[str], words: dict[str, str], translator: Translator = AS_WRITTEN
    ) -> str:
        parts = []
        label_terms = [term for term in tokens(self._nomenclature.label(code)) if term in terms]
        if label_terms:
            parts.append(say(translator, MESSAGES["label"], words=_listing(label_terms, words)))
        learnt_terms = sorted(set(self._table.terms.get(code, ())) & terms) if self._table else []
        if learnt_terms:
            notices, listed = self._table.notices[code], _listing(learnt_terms, words)
            parts.append(say_count(translator, MESSAGES["learnt"], notices, words=listed))
        joined = say(translator, MESSAGES["join"]).join(parts)
        return say(translator, MESSAGES["reason"], parts=joined[:1].upper() + joined[1:])


def _add(scores: dict[str, float], evidence: dict[str, float], weight: float, digits: int = 8) -> None:
    """Add weighted evidence to scores keyed by code prefix, cutting the evidence's keys to `digits`."""
    for key, value in evidence.items():
        scores[key[:digits]] = scores.get(key[:digits], 0.0) + weight * value


def _listing(terms: Iterable[str], words: dict[str, str]) -> str:
    return ", ".join(dict.fromkeys(words.get(term, term) for term in terms))


@lru_cache(maxsize=4)
def _suggester(nomenclature: CpvNomenclature, table: NoticeTermTable | None) -> CpvSuggester:
    return CpvSuggester(nomenclature, table)


def suggest_cpv(
    text: str,
    nomenclature: CpvNomenclature,
    limit: int = 5,
    *,
    table: NoticeTermTable | None = None,
    translator: Translator = AS_WRITTEN,
) -> list[CpvSuggestion]:
    """The `limit` CPV codes that best describe `text`, each with an explanation (in French without a
    translator)."""
    return _suggester(nomenclature, table).suggest(text, limit, translator)
