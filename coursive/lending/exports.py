"""Loans as rows of a table, for the CSV and XLSX exports of `coursive.core.exports`."""

from django.utils.translation import gettext as _


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
    late = loan.is_late(today)
    return [
        loan.resource.name,
        loan.resource.inventory_number,
        loan.resource.owner_organisation.display_name if loan.resource.owner_organisation else _("Le pôle"),
        loan.organisation.display_name,
        loan.borrower_name,
        loan.checked_out_at,
        loan.get_checkout_condition_display(),
        loan.due_on,
        loan.checked_in_at,
        loan.get_checkin_condition_display(),
        _("oui") if late else _("non"),
    ]
