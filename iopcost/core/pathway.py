"""Care pathways: a course of steps (inpatient, then PHP, then IOP) priced in order.

One plan year covers the whole course, so the deductible and out-of-pocket
maximum carry from step to step: what inpatient care used up is not charged
again to IOP. Pure: no I/O, no printing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from iopcost.core.errors import InvalidValue
from iopcost.core.estimate import Balances, Bill, bill_level
from iopcost.core.household import NO_COSTS, HouseholdCosts, HouseholdTerms, household_costs
from iopcost.core.language import _
from iopcost.core.levels import CostTable, Level
from iopcost.core.limits import MAX_STEPS, MAX_WEEKS
from iopcost.core.terms import PlanTerms
from iopcost.core.units import Unit, unit_word

_LENGTH = re.compile(r"([0-9]+)(?:\s*-\s*([0-9]+))?([wWdD]?)")


@dataclass(frozen=True, slots=True)
class StepSpec:
    """A step as written: a level id and a length in weeks or in days."""

    text: str
    level_id: str
    weeks: int | None
    days: int | None
    # A range of weeks (iop:8-12): the longer length.
    weeks_high: int | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """A priced step, with running totals for the course so far."""

    spec: StepSpec
    bill: Bill
    running_low: Decimal
    running_high: Decimal
    running_patient_low: Decimal | None
    running_patient_high: Decimal | None
    # Household costs, at the longer length over a range of weeks; and at the shorter.
    household: HouseholdCosts | None = None
    household_low: HouseholdCosts | None = None


@dataclass(frozen=True, slots=True)
class Pathway:
    """A whole course: its steps, totals, and the single most expensive level for as long."""

    table: CostTable
    per_week: Mapping[str, int]
    terms: PlanTerms | None
    steps: tuple[Step, ...]
    weeks: Fraction
    alone: Bill
    household_terms: HouseholdTerms | None = None
    # The course's longer length, when a step gives a range of weeks.
    weeks_high: Fraction | None = None

    @property
    def household(self) -> HouseholdCosts | None:
        """What the whole course costs the household beside the bill, when given (at the
        longer length over a range of weeks)."""
        if self.household_terms is None:
            return None
        return sum((step.household for step in self.steps if step.household), NO_COSTS)

    @property
    def household_low(self) -> HouseholdCosts | None:
        """Over a range of weeks, the whole course's household costs at the shorter length."""
        if self.household_terms is None or self.weeks_high is None:
            return None
        return sum(
            (step.household_low or step.household for step in self.steps if step.household),
            NO_COSTS,
        )

    @property
    def paid(self) -> tuple[Decimal, Decimal]:
        """What is paid for the course's care at low and at high rates: the patient's
        share with plan terms, else the list price."""
        return (
            self.total_low if self.patient_low is None else self.patient_low,
            self.total_high if self.patient_high is None else self.patient_high,
        )

    @property
    def total_low(self) -> Decimal:
        """The course's total at low rates."""
        return self.steps[-1].running_low

    @property
    def total_high(self) -> Decimal:
        """The course's total at high rates."""
        return self.steps[-1].running_high

    @property
    def patient_low(self) -> Decimal | None:
        """What the patient pays for the course at low rates, with plan terms."""
        return self.steps[-1].running_patient_low

    @property
    def patient_high(self) -> Decimal | None:
        """What the patient pays for the course at high rates, with plan terms."""
        return self.steps[-1].running_patient_high


def parse_step(text: str) -> StepSpec:
    """Read LEVEL:LENGTH, LENGTH being weeks (2, 2w) or days (10d)."""
    level_id, colon, length = text.partition(":")
    level_id = level_id.strip()
    if not colon or not level_id:
        raise InvalidValue(
            _(
                "step {text!r} is not LEVEL:LENGTH; write it like inpatient:2, iop:8w or "
                "inpatient:10d.",
                text=text,
            ),
            subject="step",
        )
    match = _LENGTH.fullmatch(length.strip())
    if match is None:
        raise InvalidValue(
            _(
                "step {text!r} has the length {length!r}; give whole weeks (2 or 2w) or "
                "days (10d), with no sign or fraction.",
                text=text,
                length=length,
            ),
            subject="step",
        )
    count = int(match[1])
    longest = count if match[2] is None else int(match[2])
    in_days = match[3].lower() == "d"
    if count == 0:
        raise InvalidValue(
            _("step {text!r} has a length of 0; give at least 1.", text=text), subject="step"
        )
    if in_days and match[2] is not None:
        raise InvalidValue(
            _(
                "step {text!r} gives a range of days; give a range in weeks, like iop:8-12.",
                text=text,
            ),
            subject="step",
        )
    if longest < count:
        raise InvalidValue(
            _("step {text!r} runs backwards; give the shorter length first.", text=text),
            subject="step",
        )
    if not in_days and longest > MAX_WEEKS:
        raise InvalidValue(
            _(
                "step {text!r} is longer than {max_weeks} weeks; shorten it.",
                text=text,
                max_weeks=MAX_WEEKS,
            ),
            subject="step",
        )
    return StepSpec(
        text=text,
        level_id=level_id,
        weeks=None if in_days else count,
        days=count if in_days else None,
        weeks_high=longest if not in_days and longest != count else None,
    )


def _step_units(spec: StepSpec, level: Level, per_week: int) -> tuple[int, Fraction]:
    """Units billed for a step, and its length in weeks (the shorter, over a range)."""
    if spec.weeks is not None:
        return spec.weeks * per_week, Fraction(spec.weeks)
    assert spec.days is not None
    if level.unit is not Unit.DAY:
        raise InvalidValue(
            _(
                "step {text!r} gives days, but {id} is billed per {unit}; give weeks, like {id}:8.",
                text=spec.text,
                id=level.id,
                unit=unit_word(level.unit),
            ),
            subject="step",
        )
    if spec.days > MAX_WEEKS * per_week:
        raise InvalidValue(
            _(
                "step {text!r} is longer than {max_weeks} weeks; shorten it.",
                text=spec.text,
                max_weeks=MAX_WEEKS,
            ),
            subject="step",
        )
    return spec.days, Fraction(spec.days, per_week)


def parse_steps(texts: Sequence[str]) -> tuple[StepSpec, ...]:
    """Read a course's steps, each LEVEL:LENGTH; from 1 to MAX_STEPS of them."""
    specs = tuple(parse_step(text) for text in texts)
    if not specs:
        raise InvalidValue(
            _("give at least one step, like: iopcost plan inpatient:2 php:2 iop:8."),
            subject="step",
        )
    if len(specs) > MAX_STEPS:
        raise InvalidValue(
            _(
                "{specs} steps is more than {max_steps}; combine steps at the same level.",
                specs=len(specs),
                max_steps=MAX_STEPS,
            ),
            subject="step",
        )
    return specs


def _level(table: CostTable, spec: StepSpec) -> Level:
    """The level a step names, by id or alias in any case."""
    level = table.find(spec.level_id)
    if level is None:
        raise InvalidValue(
            _(
                "step {text!r} names an unknown level; known levels: {ids}.",
                text=spec.text,
                ids=table.ids(),
            ),
            subject="step",
        )
    return level


def _household(
    level: Level, per_week: int, lengths: tuple[Fraction, Fraction], terms: HouseholdTerms | None
) -> tuple[HouseholdCosts | None, HouseholdCosts | None]:
    """A step's household costs at its longer length, and at its shorter over a range."""
    if terms is None:
        return None, None
    shorter, longer = lengths
    costs = household_costs(level, per_week, longer, terms)
    if longer == shorter:
        return costs, None
    return costs, household_costs(level, per_week, shorter, terms)


def plan_course(
    table: CostTable,
    specs: Sequence[StepSpec],
    *,
    per_week: Mapping[str, int],
    terms: PlanTerms | None = None,
    household: HouseholdTerms | None = None,
) -> Pathway:
    """Price the steps (from parse_steps) in order, sharing one deductible and maximum."""
    assert specs, "a course has at least one step (parse_steps)"
    levels = [_level(table, spec) for spec in specs]
    steps = []
    balances: Balances | None = None
    running_low = running_high = Decimal(0)
    patient_low = patient_high = None if terms is None else Decimal(0)
    course_weeks = course_high = Fraction(0)
    for spec, level in zip(specs, levels, strict=True):
        units, weeks = _step_units(spec, level, per_week[level.id])
        longer = weeks if spec.weeks_high is None else Fraction(spec.weeks_high)
        units_high = None if spec.weeks_high is None else spec.weeks_high * per_week[level.id]
        bill, balances = bill_level(level, units, terms, balances, units_high)
        running_low += bill.total_low
        running_high += bill.total_high
        if patient_low is not None and patient_high is not None:
            assert bill.patient_low is not None
            assert bill.patient_high is not None
            patient_low += bill.patient_low
            patient_high += bill.patient_high
        course_weeks += weeks
        course_high += longer
        costs, costs_low = _household(level, per_week[level.id], (weeks, longer), household)
        step = Step(
            spec=spec,
            bill=bill,
            running_low=running_low,
            running_high=running_high,
            running_patient_low=patient_low,
            running_patient_high=patient_high,
            household=costs,
            household_low=costs_low,
        )
        steps.append(step)

    costliest = max(levels, key=lambda lv: (lv.low + lv.high) * per_week[lv.id])
    alone_units = math.ceil(course_weeks * per_week[costliest.id])
    alone_high = math.ceil(course_high * per_week[costliest.id])
    alone, _balances = bill_level(
        costliest, alone_units, terms, units_high=None if alone_high == alone_units else alone_high
    )
    return Pathway(
        table=table,
        per_week=per_week,
        terms=terms,
        steps=tuple(steps),
        weeks=course_weeks,
        alone=alone,
        household_terms=household,
        weeks_high=None if course_high == course_weeks else course_high,
    )
