"""Group-purchasing benchmark: the allocation of one order between 10,000 members' needs.

`allocation_ms_10k_members` times `coursive.purchasing.allocation.order_for` end to end on 10,000 needs
(quantities with up to three decimals, a fifth of them with a maximum unit price, four price tiers and a
delivery fee): finding who stays in the order at which tier, splitting the goods total and the delivery
fee to the cent by largest remainder, and each member's cost alone. The baseline, in the same run, is the
textbook way: exact `Fraction` arithmetic for each member's share, then the same largest-remainder rounding;
both must give the same shares to the cent. Each figure is the median of several runs.

The allocation is pure Python, so no database is involved; Django is set up only so that the module imports
as it does in the application.

Usage: .venv/bin/python bench/purchasing.py
The last line printed is one JSON object (see docs/benchmarks.md).
"""

import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from coursive.purchasing.allocation import CENT, Demand, Tier, order_for, settle, to_cents  # noqa: E402

MEMBERS = 10_000
RUNS = 7
GOAL_MS = 500
TIERS = (
    Tier(Decimal(100), Decimal("5.9000")),
    Tier(Decimal(10_000), Decimal("5.2000")),
    Tier(Decimal(100_000), Decimal("4.7500")),
    Tier(Decimal(500_000), Decimal("4.4125")),
)
DELIVERY_FEE = Decimal("1234.56")


def demands(seed: int = 2026) -> list[Demand]:
    rng = random.Random(seed)
    rows = []
    for key in range(MEMBERS):
        quantity = (
            Decimal(rng.randint(1, 500_000)) / 1000 if rng.random() < 0.3 else Decimal(rng.randint(1, 120))
        )
        max_price = Decimal(rng.choice(["4.30", "4.60", "6.00"])) if rng.random() < 0.2 else None
        rows.append(Demand(key, quantity, max_price))
    return rows


def naive_split(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Exact rational shares, floored to the cent, the cents left over to the largest remainders."""
    total = sum(Fraction(w) for w in weights)
    exact = [Fraction(amount) * Fraction(w) / total for w in weights]
    floors = [int(e * 100) for e in exact]
    left = int(amount * 100) - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] * 100 - floors[i]), -weights[i], i))
    for index in order[:left]:
        floors[index] += 1
    return [Decimal(f) * CENT for f in floors]


def naive_order(tiers, rows, fee):
    settlement = settle(tiers, rows)
    quantities = [d.quantity for d in settlement.participants]
    goods_total = to_cents(settlement.total_quantity * settlement.tier.unit_price)
    goods = naive_split(goods_total, quantities)
    delivery = naive_split(fee, quantities)
    return [g + d for g, d in zip(goods, delivery, strict=True)]


def median_ms(function) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def main() -> None:
    rows = demands()
    fast_ms, order = median_ms(lambda: order_for(TIERS, rows, DELIVERY_FEE))
    naive_ms, naive_totals = median_ms(lambda: naive_order(TIERS, rows, DELIVERY_FEE))
    shares = [share.total for share in order.shares]
    assert shares == naive_totals, "the two allocations disagree"
    assert sum(shares) == order.total
    print(f"{len(order.shares)} members in the order, {len(order.declined)} above their maximum price")
    print(
        f"tier reached: {order.tier.unit_price} per unit for {order.total_quantity} units; total {order.total}"
    )
    print(f"order_for: {fast_ms:.1f} ms (median of {RUNS}); Fraction baseline: {naive_ms:.1f} ms")
    figures = {
        "allocation_ms_10k_members": round(fast_ms, 1),
        "allocation_baseline_fraction_ms": round(naive_ms, 1),
        "allocation_speedup": round(naive_ms / fast_ms, 1),
        "members": MEMBERS,
        "goal_ms": GOAL_MS,
        "goal_met": fast_ms <= GOAL_MS,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
