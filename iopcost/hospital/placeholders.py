"""Amounts that cannot be a day's or a session's price: placeholders beside real rates.

Real files stand fillers beside their rates ($1 "fee schedule" lines on most items
and plans, $0.01). Three rules find them, each said with its reason (core.charges:
FILLER, BELOW_GROSS, BELOW_LEVEL) in the sheet's "skipped" part with a count and an
example; no cost file, sheet or ranking ever uses one:

- a filler: one amount, whatever it is, on at least FILLER_ITEMS entries and
  FILLER_SHARE of the entries read, of two levels or more, and under FILLER_BELOW
  of the usual price of each (found once the whole file is read);
- an amount under FAR_BELOW of the same item's gross charge (found as it is read);
- an amount under FAR_BELOW of the level's usual price in the file.

A level's usual price is the upper quartile of its prices of every kind but allowed
amounts (per claim line): fillers, however many, stay below it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from iopcost.hospital.cells import CACHED, amount_of
from iopcost.hospital.types import Entry

FAR_BELOW = Decimal("0.02")
FILLER_ITEMS = 5
FILLER_SHARE = Decimal("0.25")
FILLER_BELOW = Decimal("0.25")


def far_below(amount: Decimal, reference: Decimal | None) -> bool:
    """Whether `amount` is too far below `reference` to be a price beside it."""
    return reference is not None and amount < reference * FAR_BELOW


def gross_of(entry: Entry) -> Decimal | None:
    """An entry's gross charge as a price, if it has one."""
    return None if entry.gross is None else amount_of(entry.gross)


@dataclass(slots=True)
class Fillers:
    """The amounts of every entry read, counted to find a filler. Per amount (at most
    CACHED of them, so memory stays bounded): the entries that carry it, and its levels."""

    entries: int = 0
    carried: Counter[Decimal] = field(default_factory=Counter)
    levels: dict[Decimal, set[str]] = field(default_factory=dict)

    def count(self, level: str, entry: Entry) -> None:
        """Count an entry's amounts: gross, cash and payers' dollars."""
        raws = (entry.gross, entry.cash, *(payer.dollar for payer in entry.payers))
        amounts = {amount for raw in raws if raw is not None and (amount := amount_of(raw))}
        if not amounts:
            return
        self.entries += 1
        for amount in amounts:
            if amount not in self.carried and len(self.carried) >= CACHED:
                continue
            self.carried[amount] += 1
            self.levels.setdefault(amount, set()).add(level)

    def found(self, usual: dict[str, Decimal]) -> frozenset[Decimal]:
        """The amounts repeated as fillers across the file's items and levels, far below
        each level's `usual` price."""
        least = max(Decimal(FILLER_ITEMS), FILLER_SHARE * self.entries)
        return frozenset(
            amount
            for amount, count in self.carried.items()
            if count >= least
            and len(self.levels[amount]) >= 2
            and all(
                amount < usual.get(level, amount) * FILLER_BELOW for level in self.levels[amount]
            )
        )


def usual_price(counts: Counter[Decimal]) -> Decimal:
    """A level's usual price: the amount three quarters of the way up, each amount
    counted as often as it is priced."""
    total = sum(counts.values())
    seen = 0
    for amount in sorted(counts):
        seen += counts[amount]
        if 4 * seen >= 3 * total:
            return amount
    return max(counts)
