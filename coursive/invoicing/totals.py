"""Invoice arithmetic, with no ORM: amounts per line, then VAT per rate, as EN 16931 computes them.

Each line amount is rounded to the cent; VAT is computed once per rate on the sum of that rate's line
amounts, then rounded. So the VAT breakdown, the totals printed on the PDF and those of the Factur-X XML
always agree (EN 16931 rules BR-CO-10 to BR-CO-15 and BR-S-08)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from coursive.core.money import to_cents


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return to_cents(quantity * unit_price)


@dataclass(frozen=True)
class RateTotal:
    rate: Decimal
    base: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    by_rate: tuple[RateTotal, ...]
    excl_tax: Decimal
    vat: Decimal
    incl_tax: Decimal


def compute_totals(lines: Iterable[tuple[Decimal, Decimal]]) -> Totals:
    """`lines` gives (amount excluding VAT, VAT rate in %) for each line; rates are listed highest first."""
    bases: dict[Decimal, Decimal] = {}
    for amount, rate in lines:
        bases[rate] = bases.get(rate, Decimal("0.00")) + amount
    by_rate = tuple(
        RateTotal(rate=rate, base=base, vat=to_cents(base * rate / 100))
        for rate, base in sorted(bases.items(), reverse=True)
    )
    excl_tax = sum((item.base for item in by_rate), Decimal("0.00"))
    vat = sum((item.vat for item in by_rate), Decimal("0.00"))
    return Totals(by_rate=by_rate, excl_tax=excl_tax, vat=vat, incl_tax=excl_tax + vat)
