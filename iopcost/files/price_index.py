"""The price index file: data/price_index.csv, made by scripts/update_price_index.py."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from iopcost.core.dollars import SERIES_KEYS, Month, PriceIndex, Series, month_of
from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.files.bundled import bundled_file

INDEX_NAME = "price_index.csv"


def load_price_index(path: Path | None = None) -> PriceIndex:
    """Read the index file (the shipped one by default); a damaged file is refused."""
    path = path or bundled_file(INDEX_NAME)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(
            _(
                "the price index {name} cannot be read ({exc}); reinstall iopcost.",
                name=path.name,
                exc=exc,
            )
        ) from None
    try:
        return parse_price_index(text, origin=path.name)
    except (ValueError, IndexError) as exc:
        raise DataFileError(
            _(
                "the price index {name} is damaged ({exc}); reinstall iopcost or "
                "regenerate it with scripts/update_price_index.py.",
                name=path.name,
                exc=exc,
            )
        ) from None


def _index_value(cell: str, number: int) -> Decimal:
    try:
        value = Decimal(cell)
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0:
        raise ValueError(f"line {number}: {cell!r} is not an index value")
    return value


def parse_price_index(text: str, *, origin: str) -> PriceIndex:
    """Parse the index file's text; raises ValueError naming the line at fault."""
    described: dict[str, tuple[str, str, str, str]] = {}
    columns: list[str] = []
    values: dict[str, dict[Month, Decimal]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split(",")
        if line.startswith("# series,"):
            _year, key, series_id, title, base, measures = fields
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
            month = month_of(fields[0]) if fields[0] == fields[0].strip() else None
            if month is None:
                raise ValueError(f"line {number}: {fields[0]!r} is not a month")
            for series_id, cell in zip(columns, fields[1:], strict=True):
                if cell:
                    values[series_id][month] = _index_value(cell, number)
    series = {}
    for series_id, (key, title, base, measures) in described.items():
        by_month = values.get(series_id)
        if not by_month:
            raise ValueError(f"no values for {series_id}")
        series[key] = Series(
            key=key,
            id=series_id,
            title=title,
            base=base,
            measures=measures,
            values=by_month,
            first=min(by_month),
            latest=max(by_month),
        )
    if set(series) != set(SERIES_KEYS):
        raise ValueError(f"the series are {', '.join(series)}, not {', '.join(SERIES_KEYS)}")
    return PriceIndex(origin, series)
