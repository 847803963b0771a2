"""The JSON documents of `prices`: what a hospital's file gives per level of care."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopcost.core.charges import PriceKind
from iopcost.core.text import clean

if TYPE_CHECKING:
    from iopcost.core.charges import FileInfo, LevelPrices, PercentRows, Summary


def file_document(info: FileInfo) -> dict[str, object]:
    """What a standard-charges file says of itself, for JSON."""
    return {
        "name": info.name,
        "hospital": clean(info.hospital),
        "location": None if info.location is None else clean(info.location),
        "locations": info.locations(),
        "last_updated_on": info.published,
        "last_updated_on_as_written": clean(info.published_as_written),
        "version": clean(info.version),
        "layout": info.layout,
        "generation": info.generation,
    }


def _level_prices(found: LevelPrices) -> dict[str, object]:
    return {
        "low": found.low,
        "high": found.high,
        "prices": found.prices,
        "items": found.items,
        "items_more": found.items_more,
        "codes": [clean(code) for code in found.codes],
        "payers": [clean(payer) for payer in found.payers],
        "methodologies": [clean(method) for method in found.methodologies],
    }


def _percent_only(rows: PercentRows) -> dict[str, object]:
    return {
        "rows": rows.rows,
        "percentage_low": rows.low,
        "percentage_high": rows.high,
        "example": None if rows.example is None else clean(rows.example),
    }


def price_sheet_document(summaries: tuple[Summary, ...]) -> dict[str, object]:
    """Every kind of price per level, as data, for JSON: each level's prices by kind, the
    kinds it lacks, and its payer rows that give a percentage or a rule only."""
    first = summaries[0]
    by_kind = {summary.price: summary for summary in summaries}
    reading = by_kind.get("negotiated", first)
    # The kinds a sheet speaks of: those always said, and those some level has.
    said = [s for s in summaries if s.levels or PriceKind(s.price).facts.always_said]
    levels = []
    for care in first.codes.levels:
        prices = {
            summary.price: _level_prices(found)
            for summary in summaries
            for found in summary.levels
            if found.level.id == care.id
        }
        percent = next(
            (rows for s in summaries for rows in s.percent_only if rows.level.id == care.id), None
        )
        levels.append(
            {
                "id": care.id,
                "name": care.name,
                "unit": care.unit,
                "per_week": care.per_week,
                "prices": prices,
                "missing": [s.price for s in said if s.price not in prices],
                "percent_only": None if percent is None else _percent_only(percent),
            }
        )
    return {
        "file": file_document(first.info),
        "codes": first.codes.origin,
        "prices": [summary.price for summary in said],
        "levels": levels,
        "skipped": dict(reading.skipped),
        "skipped_examples": {reason: clean(text) for reason, text in reading.examples},
        "unreadable": reading.unreadable,
        "first_unreadable": reading.first_unreadable,
        "values": {summary.price: dict(summary.values) for summary in summaries},
        "not_counted": _unlisted(first),
        "entries": first.entries,
    }


def _unlisted(summary: Summary) -> dict[str, object]:
    """Per level, the lines that name it under codes not listed (not counted)."""
    return {
        rows.level.id: {
            "rows": rows.rows,
            "codes": list(rows.codes),
            "example": clean(rows.example),
        }
        for rows in summary.unlisted
    }


def summary_document(summary: Summary) -> dict[str, object]:
    """The summary as data, for JSON."""
    info = summary.info
    return {
        "file": file_document(info),
        "codes": summary.codes.origin,
        "price": summary.price,
        "payers": [clean(payer) for payer in summary.payers],
        "levels": [
            {
                "id": found.level.id,
                "name": found.level.name,
                "unit": found.level.unit,
                "per_week": found.level.per_week,
                **_level_prices(found),
            }
            for found in summary.levels
        ],
        "missing_levels": [level.id for level in summary.missing],
        "percent_only": {rows.level.id: _percent_only(rows) for rows in summary.percent_only},
        "not_counted": _unlisted(summary),
        "skipped": dict(summary.skipped),
        "skipped_examples": {reason: clean(text) for reason, text in summary.examples},
        "unreadable": summary.unreadable,
        "first_unreadable": summary.first_unreadable,
        "values": dict(summary.values),
        "entries": summary.entries,
    }
