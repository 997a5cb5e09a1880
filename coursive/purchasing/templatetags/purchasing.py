"""Quantities as French readers expect them: « 12,5 », « 350 ramettes ». Amounts and unit prices are written
by `euros` and `unit_price` from the core `money` library."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def quantity(value) -> str:
    if value is None:
        return "—"
    normalized = Decimal(value).normalize()
    places = max(0, -normalized.as_tuple().exponent)
    return number_format(normalized, decimal_pos=places, force_grouping=True)


@register.filter
def with_unit(value, unit: str) -> str:
    """« 350 ramettes »: a unit written as a word takes the plural mark beyond one; symbols (kg, m²) and
    words already ending in s, x or z stay as they are."""
    text = quantity(value)
    if value is not None and Decimal(value) >= 2 and _takes_plural(unit):
        unit += "s"
    return f"{text}\u00a0{unit}"


def _takes_plural(unit: str) -> bool:
    return len(unit) >= 3 and unit.isalpha() and unit.islower() and unit[-1] not in "sxz"
