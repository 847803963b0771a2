"""The JSON documents, built from the core's results: money in cents, the contract's keys."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from iopcost.core import money
from iopcost.core.dollars import Dollars
from iopcost.core.estimate import Bill, Comparison
from iopcost.core.levels import CostTable
from iopcost.render.contract import (
    HOUSEHOLD_COUNTS,
    BillRecord,
    ComparisonDocument,
    CourseTotals,
    DollarsDocument,
    EstimateHead,
    FamilyComparison,
    FamilyFigures,
    HouseholdDocument,
    HouseholdFigures,
    LevelRecord,
    LevelsDocument,
    LevelsHead,
    PartDocument,
    PlanDocument,
    SameLengthDocument,
    SourceDocument,
    StepRecord,
    terms_document,
)
from iopcost.render.figures import count_value, weeks_value
from iopcost.render.source_words import caveat

if TYPE_CHECKING:
    from iopcost.core.household import HouseholdCosts, HouseholdTerms
    from iopcost.core.pathway import Pathway, Step
    from iopcost.core.terms import PlanTerms


def dollars_document(dollars: Dollars) -> DollarsDocument:
    """The restatement as data, for JSON."""
    return DollarsDocument(
        base_month=str(dollars.base),
        target_month=str(dollars.target),
        series=dollars.series.id,
        base_index=dollars.series.values[dollars.base],
        target_index=dollars.series.values[dollars.target],
        factor=dollars.factor.quantize(Decimal("0.000001")),
    )


def restated(table: CostTable) -> DollarsDocument | None:
    """The restatement of a table's rates, when they were restated."""
    if table.dollars is None or not table.dollars.restated:
        return None
    return dollars_document(table.dollars)


def source_document(table: CostTable) -> SourceDocument:
    """The source of the rates, as JSON."""
    source = table.source
    doc = SourceDocument(title=source.title, published=source.published, note=source.note)
    if source.url:
        doc["url"] = source.url
    if source.file:
        doc["file"] = source.file
    return doc


def parts_document(table: CostTable) -> list[PartDocument]:
    """Each cost file a merged table was made from: its levels and its own source."""
    return [
        PartDocument(
            data=part.origin,
            levels=[level.id for level in part.levels],
            source=source_document(part),
            estimate=caveat(part),
        )
        for part in table.parts
    ]


def _household_counts(costs: HouseholdCosts) -> dict[str, int | Decimal]:
    """What is counted and what it costs, in cents, under the contract's keys."""
    parts = [money.cents(costs.lost_pay), money.cents(costs.travel), money.cents(costs.childcare)]
    return dict(
        zip(
            HOUSEHOLD_COUNTS,
            (
                count_value(costs.workdays),
                count_value(costs.trips),
                count_value(costs.childcare_days),
                *parts,
                sum(parts, Decimal(0)),
            ),
            strict=True,
        )
    )


def household_figures(
    costs: HouseholdCosts | None,
    pays_low: Decimal,
    pays_high: Decimal,
    costs_low: HouseholdCosts | None = None,
) -> HouseholdFigures:
    """Household costs in cents, and all-in: what is paid for care plus household costs.

    Over a range of weeks, `costs_low` are the shorter length's (`costs` the longer's):
    each figure is given at both lengths, and all-in low adds the shorter one's.
    """
    if costs is None:
        return HouseholdFigures()
    high = _household_counts(costs)
    if costs_low is None:
        figures: dict[str, object] = dict(high)
        low = high
    else:
        low = _household_counts(costs_low)
        figures = {
            f"{key}_{end}": counts[key]
            for key in HOUSEHOLD_COUNTS
            for end, counts in (("low", low), ("high", high))
        }
    figures["all_in_low"] = money.cents(pays_low) + low["household_total"]
    figures["all_in_high"] = money.cents(pays_high) + high["household_total"]
    return cast(HouseholdFigures, figures)


def household_document(terms: HouseholdTerms) -> HouseholdDocument:
    """The household's own figures, as JSON."""
    return HouseholdDocument(
        lost_pay_per_day=terms.lost_pay,
        travel_per_trip=terms.travel,
        childcare_per_day=terms.childcare,
        patient=terms.patient.value,
    )


def bill_record(
    bill: Bill,
    per_week: int,
    saving: Decimal,
    household: HouseholdCosts | None = None,
    comparison: FamilyComparison | None = None,
    household_low: HouseholdCosts | None = None,
) -> BillRecord:
    """A bill's figures under the stable machine keys, money in cents."""
    level = bill.level
    family = FamilyFigures()
    if bill.patient_low is not None and bill.patient_high is not None:
        assert bill.insurer_low is not None
        assert bill.insurer_high is not None
        family = FamilyFigures(
            patient_low=money.cents(bill.patient_low),
            patient_high=money.cents(bill.patient_high),
            insurer_low=bill.insurer_low,
            insurer_high=bill.insurer_high,
        )
    record: BillRecord = {
        "id": level.id,
        "name": level.name,
        "unit": level.unit,
        "per_week": per_week,
        **_units(bill),  # type: ignore[typeddict-item]
        "rate_low": level.low,
        "rate_high": level.high,
        "total_low": money.cents(bill.total_low),
        "total_high": money.cents(bill.total_high),
        **family,
        "total_mid": money.cents(bill.total_mid),
        "less_than_most_expensive": money.cents(saving),
        **(comparison or FamilyComparison()),
        **household_figures(household, *bill.paid, household_low),
    }
    if level.kind is not None:
        record["kind"] = level.kind
    return record


def _units(bill: Bill) -> dict[str, int]:
    """The units billed: of the shorter length, and over a range of weeks the longer's."""
    if bill.units_high is None:
        return {"units": bill.units}
    return {"units": bill.units, "units_high": bill.units_high}


def estimate_head(
    table: CostTable,
    weeks: tuple[int | Decimal, int | Decimal],
    terms: PlanTerms | None,
    household: HouseholdTerms | None = None,
) -> EstimateHead:
    """The keys every estimate's JSON opens with; `weeks` is the shorter and the longer
    length (the same for one length)."""
    low, high = weeks
    head = EstimateHead(
        weeks_low=low,
        weeks_high=high,
        currency=table.currency,
        source=source_document(table),
        data=table.origin,
        estimate=caveat(table),
    )
    if table.parts:
        head["sources"] = parts_document(table)
    if low == high:
        head = cast(EstimateHead, {"weeks": low, **head})
    if (dollars := restated(table)) is not None:
        head["dollars"] = dollars
    if terms is not None:
        head["insurance"] = terms_document(terms)
    if household is not None:
        head["household"] = household_document(household)
    return head


def comparison_document(comparison: Comparison) -> ComparisonDocument:
    """The figures of a comparison, as `compare --format json` writes them."""
    costs = comparison.household or (None,) * len(comparison.bills)
    costs_low = comparison.household_low or (None,) * len(comparison.bills)
    levels = []
    for index, (bill, cost) in enumerate(zip(comparison.bills, costs, strict=True)):
        family = None
        if comparison.terms is not None:
            saving = comparison.family_saving(bill)
            reached = comparison.max_reached[index] if comparison.max_reached else (None, None)
            family = FamilyComparison(
                patient_less_than_most_expensive=money.cents(saving or Decimal(0)),
                max_reached_week_low=reached[0],
                max_reached_week_high=reached[1],
            )
        per_week = comparison.per_week[bill.level.id]
        saving = comparison.saving(bill)
        levels.append(bill_record(bill, per_week, saving, cost, family, costs_low[index]))
    head = estimate_head(
        comparison.table,
        (comparison.weeks.low, comparison.weeks.high),
        comparison.terms,
        comparison.household_terms,
    )
    document: ComparisonDocument = {
        **head,
        "levels": levels,
        "cheapest": comparison.cheapest.level.id,
    }
    return document


def step_record(number: int, step: Step, *, insured: bool) -> StepRecord:
    """One step of a course under the stable machine keys, money in cents."""
    bill = step.bill
    record = StepRecord(
        step=number,
        level=bill.level.id,
        name=bill.level.name,
        unit=bill.level.unit,
        weeks=step.spec.weeks,
        days=step.spec.days,
        units=bill.units,
        rate_low=bill.level.low,
        rate_high=bill.level.high,
        total_low=money.cents(bill.total_low),
        total_high=money.cents(bill.total_high),
        running_low=money.cents(step.running_low),
        running_high=money.cents(step.running_high),
    )
    if step.spec.weeks_high is not None and bill.units_high is not None:
        record = cast(
            StepRecord,
            _after(record, "units", weeks_high=step.spec.weeks_high, units_high=bill.units_high),
        )
    if insured:
        record["patient_low"] = _cents(bill.patient_low)
        record["patient_high"] = _cents(bill.patient_high)
        record["running_patient_low"] = _cents(step.running_patient_low)
        record["running_patient_high"] = _cents(step.running_patient_high)
    if step.household is not None:
        figures = household_figures(step.household, *bill.paid, step.household_low)
        record.update(figures)  # type: ignore[typeddict-item]
    return record


def same_length_document(course: Pathway) -> SameLengthDocument:
    """The course's length at its single most expensive level."""
    alone = course.alone
    same = SameLengthDocument(
        level=alone.level.id,
        name=alone.level.name,
        weeks=weeks_value(course.weeks),
        units=alone.units,
        total_low=money.cents(alone.total_low),
        total_high=money.cents(alone.total_high),
    )
    if course.weeks_high is not None:
        same["weeks_high"] = weeks_value(course.weeks_high)
        same["units_high"] = alone.top_units
    if alone.patient_low is not None and alone.patient_high is not None:
        same["patient_low"] = money.cents(alone.patient_low)
        same["patient_high"] = money.cents(alone.patient_high)
    return same


def plan_document(course: Pathway) -> PlanDocument:
    """The figures of a course, as `plan --format json` writes them."""
    insured = course.terms is not None
    steps = [
        step_record(number, step, insured=insured)
        for number, step in enumerate(course.steps, start=1)
    ]
    lengths = (weeks_value(course.weeks), weeks_value(course.weeks_high or course.weeks))
    head = estimate_head(course.table, lengths, course.terms, course.household_terms)
    totals = CourseTotals(
        total_low=money.cents(course.total_low), total_high=money.cents(course.total_high)
    )
    if course.patient_low is not None and course.patient_high is not None:
        totals["patient_low"] = money.cents(course.patient_low)
        totals["patient_high"] = money.cents(course.patient_high)
    figures = household_figures(course.household, *course.paid, course.household_low)
    totals.update(figures)  # type: ignore[typeddict-item]
    document: PlanDocument = {
        **head,
        "steps": steps,
        **totals,
        "same_length_at_one_level": same_length_document(course),
    }
    return document


def _after(record: Mapping[str, object], key: str, **more: object) -> dict[str, object]:
    """The record with `more` keys placed right after `key`."""
    placed: dict[str, object] = {}
    for name, value in record.items():
        placed[name] = value
        if name == key:
            placed.update(more)
    return placed


def _cents(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else money.cents(amount)


def levels_document(table: CostTable) -> LevelsDocument:
    """The levels of a cost table, as `levels --format json` writes them."""
    records = [
        LevelRecord(
            id=level.id,
            name=level.name,
            unit=level.unit,
            per_week=level.per_week,
            rate_low=level.low,
            rate_high=level.high,
        )
        for level in table.levels
    ]
    head = LevelsHead(currency=table.currency, source=source_document(table), data=table.origin)
    if table.parts:
        head["sources"] = parts_document(table)
    if (dollars := restated(table)) is not None:
        head["dollars"] = dollars
    document: LevelsDocument = {**head, "levels": records}
    return document
