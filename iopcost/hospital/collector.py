"""One pass over a file's entries: each price of each kind counted per level, payer and plan.

Entries in (from iopcost.hospital.reader); the collector keeps, per kind of
price, the prices per level, plan and amount, and counts every line it skips
and every value that is not a price, with the reason. Once the file is read,
placeholders (iopcost.hospital.placeholders) are set aside and the rest summed
up: the low, high and count per level and plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from iopcost.core.care import DESCRIBED, PER_CASE, CareCodes, described_code
from iopcost.core.charges import BELOW_GROSS, BELOW_LEVEL, FILLER, PAYER_FREE
from iopcost.core.language import N_, _
from iopcost.hospital.cells import CACHED, name_key, percentage, price_of_text, price_value
from iopcost.hospital.found import Amounts, Budget, Found, code_texts
from iopcost.hospital.placeholders import Fillers, far_below, gross_of, usual_price
from iopcost.hospital.types import Entry, PayerCharge, Unreadable

# Why a cell or a row is not a price (also the keys of what a sheet says was skipped).
# An item's own price (gross, cash) is counted once however many payers' rows repeat it:
# once among the last RECENT items read (a file gives an item's rows together).
RECENT = 256

_NO_PAYER_PRICE = N_("no payer-specific price")
_CASE_RATE = N_("case rate: a price per stay or case, not per day")
_PERCENT_OF_BILLED = N_("percent of total billed charges: no dollar amount")
_PERCENT_OR_RULE_ONLY = N_("negotiated as a percentage or algorithm only: no dollar amount")
_NO_NEGOTIATED_DOLLARS = N_("no negotiated dollar amount")
_NO_ALLOWED_AMOUNTS = N_("no allowed amounts (10th and 90th percentile)")


def _method(written: Any) -> str:
    """A methodology as compared: case-folded, its spaces made one."""
    return _method_text(written if isinstance(written, str) else str(written or ""))


@lru_cache(maxsize=CACHED)
def _method_text(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class _Percent:
    """Payer rows for one level that give a percentage or an algorithm but no dollars."""

    rows: int = 0
    low: Decimal | None = None
    high: Decimal | None = None
    example: str | None = None

    def add(self, written: Any, algorithm: Any) -> None:
        self.rows += 1
        share = percentage(written)
        if share is not None:
            self.low = share if self.low is None else min(self.low, share)
            self.high = share if self.high is None else max(self.high, share)
        if self.example is None and algorithm is not None and str(algorithm).strip():
            self.example = " ".join(str(algorithm).split())


@dataclass(slots=True)
class Kind:
    """What one kind of price gathers: its prices per level, payer and plan, and what
    it skipped."""

    price: str
    skipped: Counter[str] = field(default_factory=Counter)
    values: Counter[str] = field(default_factory=Counter)
    # (level id, payer key, plan key) -> (low, high) -> prices; payer and plan are "" for
    # cash and gross. Kept by amount until the file is read, so that placeholders found
    # only then (see Collector.settle) are never a rate.
    by_amount: dict[tuple[str, str, str], Amounts] = field(default_factory=dict)
    # The items whose own price was counted last (see RECENT): a dict kept in order.
    seen_items: dict[tuple[object, ...], None] = field(default_factory=dict)
    percent: dict[str, _Percent] = field(default_factory=dict)
    # One description (and amount) for each reason an amount was skipped, to show.
    examples: dict[str, str] = field(default_factory=dict)
    # What was read, once settled: (level id, payer key, plan key) -> prices.
    found: dict[tuple[str, str, str], Found] = field(default_factory=dict)
    # What the item numbers of its Founds draw on (see found.MOST_HELD).
    budget: Budget = field(default_factory=Budget)

    def value(self, raw: Any) -> Decimal | None:
        price, note = price_of_text(raw) if isinstance(raw, str) else price_value(raw)
        if note is not None:
            self.values[note] += 1
        return price

    def add(
        self,
        level: str,
        payer: PayerCharge | None,
        entry: Entry,
        low: Decimal,
        high: Decimal,
        method: str,
    ) -> None:
        if self.price != "allowed" and far_below(low, gross_of(entry)):
            self.placeholder(BELOW_GROSS, entry.description, low, 1)
            return
        key = ("", "") if payer is None else (name_key(payer.payer), name_key(payer.plan))
        amounts = self.by_amount.get((level, *key))
        if amounts is None:
            amounts = self.by_amount[(level, *key)] = Amounts(budget=self.budget)
        if payer is not None:
            amounts.payers.add(f"{payer.payer} {payer.plan}".strip())
        amounts.add(low, high, entry, method)

    def placeholder(self, reason: str, description: str, amount: Decimal, count: int) -> None:
        """Count `count` amounts skipped as placeholders, keeping the first example."""
        self.skipped[reason] += count
        self.examples.setdefault(reason, f"{description}: ${amount:,}")

    def amounts(self) -> Iterator[tuple[str, Decimal, int]]:
        """(level id, amount, how many prices) for every amount kept (low ends)."""
        for (level, _payer, _plan), amounts in self.by_amount.items():
            for (low, _high), held in amounts.lowest.items():
                yield level, low, held.prices if isinstance(held, Found) else 1
            if amounts.rest.low is not None:
                yield level, amounts.rest.low, amounts.rest.prices

    def settle(self, fillers: frozenset[Decimal], usual: dict[str, Decimal]) -> None:
        """Set aside the placeholders found once the whole file is read (`fillers`, and
        amounts far below a level's `usual` price), and sum up the rest."""
        for where, amounts in self.by_amount.items():
            level = where[0]
            merged = Found()
            merged.merge(amounts.rest)
            for (low, _high), found in amounts.apart():
                reason = (
                    FILLER
                    if low in fillers
                    else BELOW_LEVEL
                    if far_below(low, usual.get(level))
                    else None
                )
                if reason is not None:
                    description = found.example[0] if found.example else ""
                    self.placeholder(reason, description, low, found.prices)
                    continue
                merged.merge(found)
            if merged.prices:
                merged.payers = frozenset(amounts.payers - {""})
                self.found[where] = merged

    def take(self, level: str, entry: Entry) -> None:
        """Count one behavioural-health entry's prices of this kind."""
        if self.price in PAYER_FREE:
            self._item_price(level, entry)
            return
        if not entry.payers:
            self.skipped[_NO_PAYER_PRICE] += 1
        for payer in entry.payers:
            method = _method(payer.methodology)
            if method == "case rate":
                self.skipped[_CASE_RATE] += 1
                continue
            if payer.dollar is None and (
                payer.percentage is not None or payer.algorithm is not None
            ):
                # Shown as a percentage or a rule, never turned into dollars.
                rows = self.percent.get(level)
                if rows is None:
                    rows = self.percent[level] = _Percent()
                rows.add(payer.percentage, payer.algorithm)
            if self.price == "allowed":
                # Allowed amounts are dollars paid, whatever the negotiated terms say.
                self.allowed(level, payer, entry, method)
                continue
            if method == "percent of total billed charges" and payer.dollar is None:
                # A dollar amount beside it counts whatever the methodology says.
                self.skipped[_PERCENT_OF_BILLED] += 1
                continue
            if payer.dollar is None:
                reason = (
                    _PERCENT_OR_RULE_ONLY
                    if payer.percentage is not None or payer.algorithm is not None
                    else _NO_NEGOTIATED_DOLLARS
                )
                self.skipped[reason] += 1
                continue
            price = self.value(payer.dollar)
            if price is not None:
                self.add(level, payer, entry, price, price, method)

    def _item_price(self, level: str, entry: Entry) -> None:
        """An item's own price (gross, cash, or its de-identified minimum and maximum),
        once per item however many payers' rows repeat it."""
        low_raw, high_raw = (
            (entry.minimum, entry.maximum)
            if self.price == "minmax"
            else (entry.cash, entry.cash)
            if self.price == "cash"
            else (entry.gross, entry.gross)
        )
        item = (level, entry.description, entry.codes, entry.setting, str(low_raw), str(high_raw))
        seen = self.seen_items
        if item in seen:
            return  # the same item again, on another payer's row
        seen[item] = None
        if len(seen) > RECENT:
            del seen[next(iter(seen))]
        low = self.value(low_raw)
        high = low if high_raw is low_raw else self.value(high_raw)
        low, high = (low if low is not None else high), (high if high is not None else low)
        if low is not None and high is not None:
            self.add(level, None, entry, min(low, high), max(low, high), "")

    def allowed(self, level: str, payer: PayerCharge, entry: Entry, method: str) -> None:
        if payer.p10 is None and payer.p90 is None:
            self.skipped[_NO_ALLOWED_AMOUNTS] += 1
            return
        low = self.value(payer.p10)
        high = self.value(payer.p90)
        if low is None and high is None:
            return
        low = low if low is not None else high
        high = high if high is not None else low
        assert low is not None
        assert high is not None
        self.add(level, payer, entry, min(low, high), max(low, high), method)


class _Known(NamedTuple):
    """What an item is: its level, why it is skipped, whether it counts as a
    behavioural-health entry, whether it is shown as an example, the level it names in
    words alone (when not read so), and whether it is read by its words."""

    level: str | None = None
    reason: str | None = None
    counted: bool = False
    shown: bool = False
    named: str | None = None
    by_description: bool = False
    # The other level its description names, when it names one its code does not mean.
    contrary: str | None = None


# Codes shown per level for lines that name it in words (the rest are counted).
SHOWN_CODES = 8


@dataclass(slots=True)
class NamedRows:
    """Lines that name a level in words under codes the codes file does not list."""

    rows: int = 0
    codes: set[str] = field(default_factory=set)
    example: str | None = None

    def add(self, entry: Entry) -> None:
        self.rows += 1
        for code in code_texts(entry.codes):
            if len(self.codes) < SHOWN_CODES:
                self.codes.add(code)
        if self.example is None:
            self.example = entry.description


@lru_cache(maxsize=CACHED)
def _by_description(codes: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """An item's codes, labelled as read by its description."""
    return tuple((kind, described_code(code)) for kind, code in codes)


@dataclass(slots=True)
class Collector:
    """One pass over a file's entries, for one or more kinds of price at once."""

    codes: CareCodes
    kinds: tuple[Kind, ...]
    entries: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    names: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # One description for each reason a line was skipped for, to show.
    examples: dict[str, str] = field(default_factory=dict)
    # Records that could not be read, and where the first one was.
    unreadable: int = 0
    first_unreadable: str | None = None
    # payer and plan as written -> negotiated behavioural-health prices
    listed: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (codes, description) -> what level_of found (bounded, see CACHED)
    known: dict[object, _Known] = field(default_factory=dict)
    fillers: Fillers = field(default_factory=Fillers)
    # Per level, the lines that name it in words under a code not listed (not read).
    named: dict[str, NamedRows] = field(default_factory=dict)
    # Per (level of the code, level the description names): lines counted by their code
    # whose description says another level.
    contrary: dict[tuple[str, str], NamedRows] = field(default_factory=dict)

    def level_of(self, entry: Entry) -> tuple[str | None, bool]:
        """The level an entry prices, and whether it is read by its description alone;
        counting it (and why it is skipped, or the level it names but is not read as)."""
        key = (entry.codes, entry.description)
        known = self.known.get(key)
        if known is None:
            known = self._level(entry)
            if len(self.known) < CACHED:
                self.known[key] = known
        self.entries += known.counted
        if known.reason is not None:
            self.skipped[known.reason] += 1
            if known.shown:
                self.examples.setdefault(known.reason, entry.description)
        if known.named is not None:
            rows = self.named.get(known.named)
            if rows is None:
                rows = self.named[known.named] = NamedRows()
            rows.add(entry)
        if known.level is not None and known.contrary is not None:
            levels = (known.level, known.contrary)
            rows = self.contrary.get(levels)
            if rows is None:
                rows = self.contrary[levels] = NamedRows()
            rows.add(entry)
        return known.level, known.by_description

    def _level(self, entry: Entry) -> _Known:
        """An item's level, why it is skipped, whether it counts, whether it is shown."""
        kinds = [self.codes.classify(kind, code) for kind, code in entry.codes]
        per_case = [pair for pair, kind in zip(entry.codes, kinds, strict=True) if kind == PER_CASE]
        if per_case:
            kind, _count = per_case[0]
            return _Known(
                reason=_("priced per stay ({kind}): a case price, never a daily rate", kind=kind),
                counted=True,
            )
        level = next((kind for kind in kinds if kind and kind != DESCRIBED), None)
        named = None
        if level is None:
            named = self.codes.named_level(entry.description)
            if named is None:
                return _Known()
        reason = self.codes.not_a_unit(entry.codes, entry.description)
        if reason is not None:
            return _Known(reason=reason, counted=True, shown=True)
        if named is not None and not self.codes.by_description:
            return _Known(named=named)
        if level is not None:
            says = self.codes.named_level(entry.description)
            contrary = says if says not in (None, level) else None
            return _Known(level=level, counted=True, contrary=contrary)
        return _Known(level=named, counted=True, by_description=True)

    def entry(self, entry: Entry | Unreadable) -> None:
        if isinstance(entry, Unreadable):
            self.unreadable += 1
            if self.first_unreadable is None:
                self.first_unreadable = f"{entry.where} ({entry.why})"
            return
        level, by_description = self.level_of(entry)
        if level is None:
            return
        if by_description:
            entry = entry._replace(codes=_by_description(entry.codes))
        for payer in entry.payers:
            # Every payer --payers can list is one --payer can name (one normalisation).
            self.names.setdefault(
                (name_key(payer.payer), name_key(payer.plan)), (payer.payer, payer.plan)
            )
            if payer.dollar is not None:
                self.listed[(payer.payer, payer.plan)] += 1
        self.fillers.count(level, entry)
        for kind in self.kinds:
            kind.take(level, entry)

    def settle(self) -> None:
        """Once every entry is read: set placeholders aside in every kind of price."""
        amounts: dict[str, Counter[Decimal]] = {}
        for kind in self.kinds:
            if kind.price == "allowed":
                continue  # per claim line: not a level's usual price
            for level, amount, count in kind.amounts():
                amounts.setdefault(level, Counter())[amount] += count
        usual = {level: usual_price(counts) for level, counts in amounts.items()}
        fillers = self.fillers.found(usual)
        for kind in self.kinds:
            kind.settle(fillers, usual)
