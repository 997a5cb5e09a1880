"""Amounts written for French readers in plain sentences. Pure Python: the matching and consortium engines,
which run without Django, use it too."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
NARROW_NO_BREAK_SPACE = "\u202f"
NO_BREAK_SPACE = "\u00a0"


def whole_euros(amount: Decimal | None) -> str:
    """« 120 000 € »: rounded to the euro, with the narrow no-break space French typography puts between
    thousands and a no-break space before the sign. Nothing for an unknown amount."""
    if amount is None:
        return ""
    whole = int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{whole:,}".replace(",", NARROW_NO_BREAK_SPACE) + NO_BREAK_SPACE + "€"


def to_cents(amount: Decimal) -> Decimal:
    """Rounded to the cent, halves away from zero, as French invoices and rent calls round."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
