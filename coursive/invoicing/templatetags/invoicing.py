"""French number formats for invoices, independent of the active locale: the PDF is always French. Amounts
and unit prices are written by `euros` and `unit_price` from the core `money` library."""

from decimal import Decimal

from django import template

from coursive.core.money import format_decimal

register = template.Library()


@register.filter
def rate_fr(value) -> str:
    return f"{format_decimal(value)} %"


@register.filter
def quantity_fr(value) -> str:
    return format_decimal(value)


@register.filter
def get_amount(amounts: dict, key: str):
    return amounts.get(key, Decimal("0"))
