"""French text normalisation shared by search and matching: accent folding, stop words, stemming, the repair
of letters lost to a bad decoding, and TF-IDF weighting.

Pure functions with no Django import, so the matching engines can use them in their hot paths.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Container, Hashable, Iterable, Mapping
from functools import lru_cache

import snowballstemmer

# The most frequent French function words; they carry no meaning for search or matching.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle en et il ils je la le les leur leurs lui
    ma mais me mes meme moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son
    sur ta te tes toi ton tu un une vos votre vous y d l n s t c j m qu etc est sont ete etre
    avoir ont fait plus tout tous toute toutes afin ainsi entre sans sous chez vers via
    """.split()
)
_WORD = re.compile(r"[a-z0-9]+")
_ANY_WORD = re.compile(r"[^\W_]+")
# A word in which a bad decoding replaced a letter by U+FFFD, as in some DECP files (« M\ufffddiath\ufffdque »).
_DAMAGED_WORD = re.compile(r"[^\W_]*\ufffd[\w\ufffd]*")
# What an accented French letter folds to, most frequent first: é è ê ë, à â, ô, î ï, û ù, ç, œ.
_LOST_LETTERS = ("e", "a", "o", "i", "u", "c", "oe")
_stemmer = snowballstemmer.stemmer("french")


class _CombiningMarks(dict):
    """A str.translate table deleting combining marks, filled as characters are met: translate runs in C,
    where a generator over every character was the importer's hottest line."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_COMBINING_MARKS = _CombiningMarks()


def fold(text: str) -> str:
    """Lower-case and strip accents: « Éditions Mûre » -> « editions mure »."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.lower()).translate(_COMBINING_MARKS).replace("œ", "oe")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return fold(_stemmer.stemWord(word))


def tokens(text: str) -> list[str]:
    """The stemmed, folded content words of a text, in order, stop words removed."""
    words = _WORD.findall(fold(text or ""))
    return [stem(word) for word in words if word not in STOP_WORDS]


def search_document(*parts: str) -> str:
    """A space-delimited string of stems, stored beside a record so any database can search it."""
    return " " + " ".join(tokens(" ".join(part for part in parts if part))) + " "


def stem_words(text: str) -> dict[str, str]:
    """The first word of a text behind each of its stems, to explain a match in the reader's own words."""
    words: dict[str, str] = {}
    for word in _ANY_WORD.findall((text or "").lower()):
        for part in _WORD.findall(word if word.isascii() else fold(word)):
            words.setdefault(stem(part), word)
    return words


def restore_lost_letters(text: str, known_stems: Container[str]) -> str:
    """Put back the accented letters a bad decoding replaced by U+FFFD, guided by a vocabulary of stems.

    Each damaged word takes the first folded letter that turns it into a known stem (« m\ufffddiath\ufffdque »
    -> « mediatheque »), else « e », by far the most frequent accented letter in French.
    """

    def restore(match: re.Match) -> str:
        word = match.group(0)
        for letter in _LOST_LETTERS:
            candidate = word.replace("\ufffd", letter)
            if stem(fold(candidate)) in known_stems:
                return candidate
        return word.replace("\ufffd", "e")

    return _DAMAGED_WORD.sub(restore, text) if "\ufffd" in text else text


class TfidfIndex:
    """TF-IDF vectors of stemmed documents with an inverted index, for cosine relevance in one batch.

    Sublinear term frequency (1 + log tf), smoothed inverse document frequency and unit-length vectors, so a
    cosine is a plain dot product. A term no document holds weighs as much as the rarest one: it still
    dilutes a query that is about something else.
    """

    def __init__(self, documents: Mapping[Hashable, Iterable[str]], *, max_share: float = 1.0):
        """`max_share`: terms found in a larger share of the documents are ignored, in them and in queries."""
        counts = {key: Counter(terms) for key, terms in documents.items()}
        frequency = Counter(term for terms in counts.values() for term in terms)
        self.ignored = frozenset(term for term, df in frequency.items() if df > max_share * len(counts))
        self.unseen_idf = math.log(len(counts) + 1) + 1
        self.idf = {
            term: math.log((len(counts) + 1) / (df + 1)) + 1
            for term, df in frequency.items()
            if term not in self.ignored
        }
        self.vectors = {key: self.vector(terms) for key, terms in counts.items()}
        self.postings: dict[str, list[tuple[Hashable, float]]] = {}
        for key, vector in self.vectors.items():
            for term, weight in vector.items():
                self.postings.setdefault(term, []).append((key, weight))

    def vector(self, terms: Iterable[str]) -> dict[str, float]:
        """The unit vector of a document: terms as they occur, or a mapping of terms to counts."""
        counts = Counter(terms)
        weights = {
            term: (1 + math.log(count)) * self.idf.get(term, self.unseen_idf)
            for term, count in counts.items()
            if count > 0 and term not in self.ignored
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        return {term: weight / norm for term, weight in weights.items()}

    def scores(self, terms: Iterable[str]) -> dict[Hashable, float]:
        """The cosine between a query and every document that shares a term with it."""
        totals: dict[Hashable, float] = {}
        for term, weight in self.vector(terms).items():
            for key, document_weight in self.postings.get(term, ()):
                totals[key] = totals.get(key, 0.0) + weight * document_weight
        return totals
