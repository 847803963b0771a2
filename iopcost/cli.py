"""The command line: parse, call the core, pick a renderer, explain errors.

The only module that imports Typer. Every problem the core reports is turned
into a message and an exit code here, once.
"""

# No `from __future__ import annotations` here: Typer would have to compile and
# evaluate every parameter's annotation string on each start.
import gc
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from iopcost import __version__
from iopcost.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    IopcostError,
    UsageProblem,
)

if TYPE_CHECKING:
    from iopcost.costdata import CostTable
    from iopcost.insurance import PlanTerms
    from iopcost.sheets import Sheet

app = typer.Typer(
    name="iopcost",
    help=(
        "Estimate what treatment would cost at each level of care: inpatient or "
        "residential, partial hospitalization (PHP) and intensive outpatient (IOP). "
        "Figures are estimates from published average rates, not quotes."
    ),
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class TableFormat(StrEnum):
    """Output formats for a single result."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


DataOption = Annotated[
    Optional[str],  # noqa: UP045 - Typer reads the annotation at run time
    typer.Option(
        "--data",
        envvar="IOPCOST_DATA",
        metavar="FILE",
        show_default=False,
        help="Cost file (YAML) to use instead of the bundled one; - reads standard input.",
    ),
]
FormatOption = Annotated[
    Optional[TableFormat],  # noqa: UP045
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        show_default=False,
        help="Output format on stdout (default: table).",
    ),
]
NoChartOption = Annotated[
    bool, typer.Option("--no-chart", help="Leave the cost chart out of the table.")
]
OutputOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        show_default=False,
        help="Write a report instead, its format by extension: .html .svg .txt .md .json .csv.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Let --output replace an existing file.")
]
WeeksOption = Annotated[
    int, typer.Option(min=1, max=520, metavar="N", help="Program length in whole weeks, 1 to 520.")
]
SessionsOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        min=1,
        max=14,
        metavar="N",
        show_default=False,
        help="Sessions per week, 1 to 14, for every level billed per session (IOP).",
    ),
]
PerWeekOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--per-week",
        metavar="LEVEL=N",
        show_default=False,
        help="Units per week for one level, e.g. php=4. Repeatable.",
    ),
]


DeductibleOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        metavar="AMOUNT", show_default=False, help="Deductible still to meet this plan year."
    ),
]
CoinsuranceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        metavar="PERCENT",
        show_default=False,
        help="Share the patient pays after the deductible, 0 to 100.",
    ),
]
CopayOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        metavar="AMOUNT",
        show_default=False,
        help="Fixed amount per billed day or session after the deductible.",
    ),
]
OopMaxOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--oop-max",
        metavar="AMOUNT",
        show_default=False,
        help="Out-of-pocket maximum still remaining this plan year.",
    ),
]
InsuranceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--insurance",
        metavar="FILE",
        show_default=False,
        help="Plan terms (YAML), with optional per-level overrides; flags override it.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"iopcost {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Estimate what treatment would cost at each level of care."""


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the core's problems into one message on stderr and an exit code."""
    try:
        yield
        sys.stdout.flush()
    except UsageProblem as exc:
        raise typer.BadParameter(str(exc), param_hint=exc.option) from None
    except IopcostError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader stopped reading (`| head`): point stdout at nothing so the
        # interpreter's last flush cannot complain, and end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(EXIT_OK) from None
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise
    except Exception as exc:
        # A bug, not a user's mistake: one plain line, unless asked for detail.
        if os.environ.get("IOPCOST_DEBUG"):
            raise
        print(
            f"Error: iopcost failed unexpectedly ({type(exc).__name__}: {exc}). This is a "
            "bug in iopcost; run again with IOPCOST_DEBUG=1 to see where, and report it.",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_FAILURE) from None


_PER_WEEK = re.compile(r"\s*([^=\s]+)\s*=\s*([0-9]+)\s*")
_AMOUNT = re.compile(r"\$?\s*([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")


def _parse_per_week(items: list[str] | None) -> dict[str, int]:
    result: dict[str, int] = {}
    for item in items or ():
        match = _PER_WEEK.fullmatch(item)
        if match is None:
            raise typer.BadParameter(
                f"{item!r} is not LEVEL=N; write it like php=4.", param_hint="--per-week"
            )
        result[match[1]] = int(match[2])
    return result


def _parse_amount(text: str | None, option: str, *, percent: bool = False) -> Decimal | None:
    if text is None:
        return None
    raw = text.strip()
    if percent:
        raw = raw.removesuffix("%").strip()
    match = _AMOUNT.fullmatch(raw)
    example = "20" if percent else "1500 or 212.50"
    if match is None:
        raise typer.BadParameter(
            f"{text!r} is not a non-negative number; write it like {example}.",
            param_hint=option,
        )
    value = Decimal(match[1].replace(",", "") + (match[2] or ""))
    if percent and value > 100:
        raise typer.BadParameter(f"{text!r} is not a percentage from 0 to 100.", param_hint=option)
    return value


def _plan_flags(
    deductible: str | None, coinsurance: str | None, copay: str | None, oop_max: str | None
) -> dict[str, Decimal | None]:
    """The plan-term flags, checked and read as exact amounts."""
    return {
        "deductible": _parse_amount(deductible, "--deductible"),
        "coinsurance": _parse_amount(coinsurance, "--coinsurance", percent=True),
        "copay": _parse_amount(copay, "--copay"),
        "oop_max": _parse_amount(oop_max, "--oop-max"),
    }


def _inputs(
    data: str | None,
    sessions: int | None,
    per_week: dict[str, int],
    insurance: str | None,
    flags: dict[str, Decimal | None],
) -> "tuple[CostTable, dict[str, int], PlanTerms | None]":
    """What compare and plan both start from: the cost table, the schedule, and
    the plan terms (None when no term is given)."""
    from iopcost.costdata import load_cost_table
    from iopcost.estimate import schedule

    table = load_cost_table(data)
    units_per_week = schedule(table, sessions=sessions, per_week=per_week)
    if insurance is None and all(value is None for value in flags.values()):
        return table, units_per_week, None
    from iopcost.insurance import PlanTerms, load_plan_terms, with_overrides

    level_ids = [level.id for level in table.levels]
    base = load_plan_terms(insurance, level_ids=level_ids) if insurance else PlanTerms()
    return table, units_per_week, with_overrides(base, **flags)


def _emit(
    sheet: "Sheet",
    output_format: TableFormat | None,
    *,
    chart: bool = True,
    output: str | None = None,
    force: bool = False,
) -> None:
    """Write a sheet to stdout in the chosen format, or as a report to a file."""
    if output is not None:
        _write_report(sheet, output_format, output=output, force=force)
        return
    if output_format is None or output_format is TableFormat.table:
        from rich.console import Console

        from iopcost.tables import print_sheet

        print_sheet(sheet, Console(), chart=chart)
        return
    from iopcost import formats

    if output_format is TableFormat.json:
        formats.write_json(sheet.document, sys.stdout)
    elif output_format is TableFormat.markdown:
        sys.stdout.write(formats.markdown_text(sheet))
    else:
        delimiter = "," if output_format is TableFormat.csv else "\t"
        formats.write_delimited(sheet.keys, sheet.records, sys.stdout, delimiter=delimiter)


def _write_report(
    sheet: "Sheet", output_format: TableFormat | None, *, output: str, force: bool
) -> None:
    from datetime import date
    from pathlib import Path

    from iopcost.report import render_report, report_kind, write_report

    if output_format is not None:
        raise UsageProblem(
            "--output chooses the report's format by its extension; leave out --format.",
            option="--format",
        )
    path = Path(output)
    text = render_report(sheet, report_kind(path), made_on=date.today())
    write_report(path, text, force=force)
    print(f"Wrote {path}.", file=sys.stderr)


@app.command()
def compare(
    weeks: WeeksOption = 8,
    sessions: SessionsOption = None,
    per_week: PerWeekOption = None,
    data: DataOption = None,
    output_format: FormatOption = None,
    deductible: DeductibleOption = None,
    coinsurance: CoinsuranceOption = None,
    copay: CopayOption = None,
    oop_max: OopMaxOption = None,
    insurance: InsuranceOption = None,
    no_chart: NoChartOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Compare what every level of care would cost over the same weeks."""
    overrides = _parse_per_week(per_week)
    flags = _plan_flags(deductible, coinsurance, copay, oop_max)
    with _user_errors():
        from iopcost.estimate import compare as compare_levels
        from iopcost.sheets import comparison_sheet

        table, units_per_week, terms = _inputs(data, sessions, overrides, insurance, flags)
        result = compare_levels(table, weeks=weeks, per_week=units_per_week, terms=terms)
        _emit(
            comparison_sheet(result), output_format, chart=not no_chart, output=output, force=force
        )


@app.command()
def levels(
    data: DataOption = None,
    output_format: FormatOption = None,
) -> None:
    """Show the levels of care, their units, schedules, rate ranges and source."""
    with _user_errors():
        from iopcost.costdata import load_cost_table
        from iopcost.sheets import levels_sheet

        _emit(levels_sheet(load_cost_table(data)), output_format)


@app.command()
def plan(
    steps: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="STEP...",
            show_default=False,
            help="Steps in order, each LEVEL:LENGTH: weeks (inpatient:2, iop:8w) or days "
            "for levels billed per day (inpatient:10d).",
        ),
    ] = None,
    sessions: SessionsOption = None,
    per_week: PerWeekOption = None,
    data: DataOption = None,
    output_format: FormatOption = None,
    deductible: DeductibleOption = None,
    coinsurance: CoinsuranceOption = None,
    copay: CopayOption = None,
    oop_max: OopMaxOption = None,
    insurance: InsuranceOption = None,
    no_chart: NoChartOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Price a step-down course of care, step by step.

    For example: iopcost plan inpatient:2 php:2 iop:8 --sessions 3

    One plan year covers the whole course: the deductible and out-of-pocket
    maximum carry from step to step.
    """
    overrides = _parse_per_week(per_week)
    flags = _plan_flags(deductible, coinsurance, copay, oop_max)
    with _user_errors():
        from iopcost.pathway import check_step_count, parse_step, plan_course
        from iopcost.sheets import pathway_sheet

        specs = [parse_step(text) for text in steps or ()]
        check_step_count(specs)
        table, units_per_week, terms = _inputs(data, sessions, overrides, insurance, flags)
        course = plan_course(table, specs, per_week=units_per_week, terms=terms)
        _emit(pathway_sheet(course), output_format, chart=not no_chart, output=output, force=force)


class InputFormat(StrEnum):
    """Formats `batch` reads."""

    csv = "csv"
    jsonl = "jsonl"


class BatchFormat(StrEnum):
    """Formats `batch` writes."""

    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"


@app.command()
def batch(
    source: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[FILE|-]",
            show_default=False,
            help="Scenarios to price, CSV with a header or JSON Lines; - or none reads stdin.",
        ),
    ] = None,
    input_format: Annotated[
        Optional[InputFormat],  # noqa: UP045
        typer.Option(
            "--input-format",
            case_sensitive=False,
            show_default=False,
            help="Input format; by default jsonl for .jsonl files, else csv.",
        ),
    ] = None,
    output_format: Annotated[
        BatchFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
    ] = BatchFormat.csv,
    data: DataOption = None,
    continue_on_error: Annotated[
        bool,
        typer.Option(
            "--continue-on-error", help="Report bad rows and go on; exit 1 if any were rejected."
        ),
    ] = False,
    ignore_unknown: Annotated[
        bool, typer.Option("--ignore-unknown", help="Skip unknown columns instead of refusing.")
    ] = False,
) -> None:
    """Price many scenarios, one estimate per scenario and level, streaming.

    Columns: weeks (required), id, sessions, per_week.LEVEL, deductible,
    coinsurance, copay, oop_max. Empty cells mean "not given".
    """
    with _user_errors():
        _resume_collector()
        from iopcost import batch as bulk
        from iopcost.costdata import load_cost_table

        from_stdin = source in (None, "-")
        if from_stdin and data == "-":
            raise UsageProblem(
                "the cost file and the scenarios cannot both come from standard input; "
                "give a file for one of them.",
                option="--data",
            )
        table = load_cost_table(data)
        stream = sys.stdin.buffer if from_stdin else bulk.open_input(str(source))
        jsonl = (
            input_format is InputFormat.jsonl
            if input_format is not None
            else str(source).lower().endswith((".jsonl", ".ndjson"))
        )
        # Flush per scenario when a person or program waits on a pipe; in
        # blocks when either end is a file.
        streaming = not bulk.is_regular_file(stream) and not bulk.is_regular_file(sys.stdout)
        progress = None
        if not from_stdin and sys.stderr.isatty() and bulk.is_regular_file(stream):
            from iopcost.progress import ByteProgress

            progress = ByteProgress(os.fstat(stream.fileno()).st_size)
        with stream, progress or nullcontext():
            tally = bulk.run_batch(
                stream,
                sys.stdout,
                table,
                jsonl=jsonl,
                output_format=output_format.value,
                ignore_unknown=ignore_unknown,
                continue_on_error=continue_on_error,
                flush_every=1 if streaming else 1000,
                on_rejected=lambda problem: print(f"Error: {problem}", file=sys.stderr),
                on_bytes=progress.advance if progress else None,
            )
        if continue_on_error:
            print(tally.summary(), file=sys.stderr)
            if tally.rejected:
                raise typer.Exit(1)


def _resume_collector() -> None:
    """Turn the cyclic garbage collector back on for work that has no bound.

    The entry point (`iopcost.__main__.main`) pauses it for start-up. A batch
    may run for millions of rows, so it collects again, leaving out the objects
    start-up made (they live until exit anyway).
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
