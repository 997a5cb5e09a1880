"""The price of a booking from a resource's hourly, half-day and day rates. Pure module, no ORM.

A booking is charged whole days (24 hours each) at the day rate, and whatever is left at the cheapest of: the
hours started at the hourly rate, the half-days started (4 hours each) at the half-day rate, one day. A rate left
empty is not offered; a resource with no rate at all is free. Amounts are Decimal, rounded half-up to the cent.
"""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from coursive.core.money import to_cents as cents

ZERO = Decimal("0.00")
HALF_DAY = timedelta(hours=4)
DAY = timedelta(hours=24)


@dataclass(frozen=True)
class Rates:
    hour: Decimal | None
    half_day: Decimal | None
    day: Decimal | None

    @property
    def is_free(self) -> bool:
        return self.hour is None and self.half_day is None and self.day is None


@dataclass(frozen=True)
class Price:
    amount_excl_tax: Decimal
    vat_rate: Decimal
    vat_amount: Decimal
    commission_rate: Decimal = ZERO
    commission_excl_tax: Decimal = ZERO
    owner_share_excl_tax: Decimal = ZERO

    @property
    def amount_incl_tax(self) -> Decimal:
        return self.amount_excl_tax + self.vat_amount


def _started(length: timedelta, unit: timedelta) -> int:
    return math.ceil(length / unit)


def _part_price(rates: Rates, length: timedelta) -> Decimal:
    options = []
    if rates.hour is not None:
        options.append(rates.hour * _started(length, timedelta(hours=1)))
    if rates.half_day is not None:
        options.append(rates.half_day * _started(length, HALF_DAY))
    if rates.day is not None:
        options.append(rates.day)
    return min(options)


def base_price(rates: Rates, length: timedelta) -> Decimal:
    if rates.is_free or length <= timedelta():
        return ZERO
    whole_days, rest = divmod(length, DAY)
    total = _part_price(rates, DAY) * whole_days if whole_days else ZERO
    if rest:
        total += _part_price(rates, rest)
    return cents(total)


def price(
    *, rates: Rates, length: timedelta, vat_rate: Decimal, owner_commission_rate: Decimal | None = None
) -> Price:
    """`owner_commission_rate` is given for equipment a member owns: the fee goes to the owner less it."""
    amount = base_price(rates, length)
    vat = cents(amount * vat_rate / 100)
    if owner_commission_rate is None:
        return Price(amount_excl_tax=amount, vat_rate=vat_rate, vat_amount=vat)
    commission = cents(amount * owner_commission_rate / 100)
    return Price(
        amount_excl_tax=amount,
        vat_rate=vat_rate,
        vat_amount=vat,
        commission_rate=owner_commission_rate,
        commission_excl_tax=commission,
        owner_share_excl_tax=amount - commission,
    )


def cancellation_fee(
    *, amount_excl_tax: Decimal, notice: timedelta, free_until: timedelta, late_percent: Decimal
):
    """Free when cancelled at least `free_until` before the start, else the stated share of the price."""
    if notice >= free_until:
        return ZERO
    return cents(amount_excl_tax * late_percent / 100)
