"""Exact money: Decimal throughout, rounded to cents half-up only when shown."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ONE = Decimal(1)
ZERO = Decimal(0)


def cents(amount: Decimal) -> Decimal:
    """Round to whole cents, half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def plain(amount: Decimal) -> str:
    """Cents with two places and no grouping, for CSV and TSV: "28000.00" (a Decimal
    quantized to cents prints as fixed-point)."""
    return str(amount.quantize(CENT, ROUND_HALF_UP))


def has_cents(amounts: Iterable[Decimal]) -> bool:
    """Whether any amount, rounded to cents, is not a whole number."""
    return any(cents(amount) % 1 for amount in amounts)


def show(amount: Decimal, symbol: str, *, with_cents: bool) -> str:
    """For people: "$28,000" or, where a table has cents anywhere, "$28,000.00"; whole
    dollars and cents are each rounded half up ($1,182.50 is $1,183)."""
    rounded = cents(amount) if with_cents else amount.quantize(ONE, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.2f}" if with_cents else f"{rounded:,.0f}"
    if text.startswith("-"):
        return f"-{symbol}{text[1:]}"
    return f"{symbol}{text}"
