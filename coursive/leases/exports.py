"""Rent calls as a table, answered as CSV (semicolons and UTF-8 with BOM, as French spreadsheets expect) or XLSX."""

import csv
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def call_headers() -> list[str]:
    return [
        _("Mois"),
        _("Structure"),
        _("SIRET"),
        _("Libellé"),
        _("Du"),
        _("Au"),
        _("Loyer HT"),
        _("Charges HT"),
        _("Total HT"),
        _("Taux de TVA"),
        _("TVA"),
        _("Total TTC"),
        _("Facture"),
    ]


def call_row(call) -> list:
    invoice = str(call.invoice) if call.invoice_id else ""
    return [
        call.month.strftime("%m/%Y"),
        call.organisation.legal_name,
        call.organisation.siret,
        call.label,
        call.period_start,
        call.period_end,
        call.rent,
        call.service_charges,
        call.total_excl_tax,
        call.vat_rate,
        call.vat_amount,
        call.total_incl_tax,
        invoice,
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
