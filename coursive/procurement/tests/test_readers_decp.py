"""The DECP reader on real records (fixtures/decp_sample.json, see fixtures/README.md) and on the shipped
PES file for the streaming check."""

import inspect
import json
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

from coursive.procurement.readers import decp
from coursive.procurement.records import ContractType, NoticeKind, NoticeRecord, ReadError, Source

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "decp_sample.json"
PES = (
    Path(__file__).resolve().parents[3]
    / "data"
    / "procurement"
    / "decp"
    / "decp_data.gouv.fr_pes_subset.json"
)


def _records(path: Path = SAMPLE) -> dict[str, NoticeRecord]:
    return {item.official_id: item for item in decp.read(path) if isinstance(item, NoticeRecord)}


def _errors(path: Path = SAMPLE) -> list[ReadError]:
    return [item for item in decp.read(path) if isinstance(item, ReadError)]


def test_every_valid_record_lands_and_each_malformed_one_is_reported_with_its_reason():
    items = list(decp.read(SAMPLE))

    records = [item for item in items if isinstance(item, NoticeRecord)]
    errors = [(item.position, item.official_id, item.reason) for item in items if isinstance(item, ReadError)]
    assert len(records) == 19
    assert errors == [
        ("decp_sample.json enregistrement 6", "", "marché sans identifiant"),
        (
            "decp_sample.json enregistrement 12",
            "21590328700013201820180020100",
            "date impossible « 2019-02-30 »",
        ),
        (
            "decp_sample.json enregistrement 18",
            "22850001300658201919008100",
            "date impossible « 0201-05-03 »",
        ),
        (
            "decp_sample.json enregistrement 23",
            "801285438000172018123456789100",
            "code CPV inconnu « 12345678 »",
        ),
        (
            "decp_sample.json enregistrement 24",
            "21590512600011201811600",
            "montant non numérique « trente mille »",
        ),
    ]
    assert isinstance(items[6], NoticeRecord)  # the record after a bad one is read


def test_a_contract_reads_as_one_awarded_contract_with_its_award():
    record = _records()["130018989000172019I1701000"]

    assert record.source is Source.DECP
    assert record.kind is NoticeKind.AWARDED_CONTRACT
    assert (
        record.title
        == "MAINTENANCE DES INSTALLATIONS DE CHAUFFAGE / VENTILATION / CLIMATISATION POUR INOVALYS ANGERS"
    )
    assert (record.buyer_name, record.buyer_siret) == ("INOVALYS", "13001898900017")
    assert record.cpv_main == "50700000"  # given with its check digit, "50700000-2"
    assert record.contract_type is ContractType.SERVICES
    assert record.procedure == "open"
    assert record.published_on == date(2019, 3, 19)  # given as "2019-03-19+01:00"
    assert record.duration_months == 38
    [award] = record.awards
    assert (award.amount, award.awarded_on, award.lot_number) == (Decimal("108000"), date(2018, 12, 17), "")
    assert [(winner.name, winner.identifier, winner.identifier_type) for winner in award.winners] == [
        ("HERVE THERMIQUE", "62722004900654", "SIRET")
    ]


def test_several_titulaires_are_one_award_to_a_group():
    record = _records()["216901231000112018J129600"]

    [award] = record.awards
    assert award.is_group
    assert [winner.name for winner in award.winners] == [
        "PHILAE (Agence de Lyon)",
        "CABINET DENIZOU",
        "DPI Didier Pierron",
        "L'ATELIER",
    ]
    assert award.amount == Decimal("103000")


def test_official_id_is_uid_when_given_else_buyer_siret_and_contract_id():
    records = _records()

    assert "200027159000172019A01601" in records  # the uid of the PES file
    assert (
        "21590328700013201820180020100" in records
    )  # Lambersart's SIRET and its contract id 201820180020100


def test_a_seven_digit_cpv_code_gets_its_leading_zero_back():
    record = _records()["259300325000182018QmYn6_CSMK00"]  # codeCPV "9000000"

    assert record.cpv_main == "09000000"
    assert record.contract_type is ContractType.SUPPLIES


def test_replacement_characters_of_the_source_are_kept():
    record = _records()["834553729000152018COs68fWklM00"]

    assert record.title == "Prestations juridiques pour la SOLIDEO - droit de l'am\ufffdnagement"
    assert record.buyer_name == "Soci\ufffdt\ufffd de livraison des ouvrages olympiques (SOLIDEO)"


def test_places_of_performance_become_departements_whatever_their_code():
    departements = {identifier: record.departements for identifier, record in _records().items()}

    assert departements["834553729000152018COs68fWklM00"] == ["75"]  # Code département
    assert departements["21590328700013201820180020100"] == ["59"]  # Code postal 59130
    assert departements["216901231000112018J129600"] == ["69"]  # Code commune 69123
    assert departements["22090001300016201900500"] == ["09"]  # canton 0901 under "Code arrondissement"
    assert departements["275600013000132018HyjAOnc6Qq00"] == ["56"]  # '563' with no typeCode
    assert departements["259300325000182018QmYn6_CSMK00"] == []  # Code pays
    assert departements["224400028000112019I113NC00"] == []  # 'DEP': no code at all


def test_a_concession_contract_reads_its_own_field_names():
    record = _records()["223200015000122018DSPRETENUE00"]

    [award] = record.awards
    assert record.cpv_main == "65130000"
    assert award.amount == Decimal("1500000")  # valeurGlobale
    assert award.awarded_on == date(2018, 12, 17)  # dateSignature
    assert [winner.name for winner in award.winners] == ["Compagnie d'Aménagement des Coteaux de Gascogne"]


def test_the_source_record_is_kept_for_audit():
    record = _records()["130018989000172019I1701000"]

    raw = json.loads(record.raw)
    assert raw["codeCPV"] == "50700000-2"
    assert raw["montant"] == 108000


def test_a_truncated_file_yields_the_records_before_the_cut_then_one_error():
    items = list(decp.read(FIXTURES / "decp_truncated.json"))

    *before, last = items
    assert sum(isinstance(item, NoticeRecord) for item in before) == 13
    assert sum(isinstance(item, ReadError) for item in before) == 2  # no id, impossible date
    assert isinstance(last, ReadError)
    assert last.position == "decp_truncated.json après l'enregistrement 15"
    assert last.reason.startswith("fichier tronqué ou JSON mal formé")


def test_a_file_in_another_encoding_is_reported(tmp_path):
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("latin-1", errors="replace"))

    items = list(decp.read(latin1))

    assert isinstance(items[-1], ReadError)
    assert items[-1].reason.startswith("encodage illisible")


def _replay(source: Path, target: Path, times: int) -> None:
    """A DECP file of `times` copies of real records, each under a fresh uid, written as a stream. The first
    200 records of the file are enough and keep the test quick under tracemalloc."""
    records = json.loads(source.read_text(encoding="utf-8"))["marches"][:200]
    with target.open("w", encoding="utf-8") as handle:
        handle.write('{"marches": [')
        for copy in range(times):
            for number, record in enumerate(records):
                record = {**record, "uid": f"{record['uid']}-{copy}"}
                handle.write(("," if copy or number else "") + json.dumps(record, ensure_ascii=False))
        handle.write("]}")


def _peak_while_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    count = sum(1 for _ in decp.read(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak


def test_reading_ten_times_more_records_does_not_take_more_memory(tmp_path):
    once, ten_times = tmp_path / "once.json", tmp_path / "ten_times.json"
    _replay(PES, once, 1)
    _replay(PES, ten_times, 10)
    # A first reading loads the CPV nomenclature and lets CPython's free lists (up to 2,000 tuples of each
    # size) reach their steady size; a garbage collection would empty them again.
    list(decp.read(ten_times))

    count_once, peak_once = _peak_while_reading(once)
    count_ten, peak_ten = _peak_while_reading(ten_times)

    assert inspect.isgeneratorfunction(decp.read)
    assert count_ten == 10 * count_once == 2000
    assert peak_ten < 1.5 * peak_once
