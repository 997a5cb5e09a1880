"""What a notice asks for, read from its plain data: the units to cover, the lawful turnover minimums and the
conditions the group must show.

A notice with lots is covered lot by lot. A notice without lots is split into its distinct CPV areas (the
classes, four significant digits, of its main and additional codes): a show with its filming, or an event
with its printed material, are different trades that different members may bring.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from .problem import Condition, Unit

AREA_DIGITS = 4
# « Pour le lot n° 2 : … chiffre d'affaires global annuel supérieur à 2 375 000 euros HT » — the minimum
# buyers state lot by lot in the selection criteria, which the structured field holds only once.
_LOT_HEAD = re.compile(r"\blots?\s*(?:n\s*[o°º]?\.?\s*|numéro\s*|n°\s*)?(\d{1,3})\s*:", re.IGNORECASE)
_TURNOVER = re.compile(
    r"chiffre\s+d.?\s*affaires[^.;]*?(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d{4,})(?:,\d+)?\s*(?:euros?|€|eur)",
    re.IGNORECASE,
)


def lawful_minimum(asked: Decimal | None, value: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """The minimum turnover that may be required, and what was asked when it was more: a buyer may not ask
    for more than twice the estimated value (R2142-7)."""
    if asked is None or asked <= 0:
        return None, None
    if value and value > 0 and asked > 2 * value:
        return 2 * value, asked
    return asked, None


def lot_turnover_minimums(text: str) -> dict[str, Decimal]:
    """The minimum turnover stated for each lot in the selection criteria, by lot number."""
    heads = list(_LOT_HEAD.finditer(text or ""))
    found: dict[str, Decimal] = {}
    for head, after in zip(heads, [*heads[1:], None][: len(heads)], strict=True):
        segment = text[head.end() : after.start() if after else len(text)]
        amount = _TURNOVER.search(segment)
        if amount:
            digits = re.sub(r"[ \u00a0\u202f.]", "", amount.group(1))
            try:
                found[head.group(1)] = Decimal(digits)
            except InvalidOperation:
                continue
    return found


def lot_units(lots: Iterable[Mapping], *, notice_minimum: Decimal | None, text: str) -> list[Unit]:
    """One unit per lot: `lots` give id, number, title and value. A lot's own minimum, when the criteria
    state one, replaces the notice's."""
    by_lot = lot_turnover_minimums(text)
    units = []
    for lot in lots:
        asked = by_lot.get(str(lot["number"]).lstrip("0") or "0", notice_minimum)
        required, capped = lawful_minimum(asked, lot.get("value"))
        label = f"Lot {lot['number']}" + (f" — {lot['title']}" if lot.get("title") else "")
        units.append(Unit(str(lot["id"]), label, True, lot.get("value"), required, capped))
    return units


def area_units(
    codes: Sequence[str], labels: Mapping[str, str], *, minimum: Decimal | None, value: Decimal | None
) -> list[Unit]:
    """One unit per CPV class among `codes` (main code first), labelled after its first code. The whole
    notice's minimum applies to the group whatever it covers, so each area carries it."""
    required, capped = lawful_minimum(minimum, value)
    areas: dict[str, str] = {}
    for code in codes:
        areas.setdefault(code[:AREA_DIGITS], code)
    return [
        Unit(f"cpv-{area}", f"{code} — {labels.get(code, '')}".rstrip(" —"), False, value, required, capped)
        for area, code in areas.items()
    ]


def normalised(text: str) -> str:
    """Lower case without accents or punctuation, to compare certification names as people write them."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def certification_conditions(
    required: Iterable[str], held: Mapping[object, Iterable[str]]
) -> list[Condition]:
    """One condition per certification asked; a candidate holds it when one of its certifications names it
    or is named by it (« ISO 9001 » and « certification ISO 9001:2015 »)."""
    conditions = []
    for name in dict.fromkeys(item.strip() for item in required if item.strip()):
        wanted = normalised(name)
        holders = frozenset(
            candidate
            for candidate, names in held.items()
            if any(wanted in normalised(own) or normalised(own) in wanted for own in names if normalised(own))
        )
        conditions.append(Condition(f"certification:{wanted}", f"Certification « {name} »", holders))
    return conditions


def references_condition(asked: str, references: Mapping[object, int]) -> list[Condition]:
    """References asked in the selection criteria: some member must cite past contracts."""
    if not (asked or "").strip():
        return []
    holders = frozenset(candidate for candidate, count in references.items() if count > 0)
    return [Condition("references", "Références de marchés comparables", holders)]
