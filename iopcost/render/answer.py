"""The answer in plain words, under every compare and plan: what would cost the family
least and most, when the out-of-pocket maximum is reached, and that care is a
clinical choice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopcost.core.language import N_, _
from iopcost.render.contract import BillRecord, PlanDocument
from iopcost.render.figures import Shown
from iopcost.render.words import weeks_text

if TYPE_CHECKING:
    from iopcost.core.estimate import Comparison

CLINICAL = N_(
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

    basis = (
        "household"
        if comparison.household_terms is not None
        else "plan"
        if comparison.terms is not None
        else "list"
    )
    if len(records) == 1:
        first = _one_level(weeks, cheap["name"], paid(cheap), basis)
    else:
        first = _least_and_most(
            weeks, (cheap["name"], paid(cheap)), (dear["name"], paid(dear)), basis
        )
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
                _("in week {high} of {name}", high=high, name=name)
                + (_(" (week {low} at low rates)", low=low) if low not in (None, high) else "")
                + (_(" (not at low rates)") if low is None else "")
                for name, high, low in reached
            ]
            sentences.append(
                _(
                    "You would reach your {oop_max} out-of-pocket maximum {parts}, and pay "
                    "nothing more for covered care after that.",
                    oop_max=shown.amount(terms.oop_max),
                    parts="; ".join(parts),
                )
            )
    sentences.append(_(CLINICAL))
    return tuple(sentences)


def _one_level(weeks: str, name: str, cost: str, basis: str) -> str:
    """The first sentence of a comparison of one level, on its basis."""
    values = {"weeks": weeks, "name": name, "cost": cost}
    if basis == "household":
        return _("Over {weeks}, {name} would cost {cost}, counting what you would pay for "
                 "care and your household's costs.", **values)  # fmt: skip
    if basis == "plan":
        return _("Over {weeks}, {name} would cost {cost}, in what you would pay under your "
                 "plan.", **values)  # fmt: skip
    return _("Over {weeks}, {name} would cost {cost}, at list prices before any insurance.",
             **values)  # fmt: skip


def _least_and_most(weeks: str, least: tuple[str, str], most: tuple[str, str], basis: str) -> str:
    """The first sentence of a comparison of several levels, on its basis."""
    values = {"weeks": weeks, "least": least[0], "low": least[1], "most": most[0],
              "high": most[1]}  # fmt: skip
    if basis == "household":
        return _("Over {weeks}, {least} would cost least, {low}; {most} would cost most, "
                 "{high}, counting what you would pay for care and your household's costs.",
                 **values)  # fmt: skip
    if basis == "plan":
        return _("Over {weeks}, {least} would cost least, {low}; {most} would cost most, "
                 "{high}, in what you would pay under your plan.", **values)  # fmt: skip
    return _("Over {weeks}, {least} would cost least, {low}; {most} would cost most, "
             "{high}, at list prices before any insurance.", **values)  # fmt: skip


def plan_bottom_line(document: PlanDocument, weeks: str, shown: Shown) -> tuple[str, ...]:
    """Plain sentences: what the whole course would cost the family, and how to read it."""
    listed = shown.range(document["total_low"], document["total_high"])
    if "all_in_low" in document:
        first = _(
            "The whole {weeks} course would cost your household {all_in_low}, "
            "counting what you would pay for care and your household's costs (list "
            "price {listed}).",
            weeks=weeks,
            all_in_low=shown.range(document["all_in_low"], document["all_in_high"]),
            listed=listed,
        )
    elif "patient_low" in document:
        first = _(
            "The whole {weeks} course would cost you {patient_low} under your plan "
            "(list price {listed}).",
            weeks=weeks,
            patient_low=shown.range(document["patient_low"], document["patient_high"]),
            listed=listed,
        )
    else:
        first = _(
            "The whole {weeks} course would cost {listed} at list prices, before insurance.",
            weeks=weeks,
            listed=listed,
        )
    sentences = [first]
    backwards = any(
        (step.get("patient_low") or 0) > (step.get("patient_high") or 0)
        for step in document["steps"]
    )
    if backwards:
        sentences.append(
            _(
                "Where a step shows two amounts with a slash, the first is at low rates "
                "and the second at high rates: a deductible already met in an earlier "
                "step can make a later step cost you less at high rates.",
            )
        )
    sentences.append(_(CLINICAL))
    return tuple(sentences)
