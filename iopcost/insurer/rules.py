"""What an in-network item keeps, whichever reader found it (the text reader of whole
items, or the event reader of an item too large to hold): which items price a level,
which of their rates count, and the waiting of rates whose references come later."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from iopcost.core.care import PER_CASE, CareCodes, normal_code
from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.plan_rates import (
    EVERY_CODE,
    EXPIRED,
    KINDS,
    NO_AMOUNT,
    OTHER_SETTING,
    PRICED_ARRANGEMENT,
    PROFESSIONAL,
    UNKNOWN_KIND,
    UNREFERENCED,
    Match,
    Price,
)
from iopcost.insurer.references import References

EVERY = "CSTM-00"
# Rate groups held for an item whose billing code comes after its rates.
MOST_WAITING = 10_000
MOST_CODES = 100_000
Matches = dict[str, tuple[str, ...]]


class Item:
    """An in-network item's own fields, and its rate groups held until its code is known."""

    __slots__ = ("arrangement", "code", "description", "kind", "level", "name", "pair", "waiting")

    def __init__(self) -> None:
        self.kind = self.code = self.name = self.description = ""
        self.arrangement = PRICED_ARRANGEMENT
        self.level: str | None = None
        self.pair = ("", "")
        self.waiting: list[tuple[list[Price], Matches]] = []


class Rules:
    """The rules every reader applies, and the state of a reading (which pass, how many
    rate groups wait for references)."""

    def __init__(self, codes: CareCodes, references: References, today: date) -> None:
        self.codes = codes
        self.references = references
        self.tally = references.tally
        self.today = today.isoformat()
        self.waiting_refs = 0
        self.second = False
        self.settings = {level.id: _setting(level.per_week) for level in codes.levels}
        # (type, code) as written -> its level and normal form, or None: files repeat a
        # few thousand codes over millions of items.
        self.known: dict[tuple[str, str], tuple[str, tuple[str, str]] | None] = {}

    def wanted(self, item: Item) -> bool:
        """Whether an item's code prices a level (its level set), once its type and code
        are known."""
        written = (item.kind, item.code)
        found = self.known.get(written, False)
        if found is False:
            found = self._classified(*written)
            if len(self.known) >= MOST_CODES:
                self.known.clear()
            self.known[written] = found
        if found is None:
            return False
        level, (kind, code) = found  # type: ignore[misc]
        if level == EVERY:
            self.tally.skip(EVERY_CODE, not self.second)
            return False
        item.level = level
        item.pair = (kind, code)
        item.code = f"{kind} {code}"
        self.tally.level_items += not self.second
        return True

    def _classified(self, kind: str, code: str) -> tuple[str, tuple[str, str]] | None:
        pair = normal_code(kind, code)
        if pair[1] == EVERY or pair[0] == "CSTM-ALL":
            return EVERY, pair
        level = self.codes.classify(*pair)
        return None if level is None or level == PER_CASE else (level, pair)

    def rate_done(
        self, item: Item, prices: list[Price], matches: Matches, by_reference: bool
    ) -> None:
        """One rate group read: kept, held for the item's code, or left for the second pass
        (named references not known yet)."""
        if by_reference and not self.references.known:
            self.waiting_refs += 1
        # The second pass reads only what the first had to leave: rates by reference.
        elif matches and (by_reference or not self.second):
            if item.level is None:
                if len(item.waiting) >= MOST_WAITING:
                    raise DataFileError(
                        _(
                            "an item lists over {most:,} rate groups before its billing code; "
                            "iopcost does not hold that many.",
                            most=MOST_WAITING,
                        )
                    )
                item.waiting.append((prices, matches))
            else:
                self.add(item, prices, matches)

    def flush(self, item: Item) -> None:
        if item.waiting and (item.level is not None or self.wanted(item)):
            for prices, matches in item.waiting:
                self.add(item, prices, matches)
        item.waiting = []

    def add(self, item: Item, prices: list[Price], matches: Matches) -> None:
        assert item.level is not None
        level = item.level
        not_unit = self.codes.not_a_unit((item.pair,), item.description or item.name)
        arrangement = item.arrangement.strip().lower() or PRICED_ARRANGEMENT
        for price in prices:
            reason = not_unit or self.problem(price, level)
            if reason is not None:
                self.tally.skip(reason)
                continue
            for label, networks in matches.items():
                match = Match(label, tuple(dict.fromkeys(networks)))
                self.tally.add(match, level, item.code, arrangement, price)

    def problem(self, price: Price, level: str) -> str | None:
        if price.kind not in KINDS:
            return UNKNOWN_KIND
        if price.rate is None:
            return NO_AMOUNT
        if price.expires[:10] < self.today and price.expires[:4].isdigit():
            return EXPIRED
        if price.billing_class == "professional":
            return PROFESSIONAL
        if price.setting not in ("", "both", self.settings[level]):
            return OTHER_SETTING
        return None

    def finish(self) -> None:
        """After a pass: rates that named references the file never defined."""
        if self.waiting_refs and not self.references.known:
            self.tally.skip(UNREFERENCED, self.waiting_refs)
            self.waiting_refs = 0


def _setting(per_week: int) -> str:
    """The setting a level's rate is for: a stay round the clock (billed every day of
    the week) is inpatient, a program the person goes home from is outpatient."""
    return "inpatient" if per_week == 7 else "outpatient"


def price_of(fields: dict[str, Any], modifiers: list[str]) -> Price:
    rate = fields.get("rate")
    if isinstance(rate, str):
        try:
            rate = Decimal(rate.strip())
        except ArithmeticError:
            rate = None
    if isinstance(rate, bool) or not isinstance(rate, int | Decimal):
        amount = None
    else:
        amount = Decimal(rate)
        if not amount.is_finite() or amount <= 0 or amount >= 10**9:
            amount = None
    return Price(
        kind=str(fields.get("kind", "")).strip().lower(),
        rate=amount,
        expires=str(fields.get("expires", "")).strip(),
        billing_class=str(fields.get("billing_class", "")).strip().lower(),
        setting=str(fields.get("setting", "")).strip().lower(),
        modifiers=tuple(modifiers),
    )
