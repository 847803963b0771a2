"""Machine formats (JSON, JSON Lines, CSV, TSV): the standard library only, never Rich.

The same bytes to a terminal or a pipe: no colour, no wrapping, amounts exact
to the cent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO

from iopcost.core import money

DELIMITERS = {"csv": ",", "tsv": "\t"}


def json_number(value: object) -> int | float:
    """A Decimal as the JSON number with exactly its digits (`default=` for json).

    Amounts are rounded to cents where documents are built; a float carries
    such a number exactly (iopcost's limits keep it under 15 significant
    digits), and this checks that it does.
    """
    if not isinstance(value, Decimal):
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if Decimal(repr(number)) != value:
        raise ValueError(f"{value} cannot be written exactly as a JSON number")
    return number


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON text, non-ASCII characters kept; one compact line with `indent=None`."""
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(
        value, indent=indent, separators=separators, ensure_ascii=False, default=json_number
    )


def machine_text(value: object) -> str:
    """A cell for CSV or TSV: amounts with two decimals, nothing for None, text that a
    spreadsheet would read as a formula made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return money.plain(value)
    return inert_cell(str(value))


# What a spreadsheet reads as the start of a formula (OWASP's CSV injection rule).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: one that starts like a formula gains a
    leading apostrophe (a number, such as -5 or +1.5, is left as it is)."""
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


class RowWriter:
    """csv.writer with "\\n" line endings that still quotes a field holding "\\r".

    The csv module quotes only the line terminator's characters, so a lone
    carriage return would split a row when read back; such rows are written
    with every field quoted.
    """

    def __init__(self, out: TextIO, *, output_format: str) -> None:
        import csv

        delimiter = DELIMITERS[output_format]
        self.plain = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        self.quoted = csv.writer(
            out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL
        )

    def writerow(self, row: Sequence[object]) -> None:
        """Write one row (text that starts like a formula made inert)."""
        row = [inert_cell(field) if isinstance(field, str) else field for field in row]
        if any(isinstance(field, str) and "\r" in field for field in row):
            self.quoted.writerow(row)
        else:
            self.plain.writerow(row)

    def writerows(self, rows: Sequence[Sequence[object]], *, carriage_return: bool) -> None:
        """Write rows whose only free text the caller has checked for "\\r" and made
        inert (inert_cell)."""
        (self.quoted if carriage_return else self.plain).writerows(rows)


def write_delimited(
    keys: Iterable[str], records: Iterable[Mapping[str, object]], out: TextIO, *, output_format: str
) -> None:
    """Write a header row, then one row per record, as CSV or TSV."""
    keys = tuple(keys)
    writer = RowWriter(out, output_format=output_format)
    writer.writerow(keys)
    for record in records:
        writer.writerow([machine_text(record.get(key)) for key in keys])
