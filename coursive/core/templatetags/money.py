"""Amounts in templates: `{% load money %}` then `{{ amount|euros }}`, `{{ amount|euros:0 }}` or
`{{ price|unit_price }}`."""

from decimal import Decimal

from django import template

from coursive.core.money import format_euros, format_unit_price

register = template.Library()


@register.filter
def euros(value, decimals: int = 2) -> str:
    """« 1 234,50 € »; `|euros:0` leaves the cents out. Nothing for an unknown amount, so that
    `|euros|default:"—"` says how the page shows one."""
    if value is None or value == "":
        return ""
    return format_euros(Decimal(str(value)) if isinstance(value, float) else Decimal(value), int(decimals))


@register.filter
def unit_price(value) -> str:
    """« 3,80 € », « 0,0125 € »; « — » for a price not set."""
    return "—" if value is None else format_unit_price(value)
