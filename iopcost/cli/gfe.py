"""gfe: a Good Faith Estimate for a self-pay patient's course of care."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iopcost.cli.app import Command, app, examples, one_stdin
from iopcost.cli.options import (
    DataOption,
    DollarsOption,
    ForceOption,
    PaperOption,
    PerWeekOption,
    PriceIndexChoice,
    PriceIndexOption,
    SessionsOption,
    complete_step,
    format_option,
    output_option,
    stdin_data,
)
from iopcost.core.errors import UsageProblem
from iopcost.core.limits import MAX_STEPS
from iopcost.core.text import describe, unsafe_character
from iopcost.render.formats import GFE, output_format

if TYPE_CHECKING:
    from iopcost.core.gfe import Estimate


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(
            f"{text!r} is not a date; write it as YYYY-MM-DD.", option=option
        ) from None


def _name(text: str) -> str:
    name = " ".join(text.split())
    bad = unsafe_character(name)
    if not name or bad is not None:
        why = "is empty" if not name else f"holds the control character {describe(bad or '')}"
        raise UsageProblem(
            f"--patient-name {why}; give the patient's name.", option="--patient-name"
        )
    return name


StepsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="STEP...",
        show_default=False,
        autocompletion=complete_step,
        help="The care estimated, as in plan: LEVEL:LENGTH in weeks (iop:12, iop:8-12) or "
        f"days (php:10d). At most {MAX_STEPS}; at most 12 months in all.",
    ),
]
PracticeOption = Annotated[
    str,
    typer.Option(
        metavar="FILE",
        show_default=False,
        help="The practice file (YAML): each provider's name, NPI, TIN, address and the "
        "levels it furnishes.",
    ),
]
PatientNameOption = Annotated[
    str, typer.Option(metavar="NAME", show_default=False, help="The patient's name.")
]
BirthDateOption = Annotated[
    str, typer.Option(metavar="YYYY-MM-DD", show_default=False, help="The patient's date of birth.")
]
StartOption = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD", show_default=False, help="The first day of care; default today."
    ),
]
DiagnosisOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="CODE",
        show_default=False,
        help="A diagnosis code (ICD-10-CM, like F10.20); repeat for more.",
    ),
]
GfeFormatOption = Annotated[
    str | None, format_option(GFE, "Output on stdout: markdown (default) or json.")
]
GfeOutputOption = Annotated[
    str | None, output_option("Write the estimate: .pdf, .html, .md or .json.")
]


@app.command(
    GFE,
    cls=Command,
    epilog=examples(
        [
            "iopcost gfe iop:12 --practice practice.yaml --patient-name 'A. Smith' "
            "--birth-date 1990-04-02 -o gfe.pdf",
            "iopcost gfe php:2 iop:8-10 --practice practice.yaml --patient-name 'A. Smith' "
            "--birth-date 1990-04-02 --start 2027-01-04 --diagnosis F10.20 --data rates.yaml "
            "-o gfe.html",
        ]
    ),
)
def gfe_command(
    steps: StepsArgument,
    practice: PracticeOption,
    patient_name: PatientNameOption,
    birth_date: BirthDateOption,
    start: StartOption = None,
    diagnosis: DiagnosisOption = None,
    data: DataOption = None,
    sessions: SessionsOption = None,
    per_week: PerWeekOption = None,
    dollars: DollarsOption = "published",
    price_index: PriceIndexOption = PriceIndexChoice.hospital,
    output_format_name: GfeFormatOption = None,
    output: GfeOutputOption = None,
    force: ForceOption = False,
    paper: PaperOption = None,
) -> None:
    """Make the Good Faith Estimate a provider gives a self-pay patient (45 CFR 149.610).

    Rates are the provider's own, from the cost file; plan terms play no part.
    """
    from iopcost.core.inputs import Asked, build_inputs
    from iopcost.core.pathway import parse_steps, plan_course
    from iopcost.files.practice import load_practice

    one_stdin(data=stdin_data(data), practice=practice)
    if output is not None and output_format_name is not None:
        raise UsageProblem(
            "--output chooses the estimate's format by its extension; leave out --format.",
            option="--format",
        )
    kind = output_format(GFE, Path(output)) if output is not None else output_format_name
    specs = parse_steps(steps)
    name = _name(patient_name)
    born = _date(birth_date, "--birth-date")
    first = _date(start, "--start") if start is not None else date.today()
    from iopcost.cli.estimate import cost_table, parse_per_week

    table = cost_table(data, dollars, price_index, people=False)
    inputs = build_inputs(table, Asked(sessions=sessions, per_week=parse_per_week(per_week)))
    course = plan_course(inputs.table, specs, per_week=inputs.per_week)
    from iopcost.core.gfe import good_faith_estimate

    estimate = good_faith_estimate(
        course,
        load_practice(practice, table=table),
        patient_name=name,
        birth_date=born,
        start=first,
        made_on=date.today(),
        diagnoses=tuple(diagnosis or ()),
    )
    _write(
        estimate,
        kind or "markdown",
        output,
        force=force,
        paper=paper,
        inputs=(*(data or ()), practice),
    )


def _write(
    estimate: "Estimate",
    kind: str,
    output: str | None,
    *,
    force: bool,
    paper: str | None,
    inputs: tuple[str | None, ...],
) -> None:
    from iopcost.render.gfe import render_gfe
    from iopcost.render.report import default_paper

    text = render_gfe(estimate, kind, paper=paper or default_paper())
    if output is None:
        assert isinstance(text, str)
        sys.stdout.write(text)
        return
    from iopcost.files.atomic import write_atomic

    write_atomic(Path(output), text, force=force, inputs=inputs)
    print(f"Wrote {output}.", file=sys.stderr)
