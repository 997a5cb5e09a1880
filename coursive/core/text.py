"""French text normalisation shared by search and matching: accent folding, stop words, stemming.

Pure functions with no Django import, so the matching engines can use them in their hot paths.
"""

import re
import unicodedata
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
_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower-case and strip accents: « Éditions Mûre » -> « editions mure »."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).replace("œ", "oe")


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
