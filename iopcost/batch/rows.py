"""Batch input: CSV or JSON Lines rows, each with its number, checked against the header.

Every row is accounted for: it is passed on with its values, or as the
RowError that says which row, column and problem.
"""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import BinaryIO

from iopcost.core.errors import DataFileError, InvalidValue
from iopcost.core.household import TERM_KEYS as HOUSEHOLD_KEYS
from iopcost.core.language import N_, _
from iopcost.core.levels import CostTable
from iopcost.core.terms import TERM_KEYS
from iopcost.files.sniff import HEAD, refuse_foreign

PER_WEEK_PREFIX = "per_week."


class RowError(DataFileError):
    """One input row that cannot be priced: its number, column and problem."""

    def __init__(self, row: int, column: str | None, message: str) -> None:
        where = f"row {row}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}")


# An input row: its number, and its values or what is wrong with it.
Record = tuple[int, "dict[str, object] | RowError"]


def open_input(path: str) -> BinaryIO:
    """Open a scenarios file for reading, explaining why it cannot be."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise DataFileError(_("input {path} does not exist; check the path.", path=path)) from None
    except IsADirectoryError:
        raise DataFileError(
            _("input {path} is a directory; give a CSV or JSON Lines file.", path=path)
        ) from None
    except PermissionError:
        raise DataFileError(
            _("input {path} cannot be read (permission denied).", path=path)
        ) from None
    except OSError as exc:
        raise DataFileError(
            _("input {path} cannot be read ({strerror}).", path=path, strerror=exc.strerror)
        ) from None


def refuse_foreign_input(stream: BinaryIO, name: str) -> None:
    """Refuse a workbook, PDF or archive given as scenarios, saying how to save it."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        head = peek(HEAD)[:HEAD]
    elif stream.seekable():
        start = stream.tell()
        head = stream.read(HEAD)
        stream.seek(start)
    else:
        head = b""
    foreign = refuse_foreign(head, what=name, save_as="CSV")
    if foreign is not None:
        raise DataFileError(foreign)


def is_regular_file(stream: object) -> bool:
    """Whether a stream is a regular file (not a pipe, terminal or socket)."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def same_file(first: object, second: object) -> bool:
    """Whether two open streams are the same file (device and inode), whatever names or
    redirections led to them: a run that reads its own output never ends."""
    try:
        one = os.fstat(first.fileno())  # type: ignore[attr-defined]
        other = os.fstat(second.fileno())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISREG(one.st_mode) and (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


# The longest line a scenario may take (one row of CSV or JSON Lines); a longer one is
# one rejected row, read past without being held, whatever the input holds (/dev/zero).
MAX_BATCH_LINE = 1 << 20
NOT_UTF8 = N_("is not UTF-8 text; save the file as UTF-8.")
TOO_LONG = N_("is longer than {mib} MiB, the most one row may be.")


def decoded_lines(
    stream: BinaryIO, bad_lines: dict[int, str], on_bytes: Callable[[int], None] | None = None
) -> Iterator[str]:
    """Lines of UTF-8 text (BOM dropped); a line that is not UTF-8 (passed on with its
    bytes escaped) or longer than MAX_BATCH_LINE (passed on empty) is noted in
    `bad_lines` (1-based) with why."""
    number = 0
    while raw := stream.readline(MAX_BATCH_LINE + 1):
        number += 1
        if on_bytes is not None:
            on_bytes(len(raw))
        if len(raw) > MAX_BATCH_LINE and not raw.endswith(b"\n"):
            bad_lines[number] = _(TOO_LONG, mib=MAX_BATCH_LINE >> 20)
            if number == 1:
                yield "\n"  # the header: the run ends on it, so its end need not be found
                return
            skipped = _past_line(stream)
            if on_bytes is not None:
                on_bytes(skipped)
            yield "\n"
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines[number] = _(NOT_UTF8)
            line = raw.decode("utf-8", "surrogateescape")
        if number == 1:
            line = line.removeprefix("\ufeff")
        yield line


def _past_line(stream: BinaryIO) -> int:
    """Read past the rest of a line, a block at a time; how many bytes that was."""
    skipped = 0
    while block := stream.readline(MAX_BATCH_LINE):
        skipped += len(block)
        if block.endswith(b"\n"):
            break
    return skipped


def check_columns(columns: Sequence[str], table: CostTable, *, ignore_unknown: bool) -> list[str]:
    """The columns to read: `weeks` must be there; unknown ones are refused unless ignored."""
    known = {"weeks", "id", "sessions", "dollars", "patient", *TERM_KEYS, *HOUSEHOLD_KEYS}
    # per_week.LEVEL names a level in any case, as --per-week does.
    known |= {
        column
        for column in columns
        if column.startswith(PER_WEEK_PREFIX) and table.find(column.removeprefix(PER_WEEK_PREFIX))
    }
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise DataFileError(
                _("the input has the column {column!r} twice; keep one.", column=column)
            )
        seen.add(column)
    if "weeks" not in seen:
        raise DataFileError(
            _(
                "the input has no weeks column (columns: {value}); add one with the "
                "program length in weeks.",
                value=", ".join(map(repr, columns)) or "none",
            )
        )
    unknown = [column for column in columns if column not in known]
    if unknown and not ignore_unknown:
        raise DataFileError(
            _(
                "unknown column {unknown!r}; known: weeks, id, sessions, dollars, "
                "patient, {value}, {terms}, {household} (or pass "
                "--ignore-unknown).",
                unknown=unknown[0],
                value=", ".join(PER_WEEK_PREFIX + lv.id for lv in table.levels),
                terms=", ".join(TERM_KEYS),
                household=", ".join(HOUSEHOLD_KEYS),
            )
        )
    return [column for column in columns if column in known]


def given(value: object) -> bool:
    """Whether a cell holds a value (empty cells mean \"not given\")."""
    if type(value) is str:
        return bool(value) and not value.isspace()
    return value is not None


def cell_text(value: object, *, subject: str, number: bool = True) -> str:
    """A cell's text for the shared grammar: CSV text as it is, JSON numbers as written."""
    if isinstance(value, str):
        return value
    if number and type(value) in (int, Decimal):
        return str(value)
    raise InvalidValue(_("{value} is not a number.", value=spelled(value)), subject=subject)


def spelled(value: object) -> str:
    """A cell's value as its row wrote it, quoted and escaped for a message."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return repr(str(value))


def csv_records(
    lines: Iterator[str], bad_lines: dict[int, str], delimiter: str = ","
) -> tuple[list[str], Iterator[Record]]:
    """The header, then (row, values) for each data row; row 1 is the first after the header."""
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise DataFileError(
            _("the input is empty; it needs a header row with a weeks column.")
        ) from None
    except csv.Error as exc:
        raise DataFileError(_("the header row is not valid CSV ({exc}).", exc=exc)) from None
    if 1 in bad_lines:
        raise DataFileError(_("the header row {why}", why=bad_lines[1]))

    def rows() -> Iterator[Record]:
        last_line = reader.line_num
        while True:
            first_line = last_line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # One rejected row (a field past the limit, say); reading goes on after it.
                last_line = reader.line_num
                yield first_line - 1, RowError(first_line - 1, None, _("not valid CSV ({exc}).",
                                                                       exc=exc))  # fmt: skip
                continue
            last_line = reader.line_num
            row = first_line - 1
            bad = [bad_lines[n] for n in range(first_line, last_line + 1) if n in bad_lines]
            if bad:
                yield row, RowError(row, None, bad[0])
                continue
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) != len(header):
                yield (
                    row,
                    RowError(
                        row,
                        None,
                        _(
                            "has {fields} fields but the header has {header}.",
                            fields=len(fields),
                            header=len(header),
                        ),
                    ),
                )
                continue
            yield row, dict(zip(header, fields, strict=True))

    return header, rows()


def jsonl_records(lines: Iterator[str], bad_lines: dict[int, str]) -> Iterator[Record]:
    """(row, values) for each line holding a JSON object; row is the line number.

    Nested `per_week` objects are flattened to per_week.LEVEL columns.
    """
    for row, line in enumerate(lines, start=1):
        if row in bad_lines:
            yield row, RowError(row, None, bad_lines[row])
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line, parse_float=Decimal)
        except RecursionError:
            yield row, RowError(row, None, _("is nested too deeply to read as JSON."))
            continue
        except json.JSONDecodeError as exc:
            yield (
                row,
                RowError(
                    row,
                    None,
                    _("is not valid JSON ({msg} at column {colno}).", msg=exc.msg, colno=exc.colno),
                ),
            )
            continue
        if not isinstance(value, dict):
            yield row, RowError(row, None, _("is not a JSON object; write one {...} per line."))
            continue
        nested = value.pop("per_week", None)
        if isinstance(nested, dict):
            for level_id, count in nested.items():
                value[PER_WEEK_PREFIX + str(level_id)] = count
        elif nested is not None:
            value["per_week"] = nested
        yield row, value
