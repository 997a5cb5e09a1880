"""What every reader relies on: the reporting of damaged XML notice files, the reading of dates, amounts, CPV
codes and TED numbers, and the best-effort reading of selection criteria, reservations and social clauses in
words."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from coursive.procurement.readers import boamp, eforms, ted_legacy
from coursive.procurement.readers.common import (
    PARIS,
    RecordError,
    cpv_code,
    mentions_social_clause,
    parse_amount,
    parse_date,
    parse_datetime,
    selection_criteria,
    sheltered_reservations,
    ted_publication_id,
)
from coursive.procurement.records import ReadError, Reservation, Source

DATA = Path(__file__).resolve().parents[3] / "data" / "procurement"
XML_READERS = pytest.mark.parametrize(
    ("reader", "sample", "source"),
    [
        (eforms, DATA / "eforms_xml" / "19-090974-001-EXP.xml", Source.TED_EFORMS),
        (ted_legacy, DATA / "ted_xml" / "19-090974-001-EXP.xml", Source.TED_LEGACY),
        (boamp, DATA / "boamp_xml" / "test-pub-5.xml", Source.BOAMP),
    ],
    ids=["eforms", "ted_legacy", "boamp"],
)


@XML_READERS
def test_a_truncated_file_is_reported_with_its_name(tmp_path, reader, sample, source):
    data = sample.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])

    [error] = reader.read(cut)

    assert isinstance(error, ReadError)
    assert (error.source, error.position) == (source, "cut.xml")
    assert error.reason.startswith("fichier tronqué ou XML mal formé")


@XML_READERS
def test_an_unreadable_encoding_is_reported_with_its_name(tmp_path, reader, sample, source):
    latin1 = tmp_path / "latin1.xml"
    latin1.write_bytes(sample.read_text(encoding="utf-8").encode("latin-1", errors="replace"))

    [error] = reader.read(latin1)

    assert isinstance(error, ReadError)
    assert (error.source, error.position) == (source, "latin1.xml")
    assert error.reason.startswith("encodage illisible")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-07-05", date(2019, 7, 5)),
        ("20190705", date(2019, 7, 5)),
        ("2018-12-17+01:00", date(2018, 12, 17)),
    ],
)
def test_dates_are_read_in_the_shapes_the_sources_write(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2019-02-30", "0201-05-03", "17/12/2018", ""])
def test_impossible_or_unreadable_dates_are_refused(text):
    with pytest.raises(RecordError):
        parse_date(text)


def test_a_deadline_keeps_its_own_offset_else_takes_the_buyers_zone():
    assert parse_datetime("2017-02-07T12:00:00+01:00", PARIS).utcoffset() == timedelta(hours=1)
    assert parse_datetime("20210705 15:00", PARIS) == datetime(2021, 7, 5, 15, 0, tzinfo=PARIS)
    assert parse_datetime("20210705 15:00", PARIS).utcoffset() == timedelta(hours=2)  # summer time
    assert parse_datetime("2021-07-05", UTC) == datetime(2021, 7, 5, tzinfo=UTC)


def test_amounts_are_decimals_and_words_are_refused():
    assert parse_amount("159691.6") == Decimal("159691.6")
    assert parse_amount("1 200,50") == Decimal("1200.50")
    assert parse_amount(None) is None
    with pytest.raises(RecordError, match="montant non numérique"):
        parse_amount("trente mille")


def test_cpv_codes_lose_their_check_digit_regain_their_leading_zero_and_must_exist():
    assert cpv_code("79952000-2") == "79952000"
    assert cpv_code("3000000") == "03000000"
    with pytest.raises(RecordError, match="code CPV inconnu « 12345678 »"):
        cpv_code("12345678")


def test_ted_publication_numbers_are_written_as_ted_shows_them():
    assert ted_publication_id("00092667-2018") == "092667-2018"
    assert ted_publication_id("2018/S 223-511495") == "511495-2018"


@pytest.mark.parametrize(
    ("text", "turnover"),
    [
        ("Chiffre d'affaires annuel minimum : 1,5 M€ HT.", Decimal("1500000")),
        ("Minimum yearly turnover of EUR 500 000 over the last three years.", Decimal("500000")),
        (
            "Lot 1 : chiffre d\u2019affaires supérieur à 200 000 €. Lot 2 : chiffre d'affaires de 50.000 euros.",
            Decimal("50000"),
        ),
        ("Déclaration concernant le chiffre d'affaires global des trois derniers exercices.", None),
        ("Assurance responsabilité civile de 1 000 000 €.", None),
    ],
)
def test_a_minimum_turnover_is_read_where_the_criteria_state_one(text, turnover):
    assert selection_criteria([text]).min_turnover == turnover


def test_certifications_named_in_the_criteria_are_listed():
    selection = selection_criteria(
        ["Certification ISO 9001 ou équivalent ; licence d'entrepreneur de spectacles."]
    )

    assert selection.certifications == ["ISO 9001", "Licence d'entrepreneur de spectacles"]


@pytest.mark.parametrize(
    ("text", "reservations"),
    [
        ("Marché réservé aux entreprises adaptées et aux ESAT.", [Reservation.DISABILITY]),
        (
            "Réservé aux structures d'insertion par l'activité économique (article L. 2113-13).",
            [Reservation.INSERTION],
        ),
        ("Marché réservé.", [Reservation.DISABILITY, Reservation.INSERTION]),
    ],
)
def test_a_sheltered_reservation_is_told_apart_by_the_words_of_the_notice(text, reservations):
    assert sheltered_reservations(text) == reservations


def test_a_social_clause_is_recognised_in_the_execution_conditions():
    assert mentions_social_clause("Le marché comporte une clause d'insertion de 350 heures.")
    assert not mentions_social_clause("Les marchés comportent des dispositions à caractère environnemental.")
