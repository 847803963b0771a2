"""batch: many scenarios priced as they stream in (iopcost.batch does the work)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from iopcost.app.estimate import DEFAULT_RATES, Rates
from iopcost.app.output import Say
from iopcost.batch.rows import is_regular_file, open_input, refuse_foreign_input, same_file
from iopcost.batch.run import BatchOptions, Guard, Tally, run_batch
from iopcost.core.errors import OwnOutput
from iopcost.core.language import N_, _
from iopcost.core.levels import CostTable

WAITING = N_(
    "Reading scenarios from the keyboard: type CSV rows with a header first "
    "(for example: weeks,sessions), then press Ctrl-D to finish (Ctrl-C to stop)."
)


@dataclass(frozen=True, slots=True)
class BatchRequest:
    """What batch is asked: the scenarios (None or "-": standard input), how to read
    them and write the estimates, and which rates."""

    source: str | None = None
    input_format: str | None = None
    output_format: str = "csv"
    rates: Rates = DEFAULT_RATES
    continue_on_error: bool = False
    ignore_unknown: bool = False

    @property
    def from_stdin(self) -> bool:
        """Whether the scenarios come from standard input."""
        return self.source in (None, "-")

    @property
    def jsonl(self) -> bool:
        """Whether the scenarios are JSON Lines: as asked, else by the file's name."""
        if self.input_format is not None:
            return self.input_format == "jsonl"
        return str(self.source).lower().endswith((".jsonl", ".ndjson"))


def batch(request: BatchRequest, *, stdin: BinaryIO, out: TextIO, say: Say) -> Tally:
    """Price every scenario, writing the estimates to `out` as they come, and say how
    many were written and rejected when asked to go on past bad rows."""
    from iopcost.app.tables import merged_table

    table = merged_table(request.rates.data)
    if request.from_stdin and stdin.isatty():
        say(_(WAITING))
    with ExitStack() as stack:
        if request.from_stdin:
            stream, name = stdin, "standard input"
        else:
            stream = stack.enter_context(open_input(str(request.source)))
            name = f"input {request.source}"
        if same_file(stream, out):
            raise OwnOutput(
                _(
                    "{name} is also where the estimates are written (standard output), so "
                    "the run would read its own output; write them to another file.",
                    name=name[:1].upper() + name[1:],
                )
            )
        refuse_foreign_input(stream, name)
        # Flush per scenario when a person or program waits on a pipe; in blocks when
        # either end is a file.
        streaming = not is_regular_file(stream) and not is_regular_file(out)
        options = BatchOptions(
            dollars=request.rates.dollars,
            price_index=request.rates.price_index,
            jsonl=request.jsonl,
            output_format=request.output_format,
            ignore_unknown=request.ignore_unknown,
            continue_on_error=request.continue_on_error,
            flush_every=1 if streaming else 1000,
        )
        on_bytes = None
        if not request.from_stdin and _on_terminal() and is_regular_file(stream):
            from iopcost.render.progress import ByteProgress

            on_bytes = stack.enter_context(ByteProgress(os.fstat(stream.fileno()).st_size)).advance
        tally = _guarded(stream, out, table, options, on_bytes, say)
    if request.continue_on_error:
        say(tally.summary())
    return tally


def _on_terminal() -> bool:
    import sys

    return sys.stderr.isatty()


def _guarded(
    stream: BinaryIO,
    out: TextIO,
    table: CostTable,
    options: BatchOptions,
    on_bytes: Callable[[int], None] | None,
    say: Say,
) -> Tally:
    """Run the batch with SIGINT and SIGTERM held back while a scenario is written."""
    guard = Guard()
    handlers = {
        signum: signal.signal(signum, guard.handle) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        return run_batch(
            stream,
            out,
            table,
            options,
            on_rejected=lambda problem: say(_("Error: {problem}", problem=problem)),
            on_bytes=on_bytes,
            guard=guard,
        )
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
