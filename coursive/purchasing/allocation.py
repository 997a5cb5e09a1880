"""The arithmetic of a group purchase, with no database: which price tier a volume reaches, which members
stay in the order when some refuse the price it reaches, and how an amount is split between members to the
cent.

Splitting works on whole cents and integer weights, so it is exact: each member's exact share is
amount * weight / total weight, its floor in cents is computed with integer division, and the cents the
floors leave over go one by one to the largest remainders (Hamilton's largest-remainder method). The shares
then sum to the amount exactly and each is within one cent of its exact value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from coursive.core.money import CENT, to_cents


@dataclass(frozen=True, slots=True)
class Tier:
    """From `min_quantity` units ordered in total, each unit costs `unit_price` excluding VAT."""

    min_quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class Demand:
    """One member's need: `max_unit_price` is the highest unit price it accepts, None when it takes any."""

    key: int
    quantity: Decimal
    max_unit_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Settlement:
    """What an offer gives for the declared needs: the tier reached by those who accept its price."""

    tier: Tier | None
    participants: tuple[Demand, ...]
    declined: tuple[Demand, ...]

    @property
    def total_quantity(self) -> Decimal:
        return sum((demand.quantity for demand in self.participants), Decimal(0))


def tier_for(tiers: Sequence[Tier], quantity: Decimal) -> Tier | None:
    """The tier with the highest threshold the quantity reaches; None below the first (the supplier's
    minimum order). Tiers are sorted by threshold."""
    reached = None
    for tier in tiers:
        if quantity < tier.min_quantity:
            break
        reached = tier
    return reached


def settle(tiers: Sequence[Tier], demands: Sequence[Demand]) -> Settlement:
    """Members whose maximum price is below the price reached leave the order; that lowers the volume and
    may raise the price, so this repeats until nobody else leaves. It ends, as each round removes at least
    one member or stops."""
    participants = list(demands)
    declined: list[Demand] = []
    while participants:
        tier = tier_for(tiers, sum((d.quantity for d in participants), Decimal(0)))
        if tier is None:
            return Settlement(None, tuple(participants), tuple(declined))
        keep = [d for d in participants if d.max_unit_price is None or d.max_unit_price >= tier.unit_price]
        if len(keep) == len(participants):
            return Settlement(tier, tuple(participants), tuple(declined))
        declined.extend(
            d for d in participants if d.max_unit_price is not None and d.max_unit_price < tier.unit_price
        )
        participants = keep
    return Settlement(None, (), tuple(declined))


def _scale(weights: Sequence[Decimal]) -> list[int]:
    """The weights as integers in the same proportions: each is multiplied by 10 to the largest number of
    decimal places among them."""
    places = max((-w.as_tuple().exponent for w in weights if w.as_tuple().exponent < 0), default=0)
    factor = 10**places
    return [int(w * factor) for w in weights]


def split(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`amount` (whole cents, not negative) shared in proportion to `weights` (not negative, not all zero):
    the shares sum to `amount` exactly, none is negative, and each is within one cent of its exact value.
    Equal remainders go to the larger weight, then to the earlier position, so the result is repeatable."""
    if amount < 0 or any(w < 0 for w in weights):
        raise ValueError("amount and weights must not be negative")
    integer_weights = _scale(weights)
    total_weight = sum(integer_weights)
    if total_weight == 0:
        raise ValueError("at least one weight must be positive")
    cents = int(to_cents(amount) / CENT)
    floors, remainders = [], []
    for weight in integer_weights:
        floor, remainder = divmod(cents * weight, total_weight)
        floors.append(floor)
        remainders.append(remainder)
    left_over = cents - sum(floors)
    order = sorted(range(len(floors)), key=lambda i: (-remainders[i], -integer_weights[i], i))
    for index in order[:left_over]:
        floors[index] += 1
    return [Decimal(floor) * CENT for floor in floors]


@dataclass(frozen=True, slots=True)
class Share:
    """One member's part of the order, and what the same purchase would have cost it alone from the same
    supplier: its own quantity at the tier it reaches alone (the first tier's price when it stays below the
    supplier's minimum, which it could then not even order) plus the whole delivery fee."""

    key: int
    quantity: Decimal
    goods: Decimal
    delivery: Decimal
    solo_unit_price: Decimal
    solo_below_minimum: bool
    solo_cost: Decimal

    @property
    def total(self) -> Decimal:
        return self.goods + self.delivery

    @property
    def saving(self) -> Decimal:
        return self.solo_cost - self.total


@dataclass(frozen=True, slots=True)
class Order:
    tier: Tier
    total_quantity: Decimal
    goods_total: Decimal
    delivery_fee: Decimal
    shares: tuple[Share, ...]
    declined: tuple[Demand, ...]

    @property
    def total(self) -> Decimal:
        return self.goods_total + self.delivery_fee

    @property
    def saving(self) -> Decimal:
        return sum((share.saving for share in self.shares), Decimal(0))


def order_for(
    tiers: Sequence[Tier], demands: Sequence[Demand], delivery_fee: Decimal = Decimal(0)
) -> Order | None:
    """The order an offer gives, or None when no volume of willing members reaches its first tier. The
    goods total is the volume at the tier price, rounded to the cent once; it and the delivery fee are each
    split in proportion to the quantities."""
    settlement = settle(tiers, demands)
    if settlement.tier is None:
        return None
    participants = settlement.participants
    quantities = [d.quantity for d in participants]
    goods_total = to_cents(settlement.total_quantity * settlement.tier.unit_price)
    goods = split(goods_total, quantities)
    delivery = split(delivery_fee, quantities)
    shares = tuple(
        _share(demand, goods[i], delivery[i], tiers, delivery_fee) for i, demand in enumerate(participants)
    )
    return Order(
        settlement.tier,
        settlement.total_quantity,
        goods_total,
        to_cents(delivery_fee),
        shares,
        settlement.declined,
    )


def _share(demand: Demand, goods: Decimal, delivery: Decimal, tiers: Sequence[Tier], fee: Decimal) -> Share:
    alone = tier_for(tiers, demand.quantity)
    unit_price = (alone or tiers[0]).unit_price
    return Share(
        key=demand.key,
        quantity=demand.quantity,
        goods=goods,
        delivery=delivery,
        solo_unit_price=unit_price,
        solo_below_minimum=alone is None,
        solo_cost=to_cents(demand.quantity * unit_price) + to_cents(fee),
    )
