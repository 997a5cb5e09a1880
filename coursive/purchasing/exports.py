"""The split of a closed campaign's order as rows of a table, for the CSV export of `coursive.core.exports`.
The column names are plain identifiers: suppliers and accounting tools import the file as it is."""

from django.utils.translation import gettext as _

ORDER_HEADERS = [
    "reference_commande",
    "structure",
    "siret",
    "quantite",
    "unite",
    "prix_unitaire_ht",
    "quote_part_biens_ht",
    "quote_part_livraison_ht",
    "total_ht",
    "cout_seul_ht",
    "economie_ht",
    "facture",
]


def order_row(campaign, share) -> list:
    return [
        campaign.order_reference,
        share.organisation.legal_name,
        share.organisation.siret,
        share.quantity.normalize(),
        campaign.unit,
        campaign.unit_price.normalize(),
        share.goods_amount,
        share.delivery_amount,
        share.amount,
        share.solo_cost,
        share.saving,
        share.invoice.number if share.invoice and share.invoice.number else _("brouillon"),
    ]
