"""Today's dollars: BLS price indexes, and rates restated in the dollars of another month.

The index ships as data (data/price_index.csv, made by
scripts/update_price_index.py). A rate published in a base month is restated
in a target month's dollars as rate x index(target) / index(base), rounded to
cents half-up, before it is multiplied by units. A month the series has no
figure for uses the nearest earlier month that has one, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from iopcost.costdata import CostTable, bundled_file
from iopcost.documents import DollarsDocument
from iopcost.errors import DataFileError, InvalidValue
from iopcost.money import cents

INDEX_NAME = "price_index.csv"
SERIES_KEYS = ("hospital", "outpatient", "medical-services")
PUBLISHED = "published"
LATEST = "latest"
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_PUBLISHED = re.compile(r"([0-9]{4})-([0-9]{2})(?:-[0-9]{2})?")


class Month(NamedTuple):
    """A calendar month."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def name(self) -> str:
        """For people: "November 2023"."""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"


def parse_month(text: str, *, subject: str = "dollars") -> Month:
    """Read YYYY-MM."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise InvalidValue(
            f"{text!r} is not a month; write {PUBLISHED}, {LATEST} or a month like 2026-08.",
            subject=subject,
        )
    return Month(int(match[1]), int(match[2]))


class Series(NamedTuple):
    """One index series: what it measures, and its value for each month published."""

    key: str
    id: str
    title: str
    base: str
    measures: str
    values: Mapping[Month, Decimal]
    first: Month
    latest: Month

    def at_or_before(self, month: Month) -> Month | None:
        """The month itself if it has a figure, else the nearest earlier one that has."""
        if month > self.latest:
            month = self.latest
        while month >= self.first:
            if month in self.values:
                return month
            year, number = month
            month = Month(year - 1, 12) if number == 1 else Month(year, number - 1)
        return None

    def span(self) -> str:
        """The months it covers: "2015-01 to 2026-08"."""
        return f"{self.first} to {self.latest}"


class Dollars(NamedTuple):
    """In which month's dollars rates are, by one series: restated, or as published."""

    series: Series
    base: Month
    target: Month
    # Whether the rates were restated in the target month's dollars, or are as
    # published (the target then is the index's latest month, for comparison).
    restated: bool
    # The months asked for, where the series had no figure and an earlier one was used.
    asked_base: Month
    asked_target: Month
    # For rates as published: how to restate them, in the caller's words.
    advice: str = ""

    @property
    def factor(self) -> Decimal:
        """index(target) / index(base), exact to Decimal's precision."""
        return self.series.values[self.target] / self.series.values[self.base]

    def substitutions(self) -> str:
        """What months were used instead of those asked for, as a sentence (or nothing)."""
        said = [
            f"{asked.name()} has no published figure; {used.name()} was used."
            for asked, used in ((self.asked_base, self.base), (self.asked_target, self.target))
            if asked != used
        ]
        return " ".join(said)

    def note(self) -> str:
        """One line for people saying in which dollars the rates are."""
        if self.restated:
            text = (
                f"Rates restated from {self.base.name()} to {self.target.name()} dollars by "
                f"the BLS CPI-U for {self.series.title.lower()} ({self.series.id}): "
                f"{self.series.values[self.base]} to {self.series.values[self.target]}, "
                f"x {self.factor:.4f}."
            )
        else:
            change = (self.factor - 1) * 100
            moved = f"rose {change:.1f} %" if change >= 0 else f"fell {-change:.1f} %"
            text = (
                f"Rates are in {self.base.name()} dollars; {self.series.measures} {moved} "
                f"to {self.target.name()} (BLS CPI-U)"
                + (f": {self.advice}." if self.advice else ".")
            )
        extra = self.substitutions()
        return f"{text} {extra}" if extra else text

    def document(self) -> DollarsDocument:
        """The restatement as data, for JSON."""
        return DollarsDocument(
            base_month=str(self.base),
            target_month=str(self.target),
            series=self.series.id,
            base_index=self.series.values[self.base],
            target_index=self.series.values[self.target],
            factor=self.factor.quantize(Decimal("0.000001")),
        )


class PriceIndex(NamedTuple):
    """The shipped index: each series by its key."""

    origin: str
    series: Mapping[str, Series]


def load_price_index(path: Path | None = None) -> PriceIndex:
    """Read the index file (the shipped one by default); a damaged file is refused."""
    path = path or bundled_file(INDEX_NAME)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(
            f"the price index {path.name} cannot be read ({exc}); reinstall iopcost."
        ) from None
    try:
        return parse_price_index(text, origin=path.name)
    except (ValueError, IndexError) as exc:
        raise DataFileError(
            f"the price index {path.name} is damaged ({exc}); reinstall iopcost or "
            "regenerate it with scripts/update_price_index.py."
        ) from None


def parse_price_index(text: str, *, origin: str) -> PriceIndex:
    """Parse the index file's text; raises ValueError naming the line at fault."""
    described: dict[str, tuple[str, str, str, str]] = {}
    columns: list[str] = []
    values: dict[str, dict[Month, Decimal]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split(",")
        if line.startswith("# series,"):
            _, key, series_id, title, base, measures = fields
            described[series_id] = (key, title, base, measures)
        elif line.startswith("#") or not line.strip():
            continue
        elif not columns:
            if fields[0] != "month" or set(fields[1:]) != set(described):
                raise ValueError(f"line {number}: the header does not name the series described")
            columns = fields[1:]
            values = {series_id: {} for series_id in columns}
        else:
            if len(fields) != len(columns) + 1:
                raise ValueError(f"line {number}: {len(fields)} fields, not {len(columns) + 1}")
            found = _MONTH.fullmatch(fields[0])
            if found is None or not 1 <= int(found[2]) <= 12:
                raise ValueError(f"line {number}: {fields[0]!r} is not a month")
            month = Month(int(found[1]), int(found[2]))
            for series_id, cell in zip(columns, fields[1:], strict=True):
                if cell:
                    try:
                        value = Decimal(cell)
                    except ArithmeticError:
                        value = Decimal("NaN")
                    if not value.is_finite() or value <= 0:
                        raise ValueError(f"line {number}: {cell!r} is not an index value")
                    values[series_id][month] = value
    series = {}
    for series_id, (key, title, base, measures) in described.items():
        by_month = values.get(series_id)
        if not by_month:
            raise ValueError(f"no values for {series_id}")
        series[key] = Series(
            key, series_id, title, base, measures, by_month, min(by_month), max(by_month)
        )
    if set(series) != set(SERIES_KEYS):
        raise ValueError(f"the series are {', '.join(series)}, not {', '.join(SERIES_KEYS)}")
    return PriceIndex(origin, series)


def published_month(table: CostTable) -> Month | None:
    """The month the rates were published in, from source.published (YYYY-MM[-DD])."""
    published = table.source.published
    match = _PUBLISHED.fullmatch(published or "")
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return Month(int(match[1]), int(match[2]))


def _base(table: CostTable, series: Series) -> tuple[Month, Month]:
    """The base month asked for (the rates' own), and the one the series has a figure for."""
    asked = published_month(table)
    if asked is None:
        said = table.source.published
        raise DataFileError(
            f"{table.origin}: source.published "
            + (f"is {said!r}, not a date" if said else "is missing")
            + "; give the date the rates were published (YYYY-MM-DD) to restate them."
        )
    used = series.at_or_before(asked)
    if used is None:
        raise DataFileError(
            f"{table.origin}: the rates are dated {asked}, before the price index starts "
            f"({series.span()}); they cannot be restated."
        )
    return asked, used


def restate(table: CostTable, index: PriceIndex, *, series_key: str, target: str) -> CostTable:
    """The table with every rate in the target month's dollars ("latest" or YYYY-MM)."""
    series = index.series[series_key]
    asked_target = series.latest if target == LATEST else parse_month(target)
    if not series.first <= asked_target <= series.latest:
        raise InvalidValue(
            f"the price index has months from {series.span()}, not {asked_target}; "
            "give a month in that range or latest.",
            subject="dollars",
        )
    used_target = series.at_or_before(asked_target)
    assert used_target is not None  # the series' first month has a figure
    asked_base, used_base = _base(table, series)
    dollars = Dollars(series, used_base, used_target, True, asked_base, asked_target)
    factor = dollars.factor
    levels = tuple(
        level._replace(low=cents(level.low * factor), high=cents(level.high * factor))
        for level in table.levels
    )
    return table._replace(levels=levels, dollars=dollars)


def as_published(
    table: CostTable, index: PriceIndex, *, series_key: str, advice: str = ""
) -> CostTable:
    """The table as published, noting how prices moved since, when its date is known
    and older than the index's latest month; `advice` says how to restate them."""
    series = index.series[series_key]
    asked = published_month(table)
    if asked is None:
        return table
    used = series.at_or_before(asked)
    if used is None or used >= series.latest:
        return table
    dollars = Dollars(series, used, series.latest, False, used, series.latest, advice)
    return table._replace(dollars=dollars)
