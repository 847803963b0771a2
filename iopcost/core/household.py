"""What treatment costs the household beside the bill: lost pay, travel and childcare.

From figures the family gives (pay lost per missed workday, one round trip's
cost, a day of childcare) and each level's household schedule: missed
workdays, round trips and childcare days a week, and round trips per stay
(admission and discharge). A level's schedule comes, last one winning, from
the defaults by how it is billed, its cost file, the household file and
--household-per-week. Pure and exact: no I/O (iopcost.files.household reads the file).

Whose costs they are: an adult patient's own (the default), or, for a child
in care, a caregiver's. Defaults, by how a level is billed:

- per day, every day (residential, inpatient): for an adult, 5 missed
  workdays, no trips and 7 childcare days a week (for the adult's own
  children), plus 1 round trip a stay (in at admission, home at discharge);
  for a child, nothing a week (the child lives there) and 2 round trips a stay
  (the caregiver takes the child in, and fetches the child home);
- per day, fewer days (a day program, PHP): for an adult, each program day is
  a missed workday (at most 5 a week), a round trip and a childcare day; for
  a child, each is the caregiver's missed workday (at most 5 a week) and a
  round trip, and no childcare (the child is in the program);
- per session (IOP, usually evenings or after school): 1 round trip a session,
  nothing else, for an adult or a child.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from iopcost.core import amounts
from iopcost.core.errors import InvalidValue
from iopcost.core.language import _
from iopcost.core.levels import CostTable, Level
from iopcost.core.limits import HOUSEHOLD_PER_WEEK_MOST, WORKDAYS_IN
from iopcost.core.money import ZERO, cents
from iopcost.core.units import Unit

SCHEDULE_KEYS = tuple(HOUSEHOLD_PER_WEEK_MOST)
_PERIOD = re.compile(r"(.*?)\s*/\s*([a-z]+)", re.I)
_OVERRIDE = re.compile(r"\s*([^:=\s]+)\s*:\s*([a-z_]+)\s*=\s*(\S+)\s*", re.I)

Schedule = tuple[tuple[str, int], ...]


class Patient(StrEnum):
    """Who is in care, and so whose household costs are counted."""

    ADULT = "adult"
    CHILD = "child"


def parse_patient(text: str, *, subject: str = "patient") -> Patient:
    """adult or child, in any case."""
    try:
        return Patient(text.strip().lower())
    except ValueError:
        raise InvalidValue(
            _("{text!r} is not adult or child; give who is in care.", text=text), subject=subject
        ) from None


class HouseholdTerms(NamedTuple):
    """The family's own costs (None: not given), and per-level schedule overrides."""

    lost_pay: Decimal | None = None  # per missed workday, in cents
    travel: Decimal | None = None  # per round trip
    childcare: Decimal | None = None  # per day of care needed
    by_level: tuple[tuple[str, Schedule], ...] = ()
    # Whose costs: an adult patient's own, or a caregiver's for a child in care.
    patient: Patient = Patient.ADULT

    def overrides_for(self, level_id: str) -> Schedule:
        """The schedule values given for one level (file, then flags)."""
        return tuple(
            item for key, schedule in self.by_level if key == level_id for item in schedule
        )


class HouseholdCosts(NamedTuple):
    """One level or step: what is counted, and what it costs."""

    workdays: Decimal
    trips: Decimal
    childcare_days: Decimal
    lost_pay: Decimal
    travel: Decimal
    childcare: Decimal

    @property
    def total(self) -> Decimal:
        """Lost pay, travel and childcare together."""
        return self.lost_pay + self.travel + self.childcare

    def __add__(self, other: object) -> HouseholdCosts:
        assert isinstance(other, HouseholdCosts)
        return HouseholdCosts(*(a + b for a, b in zip(self, other, strict=True)))


NO_COSTS = HouseholdCosts(
    workdays=ZERO, trips=ZERO, childcare_days=ZERO, lost_pay=ZERO, travel=ZERO, childcare=ZERO
)


def parse_lost_pay(text: str, *, subject: str = "lost_pay") -> Decimal:
    """Pay lost per missed workday, from AMOUNT, AMOUNT/day, /week (5 workdays) or /year (260)."""
    match = _PERIOD.fullmatch(text.strip())
    amount_text, period = (match[1], match[2].lower()) if match else (text, "day")
    if period not in WORKDAYS_IN:
        raise InvalidValue(
            _(
                "{text!r} gives pay per {period}; give it per day, week or year (200, "
                "1000/week, 52000/year).",
                text=text,
                period=period,
            ),
            subject=subject,
        )
    amount = amounts.parse_amount(amount_text, subject=subject)
    return cents(amount / WORKDAYS_IN[period])


# Each household figure and how it is read, wherever it is written (a flag, a
# file, a batch cell): pay may be given per day, week or year.
TERM_READERS: Mapping[str, Callable[..., Decimal]] = {
    "lost_pay": parse_lost_pay,
    "travel": amounts.parse_amount,
    "childcare": amounts.parse_amount,
}
TERM_KEYS = tuple(TERM_READERS)


def check_schedule_value(key: str, value: int, *, level: str, subject: str) -> int:
    """A household schedule value within its limit."""
    most = HOUSEHOLD_PER_WEEK_MOST[key]
    if not 0 <= value <= most:
        raise InvalidValue(
            _(
                "{level}: {key} is a whole number from 0 to {most}, not {value}.",
                level=level,
                key=key,
                most=most,
                value=value,
            ),
            subject=subject,
            level=level,
        )
    return value


def parse_override(text: str, table: CostTable) -> tuple[str, str, int]:
    """Read LEVEL:KEY=N (iop:missed_workdays_per_week=3)."""
    subject = "household_per_week"
    match = _OVERRIDE.fullmatch(text)
    if match is None:
        raise InvalidValue(
            _(
                "{text!r} is not LEVEL:KEY=N; write it like iop:missed_workdays_per_week=3.",
                text=text,
            ),
            subject=subject,
        )
    level, key, count = match[1], match[2], match[3]
    found = table.find(level)
    if found is None:
        raise InvalidValue(
            _("unknown level '{level}'; known levels: {ids}.", level=level, ids=table.ids()),
            subject=subject,
        )
    level = found.id
    if key not in SCHEDULE_KEYS:
        raise InvalidValue(
            _(
                "unknown key '{key}'; known: {keys}.",
                key=key,
                keys=", ".join(SCHEDULE_KEYS),
            ),
            subject=subject,
        )
    value = amounts.parse_whole(count, subject=subject)
    return level, key, check_schedule_value(key, value, level=level, subject=subject)


def household_terms(
    base: HouseholdTerms | None = None,
    *,
    lost_pay: Decimal | None = None,
    travel: Decimal | None = None,
    childcare: Decimal | None = None,
    overrides: Collection[tuple[str, str, int]] = (),
    patient: Patient | None = None,
) -> HouseholdTerms | None:
    """The household terms from a file's (`base`) and given values (flags win);
    None when no household term is given at all."""
    given = (lost_pay, travel, childcare, patient)
    if base is None and all(value is None for value in given) and not overrides:
        return None
    base = base or HouseholdTerms()
    by_level = list(base.by_level)
    by_level += [(level, ((key, value),)) for level, key, value in overrides]
    return HouseholdTerms(
        lost_pay=base.lost_pay if lost_pay is None else lost_pay,
        travel=base.travel if travel is None else travel,
        childcare=base.childcare if childcare is None else childcare,
        by_level=tuple(by_level),
        patient=base.patient if patient is None else patient,
    )


def default_schedule(
    level: Level, per_week: int, patient: Patient = Patient.ADULT
) -> dict[str, int]:
    """The household schedule a level has unless told otherwise (see the module's rule)."""
    child = patient is Patient.CHILD
    if level.unit is Unit.SESSION:
        counts = (0, per_week, 0, 0)
    elif per_week >= 7:
        counts = (0, 0, 0, 2) if child else (5, 0, 7, 1)
    else:
        counts = (min(per_week, 5), per_week, 0 if child else per_week, 0)
    return dict(zip(SCHEDULE_KEYS, counts, strict=True))


def level_schedule(level: Level, per_week: int, terms: HouseholdTerms) -> Mapping[str, int]:
    """A level's household schedule: defaults, then its cost file, then the household's."""
    schedule = default_schedule(level, per_week, terms.patient)
    schedule.update(level.household)
    schedule.update(terms.overrides_for(level.id))
    return schedule


def household_costs(
    level: Level, per_week: int, weeks: Fraction | int, terms: HouseholdTerms
) -> HouseholdCosts:
    """What `weeks` at a level (one stay) cost the household: counts x the family's figures."""
    schedule = level_schedule(level, per_week, terms)
    span = Fraction(weeks)

    def count(per_week_value: int) -> Decimal:
        exact = per_week_value * span
        return Decimal(exact.numerator) / Decimal(exact.denominator)

    workdays = count(schedule["missed_workdays_per_week"])
    trips = count(schedule["trips_per_week"]) + schedule["trips_per_stay"]
    childcare_days = count(schedule["childcare_days_per_week"])
    return HouseholdCosts(
        workdays=workdays,
        trips=trips,
        childcare_days=childcare_days,
        lost_pay=workdays * (terms.lost_pay or ZERO),
        travel=trips * (terms.travel or ZERO),
        childcare=childcare_days * (terms.childcare or ZERO),
    )
