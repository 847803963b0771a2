"""Renderers that need only the standard library: JSON, CSV, TSV and Markdown.

Machine formats write exactly the same bytes to a terminal or a pipe: no
colour, no wrapping, amounts exact to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO

from iopcost import money
from iopcost.sheets import Sheet, Value

# JSON strings need only quotes, backslashes and control characters escaped
# (RFC 8259, section 7). Doing it here keeps the json module, and its start-up
# cost, off the machine-format path.
_JSON_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\"}
_JSON_ESCAPES.update({code: f"\\u{code:04x}" for code in range(0x20)})
_JSON_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def json_string(text: str) -> str:
    """A JSON string literal for `text`, non-ASCII characters kept as they are."""
    return '"' + text.translate(_JSON_ESCAPES) + '"'


def encode_json(value: Any, *, indent: int | None = 2, depth: int = 0) -> str:
    """JSON text in which Decimal amounts are exact numbers rounded to the cent.

    With `indent=None` the text is one compact line (for JSON Lines).
    """
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return money.json_number(value)
    if isinstance(value, Mapping):
        colon = ": " if indent is not None else ":"
        items = [
            f"{json_string(str(key))}{colon}{encode_json(item, indent=indent, depth=depth + 1)}"
            for key, item in value.items()
        ]
        return _enclose("{", items, "}", indent, depth)
    if isinstance(value, (list, tuple)):
        items = [encode_json(item, indent=indent, depth=depth + 1) for item in value]
        return _enclose("[", items, "]", indent, depth)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _enclose(opening: str, items: list[str], closing: str, indent: int | None, depth: int) -> str:
    if not items or indent is None:
        return opening + ",".join(items) + closing
    pad = " " * (indent * (depth + 1))
    inner = ",\n".join(pad + item for item in items)
    return f"{opening}\n{inner}\n{' ' * (indent * depth)}{closing}"


def machine_text(value: Value) -> str:
    """A cell for CSV or TSV: amounts with two decimals, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return money.plain(value)
    return str(value)


def write_json(document: Mapping[str, Any], out: TextIO) -> None:
    """Write a document as indented JSON."""
    out.write(encode_json(document) + "\n")


def write_delimited(
    keys: Iterable[str], records: Iterable[Mapping[str, Value]], out: TextIO, *, delimiter: str
) -> None:
    """Write a header row, then one row per record, as CSV (",") or TSV ("\\t")."""
    keys = tuple(keys)
    writer = RowWriter(out, delimiter=delimiter)
    writer.writerow(keys)
    for record in records:
        writer.writerow([machine_text(record.get(key)) for key in keys])


class RowWriter:
    """csv.writer with "\n" line endings that still quotes a field holding "\r".

    The csv module quotes only the line terminator's characters, so a lone
    carriage return would split a row when read back; such rows are written
    with every field quoted.
    """

    def __init__(self, out: TextIO, *, delimiter: str) -> None:
        import csv

        self.plain = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        self.quoted = csv.writer(
            out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL
        )

    def writerow(self, row: Sequence[object]) -> None:
        """Write one row."""
        if any(isinstance(field, str) and "\r" in field for field in row):
            self.quoted.writerow(row)
        else:
            self.plain.writerow(row)

    def writerows(self, rows: Sequence[Sequence[object]], *, carriage_return: bool) -> None:
        """Write rows whose only free text the caller has checked for "\r"."""
        (self.quoted if carriage_return else self.plain).writerows(rows)


def markdown_text(sheet: Sheet) -> str:
    """A GitHub-style table with its title and notes, for pasting into notes."""

    def cell(text: str) -> str:
        return (
            text.replace("\\", "\\\\").replace("|", "\\|").replace(" -\n", " - ").replace("\n", " ")
        )

    rows = [tuple(cell(text) for text in row) for row in sheet.cells]
    if sheet.total_cells is not None:
        rows.append(tuple(f"**{cell(text)}**" if text else "" for text in sheet.total_cells))
    lines = [f"**{cell(sheet.title)}**", ""]
    lines.append("| " + " | ".join(cell(column.label) for column in sheet.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in sheet.columns) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines.append("")
    lines += [f"- {cell(note)}" for note in sheet.notes]
    return "\n".join(lines) + "\n"
