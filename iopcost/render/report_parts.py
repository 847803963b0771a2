"""What a family reads first in a report, from a sheet: a short summary, the chart of the
figure the bottom line ranks by, and one list of notes and assumptions in plain words.

Every report kind (HTML, PDF, Markdown, text) is laid out from these, so each says
the same; the full table follows under "Details".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from iopcost.core.language import N_, _
from iopcost.core.phrases import length
from iopcost.render.bars import kind_caption
from iopcost.render.figures import Shown
from iopcost.render.notes import in_report
from iopcost.render.sheet import Record, Sheet
from iopcost.render.words import billed_text, step_length

# The figure a bottom line ranks by, most telling first: (low key, high key, label).
RANKED = (
    ("all_in_low", "all_in_high", "All-in"),
    ("patient_low", "patient_high", "You pay"),
    ("total_low", "total_high", "List price"),
)
# The chart's caption, by the figure it draws (RANKED's last item, a key).
CHART_CAPTIONS = {
    "All-in": N_("All-in: what you would pay for care plus the household's own costs"),
    "You pay": N_("What you would pay under your plan, low to high estimate"),
    "List price": N_("List price before any insurance, low to high estimate"),
}
# A comparison of hospitals' or a plan's rates (levels with a kind of price): what the
# rates come to is no list price, and says its kind.
AT_RATES = N_("Cost at its rate")
AT_RATES_CAPTION = N_("Cost at each level's rate, low to high estimate")


def _at_rates(sheet: Sheet[Any]) -> bool:
    return any(record.get("kind") for record in sheet.records)


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


def how_long(record: Record, document: Mapping[str, Any]) -> str:
    """How long, and how much is billed: "8 weeks (24 sessions)", "10 days"; the record's
    own length (a step's), or the document's (every level of a comparison)."""
    if isinstance(record.get("days"), int) or "weeks" in record:
        how = step_length(record)
    else:
        how = length(document["weeks_low"], document["weeks_high"])
    units = record.get("units")
    if units is None or "unit" not in record:
        return how
    billed = billed_text(units, record.get("units_high"), record["unit"])
    return how if billed == how else _("{length} ({billed})", length=how, billed=billed)


def summary_table(sheet: Sheet[Any]) -> Summary:
    """The summary a family reads first."""
    shown = sheet.shown()
    first = sheet.records[0] if sheet.records else {}
    figures = [(_(AT_RATES) if _at_rates(sheet) else _("List price"), "total_low", "total_high")]
    if "patient_low" in first:
        figures.append((_("You pay"), "patient_low", "patient_high"))
    if "all_in_low" in first:
        figures.append((_("All-in"), "all_in_low", "all_in_high"))

    def row(record: Record, name: str) -> tuple[str, ...]:
        return (
            name,
            how_long(record, sheet.document),
            *(shown.range(record.get(low), record.get(high)) for _, low, high in figures),
        )

    rows = tuple(row(record, _level_name(record)) for record in sheet.records)
    total = None if sheet.total is None else row(sheet.total, _("Whole course"))
    return Summary(
        (_("Level of care"), _("How long"), *(label for label, _, _ in figures)), rows, total
    )


def _level_name(record: Record) -> str:
    step = record.get("step")
    return f"{step}. {record['name']}" if step is not None else str(record["name"])


def charts(sheet: Sheet[Any]) -> tuple[Chart, ...]:
    """Bars of the figure the bottom line ranks by, whole labels, on one scale: one chart
    per kind of price (kinds are never drawn one against another)."""
    if sheet.bar_label is None or not sheet.records:
        return ()
    shown: Shown = sheet.shown()
    low_key, high_key, label = ranked_figure(sheet.records[0])
    groups: dict[str | None, list[Record]] = {}
    for record in sheet.records:
        groups.setdefault(record.get("kind"), []).append(record)
    drawn = []
    for kind, records in groups.items():
        top = max(Decimal(record[high_key]) for record in records) or Decimal(1)
        bars = tuple(
            ChartBar(
                _level_name(record),
                shown.range(record[low_key], record[high_key]),
                (Decimal(record[low_key]) * 100 / top).quantize(Decimal("0.1")),
                (Decimal(record[high_key]) * 100 / top).quantize(Decimal("0.1")),
            )
            for record in records
        )
        at_rates = label == "List price" and _at_rates(sheet)
        caption = _(AT_RATES_CAPTION) if at_rates else _(CHART_CAPTIONS[label])
        if len(groups) > 1 or (at_rates and kind is not None):
            caption = _("{caption}: {kind}", caption=caption, kind=kind_caption(kind))
        drawn.append(Chart(caption, bars))
    return tuple(drawn)


def notes_and_assumptions(sheet: Sheet[Any]) -> tuple[str, ...]:
    """Every assumption, then the notes that belong in a report, each once (the notes
    that restate an assumption, or advise on the command line, are the terminal's)."""
    said = set(sheet.bottom_line)  # each sentence once: the bottom line's are not repeated
    assumed = [f"{topic}: {text}" for topic, text in sheet.assumptions if text not in said]
    notes = [note for note in in_report(sheet.notes) if note not in said]
    return tuple(dict.fromkeys([*assumed, *notes]))


def plain_rows(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as "Header: value" lines, a blank line between rows (text reports)."""
    lines: list[str] = []
    for row in rows:
        lines += [f"{header}: {cell}" for header, cell in zip(headers, row, strict=True) if cell]
        lines.append("")
    return lines
