"""The legacy TED XML reader on the real notices shipped in data/procurement/ted_xml."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from coursive.procurement.readers import ted_legacy
from coursive.procurement.readers.common import PARIS
from coursive.procurement.records import (
    ContractType,
    NoticeKind,
    NoticeRecord,
    ReadError,
    Reservation,
    Source,
)

TED = Path(__file__).resolve().parents[3] / "data" / "procurement" / "ted_xml"


def _read(name: str) -> NoticeRecord:
    [record] = ted_legacy.read(TED / name)
    assert isinstance(record, NoticeRecord), record
    return record


def test_a_french_contract_notice_reads_with_its_reservations():
    record = _read("19-090974-001-EXP.xml")

    assert (record.source, record.official_id, record.kind) == (
        Source.TED_LEGACY,
        "091489-2019",
        NoticeKind.CONTRACT_NOTICE,
    )
    assert record.title.startswith(
        "Marché de service pour l'élaboration, la fabrication et la livraison de repas"
    )
    assert record.buyer_name == "EPS Paul Guiraud"
    assert (record.language, record.contract_type, record.procedure) == ("fr", ContractType.SERVICES, "open")
    assert (record.cpv_main, record.cpv_additional) == ("55321000", [])
    assert (record.nuts_codes, record.departements) == (["FR105"], ["92"])
    assert record.published_on == date(2019, 2, 26)
    assert record.deadline_at == datetime(2019, 3, 22, 15, 0, tzinfo=PARIS)
    assert record.deadline_at.utcoffset() == timedelta(hours=1)
    assert record.duration_months == 36
    # Sheltered workshop and programme boxes, the text naming EA and ESAT: disability; the article 77 box: ESS.
    assert record.reservations == [Reservation.DISABILITY, Reservation.ESS]
    assert record.links[0] == "http://ted.europa.eu/udl?uri=TED:NOTICE:091489-2019:TEXT:FR:HTML"


def test_an_award_notice_gives_its_lots_its_awards_and_the_group_that_won_a_lot():
    record = _read("18-412273-001-EXP.xml")

    assert (record.kind, record.refers_to_id) == (NoticeKind.AWARD_NOTICE, "092667-2018")
    assert [lot.title for lot in record.lots] == [
        "Infrastructures",
        "Élargissement Ouvrage d'Art (OA) sur la Siagne",
        "Espaces verts",
        "Fontainerie",
        "Auvent",
    ]
    assert record.lots[0].cpv_codes == ["45234116", "45233200", "44113320", "45232410"]
    assert record.lots[0].nuts_codes == ["FRL03"]
    assert record.departements == ["06"]
    assert [award.lot_number for award in record.awards] == ["1", "2", "3"]
    group = record.awards[0]
    assert group.is_group
    assert [(winner.name, winner.identifier, winner.identifier_type) for winner in group.winners] == [
        ("Eiffage route mediterranée (mandataire)", "39876221100298", "SIRET"),
        ("Gagneraud Construction (cotraitant)", "40268299100102", "SIRET"),
    ]
    assert (group.amount, group.awarded_on, group.tenders_received) == (
        Decimal("4625137.40"),
        date(2018, 8, 23),
        5,
    )
    assert not record.awards[1].is_group


def test_lots_carry_their_estimated_values():
    record = _read("20-213571-001-EXP.xml")

    assert [(lot.number, lot.title, lot.cpv_codes, lot.estimated_value) for lot in record.lots] == [
        ("1", "Managed Services", ["72500000"], Decimal("1295520.00")),
        ("2", "Wide Area Network", ["64200000"], Decimal("234856.00")),
    ]
    assert (record.estimated_value, record.currency) == (Decimal("1530376.00"), "GBP")
    # A British deadline: no zone table outside France, read as UTC.
    assert record.deadline_at == datetime(2020, 6, 5, 12, 0, tzinfo=UTC)


def test_a_concession_award_refers_to_its_notice_and_keeps_estimate_and_award_apart():
    record = _read("19-318420-001-EXP.xml")

    assert (record.kind, record.refers_to_id) == (NoticeKind.AWARD_NOTICE, "511495-2018")
    assert (record.cpv_main, record.cpv_additional) == ("79950000", ["92610000"])
    assert record.estimated_value == Decimal("6500000")
    [award] = record.awards
    assert [winner.name for winner in award.winners] == ["SO Space"]
    assert (award.amount, award.awarded_on, award.lot_number) == (Decimal("6883000"), date(2019, 5, 30), "")


def test_a_corrigendum_refers_to_its_notice_and_carries_the_moved_deadline():
    record = _read("23-119901-001-EXP.xml")

    assert (record.kind, record.refers_to_id) == (NoticeKind.CORRIGENDUM, "267307-2022")
    assert record.deadline_at == datetime(2023, 3, 3, 17, 0, tzinfo=UTC)


def test_an_award_notice_whose_every_lot_was_discontinued_cancels_its_notice():
    record = _read("21-364240-001-EXP.xml")

    assert (record.kind, record.refers_to_id, record.awards) == (NoticeKind.CANCELLATION, "431038-2019", [])


def test_a_notice_with_several_original_languages_is_read_in_french():
    record = _read("22-104446-001-EXP.xml")

    assert record.language == "fr"
    assert record.title.startswith("Génération de données techniques")


def test_every_shipped_notice_is_read():
    items = [item for path in sorted(TED.glob("*.xml")) for item in ted_legacy.read(path)]

    assert [item for item in items if isinstance(item, ReadError)] == []
    assert len({item.official_id for item in items}) == len(items) == 68


@pytest.mark.parametrize(
    ("edits", "official_id", "reason"),
    [
        (
            [('DOC_ID="091489-2019"', ""), ("<NO_DOC_OJS>2019/S 040-091489</NO_DOC_OJS>", "")],
            "",
            "avis sans numéro de publication TED",
        ),
        (
            [('<CPV_CODE CODE="55321000"/>', '<CPV_CODE CODE="12345678"/>')],
            "091489-2019",
            "code CPV inconnu « 12345678 »",
        ),
        (
            [("<DATE_PUB>20190226</DATE_PUB>", "<DATE_PUB>20190230</DATE_PUB>")],
            "091489-2019",
            "date impossible « 20190230 »",
        ),
    ],
)
def test_a_notice_with_bad_data_is_reported_with_its_id_and_reason(tmp_path, edits, official_id, reason):
    text = (TED / "19-090974-001-EXP.xml").read_text(encoding="utf-8")
    for old, new in edits:
        text = text.replace(old, new, 1)
    edited = tmp_path / "edited.xml"
    edited.write_text(text, encoding="utf-8")

    [error] = ted_legacy.read(edited)

    assert isinstance(error, ReadError)
    assert (error.position, error.official_id, error.reason) == ("edited.xml", official_id, reason)
