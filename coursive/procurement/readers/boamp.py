"""Reader for BOAMP notices in the DILA XML schema (Boamp_v230.xsd), the `ANNONCE` documents that the
opendatasoft "boamp" dataset also serialises as JSON in its `gestion` and `donnees` fields.

A file holds one notice: `GESTION` (IDWEB reference, notice type, indexing: publication date, département,
descriptors) and `DONNEES` (buyer, object and lots, procedure, participation conditions, award decisions, and
for a corrigendum or a cancellation the notice it changes).

Choices the schema leaves to us:
- Several TITULAIRE in one DECISION are usually the several holders of a framework agreement, each with its
  own contract; they are a group (consortium) only when the notice says so: a GROUPEMENT flag, or names marked
  mandataire / co-traitant. A group is one award; otherwise each holder is an award of its own.
- Places: the performance département (DEP_PRESTATION) and the NUTS codes of the object and lots; the
  publication département (DEP_PUBLICATION, mostly the buyer's) only when nothing else is given.
- BOAMP notices of 2016-2017 use NUTS 2013 codes (FR825 for the Var): `nuts.py` knows both versions.
"""

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree

from coursive.core.geo import DEPARTEMENTS
from coursive.core.text import fold
from coursive.procurement.readers.common import (
    PARIS,
    FileHead,
    RecordError,
    clean,
    contract_type_for_cpv,
    cpv_code,
    departements_for_nuts_codes,
    mentions_social_clause,
    names_ess,
    paragraphs,
    parse_amount,
    parse_date,
    parse_datetime,
    read_xml_notice,
    selection_criteria,
    sheltered_reservations,
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

SOURCE = Source.BOAMP

# TYPE_AVIS/NATURE, written without underscores because the schema versions disagree on them.
_NATURES = {
    "PREINFORMATION": NoticeKind.PRIOR_INFORMATION,
    "PERIODIQUE": NoticeKind.PRIOR_INFORMATION,
    "PROFILACHETEUR": NoticeKind.PRIOR_INFORMATION,
    "APPELOFFRE": NoticeKind.CONTRACT_NOTICE,
    "QUALIFICATION": NoticeKind.CONTRACT_NOTICE,
    "SOUSTRAITANCE": NoticeKind.CONTRACT_NOTICE,  # a winner's call for subcontractors
    "ATTRIBUTION": NoticeKind.AWARD_NOTICE,
    "INTENTIONCONCLURE": NoticeKind.AWARD_NOTICE,  # voluntary ex ante transparency
    "MODIFICATION": NoticeKind.AWARD_NOTICE,  # modification of a contract during its term
    "RECTIFICATIF": NoticeKind.CORRIGENDUM,
    "ANNULATION": NoticeKind.CANCELLATION,
}
_CONTRACT_TYPES = {
    "SERVICE": ContractType.SERVICES,
    "SERVICES": ContractType.SERVICES,
    "FOURNITURES": ContractType.SUPPLIES,
    "TRAVAUX": ContractType.WORKS,
}
# Procedure codes of eForms BT-105, plus 'adapted' for the French procédure adaptée (MAPA), which has none.
_PROCEDURES = {
    "OUVERT": "open",
    "RESTREINT": "restricted",
    "PROCEDURE_ADAPTE": "adapted",
    "NEGOCIE": "neg-w-call",
    "CONCURRENTIELLE_AVEC_NEGOCIATION": "neg-w-call",
    "DIALOGUE_COMPETITIF": "comp-dial",
    "PARTENARIAT_INNOVATION": "innovation",
}
_SELECTION_PARTS = (
    "CRITERE_SELECTION",
    "SITUATION_JURIDIQUE",
    "CAP_ECO",
    "CAP_ECO_NIVEAU_MINI",
    "CAP_TECH",
    "CAP_TECH_NIVEAU_MINI",
    "JUSTIFICATIFS_CANDIDAT",
)
_REFERRING_KINDS = {NoticeKind.CORRIGENDUM, NoticeKind.CANCELLATION, NoticeKind.AWARD_NOTICE}
_GROUP_NAMES = re.compile(r"mandataire|co-?traitant|groupement")
_DEADLINE_WORDS = re.compile(r"iv\.?2\.?2|date limite|reception des offres|remise des offres")


def recognises(head: FileHead) -> bool:
    return head.root == "ANNONCE"


def read(path: Path) -> Iterator[NoticeRecord | ReadError]:
    return read_xml_notice(path, source=SOURCE, official_id=_official_id, record=_record)


def _official_id(root: etree._Element) -> str:
    official_id = clean(root.findtext("GESTION/REFERENCE/IDWEB"))
    if not official_id:
        raise RecordError("avis sans référence IDWEB")
    return official_id


def _record(root: etree._Element, raw: str, official_id: str) -> NoticeRecord:
    kind = _kind(root)
    lots = [_lot(lot) for lot in root.iterfind("DONNEES/OBJET/LOTS/LOT")]
    cpv_main, cpv_additional = _cpv(root, lots)
    nuts = unique(clean(code.text) for code in root.iterfind("DONNEES/OBJET//CODE_NUTS"))
    conditions = _text(root, "DONNEES/CONDITION_PARTICIPATION")
    return NoticeRecord(
        source=SOURCE,
        official_id=official_id,
        kind=kind,
        title=_text(root, "DONNEES/OBJET/TITRE_MARCHE") or _text(root, "GESTION/INDEXATION/RESUME_OBJET"),
        buyer_name=_text(root, "DONNEES/IDENTITE/DENOMINATION"),
        buyer_siret=valid_siret(_text(root, "DONNEES/IDENTITE/CODE_IDENT_NATIONAL")),
        description=_description(root, kind),
        contract_type=_CONTRACT_TYPES.get(_first_child(root, "DONNEES/OBJET/TYPE_MARCHE"))
        or contract_type_for_cpv(cpv_main),
        procedure=_procedure(root),
        cpv_main=cpv_main,
        cpv_additional=cpv_additional,
        lots=lots,
        nuts_codes=nuts,
        departements=_departements(root, nuts),
        published_on=_date(_text(root, "GESTION/INDEXATION/DATE_PUBLICATION")),
        deadline_at=_deadline(root),
        estimated_value=_estimated_value(root),
        duration_months=max(_durations(root), default=None),
        selection=selection_criteria(
            _text(root, f"DONNEES/CONDITION_PARTICIPATION/{part}") for part in _SELECTION_PARTS
        ),
        reservations=_reservations(root, conditions),
        social_clause=root.find("GESTION/INDEXATION/CRITERES_SOCIAUX_ENV/SOCIAUX") is not None
        or mentions_social_clause(conditions),
        max_lots_per_bidder=_integer(_text(root, "DONNEES/OBJET/NB_LOT_ATTRIB_MAX")),
        links=unique(
            _text(root, f"DONNEES/IDENTITE/{name}")
            for name in ("URL_DOCUMENT", "URL_PARTICIPATION", "URL_PROFIL_ACHETEUR")
        ),
        awards=_awards(root, bool(lots)),
        refers_to_id=_refers_to(root) if kind in _REFERRING_KINDS else "",
        raw=raw,
    )


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path)
    return clean("".join(found.itertext())) if found is not None else ""


def _first_child(element: etree._Element, path: str) -> str:
    found = element.find(path)
    children = [child.tag for child in found if isinstance(child.tag, str)] if found is not None else []
    return children[0] if children else ""


def _date(text: str) -> date | None:
    return parse_date(text) if text else None


def _integer(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _plain(tag: str) -> str:
    return tag.replace("_", "").replace("-", "")


def _child(element: etree._Element, name: str) -> etree._Element | None:
    """The child called `name`, with or without the underscores the schema versions disagree on."""
    return next(
        (child for child in element if isinstance(child.tag, str) and _plain(child.tag) == name), None
    )


# --- Notice fields --------------------------------------------------------------------------------------------


def _kind(root: etree._Element) -> NoticeKind:
    status = _plain(_first_child(root, "GESTION/REFERENCE/TYPE_AVIS/STATUT"))
    nature = _plain(_first_child(root, "GESTION/REFERENCE/TYPE_AVIS/NATURE"))
    if "ANNULATION" in (status, nature) or root.find("DONNEES/ANNULATION") is not None:
        return NoticeKind.CANCELLATION
    if "RECTIFICATIF" in (status, nature) or root.find("DONNEES/RECTIF") is not None:
        return NoticeKind.CORRIGENDUM
    if nature not in _NATURES:
        raise RecordError(f"nature d'avis BOAMP non prise en charge « {nature or 'absente'} »")
    if _NATURES[nature] is NoticeKind.AWARD_NOTICE and _ended_without_contract(root):
        return NoticeKind.CANCELLATION
    return _NATURES[nature]


def _ended_without_contract(root: etree._Element) -> bool:
    """An award notice declaring the procedure abandoned (sans suite) or fruitless (infructueux) with no
    holder at all: for the people watching the call for tenders, it is cancelled."""
    attribution = root.find("DONNEES/ATTRIBUTION")
    if attribution is None or attribution.find(".//TITULAIRE") is not None:
        return False
    return any("SANS_SUITE" in element.tag or "INFRUCTUEUX" in element.tag for element in attribution.iter())


def _refers_to(root: etree._Element) -> str:
    """The original notice (STATUT INITIAL) among those this one names: the call for tenders of an award,
    the notice a corrigendum or a cancellation changes."""
    own = root.find("GESTION/REFERENCE/IDWEB")
    references = [reference for reference in root.iter("REFERENCE") if reference.find("IDWEB") is not own]
    references = [reference for reference in references if reference.find("IDWEB") is not None]
    initial = [ref for ref in references if ref.find("TYPE_AVIS/STATUT/INITIAL") is not None]
    chosen = (initial or references)[:1]
    return clean(chosen[0].findtext("IDWEB")) if chosen else ""


def _description(root: etree._Element, kind: NoticeKind) -> str:
    described = _text(root, "DONNEES/OBJET/OBJET_COMPLET")
    if kind is NoticeKind.CORRIGENDUM:
        changes = [_change_text(change) for change in root.iterfind("DONNEES/RECTIF/*")]
        return paragraphs([described, *changes])
    if kind is NoticeKind.CANCELLATION:
        return paragraphs([described, _text(root, "DONNEES/ANNULATION/MOTIF")])
    return described


def _change_text(change: etree._Element) -> str:
    """One change of a corrigendum in words: where, what it said, what it says now."""
    if _plain(change.tag) != "MODIFICATION":
        return "" if _plain(change.tag) == "ANNONCEANTERIEUR" else clean("".join(change.itertext()))
    parts = [_named_text(change, name) for name in ("RUBINIT", "LOT", "APRESMENTION")]
    before = _named_text(change, "TXTINIT") or _dated(change, "INIT")
    after = _named_text(change, "LIRE") or _dated(change, "LIRE")
    return clean(" ".join(filter(None, [*parts, f": {before} → {after}" if before or after else ""])))


def _named_text(element: etree._Element, name: str) -> str:
    found = _child(element, name)
    return clean("".join(found.itertext())) if found is not None else ""


def _dated(change: etree._Element, name: str) -> str:
    dates = _child(change, "DATE")
    return _named_text(dates, name) if dates is not None else ""


def _procedure(root: etree._Element) -> str:
    tag = _first_child(root, "DONNEES/PROCEDURE/TYPE_PROCEDURE")
    return _PROCEDURES.get(tag, tag.lower())


def _codes(element: etree._Element) -> list[str]:
    return [cpv_code(code.text or "") for code in element.iterfind("CPV/*") if clean(code.text)]


def _cpv(root: etree._Element, lots: list[Lot]) -> tuple[str, list[str]]:
    objet = root.find("DONNEES/OBJET")
    codes = _codes(objet) if objet is not None else []
    codes += [code for lot in lots for code in lot.cpv_codes]
    main = next(iter(codes), "")
    return main, [code for code in unique(codes) if code != main]


def _lot(lot: etree._Element) -> Lot:
    return Lot(
        number=_text(lot, "NUM"),
        title=_text(lot, "INTITULE"),
        description=_text(lot, "DESCRIPTION"),
        cpv_codes=unique(_codes(lot)),
        estimated_value=parse_amount(_text(lot, "VALEUR")),
        nuts_codes=unique(clean(code.text) for code in lot.iterfind("CODE_NUTS")),
    )


def _departement(code: str) -> str:
    code = clean(code).upper()
    code = code.zfill(2) if code.isdigit() and len(code) < 2 else code
    return code if code in DEPARTEMENTS else ""


def _departements(root: etree._Element, nuts: list[str]) -> list[str]:
    indexing = "GESTION/INDEXATION"
    performed = [_departement(dep.text or "") for dep in root.iterfind(f"{indexing}/DEP_PRESTATION")]
    found = unique([*performed, *departements_for_nuts_codes(nuts)])
    published = [_departement(dep.text or "") for dep in root.iterfind(f"{indexing}/DEP_PUBLICATION")]
    return found or unique(published)


def _deadline(root: etree._Element) -> datetime | None:
    """The deadline stated, or for a corrigendum the new one it sets."""
    text = _text(root, "DONNEES/CONDITION_DELAI/RECEPT_OFFRES") or _rectified_deadline(root)
    text = text or _text(root, "GESTION/INDEXATION/DATE_LIMITE_REPONSE")
    return parse_datetime(text, PARIS) if text else None


def _rectified_deadline(root: etree._Element) -> str:
    for change in root.iterfind("DONNEES/RECTIF/*"):
        where = fold(" ".join(_named_text(change, name) for name in ("RUBINIT", "APRESMENTION")))
        if _plain(change.tag) == "MODIFICATION" and _DEADLINE_WORDS.search(where):
            return _named_text(change, "LIRE") or _dated(change, "LIRE")
    return ""


def _estimated_value(root: etree._Element) -> Decimal | None:
    """The stated total, else the maximum of a framework agreement (what the buyer estimates it at)."""
    for name in ("VALEUR_TOTALE", "VALEUR_ESTIMEE", "VALEUR_MAX"):
        if value := _text(root, f"DONNEES/OBJET/CARACTERISTIQUES/{name}"):
            return parse_amount(value)
    return None


def _durations(root: etree._Element) -> list[int]:
    found = root.findall("DONNEES/OBJET/DUREE_MOIS") + root.findall("DONNEES/OBJET/LOTS/LOT/DUREE_MOIS")
    return [int(text) for text in (clean(duration.text) for duration in found) if text.isdigit()]


def _reservations(root: etree._Element, conditions: str) -> list[Reservation]:
    """MARCHE_RESERVE_OUI (ATELIERS_PROTEGES, EMPLOIS_PROTEGES) is the French form of article 20 of the
    directive; a reservation to social and solidarity economy enterprises is only ever stated in words."""
    participation = root.find("DONNEES/CONDITION_PARTICIPATION")
    if participation is None or participation.find("MARCHE_RESERVE_OUI") is None:
        return []
    if names_ess(conditions):
        return [Reservation.ESS]
    return sheltered_reservations(conditions)


# --- Awards ---------------------------------------------------------------------------------------------------


def _awards(root: etree._Element, has_lots: bool) -> list[Award]:
    attribution = root.find("DONNEES/ATTRIBUTION")
    if attribution is None:
        return []
    decisions = attribution.findall("DECISION")
    decided_on = _date(_text(attribution, "DATE_DECISION"))
    # The notice's total value is a decision's amount only when there is one decision.
    total = parse_amount(_text(attribution, "VALEUR_TOTALE")) if len(decisions) == 1 else None
    numbered = has_lots or len(decisions) > 1
    awards = []
    for decision in decisions:
        holders = _holders(decision)
        lot_number = _text(decision, "NUM_LOT") if numbered else ""
        groups = [holders] if _is_group(decision, holders) else [[holder] for holder in holders]
        fallback = total if len(holders) == 1 else None
        awards += [_award(group, lot_number, fallback, decided_on) for group in groups]
    return awards


def _holders(decision: etree._Element) -> list[tuple[etree._Element, etree._Element | None]]:
    """Each TITULAIRE with the RENSEIGNEMENT that follows it."""
    holders: list[list] = []
    for child in decision:
        if child.tag == "TITULAIRE":
            holders.append([child, None])
        elif child.tag == "RENSEIGNEMENT" and holders and holders[-1][1] is None:
            holders[-1][1] = child
    return [(holder, details) for holder, details in holders]


def _is_group(decision: etree._Element, holders: list) -> bool:
    flagged = any("GROUPEMENT" in element.tag for element in decision.iter() if isinstance(element.tag, str))
    named = any(_GROUP_NAMES.search(fold(_text(holder, "DENOMINATION"))) for holder, _ in holders)
    return len(holders) > 1 and (flagged or named)


def _award(group: list, lot_number: str, fallback: Decimal | None, decided_on: date | None) -> Award:
    details = [detail for _, detail in group if detail is not None]

    def first(name: str) -> str:
        return next((_text(detail, name) for detail in details if _text(detail, name)), "")

    amount = parse_amount(first("MONTANT"))
    return Award(
        lot_number=lot_number,
        winners=[_winner(holder) for holder, _ in group],
        amount=amount if amount is not None else fallback,
        awarded_on=_date(first("DATE_ATTRIBUTION")) or decided_on,
        tenders_received=_integer(first("NB_OFFRE_RECU")),
    )


def _winner(holder: etree._Element) -> Winner:
    identifier = _text(holder, "CODE_IDENT_NATIONAL")
    return Winner(
        name=_text(holder, "DENOMINATION"),
        identifier=identifier,
        identifier_type="SIRET" if valid_siret(identifier) else "",
    )
