"""Reader for TED notices in eForms (UBL 2.3 with the eForms extension, published by TED since late 2023).

A file holds one notice: a ContractNotice, ContractAwardNotice or PriorInformationNotice root. We read the
procedure (`cac:ProcurementProject`), each lot (`cac:ProcurementProjectLot`), the buyer among the
organisations of the extension, and the results (`efac:NoticeResult`). Texts come in the French version when
French is one of the notice's official languages, else in the notice's first language.

Business terms read: BT-02 notice type, BT-21/24 title and description, BT-23 main nature, BT-105 procedure,
BT-262/263 CPV, BT-5071 place of performance, BT-27 estimated value, BT-36 duration, BT-131 tender deadline,
BT-71 reserved participation, BT-736 reserved execution, BT-06/BT-775 social procurement, BT-747/750
selection criteria, BT-33 lots a bidder may win, BT-15 documents, BT-18 submission address, OPP-010 publication
number, OPP-090 previous notice, BT-758 changed notice, BT-140 change reason.

Reserved procurement, mapped to French law:
- `res-ws` (sheltered workshops and operators integrating disabled or disadvantaged persons) and reserved
  execution (BT-736, sheltered employment programmes) are article 20 of directive 2014/24, split by French
  law into disability enterprises (L2113-12) and insertion structures (L2113-13): the notice's words tell
  which; for `res-ws` naming neither means both.
- `res-pub-ser` (article 77: health, social and cultural services reserved to public-service-mission
  organisations) is L2113-15, reserved to social and solidarity economy enterprises: ESS.
The Publications Office's converter, which produced our sample files from legacy notices, also sets BT-736
when a legacy notice reserved a service to a profession (architects): BT-736 alone is therefore trusted only
when the words confirm it.

Not carried in a way we can link: a change notice names the notice it changes by its eForms identifier
(BT-758, a UUID), not by its TED publication number; `refers_to_id` holds that identifier.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree

from coursive.procurement.readers.common import (
    FileHead,
    RecordError,
    clean,
    contract_type_for_cpv,
    cpv_code,
    departements_for_nuts_codes,
    duration_months,
    mentions_social_clause,
    named_reservations,
    paragraphs,
    parse_amount,
    parse_date,
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

SOURCE = Source.TED_EFORMS

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
EXTENSION = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
_ROOTS = {"ContractNotice", "ContractAwardNotice", "PriorInformationNotice"}
_UBL = "urn:oasis:names:specification:ubl:schema:xsd:"

# BT-02 notice types, by prefix: planning, competition, result, change.
_KINDS = (
    ("pin-", NoticeKind.PRIOR_INFORMATION),
    ("pmc", NoticeKind.PRIOR_INFORMATION),
    ("cn-", NoticeKind.CONTRACT_NOTICE),
    ("qu-sy", NoticeKind.CONTRACT_NOTICE),
    ("subco", NoticeKind.CONTRACT_NOTICE),
    ("can-", NoticeKind.AWARD_NOTICE),
    ("veat", NoticeKind.AWARD_NOTICE),
    ("compl", NoticeKind.AWARD_NOTICE),
    ("corr", NoticeKind.CORRIGENDUM),
)
_REFERRING_KINDS = {NoticeKind.CORRIGENDUM, NoticeKind.CANCELLATION, NoticeKind.AWARD_NOTICE}
_CONTRACT_TYPES = {kind.value: kind for kind in ContractType}
_NATURE = "cac:ProcurementProject/cbc:ProcurementTypeCode"
# ISO 639-3 codes of the EU's official languages, as eForms writes them, to the two letters used elsewhere.
_LANGUAGES = {
    "BUL": "bg", "CES": "cs", "DAN": "da", "DEU": "de", "ELL": "el", "ENG": "en", "EST": "et", "FIN": "fi",
    "FRA": "fr", "GLE": "ga", "HRV": "hr", "HUN": "hu", "ITA": "it", "LAV": "lv", "LIT": "lt", "MLT": "mt",
    "NLD": "nl", "POL": "pl", "POR": "pt", "RON": "ro", "SLK": "sk", "SLV": "sl", "SPA": "es", "SWE": "sv",
}  # fmt: skip
_SELECTION_TYPES = ("sui-act", "ef-stand", "tp-abil", "other")


@cache
def _xpath(path: str) -> etree.XPath:
    """`path` compiled once: a compiled XPath runs several times faster than find() with a namespace map."""
    return etree.XPath(path, namespaces=NS)


def _all(element: etree._Element, path: str) -> list[etree._Element]:
    return _xpath(path)(element)


def _first(element: etree._Element, path: str) -> etree._Element | None:
    found = _xpath(path)(element)
    return found[0] if found else None


def _text(element: etree._Element, path: str) -> str:
    """The text of the first element at `path`, '' when there is none (as findtext with a default of '')."""
    found = _xpath(path)(element)
    return (found[0].text or "") if found else ""


def recognises(head: FileHead) -> bool:
    return head.root in _ROOTS and _UBL in head.text


def read(path: Path) -> Iterator[NoticeRecord | ReadError]:
    return read_xml_notice(path, source=SOURCE, official_id=_official_id, record=_record)


class _Notice:
    """A parsed notice and the language its texts are read in."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.project = _first(root, "cac:ProcurementProject")
        self.lots = _all(root, "cac:ProcurementProjectLot")
        first = _text(root, "cbc:NoticeLanguageCode")
        official = {first, *(code.text for code in _all(root, "cac:AdditionalNoticeLanguage/cbc:ID"))}
        self.language = "FRA" if "FRA" in official else first
        self._organisations: dict[str, Winner] | None = None
        self._terms_text: str | None = None

    @property
    def organisations(self) -> dict[str, Winner]:
        """The organisations by technical id, read once per notice (buyer and winners both look them up)."""
        if self._organisations is None:
            self._organisations = _organisations(self)
        return self._organisations

    @property
    def terms_text(self) -> str:
        if self._terms_text is None:
            self._terms_text = _terms_text(self)
        return self._terms_text

    def text(self, element: etree._Element | None, path: str) -> str:
        """The text at `path` in the reading language, else in the first language given."""
        found = _all(element, path) if element is not None else []
        chosen = next((item for item in found if item.get("languageID") == self.language), None)
        chosen = chosen if chosen is not None else next(iter(found), None)
        return clean("".join(chosen.itertext())) if chosen is not None else ""

    def all(self, path: str) -> list[etree._Element]:
        """The elements at `path` in the procedure and in every lot."""
        parts = [self.project, *self.lots] if self.project is not None else self.lots
        return [found for part in parts for found in _all(part, path)]


def _record(root: etree._Element, raw: str, official_id: str) -> NoticeRecord:
    notice = _Notice(root)
    kind = _kind(notice.root)
    cpv_main, cpv_additional = _cpv(notice)
    nuts = unique(
        clean(code.text) for code in notice.all(".//cac:RealizedLocation//cbc:CountrySubentityCode")
    )
    buyer_name, buyer_siret = _buyer(notice)
    single_lot = len(notice.lots) <= 1
    return NoticeRecord(
        source=SOURCE,
        official_id=official_id,
        kind=kind,
        title=notice.text(notice.project, "cbc:Name"),
        buyer_name=buyer_name,
        buyer_siret=buyer_siret,
        description=notice.text(notice.project, "cbc:Description"),
        language=_LANGUAGES.get(notice.language, notice.language.lower()),
        contract_type=_CONTRACT_TYPES.get(clean(_text(notice.root, _NATURE)))
        or contract_type_for_cpv(cpv_main),
        procedure=_procedure(notice.root),
        cpv_main=cpv_main,
        cpv_additional=cpv_additional,
        lots=[] if single_lot else [_lot(notice, lot) for lot in notice.lots],
        nuts_codes=nuts,
        departements=departements_for_nuts_codes(nuts),
        published_on=_published_on(notice.root),
        deadline_at=min(_deadlines(notice), default=None),
        estimated_value=_estimated_value(notice, single_lot),
        currency=_currency(notice),
        duration_months=max(_durations(notice), default=None),
        selection=selection_criteria(_selection_texts(notice)),
        reservations=_reservations(notice),
        social_clause=_social_clause(notice),
        max_lots_per_bidder=_integer(
            _text(notice.root, ".//cac:LotDistribution/cbc:MaximumLotsAwardedNumeric")
        ),
        links=_links(notice),
        awards=_awards(notice, single_lot),
        refers_to_id=_refers_to(notice.root, kind) if kind in _REFERRING_KINDS else "",
        raw=raw,
    )


def _procedure(root: etree._Element) -> str:
    """BT-105 as coded ('open', 'neg-w-call'...); a placeholder such as 'UNKNOWN' is no procedure."""
    code = clean(_text(root, "cac:TenderingProcess/cbc:ProcedureCode"))
    return code if re.fullmatch(r"[a-z][a-z-]*", code) else ""


def _integer(text: str | None) -> int | None:
    text = clean(text)
    return int(text) if text.isdigit() else None


def _lot_number(identifier: str) -> str:
    """'LOT-0001' as people say it: '1'."""
    match = re.fullmatch(r"LOT-0*(\d+)", clean(identifier))
    return match[1] if match else clean(identifier)


# --- Notice fields --------------------------------------------------------------------------------------------


def _official_id(root: etree._Element) -> str:
    number = _text(root, f"{EXTENSION}/efac:Publication/efbc:NoticePublicationID")
    if not clean(number):
        raise RecordError("avis sans numéro de publication TED (OPP-010)")
    return ted_publication_id(number)


def _kind(root: etree._Element) -> NoticeKind:
    code = clean(_text(root, "cbc:NoticeTypeCode"))
    kind = next((kind for prefix, kind in _KINDS if code.startswith(prefix)), None)
    if kind is None:
        raise RecordError(f"type d'avis eForms non pris en charge « {code} »")
    reasons = {clean(reason.text) for reason in _all(root, f"{EXTENSION}/efac:Changes//cbc:ReasonCode")}
    if kind is NoticeKind.CORRIGENDUM and "cancel" in reasons:
        return NoticeKind.CANCELLATION
    if kind is NoticeKind.AWARD_NOTICE and _ended_without_contract(root):
        return NoticeKind.CANCELLATION
    return kind


def _ended_without_contract(root: etree._Element) -> bool:
    """Every lot closed without a winner: for those watching the contract notice, the procedure is cancelled."""
    statuses = [clean(code.text) for code in _all(root, f"{EXTENSION}//efac:LotResult/cbc:TenderResultCode")]
    return bool(statuses) and all(status == "clos-nw" for status in statuses)


def _refers_to(root: etree._Element, kind: NoticeKind) -> str:
    changed = clean(_text(root, f"{EXTENSION}/efac:Changes/efbc:ChangedNoticeIdentifier"))
    if kind is not NoticeKind.AWARD_NOTICE and changed:
        return changed
    previous = clean(_text(root, "cac:TenderingProcess/cac:NoticeDocumentReference/cbc:ID"))
    try:
        return ted_publication_id(previous) if previous else changed
    except RecordError:
        return ""  # A mistyped reference only loses the link, never the notice.


def _published_on(root: etree._Element):
    text = _text(root, f"{EXTENSION}/efac:Publication/efbc:PublicationDate")
    text = clean(text) or clean(_text(root, "cbc:IssueDate"))
    return parse_date(text) if text else None


def _organisations(notice: _Notice) -> dict[str, Winner]:
    """The organisations of the notice by technical id, with their registration number when given."""
    organisations = {}
    for company in _all(notice.root, f"{EXTENSION}/efac:Organizations/efac:Organization/efac:Company"):
        identifier = clean(_text(company, "cac:PartyLegalEntity/cbc:CompanyID"))
        organisations[clean(_text(company, "cac:PartyIdentification/cbc:ID"))] = Winner(
            name=notice.text(company, "cac:PartyName/cbc:Name"),
            identifier=identifier,
            identifier_type="SIRET" if valid_siret(identifier) else "",
        )
    return organisations


def _buyer(notice: _Notice) -> tuple[str, str]:
    reference = clean(_text(notice.root, "cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID"))
    buyer = notice.organisations.get(reference)
    return (buyer.name, valid_siret(buyer.identifier)) if buyer else ("", "")


def _codes(element: etree._Element | None, path: str) -> list[str]:
    found = _all(element, path) if element is not None else []
    return [cpv_code(code.text or "") for code in found if clean(code.text)]


def _cpv(notice: _Notice) -> tuple[str, list[str]]:
    main_path = "cac:MainCommodityClassification/cbc:ItemClassificationCode"
    additional_path = "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode"
    main = next(iter(_codes(notice.project, main_path)), "")
    lots = [_first(notice_lot, "cac:ProcurementProject") for notice_lot in notice.lots]
    codes = _codes(notice.project, additional_path)
    codes += [code for lot in lots for code in _codes(lot, main_path) + _codes(lot, additional_path)]
    main = main or next(iter(codes), "")
    return main, [code for code in unique(codes) if code != main]


def _lot(notice: _Notice, lot: etree._Element) -> Lot:
    project = _first(lot, "cac:ProcurementProject")
    main = "cac:MainCommodityClassification/cbc:ItemClassificationCode"
    additional = "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode"
    nuts = _all(project, "cac:RealizedLocation//cbc:CountrySubentityCode") if project is not None else []
    return Lot(
        number=_lot_number(_text(lot, "cbc:ID")),
        title=notice.text(project, "cbc:Name"),
        description=notice.text(project, "cbc:Description"),
        cpv_codes=unique(_codes(project, main) + _codes(project, additional)),
        estimated_value=_amount(project),
        nuts_codes=unique(clean(code.text) for code in nuts),
    )


def _amount(project: etree._Element | None) -> Decimal | None:
    if project is None:
        return None
    return parse_amount(_text(project, "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount"))


def _estimated_value(notice: _Notice, single_lot: bool) -> Decimal | None:
    value = _amount(notice.project)
    if value is None and single_lot and notice.lots:
        return _amount(_first(notice.lots[0], "cac:ProcurementProject"))
    return value


def _currency(notice: _Notice) -> str:
    amounts = notice.all(".//cbc:EstimatedOverallContractAmount") + _all(notice.root, ".//cbc:PayableAmount")
    return next((amount.get("currencyID") for amount in amounts if amount.get("currencyID")), "EUR")


def _deadlines(notice: _Notice) -> list[datetime]:
    """BT-131 per lot. eForms dates and times carry their offset; a time without one is read as UTC."""
    deadlines = []
    for period in notice.all("cac:TenderingProcess/cac:TenderSubmissionDeadlinePeriod"):
        day = clean(_text(period, "cbc:EndDate"))
        if day:
            deadlines.append(parse_deadline(day, clean(_text(period, "cbc:EndTime")), UTC))
    return deadlines


def _durations(notice: _Notice) -> list[int]:
    measures = notice.all(".//cac:PlannedPeriod/cbc:DurationMeasure")
    months = (duration_months(measure.text, measure.get("unitCode")) for measure in measures)
    return [month for month in months if month is not None]


def _selection_texts(notice: _Notice) -> list[str]:
    """The selection criteria of every lot (BT-750), suitability first, then economic, then technical."""
    criteria = notice.all("cac:TenderingTerms//efac:SelectionCriteria")
    ordered = sorted(criteria, key=lambda item: _rank(_text(item, "cbc:CriterionTypeCode")))
    return [notice.text(criterion, "cbc:Description") for criterion in ordered]


def _rank(criterion_type: str) -> int:
    kind = clean(criterion_type)
    return _SELECTION_TYPES.index(kind) if kind in _SELECTION_TYPES else len(_SELECTION_TYPES)


def _terms_text(notice: _Notice) -> str:
    """The lots' tendering terms in words: execution conditions and other requirements."""
    return paragraphs(
        notice.text(requirement, "cbc:Description")
        for requirement in notice.all("cac:TenderingTerms/cac:ContractExecutionRequirement")
    )


def _reservations(notice: _Notice) -> list[Reservation]:
    requirement = "cac:TenderingTerms/cac:TendererQualificationRequest/cac:SpecificTendererRequirement"
    codes = {clean(code.text) for code in notice.all(f"{requirement}/cbc:TendererRequirementTypeCode")}
    found: list[Reservation] = []
    if "res-ws" in codes:
        found += sheltered_reservations(notice.terms_text)
    elif _reserved_execution(notice):
        # Alone, BT-736 counts only when the notice's words name the regime: the converter-made samples
        # set it for services reserved to a profession.
        found += named_reservations(notice.terms_text)
    if "res-pub-ser" in codes:
        found.append(Reservation.ESS)
    return found


def _reserved_execution(notice: _Notice) -> bool:
    codes = notice.all("cac:TenderingTerms/cac:ContractExecutionRequirement/cbc:ExecutionRequirementCode")
    return any(code.get("listName") == "reserved-execution" and clean(code.text) == "yes" for code in codes)


def _social_clause(notice: _Notice) -> bool:
    """BT-06 'inc-soc' (social inclusion as strategic procurement), any BT-775 social objective, or the
    execution conditions asking for a social clause."""
    types = notice.all(".//cac:ProcurementAdditionalType/cbc:ProcurementTypeCode")
    for code in types:
        if code.get("listName") == "social-objective" and clean(code.text) not in ("", "none"):
            return True
        if code.get("listName") == "strategic-procurement" and clean(code.text) == "inc-soc":
            return True
    return mentions_social_clause(notice.terms_text)


def _links(notice: _Notice) -> list[str]:
    documents = notice.all("cac:TenderingTerms/cac:CallForTendersDocumentReference/cac:Attachment//cbc:URI")
    submission = notice.all("cac:TenderingTerms/cac:TenderRecipientParty/cbc:EndpointID")
    profile = _all(notice.root, "cac:ContractingParty/cbc:BuyerProfileURI")
    return unique(clean(link.text) for link in [*documents, *submission, *profile])


# --- Results --------------------------------------------------------------------------------------------------


@dataclass
class _Results:
    """The result section indexed by its technical ids, which tie lots, tenders, parties and contracts."""

    tenders: dict[str, etree._Element]
    parties: dict[str, list[str]]
    signed_on: dict[str, str]
    organisations: dict[str, Winner]


def _index(result: etree._Element, organisations: dict[str, Winner]) -> _Results:
    def key(element: etree._Element) -> str:
        return clean(_text(element, "cbc:ID"))

    signed_on = {}
    for contract in _all(result, "efac:SettledContract"):
        for tender in _all(contract, "efac:LotTender/cbc:ID"):
            signed_on[clean(tender.text)] = clean(_text(contract, "cbc:IssueDate"))
    return _Results(
        tenders={key(tender): tender for tender in _all(result, "efac:LotTender")},
        parties={
            key(party): [key(tenderer) for tenderer in _all(party, "efac:Tenderer")]
            for party in _all(result, "efac:TenderingParty")
        },
        signed_on=signed_on,
        organisations=organisations,
    )


def _awards(notice: _Notice, single_lot: bool) -> list[Award]:
    result = _first(notice.root, f"{EXTENSION}/efac:NoticeResult")
    if result is None:
        return []
    index = _index(result, notice.organisations)
    awards = []
    for lot_result in _all(result, "efac:LotResult"):
        if clean(_text(lot_result, "cbc:TenderResultCode")) == "selec-w":
            received = _tenders_received(lot_result)
            for reference in _all(lot_result, "efac:LotTender/cbc:ID"):
                tender = index.tenders.get(clean(reference.text))
                if tender is not None:
                    awards.append(_award(tender, index, received, single_lot))
    return awards


def _tenders_received(lot_result: etree._Element) -> int | None:
    for statistics in _all(lot_result, "efac:ReceivedSubmissionsStatistics"):
        if clean(_text(statistics, "efbc:StatisticsCode")) == "tenders":
            return _integer(_text(statistics, "efbc:StatisticsNumeric"))
    return None


def _award(tender: etree._Element, index: _Results, received: int | None, single_lot: bool) -> Award:
    """A winning tender. Its tendering party lists every tenderer: several of them are a group (consortium)."""
    tender_id = clean(_text(tender, "cbc:ID"))
    party = clean(_text(tender, "efac:TenderingParty/cbc:ID"))
    signed_on = index.signed_on.get(tender_id, "")
    return Award(
        lot_number="" if single_lot else _lot_number(_text(tender, "efac:TenderLot/cbc:ID")),
        winners=[
            index.organisations[org] for org in index.parties.get(party, []) if org in index.organisations
        ],
        amount=parse_amount(_text(tender, "cac:LegalMonetaryTotal/cbc:PayableAmount")),
        awarded_on=parse_date(signed_on) if signed_on else None,
        tenders_received=received,
    )
