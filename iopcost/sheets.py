"""Results laid out once for every renderer: exact records, the columns people see, notes.

A Sheet holds each figure once, exact, in its records (under the stable keys
that JSON, CSV and TSV use). People's columns say how to show a record as
text; the renderers (Rich table, Markdown, reports) ask the sheet for its
cells, and the chart for its bars, all from the same records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from iopcost import money
from iopcost.costdata import CostTable, Level, counted
from iopcost.documents import (
    BillRecord,
    ComparisonDocument,
    CourseTotals,
    Document,
    EstimateHead,
    FamilyComparison,
    FamilyFigures,
    HouseholdDocument,
    HouseholdFigures,
    LevelRecord,
    LevelsDocument,
    LevelsHead,
    PlanDocument,
    SameLengthDocument,
    SourceDocument,
    StepRecord,
    TermsDocument,
    Value,
)
from iopcost.estimate import Bill, Comparison

if TYPE_CHECKING:
    from fractions import Fraction

    from iopcost.household import HouseholdCosts, HouseholdTerms
    from iopcost.insurance import PlanTerms
    from iopcost.pathway import Pathway
    from iopcost.prices import Summary

Record = Mapping[str, Any]

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
FAMILY_KEYS = ("patient_less_than_most_expensive", "max_reached_week_low", "max_reached_week_high")
HOUSEHOLD_KEYS = (
    "missed_workdays",
    "round_trips",
    "childcare_days",
    "household_lost_pay",
    "household_travel",
    "household_childcare",
    "household_total",
    "all_in_low",
    "all_in_high",
)


class Shown(NamedTuple):
    """How a sheet shows money to people: its symbol, and cents or whole amounts."""

    symbol: str
    with_cents: bool

    def amount(self, value: Value) -> str:
        """An amount, or nothing for None."""
        if not isinstance(value, Decimal):
            return ""
        return money.show(value, self.symbol, with_cents=self.with_cents)

    def range(self, low: Value, high: Value) -> str:
        """A range of amounts, "$5,240 - $6,000", or one amount when both are equal."""
        if not isinstance(low, Decimal) or not isinstance(high, Decimal):
            return ""
        if money.cents(low) == money.cents(high):
            return self.amount(low)
        if low > high:
            # Never a range that runs backwards: at low rates / at high rates.
            return f"{self.amount(low)} / {self.amount(high)}"
        return f"{self.amount(low)} - {self.amount(high)}"


class Column(NamedTuple):
    """A column as people see it: its header, and what it shows of a record."""

    label: str
    cell: Callable[[Record, Shown], str]
    numeric: bool = False
    # Where a terminal is too narrow, columns with a rank are hidden, lowest first.
    hide_rank: int | None = None
    # Whether the column shows anything in a total row.
    in_total: bool = True


def field(key: str) -> Callable[[Record, Shown], str]:
    """A column showing one record value as text."""
    return lambda record, shown: "" if record.get(key) is None else str(record[key])


def amount(key: str) -> Callable[[Record, Shown], str]:
    """A column showing one amount."""
    return lambda record, shown: shown.amount(record.get(key))


def amount_range(low: str, high: str) -> Callable[[Record, Shown], str]:
    """A column showing a low-to-high range of amounts."""
    return lambda record, shown: shown.range(record.get(low), record.get(high))


def billed(record: Record, shown: Shown) -> str:
    """How many units are billed: "56 days"."""
    units = record.get("units")
    return "" if units is None else counted(units, record["unit"])


def rate(record: Record, shown: Shown) -> str:
    """A level's rate range: "$500-$800 per day"."""
    return rate_text(record["rate_low"], record["rate_high"], record["unit"], shown.symbol)


HOUSEHOLD_COLUMNS = [
    Column("Household", amount("household_total"), numeric=True, hide_rank=4),
    Column("All-in", amount_range("all_in_low", "all_in_high"), numeric=True),
]


def _amounts(records: Sequence[Record]) -> list[Decimal]:
    return [v for record in records for v in record.values() if isinstance(v, Decimal)]


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
    records: tuple[Record, ...]
    columns: tuple[Column, ...]
    notes: tuple[str, ...]
    document: Document | Mapping[str, object]
    symbol: str = "$"
    # A last row (a course's whole total), shown apart in tables.
    total: Record | None = None
    # What each chart bar is called, from its record; no chart without it.
    bar_label: Callable[[Record], str] | None = None
    # What every figure rests on, as (topic, statement) pairs, for reports.
    assumptions: tuple[tuple[str, str], ...] = ()
    # The answer in plain words: two to four short sentences under the table.
    bottom_line: tuple[str, ...] = ()

    def shown(self) -> Shown:
        """The money format for the whole sheet: cents everywhere if any amount has them."""
        return Shown(self.symbol, money.has_cents(_amounts(self.machine_rows())))

    def cells(self) -> tuple[tuple[str, ...], ...]:
        """Each record's row of text, column by column."""
        shown = self.shown()
        return tuple(
            tuple(column.cell(record, shown) for column in self.columns) for record in self.records
        )

    def total_cells(self) -> tuple[str, ...] | None:
        """The total row's text, blank where a column shows nothing for a total."""
        if self.total is None:
            return None
        shown = self.shown()
        return tuple(
            column.cell(self.total, shown) if column.in_total else "" for column in self.columns
        )

    def machine_rows(self) -> tuple[Record, ...]:
        """The rows of CSV and TSV: every record, then the total."""
        return (*self.records, *(() if self.total is None else (self.total,)))

    def bars(self) -> tuple[Bar, ...]:
        """The chart's bars: each record's totals, and what the family pays of them."""
        if self.bar_label is None:
            return ()
        label = self.bar_label
        return tuple(
            Bar(
                label(r),
                r["total_low"],
                r["total_high"],
                r.get("patient_low"),
                r.get("patient_high"),
            )
            for r in self.records
        )


def source_document(table: CostTable) -> SourceDocument:
    """The source of the rates, as JSON."""
    source = table.source
    doc = SourceDocument(title=source.title, published=source.published, note=source.note)
    if source.url:
        doc["url"] = source.url
    return doc


def caveat(table: CostTable) -> str:
    """What the figures are and are not: the cost file's own caveat, or the default."""
    return table.source.caveat or ESTIMATE_NOTE


def source_notes(table: CostTable) -> list[str]:
    """Where the rates come from, and in which month's dollars they are when known."""
    note = f" {table.source.note}" if table.source.note else ""
    notes = [f"Rates: {table.source.cite()}.{note}"]
    if table.dollars is not None:
        notes.append(table.dollars.note())
    return notes


def in_dollars(table: CostTable) -> str:
    """A title's ending when rates were restated: ", in August 2026 dollars"."""
    dollars = table.dollars
    return f", in {dollars.target.name()} dollars" if dollars and dollars.restated else ""


def rate_text(low: Decimal, high: Decimal, unit: str, symbol: str) -> str:
    """A rate range for people: "$500-$800 per day", or one price: "$725 per day"."""
    with_cents = money.has_cents((low, high))
    low_text = money.show(low, symbol, with_cents=with_cents)
    if money.cents(low) == money.cents(high):
        return f"{low_text} per {unit}"
    return f"{low_text}-{money.show(high, symbol, with_cents=with_cents)} per {unit}"


def level_rate_text(level: Level, symbol: str) -> str:
    """A level's rate range for people."""
    return rate_text(level.low, level.high, level.unit, symbol)


def terms_text(terms: PlanTerms, table: CostTable) -> str:
    """The plan terms assumed, as one statement without a heading."""
    symbol = table.symbol
    amounts = [terms.deductible, terms.share.copay, *(s.copay for _, s in terms.by_level)]
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
        for level_id, share in terms.by_level
    )
    return f"{', '.join(parts)}{levels}"


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


def schedule_note(levels: Sequence[Level], per_week: Mapping[str, int]) -> str:
    """The schedule assumed: units per week for each level."""
    each = ", ".join(f"{level.id} {per_week[level.id]} {level.unit}s/week" for level in levels)
    return f"Schedule: {each}."


def assumptions(
    table: CostTable,
    levels: Sequence[Level],
    per_week: Mapping[str, int],
    *,
    length: str,
    terms: PlanTerms | None,
    household: Sequence[str] = (),
) -> tuple[tuple[str, str], ...]:
    """Everything the figures depend on, one statement per topic."""
    source = table.source
    cited = source.cite() + (f"; {source.url}" if source.url else "")
    return (
        ("Length", length),
        (
            "Units per week",
            ", ".join(f"{lv.name}: {per_week[lv.id]} {lv.unit}s" for lv in levels) + ".",
        ),
        (
            "Rates",
            "; ".join(f"{lv.name}: {level_rate_text(lv, table.symbol)}" for lv in levels) + ".",
        ),
        ("Source", cited + (f". {source.note}" if source.note else ".")),
        *((("Dollars", table.dollars.note()),) if table.dollars is not None else ()),
        ("Cost file", table.origin),
        (
            "Plan terms",
            terms_text(terms, table) + "."
            if terms is not None
            else "none given: totals are list prices before any insurance.",
        ),
        *(("Household", " ".join(household)),) * bool(household),
        ("Caveat", caveat(table)),
    )


def count_value(count: Decimal) -> int | Decimal:
    """A count of days or trips: whole when it is, else to two places."""
    if count == count.to_integral_value():
        return int(count)
    return count.quantize(Decimal("0.01"))


def household_figures(
    costs: HouseholdCosts | None, pays_low: Decimal, pays_high: Decimal
) -> HouseholdFigures:
    """Household costs in cents, and all-in: what is paid for care plus household costs."""
    if costs is None:
        return HouseholdFigures()
    parts = [money.cents(costs.lost_pay), money.cents(costs.travel), money.cents(costs.childcare)]
    total = sum(parts, Decimal(0))
    return HouseholdFigures(
        missed_workdays=count_value(costs.workdays),
        round_trips=count_value(costs.trips),
        childcare_days=count_value(costs.childcare_days),
        household_lost_pay=parts[0],
        household_travel=parts[1],
        household_childcare=parts[2],
        household_total=total,
        all_in_low=money.cents(pays_low) + total,
        all_in_high=money.cents(pays_high) + total,
    )


def household_document(terms: HouseholdTerms) -> HouseholdDocument:
    """The household's own figures, as JSON."""
    return HouseholdDocument(
        lost_pay_per_day=terms.lost_pay,
        travel_per_trip=terms.travel,
        childcare_per_day=terms.childcare,
    )


def household_notes(
    terms: HouseholdTerms, counted_costs: Sequence[tuple[str, HouseholdCosts]], shown: Shown
) -> list[str]:
    """The household figures assumed, and what each level or step counts of them."""
    given = (
        (terms.lost_pay, "pay lost per missed workday", "no lost pay given"),
        (terms.travel, "a round trip", "no travel cost given"),
        (terms.childcare, "a day of childcare", "no childcare cost given"),
    )
    said = [
        f"{shown.amount(value)} {what}" if value is not None else missing
        for value, what, missing in given
    ]
    parts = []
    for label, costs in counted_costs:
        items = []
        if terms.lost_pay is not None:
            days = count_value(costs.workdays)
            items.append(
                f"{counted(days, 'missed workday')} ({shown.amount(costs.lost_pay)})"
                if days
                else "no missed workday"
            )
        if terms.travel is not None:
            trips = count_value(costs.trips)
            items.append(f"{counted(trips, 'round trip')} ({shown.amount(costs.travel)})")
        if terms.childcare is not None:
            days = count_value(costs.childcare_days)
            items.append(f"{counted(days, 'childcare day')} ({shown.amount(costs.childcare)})")
        parts.append(f"{label}: {', '.join(items)}")
    return [
        f"Household costs assumed: {', '.join(said)}.",
        f"Household: {'; '.join(parts)}. All-in is what is paid for care (the list price "
        "without plan terms) plus household costs.",
    ]


def bill_record(
    bill: Bill,
    per_week: int,
    saving: Decimal,
    household: HouseholdCosts | None = None,
    comparison: FamilyComparison | None = None,
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
        "units": bill.units,
        "rate_low": level.low,
        "rate_high": level.high,
        "total_low": money.cents(bill.total_low),
        "total_high": money.cents(bill.total_high),
        **family,
        "total_mid": money.cents(bill.total_mid),
        "less_than_most_expensive": money.cents(saving),
        **(comparison or FamilyComparison()),
        **household_figures(
            household,
            bill.total_low if bill.patient_low is None else bill.patient_low,
            bill.total_high if bill.patient_high is None else bill.patient_high,
        ),
    }
    return record


def estimate_head(
    table: CostTable,
    weeks: int | Decimal,
    terms: PlanTerms | None,
    household: HouseholdTerms | None = None,
) -> EstimateHead:
    """The keys every estimate's JSON opens with."""
    head = EstimateHead(
        weeks=weeks,
        currency=table.currency,
        source=source_document(table),
        data=table.origin,
        estimate=caveat(table),
    )
    if table.dollars is not None and table.dollars.restated:
        head["dollars"] = table.dollars.document()
    if terms is not None:
        head["insurance"] = terms_document(terms)
    if household is not None:
        head["household"] = household_document(household)
    return head


def comparison_document(comparison: Comparison) -> ComparisonDocument:
    """The figures of a comparison, as `compare --format json` writes them."""
    costs = comparison.household or (None,) * len(comparison.bills)
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
        levels.append(bill_record(bill, per_week, comparison.saving(bill), cost, family))
    head = estimate_head(
        comparison.table, comparison.weeks, comparison.terms, comparison.household_terms
    )
    document: ComparisonDocument = {
        **head,
        "levels": levels,
        "cheapest": comparison.cheapest.level.id,
    }
    return document


def comparison_sheet(comparison: Comparison) -> Sheet:
    """Every level side by side over the same weeks."""
    table = comparison.table
    most = comparison.most_expensive.level.id
    document = comparison_document(comparison)
    insured = comparison.terms is not None
    household = comparison.household_terms is not None
    keys = (
        *LEVEL_KEYS,
        "total_mid",
        "less_than_most_expensive",
        *(PATIENT_KEYS * insured),
        *(FAMILY_KEYS * insured),
        *(HOUSEHOLD_KEYS * household),
    )

    def saving(record: Record, shown: Shown) -> str:
        return "-" if record["id"] == most else shown.amount(record["less_than_most_expensive"])

    # With plan terms, the difference people see first is in what they pay; the
    # list-price difference is hidden first on a narrow terminal.
    list_label = f"List price less than {most}" if insured else f"Less than {most}"
    columns = [
        Column("Level of care", field("name")),
        Column("Billed", billed),
        Column("Rate", rate, hide_rank=3),
        Column("Total low", amount("total_low"), numeric=True),
        Column("Total high", amount("total_high"), numeric=True),
        Column("Midpoint", amount("total_mid"), numeric=True, hide_rank=1),
        Column(list_label, saving, numeric=True, hide_rank=0 if insured else 2),
    ]
    if insured:
        dearest = max(comparison.bills, key=lambda bill: bill.patient_mid or Decimal(0)).level.id

        def family_saving(record: Record, shown: Shown) -> str:
            value = record["patient_less_than_most_expensive"]
            return "-" if record["id"] == dearest else shown.amount(value)

        columns += [
            Column("You pay", amount_range("patient_low", "patient_high"), numeric=True),
            Column("Plan pays", amount_range("insurer_low", "insurer_high"), numeric=True,
                   hide_rank=4),
            Column(f"You pay less than at {dearest}", family_saving, numeric=True, hide_rank=2),
        ]  # fmt: skip
    if household:
        columns += HOUSEHOLD_COLUMNS
    notes = [
        f"{counted(comparison.weeks, 'week')}. {schedule_note(table.levels, comparison.per_week)}"
    ]
    if comparison.terms is not None:
        notes.append(f"Plan terms assumed: {terms_text(comparison.terms, table)}.")
    household_lines: list[str] = []
    if comparison.household_terms is not None and comparison.household is not None:
        shown = Shown(table.symbol, money.has_cents(_amounts(document["levels"])))
        labelled = [
            (bill.level.name, costs)
            for bill, costs in zip(comparison.bills, comparison.household, strict=True)
        ]
        household_lines = household_notes(comparison.household_terms, labelled, shown)
    notes += household_lines
    notes += [*source_notes(table), caveat(table)]
    weeks = counted(comparison.weeks, "week")
    shown = Shown(table.symbol, money.has_cents(_amounts(document["levels"])))
    return Sheet(
        bottom_line=comparison_bottom_line(comparison, document["levels"], shown),
        title=f"Estimated cost of {weeks} of care{in_dollars(table)}",
        keys=keys,
        records=tuple(document["levels"]),
        columns=tuple(columns),
        notes=tuple(notes),
        document=document,
        symbol=table.symbol,
        bar_label=lambda record: str(record["name"]),
        assumptions=assumptions(
            table,
            table.levels,
            comparison.per_week,
            length=f"{weeks} at every level, each an alternative.",
            terms=comparison.terms,
            household=household_lines,
        ),
    )


CLINICAL = (
    "Which level of care is right is a clinical decision for you and your care team, "
    "not a price decision."
)


def comparison_bottom_line(
    comparison: Comparison, records: Sequence[BillRecord], shown: Shown
) -> tuple[str, ...]:
    """Two to four plain sentences: what costs the family least and most, when the
    out-of-pocket maximum is reached, and that care is a clinical choice."""
    weeks = counted(comparison.weeks, "week")
    by_id = {record["id"]: record for record in records}
    cheap, dear = by_id[comparison.cheapest.level.id], by_id[comparison.dearest.level.id]

    def paid(record: BillRecord) -> str:
        if "all_in_low" in record:
            return shown.range(record["all_in_low"], record["all_in_high"])
        if "patient_low" in record:
            return shown.range(record["patient_low"], record["patient_high"])
        return shown.range(record["total_low"], record["total_high"])

    if len(records) == 1:
        first = f"Over {weeks}, {cheap['name']} would cost {paid(cheap)}"
    else:
        first = f"Over {weeks}, {cheap['name']} would cost least, {paid(cheap)}; " + (
            f"{dear['name']} would cost most, {paid(dear)}"
        )
    if comparison.household_terms is not None:
        first += ", counting what you would pay for care and your household's costs."
    elif comparison.terms is not None:
        first += ", in what you would pay under your plan."
    else:
        first += ", at list prices before any insurance."
    sentences = [first]
    terms = comparison.terms
    if terms is not None and terms.oop_max is not None:
        reached = [
            (
                record["name"],
                record.get("max_reached_week_high"),
                record.get("max_reached_week_low"),
            )
            for record in records
            if record.get("max_reached_week_high") is not None
        ]
        if reached:
            parts = [
                f"in week {high} of {name}"
                + (f" (week {low} at low rates)" if low not in (None, high) else "")
                + (" (not at low rates)" if low is None else "")
                for name, high, low in reached
            ]
            sentences.append(
                f"You would reach your {shown.amount(terms.oop_max)} out-of-pocket maximum "
                f"{'; '.join(parts)}, and pay nothing more for covered care after that."
            )
    sentences.append(CLINICAL)
    return tuple(sentences)


def plan_bottom_line(document: PlanDocument, weeks: str, shown: Shown) -> tuple[str, ...]:
    """Plain sentences: what the whole course would cost the family, and how to read it."""
    listed = shown.range(document["total_low"], document["total_high"])
    if "all_in_low" in document:
        first = (
            f"The whole {weeks} course would cost your household "
            f"{shown.range(document['all_in_low'], document['all_in_high'])}, counting what "
            f"you would pay for care and your household's costs (list price {listed})."
        )
    elif "patient_low" in document:
        first = (
            f"The whole {weeks} course would cost you "
            f"{shown.range(document['patient_low'], document['patient_high'])} under your plan "
            f"(list price {listed})."
        )
    else:
        first = f"The whole {weeks} course would cost {listed} at list prices, before insurance."
    sentences = [first]
    backwards = any(
        (step.get("patient_low") or 0) > (step.get("patient_high") or 0)
        for step in document["steps"]
    )
    if backwards:
        sentences.append(
            "Where a step shows two amounts with a slash, the first is at low rates and the "
            "second at high rates: a deductible already met in an earlier step can make a "
            "later step cost you less at high rates."
        )
    sentences.append(CLINICAL)
    return tuple(sentences)


def levels_sheet(table: CostTable) -> Sheet:
    """The loaded levels: ids, units, schedules and rate ranges, with their source."""
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
    columns = (
        Column("Id", field("id")),
        Column("Level of care", field("name")),
        Column("Billed per", field("unit")),
        Column("Per week", field("per_week"), numeric=True),
        Column("Rate", rate, numeric=True),
    )
    head = LevelsHead(currency=table.currency, source=source_document(table), data=table.origin)
    if table.dollars is not None and table.dollars.restated:
        head["dollars"] = table.dollars.document()
    document: LevelsDocument = {**head, "levels": records}
    return Sheet(
        title=f"Levels of care and their rates{in_dollars(table)}",
        keys=("id", "name", "unit", "per_week", "rate_low", "rate_high"),
        records=tuple(records),
        columns=columns,
        notes=(f"Cost file: {table.origin}.", *source_notes(table)),
        document=document,
        symbol=table.symbol,
    )


def weeks_value(weeks: Fraction) -> Decimal | int:
    """A length in weeks: whole when it is, else to two places."""
    return count_value(Decimal(weeks.numerator) / Decimal(weeks.denominator))


def length(record: Record, shown: Shown) -> str:
    """A step's length as written ("2 weeks", "10 days"), or a course's in weeks."""
    if record.get("days") is not None:
        return counted(record["days"], "day")
    return counted(record["weeks"], "week")


def plan_document(course: Pathway) -> PlanDocument:
    """The figures of a course, as `plan --format json` writes them."""
    table = course.table
    insured = course.terms is not None
    steps: list[StepRecord] = []
    for number, step in enumerate(course.steps, start=1):
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
        if insured:
            record["patient_low"] = _cents(bill.patient_low)
            record["patient_high"] = _cents(bill.patient_high)
            record["running_patient_low"] = _cents(step.running_patient_low)
            record["running_patient_high"] = _cents(step.running_patient_high)
        if step.household is not None:
            pays_low = bill.total_low if bill.patient_low is None else bill.patient_low
            pays_high = bill.total_high if bill.patient_high is None else bill.patient_high
            record.update(household_figures(step.household, pays_low, pays_high))  # type: ignore[typeddict-item]
        steps.append(record)
    alone = course.alone
    same = SameLengthDocument(
        level=alone.level.id,
        name=alone.level.name,
        weeks=weeks_value(course.weeks),
        units=alone.units,
        total_low=money.cents(alone.total_low),
        total_high=money.cents(alone.total_high),
    )
    if alone.patient_low is not None and alone.patient_high is not None:
        same["patient_low"] = money.cents(alone.patient_low)
        same["patient_high"] = money.cents(alone.patient_high)
    head = estimate_head(table, weeks_value(course.weeks), course.terms, course.household_terms)
    totals = CourseTotals(
        total_low=money.cents(course.total_low), total_high=money.cents(course.total_high)
    )
    if course.patient_low is not None and course.patient_high is not None:
        totals["patient_low"] = money.cents(course.patient_low)
        totals["patient_high"] = money.cents(course.patient_high)
    pays_low = course.total_low if course.patient_low is None else course.patient_low
    pays_high = course.total_high if course.patient_high is None else course.patient_high
    totals.update(household_figures(course.household, pays_low, pays_high))  # type: ignore[typeddict-item]
    document: PlanDocument = {
        **head,
        "steps": steps,
        **totals,
        "same_length_at_one_level": same,
    }
    return document


def _cents(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else money.cents(amount)


def pathway_sheet(course: Pathway) -> Sheet:
    """A course of care step by step, with running totals and the whole course's."""
    table = course.table
    document = plan_document(course)
    insured = course.terms is not None
    course_weeks = document["weeks"]
    keys: tuple[str, ...] = (
        "step", "level", "name", "unit", "weeks", "days", "units", "rate_low", "rate_high",
        "total_low", "total_high", "running_low", "running_high",
    )  # fmt: skip
    if insured:
        keys += ("patient_low", "patient_high", "running_patient_low", "running_patient_high")
    total: dict[str, Value] = {
        "level": "total",
        "name": "Whole course",
        "weeks": course_weeks,
        "total_low": document["total_low"],
        "total_high": document["total_high"],
        "running_low": document["total_low"],
        "running_high": document["total_high"],
    }
    if insured:
        total.update(
            patient_low=document["patient_low"],
            patient_high=document["patient_high"],
            running_patient_low=document["patient_low"],
            running_patient_high=document["patient_high"],
        )
    household = course.household_terms is not None
    if household:
        keys += HOUSEHOLD_KEYS
        total.update({key: document.get(key) for key in HOUSEHOLD_KEYS})  # type: ignore[misc]
    columns = [
        Column("#", field("step"), numeric=True),
        Column("Level of care", field("name")),
        Column("Length", length),
        Column("Billed", billed),
        Column("Total low", amount("total_low"), numeric=True),
        Column("Total high", amount("total_high"), numeric=True),
    ]
    if insured:
        columns.append(Column("You pay", amount_range("patient_low", "patient_high"), numeric=True))
    columns.append(
        Column(
            "Running total",
            amount_range("running_low", "running_high"),
            numeric=True,
            hide_rank=2,
            in_total=False,
        )
    )
    if insured:
        columns.append(
            Column(
                "Running you pay",
                amount_range("running_patient_low", "running_patient_high"),
                numeric=True,
                hide_rank=1,
                in_total=False,
            )
        )
    if household:
        columns += HOUSEHOLD_COLUMNS
    weeks_text = counted(course_weeks, "week")
    sheet = Sheet(
        title=f"Estimated cost of a {course_weeks}-week course of care{in_dollars(table)}",
        keys=keys,
        records=tuple(document["steps"]),
        columns=tuple(columns),
        notes=(),
        document=document,
        symbol=table.symbol,
        total=total,
        bar_label=lambda record: f"{record['step']}. {record['level']} {length(record, shown)}",
    )
    shown = sheet.shown()
    same = document["same_length_at_one_level"]
    alone_text = (
        f"The same {weeks_text} at {course.alone.level.name} alone "
        f"({counted(same['units'], course.alone.level.unit)}): "
        f"{shown.range(same['total_low'], same['total_high'])}"
    )
    if "patient_low" in same:
        alone_text += (
            f"; you would pay {shown.range(same['patient_low'], same.get('patient_high'))}"
        )
    used = list(dict.fromkeys(step.bill.level for step in course.steps))
    notes = [schedule_note(used, course.per_week)]
    if course.terms is not None:
        notes.append(
            "Plan terms assumed (one plan year for the whole course): "
            f"{terms_text(course.terms, table)}."
        )
    household_lines: list[str] = []
    if course.household_terms is not None:
        labelled = [
            (f"{number}. {step.bill.level.id}", step.household)
            for number, step in enumerate(course.steps, start=1)
            if step.household is not None
        ]
        household_lines = household_notes(course.household_terms, labelled, shown)
    notes += household_lines
    notes += [alone_text + ".", *source_notes(table), caveat(table)]
    steps_text = ", then ".join(
        f"{step.bill.level.id} for {length(record, shown)}"
        for step, record in zip(course.steps, document["steps"], strict=True)
    )
    return sheet._replace(
        notes=tuple(notes),
        bottom_line=plan_bottom_line(document, f"{course_weeks}-week", shown),
        assumptions=assumptions(
            table,
            used,
            course.per_week,
            length=f"{steps_text} ({weeks_text} in all, one plan year).",
            terms=course.terms,
            household=household_lines,
        ),
    )


def prices_sheet(summary: Summary) -> Sheet:
    """What a hospital's file gives per level of care, and what was skipped and why."""
    from iopcost.prices import describe_file, describe_selection, summary_document
    from iopcost.safetext import clean

    document = summary_document(summary)
    records = [
        {
            "id": found.level.id,
            "name": found.level.name,
            "unit": found.level.unit,
            "rate_low": found.low,
            "rate_high": found.high,
            "items": found.items,
            "codes": ", ".join(clean(code) for code in found.codes),
            "payers": str(len(found.payers)) if found.payers else "-",
            "methodology": ", ".join(clean(m) for m in found.methodologies) or "-",
        }
        for found in summary.levels
    ]
    columns = (
        Column("Level of care", field("name")),
        Column("Items", field("items"), numeric=True),
        Column("Codes", field("codes")),
        Column("Payers", field("payers"), numeric=True, hide_rank=1),
        Column("Rate", rate, numeric=True),
        Column("Methodology", field("methodology"), hide_rank=2),
    )
    info = summary.info
    where = clean(info.hospital + (f", {info.location}" if info.location else ""))
    notes = [
        f"{where}: {clean(describe_file(info))}.",
        f"Prices: {clean(describe_selection(summary))}; {summary.entries} behavioural-health "
        f"{'entry' if summary.entries == 1 else 'entries'} read.",
    ]
    if summary.missing:
        notes.append(
            "No price found for: " + ", ".join(level.name for level in summary.missing) + "."
        )
    if summary.skipped:
        notes.append(
            "Skipped: " + "; ".join(f"{count} {reason}" for reason, count in summary.skipped) + "."
        )
    if summary.values:
        notes.append(
            "Values: " + "; ".join(f"{count} {note}" for note, count in summary.values) + "."
        )
    return Sheet(
        title=f"Local prices by level of care ({len(summary.levels)} of "
        f"{len(summary.codes.levels)} levels priced)",
        keys=("id", "name", "unit", "rate_low", "rate_high", "items", "codes", "payers"),
        records=tuple(records),
        columns=columns,
        notes=tuple(notes),
        document=document,
    )
