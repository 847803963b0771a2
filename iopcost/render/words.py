"""Every sentence iopcost writes for people, in one place: notes, assumptions, bottom lines.

Renderers and per-command sheets ask here for what to say; the figures come
from the records, shown by iopcost.render.figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from iopcost.core import money
from iopcost.core.language import N_, _, plural
from iopcost.core.levels import CostTable, Level
from iopcost.core.phrases import billed, counted, length, listed
from iopcost.core.text import clean
from iopcost.core.weeks import Weeks
from iopcost.render.contract import PlanDocument
from iopcost.render.figures import Shown
from iopcost.render.notes import Note, terminal
from iopcost.render.source_words import (
    caveat,
    dollars_note,
    in_dollars,
    origin_text,
    source_notes,
    source_text,
)

if TYPE_CHECKING:
    from iopcost.core.estimate import Comparison
    from iopcost.core.pathway import Pathway
    from iopcost.core.terms import PlanTerms


def weeks_text(weeks: Weeks) -> str:
    """A length for people: "8 weeks", or a range: "8 to 12 weeks"."""
    return length(weeks.low, weeks.high)


def hidden_note(labels: Sequence[str], whole: str) -> str:
    """What a narrow terminal left out, and how to see it (`whole`: the format of the
    command that shows every column)."""
    return plural(
        "{labels} hidden to fit this terminal; widen it or use --format {whole} to see "
        "every column.",
        "{labels} hidden to fit this terminal; widen it or use --format {whole} to see "
        "every column.",
        len(labels),
        labels=listed(labels),
        whole=whole,
    )


def rate_text(
    low: Decimal,
    high: Decimal,
    unit: str,
    symbol: str,
    *,
    per_unit: bool = True,
    whole: bool = False,
) -> str:
    """A rate range for people: "$500-$800 per day", or one price: "$725 per day" (in
    whole dollars with `whole`); amounts that are no rate per unit (allowed amounts:
    `per_unit` false) say what they are."""
    with_cents = not whole and money.has_cents((low, high))
    amounts = money.show(low, symbol, with_cents=with_cents)
    if money.show(high, symbol, with_cents=with_cents) != amounts:
        amounts += "-" + money.show(high, symbol, with_cents=with_cents)
    if not per_unit:
        return _(PER_CLAIM_LINE[unit], amounts=amounts)
    return _(PER_UNIT[unit], amounts=amounts)


# A rate's amounts for each unit it is billed per, as whole phrases.
PER_UNIT = {"day": N_("{amounts} per day"), "session": N_("{amounts} per session")}
PER_CLAIM_LINE = {
    "day": N_("{amounts} per claim line, not a rate per day"),
    "session": N_("{amounts} per claim line, not a rate per session"),
}


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
            _(
                "{copay} copay per day or session",
                copay=money.show(copay, symbol, with_cents=with_cents),
            )
            if copay
            else _("no copay")
        )
        return _(
            "{copay_text}, {coinsurance}% coinsurance",
            copay_text=copay_text,
            coinsurance=f"{coinsurance.normalize():f}",
        )

    cap = (
        _(
            "{oop_max} out-of-pocket maximum left",
            oop_max=money.show(terms.oop_max, symbol, with_cents=with_cents),
        )
        if terms.oop_max is not None
        else _("no out-of-pocket maximum")
    )
    parts = [
        _(
            "{deductible} deductible left",
            deductible=money.show(terms.deductible, symbol, with_cents=with_cents),
        ),
        share_text(terms.share.copay, terms.share.coinsurance),
        cap,
    ]
    levels = "".join(
        f"; {_name_of(table, level_id)}: {share_text(share.copay, share.coinsurance)}"
        for level_id, share in terms.by_level
    )
    return f"{', '.join(parts)}{levels}"


def _name_of(table: CostTable, level_id: str) -> str:
    """A level's name for people, from its id."""
    found = table.find(level_id)
    return level_id if found is None else found.name


def shares_note(terms: PlanTerms) -> list[str]:
    """Where a copay and a coinsurance both apply, that they do, and how to give one only."""
    from iopcost.core.terms import both_shares

    if not both_shares(terms):
        return []
    return [
        _(
            "The copay and the coinsurance both apply to every day or session after "
            "the deductible; many plans apply only one of them, so check which yours "
            "applies.",
        )
    ]


def schedule_note(levels: Sequence[Level], per_week: Mapping[str, int]) -> str:
    """The schedule assumed: units per week for each level."""
    each = _(", ").join(
        _("{name} {count} a week", name=level.name, count=counted(per_week[level.id], level.unit))
        for level in levels
    )
    return _("Schedule: {each}.", each=each)


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
    parts = table.parts or (table,)
    cited = " ".join(source_text(part, named=len(parts) > 1) for part in parts)
    dollars = " ".join(
        dollars_note(part.dollars, people=True) for part in parts if part.dollars is not None
    )
    return (
        (_("Length"), length),
        (
            _("Units per week"),
            _(", ").join(
                _("{name}: {count}", name=lv.name, count=counted(per_week[lv.id], lv.unit))
                for lv in levels
            )
            + ".",
        ),
        (
            _("Rates"),
            "; ".join(f"{lv.name}: {level_rate_text(lv, table.symbol)}" for lv in levels) + ".",
        ),
        (_("Source"), cited),
        *(((_("Dollars"), dollars),) if dollars else ()),
        (
            _("Plan terms"),
            " ".join([terms_text(terms, table) + ".", *shares_note(terms)])
            if terms is not None
            else _("none given: totals are list prices before any insurance."),
        ),
        *((_("Household"), " ".join(household)),) * bool(household),
        (_("Caveat"), caveat(table)),
    )


def about_figures(table: CostTable) -> tuple[tuple[str, str], ...]:
    """What a report says of its figures apart from a family's reading ("About these
    figures"): the files they came from and how prices were restated, exactly."""
    parts = table.parts or (table,)
    restated = [
        dollars_note(part.dollars) for part in parts if part.dollars and part.dollars.restated
    ]
    sources = [
        table.source,
        *(part.source for part in parts),
        *(level.source for level in table.levels if level.source),
    ]
    files = [f"{source.title}: {source.file}" for source in sources if source.file]
    names = (origin_text(PurePath(part.origin).name) for part in parts)
    return (
        (_("Cost file"), "; ".join(dict.fromkeys(names))),
        *((_("Read from"), "; ".join(dict.fromkeys(files))),) * bool(files),
        *((_("Price index"), " ".join(dict.fromkeys(restated))),) * bool(restated),
    )


def step_length(record: Mapping[str, Any]) -> str:
    """A step's length as written ("2 weeks", "10 days"), or a course's in weeks."""
    days = record.get("days")
    if isinstance(days, int):
        return counted(days, "day")
    weeks, high = record["weeks"], record.get("weeks_high")
    return length(weeks, weeks if high is None else high)


def course_weeks(document: PlanDocument) -> str:
    """A course's length in weeks as a number or a range: "12", "10-14"."""
    low, high = document["weeks_low"], document["weeks_high"]
    return f"{low}" if low == high else f"{low}-{high}"


def course_length_text(document: PlanDocument) -> str:
    """A course's length for people: "12 weeks", "10 to 14 weeks"."""
    return length(document["weeks_low"], document["weeks_high"])


def billed_text(units: int, units_high: object, unit: str) -> str:
    """Units billed: "56 days", or over a range of weeks "56-84 days"."""
    return billed(units, units_high if isinstance(units_high, int) else None, unit)


def course_title(document: PlanDocument, table: CostTable) -> str:
    """plan's title: "Estimated cost of a 12-week course of care"."""
    return _(
        "Estimated cost of a {document}-week course of care{table}",
        document=course_weeks(document),
        table=in_dollars(table),
    )


def course_length(course: Pathway, document: PlanDocument) -> str:
    """The course's steps in order, and its whole length."""
    steps = _(", then ").join(
        _("{name} for {length}", name=step.bill.level.name, length=step_length(record))
        for step, record in zip(course.steps, document["steps"], strict=True)
    )
    weeks = course_length_text(document)
    return _("{steps} ({weeks} in all, one plan year).", steps=steps, weeks=weeks)


def course_notes(
    course: Pathway, document: PlanDocument, shown: Shown, household_lines: Sequence[str]
) -> tuple[Note, ...]:
    """What a course rests on: schedule, terms, household, the same length at one level."""
    table = course.table
    same = document["same_length_at_one_level"]
    alone = course.alone.level
    alone_text = _(
        "The same {document} at {name} alone ({units}): {total_low}",
        document=course_length_text(document),
        name=alone.name,
        units=billed_text(same["units"], same.get("units_high"), alone.unit),
        total_low=shown.range(same["total_low"], same["total_high"]),
    )
    if "patient_low" in same:
        alone_text += _(
            "; you would pay {patient_low}",
            patient_low=shown.range(same["patient_low"], same.get("patient_high")),
        )
    used = list(dict.fromkeys(step.bill.level for step in course.steps))
    notes = [terminal("schedule", schedule_note(used, course.per_week))]
    if course.terms is not None:
        notes.append(
            terminal(
                "terms",
                _(
                    "Plan terms assumed (one plan year for the whole course): {terms}.",
                    terms=terms_text(course.terms, table),
                ),
            )
        )
        notes += [terminal("terms", text) for text in shares_note(course.terms)]
    return (
        *notes,
        *(terminal("household", line) for line in household_lines),
        Note("same length", alone_text + "."),
        *source_notes(table),
        terminal("caveat", caveat(table)),
    )


def length_note(weeks: Weeks) -> str:
    """How long, in the assumptions: the same length at every level, or a range."""
    text = _("{weeks} at every level, each an alternative.", weeks=weeks_text(weeks))
    if weeks.single:
        return text
    return _(
        "{text} The low estimate is {low} at low rates; the high estimate {high} at high rates.",
        text=text,
        low=counted(weeks.low, "week"),
        high=counted(weeks.high, "week"),
    )


def comparison_title(comparison: Comparison) -> str:
    """compare's title: "Estimated cost of 8 weeks of care"."""
    weeks = weeks_text(comparison.weeks)
    return _(
        "Estimated cost of {weeks} of care{table}", weeks=weeks, table=in_dollars(comparison.table)
    )


def comparison_notes(comparison: Comparison, household_lines: Sequence[str]) -> tuple[Note, ...]:
    """What a comparison rests on: length and schedule, terms, household, source, caveat
    (a report's assumptions say each of these)."""
    table = comparison.table
    schedule = schedule_note(table.levels, comparison.per_week)
    notes = [terminal("schedule", f"{weeks_text(comparison.weeks)}. {schedule}")]
    if comparison.terms is not None:
        notes.append(
            terminal(
                "terms",
                _("Plan terms assumed: {terms}.", terms=terms_text(comparison.terms, table)),
            )
        )
        notes += [terminal("terms", text) for text in shares_note(comparison.terms)]
    return (
        *notes,
        *usual_length_notes(table.levels, comparison.weeks),
        *(terminal("household", line) for line in household_lines),
        *source_notes(table),
        terminal("caveat", caveat(table)),
    )


def usual_length_notes(levels: Sequence[Level], weeks: Weeks) -> list[Note]:
    """For a level whose stays usually last far less than the weeks compared (detox: days),
    why its figure is not typical, and (on the terminal) how to price its usual length."""
    notes = []
    for level in levels:
        usual = level.usual
        if usual is None or weeks.high * 7 <= usual.high:
            continue
        notes.append(
            Note(
                "usual length",
                _(
                    "{name}: a stay usually lasts {days} ({source}); its figure here, for "
                    "{weeks}, is far longer than a typical stay.",
                    name=level.name,
                    days=usual.days(),
                    source=clean(usual.source),
                    weeks=weeks_text(weeks),
                ),
            )
        )
        notes.append(
            terminal(
                "usual length",
                _(
                    "To price {name} for its usual length: iopcost plan {step}.",
                    name=level.name,
                    step=f"{level.id}:{usual.high}d",
                ),
            )
        )
    return notes
