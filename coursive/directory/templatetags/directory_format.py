"""How the directory pages write French identifiers and place names."""

from django import template
from stdnum.fr import siren, siret

from coursive.core import geo

register = template.Library()


@register.filter
def siret_display(value: str) -> str:
    """« 73282932000074 » -> « 732 829 320 00074 », as printed on an avis de situation SIRENE."""
    return siret.format(value) if value else ""


@register.filter
def siren_display(value: str) -> str:
    return siren.format(value) if value else ""


@register.filter
def departement_name(code: str) -> str:
    departement = geo.DEPARTEMENTS.get(code)
    return departement.name if departement else ""


@register.filter
def region_name(code: str) -> str:
    return geo.REGIONS.get(code, "")
