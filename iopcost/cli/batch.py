"""batch: its options; iopcost.app.batch prices the scenarios."""

import sys
from typing import Annotated

import typer

from iopcost.app.formats import BATCH, input_formats
from iopcost.app.output import on_stderr as say
from iopcost.cli.app import Command, app, examples, one_stdin
from iopcost.cli.options import (
    DataOption,
    DollarsOption,
    PriceIndexChoice,
    PriceIndexOption,
    choice_option,
    format_option,
    rates,
    stdin_data,
)
from iopcost.core.errors import EXIT_FAILURE
from iopcost.core.language import _

SourceArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[FILE|-]",
        show_default=False,
        help=_(
            "Scenarios to price, CSV with a header or JSON Lines; - or none reads stdin.",
        ),
    ),
]
InputFormatOption = Annotated[
    str | None,
    choice_option(
        ("--input-format",),
        input_formats(BATCH),
        _("Input format; by default jsonl for .jsonl files, else csv."),
    ),
]
OutputFormatOption = Annotated[str, format_option(BATCH, _("Output format."))]
ContinueOption = Annotated[
    bool,
    typer.Option(
        "--continue-on-error", help=_("Report bad rows and go on; exit 1 if any were rejected.")
    ),
]
IgnoreUnknownOption = Annotated[
    bool, typer.Option("--ignore-unknown", help=_("Skip unknown columns instead of refusing."))
]


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
    from iopcost.app.batch import BatchRequest, batch

    from_stdin = source in (None, "-")
    one_stdin(data=stdin_data(data), scenarios="-" if from_stdin else source)
    request = BatchRequest(
        source=source,
        input_format=input_format,
        output_format=output_format,
        rates=rates(data, dollars, price_index),
        continue_on_error=continue_on_error,
        ignore_unknown=ignore_unknown,
    )
    tally = batch(request, stdin=sys.stdin.buffer, out=sys.stdout, say=say)
    if tally.rejected:
        raise typer.Exit(EXIT_FAILURE)
