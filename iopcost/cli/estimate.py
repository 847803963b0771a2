"""compare, plan and levels: their options; iopcost.app.estimate does the work."""

import sys
from typing import Annotated

import typer

from iopcost.app.formats import COMPARE, LEVELS, PLAN
from iopcost.app.output import on_stderr as say
from iopcost.cli.app import Command, app, examples, one_stdin
from iopcost.cli.estimate_options import EstimateOptions, WeeksOption, with_estimate_options
from iopcost.cli.options import (
    DataOption,
    DollarsOption,
    PriceIndexChoice,
    PriceIndexOption,
    complete_step,
    format_option,
    rates,
    stdin_data,
)
from iopcost.core.language import N_, _
from iopcost.core.weeks import Weeks

EIGHT_WEEKS = Weeks(8, 8)


def _one_stdin(options: EstimateOptions) -> None:
    one_stdin(
        data=stdin_data(options.data), insurance=options.insurance, household=options.household
    )


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
    from iopcost.app.estimate import compare

    _one_stdin(options)
    compare(options.request(), options.destination(), weeks=weeks, out=sys.stdout, say=say)


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
            help=N_(
                "Steps in order, each LEVEL:LENGTH: weeks (inpatient:2, iop:8w) or days "
                "for levels billed per day (inpatient:10d). At most {MAX_STEPS}."
            ),
        ),
    ] = None,
) -> None:
    """Price a step-down course of care, step by step.

    One plan year covers the whole course: the deductible and out-of-pocket
    maximum carry from step to step.
    """
    from iopcost.app.estimate import plan

    _one_stdin(options)
    plan(options.request(), options.destination(), steps=steps or (), out=sys.stdout, say=say)


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
            _(
                "Output format on stdout (default: table); yaml prints the cost file "
                "itself, a template to edit.",
            ),
        ),
    ] = None,
    dollars: DollarsOption = "published",
    price_index: PriceIndexOption = PriceIndexChoice.hospital,
) -> None:
    """Show the levels of care, their units, schedules, rate ranges and source."""
    from iopcost.app.estimate import levels

    levels(rates(data, dollars, price_index), output_format, out=sys.stdout)
