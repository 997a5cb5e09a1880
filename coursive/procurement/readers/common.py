"""What every notice reader shares: safe XML parsing, dates and deadlines, amounts, CPV codes, identifiers,
and the reading of free text for selection criteria, reservations and social clauses.

Pure module: no Django import, so the readers are tested and reused on their own.
"""

import csv
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree
from stdnum.fr import siret

from coursive.core.text import fold
from coursive.procurement.cpv import InvalidCpvCode
from coursive.procurement.cpv import normalise as normalise_cpv
from coursive.procurement.nuts import departements_for_nuts
from coursive.procurement.records import (
    ContractType,
    NoticeRecord,
    ReadError,
    Reservation,
    SelectionCriteria,
    Source,
)

PARIS = ZoneInfo("Europe/Paris")
CPV_FILE = Path(__file__).resolve().parents[3] / "data" / "cpv_2008_fr_en.csv"
# Public-procurement notices start in the 1990s; a year outside this range is a typing error (0201 for 2019).
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


class RecordError(ValueError):
    """A record that cannot become a NoticeRecord; the message is the reason shown to people."""


@dataclass(frozen=True)
class FileHead:
    """The first few kilobytes of a file, which is all format detection looks at."""

    text: str  # decoded leniently: a bad byte must not hide the format
    root: str  # local name of the XML root element; '' when the file is not XML


# --- XML -----------------------------------------------------------------------------------------------------


_PARSERS = threading.local()


def _parser() -> etree.XMLParser:
    """The safe parser, made once per thread: lxml parsers are reusable but not to be shared across threads."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
        )
    return parser


def parse_xml(path: Path) -> tuple[etree._Element, str]:
    """Parse a one-notice XML file without entities, network or unbounded trees; return the root element and
    the decoded text kept for audit. Raises RecordError for a truncated file or an unreadable encoding."""
    data = path.read_bytes()
    try:
        root = etree.fromstring(data, _parser())
        raw = data.decode(root.getroottree().docinfo.encoding or "utf-8")
    except etree.XMLSyntaxError as exc:
        kind = "encodage illisible" if "encoding" in str(exc).lower() else "fichier tronqué ou XML mal formé"
        raise RecordError(f"{kind} : {exc}") from exc
    except (UnicodeDecodeError, LookupError) as exc:
        raise RecordError(f"encodage illisible : {exc}") from exc
    return root, raw


def read_xml_notice(
    path: Path,
    *,
    source: Source,
    official_id: Callable[[etree._Element], str],
    record: Callable[[etree._Element, str, str], NoticeRecord],
) -> Iterator[NoticeRecord | ReadError]:
    """The stream of a one-notice XML file: its record, or a ReadError naming the notice when it is known.
    `official_id` reads the notice's reference from the root (RecordError when there is none); `record` builds
    the NoticeRecord from the root, the decoded text and that reference."""
    path = Path(path)
    identifier = ""
    try:
        root, raw = parse_xml(path)
        identifier = official_id(root)
        yield record(root, raw, identifier)
    except RecordError as exc:
        yield ReadError(source=source, position=path.name, reason=str(exc), official_id=identifier)


def clean(text: str | None) -> str:
    """Text with its runs of white space (indentation, line breaks) made single spaces."""
    return " ".join((text or "").split())


def paragraphs(texts: Iterable[str]) -> str:
    """Non-empty texts, each once, one paragraph each."""
    return "\n".join(unique(clean(text) for text in texts))


def unique(items: Iterable[str]) -> list[str]:
    """The non-empty items in their first order, each once."""
    return list(dict.fromkeys(item for item in items if item))


# --- Dates ---------------------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_CLOCK = re.compile(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_date(text: str) -> date:
    """A calendar date from '2019-07-05', '20190705', '2018-12-17+01:00' or '2019-02-26Z'; the offset of a
    date without a time says nothing useful and is dropped. Raises RecordError for an impossible date."""
    match = _DATE.match(str(text).strip())
    if not match:
        raise RecordError(f"date illisible « {text} »")
    year, month, day = (int(part) for part in match.groups())
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise RecordError(f"date impossible « {text} »")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise RecordError(f"date impossible « {text} »") from exc


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[-2:])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_deadline(day: str, clock: str, zone: tzinfo) -> datetime:
    """An aware datetime from a date and an 'HH:MM[:SS][offset]' time. The time's own offset wins; without
    one the time is read in `zone`. A deadline with no time is the start of its day, so that nobody is told
    they have more time than they do."""
    moment, offset = time(0), None
    if clock.strip():
        match = _CLOCK.match(clock.strip())
        if not match:
            raise RecordError(f"heure illisible « {clock} »")
        hour, minute, second, offset_text = match.groups()
        try:
            moment = time(int(hour), int(minute), int(second or 0))
        except ValueError as exc:
            raise RecordError(f"heure impossible « {clock} »") from exc
        offset = _offset(offset_text)
    return datetime.combine(parse_date(day), moment, tzinfo=offset or zone)


def parse_datetime(text: str, zone: tzinfo) -> datetime:
    """An aware datetime from '2017-02-07T12:00:00+01:00', '20190322 15:00' or a date alone."""
    day, _, clock = str(text).strip().replace("T", " ", 1).partition(" ")
    return parse_deadline(day, clock, zone)


# --- Amounts, codes, identifiers -----------------------------------------------------------------------------


def parse_amount(value: object) -> Decimal | None:
    """A Decimal from a JSON number or a text such as '6500000', '159691.6' or '1 200,50'; None when absent.
    Raises RecordError for anything else."""
    if value is None or value == "":
        return None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise RecordError(f"montant non numérique « {value} »") from exc
    if isinstance(value, bool) or not amount.is_finite():
        raise RecordError(f"montant non numérique « {value} »")
    return amount


@cache
def _known_cpv_codes() -> frozenset[str]:
    """The codes of CPV 2008, as `CpvNomenclature.is_known` sees them. Only membership is asked here: reading
    the codes alone costs a fraction of building the nomenclature's labels and hierarchy."""
    with open(CPV_FILE, encoding="utf-8", newline="") as handle:
        return frozenset(normalise_cpv(row["code8"]) for row in csv.DictReader(handle))


def cpv_code(text: str) -> str:
    """The 8-digit code of '79952000', '79952000-2' (with check digit) or '7995200' (a spreadsheet dropped the
    leading zero). Raises RecordError for a code that is not in CPV 2008, such as the placeholder 12345678."""
    try:
        code = normalise_cpv(text)
    except InvalidCpvCode as exc:
        raise RecordError(f"code CPV inconnu « {text} »") from exc
    if code not in _known_cpv_codes():
        raise RecordError(f"code CPV inconnu « {text} »")
    return code


def contract_type_for_cpv(code: str) -> ContractType | None:
    """The CPV's own convention: division 45 is works, divisions up to 44 and 48 are supplies, the rest
    services. Used where a source does not state the type."""
    if not code:
        return None
    division = int(code[:2])
    if division == 45:
        return ContractType.WORKS
    return ContractType.SUPPLIES if division < 45 or division == 48 else ContractType.SERVICES


def duration_months(value: str | None, unit: str | None) -> int | None:
    """Months from a duration in days, months or years (eForms DAY / MONTH / YEAR, TED TYPE attribute)."""
    if not value or not str(value).strip().isdigit():
        return None
    number, unit = int(str(value).strip()), (unit or "MONTH").upper()
    if unit.startswith("Y"):
        return number * 12
    return max(1, round(number / 30)) if unit.startswith("D") else number


@lru_cache(maxsize=4096)  # buyers and holders recur from record to record
def valid_siret(value: str | None) -> str:
    """The 14-digit SIRET when `value` is one (Luhn, La Poste exception), else ''."""
    digits = re.sub(r"\s", "", value or "")
    return digits if siret.is_valid(digits) else ""


def ted_publication_id(text: str) -> str:
    """A TED publication number as TED shows it: '404080-2018' from '404080-2018', '00092667-2018' (eForms
    writes eight digits) or '2018/S 178-404080' (the Official Journal reference)."""
    text = clean(text)
    if match := re.fullmatch(r"0*(\d+)-(\d{4})", text):
        return f"{int(match[1]):06d}-{match[2]}"
    if match := re.search(r"(\d{4})/S\s*\d+\s*-\s*0*(\d+)", text):
        return f"{int(match[2]):06d}-{match[1]}"
    raise RecordError(f"numéro de publication TED illisible « {text} »")


def departements_for_nuts_codes(codes: Iterable[str]) -> list[str]:
    return unique(dep for code in codes for dep in departements_for_nuts(code))


# --- Free text: reservations, social clauses, selection criteria ---------------------------------------------

_DISABILITY = re.compile(
    r"handicap|entreprises? adaptees?|\besat\b|etablissements? et services? d.aide par le travail"
    r"|l\.? ?5213-13|l\.? ?344-2|l\.? ?2113-12|disab"
)
_INSERTION = re.compile(
    r"insertion par l.activite|structures? d.insertion|\bsiae\b|l\.? ?5132-4|l\.? ?2113-13|defavorise|disadvantaged"
)
_ESS = re.compile(r"economie sociale et solidaire|\bess\b|l\.? ?2113-15|l\.? ?2113-16")
_SOCIAL_CLAUSE = re.compile(
    r"clauses? sociales?|clauses? d.insertion|heures? d.insertion|insertion (sociale et )?professionnelle"
    r"|publics? eloignes? de l.emploi|social clause|social integration|long-term unemployed"
)


def named_reservations(text: str) -> list[Reservation]:
    """The disability (L2113-12: EA, ESAT) and insertion (L2113-13: SIAE) regimes a text names."""
    folded = fold(text)
    patterns = ((Reservation.DISABILITY, _DISABILITY), (Reservation.INSERTION, _INSERTION))
    return [reservation for reservation, pattern in patterns if pattern.search(folded)]


def sheltered_reservations(text: str) -> list[Reservation]:
    """Reservations behind the EU 'sheltered workshops and sheltered employment programmes' of article 20 of
    directive 2014/24 (TED RESTRICTED_SHELTERED_*, eForms res-ws). French law splits that article in two:
    L2113-12 for disability enterprises (EA, ESAT) and L2113-13 for insertion structures (SIAE). The notice's
    own words tell which one; when they name neither, both apply."""
    return named_reservations(text) or [Reservation.DISABILITY, Reservation.INSERTION]


def names_ess(text: str) -> bool:
    """Whether a text reserves to social and solidarity economy enterprises (L2113-15/16)."""
    return bool(_ESS.search(fold(text)))


def mentions_social_clause(text: str) -> bool:
    """Whether a text states a social clause (insertion hours, employment of people far from work)."""
    return bool(_SOCIAL_CLAUSE.search(fold(text)))


_TURNOVER = re.compile(r"chiffre d.?\s?affaires|turnover")
_NUMBER = r"\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_SCALE = r"k|m|mio|millions? d.|million|mille"
_AMOUNT_AFTER = re.compile(rf"(?P<number>{_NUMBER})\s*(?P<scale>{_SCALE})?\s*(?:€|\beur\b|\beuros?\b)")
_AMOUNT_BEFORE = re.compile(rf"(?:€|\beur\b|\beuros?\b)\s*(?P<number>{_NUMBER})\s*(?P<scale>million|m\b)?")
# A turnover requirement sits right after the words that announce it.
_TURNOVER_WINDOW = 250
_CERTIFICATIONS = (
    (re.compile(r"\biso\s?(\d{4,5})"), "ISO {}"),
    (re.compile(r"\bqualibat\b"), "Qualibat"),
    (re.compile(r"\bqualifelec\b"), "Qualifelec"),
    (re.compile(r"\bopqibi\b"), "OPQIBI"),
    (re.compile(r"\bopqtecc\b"), "OPQTECC"),
    (re.compile(r"\bqualiopi\b"), "Qualiopi"),
    (re.compile(r"\bmase\b"), "MASE"),
    (re.compile(r"\brge\b"), "RGE"),
    (re.compile(r"licences? d.entrepreneurs? de spectacles?"), "Licence d'entrepreneur de spectacles"),
    (re.compile(r"\bemas\b"), "EMAS"),
    (re.compile(r"\b(fsc|pefc)\b"), "{}"),
)
_REFERENCES = re.compile(r"referenc|liste des principa|similar (contracts|services|works)|experience")


def _euros(match: re.Match) -> Decimal:
    number, scale = match["number"], (match["scale"] or "").strip()
    if re.fullmatch(r"\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?:,\d+)?", number):
        number = re.sub(r"[ .\u00a0\u202f]", "", number)
    amount = Decimal(number.replace(",", "."))
    if scale.startswith(("k", "mille")):
        return amount * 1000
    return amount * 1_000_000 if scale.startswith("m") else amount


def min_turnover(folded: str) -> Decimal | None:
    """Best effort: the smallest euro amount stated right after 'chiffre d'affaires' or 'turnover'. Per-lot
    minimums differ; the smallest is what lets a bidder answer at least one lot."""
    amounts = []
    for mention in _TURNOVER.finditer(folded):
        window = folded[mention.end() : mention.end() + _TURNOVER_WINDOW]
        found = _AMOUNT_AFTER.search(window) or _AMOUNT_BEFORE.search(window)
        if found:
            amounts.append(_euros(found))
    return min(amounts, default=None)


def _certifications(folded: str) -> list[str]:
    return unique(
        label.format(match.group(1).upper() if match.groups() else "")
        for pattern, label in _CERTIFICATIONS
        for match in pattern.finditer(folded)
    )


def _references(text: str) -> str:
    sentences = re.split(r"(?<=[.;:])\s+|\n|\s[-\u2013\u2014\u2022]\s", text)
    return paragraphs(sentence for sentence in sentences if _REFERENCES.search(fold(sentence)))


def selection_criteria(texts: Iterable[str]) -> SelectionCriteria:
    """Selection criteria as stated, with what can be read from them: a minimum turnover, the references
    asked for, the certifications named."""
    stated = paragraphs(texts)
    folded = fold(stated)
    return SelectionCriteria(
        min_turnover=min_turnover(folded),
        references=_references(stated),
        certifications=_certifications(folded),
        text=stated,
    )
