"""Tables answered as spreadsheet downloads. CSV the way French spreadsheets open it without an import
dialog (semicolons, decimal commas, day-first dates, UTF-8 with a byte order mark); XLSX with typed cells
shown in French formats. Rows are lists of plain values: str, int, Decimal, date, datetime or None."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Spreadsheets run a cell starting with one of these as a formula (CSV injection); a minus sign before a
# digit is a negative number and stays.
FORMULA_STARTS = ("=", "+", "@", "-")
XLSX_FORMATS = {datetime: "DD/MM/YYYY HH:MM", date: "DD/MM/YYYY", Decimal: "#,##0.00"}
SHEET_TITLE_LENGTH = 31


def _local(value):
    # Spreadsheets know no time zones: an instant is written as the wall-clock time of the site.
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def csv_cell(value) -> str:
    value = _local(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not (text[:1] == "-" and text[1:2].isdigit()):
        return "'" + text
    return text


def csv_bytes(*, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    """One sheet: the header row frozen, then the rows, dates and amounts formatted by their type."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:SHEET_TITLE_LENGTH]
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_local(value) for value in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            number_format = XLSX_FORMATS.get(type(cell.value))
            if number_format:
                cell.number_format = number_format
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    """A response the browser saves as `filename` instead of showing it."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(*, filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    return download(csv_bytes(headers=headers, rows=rows), filename=filename, content_type=CSV_CONTENT_TYPE)


def xlsx_response(
    *,
    filename: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int] = (),
) -> HttpResponse:
    content = xlsx_bytes(title=title, headers=headers, rows=rows, widths=widths)
    return download(content, filename=filename, content_type=XLSX_CONTENT_TYPE)
