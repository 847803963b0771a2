"""batch: many scenarios priced as they stream in (iopcost.batch does the work)."""

import os
import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from iopcost.cli.app import Command, app, examples, one_stdin
from iopcost.cli.options import (
    DataOption,
    DollarsOption,
    PriceIndexChoice,
    PriceIndexOption,
    choice_option,
    data_sources,
    format_option,
    stdin_data,
)
from iopcost.core.errors import EXIT_FAILURE
from iopcost.render.formats import BATCH, input_formats

if TYPE_CHECKING:
    from iopcost.batch.run import BatchOptions, Tally
    from iopcost.core.levels import CostTable

SourceArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[FILE|-]",
        show_default=False,
        help="Scenarios to price, CSV with a header or JSON Lines; - or none reads stdin.",
    ),
]
InputFormatOption = Annotated[
    str | None,
    choice_option(
        ("--input-format",),
        input_formats(BATCH),
        "Input format; by default jsonl for .jsonl files, else csv.",
    ),
]
OutputFormatOption = Annotated[str, format_option(BATCH, "Output format.")]
ContinueOption = Annotated[
    bool,
    typer.Option(
        "--continue-on-error", help="Report bad rows and go on; exit 1 if any were rejected."
    ),
]
IgnoreUnknownOption = Annotated[
    bool, typer.Option("--ignore-unknown", help="Skip unknown columns instead of refusing.")
]
WAITING = (
    "Reading scenarios from the keyboard: type CSV rows with a header first "
    "(for example: weeks,sessions), then press Ctrl-D to finish (Ctrl-C to stop)."
)


@app.command(
    BATCH,
    cls=Command,
    epilog=examples(
        [
            "iopcost batch caseload.csv > estimates.csv",
            "printf 'id,weeks,deductible\\nann,8,2000\\n' | iopcost batch -f jsonl",
        ]
    ),
)
def batch_command(
    source: SourceArgument = None,
    input_format: InputFormatOption = None,
    output_format: OutputFormatOption = "csv",
    data: DataOption = None,
    dollars: DollarsOption = "published",
    price_index: PriceIndexOption = PriceIndexChoice.hospital,
    continue_on_error: ContinueOption = False,
    ignore_unknown: IgnoreUnknownOption = False,
) -> None:
    """Price many scenarios, one estimate per scenario and level, streaming.

    Columns: weeks (required), id, sessions, per_week.LEVEL, deductible,
    coinsurance, copay, oop_max, lost_pay, travel, childcare, patient, dollars. Empty
    cells mean "not given".
    """
    from iopcost.batch.rows import is_regular_file, open_input, refuse_foreign_input
    from iopcost.batch.run import BatchOptions
    from iopcost.core.levels import merge_tables
    from iopcost.files.cost_file import load_cost_table

    from_stdin = source in (None, "-")
    one_stdin(data=stdin_data(data), scenarios="-" if from_stdin else source)
    table = merge_tables([load_cost_table(path) for path in data_sources(data)])
    if from_stdin and sys.stdin.isatty():
        print(WAITING, file=sys.stderr)
    stream = sys.stdin.buffer if from_stdin else open_input(str(source))
    refuse_foreign_input(stream, "standard input" if from_stdin else f"input {source}")
    jsonl = (
        input_format == "jsonl"
        if input_format is not None
        else str(source).lower().endswith((".jsonl", ".ndjson"))
    )
    # Flush per scenario when a person or program waits on a pipe; in
    # blocks when either end is a file.
    streaming = not is_regular_file(stream) and not is_regular_file(sys.stdout)
    options = BatchOptions(
        dollars=dollars,
        price_index=price_index.value,
        jsonl=jsonl,
        output_format=output_format,
        ignore_unknown=ignore_unknown,
        continue_on_error=continue_on_error,
        flush_every=1 if streaming else 1000,
    )
    show_progress = not from_stdin and sys.stderr.isatty() and is_regular_file(stream)
    tally = _run(stream, table, options, show_progress=show_progress)
    if continue_on_error:
        print(tally.summary(), file=sys.stderr)
        if tally.rejected:
            raise typer.Exit(EXIT_FAILURE)


def _run(
    stream: BinaryIO, table: "CostTable", options: "BatchOptions", *, show_progress: bool
) -> "Tally":
    """Run the batch with SIGINT and SIGTERM held back while a scenario is written."""
    import signal

    from iopcost.batch.run import Guard, run_batch

    progress = None
    if show_progress:
        from iopcost.render.progress import ByteProgress

        progress = ByteProgress(os.fstat(stream.fileno()).st_size)
    guard = Guard()
    handlers = {
        signum: signal.signal(signum, guard.handle) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        with stream, progress or nullcontext():
            return run_batch(
                stream,
                sys.stdout,
                table,
                options,
                on_rejected=lambda problem: print(f"Error: {problem}", file=sys.stderr),
                on_bytes=progress.advance if progress else None,
                guard=guard,
            )
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
