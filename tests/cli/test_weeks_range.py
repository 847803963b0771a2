"""A range of weeks (8 to 12): the low estimate at the shorter length and low rates, the
high at the longer length and high rates, in compare, plan steps and batch."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import assert_refused, run

TERMS = ["--deductible", "2000", "--coinsurance", "20", "--oop-max", "6000"]
HOUSEHOLD = ["--lost-pay", "200", "--travel", "15", "--childcare", "40"]


def compare(*args: str) -> dict[str, object]:
    outcome = run(["compare", *args, "-f", "json"])
    assert outcome.exit_code == 0, outcome
    return json.loads(outcome.stdout)  # type: ignore[no-any-return]


@given(low=st.integers(min_value=1, max_value=60), more=st.integers(min_value=0, max_value=60))
@settings(max_examples=15, deadline=None)
def test_each_end_is_its_own_length(low: int, more: int) -> None:
    """Every low figure equals the shorter length's, every high figure the longer's."""
    high = low + more
    ranged = compare("--weeks", f"{low}-{high}", *TERMS, *HOUSEHOLD)
    short, long = (
        compare("--weeks", str(low), *TERMS, *HOUSEHOLD),
        compare("--weeks", str(high), *TERMS, *HOUSEHOLD),
    )
    assert (ranged["weeks_low"], ranged["weeks_high"]) == (low, high)
    assert ("weeks" in ranged) == (low == high)
    for level, at_low, at_high in zip(
        ranged["levels"], short["levels"], long["levels"], strict=True
    ):  # type: ignore[call-overload]
        for key in ("total_low", "patient_low", "all_in_low", "max_reached_week_low"):
            assert level[key] == at_low[key], key
        for key in ("total_high", "patient_high", "all_in_high", "max_reached_week_high"):
            assert level[key] == at_high[key], key
        assert level["units"] == at_low["units"]
        if low != high:
            assert level["units_high"] == at_high["units"]
            assert level["household_total_low"] == at_low["household_total"]
            assert level["household_total_high"] == at_high["household_total"]


def test_the_table_and_bottom_line_speak_of_the_range() -> None:
    """The title, billing, notes and bottom line say 8 to 12 weeks."""
    out = " ".join(run(["compare", "--weeks", "8-12", *TERMS]).stdout.split())
    assert out.startswith("Estimated cost of 8 to 12 weeks of care")
    assert "56-84 days" in out
    assert "Over 8 to 12 weeks," in out
    assert "8 to 12 weeks. Schedule:" in out


def test_csv_gains_units_high_for_a_range() -> None:
    """CSV over a range carries units and units_high; one length keeps its columns."""
    ranged = list(
        csv.DictReader(io.StringIO(run(["compare", "--weeks", "8-12", "-f", "csv"]).stdout))
    )
    assert (ranged[0]["units"], ranged[0]["units_high"]) == ("56", "84")
    single = run(["compare", "--weeks", "8", "-f", "csv"]).stdout.splitlines()[0]
    assert "units_high" not in single


def test_a_plan_step_may_give_a_range() -> None:
    """iop:8-12 in a course: running totals and the course's length carry both ends."""
    doc = json.loads(run(["plan", "inpatient:2", "iop:8-12", *TERMS, "-f", "json"]).stdout)
    assert (doc["weeks_low"], doc["weeks_high"]) == (10, 14)
    step = doc["steps"][1]
    assert (step["weeks"], step["weeks_high"], step["units"], step["units_high"]) == (8, 12, 24, 36)
    assert step["total_low"] == 24 * 200 and step["total_high"] == 36 * 300
    short = json.loads(run(["plan", "inpatient:2", "iop:8", *TERMS, "-f", "json"]).stdout)
    long = json.loads(run(["plan", "inpatient:2", "iop:12", *TERMS, "-f", "json"]).stdout)
    assert doc["total_low"] == short["total_low"] and doc["patient_low"] == short["patient_low"]
    assert doc["total_high"] == long["total_high"] and doc["patient_high"] == long["patient_high"]
    table = " ".join(run(["plan", "inpatient:2", "iop:8-12"]).stdout.split())
    assert "10-14-week course" in table and "8 to 12 weeks" in table


def test_batch_reads_a_weeks_range() -> None:
    """A weeks cell 8-12 prices the range; every numeric column holds a number in every
    row: units and household totals as _low/_high pairs (equal for one length)."""
    stdin = "weeks,deductible,travel\n8-12,1000,15\n8,,\n"
    out = run(["batch"], stdin=stdin).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(row["units"], row["units_high"]) for row in rows[:3]] == [
        ("56", "84"),
        ("40", "60"),
        ("24", "36"),
    ]
    assert (rows[3]["units"], rows[3]["units_high"]) == ("56", "56")
    assert rows[2]["total_high"] == "10800.00"
    assert (rows[2]["household_total_low"], rows[2]["household_total_high"]) == ("360.00", "540.00")
    for row in rows:
        for key, value in row.items():
            if key not in ("id", "level") and value:
                float(value)  # a number, as a spreadsheet or float() reads it
    lines = run(["batch", "-f", "jsonl"], stdin="weeks\n8-12\n8\n").stdout.splitlines()
    first, second = map(json.loads, lines)
    assert (first["weeks_low"], first["weeks_high"], "weeks" in first) == (8, 12, False)
    assert second["weeks"] == 8


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["compare", "--weeks", "12-8"], ["--weeks", "runs backwards"]),
        (["compare", "--weeks", "8-600"], ["--weeks", "1 to 520"]),
        (["compare", "--weeks", "8-"], ["--weeks", "not a whole number"]),
        (["plan", "iop:12-8"], ["STEP", "runs backwards"]),
        (["plan", "inpatient:10-14d"], ["STEP", "range of days"]),
    ],
    ids=["backwards", "too-long", "unfinished", "step-backwards", "days"],
)
def test_bad_ranges_are_refused(args: list[str], words: list[str]) -> None:
    """A range that runs backwards, is too long or half written: exit 2, saying which."""
    assert_refused(run(args), 2, *words)


def test_a_bad_range_in_batch_names_its_row() -> None:
    """batch: exit 1 naming the row and the weeks column."""
    assert_refused(run(["batch"], stdin="weeks\n12-8\n"), 1, "row 1, column weeks", "backwards")
