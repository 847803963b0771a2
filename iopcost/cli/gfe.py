"""gfe: its options; iopcost.app.gfe makes the Good Faith Estimate."""

import sys
from typing import Annotated

import typer

from iopcost.app.formats import GFE
from iopcost.app.output import on_stderr as say
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
    rates,
    stdin_data,
)
from iopcost.core.language import N_, _

StepsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="STEP...",
        show_default=False,
        autocompletion=complete_step,
        help=N_(
            "The care estimated, as in plan: LEVEL:LENGTH in weeks (iop:12, "
            "iop:8-12) or days (php:10d). At most {MAX_STEPS}; at most 12 months in "
            "all."
        ),
    ),
]
PracticeOption = Annotated[
    str,
    typer.Option(
        metavar="FILE",
        show_default=False,
        help=_(
            "The practice file (YAML): each provider's name, NPI, TIN, address and "
            "the levels it furnishes.",
        ),
    ),
]
PatientNameOption = Annotated[
    str, typer.Option(metavar="NAME", show_default=False, help=_("The patient's name."))
]
BirthDateOption = Annotated[
    str,
    typer.Option(metavar="YYYY-MM-DD", show_default=False, help=_("The patient's date of birth.")),
]
StartOption = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD", show_default=False, help=_("The first day of care; default today.")
    ),
]
DiagnosisOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="CODE",
        show_default=False,
        help=_("A diagnosis code (ICD-10-CM, like F10.20); repeat for more."),
    ),
]
GfeFormatOption = Annotated[
    str | None, format_option(GFE, _("Output on stdout: markdown (default) or json."))
]
GfeOutputOption = Annotated[
    str | None, output_option(_("Write the estimate: .pdf, .html, .md or .json."))
]


@app.command(
    GFE,
    cls=Command,
    epilog=examples(
        [
            "iopcost gfe iop:12 --practice practice.yaml --data rates.yaml "
            "--patient-name 'A. Smith' --birth-date 1990-04-02 -o gfe.pdf",
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

    Rates are the provider's own, from its cost file (--data), never the bundled averages;
    plan terms play no part.
    """
    from iopcost.app.gfe import GfeRequest, good_faith_estimate

    one_stdin(data=stdin_data(data), practice=practice)
    request = GfeRequest(
        steps=tuple(steps),
        practice=practice,
        patient_name=patient_name,
        birth_date=birth_date,
        start=start,
        diagnoses=tuple(diagnosis or ()),
        rates=rates(data, dollars, price_index),
        sessions=sessions,
        per_week=tuple(per_week or ()),
        output_format=output_format_name,
        output=output,
        force=force,
        paper=paper,
    )
    good_faith_estimate(request, out=sys.stdout, say=say)
