"""How figures are written: amounts and ranges for people, counts and lengths for both."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from iopcost.core import money

Value = Decimal | int | str | None


class Shown(NamedTuple):
    """How a sheet shows money to people: its symbol, and cents or whole amounts."""

    symbol: str
    with_cents: bool

    def amount(self, value: Value) -> str:
        """An amount, or nothing for None."""
        if not isinstance(value, Decimal):
            return ""
        return money.show(value, self.symbol, with_cents=self.with_cents)

    def range(self, low: Value, high: Value) -> str:
        """A range of amounts, "$5,240 - $6,000", or one amount when both are equal."""
        if not isinstance(low, Decimal) or not isinstance(high, Decimal):
            return ""
        if money.cents(low) == money.cents(high):
            return self.amount(low)
        if low > high:
            # Never a range that runs backwards: at low rates / at high rates.
            return f"{self.amount(low)} / {self.amount(high)}"
        return f"{self.amount(low)} - {self.amount(high)}"


def count_value(count: Decimal) -> int | Decimal:
    """A count of days or trips: whole when it is, else to two places."""
    if count == count.to_integral_value():
        return int(count)
    return count.quantize(Decimal("0.01"))


def weeks_value(weeks: Fraction) -> Decimal | int:
    """A length in weeks: whole when it is, else to two places."""
    return count_value(Decimal(weeks.numerator) / Decimal(weeks.denominator))
