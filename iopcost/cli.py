"""The command line: parse, call the core, pick a renderer, explain errors.

The only module that imports Typer. Every problem the core reports is turned
into a message and an exit code here, once, by the group that runs every
command (`Group.invoke`), so a command added later cannot miss it.
"""

# No `from __future__ import annotations` here: Typer would have to compile and
# evaluate every parameter's annotation string on each start.
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import ClickException
from typer.core import TyperCommand, TyperGroup

from iopcost import __version__, amounts
from iopcost.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    InvalidValue,
    IopcostError,
    UsageProblem,
)
from iopcost.limits import MAX_SESSIONS, MAX_STEPS, MAX_WEEKS

if TYPE_CHECKING:
    from iopcost.costdata import CostTable
    from iopcost.household import HouseholdTerms
    from iopcost.insurance import PlanTerms
    from iopcost.sheets import Sheet


def option_for(subject: str) -> str:
    """The option or argument a value the core refuses came from, by its subject:
    the step argument, or the flag named for it (per_week is --per-week)."""
    return "STEP" if subject == "step" else "--" + subject.replace("_", "-")


DOLLARS_ADVICE = "add --dollars latest"
# Outputs read by people, which say in which dollars the rates are.
PEOPLE_FORMATS = ("table", "markdown", "html", "svg", "text")


def quiet_stdout() -> None:
    """Point stdout at nothing, so that the interpreter's last flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def failed(message: str, code: int = EXIT_FAILURE) -> typer.Exit:
    """Say what went wrong on stderr, and the exit that reports it."""
    print(message, file=sys.stderr)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's problems into one message on stderr and an exit code."""
    try:
        yield
        sys.stdout.flush()
    except InvalidValue as exc:
        raise typer.BadParameter(str(exc), param_hint=option_for(exc.subject)) from None
    except UsageProblem as exc:
        raise typer.BadParameter(str(exc), param_hint=exc.option) from None
    except IopcostError as exc:
        raise failed(f"{exc.prefix}{exc}", exc.exit_code) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader stopped reading (`| head`): end quietly.
        quiet_stdout()
        raise typer.Exit(EXIT_OK) from None
    except (typer.Exit, typer.Abort, ClickException):
        raise
    except OSError as exc:
        # Files are opened by the core, which explains its own failures: what
        # is left is standard output (a full disk, `> /dev/full`).
        raise failed(f"Error: cannot write the output ({exc.strerror or exc}).") from None
    except Exception as exc:
        # A bug, not a user's mistake: one plain line, unless asked for detail.
        if os.environ.get("IOPCOST_DEBUG"):
            raise
        raise failed(
            f"Error: iopcost failed unexpectedly ({type(exc).__name__}: {exc}). This is a "
            "bug in iopcost; run again with IOPCOST_DEBUG=1 to see where, and report it."
        ) from None


class Group(TyperGroup):
    """The iopcost group: every command runs inside the one error funnel."""

    def invoke(self, ctx: Any) -> Any:
        with user_errors():
            return super().invoke(ctx)


class Command(TyperCommand):
    """A command whose usage line shows its arguments as their help does (STEP...)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [
            str(param.metavar or (param.name or "").upper())
            for param in self.get_params(ctx)
            if param.param_type_name == "argument"
        ]
        return pieces


app = typer.Typer(
    name="iopcost",
    cls=Group,
    help=(
        "Estimate what treatment would cost at each level of care: inpatient or "
        "residential, partial hospitalization (PHP) and intensive outpatient (IOP). "
        "Figures are estimates from published average rates, not quotes."
    ),
    rich_markup_mode=None,
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _reader(read: Callable[..., Any], subject: str) -> Callable[[str | int | Decimal], Any]:
    """A Typer parser from one of the grammar's readers (iopcost.amounts)."""

    def parse(text: str | int | Decimal) -> Any:
        if not isinstance(text, str):  # a default, already a value
            return text
        try:
            return read(text, subject=subject)
        except InvalidValue as exc:
            raise typer.BadParameter(str(exc)) from None

    return parse


def examples(lines: list[str]) -> str:
    """A help text's closing examples, kept as written (\\b stops Click rewrapping them)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def _amount(
    subject: str,
    help: str,
    *,
    read: Callable[..., Any] = amounts.parse_amount,
    metavar: str = "AMOUNT",
) -> Any:
    """An option read by the one grammar (iopcost.amounts); its flag is --SUBJECT."""
    return typer.Option(
        option_for(subject),
        metavar=metavar,
        show_default=False,
        parser=_reader(read, subject),
        help=help,
    )


class TableFormat(StrEnum):
    """Output formats for a single result."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        envvar="IOPCOST_DATA",
        metavar="FILE",
        show_default=False,
        help="Cost file (YAML) to use instead of the bundled one; - reads standard input.",
    ),
]
FormatOption = Annotated[
    TableFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        show_default=False,
        help="Output format on stdout (default: table).",
    ),
]
NoChartOption = Annotated[
    bool, typer.Option("--no-chart", help="Leave the cost chart out of the table or report.")
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        show_default=False,
        help="Write a report instead, its format by extension: "
        ".html .pdf .svg .txt .md .json .csv.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Let --output replace an existing file.")
]
WeeksOption = Annotated[
    int,
    typer.Option(
        metavar="N",
        parser=_reader(amounts.parse_whole, "weeks"),
        help=f"Program length in whole weeks, 1 to {MAX_WEEKS}.",
    ),
]
SessionsOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        show_default=False,
        parser=_reader(amounts.parse_whole, "sessions"),
        help=f"Sessions per week, 1 to {MAX_SESSIONS}, for every level billed per session (IOP).",
    ),
]


def _level_ids() -> list[str]:
    """The level ids of the cost file in use (IOPCOST_DATA or the bundled one), for completion."""
    try:
        from iopcost.costdata import load_cost_table

        return [level.id for level in load_cost_table(os.environ.get("IOPCOST_DATA")).levels]
    except (IopcostError, OSError):
        return []


def _complete_per_week(incomplete: str) -> list[str]:
    return [f"{level}=" for level in _level_ids() if level.startswith(incomplete)]


def _complete_step(incomplete: str) -> list[str]:
    return [f"{level}:" for level in _level_ids() if level.startswith(incomplete)]


PerWeekOption = Annotated[
    list[str] | None,
    typer.Option(
        "--per-week",
        autocompletion=_complete_per_week,
        metavar="LEVEL=N",
        show_default=False,
        help="Units per week for one level, e.g. php=4. Repeatable.",
    ),
]
DeductibleOption = Annotated[
    Decimal | None, _amount("deductible", "Deductible still to meet this plan year.")
]
CoinsuranceOption = Annotated[
    Decimal | None,
    _amount(
        "coinsurance",
        "Share the patient pays after the deductible, 0 to 100 (20 for 20%).",
        read=amounts.parse_percent,
        metavar="PERCENT",
    ),
]
CopayOption = Annotated[
    Decimal | None, _amount("copay", "Fixed amount per billed day or session after the deductible.")
]
OopMaxOption = Annotated[
    Decimal | None, _amount("oop_max", "Out-of-pocket maximum still remaining this plan year.")
]


class PriceIndexChoice(StrEnum):
    """The BLS series that restates rates in another month's dollars."""

    hospital = "hospital"
    outpatient = "outpatient"
    medical_services = "medical-services"


def _dollars(text: str) -> str:
    from iopcost.dollars import LATEST, PUBLISHED, parse_month

    if text.strip().lower() in (PUBLISHED, LATEST):
        return text.strip().lower()
    try:
        return str(parse_month(text))
    except InvalidValue as exc:
        raise typer.BadParameter(str(exc)) from None


DollarsOption = Annotated[
    str,
    typer.Option(
        "--dollars",
        metavar="WHEN",
        parser=_dollars,
        help="Rates in which dollars: published (as the cost file has them), latest "
        "(the price index's latest month) or a month such as 2026-08.",
    ),
]
PriceIndexOption = Annotated[
    PriceIndexChoice,
    typer.Option(
        "--price-index",
        case_sensitive=False,
        help="BLS CPI-U series for --dollars: hospital services, outpatient hospital "
        "services or medical care services.",
    ),
]


def _lost_pay(text: str) -> Decimal:
    from iopcost.household import parse_lost_pay

    return _reader(parse_lost_pay, "lost_pay")(text)  # type: ignore[no-any-return]


LostPayOption = Annotated[
    Decimal | None,
    typer.Option(
        "--lost-pay",
        metavar="AMOUNT[/PERIOD]",
        show_default=False,
        parser=_lost_pay,
        help="Pay lost for each missed workday; or per week (1000/week, 5 workdays) or "
        "year (52000/year, 260 workdays).",
    ),
]
TravelOption = Annotated[
    Decimal | None,
    _amount("travel", "Cost of one round trip to the program (fuel, fares, parking)."),
]
ChildcareOption = Annotated[
    Decimal | None,
    _amount("childcare", "Cost of childcare for one day on which treatment needs it."),
]
HouseholdOption = Annotated[
    str | None,
    typer.Option(
        "--household",
        metavar="FILE",
        show_default=False,
        help="Household costs (YAML), with per-level schedules; flags override it.",
    ),
]
HouseholdPerWeekOption = Annotated[
    list[str] | None,
    typer.Option(
        "--household-per-week",
        metavar="LEVEL:KEY=N",
        show_default=False,
        help="One level's household schedule, e.g. iop:missed_workdays_per_week=3. Repeatable.",
    ),
]
PreparedForOption = Annotated[
    str | None,
    typer.Option(
        "--prepared-for",
        metavar="NAME",
        show_default=False,
        help="Who a report is for, shown at its top (html, pdf, md, txt).",
    ),
]
PreparedByOption = Annotated[
    str | None,
    typer.Option(
        "--prepared-by", metavar="NAME", show_default=False, help="Who prepared a report."
    ),
]
ContactOption = Annotated[
    str | None,
    typer.Option(
        "--contact", metavar="TEXT", show_default=False, help="How to reach who prepared it."
    ),
]
InsuranceOption = Annotated[
    str | None,
    typer.Option(
        "--insurance",
        metavar="FILE",
        show_default=False,
        help="Plan terms (YAML), with optional per-level overrides; flags override it.",
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"iopcost {__version__}")
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
    # The entry point pauses the cyclic garbage collector while Typer and the
    # rest are imported; every command then runs with it on, leaving out the
    # objects start-up made (they live until exit anyway).
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def one_stdin(**sources: str | None) -> None:
    """Refuse two inputs that would both read standard input."""
    named = [name for name, source in sources.items() if source == "-"]
    if len(named) > 1:
        options = " and ".join(
            f"--{name}" if name != "scenarios" else "the scenarios" for name in named
        )
        raise UsageProblem(
            f"{options} cannot both read standard input; give a file for one of them.",
            option=f"--{named[0]}",
        )


def cost_table(
    data: str | None, dollars: str, price_index: PriceIndexChoice, *, for_people: bool
) -> "CostTable":
    """The cost file's rates in the dollars asked for.

    As published, a result for people also says how prices moved since, when
    the file is dated; machine formats do not read the price index for that.
    """
    from iopcost.costdata import load_cost_table

    table = load_cost_table(data)
    if dollars == "published" and not for_people:
        return table
    from iopcost import dollars as money_of

    index = money_of.load_price_index()
    if dollars == "published":
        return money_of.as_published(
            table, index, series_key=price_index.value, advice=DOLLARS_ADVICE
        )
    return money_of.restate(table, index, series_key=price_index.value, target=dollars)


@dataclass(frozen=True)
class EstimateOptions:
    """What compare and plan share: inputs, plan terms and where the result goes."""

    dollars: str
    price_index: PriceIndexChoice
    sessions: int | None
    per_week: list[str] | None
    data: str | None
    output_format: TableFormat | None
    deductible: Decimal | None
    coinsurance: Decimal | None
    copay: Decimal | None
    oop_max: Decimal | None
    insurance: str | None
    lost_pay: Decimal | None
    travel: Decimal | None
    childcare: Decimal | None
    household: str | None
    household_per_week: list[str] | None
    no_chart: bool
    output: str | None
    force: bool
    prepared_for: str | None = None
    prepared_by: str | None = None
    contact: str | None = None


def _household(options: EstimateOptions, table: "CostTable") -> "HouseholdTerms | None":
    """The household terms from the file and the flags (None when none is given)."""
    given = (options.household, options.lost_pay, options.travel, options.childcare)
    if all(value is None for value in given) and not options.household_per_week:
        return None  # and the household module (a few ms to import) is never loaded
    from iopcost.household import household_terms, load_household, parse_override

    level_ids = [level.id for level in table.levels]
    base = None
    if options.household is not None:
        base = load_household(options.household, level_ids=level_ids)
    return household_terms(
        base,
        lost_pay=options.lost_pay,
        travel=options.travel,
        childcare=options.childcare,
        overrides=[parse_override(text, level_ids) for text in options.household_per_week or ()],
    )


def _parse_per_week(items: list[str] | None) -> dict[str, int]:
    result: dict[str, int] = {}
    for item in items or ():
        level_id, equals, count = item.partition("=")
        if not equals or not level_id.strip():
            raise InvalidValue(f"{item!r} is not LEVEL=N; write it like php=4.", subject="per_week")
        result[level_id.strip()] = amounts.parse_whole(count, subject="per_week")
    return result


def _estimate(
    options: EstimateOptions,
    build: "Callable[[CostTable, dict[str, int], PlanTerms | None, HouseholdTerms | None], Sheet]",
) -> None:
    """The body compare and plan share: read the inputs, build the sheet, write it."""
    from iopcost.estimate import schedule
    from iopcost.insurance import load_plan_terms, plan_terms

    one_stdin(data=options.data, insurance=options.insurance, household=options.household)
    if options.output is not None and options.output_format is not None:
        raise UsageProblem(
            "--output chooses the report's format by its extension; leave out --format.",
            option="--format",
        )
    kind = None
    if options.output is not None:
        from iopcost.report import report_kind

        kind = report_kind(Path(options.output))
        if kind == "svg" and options.no_chart:
            raise UsageProblem(
                "an .svg report is the chart itself; leave out --no-chart.", option="--no-chart"
            )
    elif options.prepared_for or options.prepared_by or options.contact:
        raise UsageProblem(
            "--prepared-for, --prepared-by and --contact go on a report: add --output FILE.",
            option="--prepared-for",
        )
    per_week = _parse_per_week(options.per_week)
    output_format = (options.output_format or TableFormat.table).value
    for_people = (kind or output_format) in PEOPLE_FORMATS
    table = cost_table(options.data, options.dollars, options.price_index, for_people=for_people)
    units_per_week = schedule(table, sessions=options.sessions, per_week=per_week)
    base = None
    if options.insurance is not None:
        base = load_plan_terms(options.insurance, level_ids=[level.id for level in table.levels])
    terms = plan_terms(
        base,
        deductible=options.deductible,
        coinsurance=options.coinsurance,
        copay=options.copay,
        oop_max=options.oop_max,
    )
    sheet = build(table, units_per_week, terms, _household(options, table))
    chart = not options.no_chart
    if options.output is None or kind is None:
        from iopcost.formats import write_sheet

        write_sheet(sheet, output_format, sys.stdout, chart=chart)
        return
    from datetime import date

    from iopcost.report import prepared_lines, render_report, write_report

    path = Path(options.output)
    prepared = prepared_lines(options.prepared_for, options.prepared_by, options.contact)
    if kind in ("json", "csv"):
        prepared = ()  # never in machine formats
    text = render_report(sheet, kind, made_on=date.today(), chart=chart, prepared=prepared)
    inputs = (options.data, options.insurance, options.household)
    write_report(path, text, force=options.force, inputs=inputs)
    print(f"Wrote {path}.", file=sys.stderr)


@app.command(
    "compare",
    cls=Command,
    epilog=examples(
        [
            "iopcost compare --weeks 8 --sessions 3",
            "iopcost compare --weeks 8 --deductible 2000 --coinsurance 20 --oop-max 6000",
            "iopcost compare --weeks 12 --lost-pay 52000/year --travel 15 -o estimate.html",
        ]
    ),
)
def compare_command(
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
    lost_pay: LostPayOption = None,
    travel: TravelOption = None,
    childcare: ChildcareOption = None,
    household: HouseholdOption = None,
    household_per_week: HouseholdPerWeekOption = None,
    dollars: DollarsOption = "published",
    price_index: PriceIndexOption = PriceIndexChoice.hospital,
    no_chart: NoChartOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    prepared_for: PreparedForOption = None,
    prepared_by: PreparedByOption = None,
    contact: ContactOption = None,
) -> None:
    """Compare what every level of care would cost over the same weeks."""
    from iopcost.estimate import compare
    from iopcost.sheets import comparison_sheet

    options = EstimateOptions(dollars, price_index, sessions, per_week, data, output_format,
                              deductible, coinsurance, copay, oop_max, insurance, lost_pay,
                              travel, childcare, household, household_per_week, no_chart,
                              output, force, prepared_for, prepared_by, contact)  # fmt: skip
    _estimate(
        options,
        lambda table, units, terms, household: comparison_sheet(
            compare(table, weeks=weeks, per_week=units, terms=terms, household=household)
        ),
    )


class LevelsFormat(StrEnum):
    """Output formats for `levels`: a single result's, or the cost file itself."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    yaml = "yaml"


@app.command(
    "levels",
    cls=Command,
    epilog=examples(
        [
            "iopcost levels",
            "iopcost levels --format yaml > my_rates.yaml",
            "iopcost levels --data my_rates.yaml --dollars latest",
        ]
    ),
)
def levels_command(
    data: DataOption = None,
    output_format: Annotated[
        LevelsFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            show_default=False,
            help="Output format on stdout (default: table); yaml prints the cost file "
            "itself, a template to edit.",
        ),
    ] = None,
    dollars: DollarsOption = "published",
    price_index: PriceIndexOption = PriceIndexChoice.hospital,
) -> None:
    """Show the levels of care, their units, schedules, rate ranges and source."""
    from iopcost.formats import write_sheet
    from iopcost.sheets import levels_sheet

    chosen = (output_format or LevelsFormat.table).value
    table = cost_table(data, dollars, price_index, for_people=chosen in PEOPLE_FORMATS)
    if chosen == "yaml":
        from iopcost.costdata import cost_file_text

        sys.stdout.write(cost_file_text(table))
        return
    write_sheet(levels_sheet(table), chosen, sys.stdout)


@app.command(
    "plan",
    cls=Command,
    epilog=examples(
        [
            "iopcost plan inpatient:2 php:2 iop:8 --sessions 3",
            "iopcost plan inpatient:10d iop:8 --deductible 2000 --coinsurance 20",
            "iopcost plan residential:4 iop:8 --data local.yaml -f csv",
        ]
    ),
)
def plan_command(
    steps: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="STEP...",
            show_default=False,
            autocompletion=_complete_step,
            help="Steps in order, each LEVEL:LENGTH: weeks (inpatient:2, iop:8w) or days "
            f"for levels billed per day (inpatient:10d). At most {MAX_STEPS}.",
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
    lost_pay: LostPayOption = None,
    travel: TravelOption = None,
    childcare: ChildcareOption = None,
    household: HouseholdOption = None,
    household_per_week: HouseholdPerWeekOption = None,
    dollars: DollarsOption = "published",
    price_index: PriceIndexOption = PriceIndexChoice.hospital,
    no_chart: NoChartOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    prepared_for: PreparedForOption = None,
    prepared_by: PreparedByOption = None,
    contact: ContactOption = None,
) -> None:
    """Price a step-down course of care, step by step.

    One plan year covers the whole course: the deductible and out-of-pocket
    maximum carry from step to step.
    """
    from iopcost.pathway import check_step_count, parse_step, plan_course
    from iopcost.sheets import pathway_sheet

    specs = [parse_step(text) for text in steps or ()]
    check_step_count(specs)
    options = EstimateOptions(dollars, price_index, sessions, per_week, data, output_format,
                              deductible, coinsurance, copay, oop_max, insurance, lost_pay,
                              travel, childcare, household, household_per_week, no_chart,
                              output, force, prepared_for, prepared_by, contact)  # fmt: skip
    _estimate(
        options,
        lambda table, units, terms, household: pathway_sheet(
            plan_course(table, specs, per_week=units, terms=terms, household=household)
        ),
    )


class InputFormat(StrEnum):
    """Formats `batch` reads."""

    csv = "csv"
    jsonl = "jsonl"


class BatchFormat(StrEnum):
    """Formats `batch` writes."""

    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"


@app.command(
    "batch",
    cls=Command,
    epilog=examples(
        [
            "iopcost batch caseload.csv > estimates.csv",
            "printf 'id,weeks,deductible\\nann,8,2000\\n' | iopcost batch -f jsonl",
        ]
    ),
)
def batch_command(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE|-]",
            show_default=False,
            help="Scenarios to price, CSV with a header or JSON Lines; - or none reads stdin.",
        ),
    ] = None,
    input_format: Annotated[
        InputFormat | None,
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
    dollars: DollarsOption = "published",
    price_index: PriceIndexOption = PriceIndexChoice.hospital,
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
    coinsurance, copay, oop_max, lost_pay, travel, childcare, dollars. Empty
    cells mean "not given".
    """
    import signal

    from iopcost import batch as bulk
    from iopcost.costdata import load_cost_table

    from_stdin = source in (None, "-")
    one_stdin(data=data, scenarios="-" if from_stdin else source)
    table = load_cost_table(data)
    if from_stdin and sys.stdin.isatty():
        print(
            "Reading scenarios from the keyboard: type CSV rows with a header first "
            "(for example: weeks,sessions), then press Ctrl-D to finish (Ctrl-C to stop).",
            file=sys.stderr,
        )
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
    guard = bulk.Guard()
    handlers = {
        signum: signal.signal(signum, guard.handle) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        with stream, progress or nullcontext():
            options = bulk.BatchOptions(
                dollars=dollars,
                price_index=price_index.value,
                jsonl=jsonl,
                output_format=output_format.value,
                ignore_unknown=ignore_unknown,
                continue_on_error=continue_on_error,
                flush_every=1 if streaming else 1000,
            )
            tally = bulk.run_batch(
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
    if continue_on_error:
        print(tally.summary(), file=sys.stderr)
        if tally.rejected:
            raise typer.Exit(EXIT_FAILURE)


class PriceChoice(StrEnum):
    """Which of a hospital's prices to use."""

    negotiated = "negotiated"
    cash = "cash"
    gross = "gross"
    allowed = "allowed"


class PricesFormat(StrEnum):
    """What `prices` writes."""

    table = "table"
    json = "json"
    yaml = "yaml"


@app.command(
    "prices",
    cls=Command,
    epilog=examples(
        [
            "iopcost prices hospital.csv --payers",
            "iopcost prices hospital.csv --payer aetna --plan ppo -o local.yaml",
            "iopcost prices hospital.json.gz --price cash --format yaml | iopcost compare --data -",
        ]
    ),
)
def prices_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            show_default=False,
            help="A hospital's standard-charges file: .csv or .json, maybe .gz or alone in a "
            ".zip; - reads standard input.",
        ),
    ],
    payer: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", show_default=False, help="Only this payer's negotiated rates."
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(metavar="NAME", show_default=False, help="Only this plan of --payer."),
    ] = None,
    price: Annotated[
        PriceChoice,
        typer.Option(
            case_sensitive=False,
            help="negotiated (payer-specific), cash (discounted cash), gross (chargemaster) or "
            "allowed (v3: 10th to 90th percentile of allowed amounts).",
        ),
    ] = PriceChoice.negotiated,
    codes: Annotated[
        str | None,
        typer.Option(
            "--codes",
            metavar="FILE",
            show_default=False,
            help="Which codes mean which level (YAML), instead of the bundled care_codes.yaml.",
        ),
    ] = None,
    output_format: Annotated[
        PricesFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            show_default=False,
            help="table (default), json (the summary) or yaml (a cost file for --data).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write a cost file (.yaml) or the summary (.json) instead.",
        ),
    ] = None,
    force: ForceOption = False,
    payers: Annotated[
        bool,
        typer.Option(
            "--payers", help="List the payers and plans in the file with their price counts."
        ),
    ] = False,
) -> None:
    """Turn a hospital's published standard charges into a cost file, by level of care."""
    from iopcost import prices as local
    from iopcost.carecodes import load_care_codes
    from iopcost.pricefile import Source, open_price_file

    if plan is not None and payer is None:
        raise UsageProblem("--plan needs --payer: name the payer first.", option="--plan")
    if payers and (output is not None or output_format is PricesFormat.yaml):
        raise UsageProblem(
            "--payers lists payers; leave out --output and --format yaml.", option="--payers"
        )
    if output is not None and output_format is not None:
        raise UsageProblem(
            "--output chooses what to write by its extension; leave out --format.",
            option="--format",
        )
    kind = None
    if output is not None:
        kind = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(Path(output).suffix.lower())
        if kind is None:
            raise UsageProblem(
                f"cannot tell what to write from {Path(output).name!r}; end the name with "
                ".yaml (a cost file) or .json (the summary).",
                option="--output",
            )
    care = load_care_codes(codes)
    source_file = Source(source)
    info, entries = open_price_file(
        source_file, care, lambda warning: print(f"Warning: {warning}", file=sys.stderr)
    )
    if payers:
        from iopcost.formats import json_text
        from iopcost.safetext import clean

        listed = local.payer_list(info, entries(), care)
        if output_format is PricesFormat.json:
            rows = [{"payer": clean(p), "plan": clean(q), "prices": n} for p, q, n in listed]
            print(json_text(rows))
        else:
            for name, plan_name, count in listed:
                print(f"{clean(name)} | {clean(plan_name)}: {count} behavioural-health prices")
        return
    selection = local.Selection(price.value, payer, plan)
    summary = local.summarise(info, entries(), care, selection)
    chosen = kind or (output_format or PricesFormat.table).value
    if chosen == "yaml":
        if not summary.levels:
            raise IopcostError(
                f"{info.name} has no per-day {local.PRICE_WORDS[price.value]} for any level "
                "of care, so there is no cost file to write; see the table for what was skipped."
            )
        text = local.cost_file_text(summary)
    else:
        from iopcost.formats import json_text, write_sheet
        from iopcost.sheets import prices_sheet

        if chosen == "table":
            write_sheet(prices_sheet(summary), "table", sys.stdout)
            return
        text = json_text(local.summary_document(summary)) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    from iopcost.report import write_report

    write_report(Path(output), text, force=force, inputs=(source, codes))
    print(f"Wrote {output}.", file=sys.stderr)
