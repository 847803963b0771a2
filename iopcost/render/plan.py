"""`plan`'s sheet: a course of care step by step, with running totals (columns only)."""

from __future__ import annotations

from iopcost.core.language import _
from iopcost.core.pathway import Pathway
from iopcost.render import answer, household_words, words
from iopcost.render.contract import (
    HOUSEHOLD_KEYS,
    RANGE_HOUSEHOLD_KEYS,
    RANGE_STEP_KEYS,
    STEP_KEYS,
    STEP_PATIENT_KEYS,
    PlanDocument,
    StepRecord,
)
from iopcost.render.estimate_documents import plan_document
from iopcost.render.sheet import (
    Column,
    Record,
    Sheet,
    amount,
    amount_range,
    billed,
    field,
    household_columns,
    length,
)


def course_total(document: PlanDocument, *, insured: bool, household: bool) -> StepRecord:
    """The whole course's row (level "total"): its length and totals, shown apart in
    tables; what only a step has (its number, unit, units, rates) is None."""
    total = StepRecord(
        step=None,
        level="total",
        name=_("Whole course"),
        unit=None,
        weeks=document["weeks_low"],
        days=None,
        units=None,
        rate_low=None,
        rate_high=None,
        total_low=document["total_low"],
        total_high=document["total_high"],
        running_low=document["total_low"],
        running_high=document["total_high"],
    )
    if document["weeks_low"] != document["weeks_high"]:
        total["weeks_high"] = document["weeks_high"]
    if insured:
        total["patient_low"] = total["running_patient_low"] = document["patient_low"]
        total["patient_high"] = total["running_patient_high"] = document["patient_high"]
    if household:
        keys = HOUSEHOLD_KEYS if "household_total" in document else RANGE_HOUSEHOLD_KEYS
        # The household keys of the course's document, the same as a step's.
        total.update({key: document.get(key) for key in keys})  # type: ignore[typeddict-item]
    return total


def course_columns(*, insured: bool, household: bool) -> list[Column]:
    """What people see of each step: length, billing, totals and running totals."""
    columns = [
        Column(_("#"), field("step"), numeric=True),
        Column(_("Level of care"), field("name")),
        Column(_("Length"), length),
        Column(_("Billed"), billed),
        Column(_("Total low"), amount("total_low"), numeric=True),
        Column(_("Total high"), amount("total_high"), numeric=True),
    ]
    if insured:
        columns.append(
            Column(_("You pay"), amount_range("patient_low", "patient_high"), numeric=True)
        )
    running = amount_range("running_low", "running_high")
    columns.append(Column(_("Running total"), running, numeric=True, hide_rank=2, in_total=False))
    if insured:
        paid = amount_range("running_patient_low", "running_patient_high")
        columns.append(
            Column(_("Running you pay"), paid, numeric=True, hide_rank=1, in_total=False)
        )
    if household:
        columns += household_columns()
    return columns


def bar_label(record: Record) -> str:
    """A step's bar: "1. Inpatient / residential, 2 weeks"."""
    return f"{record['step']}. {record['name']}, {words.step_length(record)}"


def pathway_sheet(course: Pathway) -> Sheet[StepRecord]:
    """A course of care step by step, with running totals and the whole course's."""
    table = course.table
    document = plan_document(course)
    insured = course.terms is not None
    household = course.household_terms is not None
    ranged = document["weeks_low"] != document["weeks_high"]
    keys = (
        (RANGE_STEP_KEYS if ranged else STEP_KEYS)
        + STEP_PATIENT_KEYS * insured
        + (RANGE_HOUSEHOLD_KEYS if ranged else HOUSEHOLD_KEYS) * household
    )
    sheet = Sheet(
        title=words.course_title(document, table),
        keys=keys,
        records=tuple(document["steps"]),
        columns=tuple(course_columns(insured=insured, household=household)),
        notes=(),
        document=document,
        symbol=table.symbol,
        total=course_total(document, insured=insured, household=household),
        bar_label=bar_label,
    )
    shown = sheet.shown()
    household_lines: list[str] = []
    if course.household_terms is not None:
        labelled = [
            (f"{number}. {step.bill.level.name}", step.household)
            for number, step in enumerate(course.steps, start=1)
            if step.household is not None
        ]
        household_lines = household_words.household_notes(course.household_terms, labelled, shown)
    used = list(dict.fromkeys(step.bill.level for step in course.steps))
    return sheet._replace(
        notes=words.course_notes(course, document, shown, household_lines),
        bottom_line=answer.plan_bottom_line(document, words.course_weeks(document), shown, table),
        about=words.about_figures(table),
        assumptions=words.assumptions(
            table,
            used,
            course.per_week,
            length=words.course_length(course, document),
            terms=course.terms,
            household=household_lines,
        ),
    )
