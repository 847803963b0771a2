"""Local prices: a hospital's standard charges summed up per level of care.

Entries in (from iopcost.hospital.reader), a summary out. Per level, low and
high are the lowest and highest selected price over every matching item (and
payer, when none is named). Only per-day prices become daily rates: an item
priced per stay (a DRG), by case rate, by percent of billed charges, or by a
percentage or algorithm only, is counted and reported as skipped with the
reason. Every value that is not a price (blank, N/A, 0, negative, the
placeholder 999999999) is counted too: nothing is dropped without a count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from iopcost.core.amounts import written_amount
from iopcost.core.care import PER_CASE, CareCodes
from iopcost.core.charges import PAYER_FREE, FileInfo, LevelPrices, Selection, Summary
from iopcost.core.errors import DataFileError, InvalidValue
from iopcost.core.levels import CostTable, Level, Source
from iopcost.core.limits import MAX_AMOUNT
from iopcost.core.money import CENT, cents
from iopcost.core.text import clean
from iopcost.hospital.types import Entry, PayerCharge, Unreadable

_NOT_A_NUMBER = "not a number (N/A or text)"


def name_key(name: str) -> str:
    """A payer or plan as compared: case-folded, trimmed, with _ and spaces the same."""
    return " ".join(name.replace("_", " ").split()).casefold()


def price_value(value: Any) -> tuple[Decimal | None, str | None]:
    """A price from a file's cell, and a note; or None and why it is not a price."""
    if value is None or isinstance(value, bool):
        return None, "blank" if value is None else _NOT_A_NUMBER
    note = None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = str(value).strip()
        if not text:
            return None, "blank"
        if text.startswith(("-", "(")):
            return None, "negative"
        found = written_amount("$" + text[1:].lstrip() if text.startswith("$") else text)
        if found is None:
            return None, _NOT_A_NUMBER
        if "$" in text or "," in text:
            note = "written with $ or commas (read)"
        number = found
    if not number.is_finite():
        return None, _NOT_A_NUMBER
    if number < 0:
        return None, "negative"
    if number == 0:
        return None, "zero"
    if number < CENT:
        return None, "below one cent (not a price)"
    if number >= MAX_AMOUNT:
        return None, "placeholder such as 999999999"
    rounded = cents(number)
    if rounded != number:
        note = "more than two decimal places (rounded to cents)"
    return rounded, note


@dataclass(slots=True)
class Found:
    """Prices found for one level (and one payer and plan, for payer-specific prices)."""

    low: Decimal | None = None
    high: Decimal | None = None
    prices: int = 0
    items: set[tuple[str, tuple[tuple[str, str], ...]]] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    payers: set[str] = field(default_factory=set)
    methodologies: Counter[str] = field(default_factory=Counter)

    def add(
        self, low: Decimal, high: Decimal, entry: Entry, payer: str | None, method: str
    ) -> None:
        """Count one price (a range for allowed amounts)."""
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)
        self.prices += 1
        self.items.add((entry.description, entry.codes))
        self.codes.update(f"{kind} {code}" for kind, code in entry.codes)
        if payer:
            self.payers.add(payer)
        if method:
            self.methodologies[method] += 1

    def merge(self, other: Found) -> None:
        """Add another payer's prices for the same level."""
        if other.low is not None and other.high is not None:
            self.low = other.low if self.low is None else min(self.low, other.low)
            self.high = other.high if self.high is None else max(self.high, other.high)
        self.prices += other.prices
        self.items |= other.items
        self.codes |= other.codes
        self.payers |= other.payers
        self.methodologies.update(other.methodologies)


@dataclass(slots=True)
class _Collector:
    codes: CareCodes
    price: str
    entries: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    values: Counter[str] = field(default_factory=Counter)
    # (level id, payer key, plan key) -> prices; payer and plan are "" for cash and gross
    found: dict[tuple[str, str, str], Found] = field(default_factory=dict)
    names: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    seen_items: set[tuple[object, ...]] = field(default_factory=set)
    # One description for each reason a line was skipped for, to show.
    examples: dict[str, str] = field(default_factory=dict)
    # Records that could not be read, and where the first one was.
    unreadable: int = 0
    first_unreadable: str | None = None
    # payer and plan as written -> negotiated behavioural-health prices
    listed: Counter[tuple[str, str]] = field(default_factory=Counter)

    def level_of(self, entry: Entry) -> str | None:
        kinds = [self.codes.classify(kind, code) for kind, code in entry.codes]
        per_case = [pair for pair, kind in zip(entry.codes, kinds, strict=True) if kind == PER_CASE]
        if per_case:
            self.entries += 1
            kind, _ = per_case[0]
            self.skipped[f"priced per stay ({kind}): a case price, never a daily rate"] += 1
            return None
        level = next((kind for kind in kinds if kind), None)
        if level is None:
            return None
        self.entries += 1
        reason = self.codes.not_a_unit(entry.codes, entry.description)
        if reason is not None:
            self.skipped[reason] += 1
            self.examples.setdefault(reason, entry.description)
            return None
        return level

    def value(self, raw: Any) -> Decimal | None:
        price, note = price_value(raw)
        if note is not None:
            self.values[note] += 1
        return price

    def add(self, level: str, payer: PayerCharge | None, entry: Entry, low: Decimal,
            high: Decimal, method: str) -> None:  # fmt: skip
        key = ("", "") if payer is None else (name_key(payer.payer), name_key(payer.plan))
        if payer is not None:
            self.names.setdefault(key, (payer.payer, payer.plan))
        found = self.found.setdefault((level, *key), Found())
        found.add(
            low,
            high,
            entry,
            None if payer is None else f"{payer.payer} {payer.plan}".strip(),
            method,
        )

    def entry(self, entry: Entry | Unreadable) -> None:
        if isinstance(entry, Unreadable):
            self.unreadable += 1
            if self.first_unreadable is None:
                self.first_unreadable = f"{entry.where} ({entry.why})"
            return
        level = self.level_of(entry)
        if level is None:
            return
        for payer in entry.payers:
            # Every payer --payers can list is one --payer can name (one normalisation).
            self.names.setdefault((name_key(payer.payer), name_key(payer.plan)),
                                  (payer.payer, payer.plan))  # fmt: skip
            if payer.dollar is not None:
                self.listed[(payer.payer, payer.plan)] += 1
        if self.price in PAYER_FREE:
            raw = entry.cash if self.price == "cash" else entry.gross
            item = (level, entry.description, entry.codes, entry.setting, str(raw))
            if item in self.seen_items:
                return  # the same item again, on another payer's row
            self.seen_items.add(item)
            price = self.value(raw)
            if price is not None:
                self.add(level, None, entry, price, price, "")
            return
        if not entry.payers:
            self.skipped["no payer-specific price"] += 1
        for payer in entry.payers:
            method = " ".join(str(payer.methodology or "").split()).casefold()
            if method == "case rate":
                self.skipped["case rate: a price per stay or case, not per day"] += 1
                continue
            if method == "percent of total billed charges" and payer.dollar is None:
                # A dollar amount beside it counts whatever the methodology says.
                self.skipped["percent of total billed charges: no dollar amount"] += 1
                continue
            if self.price == "allowed":
                self.allowed(level, payer, entry, method)
                continue
            if payer.dollar is None:
                reason = (
                    "negotiated as a percentage or algorithm only: no dollar amount"
                    if payer.percentage is not None or payer.algorithm is not None
                    else "no negotiated dollar amount"
                )
                self.skipped[reason] += 1
                continue
            price = self.value(payer.dollar)
            if price is not None:
                self.add(level, payer, entry, price, price, method)

    def allowed(self, level: str, payer: PayerCharge, entry: Entry, method: str) -> None:
        if payer.p10 is None and payer.p90 is None:
            self.skipped["no allowed amounts (10th and 90th percentile)"] += 1
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


def _matching(wanted: str, names: Iterable[str]) -> list[str]:
    """Names equal to `wanted` (compared as name_key), or else holding all its words."""
    key = name_key(wanted)
    names = sorted(set(names))
    exact = [name for name in names if name_key(name) == key]
    if exact:
        return exact
    words = key.split()
    return [name for name in names if all(word in name_key(name).split() for word in words)]


def _closest(wanted: str, names: Iterable[str]) -> str:
    import difflib

    names = sorted(set(names))
    by_key = {name_key(name): name for name in names}
    close = difflib.get_close_matches(name_key(wanted), list(by_key), n=5, cutoff=0.3)
    shown = [by_key[key] for key in close] or names[:5]
    return ", ".join(repr(name) for name in shown) or "none"


def summarise(
    info: FileInfo, entries: Iterable[Entry | Unreadable], codes: CareCodes, selection: Selection
) -> Summary:
    """Read every entry once and sum up the selected prices per level."""
    if selection.price == "allowed" and info.generation != "v3":
        raise DataFileError(
            f"{info.name} is a v2 file: allowed amounts (10th and 90th percentiles) are in "
            "v3 files only; use --price negotiated, cash or gross."
        )
    collector = _Collector(codes, selection.price)
    for entry in entries:
        collector.entry(entry)
    if collector.entries == 0:
        raise DataFileError(
            f"{info.name} has no behavioural-health item; looked for {codes.described()}."
        )
    chosen = _chosen(collector, selection)
    by_level: dict[str, Found] = {}
    for (level_id, payer, plan), prices in collector.found.items():
        if chosen is None or (payer, plan) in chosen:
            by_level.setdefault(level_id, Found()).merge(prices)
    levels = []
    missing = []
    for care in codes.levels:
        found = by_level.get(care.id)
        if found is None or found.low is None or found.high is None:
            missing.append(care)
            continue
        levels.append(
            LevelPrices(
                care, found.low, found.high, found.prices, len(found.items),
                tuple(sorted(found.codes)), tuple(sorted(found.payers)),
                tuple(method for method, _ in found.methodologies.most_common()),
            )
        )  # fmt: skip
    payers = tuple(_payer_text(*collector.names[key]) for key in sorted(chosen or ()))
    return Summary(
        info, codes, selection.price, payers, tuple(levels), tuple(missing),
        tuple(collector.skipped.most_common()), tuple(collector.values.most_common()),
        collector.entries, tuple(collector.examples.items()),
        collector.unreadable, collector.first_unreadable,
    )  # fmt: skip


def _payer_text(payer: str, plan: str) -> str:
    """A payer and plan for people: "Aetna PPO", or the name once where the file repeats it."""
    return payer if name_key(plan) in ("", name_key(payer)) else f"{payer} {plan}".strip()


def _chosen(collector: _Collector, selection: Selection) -> set[tuple[str, str]] | None:
    """The (payer, plan) keys selected, or None for every payer (and for cash and gross)."""
    if selection.payer is None or selection.price in PAYER_FREE:
        return None
    written = collector.names
    payers = _matching(selection.payer, (payer for payer, _ in written.values()))
    if not payers:
        raise InvalidValue(
            f"no payer in the file matches '{selection.payer}'; closest: "
            f"{_closest(selection.payer, (payer for payer, _ in written.values()))}.",
            subject="payer",
        )
    keys = {key for key, (payer, _) in written.items() if payer in payers}
    if len({name_key(payer) for payer in payers}) > 1:
        raise InvalidValue(
            f"'{selection.payer}' matches several payers: "
            f"{', '.join(repr(payer) for payer in payers)}; give more of the name.",
            subject="payer",
        )
    if selection.plan is None:
        return keys
    plans = {written[key][1] for key in keys}
    matched = _matching(selection.plan, plans)
    if not matched:
        raise InvalidValue(
            f"{payers[0]!r} has no plan matching '{selection.plan}'; its plans: "
            f"{', '.join(repr(plan) for plan in sorted(plans))}.",
            subject="plan",
        )
    return {key for key in keys if written[key][1] in matched}


def payer_list(
    info: FileInfo, entries: Iterable[Entry | Unreadable], codes: CareCodes
) -> list[tuple[str, str, int]]:
    """Each payer and plan in the file with its count of behavioural-health negotiated prices."""
    collector = _Collector(codes, "negotiated")
    for entry in entries:
        collector.entry(entry)
    return sorted((payer, plan, count) for (payer, plan), count in collector.listed.items())


def cost_table(summary: Summary, *, note: str, caveat: str) -> CostTable:
    """The levels that have a price, as a cost table citing the hospital's file
    (`note` says which prices, `caveat` what they are)."""
    info = summary.info
    title = info.hospital + (f" ({info.location})" if info.location else "")
    source = Source(
        title=clean(" ".join(title.split())),
        published=info.published,
        note=clean(note),
        url=None,
        caveat=caveat,
    )
    levels = tuple(
        Level(care.id, care.name, care.unit, care.per_week, found.low, found.high)
        for found in summary.levels
        for care in (found.level,)
    )
    return CostTable(info.name, "USD", "$", source, levels)
