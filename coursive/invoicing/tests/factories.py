"""Test helpers for invoicing, usable by the apps that invoice through it (leases, purchasing)."""

from decimal import Decimal

from coursive.invoicing.models import SellerProfile, VatRegime
from coursive.invoicing.party_services import seller_profile_save
from coursive.invoicing.services import DraftLine

# A valid SIRET and the VAT number computed from its SIREN (python-stdnum checks both).
SELLER_SIRET = "91234567500017"


def seller_for(cluster, **overrides) -> SellerProfile:
    """The cluster's invoicing entity, as a coordinator would fill it."""
    fields = {
        "legal_name": "Coursive Coopération SCIC",
        "legal_form": "SCIC SAS à capital variable",
        "share_capital": "12 000 €",
        "siret": SELLER_SIRET,
        "vat_number": "FR65912345675",
        "rcs": "RCS Dijon 912 345 675",
        "street": "3 rue du Château",
        "postcode": "21000",
        "commune": "Dijon",
        "email": "facturation@coursive.example",
        "vat_regime": VatRegime.NORMAL,
        "payment_terms_days": 30,
        "late_penalty_rate": Decimal("12.15"),
        "iban": "FR7630006000011234567890189",
        "bic": "AGRIFRPP",
        "bank_name": "Banque exemple",
    }
    fields.update(overrides)
    return seller_profile_save(cluster=cluster, fields=fields)


def rent_line(**overrides) -> DraftLine:
    values = {
        "label": "Loyer de l'atelier B2, novembre 2026",
        "quantity": Decimal("1"),
        "unit": "mois",
        "unit_price_excl_tax": Decimal("450.00"),
        "vat_rate": Decimal("20"),
        "nature": "services",
        "source": "leases:rent-call:1",
    }
    values.update(overrides)
    return DraftLine(**values)
