"""compare, plan and levels: read the inputs once, build the sheet, write it."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iopcost.cli.app import Command, app, examples, one_stdin
from iopcost.cli.options import (
    DataOption,
    DollarsOption,
    EstimateOptions,
    PriceIndexChoice,
    PriceIndexOption,
    WeeksOption,
    complete_step,
    data_sources,
    format_option,
    stdin_data,
    with_estimate_options,
)
from iopcost.core import amounts
from iopcost.core.errors import InvalidValue, IopcostError, UsageProblem
from iopcost.core.limits import MAX_STEPS
from iopcost.core.weeks import Weeks
from iopcost.render.formats import COMPARE, LEVELS, PLAN, for_people, output_format

if TYPE_CHECKING:
    from iopcost.core.inputs import Inputs
    from iopcost.core.levels import CostTable
    from iopcost.render.sheet import Sheet


EIGHT_WEEKS = Weeks(8, 8)


def cost_table(
    data: list[str] | None,
    dollars: str,
    price_index: PriceIndexChoice,
    *,
    people: bool,
    hospitals: bool = False,
) -> "CostTable":
    """The cost files' rates in the dollars asked for (several files: every level of
    each, merged, each keeping its source).

    As published, a result for people also says how prices moved since, when
    the file is dated; machine formats do not read the price index for that.
    """
    from iopcost.core.levels import merge_tables
    from iopcost.files.cost_file import load_cost_table

    tables = (
        [load_cost_table(source) for source in data_sources(data)] if data or not hospitals else []
    )
    if hospitals:
        from iopcost.files.catalogue import connected, cost_tables

        with connected() as connection:
            kept = cost_tables(connection)
        if not kept:
            raise IopcostError(
                "no hospital is kept yet: add one with iopcost hospitals add FILE, or leave "
                "out --hospitals."
            )
        tables += kept
    table = merge_tables(tables)
    if dollars == "published" and not people:
        return table
    from iopcost.core.restate import as_published, restate
    from iopcost.files.price_index import load_price_index

    index = load_price_index()
    if dollars == "published":
        return as_published(table, index, series_key=price_index.value)
    return restate(table, index, series_key=price_index.value, target=dollars)


def parse_per_week(items: list[str] | None) -> dict[str, int]:
    """--per-week LEVEL=N, each as written."""
    result: dict[str, int] = {}
    for item in items or ():
        level_id, equals, count = item.partition("=")
        if not equals or not level_id.strip():
            raise InvalidValue(f"{item!r} is not LEVEL=N; write it like php=4.", subject="per_week")
        result[level_id.strip()] = amounts.parse_whole(count, subject="per_week")
    return result


def read_inputs(options: EstimateOptions, *, people: bool) -> "Inputs":
    """The cost table, schedule and terms, from the files and flags (flags win)."""
    from iopcost.core.inputs import Asked, build_inputs

    asked = Asked(
        sessions=options.sessions,
        per_week=parse_per_week(options.per_week),
        terms=options.terms(),
        household=options.household_figures(),
        household_per_week=options.household_per_week or (),
        patient=options.patient,
    )
    table = cost_table(
        options.data,
        options.dollars,
        options.price_index,
        people=people,
        hospitals=options.hospitals,
    )
    plan = household = None
    if options.insurance is not None:
        from iopcost.files.insurance import load_plan_terms

        plan = load_plan_terms(options.insurance, table=table)
    if options.household is not None:
        from iopcost.files.household import load_household

        household = load_household(options.household, table=table)
    return build_inputs(table, asked, plan=plan, household=household)


def report_format(options: EstimateOptions) -> str | None:
    """The report an --output path asks for, after checking the options that go with it."""
    if options.output is not None and options.output_format is not None:
        raise UsageProblem(
            "--output chooses the report's format by its extension; leave out --format.",
            option="--format",
        )
    if options.output is None:
        if options.prepared_for or options.prepared_by or options.contact:
            raise UsageProblem(
                "--prepared-for, --prepared-by and --contact go on a report: add --output FILE.",
                option="--prepared-for",
            )
        return None
    kind = output_format(COMPARE, Path(options.output))
    if kind == "svg" and options.no_chart:
        raise UsageProblem(
            "an .svg report is the chart itself; leave out --no-chart.", option="--no-chart"
        )
    return kind


def estimate(options: EstimateOptions, build: "Callable[[Inputs], Sheet]") -> None:
    """The body compare and plan share: read the inputs, build the sheet, write it."""
    one_stdin(
        data=stdin_data(options.data), insurance=options.insurance, household=options.household
    )
    kind = report_format(options)
    chosen = kind or options.output_format or "table"
    sheet = build(read_inputs(options, people=for_people(chosen)))
    chart = not options.no_chart
    if options.output is None or kind is None:
        from iopcost.render.formats import write_sheet

        write_sheet(sheet, chosen, sys.stdout, chart=chart)
        return
    from datetime import date

    from iopcost.files.atomic import write_atomic
    from iopcost.render.report import default_paper, prepared_lines, render_report

    path = Path(options.output)
    prepared = prepared_lines(options.prepared_for, options.prepared_by, options.contact)
    if not for_people(kind):
        prepared = ()  # never in machine formats
    paper = options.paper or default_paper()
    text = render_report(
        sheet, kind, made_on=date.today(), chart=chart, prepared=prepared, paper=paper
    )
    inputs = (*(options.data or ()), options.insurance, options.household)
    write_atomic(path, text, force=options.force, inputs=inputs)
    print(f"Wrote {path}.", file=sys.stderr)


@app.command(
    COMPARE,
    cls=Command,
    epilog=examples(
        [
            "iopcost compare --weeks 8 --sessions 3",
            "iopcost compare --weeks 8 --deductible 2000 --coinsurance 20 --oop-max 6000",
            "iopcost compare --weeks 12 --lost-pay 52000/year --travel 15 -o estimate.html",
        ]
    ),
)
@with_estimate_options
def compare_command(*, options: EstimateOptions, weeks: WeeksOption = EIGHT_WEEKS) -> None:
    """Compare what every level of care would cost over the same weeks."""
    from iopcost.core.estimate import compare
    from iopcost.render.compare import comparison_sheet

    def build(inputs: "Inputs") -> "Sheet":
        return comparison_sheet(
            compare(
                inputs.table,
                weeks=weeks,
                per_week=inputs.per_week,
                terms=inputs.terms,
                household=inputs.household,
            )
        )

    estimate(options, build)


@app.command(
    PLAN,
    cls=Command,
    epilog=examples(
        [
            "iopcost plan inpatient:2 php:2 iop:8 --sessions 3",
            "iopcost plan inpatient:10d iop:8 --deductible 2000 --coinsurance 20",
            "iopcost plan residential:2 clinic_iop:8 --data bundled --data clinic.yaml -f csv",
        ]
    ),
)
@with_estimate_options
def plan_command(
    *,
    options: EstimateOptions,
    steps: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="STEP...",
            show_default=False,
            autocompletion=complete_step,
            help="Steps in order, each LEVEL:LENGTH: weeks (inpatient:2, iop:8w) or days "
            f"for levels billed per day (inpatient:10d). At most {MAX_STEPS}.",
        ),
    ] = None,
) -> None:
    """Price a step-down course of care, step by step.

    One plan year covers the whole course: the deductible and out-of-pocket
    maximum carry from step to step.
    """
    from iopcost.core.pathway import parse_steps, plan_course
    from iopcost.render.plan import pathway_sheet

    specs = parse_steps(steps or ())

    def build(inputs: "Inputs") -> "Sheet":
        return pathway_sheet(
            plan_course(
                inputs.table,
                specs,
                per_week=inputs.per_week,
                terms=inputs.terms,
                household=inputs.household,
            )
        )

    estimate(options, build)


@app.command(
    LEVELS,
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
        str | None,
        format_option(
            LEVELS,
            "Output format on stdout (default: table); yaml prints the cost file "
            "itself, a template to edit.",
        ),
    ] = None,
    dollars: DollarsOption = "published",
    price_index: PriceIndexOption = PriceIndexChoice.hospital,
) -> None:
    """Show the levels of care, their units, schedules, rate ranges and source."""
    chosen = output_format or "table"
    table = cost_table(data, dollars, price_index, people=for_people(chosen))
    if chosen == "yaml":
        from iopcost.files.cost_file import cost_file_text

        sys.stdout.write(cost_file_text(table))
        return
    from iopcost.render.formats import write_sheet
    from iopcost.render.levels import levels_sheet

    write_sheet(levels_sheet(table), chosen, sys.stdout)
