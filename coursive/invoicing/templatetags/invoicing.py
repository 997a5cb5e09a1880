"""French number formats for invoices, independent of the active locale: the PDF is always French. Amounts
are written by `euros` from the core `money` library."""

from decimal import Decimal

from django import template

from coursive.core.money import format_euros

register = template.Library()


def _french(value: Decimal, places: int) -> str:
    text = f"{value:,.{places}f}"
    return text.replace(",", "\u202f").replace(".", ",")


@register.filter
def rate_fr(value) -> str:
    return f"{_french(Decimal(value).normalize(), max(0, -Decimal(value).normalize().as_tuple().exponent))} %"


@register.filter
def quantity_fr(value) -> str:
    normalised = Decimal(value).normalize()
    return _french(normalised, max(0, -normalised.as_tuple().exponent))


@register.filter
def unit_price_fr(value) -> str:
    normalised = Decimal(value).normalize()
    return format_euros(normalised, max(2, -normalised.as_tuple().exponent))


@register.filter
def get_amount(amounts: dict, key: str):
    return amounts.get(key, Decimal("0"))
