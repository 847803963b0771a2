"""The arithmetic: units, totals and what the patient pays, per level of care.

Pure: no I/O, no printing. units = weeks x per_week; a total is units x rate,
at the low and at the high end of the range, each computed on its own. Over a
range of weeks (8 to 12), the low end is the shorter length at low rates and
the high end the longer length at high rates.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from iopcost.core.errors import InvalidValue
from iopcost.core.language import _
from iopcost.core.levels import CostTable, Level
from iopcost.core.limits import MAX_SESSIONS
from iopcost.core.money import cents
from iopcost.core.terms import (
    Balance,
    PlanTerms,
    bill_units,
    patient_pays,
    units_to_reach_max,
)
from iopcost.core.units import Unit, unit_word
from iopcost.core.weeks import Weeks, check_weeks

if TYPE_CHECKING:
    from iopcost.core.household import HouseholdCosts, HouseholdTerms

TWO = Decimal(2)


class Bill(NamedTuple):
    """A number of units of one level, priced at both ends of its range."""

    level: Level
    units: int
    total_low: Decimal
    total_high: Decimal
    patient_low: Decimal | None = None
    patient_high: Decimal | None = None
    # Over a range of weeks, the units of the longer length (priced at high rates).
    units_high: int | None = None

    @property
    def top_units(self) -> int:
        """The units the high end is priced for: the longer length's, over a range."""
        return self.units if self.units_high is None else self.units_high

    @property
    def total_mid(self) -> Decimal:
        """The midpoint of the total's range."""
        return (self.total_low + self.total_high) / TWO

    @property
    def patient_mid(self) -> Decimal | None:
        """The midpoint of what the patient pays, with plan terms."""
        if self.patient_low is None or self.patient_high is None:
            return None
        return (self.patient_low + self.patient_high) / TWO

    @property
    def paid(self) -> tuple[Decimal, Decimal]:
        """What is paid for care at low and at high rates: the patient's share with plan
        terms, else the list price."""
        return (
            self.total_low if self.patient_low is None else self.patient_low,
            self.total_high if self.patient_high is None else self.patient_high,
        )

    @property
    def insurer_low(self) -> Decimal | None:
        """What the plan pays at the low rate: the bill less the family's share, both
        in cents, so that the two add up to the bill to the cent."""
        return None if self.patient_low is None else plan_share(self.total_low, self.patient_low)

    @property
    def insurer_high(self) -> Decimal | None:
        """What the plan pays at the high rate (see insurer_low)."""
        return None if self.patient_high is None else plan_share(self.total_high, self.patient_high)


def plan_share(total: Decimal, patient: Decimal) -> Decimal:
    """The plan's part of a bill: the rounded total less the rounded patient share."""
    return cents(total) - cents(patient)


class Balances(NamedTuple):
    """Deductible and out-of-pocket room left, after low-rate and high-rate billing."""

    low: Balance
    high: Balance


def bill_level(
    level: Level,
    units: int,
    terms: PlanTerms | None = None,
    balances: Balances | None = None,
    units_high: int | None = None,
) -> tuple[Bill, Balances | None]:
    """Price `units` of a level, and with plan terms what the patient pays.

    Low and high are billed separately (all units at the low rate, all at the
    high rate, or `units_high` of them over a range of weeks), each carrying its
    own balance forward.
    """
    if terms is None:
        return bill_from_start(level, units, None, units_high), None
    top = units if units_high is None else units_high
    total_low, total_high = list_totals(level.low, level.high, units, top)
    if balances is None:
        balances = Balances(terms.start(), terms.start())
    share = terms.share_for(level.id)
    patient_low, after_low = bill_units(
        rate=level.low, units=units, share=share, balance=balances.low
    )
    patient_high, after_high = bill_units(
        rate=level.high, units=top, share=share, balance=balances.high
    )
    bill = _bill(level, units, units_high, (total_low, total_high), (patient_low, patient_high))
    return bill, Balances(after_low, after_high)


def bill_from_start(
    level: Level, units: int, terms: PlanTerms | None = None, units_high: int | None = None
) -> Bill:
    """Price `units` of a level on its own, from the start of the plan year: bill_level
    without a balance carried in or out (compare's alternatives, batch's rows)."""
    top = units if units_high is None else units_high
    totals = list_totals(level.low, level.high, units, top)
    if terms is None:
        return _bill(level, units, units_high, totals)
    return _bill(level, units, units_high, totals, patient_from_start(level, units, top, terms))


def _bill(
    level: Level,
    units: int,
    units_high: int | None,
    totals: tuple[Decimal, Decimal],
    paid: tuple[Decimal | None, Decimal | None] = (None, None),
) -> Bill:
    """A level's bill: its units, list totals and (with plan terms) what the patient pays."""
    return Bill(
        level=level,
        units=units,
        total_low=totals[0],
        total_high=totals[1],
        patient_low=paid[0],
        patient_high=paid[1],
        units_high=units_high,
    )


def list_totals(low: Decimal, high: Decimal, units: int, top: int) -> tuple[Decimal, Decimal]:
    """What `units` cost at the low rate and `top` units at the high rate, before any
    insurance (a bill's totals)."""
    return units * low, top * high


def patient_from_start(
    level: Level, units: int, top: int, terms: PlanTerms
) -> tuple[Decimal, Decimal]:
    """What the patient pays, from the start of the plan year, for `units` at the level's
    low rate and `top` units at its high rate (bill_from_start's share)."""
    share = terms.share_for(level.id)
    return patient_pays(level.low, units, share, terms), patient_pays(level.high, top, share, terms)


class Comparison(NamedTuple):
    """Every level over the same weeks, as alternatives, in cost-file order."""

    table: CostTable
    weeks: Weeks
    per_week: Mapping[str, int]
    terms: PlanTerms | None
    bills: tuple[Bill, ...]
    # The level whose midpoint total is highest (the first such, on a tie).
    most_expensive: Bill
    # What each level costs the household beside the bill, when its figures are given.
    household: tuple[HouseholdCosts, ...] | None = None
    household_terms: HouseholdTerms | None = None
    # What each level costs the family at the midpoint of its range: what they pay
    # (list price without plan terms) plus household costs when given.
    family: tuple[Decimal, ...] = ()
    # With an out-of-pocket maximum: the week it is reached at low and at high rates.
    max_reached: tuple[tuple[int | None, int | None], ...] | None = None
    # With plan terms: the most the patient pays at any level, at midpoints.
    patient_most: Decimal | None = None
    # Over a range of weeks, household costs at the shorter length (`household` is at
    # the longer).
    household_low: tuple[HouseholdCosts, ...] | None = None

    def same_kind(self, bill: Bill) -> tuple[Bill, ...]:
        """The levels whose rates are the same kind of price as `bill`'s (a cost file's
        own, or a hospital's cash, gross...): only these are set against each other."""
        return tuple(other for other in self.bills if other.level.kind == bill.level.kind)

    def most_expensive_of(self, bill: Bill) -> Bill:
        """The most expensive level of `bill`'s kind of price, at midpoints."""
        return max(self.same_kind(bill), key=lambda other: other.total_mid)

    def saving(self, bill: Bill) -> Decimal:
        """How much less a level costs than the most expensive of its kind of price, at
        midpoints (kinds of price are never set against each other)."""
        return self.most_expensive_of(bill).total_mid - bill.total_mid

    def costliest_for_patient(self, bill: Bill) -> Bill:
        """The level of `bill`'s kind of price where the patient pays most, at midpoints."""
        return max(self.same_kind(bill), key=lambda other: other.patient_mid or Decimal(0))

    @property
    def cheapest(self) -> Bill:
        """The level that costs the family least (the first such, on a tie)."""
        return self.bills[self.family.index(min(self.family))]

    @property
    def costliest(self) -> Bill:
        """The level that costs the family most (the first such, on a tie)."""
        return self.bills[self.family.index(max(self.family))]

    def tied(self, least: bool) -> tuple[Bill, ...]:
        """Every level that costs the family least (or most), at midpoints: ties kept."""
        wanted = min(self.family) if least else max(self.family)
        pairs = zip(self.bills, self.family, strict=True)
        return tuple(bill for bill, cost in pairs if cost == wanted)

    def family_saving(self, bill: Bill) -> Decimal | None:
        """How much less the patient pays at a level than at the level of its kind of price
        where they pay most, at midpoints; None without plan terms."""
        mid = bill.patient_mid
        if mid is None or self.patient_most is None:
            return None
        return (self.costliest_for_patient(bill).patient_mid or mid) - mid


def schedule(
    table: CostTable, *, sessions: int | None = None, per_week: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Units per week for every level: the file's, then `sessions`, then `per_week`.

    `sessions` applies to every level billed per session; `per_week` sets one
    level's units a week and wins over `sessions`.
    """
    result = {level.id: level.per_week for level in table.levels}
    if sessions is not None:
        if not 1 <= sessions <= MAX_SESSIONS:
            raise InvalidValue(
                _(
                    "give 1 to {max_sessions} sessions a week, not {sessions}.",
                    max_sessions=MAX_SESSIONS,
                    sessions=sessions,
                ),
                subject="sessions",
            )
        for level in table.levels:
            if level.unit is Unit.SESSION:
                result[level.id] = sessions
    for level_id, count in (per_week or {}).items():
        found = table.find(level_id)
        if found is None:
            raise InvalidValue(
                _(
                    "unknown level '{level_id}'; known levels: {ids}.",
                    level_id=level_id,
                    ids=table.ids(),
                ),
                subject="per_week",
                level=level_id,
            )
        if not 1 <= count <= found.max_per_week:
            raise InvalidValue(
                _(
                    "{level_id} is billed per {unit}: give 1 to {max_per_week} {unit}s a "
                    "week, not {count}.",
                    level_id=level_id,
                    unit=unit_word(found.unit),
                    max_per_week=found.max_per_week,
                    count=count,
                ),
                subject="per_week",
                level=level_id,
            )
        result[found.id] = count
    return result


def compare(
    table: CostTable,
    *,
    weeks: int | Weeks,
    per_week: Mapping[str, int],
    terms: PlanTerms | None = None,
    household: HouseholdTerms | None = None,
) -> Comparison:
    """Price every level over `weeks` (or a range of them), each as an alternative."""
    span = check_weeks(weeks)
    bills = tuple(
        bill_from_start(
            level,
            span.low * per_week[level.id],
            terms,
            None if span.single else span.high * per_week[level.id],
        )
        for level in table.levels
    )
    most = max(bills, key=lambda bill: bill.total_mid)
    costs = costs_low = None
    if household is not None:
        from iopcost.core.household import household_costs

        def at(length: int) -> tuple[HouseholdCosts, ...]:
            return tuple(
                household_costs(level, per_week[level.id], length, household)
                for level in table.levels
            )

        costs = at(span.high)
        costs_low = None if span.single else at(span.low)
    ends = None if costs is None else tuple(zip(costs_low or costs, costs, strict=True))
    family = tuple(
        _family_mid(bill, None if ends is None else ends[index]) for index, bill in enumerate(bills)
    )
    reached = None
    if terms is not None and terms.oop_max is not None:
        reached = tuple(_max_reached(bill, per_week[bill.level.id], terms) for bill in bills)
    paid = [bill.patient_mid for bill in bills if bill.patient_mid is not None]
    return Comparison(
        table=table,
        weeks=span,
        per_week=per_week,
        terms=terms,
        bills=bills,
        most_expensive=most,
        household=costs,
        household_terms=household,
        family=family,
        max_reached=reached,
        patient_most=max(paid) if paid else None,
        household_low=costs_low,
    )


def _family_mid(bill: Bill, household: tuple[HouseholdCosts, HouseholdCosts] | None) -> Decimal:
    """What a level costs the family at the midpoint: what is paid for care at low and
    at high, each with the household costs of its length (shorter, longer)."""
    paid_low, paid_high = bill.paid
    if household is not None:
        paid_low += household[0].total
        paid_high += household[1].total
    return (paid_low + paid_high) / TWO


def _max_reached(bill: Bill, per_week: int, terms: PlanTerms) -> tuple[int | None, int | None]:
    """The week in which the out-of-pocket maximum is reached, at low and at high rates."""
    share = terms.share_for(bill.level.id)
    weeks = []
    for rate, billed in ((bill.level.low, bill.units), (bill.level.high, bill.top_units)):
        units = units_to_reach_max(rate=rate, units=billed, share=share, balance=terms.start())
        weeks.append(None if units is None else max(1, -(-units // per_week)))
    return weeks[0], weeks[1]
