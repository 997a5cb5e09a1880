"""The Common Procurement Vocabulary (CPV 2008): code normalisation, hierarchy and proximity.

A CPV code has eight digits; its hierarchy is written in the digits themselves. The first two are the
division, the third the group, the fourth the class, the fifth the category, and the last three refine it
further; trailing zeros mean "no finer". So 79822500 (graphic design) sits under 79822000, 79820000,
79800000 and 79000000. Pure module, no Django: the matching and suggestion engines use it in their hot paths.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from pathlib import Path

_RAW_CODE = re.compile(r"(\d{7,8})(?:-\d)?")


class InvalidCpvCode(ValueError):
    pass


class Level(IntEnum):
    DIVISION = 1
    GROUP = 2
    CLASS = 3
    CATEGORY = 4
    SUBCATEGORY = 5


def normalise(raw: str) -> str:
    """The 8-digit code of « 79822500-7 », « 79822500 » or « 3000000 » (DECP lost the leading zero).

    Raises InvalidCpvCode for anything else, including the impossible division 00.
    """
    match = _RAW_CODE.fullmatch(str(raw).strip())
    if not match:
        raise InvalidCpvCode(f"Not a CPV code: {raw!r}")
    code = match.group(1).zfill(8)
    if code.startswith("00"):
        raise InvalidCpvCode(f"Not a CPV code: {raw!r}")
    return code


@lru_cache(maxsize=1 << 16)
def significant(code: str) -> str:
    """The digits that carry meaning: 79822500 -> 798225, 45000000 -> 45."""
    return code.rstrip("0").ljust(2, "0")


def depth(code: str) -> int:
    """1 for a division, 2 for a group, 3 for a class, 4 for a category, 5 to 7 below a category."""
    return len(significant(code)) - 1


def level(code: str) -> Level:
    return Level(min(depth(code), Level.SUBCATEGORY))


def _pad(prefix: str) -> str:
    return prefix.ljust(8, "0")


def ancestors(code: str) -> list[str]:
    """The codes above `code`, from its division down to its parent (empty for a division)."""
    digits = significant(code)
    return [_pad(digits[:length]) for length in range(2, len(digits))]


def prefixes(code: str) -> list[str]:
    """The significant prefixes of `code` and of its ancestors, shortest first: 798225 -> 79, 798, ... 798225."""
    digits = significant(code)
    return [digits[:length] for length in range(2, len(digits) + 1)]


def common_ancestor(a: str, b: str) -> str | None:
    """The deepest code that is `a` or one of its ancestors and `b` or one of its ancestors."""
    digits_a, digits_b = significant(a), significant(b)
    length = 0
    for char_a, char_b in zip(digits_a, digits_b, strict=False):
        if char_a != char_b:
            break
        length += 1
    return _pad(digits_a[:length]) if length >= 2 else None


@lru_cache(maxsize=1 << 18)
def proximity(a: str, b: str) -> float:
    """How close two codes are, from 0 (different divisions) to 1 (the same code).

    The depth of their deepest common ancestor divided by the depth of the more specific code: sharing a
    category counts for more than sharing a group, and an ancestor is closer to a code the nearer it is.
    """
    if a[:2] != b[:2]:
        return 0.0
    ancestor = common_ancestor(a, b)
    if ancestor is None:
        return 0.0
    return depth(ancestor) / max(depth(a), depth(b))


@dataclass(frozen=True, slots=True)
class CpvEntry:
    code: str
    label_fr: str
    label_en: str = ""


class CpvNomenclature:
    """The CPV codes and their French and English labels, with the hierarchy made explicit.

    A code's parent is its nearest ancestor present in the nomenclature: a few CPV 2008 codes skip a level.
    """

    def __init__(self, rows: Iterable[tuple[str, str, str]]):
        self._entries: dict[str, CpvEntry] = {}
        for raw_code, label_fr, label_en in rows:
            code = normalise(raw_code)
            self._entries[code] = CpvEntry(code, label_fr.strip(), label_en.strip())
        self._children: dict[str | None, list[str]] = {}
        for code in sorted(self._entries):
            self._children.setdefault(self.parent(code), []).append(code)

    @classmethod
    def from_csv(cls, path: str | Path) -> "CpvNomenclature":
        """Read the shipped file (columns code8, label_fr, label_en among others)."""
        with open(path, encoding="utf-8", newline="") as handle:
            rows = [(row["code8"], row["label_fr"], row["label_en"]) for row in csv.DictReader(handle)]
        return cls(rows)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[CpvEntry]:
        return iter(self._entries.values())

    def is_known(self, code: str) -> bool:
        try:
            return normalise(code) in self._entries
        except InvalidCpvCode:
            return False

    def get(self, code: str) -> CpvEntry | None:
        return self._entries.get(code)

    def label(self, code: str) -> str:
        """The French label, or "" for a code the nomenclature does not hold."""
        entry = self._entries.get(code)
        return entry.label_fr if entry else ""

    def parent(self, code: str) -> str | None:
        known = [ancestor for ancestor in ancestors(code) if ancestor in self._entries]
        return known[-1] if known else None

    def children(self, code: str | None) -> list[str]:
        """The codes directly below `code` (None gives the divisions), in code order."""
        return list(self._children.get(code, ()))
