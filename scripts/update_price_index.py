"""Regenerate data/price_index.csv from the BLS data that the `cpi` package bundles.

    pip install '.[maintain]' && python scripts/update_price_index.py

Monthly values, January 2015 to the latest month published, of three BLS
CPI-U series (U.S. city average, not seasonally adjusted). The `cpi` package
ships the BLS database as SQLite; it is read directly, so pandas is never
imported. Running the script twice gives the same bytes: the file records
where the figures come from and their latest month, not when it was made.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sqlite3
import sys
from pathlib import Path

FIRST_YEAR = 2015
# key (for --price-index), BLS series id, title, base period (BLS's, per series),
# and what the series measures, in a family's words
SERIES = (
    ("hospital", "CUUR0000SEMD01", "Hospital services", "December 1996=100", "hospital prices"),
    (
        "outpatient",
        "CUUR0000SS5703",
        "Outpatient hospital services",
        "December 1986=100",
        "outpatient hospital prices",
    ),
    (
        "medical-services",
        "CUUR0000SAM2",
        "Medical care services",
        "1982-84=100",
        "prices of medical care services",
    ),
)
TARGET = Path(__file__).resolve().parent.parent / "data" / "price_index.csv"


def bundled_database() -> Path:
    """The SQLite database inside the installed cpi package, found without importing it."""
    spec = importlib.util.find_spec("cpi")
    if spec is None or spec.origin is None:
        sys.exit("the cpi package is not installed: pip install '.[maintain]'")
    return Path(spec.origin).parent / "cpi.db"


def monthly(connection: sqlite3.Connection, series_id: str) -> dict[str, str]:
    """YYYY-MM -> index value as BLS publishes it (three decimals), months only."""
    rows = connection.execute(
        "SELECT year, period, value FROM indexes WHERE series = ? AND year >= ? "
        "AND period BETWEEN 'M01' AND 'M12'",
        (series_id, FIRST_YEAR),
    )
    return {f"{year}-{period[1:]}": f"{value:.3f}" for year, period, value in rows}


def render(database: Path, version: str) -> str:
    """The whole file's text."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        values = {series[1]: monthly(connection, series[1]) for series in SERIES}
    months = sorted({month for by_month in values.values() for month in by_month})
    lines = [
        "# Consumer Price Index for All Urban Consumers (CPI-U), U.S. city average,",
        "# not seasonally adjusted, monthly. Source: U.S. Bureau of Labor Statistics,",
        f"# as bundled in the cpi package {version}; latest month {months[-1]}.",
        "# Made by scripts/update_price_index.py; do not edit by hand. A month missing",
        "# or empty has no figure in the source (BLS published none for October 2025).",
    ]
    lines += ["# series," + ",".join(series) for series in SERIES]
    lines.append("month," + ",".join(series[1] for series in SERIES))
    for month in months:
        cells = [values[series[1]].get(month, "") for series in SERIES]
        lines.append(f"{month}," + ",".join(cells))
    return "\n".join(lines) + "\n"


def main() -> None:
    text = render(bundled_database(), importlib.metadata.version("cpi"))
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.name}: {text.count(chr(10))} lines")


if __name__ == "__main__":
    main()
