"""Amounts written for French readers in plain sentences. Pure Python: the matching and consortium engines,
which run without Django, use it too."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
NARROW_NO_BREAK_SPACE = "\u202f"
NO_BREAK_SPACE = "\u00a0"


def format_euros(amount: Decimal | int, decimals: int = 2) -> str:
    """« 1 234,50 € » whatever the page's language: rounded half up to `decimals` places, the narrow
    no-break space French typography puts between thousands, a decimal comma and a no-break space before
    the sign. Invoices are French documents, and the UI is French."""
    with localcontext() as context:
        # Formatting rounds with the context's rule and, unlike quantize, never runs out of precision.
        context.rounding = ROUND_HALF_UP
        number = f"{Decimal(amount):,.{decimals}f}"
    if not number.strip("-0.,"):
        number = number.removeprefix("-")
    return number.replace(",", NARROW_NO_BREAK_SPACE).replace(".", ",") + NO_BREAK_SPACE + "€"


def format_decimal(value: Decimal | int) -> str:
    """« 12,5 », « 1 250 »: the decimals the value carries, French grouping and comma."""
    normalised = Decimal(value).normalize()
    text = f"{normalised:,.{_places(normalised)}f}"
    return text.replace(",", NARROW_NO_BREAK_SPACE).replace(".", ",")


def format_unit_price(value: Decimal | int) -> str:
    """« 3,80 € », « 0,0125 € »: a unit price with its meaningful decimals, at least two, at most the four
    that invoice lines and purchase tiers store."""
    return format_euros(value, min(max(2, _places(Decimal(value).normalize())), 4))


def _places(normalised: Decimal) -> int:
    return max(0, -normalised.as_tuple().exponent)


def whole_euros(amount: Decimal | None) -> str:
    """« 120 000 € »: rounded to the euro. Nothing for an unknown amount."""
    if amount is None:
        return ""
    return format_euros(amount, decimals=0)


def to_cents(amount: Decimal) -> Decimal:
    """Rounded to the cent, halves away from zero, as French invoices and rent calls round."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
