"""Writes on the two parties of an invoice: the cluster's seller record and the customers, with the checks
an invoice needs of them (French identifiers and VAT numbers through python-stdnum)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import exceptions as stdnum_errors
from stdnum import iban as stdnum_iban
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret

from coursive.directory.models import Organisation

from .models import Customer, SellerProfile, VatRegime

# Seller record -----------------------------------------------------------------------------------------

SELLER_FIELDS = frozenset(
    f.name
    for f in SellerProfile._meta.concrete_fields
    if f.name not in {"id", "cluster", "created_at", "updated_at"}
)


def seller_profile_save(*, cluster, fields: dict) -> SellerProfile:
    unknown = set(fields) - SELLER_FIELDS
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    seller = SellerProfile.objects.filter(cluster=cluster).first() or SellerProfile(cluster=cluster)
    for name, value in fields.items():
        setattr(seller, name, value)
    seller.vat_number = (seller.vat_number or "").replace(" ", "").upper()
    seller.iban = stdnum_iban.compact(seller.iban or "")
    seller.bic = (seller.bic or "").replace(" ", "").upper()
    seller.full_clean()
    _seller_check_vat(seller)
    _seller_check_bank(seller)
    seller.save()
    return seller


def _seller_check_vat(seller: SellerProfile) -> None:
    if seller.vat_regime == VatRegime.NORMAL and not seller.vat_number:
        raise ValidationError(
            {
                "vat_number": _(
                    "Un émetteur assujetti à la TVA doit indiquer son numéro de TVA intracommunautaire."
                )
            }
        )
    if seller.vat_number:
        _check_vat_number(seller.vat_number, field="vat_number")
    if seller.vat_regime == VatRegime.FRANCHISE and seller.vat_on_debits:
        raise ValidationError(
            {
                "vat_on_debits": _(
                    "En franchise en base, aucune TVA n'est due : l'option pour les débits est sans objet."
                )
            }
        )


def _seller_check_bank(seller: SellerProfile) -> None:
    if seller.iban and not stdnum_iban.is_valid(seller.iban):
        raise ValidationError({"iban": _("Cet IBAN n'est pas valide : vérifiez sa clé (FR76 …).")})
    if seller.bic and not stdnum_bic.is_valid(seller.bic):
        raise ValidationError(
            {"bic": _("Ce BIC n'est pas valide (8 ou 11 caractères, par exemple AGRIFRPP).")}
        )


def _check_vat_number(value: str, *, field: str) -> None:
    try:
        eu_vat.validate(value)
    except stdnum_errors.ValidationError as error:
        raise ValidationError(
            {field: _("Ce numéro de TVA intracommunautaire n'est pas valide (par exemple FR83404833048).")}
        ) from error


def seller_profile_require(*, cluster) -> SellerProfile:
    seller = SellerProfile.objects.filter(cluster=cluster).first()
    if seller is None:
        raise ValidationError(
            _(
                "La coordination doit d'abord renseigner l'émetteur des factures du pôle (raison sociale, SIRET…)."
            ),
            code="no_seller",
        )
    return seller


# Customers ---------------------------------------------------------------------------------------------

CUSTOMER_FIELDS = frozenset(
    {
        "name",
        "is_professional",
        "siret",
        "vat_number",
        "street",
        "postcode",
        "commune",
        "country",
        "delivery_street",
        "delivery_postcode",
        "delivery_commune",
        "email",
    }
)


def customer_check(customer: Customer) -> None:
    """What an invoice to this customer needs: an address, and for a professional its identifiers (SIREN for a
    French company, the VAT number for a company elsewhere in the EU)."""
    errors = {}
    for name in ("name", "street", "postcode", "commune"):
        if not getattr(customer, name).strip():
            errors[name] = _("Ce champ est obligatoire pour facturer.")
    if customer.is_professional and customer.country == "FR" and not _valid_siren(customer.siret):
        errors["siret"] = _(
            "Un client professionnel doit avoir un SIREN (9 chiffres) ou un SIRET (14 chiffres) valide : "
            "c'est une mention obligatoire de la facture."
        )
    if customer.is_professional and customer.country != "FR" and not customer.vat_number:
        errors["vat_number"] = _("Un client professionnel établi hors de France doit avoir un numéro de TVA.")
    if errors:
        raise ValidationError(errors)
    if customer.vat_number:
        _check_vat_number(customer.vat_number, field="vat_number")


def _valid_siren(value: str) -> bool:
    if len(value) == 14:
        return fr_siret.is_valid(value)
    return len(value) == 9 and fr_siren.is_valid(value)


def customer_save(*, cluster, fields: dict, customer: Customer | None = None) -> Customer:
    unknown = set(fields) - CUSTOMER_FIELDS
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    customer = customer or Customer(cluster=cluster)
    for name, value in fields.items():
        setattr(customer, name, value)
    customer.siret = (customer.siret or "").replace(" ", "")
    customer.vat_number = (customer.vat_number or "").replace(" ", "").upper()
    customer.country = (customer.country or "FR").upper()
    customer_check(customer)
    customer.save()
    return customer


def customer_for_organisation(*, organisation: Organisation) -> Customer:
    """The billing record of a member organisation, created or brought in step with its directory record."""
    customer = Customer.objects.filter(cluster_id=organisation.cluster_id, organisation=organisation).first()
    fields = {
        "name": organisation.legal_name,
        "is_professional": True,
        "siret": organisation.siret,
        "vat_number": organisation.vat_number,
        "street": organisation.street,
        "postcode": organisation.postcode,
        "commune": organisation.commune,
        "country": "FR",
    }
    if customer is not None and all(getattr(customer, k) == v for k, v in fields.items()):
        return customer
    if customer is None:
        customer = Customer(cluster_id=organisation.cluster_id, organisation=organisation)
    if not customer.email:
        fields["email"] = organisation.email
    return customer_save(cluster=organisation.cluster, fields=fields, customer=customer)
