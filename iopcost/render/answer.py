"""The answer in plain words, under every compare and plan: what would cost the family
least and most, when the out-of-pocket maximum is reached, and that care is a
clinical choice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopcost.render.contract import BillRecord, PlanDocument
from iopcost.render.figures import Shown
from iopcost.render.words import weeks_text

if TYPE_CHECKING:
    from iopcost.core.estimate import Comparison

CLINICAL = (
    "Which level of care is right is a clinical decision for you and your care team, "
    "not a price decision."
)


def comparison_bottom_line(
    comparison: Comparison, records: Sequence[BillRecord], shown: Shown
) -> tuple[str, ...]:
    """Two to four plain sentences: what costs the family least and most, when the
    out-of-pocket maximum is reached, and that care is a clinical choice."""
    weeks = weeks_text(comparison.weeks)
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
