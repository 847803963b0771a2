"""Results laid out once for every renderer: exact records, the columns people see, notes.

A Sheet holds each figure once, exact, in its records (under the stable keys
that JSON, CSV and TSV use). People's columns say how to show a record as
text; the renderers (Rich table, Markdown, reports) ask the sheet for its
cells, and the chart for its bars, all from the same records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, NamedTuple, TypeVar

from iopcost.core import money
from iopcost.core.charges import PriceKind
from iopcost.core.language import _
from iopcost.render.figures import Shown
from iopcost.render.notes import Note
from iopcost.render.words import billed_text, rate_text, step_length

Record = Mapping[str, Any]
# A sheet's record: the TypedDict of its command's JSON contract.
R = TypeVar("R", bound=Mapping[str, Any])


class Column(NamedTuple):
    """A column as people see it: its header, and what it shows of a record."""

    label: str
    cell: Callable[[Record, Shown], str]
    numeric: bool = False
    # Where a terminal is too narrow, columns with a rank are hidden, lowest first.
    hide_rank: int | None = None
    # Whether the column shows anything in a total row.
    in_total: bool = True


def field(key: str) -> Callable[[Record, Shown], str]:
    """A column showing one record value as text."""
    return lambda record, shown: "" if record.get(key) is None else str(record[key])


def amount(key: str) -> Callable[[Record, Shown], str]:
    """A column showing one amount."""
    return lambda record, shown: shown.amount(record.get(key))


def amount_range(low: str, high: str) -> Callable[[Record, Shown], str]:
    """A column showing a low-to-high range of amounts."""
    return lambda record, shown: shown.range(record.get(low), record.get(high))


def billed(record: Record, shown: Shown) -> str:
    """How many units are billed: "56 days"."""
    units = record.get("units")
    return "" if units is None else billed_text(units, record.get("units_high"), record["unit"])


def rate(record: Record, shown: Shown) -> str:
    """A level's rate range: "$500-$800 per day"."""
    kind = record.get("price")
    per_unit = kind is None or PriceKind(kind).per_unit
    return rate_text(
        record["rate_low"], record["rate_high"], record["unit"], shown.symbol, per_unit=per_unit
    )


def household_columns() -> list[Column]:
    """The household's own costs, and all-in (care plus household)."""
    return [
        Column(_("Household"), household_total, numeric=True, hide_rank=4),
        Column(_("All-in"), amount_range("all_in_low", "all_in_high"), numeric=True),
    ]


class Bar(NamedTuple):
    """One bar of the chart: a labelled range, and what the family pays of it."""

    label: str
    low: Decimal
    high: Decimal
    patient_low: Decimal | None = None
    patient_high: Decimal | None = None
    # The kind of price it is, when a hospital's (bars of different kinds are drawn on
    # scales of their own, never one against another).
    kind: str | None = None


class Sheet(NamedTuple, Generic[R]):
    """One result, ready for any renderer; its records are of the type R."""

    title: str
    keys: tuple[str, ...]
    records: tuple[R, ...]
    columns: tuple[Column, ...]
    notes: tuple[Note, ...]
    document: Mapping[str, object]
    symbol: str = "$"
    # A last row (a course's whole total), shown apart in tables.
    total: R | None = None
    # What each chart bar is called, from its record; no chart without it.
    bar_label: Callable[[R], str] | None = None
    # What every figure rests on, as (topic, statement) pairs, for reports.
    assumptions: tuple[tuple[str, str], ...] = ()
    # What a report says of its figures for whoever checks them ("About these figures"):
    # file names, a price index's series and factor; never in a family's reading.
    about: tuple[tuple[str, str], ...] = ()
    # The answer in plain words: two to four short sentences under the table.
    bottom_line: tuple[str, ...] = ()
    # The format (of the command that made the sheet) that shows every column.
    whole: str = "markdown"

    def shown(self) -> Shown:
        """The money format for the whole sheet: whole dollars for estimates made from a
        range of rates (rough by nature); else cents everywhere if any amount has them
        (machine formats always keep cents)."""
        return shown_money(self.symbol, self.machine_rows())

    def cells(self) -> tuple[tuple[str, ...], ...]:
        """Each record's row of text, column by column."""
        shown = self.shown()
        return tuple(
            tuple(column.cell(record, shown) for column in self.columns) for record in self.records
        )

    def total_cells(self) -> tuple[str, ...] | None:
        """The total row's text, blank where a column shows nothing for a total."""
        if self.total is None:
            return None
        shown = self.shown()
        return tuple(
            column.cell(self.total, shown) if column.in_total else "" for column in self.columns
        )

    def machine_rows(self) -> tuple[R, ...]:
        """The rows of CSV and TSV: every record, then the total."""
        return (*self.records, *(() if self.total is None else (self.total,)))

    def bars(self) -> tuple[Bar, ...]:
        """The chart's bars: each record's totals, and what the family pays of them."""
        if self.bar_label is None:
            return ()
        label = self.bar_label
        return tuple(
            Bar(
                label=label(r),
                low=r["total_low"],
                high=r["total_high"],
                patient_low=r.get("patient_low"),
                patient_high=r.get("patient_high"),
                kind=r.get("kind"),
            )
            for r in self.records
        )


def household_total(record: Record, shown: Shown) -> str:
    """What household costs come to: one amount, or over a range of weeks a range."""
    if "household_total" in record:
        return shown.amount(record["household_total"])
    return shown.range(record.get("household_total_low"), record.get("household_total_high"))


def length(record: Record, shown: Shown) -> str:
    """A step's length as written ("2 weeks", "10 days"), or a course's in weeks."""
    return step_length(record)


def shown_money(symbol: str, records: Sequence[Record]) -> Shown:
    """How records' money is shown to people: whole dollars for estimates made from a
    range of rates (rough by nature); else cents everywhere if any amount has them
    (machine formats always keep cents)."""
    ranged = any(
        "total_low" in record and record.get("rate_low") != record.get("rate_high")
        for record in records
    )
    return Shown(symbol, not ranged and money.has_cents(amounts_in(records)))


def amounts_in(records: Sequence[Record]) -> list[Decimal]:
    """Every amount in the records, to tell whether any has cents."""
    return [v for record in records for v in record.values() if isinstance(v, Decimal)]
