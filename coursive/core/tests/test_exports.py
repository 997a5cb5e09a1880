"""The spreadsheet downloads every app answers: what a French spreadsheet opens, and nothing it would run."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from coursive.core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    csv_cell,
    csv_response,
    download,
    xlsx_response,
)

HEADERS = ["Structure", "Montant HT", "Le", "Depuis"]
ROW = ["Compagnie La Mouette", Decimal("1234.50"), date(2026, 3, 1), datetime(2026, 7, 1, 8, 30, tzinfo=UTC)]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_is_french_semicolons_decimal_commas_and_paris_times():
    rows = read_csv(csv_bytes(headers=HEADERS, rows=[ROW]))

    assert rows == [HEADERS, ["Compagnie La Mouette", "1234,50", "01/03/2026", "01/07/2026 10:30"]]


def test_an_empty_value_is_an_empty_cell_and_a_large_amount_keeps_its_digits():
    assert csv_cell(None) == ""
    assert csv_cell(Decimal("1E+2")) == "100"
    assert csv_cell(Decimal("-12.5")) == "-12,5"


def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted():
    assert csv_cell('=HYPERLINK("http://example.com")') == '\'=HYPERLINK("http://example.com")'
    assert csv_cell("+33 1 23") == "'+33 1 23"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-x") == "'-x"
    assert csv_cell("-5 €") == "-5 €"


@given(st.text())
def test_no_text_cell_starts_a_formula(text):
    cell = csv_cell(text)

    assert not cell.startswith(("=", "+", "@")) and (not cell.startswith("-") or cell[1:2].isdigit())
    assert cell.removeprefix("'") == text or cell == text


def test_the_csv_response_is_a_named_attachment():
    response = csv_response(filename="prets-dijon.csv", headers=HEADERS, rows=[ROW])

    assert response["Content-Type"] == CSV_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="prets-dijon.csv"'
    assert read_csv(response.content)[1][0] == "Compagnie La Mouette"


def test_the_workbook_holds_typed_cells_in_french_formats_under_a_frozen_header():
    response = xlsx_response(
        filename="appels.xlsx", title="Appels de loyer d'un très long titre", headers=HEADERS, rows=[ROW]
    )

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="appels.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Appels de loyer d'un très long "
    assert sheet.freeze_panes == "A2"
    header, row = sheet.iter_rows(min_row=1, max_row=2)
    assert [cell.value for cell in header] == HEADERS
    assert row[1].value == Decimal("1234.5") and row[1].number_format == "#,##0.00"
    assert row[2].value == datetime(2026, 3, 1) and row[2].number_format == "DD/MM/YYYY"
    assert row[3].value == datetime(2026, 7, 1, 10, 30) and row[3].number_format == "DD/MM/YYYY HH:MM"


def test_column_widths_are_set_when_given():
    response = xlsx_response(filename="x.xlsx", title="x", headers=HEADERS, rows=[], widths=[30, 12])

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.column_dimensions["A"].width == 30 and sheet.column_dimensions["B"].width == 12


def test_a_download_is_saved_under_its_name():
    response = download(b"%PDF-1.7", filename="DC1-reponse-3.pdf", content_type="application/pdf")

    assert response.content == b"%PDF-1.7"
    assert response["Content-Disposition"] == 'attachment; filename="DC1-reponse-3.pdf"'
