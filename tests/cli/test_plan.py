"""`iopcost plan`: step-down courses, a shared deductible, and bad steps."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import assert_refused, run


def test_steps_and_totals_in_json() -> None:
    """Each step's units and totals, running totals, and the whole course."""
    doc = json.loads(
        run(["plan", "inpatient:2", "php:2", "iop:8", "--sessions", "3", "-f", "json"]).stdout
    )
    steps = doc["steps"]
    assert [(s["level"], s["weeks"], s["units"], s["total_low"], s["total_high"]) for s in steps] == [
        ("inpatient", 2, 14, 7000, 11200), ("php", 2, 10, 3500, 4500), ("iop", 8, 24, 4800, 7200)
    ]  # fmt: skip
    assert [s["running_low"] for s in steps] == [7000, 10500, 15300]
    assert (doc["total_low"], doc["total_high"]) == (15300, 22900)
    assert "patient_low" not in doc and "patient_low" not in steps[0]
    assert doc["same_length_at_one_level"] == {
        "level": "inpatient", "name": "Inpatient / residential", "weeks": 12, "units": 84,
        "total_low": 42000, "total_high": 67200,
    }  # fmt: skip


def test_days_for_day_billed_levels() -> None:
    """inpatient:10d bills ten days; weeks and days are told apart."""
    doc = json.loads(run(["plan", "inpatient:10d", "iop:8w", "-f", "json"]).stdout)
    first = doc["steps"][0]
    assert (first["days"], first["weeks"], first["units"], first["total_low"]) == (
        10,
        None,
        10,
        5000,
    )


def test_deductible_is_shared_across_steps() -> None:
    """One plan year: what inpatient used of the deductible is not charged to IOP."""
    args = [
        "plan",
        "inpatient:2",
        "iop:8",
        "--deductible",
        "2000",
        "--coinsurance",
        "20",
        "-f",
        "json",
    ]
    doc = json.loads(run(args).stdout)
    inpatient, iop = doc["steps"]
    # Inpatient 14 days at $500: $2,000 deductible + 20% of $5,000 = $3,000.
    assert inpatient["patient_low"] == 3000
    # IOP 24 sessions at $200, deductible already met: 20% of $4,800.
    assert iop["patient_low"] == 960
    assert doc["patient_low"] == 3960
    # The same IOP alone would have paid the deductible again.
    alone = json.loads(
        run(
            ["compare", "--weeks", "8", "--deductible", "2000", "--coinsurance", "20", "-f", "json"]
        ).stdout
    )
    assert alone["levels"][2]["patient_low"] == 2000 + 560


def test_out_of_pocket_maximum_is_shared() -> None:
    """Once the course reaches the maximum, later steps cost the family nothing."""
    doc = json.loads(
        run(
            [
                "plan",
                "inpatient:4",
                "iop:8",
                "--deductible",
                "2000",
                "--coinsurance",
                "20",
                "--oop-max",
                "4000",
                "-f",
                "json",
            ]
        ).stdout
    )
    assert doc["steps"][0]["patient_low"] == 4000
    assert doc["steps"][1]["patient_low"] == 0
    assert doc["patient_high"] == 4000


def test_csv_ends_with_total_row() -> None:
    """CSV: one row per step, then a row whose level is total."""
    rows = list(
        csv.DictReader(io.StringIO(run(["plan", "inpatient:2", "iop:8", "-f", "csv"]).stdout))
    )
    assert [r["level"] for r in rows] == ["inpatient", "iop", "total"]
    assert rows[-1]["total_low"] == "11800.00"
    assert rows[-1]["weeks"] == "10"


def test_table_has_total_and_comparison() -> None:
    """The table shows each step, the whole course, and the single-level comparison."""
    out = run(["plan", "inpatient:2", "php:2", "iop:8"]).stdout
    assert "Whole course" in out and "$15,300" in out
    assert "The same 12 weeks at Inpatient / residential alone (84 days): $42,000 - $67,200" in out


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ([], ["at least one step"]),
        (["inpatient2"], ["LEVEL:LENGTH"]),
        (["rehab:2"], ["unknown level", "inpatient, php, iop"]),
        (["iop:0"], ["length of 0"]),
        (["iop:-2"], ["whole weeks"]),
        (["iop:1.5"], ["whole weeks"]),
        (["iop:521"], ["520 weeks"]),
        (["inpatient:3641d"], ["520 weeks"]),
        (["iop:10d"], ["days", "billed per session"]),
        (["iop:2x"], ["whole weeks"]),
        (["iop:2"] * 51, ["more than 50"]),
    ],
    ids=[
        "none",
        "no-colon",
        "unknown",
        "zero",
        "negative",
        "fraction",
        "too-long",
        "too-many-days",
        "days-on-sessions",
        "bad-suffix",
        "too-many-steps",
    ],
)
def test_bad_steps_exit_2(steps: list[str], words: list[str]) -> None:
    """Every bad step form: exit 2, a plain message, nothing on stdout."""
    assert_refused(run(["plan", "--", *steps] if steps else ["plan"]), 2, *words)
