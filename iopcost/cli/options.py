"""Options the commands share, declared once: how each is read and what its help says.

compare and plan take the same estimate options; `with_estimate_options`
adds them to a command and hands it one `EstimateOptions` value, built by
keyword, so two options can never be swapped.
"""

import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

import typer

from iopcost.core import amounts
from iopcost.core.errors import InvalidValue, IopcostError, UsageProblem
from iopcost.core.household import TERM_READERS as HOUSEHOLD_READERS
from iopcost.core.inputs import READERS
from iopcost.core.limits import MAX_SESSIONS, MAX_WEEKS
from iopcost.core.terms import TERM_READERS
from iopcost.core.weeks import Weeks, parse_weeks
from iopcost.render.formats import stdout_formats


def reader(read: Callable[..., Any], subject: str) -> Callable[[str | int | Decimal], Any]:
    """A Typer parser from one of the grammar's readers (iopcost.core.amounts)."""

    def parse(text: str | int | Decimal) -> Any:
        if not isinstance(text, str):  # a default, already a value
            return text
        try:
            return read(text, subject=subject)
        except InvalidValue as exc:
            raise typer.BadParameter(str(exc)) from None

    return parse


def term(subject: str, help: str, *, metavar: str = "AMOUNT") -> Any:
    """An option for a plan or household term, read as the core reads it; its flag is
    --SUBJECT."""
    return typer.Option(
        "--" + subject.replace("_", "-"),
        metavar=metavar,
        show_default=False,
        parser=reader(READERS[subject], subject),
        help=help,
    )


def choice_option(flags: tuple[str, ...], choices: tuple[str, ...], help: str) -> Any:
    """An option that takes one of `choices`, in any case; help shows them."""

    def parse(text: str) -> str:
        chosen = text.strip().lower()
        if chosen not in choices:
            raise typer.BadParameter(
                f"{text!r} is not one of {', '.join(repr(choice) for choice in choices)}."
            )
        return chosen

    return typer.Option(
        *flags,
        metavar="[" + "|".join(choices) + "]",
        parser=parse,
        autocompletion=lambda incomplete: [c for c in choices if c.startswith(incomplete)],
        show_default=False,
        help=help,
    )


def output_option(help: str) -> Any:
    """--output/-o FILE, what to write chosen by its extension."""
    return typer.Option("--output", "-o", metavar="FILE", show_default=False, help=help)


def format_option(command: str, help: str) -> Any:
    """--format, with the choices the format registry gives the command."""
    return choice_option(("--format", "-f"), stdout_formats(command), help)


def level_ids() -> list[str]:
    """The level ids of the cost file in use (IOPCOST_DATA or the bundled one), for completion."""
    try:
        from iopcost.files.cost_file import load_cost_table

        return [level.id for level in load_cost_table(os.environ.get("IOPCOST_DATA")).levels]
    except (IopcostError, OSError):
        return []


def _complete_per_week(incomplete: str) -> list[str]:
    return [f"{level}=" for level in level_ids() if level.startswith(incomplete)]


def complete_step(incomplete: str) -> list[str]:
    """Level ids as the start of a step (iop:)."""
    return [f"{level}:" for level in level_ids() if level.startswith(incomplete)]


def _dollars(text: str) -> str:
    from iopcost.core.dollars import parse_dollars

    return reader(parse_dollars, "dollars")(text)  # type: ignore[no-any-return]


class PriceIndexChoice(StrEnum):
    """The BLS series that restates rates in another month's dollars."""

    hospital = "hospital"
    outpatient = "outpatient"
    medical_services = "medical-services"


DataOption = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        metavar="FILE",
        show_default=False,
        help="Cost file (YAML) to use instead of the bundled one; - reads standard input; "
        "repeat to compare the levels of several files (bundled names the bundled rates). "
        "Default: IOPCOST_DATA, else the bundled file.",
    ),
]


def data_sources(data: list[str] | None) -> list[str | None]:
    """The cost files asked for, in order: --data (repeatable; "bundled" is the bundled
    file), else IOPCOST_DATA, else the bundled file (None)."""
    import os

    if not data:
        given = os.environ.get("IOPCOST_DATA", "").strip()
        return [given or None]
    if data.count("-") > 1:
        raise UsageProblem("--data - can be given once: standard input is read once.",
                           option="--data")  # fmt: skip
    return [None if source.strip() == "bundled" else source for source in data]


def stdin_data(data: list[str] | None) -> str | None:
    """ "-" when a cost file is read from standard input (for one_stdin)."""
    return "-" if data and "-" in data else None


EstimateFormatOption = Annotated[
    str | None, format_option("compare", "Output format on stdout (default: table).")
]
NoChartOption = Annotated[
    bool, typer.Option("--no-chart", help="Leave the cost chart out of the table or report.")
]
OutputOption = Annotated[
    str | None,
    output_option(
        "Write a report instead, its format by extension: .html .pdf .svg .txt .md .json .csv."
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Let --output replace an existing file.")
]
WeeksOption = Annotated[
    Weeks,
    typer.Option(
        metavar="N[-M]",
        parser=reader(parse_weeks, "weeks"),
        help=f"Program length in whole weeks, 1 to {MAX_WEEKS}, or a range such as 8-12: "
        "the low estimate at the shorter length, the high at the longer.",
    ),
]
SessionsOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        show_default=False,
        parser=reader(amounts.parse_whole, "sessions"),
        help=f"Sessions per week, 1 to {MAX_SESSIONS}, for every level billed per session (IOP).",
    ),
]
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
    Decimal | None, term("deductible", "Deductible still to meet this plan year.")
]
CoinsuranceOption = Annotated[
    Decimal | None,
    term(
        "coinsurance",
        "Share the patient pays after the deductible, 0 to 100 (20 for 20%).",
        metavar="PERCENT",
    ),
]
CopayOption = Annotated[
    Decimal | None, term("copay", "Fixed amount per billed day or session after the deductible.")
]
OopMaxOption = Annotated[
    Decimal | None, term("oop_max", "Out-of-pocket maximum still remaining this plan year.")
]
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
LostPayOption = Annotated[
    Decimal | None,
    term(
        "lost_pay",
        "Pay lost for each missed workday; or per week (1000/week, 5 workdays) or "
        "year (52000/year, 260 workdays).",
        metavar="AMOUNT[/PERIOD]",
    ),
]
TravelOption = Annotated[
    Decimal | None,
    term("travel", "Cost of one round trip to the program (fuel, fares, parking)."),
]
ChildcareOption = Annotated[
    Decimal | None,
    term("childcare", "Cost of childcare for one day on which treatment needs it."),
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
HospitalsOption = Annotated[
    bool,
    typer.Option(
        "--hospitals",
        help="Price the levels of the hospitals kept by iopcost hospitals add too (with "
        "--data, beside that file's levels).",
    ),
]
PaperOption = Annotated[
    str | None,
    choice_option(
        ("--paper",),
        ("a4", "letter"),
        "The page size of a PDF report; default from the locale (Letter in the US and Canada, "
        "A4 elsewhere), else Letter.",
    ),
]
PatientOption = Annotated[
    str | None,
    choice_option(
        ("--patient",),
        ("adult", "child"),
        "Who is in care, and so whose household costs: an adult's own (default), or a "
        "caregiver's for a child.",
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


@dataclass(frozen=True, slots=True)
class EstimateOptions:
    """What compare and plan share: inputs, plan terms and where the result goes.

    Each field's annotation is the option's declaration, and its default the
    option's default: `with_estimate_options` reads them for Typer.
    """

    sessions: SessionsOption = None
    per_week: PerWeekOption = None
    data: DataOption = None
    output_format: EstimateFormatOption = None
    deductible: DeductibleOption = None
    coinsurance: CoinsuranceOption = None
    copay: CopayOption = None
    oop_max: OopMaxOption = None
    insurance: InsuranceOption = None
    lost_pay: LostPayOption = None
    travel: TravelOption = None
    childcare: ChildcareOption = None
    household: HouseholdOption = None
    household_per_week: HouseholdPerWeekOption = None
    patient: PatientOption = None
    dollars: DollarsOption = "published"
    price_index: PriceIndexOption = PriceIndexChoice.hospital
    no_chart: NoChartOption = False
    output: OutputOption = None
    force: ForceOption = False
    prepared_for: PreparedForOption = None
    prepared_by: PreparedByOption = None
    contact: ContactOption = None
    paper: PaperOption = None
    hospitals: HospitalsOption = False

    def terms(self) -> dict[str, Decimal]:
        """The plan terms given as flags."""
        return _given(self, TERM_READERS)

    def household_figures(self) -> dict[str, Decimal]:
        """The household figures given as flags."""
        return _given(self, HOUSEHOLD_READERS)


def _given(options: EstimateOptions, keys: Any) -> dict[str, Decimal]:
    values = {key: getattr(options, key) for key in keys}
    return {key: value for key, value in values.items() if value is not None}


def with_estimate_options(command: Callable[..., None]) -> Callable[..., None]:
    """The command with every EstimateOptions field as an option after its own
    parameters; it is called with `options=EstimateOptions(...)`."""
    own = [p for p in inspect.signature(command).parameters.values() if p.name != "options"]
    hints = inspect.get_annotations(EstimateOptions)
    shared = [
        inspect.Parameter(
            field.name, inspect.Parameter.KEYWORD_ONLY, default=field.default,
            annotation=hints[field.name],
        )
        for field in fields(EstimateOptions)
    ]  # fmt: skip
    names = [field.name for field in fields(EstimateOptions)]

    def run(**given: Any) -> None:
        options = EstimateOptions(**{name: given.pop(name) for name in names})
        command(options=options, **given)

    run.__name__ = command.__name__
    run.__doc__ = command.__doc__
    run.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in (*own, *shared)}
    return run
