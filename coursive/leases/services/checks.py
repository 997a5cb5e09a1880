"""Checks every write of the leases app shares: amounts, VAT rates, and the model's own validation."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coursive.invoicing.models import VAT_RATES


def check_not_negative(fields: dict, names) -> None:
    errors = {
        name: _("Le montant ne peut pas être négatif.")
        for name in names
        if fields.get(name) is not None and fields[name] < 0
    }
    if errors:
        raise ValidationError(errors)


def check_vat_rate(fields: dict) -> None:
    rate = fields.get("vat_rate")
    if rate is not None and rate not in VAT_RATES:
        raise ValidationError({"vat_rate": _("Taux de TVA inconnu : choisissez 20, 10, 5,5, 2,1 ou 0 %.")})


def full_clean(instance, exclude=()) -> None:
    instance.full_clean(exclude=[*exclude, "cluster"], validate_constraints=False)
