"""Months, price-index series, and in which month's dollars rates are.

A rate published in a base month is restated in a target month's dollars as
rate x index(target) / index(base) (iopcost.core.restate). A month the series
has no figure for uses the nearest earlier month that has one, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from iopcost.core.errors import InvalidValue
from iopcost.core.language import N_, _

SERIES_KEYS = ("hospital", "outpatient", "medical-services")
PUBLISHED = "published"
LATEST = "latest"
# A month for people, with its year: one whole phrase each ("November 2023").
MONTH_NAMES = (
    N_("January {year}"),
    N_("February {year}"),
    N_("March {year}"),
    N_("April {year}"),
    N_("May {year}"),
    N_("June {year}"),
    N_("July {year}"),
    N_("August {year}"),
    N_("September {year}"),
    N_("October {year}"),
    N_("November {year}"),
    N_("December {year}"),
)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class Month(NamedTuple):
    """A calendar month."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def name(self) -> str:
        """For people: "November 2023"."""
        return _(MONTH_NAMES[self.month - 1], year=self.year)


def month_of(text: str) -> Month | None:
    """YYYY-MM as a Month, or None when it is not one."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return Month(int(match[1]), int(match[2]))


def parse_month(text: str, *, subject: str = "dollars") -> Month:
    """Read YYYY-MM."""
    month = month_of(text)
    if month is None:
        raise InvalidValue(
            _(
                "{text!r} is not a month; write {published}, {latest} or a month like 2026-08.",
                text=text,
                published=PUBLISHED,
                latest=LATEST,
            ),
            subject=subject,
        )
    return month


def parse_dollars(text: str, *, subject: str = "dollars") -> str:
    """Which dollars rates are wanted in, as one of: published, latest or YYYY-MM.

    The one reading of --dollars and of a batch `dollars` cell.
    """
    wanted = text.strip().lower()
    if wanted in (PUBLISHED, LATEST):
        return wanted
    return str(parse_month(text, subject=subject))


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


class PriceIndex(NamedTuple):
    """The shipped index: each series by its key."""

    origin: str
    series: Mapping[str, Series]


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

    @property
    def factor(self) -> Decimal:
        """index(target) / index(base), exact to Decimal's precision."""
        return self.series.values[self.target] / self.series.values[self.base]

    @property
    def months_old(self) -> int:
        """How many months the rates' own month is before the target's."""
        base, target = self.base, self.target
        return (target.year - base.year) * 12 + target.month - base.month

    @property
    def change(self) -> Decimal:
        """How much prices moved from base to target, in percent."""
        return (self.factor - 1) * 100

    def substitutions(self) -> tuple[tuple[Month, Month], ...]:
        """The (asked, used) months where the series had no figure for the one asked."""
        pairs = ((self.asked_base, self.base), (self.asked_target, self.target))
        return tuple((asked, used) for asked, used in pairs if asked != used)
