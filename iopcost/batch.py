"""Estimates in bulk: many scenarios in (CSV or JSON Lines), one estimate each out.

Streaming: rows are read, checked, priced and written one at a time, so memory
stays flat however long the input is. Every input row is accounted for: it is
written, or reported with its row number, column and problem. Rows are read
by the same grammar (iopcost.amounts), checked by the same rules
(estimate.check_weeks, estimate.schedule, insurance.plan_terms) and priced by
the same function (estimate.bill_level) as `compare`.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import TracebackType
from typing import BinaryIO, TextIO

from iopcost import amounts
from iopcost.costdata import CostTable, Level
from iopcost.errors import DataFileError, InvalidValue, IopcostError
from iopcost.estimate import Bill, bill_level, check_weeks, schedule
from iopcost.formats import RowWriter, json_text, machine_text
from iopcost.household import TERM_KEYS as HOUSEHOLD_KEYS
from iopcost.household import HouseholdTerms, household_costs, household_terms, parse_lost_pay
from iopcost.insurance import TERM_KEYS, PlanTerms, plan_terms
from iopcost.money import plain

BASE_KEYS = ("row", "id", "level", "units", "total_low", "total_high")
PATIENT_COLUMNS = ("patient_low", "patient_high")
HOUSEHOLD_COLUMNS = ("household_total", "all_in_low", "all_in_high")
PER_WEEK_PREFIX = "per_week."


class RowError(DataFileError):
    """One input row that cannot be priced: its number, column and problem."""

    def __init__(self, row: int, column: str | None, message: str) -> None:
        where = f"row {row}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}")


class BatchInterrupted(IopcostError):
    """A signal stopped the run between two scenarios: how far it got."""

    prefix = ""

    def __init__(self, message: str, *, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Stop(Exception):
    """Raised by Guard when a signal arrives outside a scenario's writing."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Guard:
    """Holds back SIGINT and SIGTERM while a scenario is written, so that the
    output only ever holds whole scenarios. Install `handle` as the handler."""

    def __init__(self) -> None:
        self.writing = False
        self.pending: int | None = None

    def handle(self, signum: int, frame: object) -> None:
        """Stop now, or after the scenario being written."""
        if self.writing:
            self.pending = signum
        else:
            raise Stop(signum)

    def __enter__(self) -> None:
        self.writing = True

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.writing = False
        if self.pending is not None and kind is None:
            raise Stop(self.pending)


# An input row: its number, and its values or what is wrong with it.
Record = tuple[int, "dict[str, object] | RowError"]


@dataclass(frozen=True, slots=True)
class Scenario:
    """One checked input row, with the cost table in the dollars it asks for."""

    row: int
    id: str
    weeks: int
    per_week: Mapping[str, int]
    terms: PlanTerms | None
    table: CostTable
    household: HouseholdTerms | None = None


class Tables:
    """The cost table in each month's dollars that a run asks for, each restated once."""

    def __init__(self, published: CostTable, *, price_index: str) -> None:
        self.published = published
        self.price_index = price_index
        self.restated: dict[str, CostTable] = {}

    def get(self, dollars: str) -> CostTable:
        """The table in `dollars` (published, latest or YYYY-MM)."""
        from iopcost import dollars as money_of

        wanted = dollars.strip().lower()
        if wanted == money_of.PUBLISHED:
            return self.published
        if wanted != money_of.LATEST:
            wanted = str(money_of.parse_month(wanted))
        table = self.restated.get(wanted)
        if table is None:
            index = money_of.load_price_index()
            table = money_of.restate(
                self.published, index, series_key=self.price_index, target=wanted
            )
            self.restated[wanted] = table
        return table


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to read and write: input and output formats, what to do with bad rows."""

    # In which dollars rows are priced unless their `dollars` cell says otherwise.
    dollars: str
    price_index: str
    jsonl: bool
    output_format: str
    ignore_unknown: bool
    continue_on_error: bool
    # Flush after this many scenarios (1 when someone waits on a pipe).
    flush_every: int


@dataclass(slots=True)
class Tally:
    """What became of the input rows."""

    scenarios: int = 0
    written: int = 0
    rejected: int = 0
    last_row: int = 0

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
    known = {"weeks", "id", "sessions", "dollars", *TERM_KEYS, *HOUSEHOLD_KEYS}
    # per_week.LEVEL names a level in any case, as --per-week does.
    known |= {
        column
        for column in columns
        if column.startswith(PER_WEEK_PREFIX) and table.find(column.removeprefix(PER_WEEK_PREFIX))
    }
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise DataFileError(f"the input has the column {column!r} twice; keep one.")
        seen.add(column)
    if "weeks" not in seen:
        raise DataFileError(
            f"the input has no weeks column (columns: {', '.join(map(repr, columns)) or 'none'}); "
            "add one with the program length in weeks."
        )
    unknown = [column for column in columns if column not in known]
    if unknown and not ignore_unknown:
        raise DataFileError(
            f"unknown column {unknown[0]!r}; known: weeks, id, sessions, dollars, "
            f"{', '.join(PER_WEEK_PREFIX + lv.id for lv in table.levels)}, "
            f"{', '.join(TERM_KEYS)}, {', '.join(HOUSEHOLD_KEYS)} (or pass --ignore-unknown)."
        )
    return [column for column in columns if column in known]


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def cell_text(value: object, *, number: bool = True) -> str:
    """A cell's text for the shared grammar: CSV text as it is, JSON numbers as written."""
    if isinstance(value, str):
        return value
    if number and type(value) in (int, Decimal):
        return str(value)
    raise InvalidValue(f"{spelled(value)} is not a number.", subject="")


def spelled(value: object) -> str:
    """A cell's value as its row wrote it, quoted and escaped for a message."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return repr(str(value))


class ScenarioReader:
    """Turns rows into scenarios; which columns matter is worked out once per header."""

    def __init__(self, tables: Tables, default: CostTable, columns: Iterable[str]) -> None:
        columns = tuple(columns)
        self.tables = tables
        self.table = default
        self.has_dollars = "dollars" in columns
        self.has_sessions = "sessions" in columns
        self.per_week = [
            (column, level.id)
            for column in columns
            if column.startswith(PER_WEEK_PREFIX)
            and (level := tables.published.find(column.removeprefix(PER_WEEK_PREFIX)))
        ]
        self.terms = tuple(column for column in columns if column in TERM_KEYS)
        self.household = tuple(column for column in columns if column in HOUSEHOLD_KEYS)
        # Rows repeat the same few schedules: check and build each once.
        self.schedules: dict[tuple[int | None, tuple[tuple[str, int], ...]], Mapping[str, int]] = {}

    def read(self, row: int, values: Mapping[str, object]) -> Scenario:
        """Check one row's values and turn them into a scenario."""
        column = "weeks"
        try:
            weeks = check_weeks(self._whole(values.get("weeks"), "weeks"))
            column = "sessions"
            sessions = None
            if self.has_sessions and _given(value := values.get("sessions")):
                sessions = self._whole(value, "sessions")
            overrides = []
            for column, level_id in self.per_week:
                if _given(value := values.get(column)):
                    overrides.append((level_id, self._whole(value, "per_week")))
            key = (sessions, tuple(overrides))
            per_week = self.schedules.get(key)
            if per_week is None:
                per_week = schedule(self.table, sessions=sessions, per_week=dict(overrides))
                self.schedules[key] = per_week
            terms = None
            if self.terms:
                given: dict[str, Decimal] = {}
                for column in self.terms:
                    if _given(value := values.get(column)):
                        text = cell_text(value)
                        if column == "coinsurance":
                            given[column] = amounts.parse_percent(text, subject=column)
                        else:
                            given[column] = amounts.parse_amount(text, subject=column)
                terms = plan_terms(None, **given)
            household = None
            if self.household:
                costs: dict[str, Decimal] = {}
                for column in self.household:
                    if _given(value := values.get(column)):
                        read = parse_lost_pay if column == "lost_pay" else amounts.parse_amount
                        costs[column] = read(cell_text(value), subject=column)
                household = household_terms(
                    None,
                    lost_pay=costs.get("lost_pay"),
                    travel=costs.get("travel"),
                    childcare=costs.get("childcare"),
                )
            table = self.table
            column = "dollars"
            if self.has_dollars and _given(value := values.get("dollars")):
                table = self.tables.get(cell_text(value, number=False))
        except InvalidValue as exc:
            if exc.subject == "per_week" and exc.level:
                column = PER_WEEK_PREFIX + exc.level
            elif exc.subject in ("weeks", "sessions"):
                column = exc.subject
            raise RowError(row, column, str(exc)) from None
        ident = values.get("id")
        return Scenario(
            row, "" if ident is None else str(ident), weeks, per_week, terms, table, household
        )

    @staticmethod
    def _whole(value: object, subject: str) -> int:
        if not _given(value):
            raise InvalidValue("is empty; give a whole number.", subject=subject)
        if type(value) is int:
            return value
        try:
            return amounts.parse_whole(cell_text(value, number=False), subject=subject)
        except InvalidValue:
            raise InvalidValue(
                f"{spelled(value)} is not a whole number.", subject=subject
            ) from None


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
    except csv.Error as exc:
        raise DataFileError(f"the header row is not valid CSV ({exc}).") from None
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
    """Writes estimates as long CSV/TSV rows or as JSON Lines, flushing as it goes.

    The CSV header is written with the first scenario (or at the end), so a
    run whose first row is refused writes nothing at all.
    """

    def __init__(
        self,
        out: TextIO,
        table: CostTable,
        *,
        output_format: str,
        insured: bool,
        household: bool,
        flush_every: int,
    ) -> None:
        self.out = out
        self.table = table
        self.insured = insured
        self.household = household
        self.flush_every = flush_every
        self.count = 0
        self.rows: RowWriter | None = None
        self.header: tuple[str, ...] = ()
        if output_format != "jsonl":
            self.rows = RowWriter(out, output_format=output_format)
            self.header = (
                BASE_KEYS
                + (PATIENT_COLUMNS if insured else ())
                + (HOUSEHOLD_COLUMNS if household else ())
            )
        # bill_level's results, as written, by level, units and terms.
        self.priced: dict[tuple[object, ...], list[str]] = {}

    def start(self) -> None:
        """Write the header, once."""
        if self.rows is not None and self.header:
            self.rows.writerow(self.header)
            self.header = ()

    def scenario(self, scenario: Scenario) -> None:
        """Price one scenario at every level and write it."""
        self.start()
        if self.rows is None:
            self._json_line(scenario)
        else:
            # The id is the only free text in a row (level ids are checked names).
            self.rows.writerows(
                [
                    [scenario.row, scenario.id, *self._figures(index, scenario)]
                    for index in range(len(scenario.table.levels))
                ],
                carriage_return="\r" in scenario.id,
            )
        self.count += 1
        if self.count % self.flush_every == 0:
            self.out.flush()

    def _figures(self, index: int, scenario: Scenario) -> list[str]:
        level = scenario.table.levels[index]
        units = scenario.weeks * scenario.per_week[level.id]
        # Tables live as long as the run (Tables keeps them), so their ids are stable.
        key = (id(scenario.table), index, units, scenario.terms, scenario.household, scenario.weeks)
        figures = self.priced.get(key)
        if figures is None:
            bill, _ = bill_level(level, units, scenario.terms)
            figures = [level.id, str(units), plain(bill.total_low), plain(bill.total_high)]
            if self.insured:
                figures += [machine_text(bill.patient_low), machine_text(bill.patient_high)]
            if self.household:
                figures += self._household(scenario, level, bill)
            if len(self.priced) > 100_000:
                self.priced.clear()
            self.priced[key] = figures
        return figures

    @staticmethod
    def _household(scenario: Scenario, level: Level, bill: Bill) -> list[str]:
        """Household total and all-in, as compare computes them; empty without terms."""
        from iopcost.sheets import household_figures

        if scenario.household is None:
            return ["", "", ""]
        per_week = scenario.per_week[level.id]
        costs = household_costs(level, per_week, scenario.weeks, scenario.household)
        pays_low = bill.total_low if bill.patient_low is None else bill.patient_low
        pays_high = bill.total_high if bill.patient_high is None else bill.patient_high
        figures = household_figures(costs, pays_low, pays_high)
        return [plain(figures[key]) for key in HOUSEHOLD_COLUMNS]  # type: ignore[literal-required]

    def _json_line(self, scenario: Scenario) -> None:
        from iopcost.estimate import compare
        from iopcost.sheets import comparison_document

        comparison = compare(
            scenario.table,
            weeks=scenario.weeks,
            per_week=scenario.per_week,
            terms=scenario.terms,
            household=scenario.household,
        )
        document = comparison_document(comparison)
        record: dict[str, object] = {
            "row": scenario.row,
            "id": scenario.id,
            "weeks": scenario.weeks,
        }
        if "dollars" in document:
            record["dollars"] = document["dollars"]
        record["levels"] = document["levels"]
        self.out.write(json_text(record, indent=None) + "\n")


def run_batch(
    stream: BinaryIO,
    out: TextIO,
    table: CostTable,
    options: BatchOptions,
    *,
    on_rejected: Callable[[RowError], None],
    on_bytes: Callable[[int], None] | None = None,
    guard: Guard | None = None,
) -> Tally:
    """Price every scenario in `stream`, writing estimates to `out` as they come.

    The first bad row stops the run (its RowError is raised) unless
    `continue_on_error`, when it is passed to `on_rejected` and skipped. With a
    `guard` installed as the signal handler, a signal ends the run between two
    scenarios with BatchInterrupted, saying how far it got.
    """
    tally = Tally()
    try:
        _run(stream, out, table, options, tally, guard or Guard(), on_rejected, on_bytes)
    except Stop as stop:
        out.flush()
        message = f"interrupted after {tally.written} scenarios; last row {tally.last_row}"
        if options.continue_on_error:
            message += f"\n{tally.summary()}"
        raise BatchInterrupted(message, exit_code=128 + stop.signum) from None
    return tally


def _run(
    stream: BinaryIO,
    out: TextIO,
    table: CostTable,
    options: BatchOptions,
    tally: Tally,
    guard: Guard,
    on_rejected: Callable[[RowError], None],
    on_bytes: Callable[[int], None] | None,
) -> None:
    ignore_unknown = options.ignore_unknown
    tables = Tables(table, price_index=options.price_index)
    default = tables.get(options.dollars)
    bad_lines: set[int] = set()
    lines = decoded_lines(stream, bad_lines, on_bytes)
    readers: dict[tuple[str, ...], ScenarioReader] = {}
    if options.jsonl:
        records = jsonl_records(lines, bad_lines)
        first = next(records, None)
        if first is None:
            raise DataFileError("the input is empty; it needs one JSON object per line.")
        records = itertools.chain([first], records)
        # Any row may carry plan terms or household costs, and the columns
        # cannot wait for the last row: CSV from JSON Lines always has them.
        insured = household = True

        def reader_for(row: int, values: dict[str, object]) -> ScenarioReader:
            key = tuple(values)
            if key not in readers:
                if "weeks" not in values:
                    raise RowError(row, "weeks", "is missing; give the program length in weeks.")
                try:
                    columns = check_columns(list(values), table, ignore_unknown=ignore_unknown)
                except DataFileError as exc:
                    raise RowError(row, None, str(exc)) from None
                readers[key] = ScenarioReader(tables, default, columns)
            return readers[key]

    else:
        header, records = csv_records(lines, bad_lines)
        columns = check_columns(header, table, ignore_unknown=ignore_unknown)
        insured = any(column in TERM_KEYS for column in columns)
        household = any(column in HOUSEHOLD_KEYS for column in columns)
        reader = ScenarioReader(tables, default, columns)

        def reader_for(row: int, values: dict[str, object]) -> ScenarioReader:
            return reader

    writer = Writer(
        out,
        table,
        output_format=options.output_format,
        insured=insured,
        household=household,
        flush_every=options.flush_every,
    )
    for row, values in records:
        tally.scenarios += 1
        try:
            if isinstance(values, RowError):
                raise values
            scenario = reader_for(row, values).read(row, values)
            with guard:
                writer.scenario(scenario)
                tally.written += 1
                tally.last_row = row
        except RowError as problem:
            if not options.continue_on_error:
                raise
            tally.rejected += 1
            on_rejected(problem)
    writer.start()
    out.flush()
