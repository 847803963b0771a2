"""What one level's prices add up to (Found), and a plan's prices kept by amount until
a file is read (Amounts), so that placeholders can be set aside (see placeholders).

Memory stays bounded whatever a file holds: a Found remembers its items by a number
each (item_number), at most MOST_ITEMS of them, and one example; an item's own price is
counted once among the collector's RECENT items last read (an item's rows come together)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from hashlib import blake2b
from typing import NamedTuple

from iopcost.core.charges import MOST_ITEMS
from iopcost.hospital.cells import CACHED
from iopcost.hospital.types import Entry


@lru_cache(maxsize=CACHED)
def code_texts(codes: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """An item's codes as shown ("HCPCS H0017")."""
    return tuple(f"{kind} {code}" for kind, code in codes)


# A Found tells MOST_ITEMS items apart (by item_number); past it, `items` counts no more
# and `more_items` says so. Real files give a level tens of items per plan; each number
# held takes some 60 bytes.
Item = tuple[str, tuple[tuple[str, str], ...]]  # (description, codes)


@lru_cache(maxsize=CACHED)
def code_set(codes: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """An item's codes as shown, as one frozen set shared by all that hold them."""
    return frozenset(code_texts(codes))


@lru_cache(maxsize=CACHED)
def item_number(item: Item) -> int:
    """A number for an item, the same in every process (a file read in parts is counted
    as one): 64 bits of its digest."""
    description, codes = item
    text = "\x1f".join((description, *(f"{kind}\x1e{code}" for kind, code in codes)))
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest())


# The most item numbers one kind of price holds in all its Founds (some 3 MiB): past it, a
# Found counts no new item (`more_items`), so that a file of very many plans and items
# cannot grow what is held per plan.
MOST_HELD = 50_000


@dataclass(slots=True)
class Budget:
    """How many more item numbers a kind of price's Founds may hold."""

    left: int = MOST_HELD


@dataclass(slots=True)
class Found:
    """Prices found for one level (and one payer and plan, for payer-specific prices)."""

    low: Decimal | None = None
    high: Decimal | None = None
    prices: int = 0
    # The items priced, by item_number, at most MOST_ITEMS; the first in order, to show.
    item_hashes: set[int] = field(default_factory=set)
    more_items: bool = False
    example: Item | None = None
    # Frozen sets, most often one shared by every Found of the same codes (`code_set`).
    codes: frozenset[str] = frozenset()
    payers: frozenset[str] = frozenset()
    methodologies: Counter[str] = field(default_factory=Counter)
    # What its item numbers draw on (None: a sum made once the file is read).
    budget: Budget | None = None

    def add(self, low: Decimal, high: Decimal, entry: Entry, method: str) -> None:
        """Count one price (a range for allowed amounts); the payer is its Amounts'."""
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)
        self.prices += 1
        item = (entry.description, entry.codes)
        self._count(item_number(item))
        if self.example is None or item < self.example:
            self.example = item
        codes = code_set(entry.codes)
        if not codes <= self.codes:
            self.codes = codes if not self.codes else self.codes | codes
        if method:
            self.methodologies[method] += 1

    @property
    def items(self) -> int:
        """How many items were priced (counted up to MOST_ITEMS: see `more_items`)."""
        return len(self.item_hashes)

    def _count(self, item: int) -> None:
        held = self.item_hashes
        if item in held:
            return
        budget = self.budget
        if len(held) >= MOST_ITEMS or (budget is not None and budget.left <= 0):
            self.more_items = True
            return
        held.add(item)
        if budget is not None:
            budget.left -= 1

    def absorb(self, other: Found) -> None:
        """Merge another (an amount no longer kept apart), its items counted as added."""
        numbers, other.item_hashes = other.item_hashes, set()
        if other.budget is not None:
            other.budget.left += len(numbers)
        self.merge(other)
        for number in numbers:
            self._count(number)

    def merge(self, other: Found) -> None:
        """Add another payer's prices for the same level."""
        if other.low is not None and other.high is not None:
            self.low = other.low if self.low is None else min(self.low, other.low)
            self.high = other.high if self.high is None else max(self.high, other.high)
        self.prices += other.prices
        self.item_hashes |= other.item_hashes  # bounded by what was added
        self.more_items |= other.more_items
        if other.example is not None and (self.example is None or other.example < self.example):
            self.example = other.example
        if not other.codes <= self.codes:
            self.codes = other.codes if not self.codes else self.codes | other.codes
        if not other.payers <= self.payers:
            self.payers = other.payers if not self.payers else self.payers | other.payers
        self.methodologies.update(other.methodologies)


# Per level, payer and plan, the lowest amounts kept apart until the file is read (a
# placeholder is among the lowest); the others are summed up at once, so memory stays
# bounded however many distinct amounts a file has.
KEPT_APART = 16


class Single(NamedTuple):
    """One price at an amount, as little as it takes (most amounts kept apart have one):
    its item, the item's number, its codes as shown and its methodology."""

    item: Item
    number: int
    codes: frozenset[str]
    method: str

    def found(self, low: Decimal, high: Decimal, budget: Budget | None = None) -> Found:
        """The same, as a Found, to add to or merge (its items drawing on `budget`)."""
        found = Found(
            low=low,
            high=high,
            prices=1,
            example=self.item,
            codes=self.codes,
            methodologies=Counter({self.method: 1} if self.method else {}),
            budget=budget,
        )
        found._count(self.number)
        return found


@dataclass(slots=True)
class Amounts:
    """One level's, payer's and plan's prices: the lowest KEPT_APART amounts apart (each
    may prove a placeholder; one price at an amount held as a Single), the rest summed."""

    lowest: dict[tuple[Decimal, Decimal], Found | Single] = field(default_factory=dict)
    rest: Found = field(default_factory=Found)
    # The payer and plan as shown (none for cash and gross), once for all its prices.
    payers: set[str] = field(default_factory=set)
    # What the item numbers of its Founds draw on (its kind of price's).
    budget: Budget | None = None

    def __post_init__(self) -> None:
        self.rest.budget = self.budget

    def add(self, low: Decimal, high: Decimal, entry: Entry, method: str) -> None:
        """Count one price of this amount where it belongs."""
        key = (low, high)
        held = self.lowest.get(key)
        if isinstance(held, Found):
            held.add(low, high, entry, method)
            return
        if held is not None:
            found = self.lowest[key] = held.found(low, high, self.budget)
            found.add(low, high, entry, method)
            return
        if len(self.lowest) >= KEPT_APART:
            highest = max(self.lowest)
            if key > highest:
                self.rest.add(low, high, entry, method)
                return
            self.rest.absorb(self.kept(highest, self.lowest.pop(highest)))
        item = (entry.description, entry.codes)
        self.lowest[key] = Single(item, item_number(item), code_set(entry.codes), method)

    @staticmethod
    def kept(key: tuple[Decimal, Decimal], held: Found | Single) -> Found:
        """What is kept at an amount, as a Found."""
        return held if isinstance(held, Found) else held.found(*key)

    def apart(self) -> Iterator[tuple[tuple[Decimal, Decimal], Found]]:
        """Each amount kept apart (lowest first) and its prices, as Founds."""
        for key, held in sorted(self.lowest.items(), key=lambda pair: pair[0]):
            yield key, self.kept(key, held)
