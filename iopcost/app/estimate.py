"""compare, plan and levels: read the inputs once, build the sheet, write it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from iopcost.app.output import Say, emit
from iopcost.app.tables import cost_table
from iopcost.core.errors import UsageProblem
from iopcost.core.inputs import Asked, Inputs, build_inputs
from iopcost.core.language import _
from iopcost.core.weeks import Weeks
from iopcost.render.formats import COMPARE, for_people, output_format, write_sheet
from iopcost.render.sheet import Sheet

NOTHING: Mapping[str, Decimal] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Rates:
    """Which rates: the cost files (none: IOPCOST_DATA or the bundled file), in which
    dollars, by which price index, with the catalogue's hospitals or not."""

    data: tuple[str, ...] = ()
    dollars: str = "published"
    price_index: str = "hospital"
    hospitals: bool = False
    # With hospitals: price each at this plan's own rate (a word of its name).
    plan: str | None = None


DEFAULT_RATES = Rates()


@dataclass(frozen=True, slots=True)
class EstimateRequest:
    """What compare and plan are asked: the rates, the schedule and the terms."""

    rates: Rates = DEFAULT_RATES
    sessions: int | None = None
    per_week: tuple[str, ...] = ()
    terms: Mapping[str, Decimal] = field(default_factory=lambda: NOTHING)
    household_figures: Mapping[str, Decimal] = field(default_factory=lambda: NOTHING)
    household_per_week: tuple[str, ...] = ()
    patient: str | None = None
    insurance: str | None = None
    household: str | None = None


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a result goes: stdout in a format, or a report file chosen by its extension."""

    output_format: str | None = None
    output: str | None = None
    force: bool = False
    chart: bool = True
    prepared_for: str | None = None
    prepared_by: str | None = None
    contact: str | None = None
    paper: str | None = None

    def inputs(self, request: EstimateRequest) -> tuple[str | None, ...]:
        """The files a result was read from, which it must never overwrite."""
        return (*request.rates.data, request.insurance, request.household)


def read_inputs(request: EstimateRequest, *, people: bool) -> Inputs:
    """The cost table, schedule and terms, from the files and flags (flags win)."""
    from iopcost.core.inputs import parse_per_week

    asked = Asked(
        sessions=request.sessions,
        per_week=parse_per_week(request.per_week),
        terms=request.terms,
        household=request.household_figures,
        household_per_week=request.household_per_week,
        patient=request.patient,
    )
    rates = request.rates
    table = cost_table(
        rates.data,
        rates.dollars,
        rates.price_index,
        people=people,
        hospitals=rates.hospitals,
        plan=rates.plan,
    )
    plan = household = None
    if request.insurance is not None:
        from iopcost.files.insurance import load_plan_terms

        plan = load_plan_terms(request.insurance, table=table)
    if request.household is not None:
        from iopcost.files.household import load_household

        household = load_household(request.household, table=table)
    return build_inputs(table, asked, plan=plan, household=household)


def report_format(destination: Destination) -> str | None:
    """The report an --output path asks for, after checking the options that go with it."""
    if destination.output is not None and destination.output_format is not None:
        raise UsageProblem(
            _(
                "--output chooses the report's format by its extension; leave out --format.",
            ),
            option="--format",
        )
    if destination.output is None:
        if destination.prepared_for or destination.prepared_by or destination.contact:
            raise UsageProblem(
                _(
                    "--prepared-for, --prepared-by and --contact go on a report: add "
                    "--output FILE.",
                ),
                option="--prepared-for",
            )
        return None
    kind = output_format(COMPARE, Path(destination.output))
    if kind == "svg" and not destination.chart:
        raise UsageProblem(
            _("an .svg report is the chart itself; leave out --no-chart."), option="--no-chart"
        )
    return kind


def estimate(
    request: EstimateRequest,
    destination: Destination,
    build: Callable[[Inputs], Sheet[Any]],
    *,
    out: TextIO,
    say: Say,
) -> None:
    """The body compare and plan share: read the inputs, build the sheet, write it."""
    kind = report_format(destination)
    chosen = kind or destination.output_format or "table"
    sheet = build(read_inputs(request, people=for_people(chosen)))
    if destination.output is None or kind is None:
        write_sheet(sheet, chosen, out, chart=destination.chart)
        return
    from iopcost.core.settings import settings
    from iopcost.render.formats import Report, render_report
    from iopcost.render.report import prepared_lines

    prepared = prepared_lines(
        destination.prepared_for, destination.prepared_by, destination.contact
    )
    context = Report(
        made_on=date.today(),
        chart=destination.chart,
        prepared=prepared if for_people(kind) else (),  # never in machine formats
        paper=destination.paper or settings().paper,
    )
    text = render_report(sheet, kind, context)
    emit(
        text,
        output=destination.output,
        force=destination.force,
        inputs=destination.inputs(request),
        out=out,
        say=say,
    )


def compare(
    request: EstimateRequest, destination: Destination, *, weeks: Weeks, out: TextIO, say: Say
) -> None:
    """Every level of care over the same weeks, side by side."""
    from iopcost.core.estimate import compare as compare_levels
    from iopcost.render.compare import comparison_sheet

    def build(inputs: Inputs) -> Sheet[Any]:
        return comparison_sheet(
            compare_levels(
                inputs.table,
                weeks=weeks,
                per_week=inputs.per_week,
                terms=inputs.terms,
                household=inputs.household,
            )
        )

    estimate(request, destination, build, out=out, say=say)


def plan(
    request: EstimateRequest,
    destination: Destination,
    *,
    steps: Sequence[str],
    out: TextIO,
    say: Say,
) -> None:
    """A step-down course of care, step by step, in one plan year."""
    from iopcost.core.pathway import parse_steps, plan_course
    from iopcost.render.plan import pathway_sheet

    specs = parse_steps(steps)

    def build(inputs: Inputs) -> Sheet[Any]:
        return pathway_sheet(
            plan_course(
                inputs.table,
                specs,
                per_week=inputs.per_week,
                terms=inputs.terms,
                household=inputs.household,
            )
        )

    estimate(request, destination, build, out=out, say=say)


def levels(rates: Rates, output_format: str | None, *, out: TextIO) -> None:
    """The levels of care, their units, schedules, rates and source; yaml: the cost file."""
    chosen = output_format or "table"
    table = cost_table(rates.data, rates.dollars, rates.price_index, people=for_people(chosen))
    if chosen == "yaml":
        from iopcost.files.cost_file import cost_file_text

        out.write(cost_file_text(table))
        return
    from iopcost.render.levels import levels_sheet

    write_sheet(levels_sheet(table), chosen, out)
