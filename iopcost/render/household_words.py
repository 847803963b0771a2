"""Every sentence about the household's own costs: whose they are, what is assumed,
what each level would cost the household."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopcost.core.language import N_, _
from iopcost.core.phrases import counted
from iopcost.render.figures import Shown, count_value

if TYPE_CHECKING:
    from iopcost.core.household import HouseholdCosts, HouseholdTerms


WHOSE_COSTS = {
    "adult": N_(
        "Household costs are those of the adult in care: the pay they lose, their "
        "travel, and childcare for their children."
    ),
    "child": N_(
        "Household costs are a caregiver's, for a child in care: the caregiver's "
        "missed work and travel, and no childcare for the child's own days in care."
    ),
}


def household_notes(
    terms: HouseholdTerms, counted_costs: Sequence[tuple[str, HouseholdCosts]], shown: Shown
) -> list[str]:
    """The household figures assumed, and what each level or step counts of them."""
    given = (
        (terms.lost_pay, N_("{amount} pay lost per missed workday"), N_("no lost pay given")),
        (terms.travel, N_("{amount} a round trip"), N_("no travel cost given")),
        (terms.childcare, N_("{amount} a day of childcare"), N_("no childcare cost given")),
    )
    said = [
        _(what, amount=shown.amount(value)) if value is not None else _(missing)
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
                else _("no missed workday")
            )
        if terms.travel is not None:
            trips = count_value(costs.trips)
            items.append(f"{counted(trips, 'round trip')} ({shown.amount(costs.travel)})")
        if terms.childcare is not None:
            days = count_value(costs.childcare_days)
            items.append(f"{counted(days, 'childcare day')} ({shown.amount(costs.childcare)})")
        parts.append(f"{label}: {', '.join(items)}")
    return [
        _(WHOSE_COSTS[terms.patient.value]),
        _("Household costs assumed: {said}.", said=", ".join(said)),
        _(
            "By level: {parts}. All-in is what is paid for care (the list price "
            "without plan terms) plus household costs.",
            parts="; ".join(parts),
        ),
    ]
