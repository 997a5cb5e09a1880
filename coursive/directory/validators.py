"""Validators for French identifiers, with messages a member can act on."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.fr import siren, siret

from coursive.core import geo

RNA_PATTERN = re.compile(r"^W[0-9A-Z]\d{8}$")
NAF_PATTERN = re.compile(r"^\d{2}\.\d{2}[A-Z]$")


def normalise_siret(value: str) -> str:
    return siret.compact(value or "")


def validate_siret(value: str) -> None:
    """Length, format and check digit; La Poste's establishments follow their own rule (python-stdnum).
    InvalidLength is a kind of InvalidFormat, so it is caught first."""
    try:
        siret.validate(value)
    except stdnum_errors.InvalidLength as error:
        raise ValidationError(_("Le SIRET doit comporter 14 chiffres."), code="siret_length") from error
    except stdnum_errors.InvalidFormat as error:
        raise ValidationError(
            _("Le SIRET ne doit contenir que des chiffres."), code="siret_format"
        ) from error
    except stdnum_errors.InvalidChecksum as error:
        raise ValidationError(
            _("Ce SIRET n'existe pas : sa clé de contrôle est fausse. Vérifiez les chiffres."),
            code="siret_checksum",
        ) from error


def vat_number_for_siren(number: str) -> str:
    """The theoretical intra-EU VAT number: the tax office assigns the real one."""
    return "FR" + siren.to_tva(number)


def validate_rna(value: str) -> None:
    if value and not RNA_PATTERN.match(value):
        raise ValidationError(
            _("Le numéro RNA s'écrit W suivi de 9 caractères (par exemple W212001234)."), code="rna_format"
        )


def validate_naf_format(value: str) -> None:
    if not NAF_PATTERN.match(value or ""):
        raise ValidationError(
            _("Le code NAF s'écrit comme 90.01Z : deux chiffres, un point, deux chiffres et une lettre."),
            code="naf_format",
        )


def validate_postcode(value: str) -> None:
    if not geo.is_valid_postcode(value or ""):
        raise ValidationError(
            _("Ce code postal n'est pas un code postal français valide (5 chiffres)."), code="postcode"
        )
