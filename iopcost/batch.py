"""Estimates in bulk: many scenarios in (CSV or JSON Lines), one estimate each out.

Streaming: rows are read, checked, priced and written one at a time, so memory
stays flat however long the input is. Every input row is accounted for: it is
written, or reported with its row number, column and problem.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, BinaryIO, TextIO

from iopcost.costdata import CostTable, Level
from iopcost.errors import DataFileError
from iopcost.estimate import MAX_WEEKS, bill_level
from iopcost.insurance import CostShare, PlanTerms
from iopcost.money import plain

if TYPE_CHECKING:
    from iopcost.formats import RowWriter

TERM_COLUMNS = ("deductible", "coinsurance", "copay", "oop_max")
BASE_KEYS = ("row", "id", "level", "units", "total_low", "total_high")
PATIENT_COLUMNS = ("patient_low", "patient_high")
PER_WEEK_PREFIX = "per_week."
MAX_SESSIONS = 14


class RowError(DataFileError):
    """One input row that cannot be priced: its number, column and problem."""

    def __init__(self, row: int, column: str | None, message: str) -> None:
        where = f"row {row}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}")


# An input row: its number, and its values or what is wrong with it.
Record = tuple[int, "dict[str, object] | RowError"]


@dataclass(frozen=True, slots=True)
class Scenario:
    """One checked input row."""

    row: int
    id: str
    weeks: int
    per_week: dict[str, int]
    terms: PlanTerms | None


@dataclass(slots=True)
class Tally:
    """What became of the input rows."""

    scenarios: int = 0
    written: int = 0
    rejected: int = 0

    def summary(self) -> str:
        """`N scenarios, M written, K rejected`."""
        return f"{self.scenarios} scenarios, {self.written} written, {self.rejected} rejected"


def open_input(path: str) -> BinaryIO:
    """Open a scenarios file for reading, explaining why it cannot be."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise DataFileError(f"input {path} does not exist; check the path.") from None
    except IsADirectoryError:
        raise DataFileError(
            f"input {path} is a directory; give a CSV or JSON Lines file."
        ) from None
    except PermissionError:
        raise DataFileError(f"input {path} cannot be read (permission denied).") from None
    except OSError as exc:
        raise DataFileError(f"input {path} cannot be read ({exc.strerror}).") from None


def is_regular_file(stream: object) -> bool:
    """Whether a stream is a regular file (not a pipe, terminal or socket)."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def decoded_lines(
    stream: BinaryIO, bad_lines: set[int], on_bytes: Callable[[int], None] | None = None
) -> Iterator[str]:
    """Lines of UTF-8 text (BOM dropped); lines that are not UTF-8 are noted in
    `bad_lines` (1-based) and passed on with their bytes escaped."""
    for number, raw in enumerate(stream, start=1):
        if on_bytes is not None:
            on_bytes(len(raw))
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.add(number)
            line = raw.decode("utf-8", "surrogateescape")
        if number == 1:
            line = line.removeprefix("\ufeff")
        yield line


def check_columns(columns: Sequence[str], table: CostTable, *, ignore_unknown: bool) -> list[str]:
    """The columns to read: `weeks` must be there; unknown ones are refused unless ignored."""
    known = {"weeks", "id", "sessions", *TERM_COLUMNS}
    known |= {PER_WEEK_PREFIX + level.id for level in table.levels}
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise DataFileError(f"the input has the column {column!r} twice; keep one.")
        seen.add(column)
    if "weeks" not in seen:
        raise DataFileError(
            f"the input has no weeks column (columns: {', '.join(columns) or 'none'}); "
            "add one with the program length in weeks."
        )
    unknown = [column for column in columns if column not in known]
    if unknown and not ignore_unknown:
        raise DataFileError(
            f"unknown column {unknown[0]!r}; known: weeks, id, sessions, "
            f"{', '.join(PER_WEEK_PREFIX + lv.id for lv in table.levels)}, "
            f"{', '.join(TERM_COLUMNS)} (or pass --ignore-unknown)."
        )
    return [column for column in columns if column in known]


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _whole(row: int, column: str, value: object, low: int, high: int) -> int:
    number: int | None = None
    if type(value) is str:
        try:
            number = int(value)
        except ValueError:
            number = None
    elif type(value) is int:
        number = value
    if number is None or not low <= number <= high:
        if not _given(value):
            raise RowError(row, column, f"is empty; give a whole number from {low} to {high}.")
        raise RowError(row, column, f"{str(value)!r} is not a whole number from {low} to {high}.")
    return number


def _amount(row: int, column: str, value: object) -> Decimal:
    bad = RowError(row, column, f"{str(value)!r} is not an amount of 0 or more.")
    if isinstance(value, bool):
        raise bad
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise bad from None
    if not amount.is_finite() or amount < 0:
        raise bad
    if column == "coinsurance" and amount > 100:
        raise RowError(row, column, f"{str(value)!r} is not a percentage from 0 to 100.")
    return amount


class ScenarioReader:
    """Turns rows into scenarios; which columns matter is worked out once per header."""

    def __init__(self, table: CostTable, columns: Iterable[str]) -> None:
        columns = tuple(columns)
        self.defaults = {level.id: level.per_week for level in table.levels}
        self.session_levels = tuple(lv.id for lv in table.levels if lv.unit == "session")
        self.has_sessions = "sessions" in columns
        self.per_week: list[tuple[str, str, int]] = []
        for column in columns:
            if column.startswith(PER_WEEK_PREFIX):
                level = table.find(column.removeprefix(PER_WEEK_PREFIX))
                assert level is not None  # check_columns admitted only known levels
                self.per_week.append((column, level.id, level.max_per_week))
        self.terms = tuple(column for column in columns if column in TERM_COLUMNS)

    def read(self, row: int, values: Mapping[str, object]) -> Scenario:
        """Check one row's values and turn them into a scenario."""
        weeks = _whole(row, "weeks", values.get("weeks"), 1, MAX_WEEKS)
        per_week = self.defaults
        if self.has_sessions and _given(sessions_value := values.get("sessions")):
            sessions = _whole(row, "sessions", sessions_value, 1, MAX_SESSIONS)
            per_week = dict(per_week)
            for level_id in self.session_levels:
                per_week[level_id] = sessions
        # per_week.LEVEL wins over sessions, as --per-week does on the command line.
        for column, level_id, most in self.per_week:
            value = values.get(column)
            if _given(value):
                if per_week is self.defaults:
                    per_week = dict(per_week)
                per_week[level_id] = _whole(row, column, value, 1, most)
        plan = None
        if self.terms:
            terms = {
                column: _amount(row, column, values[column])
                for column in self.terms
                if _given(values.get(column))
            }
            if terms:
                share = CostShare(
                    copay=terms.get("copay", Decimal(0)),
                    coinsurance=terms.get("coinsurance", Decimal(0)),
                )
                plan = PlanTerms(
                    deductible=terms.get("deductible", Decimal(0)),
                    oop_max=terms.get("oop_max"),
                    share=share,
                )
        ident = values.get("id")
        return Scenario(row, "" if ident is None else str(ident), weeks, per_week, plan)


def csv_records(
    lines: Iterator[str], bad_lines: set[int], delimiter: str = ","
) -> tuple[list[str], Iterator[Record]]:
    """The header, then (row, values) for each data row; row 1 is the first after the header."""
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise DataFileError(
            "the input is empty; it needs a header row with a weeks column."
        ) from None
    if 1 in bad_lines:
        raise DataFileError("the header row is not UTF-8 text; save the file as UTF-8.")

    def rows() -> Iterator[Record]:
        last_line = reader.line_num
        while True:
            first_line = last_line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise RowError(first_line - 1, None, f"not valid CSV ({exc}).") from None
            last_line = reader.line_num
            row = first_line - 1
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if bad_lines and any(n in bad_lines for n in range(first_line, last_line + 1)):
                yield row, RowError(row, None, "is not UTF-8 text; save the file as UTF-8.")
                continue
            if len(fields) != len(header):
                yield (
                    row,
                    RowError(
                        row, None, f"has {len(fields)} fields but the header has {len(header)}."
                    ),
                )
                continue
            yield row, dict(zip(header, fields, strict=True))

    return header, rows()


def jsonl_records(lines: Iterator[str], bad_lines: set[int]) -> Iterator[Record]:
    """(row, values) for each line holding a JSON object; row is the line number.

    Nested `per_week` objects are flattened to per_week.LEVEL columns.
    """
    for row, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if row in bad_lines:
            yield row, RowError(row, None, "is not UTF-8 text; save the file as UTF-8.")
            continue
        try:
            value = json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            yield row, RowError(row, None, f"is not valid JSON ({exc.msg} at column {exc.colno}).")
            continue
        if not isinstance(value, dict):
            yield row, RowError(row, None, "is not a JSON object; write one {...} per line.")
            continue
        nested = value.pop("per_week", None)
        if isinstance(nested, dict):
            for level_id, count in nested.items():
                value[PER_WEEK_PREFIX + str(level_id)] = count
        elif nested is not None:
            value["per_week"] = nested
        yield row, value


class Writer:
    """Writes estimates as long CSV/TSV rows or as JSON Lines, flushing as it goes."""

    def __init__(self, out: TextIO, *, output_format: str, insured: bool, flush_every: int) -> None:
        self.out = out
        self.insured = insured
        self.flush_every = flush_every
        self.count = 0
        self.totals: dict[tuple[str, int], tuple[str, str]] = {}
        self.rows: RowWriter | None = None
        if output_format in ("csv", "tsv"):
            from iopcost.formats import RowWriter

            self.rows = RowWriter(out, delimiter="," if output_format == "csv" else "\t")
            self.rows.writerow(BASE_KEYS + (PATIENT_COLUMNS if insured else ()))

    def scenario(self, scenario: Scenario, table: CostTable) -> None:
        """Price one scenario at every level and write it."""
        if self.rows is None:
            self._json_line(scenario, table)
        else:
            # The id is the only free text in a row (level ids are checked names).
            self.rows.writerows(
                [self._row(scenario, level) for level in table.levels],
                carriage_return="\r" in scenario.id,
            )
        self.count += 1
        if self.count % self.flush_every == 0:
            self.out.flush()

    def _row(self, scenario: Scenario, level: Level) -> list[object]:
        units = scenario.weeks * scenario.per_week[level.id]
        if scenario.terms is None:
            # Totals depend only on the level and the units: format each pair once.
            key = (level.id, units)
            totals = self.totals.get(key)
            if totals is None:
                totals = self.totals[key] = (plain(units * level.low), plain(units * level.high))
            row: list[object] = [scenario.row, scenario.id, level.id, units, *totals]
            if self.insured:
                row += ["", ""]
            return row
        bill, _ = bill_level(level, units, scenario.terms)
        row = [scenario.row, scenario.id, level.id, units, plain(bill.total_low)]
        row.append(plain(bill.total_high))
        if self.insured:
            row += [_plain_or_empty(bill.patient_low), _plain_or_empty(bill.patient_high)]
        return row

    def _json_line(self, scenario: Scenario, table: CostTable) -> None:
        from iopcost.formats import encode_json
        from iopcost.sheets import bill_record

        bills = [
            bill_level(level, scenario.weeks * scenario.per_week[level.id], scenario.terms)[0]
            for level in table.levels
        ]
        record = {
            "row": scenario.row,
            "id": scenario.id,
            "weeks": scenario.weeks,
            "levels": [bill_record(bill, scenario.per_week[bill.level.id]) for bill in bills],
        }
        self.out.write(encode_json(record, indent=None) + "\n")


def _plain_or_empty(amount: Decimal | None) -> str:
    return "" if amount is None else plain(amount)


def run_batch(
    stream: BinaryIO,
    out: TextIO,
    table: CostTable,
    *,
    jsonl: bool,
    output_format: str,
    ignore_unknown: bool,
    continue_on_error: bool,
    flush_every: int,
    on_rejected: Callable[[RowError], None],
    on_bytes: Callable[[int], None] | None = None,
) -> Tally:
    """Price every scenario in `stream`, writing estimates to `out` as they come.

    The first bad row stops the run (its RowError is raised) unless
    `continue_on_error`, when it is passed to `on_rejected` and skipped.
    """
    bad_lines: set[int] = set()
    lines = decoded_lines(stream, bad_lines, on_bytes)
    if jsonl:
        records = jsonl_records(lines, bad_lines)
        first = next(records, None)
        keys = first[1] if first is not None and isinstance(first[1], dict) else {}
        insured = any(column in TERM_COLUMNS for column in keys)
        if first is not None:
            records = itertools.chain([first], records)

        readers: dict[tuple[str, ...], ScenarioReader] = {}

        def reader_for(row: int, values: dict[str, object]) -> ScenarioReader:
            key = tuple(values)
            if key not in readers:
                columns = _jsonl_columns(row, values, table, ignore=ignore_unknown, insured=insured)
                readers[key] = ScenarioReader(table, columns)
            return readers[key]

    else:
        header, records = csv_records(lines, bad_lines)
        columns = check_columns(header, table, ignore_unknown=ignore_unknown)
        insured = any(column in TERM_COLUMNS for column in columns)

        reader = ScenarioReader(table, columns)

        def reader_for(row: int, values: dict[str, object]) -> ScenarioReader:
            return reader

    writer = Writer(out, output_format=output_format, insured=insured, flush_every=flush_every)
    tally = Tally()
    for row, values in records:
        tally.scenarios += 1
        try:
            if isinstance(values, RowError):
                raise values
            writer.scenario(reader_for(row, values).read(row, values), table)
            tally.written += 1
        except RowError as problem:
            if not continue_on_error:
                raise
            tally.rejected += 1
            on_rejected(problem)
    out.flush()
    return tally


def _jsonl_columns(
    row: int, values: dict[str, object], table: CostTable, *, ignore: bool, insured: bool
) -> list[str]:
    """A JSON Lines row's keys, checked like a CSV header."""
    if "weeks" not in values:
        raise RowError(row, "weeks", "is missing; give the program length in weeks.")
    try:
        columns = check_columns(list(values), table, ignore_unknown=ignore)
    except DataFileError as exc:
        raise RowError(row, None, str(exc)) from None
    if not insured and any(column in TERM_COLUMNS for column in columns):
        raise RowError(
            row,
            None,
            "has insurance terms but the first row has none, so the output has no "
            "patient columns; put the terms in the first row too.",
        )
    return columns
