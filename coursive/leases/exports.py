"""Rent calls as rows of a table, for the CSV and XLSX exports of `coursive.core.exports`."""

from django.utils.translation import gettext as _


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
