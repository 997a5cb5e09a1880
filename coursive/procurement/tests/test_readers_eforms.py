"""The eForms reader on the real notices shipped in data/procurement/eforms_xml (the Publications Office's
eForms rendering of TED notices, see data/procurement/SOURCES.md)."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from coursive.procurement.readers import eforms
from coursive.procurement.records import (
    ContractType,
    NoticeKind,
    NoticeRecord,
    ReadError,
    Reservation,
    Source,
)

EFORMS = Path(__file__).resolve().parents[3] / "data" / "procurement" / "eforms_xml"
CET = timezone(timedelta(hours=1))


def _read(name: str) -> NoticeRecord:
    [record] = eforms.read(EFORMS / name)
    assert isinstance(record, NoticeRecord), record
    return record


def test_a_french_contract_notice_reads_with_its_reservations():
    record = _read("19-090974-001-EXP.xml")

    assert (record.source, record.official_id, record.kind) == (
        Source.TED_EFORMS,
        "091489-2019",
        NoticeKind.CONTRACT_NOTICE,
    )
    assert record.title.startswith(
        "Marché de service pour l'élaboration, la fabrication et la livraison de repas"
    )
    assert record.buyer_name == "EPS Paul Guiraud"  # the organisation the ContractingParty points to
    assert (record.language, record.contract_type, record.procedure) == ("fr", ContractType.SERVICES, "open")
    assert (record.cpv_main, record.cpv_additional) == ("55321000", [])
    assert (record.nuts_codes, record.departements) == (["FR105"], ["92"])
    assert record.published_on == date(2019, 2, 26)
    assert record.deadline_at == datetime(2019, 3, 22, 15, 0, tzinfo=CET)
    assert record.duration_months == 36
    # res-ws with words naming EA and ESAT: disability; res-pub-ser (article 77): ESS.
    assert record.reservations == [Reservation.DISABILITY, Reservation.ESS]
    assert record.links == ["http://www.klekoon.com"]


def test_an_award_notice_gives_its_lots_its_awards_and_the_group_that_won_a_lot():
    record = _read("18-412273-001-EXP.xml")

    assert (record.kind, record.refers_to_id) == (NoticeKind.AWARD_NOTICE, "092667-2018")  # OPP-090
    assert [lot.number for lot in record.lots] == ["1", "2", "3", "4", "5"]
    assert record.lots[0].title == "Infrastructures"
    assert record.lots[0].cpv_codes == ["45234116", "45233200", "44113320", "45232410"]
    assert record.lots[0].nuts_codes == ["FRL03"]
    assert [award.lot_number for award in record.awards] == ["1", "2", "3"]  # lots 4 and 5: no winner
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


def test_a_contract_awarded_without_call_to_a_group_of_four():
    record = _read("22-073124-001-EXP.xml")

    assert record.kind is NoticeKind.AWARD_NOTICE  # veat
    [award] = record.awards
    assert [winner.name for winner in award.winners] == [
        "SAS Stéphane BESSIERES",
        "BET INSE SARL",
        "SARL Pierre BRUNEL",
        "SIGMA ACOUSTIQUE",
    ]
    assert (award.amount, award.awarded_on, award.lot_number) == (Decimal("120000.00"), date(2022, 1, 21), "")
    assert record.departements == ["48"]


def test_lots_carry_their_estimated_values():
    record = _read("20-213571-001-EXP.xml")

    assert [(lot.number, lot.title, lot.estimated_value) for lot in record.lots] == [
        ("1", "Managed Services", Decimal("1295520.00")),
        ("2", "Wide Area Network", Decimal("234856.00")),
    ]
    assert (record.estimated_value, record.currency) == (Decimal("1530376.00"), "GBP")


def test_texts_are_read_in_french_when_french_is_an_official_language_of_the_notice():
    record = _read("18-168448-001-EXP.xml")  # 24 official languages, English first

    assert record.language == "fr"
    assert record.title == "Vente publique de la voiture de service de l'ECHA (BMW ActiveHybrid 5)"


def test_selection_criteria_are_kept_as_stated_with_the_certifications_they_name():
    record = _read("20-162034-001-EXP.xml")

    assert record.selection.text.startswith("Les preuves et justificatifs de l'aptitude")
    assert record.selection.certifications == ["ISO 9001"]


def test_reserved_execution_alone_is_not_a_reservation_unless_the_words_say_so():
    # The converter set BT-736 for this architects' design contest: the profession, not sheltered employment.
    record = _read("21-363118-001-EXP.xml")

    assert record.reservations == []


def test_an_award_notice_whose_every_lot_closed_without_winner_cancels_its_notice():
    record = _read("21-364240-001-EXP.xml")

    assert (record.kind, record.refers_to_id, record.awards) == (NoticeKind.CANCELLATION, "431038-2019", [])


def test_every_shipped_notice_is_read():
    items = [item for path in sorted(EFORMS.glob("*.xml")) for item in eforms.read(path)]

    assert [item for item in items if isinstance(item, ReadError)] == []
    assert len({item.official_id for item in items}) == len(items) == 67


def test_a_notice_without_publication_number_is_reported(tmp_path):
    text = (EFORMS / "19-090974-001-EXP.xml").read_text(encoding="utf-8")
    edited = tmp_path / "edited.xml"
    edited.write_text(text.replace(">091489-2019</efbc:NoticePublicationID>", "></efbc:NoticePublicationID>"))

    [error] = eforms.read(edited)

    assert isinstance(error, ReadError)
    assert (error.position, error.reason) == (
        "edited.xml",
        "avis sans numéro de publication TED (OPP-010)",
    )


def test_an_impossible_deadline_is_reported_with_the_notice_id(tmp_path):
    text = (EFORMS / "19-090974-001-EXP.xml").read_text(encoding="utf-8")
    edited = tmp_path / "edited.xml"
    edited.write_text(
        text.replace(
            "<cbc:EndDate>2019-03-22+01:00</cbc:EndDate>", "<cbc:EndDate>2019-02-30+01:00</cbc:EndDate>"
        )
    )

    [error] = eforms.read(edited)

    assert isinstance(error, ReadError)
    assert (error.official_id, error.reason) == ("091489-2019", "date impossible « 2019-02-30+01:00 »")
