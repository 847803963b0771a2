"""Estimates in bulk: many scenarios in (CSV or JSON Lines), one estimate each out.

Streaming: rows are read, checked, priced and written one at a time, so memory
stays flat however long the input is. Every input row is accounted for: it is
written, or reported with its row number, column and problem. Rows are read
by the same grammar (iopcost.core.amounts), checked and assembled by the same
function (iopcost.core.inputs.build_inputs) and priced by the same function
(iopcost.core.estimate.bill_from_start) as `compare`, its figures written from the bill.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO, TextIO

from iopcost.batch.rows import (
    RowError,
    check_columns,
    csv_records,
    decoded_lines,
    jsonl_records,
)
from iopcost.batch.scenarios import ScenarioReader, Tables
from iopcost.batch.writer import Writer
from iopcost.core.errors import DataFileError, IopcostError
from iopcost.core.household import TERM_KEYS as HOUSEHOLD_KEYS
from iopcost.core.language import _
from iopcost.core.levels import CostTable
from iopcost.core.terms import TERM_KEYS


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
        return _(
            "{scenarios} scenarios, {written} written, {rejected} rejected",
            scenarios=self.scenarios,
            written=self.written,
            rejected=self.rejected,
        )


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
        message = _("interrupted after {written} scenarios; last row {row}", written=tally.written,
                    row=tally.last_row)  # fmt: skip
        if options.continue_on_error:
            message += f"\n{tally.summary()}"
        raise BatchInterrupted(message, exit_code=128 + stop.signum) from None
    return tally


# JSON Lines readers kept at once (by key set, the least recently used dropped):
# memory stays flat however many key sets the rows have.
KEPT_READERS = 32


class Readers:
    """Which reader each row needs: one per CSV header, one per JSON Lines key set
    (in any order)."""

    def __init__(self, table: CostTable, options: BatchOptions) -> None:
        self.table = table
        self.ignore_unknown = options.ignore_unknown
        self.tables = Tables(table, price_index=options.price_index)
        self.default = self.tables.get(options.dollars)
        self.readers: OrderedDict[frozenset[str], ScenarioReader] = OrderedDict()

    def for_header(self, header: list[str]) -> ScenarioReader:
        """The one reader of a CSV input."""
        columns = check_columns(header, self.table, ignore_unknown=self.ignore_unknown)
        return ScenarioReader(self.tables, self.default, columns, text_cells=True)

    def for_row(self, row: int, values: dict[str, object]) -> ScenarioReader:
        """The reader of a JSON Lines row, by the keys it has."""
        key = frozenset(values)
        if key in self.readers:
            self.readers.move_to_end(key)
        else:
            if "weeks" not in values:
                raise RowError(row, "weeks", _("is missing; give the program length in weeks."))
            try:
                columns = check_columns(
                    list(values), self.table, ignore_unknown=self.ignore_unknown
                )
            except DataFileError as exc:
                raise RowError(row, None, str(exc)) from None
            self.readers[key] = ScenarioReader(self.tables, self.default, columns, text_cells=False)
            if len(self.readers) > KEPT_READERS:
                self.readers.popitem(last=False)
        return self.readers[key]


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
    readers = Readers(table, options)
    bad_lines: dict[int, str] = {}
    lines = decoded_lines(stream, bad_lines, on_bytes)
    if options.jsonl:
        records = jsonl_records(lines, bad_lines)
        first = next(records, None)
        if first is None:
            raise DataFileError(_("the input is empty; it needs one JSON object per line."))
        records = itertools.chain([first], records)
        # Any row may carry plan terms or household costs, and the columns
        # cannot wait for the last row: CSV from JSON Lines always has them.
        insured = household = True
        reader_for = readers.for_row
    else:
        header, records = csv_records(lines, bad_lines)
        reader = readers.for_header(header)
        insured = any(column in TERM_KEYS for column in reader.columns)
        household = any(column in HOUSEHOLD_KEYS for column in reader.columns)

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
