"""Bookings as rows of a table, for the CSV and XLSX exports of `coursive.core.exports`."""

from django.utils.translation import gettext as _

COLUMN_WIDTHS = [6, 28, 18, 17, 17, 22, 28, 24, 24, 30, 16] + [14] * 8


def booking_headers() -> list[str]:
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


def booking_row(booking) -> list:
    return [
        booking.pk,
        booking.resource.name,
        booking.resource.get_kind_display(),
        booking.starts_at,
        booking.ends_at,
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
