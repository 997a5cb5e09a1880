"""Reader for TED notices in the legacy TED XML schema (R2.0.9 `TED_EXPORT`, forms F01 to F25, 2014-2023).

A file holds one notice, its form in one or several languages. We read the ORIGINAL-language form (the French
one when French is among the originals) and the coded data TED adds: publication number and date, country,
and the submission deadline, which TED keeps up to date when a corrigendum moves it.

Not carried by the schema: per-lot deadlines, the time zone of deadlines (see `_zone`), a typed buyer
identifier (NATIONALID is free text, kept when it is a valid SIRET). Not read: prizes of design contest results
(F13), which are not contracts.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from pathlib import Path

from lxml import etree

from coursive.procurement.readers.common import (
    PARIS,
    FileHead,
    RecordError,
    clean,
    contract_type_for_cpv,
    cpv_code,
    departements_for_nuts_codes,
    duration_months,
    mentions_social_clause,
    parse_amount,
    parse_date,
    parse_datetime,
    parse_deadline,
    read_xml_notice,
    selection_criteria,
    sheltered_reservations,
    ted_publication_id,
    unique,
    valid_siret,
)
from coursive.procurement.records import (
    Award,
    ContractType,
    Lot,
    NoticeKind,
    NoticeRecord,
    ReadError,
    Reservation,
    Source,
    Winner,
)

SOURCE = Source.TED_LEGACY

_KINDS = {
    "F01": NoticeKind.PRIOR_INFORMATION,
    "F02": NoticeKind.CONTRACT_NOTICE,
    "F03": NoticeKind.AWARD_NOTICE,
    "F04": NoticeKind.PRIOR_INFORMATION,
    "F05": NoticeKind.CONTRACT_NOTICE,
    "F06": NoticeKind.AWARD_NOTICE,
    "F07": NoticeKind.CONTRACT_NOTICE,  # qualification system: a standing call for competition
    "F08": NoticeKind.PRIOR_INFORMATION,  # buyer profile notice
    "F12": NoticeKind.CONTRACT_NOTICE,  # design contest
    "F13": NoticeKind.AWARD_NOTICE,  # results of a design contest
    "F14": NoticeKind.CORRIGENDUM,
    "F15": NoticeKind.AWARD_NOTICE,  # voluntary ex ante transparency: awarded without a call for competition
    "F16": NoticeKind.PRIOR_INFORMATION,
    "F17": NoticeKind.CONTRACT_NOTICE,
    "F18": NoticeKind.AWARD_NOTICE,
    "F19": NoticeKind.CONTRACT_NOTICE,  # a winner's call for subcontractors
    "F20": NoticeKind.AWARD_NOTICE,  # modification of a contract during its term
    "F24": NoticeKind.CONTRACT_NOTICE,  # concession notice
    "F25": NoticeKind.AWARD_NOTICE,  # concession award
}
# F21-F23 (social and other specific services) say in NOTICE@TYPE whether they inform, call or award.
_SOCIAL_FORMS = {"F21", "F22", "F23"}
# Procedure codes of eForms BT-105, the same mapping as the Publications Office's TED-to-eForms converter.
_PROCEDURES = {
    "PT_OPEN": "open",
    "PT_RESTRICTED": "restricted",
    "PT_COMPETITIVE_NEGOTIATION": "neg-w-call",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "neg-w-call",
    "PT_INVOLVING_NEGOTIATION": "neg-w-call",
    "PT_AWARD_CONTRACT_WITH_PRIOR_PUBLICATION": "neg-w-call",
    "PT_COMPETITIVE_DIALOGUE": "comp-dial",
    "PT_INNOVATION_PARTNERSHIP": "innovation",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "neg-wo-call",
    "PT_AWARD_CONTRACT_WITHOUT_PUBLICATION": "neg-wo-call",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION": "neg-wo-call",
}
_SELECTION_PARTS = (
    "SUITABILITY",
    "ECONOMIC_FINANCIAL_INFO",
    "ECONOMIC_FINANCIAL_MIN_LEVEL",
    "TECHNICAL_PROFESSIONAL_INFO",
    "TECHNICAL_PROFESSIONAL_MIN_LEVEL",
)
_CONTRACT_TYPES = {kind.value: kind for kind in ContractType}
_REFERRING_KINDS = {NoticeKind.CORRIGENDUM, NoticeKind.CANCELLATION, NoticeKind.AWARD_NOTICE}


def recognises(head: FileHead) -> bool:
    return head.root == "TED_EXPORT"


def read(path: Path) -> Iterator[NoticeRecord | ReadError]:
    return read_xml_notice(path, source=SOURCE, official_id=_official_id, record=_record)


def _record(root: etree._Element, raw: str, official_id: str) -> NoticeRecord:
    form = _original_form(root)
    kind = _kind(form)
    cpv_main, cpv_additional = _cpv(form)
    nuts = _nuts(root, form)
    buyer_name, buyer_siret = _buyer(form)
    return NoticeRecord(
        source=SOURCE,
        official_id=official_id,
        kind=kind,
        title=_text(form, "OBJECT_CONTRACT/TITLE"),
        buyer_name=buyer_name,
        buyer_siret=buyer_siret,
        description=_paragraphs(form, "OBJECT_CONTRACT/SHORT_DESCR"),
        language=(form.get("LG") or "").lower(),
        contract_type=_contract_type(form) or contract_type_for_cpv(cpv_main),
        procedure=_procedure(form),
        cpv_main=cpv_main,
        cpv_additional=cpv_additional,
        lots=_lots(form),
        nuts_codes=nuts,
        departements=departements_for_nuts_codes(nuts),
        published_on=_date(root, "CODED_DATA_SECTION/REF_OJS/DATE_PUB"),
        deadline_at=_deadline(root, form),
        estimated_value=_amount(form, "OBJECT_CONTRACT/VAL_ESTIMATED_TOTAL"),
        currency=_currency(form),
        duration_months=max(_durations(form), default=None),
        selection=selection_criteria(_paragraphs(form, f"LEFTI/{part}") for part in _SELECTION_PARTS),
        reservations=_reservations(form),
        social_clause=mentions_social_clause(_text(form, "LEFTI")),
        max_lots_per_bidder=_integer(form, "OBJECT_CONTRACT/LOT_DIVISION/LOT_MAX_ONE_TENDERER"),
        links=_links(root, form),
        awards=_awards(form),
        refers_to_id=_refers_to(root, form) if kind in _REFERRING_KINDS else "",
        raw=raw,
    )


# --- Element access: the schema's namespace changed between releases, so paths match any namespace. -----------


def _path(path: str) -> str:
    return "/".join(part if part in ("", ".", "..") else f"{{*}}{part}" for part in path.split("/"))


def _find(element: etree._Element, path: str) -> etree._Element | None:
    return element.find(_path(path))


def _all(element: etree._Element, path: str) -> list[etree._Element]:
    return element.findall(_path(path))


def _text(element: etree._Element, path: str) -> str:
    found = _find(element, path)
    return clean("".join(found.itertext())) if found is not None else ""


def _paragraphs(element: etree._Element, path: str) -> str:
    """A text of <P> paragraphs, one line each."""
    found = _find(element, path)
    if found is None:
        return ""
    parts = found.findall("{*}P") or [found]
    return "\n".join(unique(clean("".join(part.itertext())) for part in parts))


def _attribute(element: etree._Element, path: str, name: str) -> str:
    found = _find(element, path)
    return clean(found.get(name)) if found is not None else ""


def _date(element: etree._Element, path: str):
    text = _text(element, path)
    return parse_date(text) if text else None


def _amount(element: etree._Element, path: str) -> Decimal | None:
    return parse_amount(_text(element, path))


def _integer(element: etree._Element, path: str) -> int | None:
    text = _text(element, path)
    return int(text) if text.isdigit() else None


# --- Notice fields --------------------------------------------------------------------------------------------


def _official_id(root: etree._Element) -> str:
    number = root.get("DOC_ID") or _text(root, "CODED_DATA_SECTION/NOTICE_DATA/NO_DOC_OJS")
    if not number:
        raise RecordError("avis sans numéro de publication TED")
    return ted_publication_id(number)


def _original_form(root: etree._Element) -> etree._Element:
    forms = [form for form in _all(root, "FORM_SECTION/*") if isinstance(form.tag, str)]
    originals = [form for form in forms if form.get("CATEGORY") == "ORIGINAL"] or forms
    if not originals:
        raise RecordError("avis sans formulaire")
    for language in ("FR", _text(root, "CODED_DATA_SECTION/NOTICE_DATA/LG_ORIG")):
        for form in originals:
            if form.get("LG") == language:
                return form
    return originals[0]


def _kind(form: etree._Element) -> NoticeKind:
    number = form.get("FORM") or etree.QName(form).localname.split("_")[0]
    if number in _SOCIAL_FORMS:
        kind = _social_kind(_attribute(form, "NOTICE", "TYPE"))
    elif number in _KINDS:
        kind = _KINDS[number]
    else:
        raise RecordError(f"formulaire TED non pris en charge « {number} »")
    if kind is NoticeKind.AWARD_NOTICE and _ended_without_contract(form):
        return NoticeKind.CANCELLATION
    return kind


def _social_kind(notice_type: str) -> NoticeKind:
    if notice_type.startswith(("PRI", "PER")):
        return NoticeKind.PRIOR_INFORMATION
    return NoticeKind.AWARD_NOTICE if "AWARD" in notice_type else NoticeKind.CONTRACT_NOTICE


def _ended_without_contract(form: etree._Element) -> bool:
    """An award notice whose every lot is discontinued or unsuccessful closes the procedure with no contract:
    for the people watching its contract notice, it is a cancellation."""
    items = _all(form, "AWARD_CONTRACT")
    return bool(items) and all(_find(item, "AWARDED_CONTRACT") is None for item in items)


def _buyer(form: etree._Element) -> tuple[str, str]:
    address = "CONTRACTING_BODY/ADDRESS_CONTRACTING_BODY"
    return _text(form, f"{address}/OFFICIALNAME"), valid_siret(_text(form, f"{address}/NATIONALID"))


def _contract_type(form: etree._Element) -> ContractType | None:
    value = _attribute(form, "OBJECT_CONTRACT/TYPE_CONTRACT", "CTYPE").lower()
    return _CONTRACT_TYPES.get(value)


def _procedure(form: etree._Element) -> str:
    procedure = _find(form, "PROCEDURE")
    tags = [etree.QName(child).localname for child in procedure] if procedure is not None else []
    return next((_PROCEDURES[tag] for tag in tags if tag in _PROCEDURES), "")


def _cpv(form: etree._Element) -> tuple[str, list[str]]:
    main = _attribute(form, "OBJECT_CONTRACT/CPV_MAIN/CPV_CODE", "CODE")
    main = cpv_code(main) if main else ""
    codes = _all(form, "OBJECT_CONTRACT/OBJECT_DESCR/CPV_ADDITIONAL/CPV_CODE")
    return main, [code for code in unique(cpv_code(code.get("CODE", "")) for code in codes) if code != main]


def _lots(form: etree._Element) -> list[Lot]:
    if _find(form, "OBJECT_CONTRACT/LOT_DIVISION") is None:
        return []
    return [_lot(description) for description in _all(form, "OBJECT_CONTRACT/OBJECT_DESCR")]


def _lot(description: etree._Element) -> Lot:
    codes = _all(description, "CPV_MAIN/CPV_CODE") + _all(description, "CPV_ADDITIONAL/CPV_CODE")
    return Lot(
        number=_text(description, "LOT_NO") or description.get("ITEM", ""),
        title=_text(description, "TITLE"),
        description=_paragraphs(description, "SHORT_DESCR"),
        cpv_codes=unique(cpv_code(code.get("CODE", "")) for code in codes),
        estimated_value=_amount(description, "VAL_OBJECT"),
        nuts_codes=unique(nuts.get("CODE", "") for nuts in _all(description, "NUTS")),
    )


def _nuts(root: etree._Element, form: etree._Element) -> list[str]:
    codes = unique(nuts.get("CODE", "") for nuts in _all(form, "OBJECT_CONTRACT/OBJECT_DESCR/NUTS"))
    coded = _all(root, "CODED_DATA_SECTION/NOTICE_DATA/PERFORMANCE_NUTS")
    return codes or unique(nuts.get("CODE", "") for nuts in coded)


def _zone(root: etree._Element) -> tzinfo:
    """TED deadlines are the buyer's local time with no zone given. French notices are read in Europe/Paris;
    we keep no zone table for other countries and read their deadlines as UTC, at most a few hours off."""
    return PARIS if _attribute(root, "CODED_DATA_SECTION/NOTICE_DATA/ISO_COUNTRY", "VALUE") == "FR" else UTC


def _deadline(root: etree._Element, form: etree._Element) -> datetime | None:
    day = _text(form, "PROCEDURE/DATE_RECEIPT_TENDERS")
    if day:
        return parse_deadline(day, _text(form, "PROCEDURE/TIME_RECEIPT_TENDERS"), _zone(root))
    coded = _text(root, "CODED_DATA_SECTION/CODIF_DATA/DT_DATE_FOR_SUBMISSION")
    return parse_datetime(coded, _zone(root)) if coded else None


def _currency(form: etree._Element) -> str:
    for path in ("OBJECT_CONTRACT/VAL_ESTIMATED_TOTAL", "OBJECT_CONTRACT/VAL_TOTAL", ".//VAL_TOTAL"):
        if currency := _attribute(form, path, "CURRENCY"):
            return currency
    return "EUR"


def _durations(form: etree._Element) -> list[int]:
    durations = _all(form, "OBJECT_CONTRACT/OBJECT_DESCR/DURATION")
    months = (duration_months(duration.text, duration.get("TYPE")) for duration in durations)
    return [month for month in months if month is not None]


def _reservations(form: etree._Element) -> list[Reservation]:
    lefti = _find(form, "LEFTI")
    if lefti is None:
        return []
    found: list[Reservation] = []
    sheltered = ("RESTRICTED_SHELTERED_WORKSHOP", "RESTRICTED_SHELTERED_PROGRAM")
    if any(_find(lefti, tag) is not None for tag in sheltered):
        found += sheltered_reservations(_text(form, "LEFTI"))
    if _find(lefti, "RESERVED_ORGANISATIONS_SERVICE_MISSION") is not None:
        # Article 77 of directive 2014/24, transposed as L2113-15: health, social and cultural services
        # reserved to social and solidarity economy enterprises.
        found.append(Reservation.ESS)
    return found


def _links(root: etree._Element, form: etree._Element) -> list[str]:
    documents = _all(root, "CODED_DATA_SECTION/NOTICE_DATA/URI_LIST/URI_DOC")
    ted = [doc for doc in documents if doc.get("LG") == form.get("LG")] or documents[:1]
    body = "CONTRACTING_BODY"
    return unique(
        [
            *(clean(doc.text) for doc in ted),
            _text(form, f"{body}/URL_DOCUMENT"),
            _text(form, f"{body}/URL_PARTICIPATION"),
            _text(form, f"{body}/ADDRESS_CONTRACTING_BODY/URL_BUYER"),
        ]
    )


def _refers_to(root: etree._Element, form: etree._Element) -> str:
    """The notice this one follows: the form's own reference to the previous publication, else TED's."""
    candidates = [
        _text(form, "PROCEDURE/NOTICE_NUMBER_OJ"),
        _text(form, "COMPLEMENTARY_INFO/NOTICE_NUMBER_OJ"),
        _text(root, "CODED_DATA_SECTION/NOTICE_DATA/REF_NOTICE/NO_DOC_OJS"),
    ]
    for candidate in filter(None, candidates):
        try:
            return ted_publication_id(candidate)
        except RecordError:
            continue  # A reference the buyer mistyped only loses the link, never the notice.
    return ""


def _awards(form: etree._Element) -> list[Award]:
    has_lots = _find(form, "OBJECT_CONTRACT/LOT_DIVISION") is not None
    awards = []
    for item in _all(form, "AWARD_CONTRACT"):
        contract = _find(item, "AWARDED_CONTRACT")
        if contract is not None:
            awards.append(_award(item, contract, has_lots))
    return awards


def _award(item: etree._Element, contract: etree._Element, has_lots: bool) -> Award:
    """One awarded contract. The schema allows several contractors only with AWARDED_TO_GROUP: a consortium."""
    amount = _amount(contract, "VALUES/VAL_TOTAL")
    return Award(
        lot_number=_text(item, "LOT_NO") if has_lots else "",
        winners=[_winner(address) for address in _all(contract, ".//ADDRESS_CONTRACTOR")],
        amount=amount if amount is not None else _amount(contract, "VAL_TOTAL"),
        awarded_on=_date(contract, "DATE_CONCLUSION_CONTRACT"),
        tenders_received=_integer(contract, "TENDERS/NB_TENDERS_RECEIVED"),
    )


def _winner(address: etree._Element) -> Winner:
    national_id = _text(address, "NATIONALID")
    return Winner(
        name=_text(address, "OFFICIALNAME"),
        identifier=national_id,
        identifier_type="SIRET" if valid_siret(national_id) else "",
    )
