"""One typed value of everything an estimate rests on, built the same way for every reader.

The command line (flags and files) and batch (a row's cells) each read what
they are given into an `Asked`, then call `build_inputs`: the schedule, plan
terms and household terms are checked and assembled here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from iopcost.core import amounts
from iopcost.core.errors import InvalidValue
from iopcost.core.estimate import schedule
from iopcost.core.household import TERM_READERS as HOUSEHOLD_READERS
from iopcost.core.household import HouseholdTerms, household_terms, parse_override, parse_patient
from iopcost.core.language import _
from iopcost.core.levels import CostTable
from iopcost.core.terms import TERM_READERS, PlanTerms, plan_terms

NONE: Mapping[str, Decimal] = MappingProxyType({})
# How each plan term and household figure is read, wherever it is written.
READERS: Mapping[str, Callable[..., Decimal]] = {**TERM_READERS, **HOUSEHOLD_READERS}


class Asked(NamedTuple):
    """What a command line or a batch row gives, read by the one grammar, not yet checked
    against the cost table. Term mappings hold only the terms given."""

    sessions: int | None = None
    per_week: Mapping[str, int] = MappingProxyType({})
    terms: Mapping[str, Decimal] = NONE
    household: Mapping[str, Decimal] = NONE
    # LEVEL:KEY=N, as written.
    household_per_week: Sequence[str] = ()
    # adult or child, as written: whose household costs.
    patient: str | None = None


class Inputs(NamedTuple):
    """The cost table, units per week for every level, and the terms assumed (None: none)."""

    table: CostTable
    per_week: Mapping[str, int]
    terms: PlanTerms | None
    household: HouseholdTerms | None


def build_inputs(
    table: CostTable,
    asked: Asked,
    *,
    plan: PlanTerms | None = None,
    household: HouseholdTerms | None = None,
    schedules: dict[tuple[object, ...], Mapping[str, int]] | None = None,
) -> Inputs:
    """Check what was asked against the table and assemble it with the files' terms
    (`plan`, `household`); what was asked wins over what a file says.

    `schedules`, when given, keeps each distinct schedule checked once (batch's rows
    repeat a few); the caller owns it and bounds it.
    """
    per_week: Mapping[str, int]
    if schedules is None:
        per_week = schedule(table, sessions=asked.sessions, per_week=asked.per_week)
    else:
        key = (id(table), asked.sessions, *asked.per_week.items())
        found = schedules.get(key)
        if found is None:
            found = schedules[key] = schedule(
                table, sessions=asked.sessions, per_week=asked.per_week
            )
        per_week = found
    terms = plan_terms(plan, **asked.terms)
    return Inputs(table, per_week, terms, _household(table, asked, household))


def _household(
    table: CostTable, asked: Asked, base: HouseholdTerms | None
) -> HouseholdTerms | None:
    given = asked.household or asked.household_per_week or asked.patient is not None
    if base is None and not given:
        return None
    overrides = [parse_override(text, table) for text in asked.household_per_week]
    patient = None if asked.patient is None else parse_patient(asked.patient)
    return household_terms(base, overrides=overrides, patient=patient, **asked.household)


def parse_per_week(items: Sequence[str]) -> dict[str, int]:
    """--per-week LEVEL=N, each as written."""
    result: dict[str, int] = {}
    for item in items:
        level_id, equals, count = item.partition("=")
        if not equals or not level_id.strip():
            raise InvalidValue(
                _("{item!r} is not LEVEL=N; write it like php=4.", item=item), subject="per_week"
            )
        result[level_id.strip()] = amounts.parse_whole(count, subject="per_week")
    return result
