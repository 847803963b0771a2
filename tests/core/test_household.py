"""What it costs the household: lost pay, travel and childcare beside the bill."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from iopcost.core.household import (
    HouseholdTerms,
    Patient,
    default_schedule,
    household_costs,
    parse_lost_pay,
)
from iopcost.core.levels import Level
from iopcost.core.units import Unit

from conftest import SEED_YAML, assert_refused, run

D = Decimal
WEEK_OF_IOP = ["compare", "--weeks", "8", "--sessions", "3"]


def levels_of(*args: str) -> dict[str, dict[str, Any]]:
    doc = json.loads(run([*args, "-f", "json"]).stdout, parse_float=D)
    return {level["id"]: level for level in doc["levels"]}


@pytest.mark.parametrize(
    ("unit", "per_week", "expected"),
    [
        (Unit.DAY, 7, (5, 0, 7, 1)),
        (Unit.DAY, 5, (5, 5, 5, 0)),
        (Unit.DAY, 6, (5, 6, 6, 0)),
        (Unit.DAY, 3, (3, 3, 3, 0)),
        (Unit.SESSION, 3, (0, 3, 0, 0)),
    ],
    ids=["residential", "day-program", "six-days", "three-days", "sessions"],
)
def test_default_schedules_by_how_a_level_is_billed(
    unit: str, per_week: int, expected: tuple[int, ...]
) -> None:
    """Missed workdays, trips and childcare days a week, and trips a stay, by billing."""
    level = Level(id="x", name="X", unit=Unit(unit), per_week=per_week, low=D(1), high=D(2))
    assert tuple(default_schedule(level, per_week).values()) == expected


def test_the_issue_example() -> None:
    """8 weeks at $200 a day and $15 a trip: inpatient $8,015, PHP $8,600, IOP $360."""
    levels = levels_of(*WEEK_OF_IOP, "--lost-pay", "200", "--travel", "15")
    got = {
        key: (lv["missed_workdays"], lv["household_lost_pay"], lv["round_trips"],
              lv["household_travel"], lv["household_total"])
        for key, lv in levels.items()
    }  # fmt: skip
    assert got == {
        "inpatient": (40, 8000, 1, 15, 8015),
        "php": (40, 8000, 40, 600, 8600),
        "iop": (0, 0, 24, 360, 360),
    }
    assert (levels["iop"]["all_in_low"], levels["iop"]["all_in_high"]) == (5160, 7560)
    table = " ".join(run([*WEEK_OF_IOP, "--lost-pay", "200", "--travel", "15"]).stdout.split())
    for text in (
        "Inpatient / residential: 40 missed workdays ($8,000), 1 round trip ($15)",
        "Partial hospitalization (PHP): 40 missed workdays ($8,000), 40 round trips ($600)",
        "Intensive outpatient (IOP): no missed workday, 24 round trips ($360)",
        "$200 pay lost per missed workday, $15 a round trip, no childcare cost given",
        "Household",
        "All-in",
    ):
        assert text in table


def test_all_in_uses_what_the_family_pays_with_plan_terms() -> None:
    """With plan terms, all-in is the family's share plus household costs."""
    levels = levels_of(*WEEK_OF_IOP, "--deductible", "2000", "--coinsurance", "20",
                       "--childcare", "40")  # fmt: skip
    inpatient = levels["inpatient"]
    assert inpatient["childcare_days"] == 56
    assert inpatient["household_childcare"] == 2240
    assert inpatient["all_in_low"] == inpatient["patient_low"] + 2240


@pytest.mark.parametrize(
    ("text", "per_day"),
    [("200", "200"), ("200/day", "200"), ("1000/week", "200"), ("52000/year", "200"),
     ("$50,000 / year", "192.31"), ("1,000/Week", "200")],
    ids=["plain", "day", "week", "year", "year-rounded", "case"],
)  # fmt: skip
def test_lost_pay_periods(text: str, per_day: str) -> None:
    """Pay per week is 5 workdays, per year 260; the per-day figure is in cents and stated."""
    assert parse_lost_pay(text) == D(per_day)
    doc = json.loads(run(["compare", "--lost-pay", text, "-f", "json"]).stdout, parse_float=D)
    assert doc["household"]["lost_pay_per_day"] == D(per_day)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lost-pay", "4000/month"], ["--lost-pay", "per month", "day, week or year"]),
        (["--lost-pay", "-5"], ["--lost-pay", "not an amount"]),
        (["--travel", "fifteen"], ["--travel", "not an amount"]),
        (["--childcare", "1e3"], ["--childcare", "no exponent"]),
        (["--household-per-week", "rehab:trips_per_week=2"], ["--household-per-week", "unknown level"]),
        (["--household-per-week", "iop:trips=2"], ["--household-per-week", "unknown key", "trips_per_week"]),
        (["--household-per-week", "iop:trips_per_week=99"], ["--household-per-week", "0 to 14"]),
        (["--household-per-week", "iop=3"], ["--household-per-week", "LEVEL:KEY=N"]),
    ],
    ids=["month", "negative", "word", "exponent", "unknown-level", "unknown-key", "too-many", "malformed"],
)  # fmt: skip
def test_bad_household_flags_exit_2(args: list[str], words: list[str]) -> None:
    """Bad household flags: one sentence naming the flag, exit 2, nothing on stdout."""
    assert_refused(run(["compare", *args]), 2, *words)


def test_household_file_and_flags(write) -> None:  # type: ignore[no-untyped-def]
    """The file gives terms and per-level schedules; flags win over it."""
    path = write(
        "lost_pay: 52000/year\ntravel: 10\nlevels:\n  iop: {missed_workdays_per_week: 3}\n",
        "home.yaml",
    )
    levels = levels_of(*WEEK_OF_IOP, "--household", path)
    assert (levels["iop"]["missed_workdays"], levels["iop"]["household_lost_pay"]) == (24, 4800)
    assert levels["iop"]["household_travel"] == 240
    levels = levels_of(*WEEK_OF_IOP, "--household", path, "--travel", "20",
                       "--household-per-week", "iop:missed_workdays_per_week=1")  # fmt: skip
    assert (levels["iop"]["missed_workdays"], levels["iop"]["household_travel"]) == (8, 480)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("lost_pya: 200\n", ["home.yaml:1:1:", "unknown key", "lost_pya"]),
        ("lost_pay: 200/month\n", ["home.yaml:1:11:", "per month"]),
        ("travel: -3\n", ["travel", "not an amount"]),
        ("levels:\n  rehab: {trips_per_week: 1}\n", ["rehab", "not a level"]),
        ("levels:\n  iop: {trips: 1}\n", ["unknown key", "trips"]),
        ("levels:\n  iop: {trips_per_week: 15}\n", ["0 to 14"]),
    ],
    ids=["typo", "month", "negative", "unknown-level", "unknown-key", "too-many"],
)
def test_bad_household_files_exit_1(write, text: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Bad household files: exit 1, file:line:col, nothing on stdout."""
    path = write(text, "home.yaml")
    assert_refused(run(["compare", "--household", path]), 1, "home.yaml", *words)


def test_cost_file_gives_a_level_its_schedule(write) -> None:  # type: ignore[no-untyped-def]
    """A level's household schedule is data: the cost file may set it."""
    text = SEED_YAML.replace(
        "    per_week: 3        # default",
        "    missed_workdays_per_week: 2\n    per_week: 3        # default",
    )
    levels = levels_of(*WEEK_OF_IOP, "--data", write(text), "--lost-pay", "100")
    assert levels["iop"]["missed_workdays"] == 16
    bad = SEED_YAML.replace(
        "    per_week: 3        # default",
        "    trips_per_stay: 11\n    per_week: 3        # default",
    )
    assert_refused(run(["compare", "--data", write(bad)]), 1, "trips_per_stay", "0 to 10")


def test_plan_counts_each_step_and_the_course() -> None:
    """Per step (a day-step in exact fractions of a week) and for the whole course."""
    args = ["plan", "inpatient:10d", "iop:4", "--lost-pay", "210", "--travel", "10", "-f", "json"]
    doc = json.loads(run(args).stdout, parse_float=D)
    first, second = doc["steps"]
    # 10 days at 7 a week: 10/7 weeks x 5 workdays = 7.14 workdays, $1,500 exactly.
    assert (first["missed_workdays"], first["household_lost_pay"]) == (D("7.14"), 1500)
    assert (first["round_trips"], second["round_trips"]) == (1, 12)
    assert doc["household_total"] == first["household_total"] + second["household_total"]
    assert doc["all_in_low"] == doc["total_low"] + doc["household_total"]
    rows = list(csv.DictReader(io.StringIO(run([*args[:-2], "-f", "csv"]).stdout)))
    assert rows[-1]["level"] == "total"
    assert rows[-1]["household_total"] == f"{doc['household_total']:.2f}"


def test_costs_are_exact() -> None:
    """Counts and money in exact Decimal, from fractions of a week."""
    level = Level("x", "X", Unit.DAY, 7, D(1), D(2))
    costs = household_costs(level, 7, Fraction(10, 7), HouseholdTerms(lost_pay=D("210")))
    assert costs.lost_pay == D(1500)
    assert costs.travel == 0


def test_batch_columns_match_compare() -> None:
    """Batch's lost_pay, travel and childcare columns give compare's figures."""
    out = run(["batch"], stdin="weeks,sessions,lost_pay,travel,childcare\n8,3,200,15,\n").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    levels = levels_of(*WEEK_OF_IOP, "--lost-pay", "200", "--travel", "15")
    for row in rows:
        level = levels[row["level"]]
        for key in ("all_in_low", "all_in_high"):
            assert row[key] == f"{level[key]:.2f}"
        for key in ("household_total_low", "household_total_high"):
            assert row[key] == f"{level['household_total']:.2f}"
    outcome = run(["batch"], stdin="weeks,lost_pay\n8,200/month\n")
    assert outcome.exit_code == 1 and "row 1, column lost_pay" in outcome.stderr


@pytest.mark.parametrize(
    ("unit", "per_week", "expected"),
    [
        (Unit.DAY, 7, (0, 0, 0, 2)),
        (Unit.DAY, 5, (5, 5, 0, 0)),
        (Unit.DAY, 3, (3, 3, 0, 0)),
        (Unit.SESSION, 3, (0, 3, 0, 0)),
    ],
    ids=["residential", "php", "three-days", "sessions"],
)
def test_a_childs_defaults_are_a_caregivers(
    unit: Unit, per_week: int, expected: tuple[int, ...]
) -> None:
    """For a child: the caregiver's missed work and trips, no childcare for the child's days."""
    level = Level(id="x", name="X", unit=Unit(unit), per_week=per_week, low=D(1), high=D(2))
    schedule = default_schedule(level, per_week, Patient.CHILD)
    assert tuple(schedule.values()) == expected
