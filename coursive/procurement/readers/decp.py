"""Reader for DECP JSON, the essential data of awarded public contracts (format "commande publique" v1:
`{"marches": [...]}`), streamed record by record with ijson so memory stays flat however large the file.

Each record is a contract already awarded: one AWARDED_CONTRACT notice with one award, whose several
`titulaires` are co-contractors (a group). Concession contracts (`_type` "Contrat de concession") name their
parties `autoriteConcedante` and `concessionnaires`, their value `valeurGlobale` and their date
`dateSignature`.

Quirks of the real files, handled here: CPV codes with a check digit ("50700000-2") or missing their leading
zero ("3000000"); dates with an offset ("2018-12-17+01:00"); `lieuExecution` coded as a département, a postcode,
an INSEE commune or canton code, a region or a country, often mislabelled (a postcode under "Code commune"),
read for the département it gives; U+FFFD characters left by a bad conversion upstream, kept as they are.

Not carried by DECP: a contract type (derived from the CPV code), lots, a deadline, selection criteria,
reservations, links, the NUTS code of the place.
"""

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import ijson

from coursive.core.geo import DEPARTEMENTS, departement_for_postcode
from coursive.core.text import fold
from coursive.procurement.readers.common import (
    FileHead,
    RecordError,
    clean,
    contract_type_for_cpv,
    cpv_code,
    parse_amount,
    parse_date,
    valid_siret,
)
from coursive.procurement.records import Award, NoticeKind, NoticeRecord, ReadError, Source, Winner

SOURCE = Source.DECP

# DECP procedure labels to eForms BT-105 codes, plus 'adapted' for the procédure adaptée (MAPA).
_PROCEDURES = {
    "procedure adaptee": "adapted",
    "appel d'offres ouvert": "open",
    "appel d'offres restreint": "restricted",
    "procedure concurrentielle avec negociation": "neg-w-call",
    "procedure negociee avec mise en concurrence prealable": "neg-w-call",
    "procedure negociee ouverte": "neg-w-call",
    "procedure negociee restreinte": "neg-w-call",
    "marche negocie sans publicite ni mise en concurrence prealable": "neg-wo-call",
    "marche public negocie sans publicite ni mise en concurrence prealable": "neg-wo-call",
    "dialogue competitif": "comp-dial",
}


def recognises(head: FileHead) -> bool:
    return not head.root and head.text.lstrip().startswith("{") and '"marches"' in head.text


def read(path: Path) -> Iterator[NoticeRecord | ReadError]:
    """One record or ReadError per contract. A truncated or undecodable file ends with one ReadError after
    the records read before the damage."""
    path = Path(path)
    index = 0
    with path.open("rb") as handle:
        items = ijson.items(handle, "marches.item", use_float=False)
        while True:
            try:
                item = next(items)
            except StopIteration:
                return
            except (ijson.JSONError, UnicodeDecodeError) as exc:
                position = f"{path.name} après l'enregistrement {index}"
                yield ReadError(source=SOURCE, position=position, reason=_failure(exc))
                return
            index += 1
            yield _read_item(item, position=f"{path.name} enregistrement {index}")


def _failure(exc: Exception) -> str:
    """Why the JSON stream stopped, in one line (ijson's messages span several, with a caret drawing)."""
    detail = exc.args[0] if exc.args else exc
    detail = detail.decode("utf-8", errors="replace") if isinstance(detail, bytes) else str(detail)
    message = clean(detail.splitlines()[0]) if detail.strip() else type(exc).__name__
    kind = "encodage illisible" if "utf" in message.lower() else "fichier tronqué ou JSON mal formé"
    return f"{kind} : {message}"


def _read_item(item: object, *, position: str) -> NoticeRecord | ReadError:
    official_id = ""
    try:
        if not isinstance(item, dict):
            raise RecordError("un marché doit être un objet JSON")
        official_id = _official_id(item)
        return _record(item, official_id)
    except RecordError as exc:
        return ReadError(source=SOURCE, position=position, reason=str(exc), official_id=official_id)


def _official_id(item: dict) -> str:
    """`uid` when the source gives one, else the buyer's SIRET and the buyer's own contract id, which is what
    `uid` is made of (the `id` alone repeats across buyers)."""
    if uid := clean(str(item.get("uid") or "")):
        return uid
    contract_id = clean(str(item.get("id") or ""))
    if not contract_id:
        raise RecordError("marché sans identifiant")
    return clean(str(_buyer(item).get("id") or "")) + contract_id


def _buyer(item: dict) -> dict:
    buyer = item.get("acheteur") or item.get("autoriteConcedante") or {}
    return buyer if isinstance(buyer, dict) else {}


def _record(item: dict, official_id: str) -> NoticeRecord:
    buyer = _buyer(item)
    cpv = cpv_code(item["codeCPV"]) if item.get("codeCPV") else ""
    place = item.get("lieuExecution") if isinstance(item.get("lieuExecution"), dict) else {}
    return NoticeRecord(
        source=SOURCE,
        official_id=official_id,
        kind=NoticeKind.AWARDED_CONTRACT,
        title=clean(str(item.get("objet") or "").replace("<br />", " ")),
        buyer_name=clean(str(buyer.get("nom") or "")),
        buyer_siret=valid_siret(str(buyer.get("id") or "")),
        contract_type=contract_type_for_cpv(cpv),
        procedure=_procedure(str(item.get("procedure") or "")),
        cpv_main=cpv,
        departements=_departements(str(place.get("code") or ""), str(place.get("typeCode") or "")),
        published_on=_date(item.get("datePublicationDonnees")),
        duration_months=_months(item.get("dureeMois")),
        awards=[_award(item)],
        raw=json.dumps(item, ensure_ascii=False, default=_json_number),
    )


def _award(item: dict) -> Award:
    holders = item.get("titulaires") or item.get("concessionnaires") or []
    amount = item.get("montant") if item.get("montant") is not None else item.get("valeurGlobale")
    return Award(
        winners=[_winner(holder) for holder in holders if isinstance(holder, dict)],
        amount=parse_amount(amount),
        awarded_on=_date(item.get("dateNotification") or item.get("dateSignature")),
    )


def _winner(holder: dict) -> Winner:
    return Winner(
        name=clean(str(holder.get("denominationSociale") or "")),
        identifier=clean(str(holder.get("id") or "")),
        identifier_type=clean(str(holder.get("typeIdentifiant") or "")),
    )


def _date(value: object):
    return parse_date(str(value)) if value else None


def _months(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(Decimal(str(value)))
    except ArithmeticError as exc:
        raise RecordError(f"durée non numérique « {value} »") from exc


def _procedure(label: str) -> str:
    key = fold(clean(label)).replace("\u2019", "'")
    return _PROCEDURES.get(key, key)


def _departements(code: str, kind: str) -> list[str]:
    """The départements of a `lieuExecution`. The code is read for what it looks like as much as for its
    label, since labels are often wrong: five digits are a postcode or an INSEE commune code (both start with
    the département), '2A004' a Corsican commune, two or three characters a département, a region code under
    "Code région" every département of the region."""
    code, kind = clean(code).upper(), fold(clean(kind))
    if kind == "code pays":
        return []
    if kind == "code region":
        return [dep.code for dep in DEPARTEMENTS.values() if dep.region_code == code]
    if len(code) == 5 and code.isdigit():
        found = departement_for_postcode(code)
        return [found] if found else []
    for candidate in (code, code.zfill(2), code[:3], code[:2]):
        if candidate in DEPARTEMENTS:
            return [candidate]
    return []


def _json_number(value: object) -> object:
    """ijson gives Decimals; the record kept for audit writes them back as JSON numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
