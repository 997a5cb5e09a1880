"""Bookings as CSV (semicolon-separated, with a BOM, as French spreadsheet software expects) and XLSX."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .calendar import PARIS


def _header() -> list[str]:
    return [
        _("N°"),
        _("Ressource"),
        _("Type"),
        _("Début"),
        _("Fin"),
        _("État"),
        _("Structure"),
        _("Client extérieur"),
        _("Réservé par"),
        _("Objet"),
        _("Tarif"),
        _("Montant HT"),
        _("Taux de TVA (%)"),
        _("TVA"),
        _("Montant TTC"),
        _("Dépôt de garantie"),
        _("Part du propriétaire HT"),
        _("Commission du pôle HT"),
        _("Frais d'annulation HT"),
    ]


def _values(booking) -> list:
    return [
        booking.pk,
        booking.resource.name,
        booking.resource.get_kind_display(),
        booking.starts_at.astimezone(PARIS).replace(tzinfo=None),
        booking.ends_at.astimezone(PARIS).replace(tzinfo=None),
        booking.get_status_display(),
        booking.organisation.display_name if booking.organisation else "",
        booking.customer_name,
        str(booking.booked_by),
        booking.title,
        booking.get_rate_display(),
        booking.amount_excl_tax,
        booking.vat_rate,
        booking.vat_amount,
        booking.amount_incl_tax,
        booking.deposit_amount,
        booking.owner_share_excl_tax,
        booking.commission_excl_tax,
        booking.cancellation_fee_excl_tax,
    ]


def _csv_cell(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M")
    text = str(value)
    # French spreadsheets read a decimal comma; a leading =, +, - or @ would be run as a formula.
    if text[:1] in {"=", "+", "@"} or (text[:1] == "-" and not text[1:2].isdigit()):
        text = "'" + text
    return text.replace(".", ",") if isinstance(value, Decimal) else text


def bookings_csv(bookings) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_header())
    for booking in bookings:
        writer.writerow([_csv_cell(value) for value in _values(booking)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def bookings_xlsx(bookings) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Réservations")
    sheet.append(_header())
    for booking in bookings:
        sheet.append(_values(booking))
    for row in sheet.iter_rows(min_row=2):
        for cell in row[3:5]:
            cell.number_format = "DD/MM/YYYY HH:MM"
        for cell in row[11:19]:
            cell.number_format = "#,##0.00"
    for index, width in enumerate([6, 28, 18, 17, 17, 22, 28, 24, 24, 30, 16] + [14] * 8, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
