"""What a family reads first in a report, from a sheet: a short summary, the chart of the
figure the bottom line ranks by, and one list of notes and assumptions in plain words.

Every report kind (HTML, PDF, Markdown, text) is laid out from these, so each says
the same; the full table follows under "Details".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from iopcost.render.figures import Shown
from iopcost.render.sheet import Record, Sheet
from iopcost.render.words import billed_text, counted

# The figure a bottom line ranks by, most telling first: (low key, high key, label).
RANKED = (
    ("all_in_low", "all_in_high", "All-in"),
    ("patient_low", "patient_high", "You pay"),
    ("total_low", "total_high", "List price"),
)
CHART_CAPTIONS = {
    "All-in": "All-in: what you would pay for care plus the household's own costs",
    "You pay": "What you would pay under your plan, low to high estimate",
    "List price": "List price before any insurance, low to high estimate",
}
# Terminal advice ("add --dollars latest") and ids have no place in a report.
_OPTION = re.compile(r"(?<![\w-])--[a-z]")
_LENGTH = re.compile(r"[0-9,.]+( to [0-9,.]+)? (weeks?|days?)\.")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$])")


class Summary(NamedTuple):
    """At most five columns: level, how long, list price, you pay, all-in."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None


class ChartBar(NamedTuple):
    """One bar of the report's chart, as shares of the widest (for CSS widths)."""

    label: str
    text: str
    low_share: Decimal  # percent of the scale, 0-100
    high_share: Decimal


class Chart(NamedTuple):
    caption: str
    bars: tuple[ChartBar, ...]


def ranked_figure(record: Record) -> tuple[str, str, str]:
    """The keys and label of the figure the bottom line ranks this record by."""
    return next(figure for figure in RANKED if figure[0] in record)


def how_long(record: Record, document: Mapping[str, object]) -> str:
    """How long, and how much is billed: "8 weeks (24 sessions)", "10 days"; the record's
    own length (a step's), or the document's (every level of a comparison)."""
    if isinstance(record.get("days"), int):
        length = counted(record["days"], "day")
    elif "weeks" in record:
        high = record.get("weeks_high")
        length = (
            f"{record['weeks']} to {high} weeks"
            if high is not None and high != record["weeks"]
            else counted(record["weeks"], "week")
        )
    else:
        low, high = document.get("weeks_low"), document.get("weeks_high")
        length = f"{low} to {high} weeks" if low != high else f"{low} weeks"
    units = record.get("units")
    if units is None or "unit" not in record:
        return length
    billed = billed_text(units, record.get("units_high"), record["unit"])
    return length if billed == length else f"{length} ({billed})"


def summary_table(sheet: Sheet) -> Summary:
    """The summary a family reads first."""
    shown = sheet.shown()
    first = sheet.records[0] if sheet.records else {}
    figures = [("List price", "total_low", "total_high")]
    if "patient_low" in first:
        figures.append(("You pay", "patient_low", "patient_high"))
    if "all_in_low" in first:
        figures.append(("All-in", "all_in_low", "all_in_high"))

    def row(record: Record, name: str) -> tuple[str, ...]:
        return (
            name,
            how_long(record, sheet.document),
            *(shown.range(record.get(low), record.get(high)) for _, low, high in figures),
        )

    rows = tuple(row(record, _level_name(record)) for record in sheet.records)
    total = None if sheet.total is None else row(sheet.total, "Whole course")
    return Summary(("Level of care", "How long", *(label for label, _, _ in figures)), rows, total)


def _level_name(record: Record) -> str:
    step = record.get("step")
    return f"{step}. {record['name']}" if step is not None else str(record["name"])


def chart(sheet: Sheet) -> Chart | None:
    """Bars of the figure the bottom line ranks by, whole labels, on one scale."""
    if sheet.bar_label is None or not sheet.records:
        return None
    shown: Shown = sheet.shown()
    low_key, high_key, label = ranked_figure(sheet.records[0])
    top = max(Decimal(record[high_key]) for record in sheet.records) or Decimal(1)
    bars = tuple(
        ChartBar(
            _level_name(record),
            shown.range(record[low_key], record[high_key]),
            (Decimal(record[low_key]) * 100 / top).quantize(Decimal("0.1")),
            (Decimal(record[high_key]) * 100 / top).quantize(Decimal("0.1")),
        )
        for record in sheet.records
    )
    return Chart(CHART_CAPTIONS[label], bars)


def notes_and_assumptions(sheet: Sheet) -> tuple[str, ...]:
    """Every assumption and note once, in words for people: no sentence twice, none that
    names an option (the assumptions say the same in plain words)."""
    seen: set[str] = set()
    said: list[str] = []
    texts = [f"{topic}: {text}" for topic, text in sheet.assumptions]
    for text in [*texts, *sheet.notes]:
        if text.startswith("Other ids:"):
            continue  # ids are for the command line
        kept = [sentence for sentence in split_sentences(text) if not _said(sentence, seen)]
        for sentence in split_sentences(text):
            seen.add(_key(sentence))
            if sentence.partition(": ")[2]:
                seen.add(_key(sentence.partition(": ")[2]))
        if kept:
            said.append(" ".join(kept))
    return tuple(said)


def _said(sentence: str, seen: set[str]) -> bool:
    """Whether a sentence is already said, in these words or in an assumption's (a length
    alone, a schedule), or is advice for the command line."""
    if _OPTION.search(sentence) or _LENGTH.fullmatch(sentence) or sentence.startswith("Schedule:"):
        return True
    after = sentence.partition(": ")[2]
    return _key(sentence) in seen or (bool(after) and _key(after) in seen)


def split_sentences(text: str) -> list[str]:
    """A text's sentences (a period, then a space and a capital, digit or $)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _key(sentence: str) -> str:
    return " ".join(sentence.casefold().split()).rstrip(".")


def plain_rows(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as "Header: value" lines, a blank line between rows (text reports)."""
    lines: list[str] = []
    for row in rows:
        lines += [f"{header}: {cell}" for header, cell in zip(headers, row, strict=True) if cell]
        lines.append("")
    return lines
