"""The options compare and plan share, declared once.

`with_estimate_options` adds them to a command and hands it one
`EstimateOptions` value, built by keyword, so two options can never be swapped;
the value builds the application layer's request and destination.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from iopcost.cli.options import (
    DataOption,
    DollarsOption,
    ForceOption,
    PaperOption,
    PerWeekOption,
    PriceIndexChoice,
    PriceIndexOption,
    SessionsOption,
    choice_option,
    format_option,
    output_option,
    rates,
    reader,
    term,
)
from iopcost.core.household import TERM_READERS as HOUSEHOLD_READERS
from iopcost.core.language import N_, _
from iopcost.core.terms import TERM_READERS
from iopcost.core.weeks import Weeks, parse_weeks

if TYPE_CHECKING:
    from iopcost.app.estimate import Destination, EstimateRequest

EstimateFormatOption = Annotated[
    str | None, format_option("compare", _("Output format on stdout (default: table)."))
]
NoChartOption = Annotated[
    bool, typer.Option("--no-chart", help=_("Leave the cost chart out of the table or report."))
]
OutputOption = Annotated[
    str | None,
    output_option(
        _(
            "Write a report instead, its format by extension: .html .pdf .svg .txt .md .json .csv.",
        )
    ),
]
WeeksOption = Annotated[
    Weeks,
    typer.Option(
        metavar="N[-M]",
        parser=reader(parse_weeks, "weeks"),
        help=N_(
            "Program length in whole weeks, 1 to {MAX_WEEKS}, or a range such as "
            "8-12: the low estimate at the shorter length, the high at the longer."
        ),
    ),
]
DeductibleOption = Annotated[
    Decimal | None, term("deductible", _("Deductible still to meet this plan year."))
]
CoinsuranceOption = Annotated[
    Decimal | None,
    term(
        "coinsurance",
        _("Share the patient pays after the deductible, 0 to 100 (20 for 20%)."),
        metavar="PERCENT",
    ),
]
CopayOption = Annotated[
    Decimal | None, term("copay", _("Fixed amount per billed day or session after the deductible."))
]
OopMaxOption = Annotated[
    Decimal | None, term("oop_max", _("Out-of-pocket maximum still remaining this plan year."))
]
LostPayOption = Annotated[
    Decimal | None,
    term(
        "lost_pay",
        _(
            "Pay lost for each missed workday; or per week (1000/week, 5 workdays) "
            "or year (52000/year, 260 workdays).",
        ),
        metavar="AMOUNT[/PERIOD]",
    ),
]
TravelOption = Annotated[
    Decimal | None,
    term("travel", _("Cost of one round trip to the program (fuel, fares, parking).")),
]
ChildcareOption = Annotated[
    Decimal | None,
    term("childcare", _("Cost of childcare for one day on which treatment needs it.")),
]
HouseholdOption = Annotated[
    str | None,
    typer.Option(
        "--household",
        metavar="FILE",
        show_default=False,
        help=_("Household costs (YAML), with per-level schedules; flags override it."),
    ),
]
HouseholdPerWeekOption = Annotated[
    list[str] | None,
    typer.Option(
        "--household-per-week",
        metavar="LEVEL:KEY=N",
        show_default=False,
        help=_(
            "One level's household schedule, e.g. iop:missed_workdays_per_week=3. Repeatable.",
        ),
    ),
]
PreparedForOption = Annotated[
    str | None,
    typer.Option(
        "--prepared-for",
        metavar="NAME",
        show_default=False,
        help=_("Who a report is for, shown at its top (html, pdf, md, txt)."),
    ),
]
PreparedByOption = Annotated[
    str | None,
    typer.Option(
        "--prepared-by", metavar="NAME", show_default=False, help=_("Who prepared a report.")
    ),
]
ContactOption = Annotated[
    str | None,
    typer.Option(
        "--contact", metavar="TEXT", show_default=False, help=_("How to reach who prepared it.")
    ),
]
HospitalsOption = Annotated[
    bool,
    typer.Option(
        "--hospitals",
        help=_(
            "Price the levels of the hospitals kept by iopcost hospitals add too "
            "(with --data, beside that file's levels).",
        ),
    ),
]
HospitalPlanOption = Annotated[
    str | None,
    typer.Option(
        "--plan",
        metavar="NAME",
        show_default=False,
        help=_(
            "With --hospitals: price each kept hospital at this plan's own rate (kept by "
            "iopcost insurer rates --keep), beside its cash price.",
        ),
    ),
]
PatientOption = Annotated[
    str | None,
    choice_option(
        ("--patient",),
        ("adult", "child"),
        _(
            "Who is in care, and so whose household costs: an adult's own (default), "
            "or a caregiver's for a child.",
        ),
    ),
]
InsuranceOption = Annotated[
    str | None,
    typer.Option(
        "--insurance",
        metavar="FILE",
        show_default=False,
        help=_("Plan terms (YAML), with optional per-level overrides; flags override it."),
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
    hospital_plan: HospitalPlanOption = None

    def request(self) -> "EstimateRequest":
        """What compare and plan are asked, for the application layer."""
        from iopcost.app.estimate import EstimateRequest

        return EstimateRequest(
            rates=rates(
                self.data,
                self.dollars,
                self.price_index,
                hospitals=self.hospitals,
                plan=self.hospital_plan,
            ),
            sessions=self.sessions,
            per_week=tuple(self.per_week or ()),
            terms=_given(self, TERM_READERS),
            household_figures=_given(self, HOUSEHOLD_READERS),
            household_per_week=tuple(self.household_per_week or ()),
            patient=self.patient,
            insurance=self.insurance,
            household=self.household,
        )

    def destination(self) -> "Destination":
        """Where the result goes."""
        from iopcost.app.estimate import Destination

        return Destination(
            output_format=self.output_format,
            output=self.output,
            force=self.force,
            chart=not self.no_chart,
            prepared_for=self.prepared_for,
            prepared_by=self.prepared_by,
            contact=self.contact,
            paper=self.paper,
        )


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
            field.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=field.default,
            annotation=hints[field.name],
        )
        for field in fields(EstimateOptions)
    ]
    names = [field.name for field in fields(EstimateOptions)]

    def run(**given: Any) -> None:
        options = EstimateOptions(**{name: given.pop(name) for name in names})
        command(options=options, **given)

    run.__name__ = command.__name__
    run.__doc__ = command.__doc__
    run.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in (*own, *shared)}
    return run
