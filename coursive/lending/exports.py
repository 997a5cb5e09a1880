"""Loans as a table, answered as CSV (semicolons and UTF-8 with BOM, as French spreadsheets expect) or XLSX."""

import csv
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _moment(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def loan_headers() -> list[str]:
    return [
        _("Matériel"),
        _("N° d'inventaire"),
        _("Propriétaire"),
        _("Emprunteur"),
        _("Personne"),
        _("Sorti le"),
        _("État au départ"),
        _("Retour prévu"),
        _("Rendu le"),
        _("État au retour"),
        _("En retard"),
    ]


def loan_row(loan, today) -> list:
    late = loan.returned_late or (loan.is_out and loan.due_on < today)
    return [
        loan.resource.name,
        loan.resource.inventory_number,
        loan.resource.owner_organisation.display_name if loan.resource.owner_organisation else _("Le pôle"),
        loan.organisation.display_name,
        loan.borrower_name,
        _moment(loan.checked_out_at),
        loan.get_checkout_condition_display(),
        loan.due_on,
        _moment(loan.checked_in_at),
        loan.get_checkin_condition_display(),
        _("oui") if late else _("non"),
    ]


def _cell(value):
    # French spreadsheets read a comma as the decimal mark.
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M" if hasattr(value, "hour") else "%d/%m/%Y")
    return "" if value is None else value


def csv_response(filename: str, headers: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(headers)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return response


def xlsx_response(filename: str, title: str, headers: list[str], rows) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
