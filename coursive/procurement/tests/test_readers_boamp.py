"""The BOAMP reader on the real notices shipped in data/procurement/boamp_xml, and on two synthetic fixtures
for the corrigendum and the cancellation the real sample lacks (see fixtures/README.md)."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from coursive.procurement.readers import boamp
from coursive.procurement.readers.common import PARIS
from coursive.procurement.records import ContractType, NoticeKind, NoticeRecord, ReadError, Source

BOAMP = Path(__file__).resolve().parents[3] / "data" / "procurement" / "boamp_xml"
FIXTURES = Path(__file__).parent / "fixtures"


def _read(path: Path) -> NoticeRecord:
    [record] = boamp.read(path)
    assert isinstance(record, NoticeRecord), record
    return record


def test_a_call_for_tenders_reads_with_its_lots_and_selection_criteria():
    record = _read(BOAMP / "test-pub-5.xml")

    assert (record.source, record.official_id, record.kind) == (
        Source.BOAMP,
        "16-186359",
        NoticeKind.CONTRACT_NOTICE,
    )
    assert (
        record.title
        == "Conception, organisation et réalisation de manifestations pour les ministères sociaux"
    )
    assert record.buyer_name == "MTSFP"
    assert (record.contract_type, record.procedure) == (ContractType.SERVICES, "open")
    assert (record.cpv_main, record.cpv_additional) == ("79952000", ["79951000"])
    assert [(lot.number, lot.cpv_codes, lot.estimated_value, lot.nuts_codes) for lot in record.lots] == [
        ("1", ["79952000", "79951000"], Decimal("1083333"), ["FR"]),
        ("2", ["79952000", "79951000"], Decimal("6333333"), ["FR"]),
    ]
    assert record.lots[0].title == (
        "Conception, organisation et réalisation de manifestations organisées dans les locaux des ministères sociaux"
    )
    assert record.published_on == date(2017, 1, 1)
    assert record.deadline_at == datetime(2017, 2, 17, 12, 0, tzinfo=PARIS)
    # The whole country as place of performance says nothing local: the publication département stands in.
    assert record.departements == ["75"]
    assert record.max_lots_per_bidder == 1
    # "chiffre d'affaires global annuel supérieur à 406 250 euros HT" for lot 1, 2 375 000 for lot 2.
    assert record.selection.min_turnover == Decimal("406250")
    assert "supérieur à 406 250 euros HT" in record.selection.text
    assert record.selection.references.startswith("- Présentation d'une liste des principaux services")


def test_a_regional_nuts_code_covers_every_departement_of_the_region():
    record = _read(BOAMP / "test-pub.xml")

    assert record.nuts_codes == ["FR10"]
    assert record.departements == ["75", "77", "78", "91", "92", "93", "94", "95"]


def test_an_award_to_a_group_is_one_award_with_every_member():
    record = _read(BOAMP / "test-attribution-10.xml")

    assert (record.kind, record.refers_to_id) == (NoticeKind.AWARD_NOTICE, "15-14160")
    [award] = record.awards
    assert award.is_group
    assert [winner.name for winner in award.winners] == [
        "CONCRETE WAVES SKATE PARKS(Mandataire)",
        "SPORT DES VILLES(co-traitant)",
        "LAURENCE CREMEL PAYSAGISTE(Co-traitant)",
    ]
    assert (award.amount, award.awarded_on, award.tenders_received) == (
        Decimal("348852"),
        date(2016, 12, 26),
        3,
    )


def test_the_holders_of_a_framework_agreement_are_separate_awards():
    record = _read(BOAMP / "test-attribution-7.xml")

    assert [[winner.name for winner in award.winners] for award in record.awards] == [
        ["ADECCO MEDICAL"],
        ["SELECT TT APPEL MEDICAL"],
        ["TROOPS IZUMA"],
    ]
    assert not any(award.is_group for award in record.awards)


def test_an_award_notice_refers_to_the_call_for_tenders_it_closes():
    award_notice = _read(BOAMP / "test-attribution-8.xml")
    call = _read(BOAMP / "test-pub-9.xml")

    assert award_notice.refers_to_id == call.official_id == "16-652"


def test_awards_by_lot_with_nuts_2013_places():
    record = _read(BOAMP / "test-attribution-12.xml")

    assert record.buyer_siret == "26830066200015"
    assert (record.nuts_codes, record.departements) == (["FR825"], ["83"])  # NUTS 2013 code of the Var
    assert len(record.lots) == 21
    assert record.estimated_value == Decimal("855500")  # the framework's maximum
    first = record.awards[0]
    assert (first.lot_number, first.amount, first.awarded_on) == ("1", Decimal("130000"), date(2016, 10, 20))
    assert [winner.name for winner in first.winners] == ["Brake France Service"]


def test_an_award_notice_declaring_the_procedure_abandoned_cancels_its_notice():
    record = _read(BOAMP / "test-attribution-4.xml")

    assert (record.kind, record.refers_to_id, record.awards) == (NoticeKind.CANCELLATION, "16-155545", [])


def test_a_corrigendum_refers_to_its_notice_and_carries_the_new_deadline():
    record = _read(FIXTURES / "boamp_rectificatif_synthetic.xml")

    assert (record.kind, record.refers_to_id) == (NoticeKind.CORRIGENDUM, "16-186394")
    assert record.deadline_at == datetime(2017, 2, 14, 12, 0, tzinfo=PARIS)
    assert "2017-02-07T12:00:00+01:00 → 2017-02-14T12:00:00+01:00" in record.description


def test_a_cancellation_refers_to_the_notice_it_cancels():
    record = _read(FIXTURES / "boamp_annulation_synthetic.xml")

    assert (record.kind, record.refers_to_id) == (NoticeKind.CANCELLATION, "16-186394")
    assert (
        record.description == "Consultation annulée pour cause d'erreur substantielle dans la consultation."
    )


def test_every_shipped_notice_is_read():
    items = [item for path in sorted(BOAMP.glob("*.xml")) for item in boamp.read(path)]

    assert [item for item in items if isinstance(item, ReadError)] == []
    assert len(items) == 19


def test_an_unreadable_encoding_is_reported_with_its_name():
    [error] = boamp.read(FIXTURES / "boamp_latin1_declared_utf8.xml")

    assert isinstance(error, ReadError)
    assert error.position == "boamp_latin1_declared_utf8.xml"
    assert error.reason.startswith("encodage illisible")


def test_a_notice_without_its_reference_is_reported(tmp_path):
    text = (BOAMP / "test-pub-5.xml").read_text(encoding="utf-8")
    edited = tmp_path / "edited.xml"
    edited.write_text(text.replace("<IDWEB>16-186359</IDWEB>", ""), encoding="utf-8")

    [error] = boamp.read(edited)

    assert isinstance(error, ReadError)
    assert (error.position, error.reason) == ("edited.xml", "avis sans référence IDWEB")


def test_an_unknown_cpv_code_is_reported_with_the_notice_id(tmp_path):
    text = (BOAMP / "test-pub-5.xml").read_text(encoding="utf-8")
    edited = tmp_path / "edited.xml"
    edited.write_text(text.replace("<PRINCIPAL>79951000</PRINCIPAL>", "<PRINCIPAL>79951009</PRINCIPAL>", 1))

    [error] = boamp.read(edited)

    assert isinstance(error, ReadError)
    assert (error.official_id, error.reason) == ("16-186359", "code CPV inconnu « 79951009 »")
