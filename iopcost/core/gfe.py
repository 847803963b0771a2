"""A Good Faith Estimate (45 CFR 149.610): what a provider gives an uninsured or self-pay
patient, from a priced course of care and the practice's providers.

Pure values and rules: NPI check digits, ICD-10-CM shapes, the 12-month limit on an
estimate of recurring care, each step assigned to the provider who furnishes it.
Plan terms play no part: an estimate is for patients who pay for themselves.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from iopcost.core.errors import DataFileError, InvalidValue
from iopcost.core.language import _
from iopcost.core.levels import Level, Source
from iopcost.core.pathway import Pathway, StepSpec
from iopcost.core.phrases import counted, length

# The patient-provider dispute resolution process: a bill at least this much over the
# estimate, for any one provider, within this many days of the bill.
DISPUTE_AMOUNT = Decimal(400)
DISPUTE_DAYS = 120
# One estimate may cover recurring care for at most this long.
MAX_MONTHS = 12
# ICD-10-CM: a letter (any, U too: U07.1), a digit, a digit or a letter, then up to four
# after a dot.
_ICD10 = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?")
# The US states, the District of Columbia, the territories and the military post codes
# (USPS): where a Good Faith Estimate's care can be given.
STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "PR",
        "VI",
        "GU",
        "AS",
        "MP",
        "AA",
        "AE",
        "AP",
    ]
)
_TIN = re.compile(r"[0-9]{2}-?[0-9]{7}|[0-9]{3}-?[0-9]{2}-?[0-9]{4}")
_STATE = re.compile(r"\b([A-Z]{2})\s+[0-9]{5}(?:-[0-9]{4})?\s*$")


def npi_problem(npi: str) -> str | None:
    """Why a National Provider Identifier is not one, or None: 10 digits, the last a Luhn
    check digit over 80840 and the first nine."""
    if not (len(npi) == 10 and npi.isascii() and npi.isdigit()):
        return _("{npi!r} is not an NPI: an NPI is 10 digits.", npi=npi)
    digits = "80840" + npi[:9]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    check = (10 - total % 10) % 10
    if check != int(npi[9]):
        return _("{npi} is not an NPI: its check digit should be {check}; check the number.",
                 npi=npi, check=check)  # fmt: skip
    return None


def tin_problem(tin: str) -> str | None:
    """Why a Taxpayer Identification Number is not one (an EIN 12-3456789 or an SSN's
    nine digits), or None."""
    if _TIN.fullmatch(tin):
        return None
    return _("{tin!r} is not a TIN: write an EIN as 12-3456789 (or nine digits).", tin=tin)


def diagnosis_problem(code: str) -> str | None:
    """Why a diagnosis code does not have the ICD-10-CM shape (F10.20), or None."""
    if _ICD10.fullmatch(code.strip().upper()):
        return None
    return _("{code!r} is not an ICD-10-CM code; write one like F10.20 or F33.1.", code=code)


def state_of(address: str) -> str | None:
    """The state in a US address ending "IL 62701", if it has one."""
    found = _STATE.search(address.strip())
    return found[1] if found else None


class Provider(NamedTuple):
    """A provider or facility of the practice, and the levels of care it furnishes."""

    name: str
    npi: str
    tin: str
    address: str
    state: str
    levels: tuple[str, ...] = ()  # level ids; empty: every level

    def furnishes(self, level: Level) -> bool:
        return not self.levels or any(level.answers_to(wanted) for wanted in self.levels)


class Practice(NamedTuple):
    origin: str
    providers: tuple[Provider, ...]


class Item(NamedTuple):
    """One service over the period: its level, codes, quantity, charges."""

    level: Level
    length: str  # as the step was written: "8 weeks", "10 days", "8 to 12 weeks"
    units: int
    units_high: int
    total_low: Decimal
    total_high: Decimal


class ProviderItems(NamedTuple):
    provider: Provider
    items: tuple[Item, ...]
    total_low: Decimal
    total_high: Decimal


class Estimate(NamedTuple):
    """A Good Faith Estimate, ready for any renderer."""

    patient_name: str
    birth_date: date
    made_on: date
    start: date
    end: date
    providers: tuple[ProviderItems, ...]
    diagnoses: tuple[str, ...]
    total_low: Decimal
    total_high: Decimal
    source: Source
    origin: str
    practice: str


def _length(spec: StepSpec) -> str:
    """A step's length for people: "12 weeks", "10 days", "8 to 12 weeks"."""
    if spec.days is not None:
        return counted(spec.days, "day")
    weeks = spec.weeks or 0
    return length(weeks, weeks if spec.weeks_high is None else spec.weeks_high)


def period_end(start: date, weeks: Decimal) -> date:
    """The last day of care for a course of `weeks` starting on `start`."""
    return start + timedelta(days=max(int((weeks * 7).to_integral_value()), 1) - 1)


def months_later(start: date, months: int) -> date:
    """The same day `months` later (the month's last day where it has no such day)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def _period_end(course: Pathway, start: date) -> date:
    """The last day of the course (at its longer length); refused past 12 months."""
    weeks = course.weeks_high or course.weeks
    end = period_end(start, Decimal(weeks.numerator) / Decimal(weeks.denominator))
    limit = months_later(start, MAX_MONTHS)
    if end >= limit:
        raise InvalidValue(
            _(
                "the course runs from {isoformat} to {isoformat2}, more than "
                "{max_months} months; one Good Faith Estimate covers at most "
                "{max_months} months: estimate the care up to {isoformat3} and issue "
                "another estimate for the rest.",
                isoformat=start.isoformat(),
                isoformat2=end.isoformat(),
                max_months=MAX_MONTHS,
                isoformat3=(limit - timedelta(days=1)).isoformat(),
            ),
            subject="step",
        )
    return end


def _by_provider(course: Pathway, practice: Practice) -> dict[int, list[Item]]:
    """Each step's item, under the first provider (by number) who furnishes its level."""
    by_provider: dict[int, list[Item]] = {}
    for step in course.steps:
        level = step.bill.level
        found = next(
            (n for n, provider in enumerate(practice.providers) if provider.furnishes(level)),
            None,
        )
        if found is None:
            raise DataFileError(
                _(
                    "no provider in {origin} furnishes {name}; add {id} to a provider's levels.",
                    origin=practice.origin,
                    name=level.name,
                    id=level.id,
                )
            )
        bill = step.bill
        by_provider.setdefault(found, []).append(
            Item(
                level=level,
                length=_length(step.spec),
                units=bill.units,
                units_high=bill.top_units,
                total_low=bill.total_low,
                total_high=bill.total_high,
            )
        )
    return by_provider


def good_faith_estimate(
    course: Pathway,
    practice: Practice,
    *,
    patient_name: str,
    birth_date: date,
    start: date,
    made_on: date,
    diagnoses: tuple[str, ...] = (),
) -> Estimate:
    """The estimate for a priced course (without plan terms): each step billed by the
    first provider who furnishes its level; at most 12 months of care."""
    if birth_date > made_on:
        raise InvalidValue(
            _(
                "the birth date {isoformat} is after today; check it.",
                isoformat=birth_date.isoformat(),
            ),
            subject="birth_date",
        )
    end = _period_end(course, start)
    for code in diagnoses:
        problem = diagnosis_problem(code)
        if problem is not None:
            raise InvalidValue(problem, subject="diagnosis")
    by_provider = _by_provider(course, practice)
    providers = tuple(
        ProviderItems(
            practice.providers[number],
            tuple(items),
            sum((item.total_low for item in items), Decimal(0)),
            sum((item.total_high for item in items), Decimal(0)),
        )
        for number, items in sorted(by_provider.items())
    )
    return Estimate(
        patient_name=patient_name,
        birth_date=birth_date,
        made_on=made_on,
        start=start,
        end=end,
        providers=providers,
        diagnoses=tuple(code.strip().upper() for code in diagnoses),
        total_low=sum((p.total_low for p in providers), Decimal(0)),
        total_high=sum((p.total_high for p in providers), Decimal(0)),
        source=course.table.source,
        origin=course.table.origin,
        practice=practice.origin,
    )
