"""What the family pays under a health plan: deductible, copay, coinsurance, cap.

The rule, per billed unit in billing order: the patient pays from the remaining
deductible first; on what is left of the unit's charge, the copay (at most that
remainder), then the coinsurance share of the rest. The patient's running total
never exceeds the remaining out-of-pocket maximum; past it the plan pays all.
Everything is exact Decimal; rounding happens only when amounts are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import NamedTuple

from iopcost.core.amounts import parse_amount, parse_percent
from iopcost.core.errors import InvalidValue
from iopcost.core.language import _
from iopcost.core.money import ZERO

HUNDRED = Decimal(100)
# Each plan term and how it is read, wherever it is written (a flag, a file, a
# batch cell): coinsurance is a percentage, the rest are amounts.
TERM_READERS: Mapping[str, Callable[..., Decimal]] = {
    "deductible": parse_amount,
    "coinsurance": parse_percent,
    "copay": parse_amount,
    "oop_max": parse_amount,
}
TERM_KEYS = tuple(TERM_READERS)
# The terms a plan may set per level of care.
LEVEL_TERM_KEYS = ("coinsurance", "copay")


class CostShare(NamedTuple):
    """What the patient pays on a unit's charge once the deductible is met."""

    copay: Decimal = ZERO
    coinsurance: Decimal = ZERO  # percent, 0 to 100


def _after_deductible(charge: Decimal, copay: Decimal, coinsurance: Decimal) -> Decimal:
    paid = copay if copay < charge else charge
    return paid + (charge - paid) * coinsurance / HUNDRED


def _closed_form(
    rate: Decimal, units: int, share: CostShare, deductible: Decimal
) -> tuple[Decimal, Decimal]:
    """The rule over `units` units at `rate`, in closed form: what the patient pays before
    any cap, and the deductible left after. Whole units absorbed by the deductible, at
    most one unit that finishes it, then units that each cost the same."""
    copay, coinsurance = share
    if not deductible:
        # No deductible left: every unit costs the same (the common case, kept short).
        each = copay if copay < rate else rate
        return units * (each + (rate - each) * coinsurance / HUNDRED), deductible
    whole = int(deductible // rate)
    if whole > units:
        whole = units
    paid = whole * rate
    deductible -= paid
    left = units - whole
    if left and deductible > 0:
        paid += deductible + _after_deductible(rate - deductible, copay, coinsurance)
        deductible = ZERO
        left -= 1
    if left:
        paid += left * _after_deductible(rate, copay, coinsurance)
    return paid, deductible


class PlanTerms(NamedTuple):
    """A plan's remaining deductible and maximum, its cost share, and per-level overrides.

    Hashable, so that priced results can be cached by their terms.
    """

    deductible: Decimal = ZERO
    oop_max: Decimal | None = None
    share: CostShare = CostShare()
    by_level: tuple[tuple[str, CostShare], ...] = ()

    def share_for(self, level_id: str) -> CostShare:
        """The cost share that applies to one level of care."""
        if not self.by_level:
            return self.share
        for overridden, share in self.by_level:
            if overridden == level_id:
                return share
        return self.share

    def start(self) -> Balance:
        """The balance at the start of billing: nothing yet paid."""
        return Balance(deductible_left=self.deductible, oop_left=self.oop_max)


class Balance(NamedTuple):
    """How much deductible and out-of-pocket room remain, carried from unit to unit."""

    deductible_left: Decimal
    oop_left: Decimal | None


def bill_units(
    *, rate: Decimal, units: int, share: CostShare, balance: Balance
) -> tuple[Decimal, Balance]:
    """The patient's total for `units` units charged at `rate`, and the balance after.

    Equal to applying the rule unit by unit (see _closed_form); the cap
    truncates the running total.
    """
    if units <= 0 or rate <= 0:
        return ZERO, balance
    paid, deductible = _closed_form(rate, units, share, balance.deductible_left)
    if balance.oop_left is None:
        return paid, Balance(deductible, None)
    paid = min(paid, balance.oop_left)
    return paid, Balance(deductible, balance.oop_left - paid)


def patient_pays(rate: Decimal, units: int, share: CostShare, terms: PlanTerms) -> Decimal:
    """What the patient pays for `units` at `rate` from the start of the plan year: the
    total of bill_units from terms.start(), without the balance after."""
    if units <= 0 or rate <= 0:
        return ZERO
    paid = _closed_form(rate, units, share, terms.deductible)[0]
    cap = terms.oop_max
    return paid if cap is None or paid < cap else cap


def plan_terms(
    base: PlanTerms | None = None,
    *,
    deductible: Decimal | None = None,
    coinsurance: Decimal | None = None,
    copay: Decimal | None = None,
    oop_max: Decimal | None = None,
) -> PlanTerms | None:
    """The plan terms from a file's (`base`) and given values; None when there are none.

    Every reader builds terms here: the command line from an insurance file and
    flags, batch from a row's cells. A given copay or coinsurance applies to
    every level, replacing the file's per-level value for it.
    """
    if base is None:
        if deductible is None and coinsurance is None and copay is None and oop_max is None:
            return None
        share = CostShare(
            copay=ZERO if copay is None else copay,
            coinsurance=ZERO if coinsurance is None else coinsurance,
        )
        terms = PlanTerms(ZERO if deductible is None else deductible, oop_max, share)
        check_terms(terms)
        return terms
    changes: dict[str, Decimal] = {}
    if coinsurance is not None:
        changes["coinsurance"] = coinsurance
    if copay is not None:
        changes["copay"] = copay
    terms = PlanTerms(
        deductible=base.deductible if deductible is None else deductible,
        oop_max=base.oop_max if oop_max is None else oop_max,
        share=base.share._replace(**changes),
        by_level=tuple((key, value._replace(**changes)) for key, value in base.by_level),
    )
    check_terms(terms)
    return terms


def check_terms(terms: PlanTerms) -> None:
    """Refuse terms no plan can have: a deductible above the out-of-pocket maximum,
    which includes it."""
    if terms.oop_max is not None and terms.deductible > terms.oop_max:
        raise InvalidValue(
            _(
                "the deductible ({deductible:,}) is more than the out-of-pocket maximum "
                "({oop_max:,}), which includes the deductible; check both figures.",
                deductible=terms.deductible,
                oop_max=terms.oop_max,
            ),
            subject="deductible",
        )


def both_shares(terms: PlanTerms) -> bool:
    """Whether a copay and a coinsurance both apply to some level's units."""
    shares = (terms.share, *(share for _, share in terms.by_level))
    return any(share.copay > 0 and share.coinsurance > 0 for share in shares)


def units_to_reach_max(
    *, rate: Decimal, units: int, share: CostShare, balance: Balance
) -> int | None:
    """How many of `units` it takes for the patient to reach the out-of-pocket maximum
    (the first unit at which it is reached); None when it is not reached."""
    if balance.oop_left is None:
        return None
    cap = balance.oop_left
    uncapped = balance._replace(oop_left=None)

    def paid(count: int) -> Decimal:
        return bill_units(rate=rate, units=count, share=share, balance=uncapped)[0]

    if units <= 0 or paid(units) < cap:
        return None
    low, high = 0, units  # paid(low) < cap <= paid(high), or low == 0 with cap == 0
    if cap <= 0:
        return 0
    while high - low > 1:
        middle = (low + high) // 2
        if paid(middle) >= cap:
            high = middle
        else:
            low = middle
    return high
