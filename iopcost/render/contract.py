"""The JSON documents behind `compare`, `plan`, `levels` and `batch`: a contract the
README documents, with every key list machine formats write.

Money is Decimal, rounded to the cent where the document is built; other
numbers (a coinsurance of 33.333 %, a course of 5.43 weeks) are exact as given.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NotRequired, TypedDict

if TYPE_CHECKING:
    from iopcost.core.terms import PlanTerms

Value = Decimal | int | str | None

# The columns of compare's CSV and TSV, by what they need.
LEVEL_KEYS = (
    "id",
    "name",
    "unit",
    "per_week",
    "units",
    "rate_low",
    "rate_high",
    "total_low",
    "total_high",
)
PATIENT_KEYS = ("patient_low", "patient_high", "insurer_low", "insurer_high")
FAMILY_KEYS = ("patient_less_than_most_expensive", "max_reached_week_low", "max_reached_week_high")
HOUSEHOLD_COUNTS = (
    "missed_workdays",
    "round_trips",
    "childcare_days",
    "household_lost_pay",
    "household_travel",
    "household_childcare",
    "household_total",
)
HOUSEHOLD_KEYS = (*HOUSEHOLD_COUNTS, "all_in_low", "all_in_high")
# Over a range of weeks: units and each household figure at both lengths.
RANGE_LEVEL_KEYS = tuple(
    part for key in LEVEL_KEYS for part in ((key, "units_high") if key == "units" else (key,))
)
RANGE_HOUSEHOLD_KEYS = (
    *(f"{key}_{end}" for key in HOUSEHOLD_COUNTS for end in ("low", "high")),
    "all_in_low",
    "all_in_high",
)
# `levels` and `plan`.
LEVELS_KEYS = ("id", "name", "unit", "per_week", "rate_low", "rate_high")
STEP_KEYS = (
    "step",
    "level",
    "name",
    "unit",
    "weeks",
    "days",
    "units",
    "rate_low",
    "rate_high",
    "total_low",
    "total_high",
    "running_low",
    "running_high",
)
STEP_PATIENT_KEYS = ("patient_low", "patient_high", "running_patient_low", "running_patient_high")
RANGE_STEP_KEYS = tuple(
    part
    for key in STEP_KEYS
    for part in ((key, "weeks_high", "units_high") if key == "units" else (key,))
)
# `prices`' CSV-like rows (the table's records).
PRICES_KEYS = ("id", "name", "unit", "rate_low", "rate_high", "items", "codes", "payers")
# A price sheet's rows: one per level and kind of price.
SHEET_KEYS = (
    "id",
    "name",
    "price",
    "unit",
    "rate_low",
    "rate_high",
    "prices",
    "items",
    "codes",
    "plans",
)
# `batch`: one row per scenario and level, long format.
# Every numeric column holds one number in every row: over a range of weeks, `units` is
# the shorter length's and `units_high` the longer's (equal for one length).
BATCH_KEYS = ("row", "id", "level", "units", "units_high", "total_low", "total_high")
BATCH_PATIENT_KEYS = ("patient_low", "patient_high")
BATCH_HOUSEHOLD_KEYS = (
    "household_total_low",
    "household_total_high",
    "all_in_low",
    "all_in_high",
)


class SourceDocument(TypedDict):
    """Where the rates come from."""

    title: str
    published: str | None
    note: str | None
    url: NotRequired[str]
    # The file the rates were read from (a hospital's standard-charges file), described.
    file: NotRequired[str]


class PartDocument(TypedDict):
    """One of several cost files an estimate merges: the file, its levels, its source."""

    data: str
    levels: list[str]
    source: SourceDocument
    estimate: str


class DollarsDocument(TypedDict):
    """How rates were restated in another month's dollars."""

    base_month: str
    target_month: str
    series: str
    base_index: Decimal
    target_index: Decimal
    factor: Decimal


class ShareDocument(TypedDict):
    """A cost share after the deductible."""

    copay: Decimal
    coinsurance: Decimal


class TermsDocument(TypedDict):
    """The plan terms assumed."""

    deductible: Decimal
    coinsurance: Decimal
    copay: Decimal
    oop_max: Decimal | None
    levels: dict[str, ShareDocument]


def terms_document(terms: PlanTerms) -> TermsDocument:
    """The plan terms, as JSON."""
    return TermsDocument(
        deductible=terms.deductible,
        coinsurance=terms.share.coinsurance,
        copay=terms.share.copay,
        oop_max=terms.oop_max,
        levels={
            level_id: {"copay": share.copay, "coinsurance": share.coinsurance}
            for level_id, share in terms.by_level
        },
    )


class LevelRecord(TypedDict):
    """One level of care as `levels` lists it."""

    id: str
    name: str
    unit: str
    per_week: int
    rate_low: Decimal
    rate_high: Decimal


class FamilyFigures(TypedDict, total=False):
    """With plan terms: what the family pays and what the plan pays, at low and high rates."""

    patient_low: Decimal
    patient_high: Decimal
    insurer_low: Decimal
    insurer_high: Decimal


class HouseholdFigures(TypedDict, total=False):
    """With household terms: what is counted, what it costs, and the all-in figures."""

    missed_workdays: int | Decimal
    round_trips: int | Decimal
    childcare_days: int | Decimal
    household_lost_pay: Decimal
    household_travel: Decimal
    household_childcare: Decimal
    household_total: Decimal
    all_in_low: Decimal
    all_in_high: Decimal
    # Over a range of weeks, each figure at the shorter and at the longer length.
    missed_workdays_low: int | Decimal
    missed_workdays_high: int | Decimal
    round_trips_low: int | Decimal
    round_trips_high: int | Decimal
    childcare_days_low: int | Decimal
    childcare_days_high: int | Decimal
    household_lost_pay_low: Decimal
    household_lost_pay_high: Decimal
    household_travel_low: Decimal
    household_travel_high: Decimal
    household_childcare_low: Decimal
    household_childcare_high: Decimal
    household_total_low: Decimal
    household_total_high: Decimal


class HouseholdDocument(TypedDict):
    """The household's own figures, as given (None: not given)."""

    lost_pay_per_day: Decimal | None
    travel_per_trip: Decimal | None
    childcare_per_day: Decimal | None
    # Whose costs: "adult" (the patient's own) or "child" (a caregiver's).
    patient: str


class FamilyComparison(TypedDict, total=False):
    """With plan terms: how the family's share compares, and when the maximum is reached."""

    patient_less_than_most_expensive: Decimal
    max_reached_week_low: int | None
    max_reached_week_high: int | None


class BillRecord(FamilyFigures, FamilyComparison, HouseholdFigures):
    """One level priced over the same weeks as the others (`compare`)."""

    id: str
    name: str
    unit: str
    per_week: int
    # The units billed: of the shorter length over a range of weeks, and of the longer.
    units: int
    units_high: NotRequired[int]
    rate_low: Decimal
    rate_high: Decimal
    total_low: Decimal
    total_high: Decimal
    total_mid: Decimal
    less_than_most_expensive: Decimal
    # A hospital's kind of price (gross, cash, negotiated, allowed), when the level says.
    kind: NotRequired[str]


class StepRecord(HouseholdFigures):
    """One step of a course (`plan`); the whole course's row has level "total"."""

    step: int | None
    level: str
    name: str
    unit: str | None
    weeks: int | Decimal | None
    days: int | None
    units: int | None
    # Over a range of weeks (iop:8-12): the longer length, and its units.
    weeks_high: NotRequired[int | Decimal]
    units_high: NotRequired[int]
    rate_low: Decimal | None
    rate_high: Decimal | None
    total_low: Decimal
    total_high: Decimal
    running_low: Decimal
    running_high: Decimal
    patient_low: NotRequired[Decimal | None]
    patient_high: NotRequired[Decimal | None]
    running_patient_low: NotRequired[Decimal | None]
    running_patient_high: NotRequired[Decimal | None]


class SameLengthDocument(TypedDict):
    """The course's length at its single most expensive level."""

    level: str
    name: str
    weeks: int | Decimal
    units: int
    weeks_high: NotRequired[int | Decimal]
    units_high: NotRequired[int]
    total_low: Decimal
    total_high: Decimal
    patient_low: NotRequired[Decimal]
    patient_high: NotRequired[Decimal]


class EstimateHead(TypedDict):
    """The keys every estimate's JSON opens with: its length, currency, source and terms."""

    # One length: weeks; always the shorter and the longer (the same for one length).
    weeks: NotRequired[int | Decimal]
    weeks_low: int | Decimal
    weeks_high: int | Decimal
    currency: str
    source: SourceDocument
    data: str
    estimate: str
    sources: NotRequired[list[PartDocument]]
    dollars: NotRequired[DollarsDocument]
    insurance: NotRequired[TermsDocument]
    household: NotRequired[HouseholdDocument]


class ComparisonDocument(EstimateHead):
    """`compare --format json`."""

    levels: list[BillRecord]
    # The level that costs the family least: by what they pay (and household costs)
    # when given, else by list-price midpoint.
    cheapest: str


class CourseTotals(HouseholdFigures):
    """A whole course's totals, and with plan terms what the family pays."""

    total_low: Decimal
    total_high: Decimal
    patient_low: NotRequired[Decimal]
    patient_high: NotRequired[Decimal]


class PlanDocument(EstimateHead, CourseTotals):
    """`plan --format json`: the opening keys, steps, totals, then the single-level comparison."""

    steps: list[StepRecord]
    same_length_at_one_level: SameLengthDocument


class LevelsHead(TypedDict):
    """The keys `levels --format json` opens with."""

    currency: str
    source: SourceDocument
    data: str
    sources: NotRequired[list[PartDocument]]
    dollars: NotRequired[DollarsDocument]


class LevelsDocument(LevelsHead):
    """`levels --format json`."""

    levels: list[LevelRecord]


Document = ComparisonDocument | PlanDocument | LevelsDocument
