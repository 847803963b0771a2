"""Results laid out once for every renderer: machine records, people's cells, notes.

A Sheet holds the same figures twice: exact values under stable keys (for JSON,
CSV and TSV) and formatted text under people's headers (for the Rich table,
Markdown and reports), with the notes that say what the figures rest on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from iopcost import money
from iopcost.costdata import CostTable, Level, counted
from iopcost.estimate import Bill, Comparison

if TYPE_CHECKING:
    from fractions import Fraction

    from iopcost.insurance import PlanTerms
    from iopcost.pathway import Pathway

Value = Decimal | int | str | None

ESTIMATE_NOTE = (
    "Estimates from average rates, not quotes: ask each provider for its prices "
    "and your health plan for your benefits."
)
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


class Column(NamedTuple):
    """A column as people see it."""

    label: str
    numeric: bool = False
    # Where a terminal is too narrow, columns with a rank are hidden, lowest first.
    hide_rank: int | None = None


class Bar(NamedTuple):
    """One bar of the chart: a labelled range, and what the family pays of it."""

    label: str
    low: Decimal
    high: Decimal
    patient_low: Decimal | None = None
    patient_high: Decimal | None = None


class Sheet(NamedTuple):
    """One result, ready for any renderer."""

    title: str
    keys: tuple[str, ...]
    records: tuple[dict[str, Value], ...]
    columns: tuple[Column, ...]
    cells: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    document: dict[str, Any]
    total_cells: tuple[str, ...] | None = None
    bars: tuple[Bar, ...] = ()
    symbol: str = "$"
    # What every figure rests on, as (topic, statement) pairs, for reports.
    assumptions: tuple[tuple[str, str], ...] = ()


def source_document(table: CostTable) -> dict[str, Any]:
    """The source of the rates, as JSON."""
    source = table.source
    doc: dict[str, Any] = {
        "title": source.title,
        "published": source.published,
        "note": source.note,
    }
    if source.url:
        doc["url"] = source.url
    return doc


def source_note(table: CostTable) -> str:
    """One line naming where the rates come from."""
    note = f" {table.source.note}" if table.source.note else ""
    return f"Rates: {table.source.cite()}.{note}"


def rate_text(level: Level, symbol: str) -> str:
    """A level's rate range for people: "$500-$800 per day"."""
    with_cents = money.has_cents((level.low, level.high))
    low = money.show(level.low, symbol, with_cents=with_cents)
    high = money.show(level.high, symbol, with_cents=with_cents)
    return f"{low}-{high} per {level.unit}"


def range_text(low: Decimal, high: Decimal, symbol: str, with_cents: bool) -> str:
    """An amount range for people: "$5,240 - $6,000", or one amount when equal."""
    if money.cents(low) == money.cents(high):
        return money.show(low, symbol, with_cents=with_cents)
    low_text = money.show(low, symbol, with_cents=with_cents)
    return f"{low_text} -\n{money.show(high, symbol, with_cents=with_cents)}"


def terms_note(terms: PlanTerms, table: CostTable) -> str:
    """The plan terms assumed, in one line."""
    symbol = table.symbol
    amounts = [terms.deductible, terms.share.copay, *(s.copay for s in terms.by_level.values())]
    if terms.oop_max is not None:
        amounts.append(terms.oop_max)
    with_cents = money.has_cents(amounts)

    def share_text(copay: Decimal, coinsurance: Decimal) -> str:
        copay_text = (
            f"{money.show(copay, symbol, with_cents=with_cents)} copay per unit"
            if copay
            else "no copay"
        )
        return f"{copay_text}, {coinsurance.normalize():f}% coinsurance"

    cap = (
        f"{money.show(terms.oop_max, symbol, with_cents=with_cents)} out-of-pocket maximum left"
        if terms.oop_max is not None
        else "no out-of-pocket maximum"
    )
    parts = [
        f"{money.show(terms.deductible, symbol, with_cents=with_cents)} deductible left",
        share_text(terms.share.copay, terms.share.coinsurance),
        cap,
    ]
    levels = "".join(
        f"; {level_id}: {share_text(share.copay, share.coinsurance)}"
        for level_id, share in terms.by_level.items()
    )
    return f"Plan terms assumed: {', '.join(parts)}{levels}."


def terms_document(terms: PlanTerms) -> dict[str, Any]:
    """The plan terms, as JSON."""
    return {
        "deductible": terms.deductible,
        "coinsurance": terms.share.coinsurance,
        "copay": terms.share.copay,
        "oop_max": terms.oop_max,
        "levels": {
            level_id: {"copay": share.copay, "coinsurance": share.coinsurance}
            for level_id, share in terms.by_level.items()
        },
    }


def estimate_document(
    table: CostTable, weeks: int | Decimal, terms: PlanTerms | None
) -> dict[str, Any]:
    """The keys every estimate's JSON opens with: its length, currency, source and terms."""
    document: dict[str, Any] = {
        "weeks": weeks,
        "currency": table.currency,
        "source": source_document(table),
        "data": table.origin,
        "estimate": ESTIMATE_NOTE,
    }
    if terms is not None:
        document["insurance"] = terms_document(terms)
    return document


def schedule_note_levels(levels: Sequence[Level], per_week: Mapping[str, int]) -> str:
    """The schedule assumed: units per week for each level."""
    each = ", ".join(f"{level.id} {per_week[level.id]} {level.unit}s/week" for level in levels)
    return f"Schedule: {each}."


def schedule_note(weeks: int, levels: Sequence[Level], per_week: Mapping[str, int]) -> str:
    """The schedule assumed: weeks and units per week per level."""
    return f"{counted(weeks, 'week')}. " + schedule_note_levels(levels, per_week)


def assumptions(
    table: CostTable,
    levels: Sequence[Level],
    per_week: Mapping[str, int],
    *,
    length: str,
    terms: PlanTerms | None,
) -> tuple[tuple[str, str], ...]:
    """Everything the figures depend on, one statement per topic."""
    source = table.source
    cited = source.cite() + (f"; {source.url}" if source.url else "")
    pairs = [
        ("Length", length),
        (
            "Units per week",
            ", ".join(f"{lv.name}: {per_week[lv.id]} {lv.unit}s" for lv in levels) + ".",
        ),
        ("Rates", "; ".join(f"{lv.name}: {rate_text(lv, table.symbol)}" for lv in levels) + "."),
        ("Source", cited + (f". {source.note}" if source.note else ".")),
        ("Cost file", table.origin),
        (
            "Plan terms",
            terms_note(terms, table).removeprefix("Plan terms assumed: ")
            if terms is not None
            else "none given: totals are list prices before any insurance.",
        ),
        ("Caveat", ESTIMATE_NOTE),
    ]
    return tuple(pairs)


def bill_record(bill: Bill, per_week: int) -> dict[str, Value]:
    """A bill's exact figures under the stable machine keys."""
    level = bill.level
    record: dict[str, Value] = {
        "id": level.id,
        "name": level.name,
        "unit": level.unit,
        "per_week": per_week,
        "units": bill.units,
        "rate_low": level.low,
        "rate_high": level.high,
        "total_low": bill.total_low,
        "total_high": bill.total_high,
    }
    if bill.patient_low is not None:
        record.update(
            patient_low=bill.patient_low,
            patient_high=bill.patient_high,
            insurer_low=bill.insurer_low,
            insurer_high=bill.insurer_high,
        )
    return record


def comparison_sheet(comparison: Comparison) -> Sheet:
    """Every level side by side over the same weeks."""
    table = comparison.table
    symbol = table.symbol
    insured = comparison.terms is not None
    most = comparison.most_expensive()
    keys = (
        *LEVEL_KEYS,
        "total_mid",
        "less_than_most_expensive",
        *(PATIENT_KEYS if insured else ()),
    )
    savings = [comparison.saving(bill) for bill in comparison.bills]
    records = []
    for bill, saving in zip(comparison.bills, savings, strict=True):
        record = bill_record(bill, comparison.per_week[bill.level.id])
        record["total_mid"] = bill.total_mid
        record["less_than_most_expensive"] = saving
        records.append(record)

    amounts = [v for r in records for v in r.values() if isinstance(v, Decimal)]
    with_cents = money.has_cents(amounts)

    def show(amount: Decimal | None) -> str:
        return "" if amount is None else money.show(amount, symbol, with_cents=with_cents)

    columns = [
        Column("Level of care"),
        Column("Billed"),
        Column("Rate", hide_rank=3),
        Column("Total\nlow", numeric=True),
        Column("Total\nhigh", numeric=True),
        Column("Midpoint", numeric=True, hide_rank=1),
        Column(f"Less than\n{most.level.id}", numeric=True, hide_rank=2),
    ]
    if insured:
        columns += [Column("You\npay", numeric=True), Column("Plan\npays", numeric=True)]
    cells = []
    for bill, saving in zip(comparison.bills, savings, strict=True):
        row = [
            bill.level.name,
            bill.level.units_label(bill.units),
            rate_text(bill.level, symbol),
            show(bill.total_low),
            show(bill.total_high),
            show(bill.total_mid),
            show(saving) if bill is not most else "-",
        ]
        if bill.patient_low is not None and bill.patient_high is not None:
            assert bill.insurer_low is not None
            assert bill.insurer_high is not None
            row.append(range_text(bill.patient_low, bill.patient_high, symbol, with_cents))
            row.append(range_text(bill.insurer_low, bill.insurer_high, symbol, with_cents))
        cells.append(tuple(row))

    notes = [schedule_note(comparison.weeks, table.levels, comparison.per_week)]
    if comparison.terms is not None:
        notes.append(terms_note(comparison.terms, table))
    notes += [source_note(table), ESTIMATE_NOTE]
    weeks = comparison.weeks
    document = estimate_document(table, weeks, comparison.terms)
    document["levels"] = records
    bars = tuple(
        Bar(b.level.name, b.total_low, b.total_high, b.patient_low, b.patient_high)
        for b in comparison.bills
    )
    return Sheet(
        title=f"Estimated cost of {counted(weeks, 'week')} of care",
        keys=keys,
        records=tuple(records),
        columns=tuple(columns),
        cells=tuple(cells),
        notes=tuple(notes),
        document=document,
        bars=bars,
        symbol=symbol,
        assumptions=assumptions(
            table,
            table.levels,
            comparison.per_week,
            length=f"{counted(weeks, 'week')} at every level, each an alternative.",
            terms=comparison.terms,
        ),
    )


def levels_sheet(table: CostTable) -> Sheet:
    """The loaded levels: ids, units, schedules and rate ranges, with their source."""
    keys = ("id", "name", "unit", "per_week", "rate_low", "rate_high")
    records: tuple[dict[str, Value], ...] = tuple(
        {
            "id": level.id,
            "name": level.name,
            "unit": level.unit,
            "per_week": level.per_week,
            "rate_low": level.low,
            "rate_high": level.high,
        }
        for level in table.levels
    )
    columns = (
        Column("Id"),
        Column("Level of care"),
        Column("Billed per"),
        Column("Per week", numeric=True),
        Column("Rate", numeric=True),
    )
    cells = tuple(
        (level.id, level.name, level.unit, str(level.per_week), rate_text(level, table.symbol))
        for level in table.levels
    )
    document: dict[str, Any] = {
        "currency": table.currency,
        "source": source_document(table),
        "data": table.origin,
        "levels": list(records),
    }
    return Sheet(
        title="Levels of care and their rates",
        keys=keys,
        records=records,
        columns=columns,
        cells=cells,
        notes=(f"Cost file: {table.origin}.", source_note(table)),
        document=document,
        symbol=table.symbol,
    )


def weeks_value(weeks: Fraction) -> Decimal | int:
    """A length in weeks: whole when it is, else exact to two places."""
    if weeks.denominator == 1:
        return int(weeks)
    return (Decimal(weeks.numerator) / Decimal(weeks.denominator)).quantize(Decimal("0.01"))


def pathway_sheet(course: Pathway) -> Sheet:
    """A course of care step by step, with running totals and the whole course's."""
    table = course.table
    course_weeks = weeks_value(course.weeks)
    symbol = table.symbol
    insured = course.terms is not None
    keys: tuple[str, ...] = (
        "step", "level", "name", "unit", "weeks", "days", "units", "rate_low", "rate_high",
        "total_low", "total_high", "running_low", "running_high",
    )  # fmt: skip
    if insured:
        keys += ("patient_low", "patient_high", "running_patient_low", "running_patient_high")
    records: list[dict[str, Value]] = []
    for number, step in enumerate(course.steps, start=1):
        record: dict[str, Value] = {"step": number, "level": step.bill.level.id}
        record.update(bill_record(step.bill, course.per_week[step.bill.level.id]))
        for key in ("id", "per_week", "insurer_low", "insurer_high"):
            record.pop(key, None)
        record.update(weeks=step.spec.weeks, days=step.spec.days)
        record.update(running_low=step.running_low, running_high=step.running_high)
        if insured:
            record.update(
                running_patient_low=step.running_patient_low,
                running_patient_high=step.running_patient_high,
            )
        records.append({key: record.get(key) for key in keys})
    total: dict[str, Value] = {
        "step": None,
        "level": "total",
        "name": "Whole course",
        "weeks": course_weeks,
        "total_low": course.total_low,
        "total_high": course.total_high,
        "running_low": course.total_low,
        "running_high": course.total_high,
    }
    if insured:
        total.update(
            patient_low=course.patient_low,
            patient_high=course.patient_high,
            running_patient_low=course.patient_low,
            running_patient_high=course.patient_high,
        )
    amounts = [v for r in records for v in r.values() if isinstance(v, Decimal)]
    with_cents = money.has_cents([*amounts, course.alone.total_low, course.alone.total_high])

    def show(amount: Decimal | None) -> str:
        return "" if amount is None else money.show(amount, symbol, with_cents=with_cents)

    def span(low: Decimal | None, high: Decimal | None) -> str:
        if low is None or high is None:
            return ""
        return range_text(low, high, symbol, with_cents)

    columns = [
        Column("#", numeric=True),
        Column("Level of care"),
        Column("Length"),
        Column("Billed"),
        Column("Total\nlow", numeric=True),
        Column("Total\nhigh", numeric=True),
    ]
    if insured:
        columns.append(Column("You\npay", numeric=True))
    columns.append(Column("Running\ntotal", numeric=True, hide_rank=2))
    if insured:
        columns.append(Column("Running\nyou pay", numeric=True, hide_rank=1))
    cells = []
    for number, step in enumerate(course.steps, start=1):
        bill = step.bill
        row = [
            str(number),
            bill.level.name,
            step.length_label(),
            bill.level.units_label(bill.units),
            show(bill.total_low),
            show(bill.total_high),
        ]
        if insured:
            row.append(span(bill.patient_low, bill.patient_high))
        row.append(span(step.running_low, step.running_high))
        if insured:
            row.append(span(step.running_patient_low, step.running_patient_high))
        cells.append(tuple(row))
    weeks_text = f"{course_weeks} {'week' if course_weeks == 1 else 'weeks'}"
    total_cells = [
        "",
        "Whole course",
        weeks_text,
        "",
        show(course.total_low),
        show(course.total_high),
    ]
    if insured:
        total_cells.append(span(course.patient_low, course.patient_high))
    total_cells.append("")
    if insured:
        total_cells.append("")

    alone = course.alone
    alone_text = (
        f"The same {weeks_text} at {alone.level.name} alone "
        f"({alone.level.units_label(alone.units)}): "
        f"{span(alone.total_low, alone.total_high)}".replace("\n", " ")
    )
    if alone.patient_low is not None:
        alone_text += f"; you would pay {span(alone.patient_low, alone.patient_high)}".replace(
            "\n", " "
        )
    used = list(dict.fromkeys(step.bill.level for step in course.steps))
    notes = [schedule_note_levels(used, course.per_week)]
    if course.terms is not None:
        notes.append(
            terms_note(course.terms, table).replace(
                "Plan terms assumed:", "Plan terms assumed (one plan year for the whole course):"
            )
        )
    notes += [alone_text + ".", source_note(table), ESTIMATE_NOTE]

    document = estimate_document(table, course_weeks, course.terms)
    document["steps"] = records
    document.update(total_low=course.total_low, total_high=course.total_high)
    if insured:
        document.update(patient_low=course.patient_low, patient_high=course.patient_high)
    same: dict[str, Any] = {
        "level": alone.level.id,
        "name": alone.level.name,
        "weeks": course_weeks,
        "units": alone.units,
        "total_low": alone.total_low,
        "total_high": alone.total_high,
    }
    if alone.patient_low is not None:
        same.update(patient_low=alone.patient_low, patient_high=alone.patient_high)
    document["same_length_at_one_level"] = same
    bars = tuple(
        Bar(
            f"{number}. {step.bill.level.id} {step.length_label()}",
            step.bill.total_low,
            step.bill.total_high,
            step.bill.patient_low,
            step.bill.patient_high,
        )
        for number, step in enumerate(course.steps, start=1)
    )
    return Sheet(
        title=f"Estimated cost of a {course_weeks}-week course of care",
        keys=keys,
        records=(*records, {key: total.get(key) for key in keys}),
        columns=tuple(columns),
        cells=tuple(cells),
        notes=tuple(notes),
        document=document,
        total_cells=tuple(total_cells),
        bars=bars,
        symbol=symbol,
        assumptions=assumptions(
            table,
            used,
            course.per_week,
            length=", then ".join(
                f"{step.bill.level.id} for {step.length_label()}" for step in course.steps
            )
            + f" ({weeks_text} in all, one plan year).",
            terms=course.terms,
        ),
    )
