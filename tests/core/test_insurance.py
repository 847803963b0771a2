"""What the family pays: the cost-sharing rule, its invariants, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopcost.core.levels import Level
from iopcost.core.terms import Balance, CostShare, PlanTerms, bill_units

from conftest import assert_refused, run

D = Decimal


def naive(
    rate: Decimal, units: int, share: CostShare, deductible: Decimal, oop: Decimal | None
) -> Decimal:
    """The rule applied literally, one unit at a time (the oracle)."""
    paid = D(0)
    for _ in range(units):
        from_deductible = min(rate, deductible)
        deductible -= from_deductible
        rest = rate - from_deductible
        copay = min(share.copay, rest)
        unit = from_deductible + copay + (rest - copay) * share.coinsurance / 100
        if oop is not None:
            unit = min(unit, oop - paid)
        paid += unit
    return paid


def pay(
    rate: str,
    units: int,
    *,
    deductible: str = "0",
    copay: str = "0",
    coinsurance: str = "0",
    oop: str | None = None,
) -> Decimal:
    share = CostShare(copay=D(copay), coinsurance=D(coinsurance))
    balance = Balance(D(deductible), None if oop is None else D(oop))
    return bill_units(rate=D(rate), units=units, share=share, balance=balance)[0]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"rate": "650", "units": 28, "deductible": "2000", "coinsurance": "20"}, "5240"),
        ({"rate": "250", "units": 12, "deductible": "2000", "coinsurance": "20"}, "2200"),
        ({"rate": "200", "units": 3, "deductible": "2000", "coinsurance": "20"}, "600"),
        ({"rate": "200", "units": 10, "deductible": "0", "coinsurance": "20"}, "400"),
        ({"rate": "200", "units": 10, "deductible": "500", "coinsurance": "20", "oop": "0"}, "0"),
        ({"rate": "200", "units": 10, "copay": "40"}, "400"),
        ({"rate": "30", "units": 10, "copay": "40"}, "300"),
        ({"rate": "200", "units": 10, "coinsurance": "0"}, "0"),
        ({"rate": "200", "units": 10, "coinsurance": "100"}, "2000"),
        ({"rate": "200", "units": 10, "copay": "40", "coinsurance": "10", "oop": "500"}, "500"),
        ({"rate": "200", "units": 3, "copay": "40", "coinsurance": "10", "oop": "1000"}, "168"),
        ({"rate": "99.99", "units": 3, "coinsurance": "33.3"}, "99.890010"),
        ({"rate": "500", "units": 10, "deductible": "3000", "oop": "1000"}, "1000"),
        ({"rate": "300", "units": 3, "deductible": "450", "coinsurance": "20"}, "540"),
    ],
    ids=[
        "issue-example-inpatient", "issue-example-iop", "bill-below-deductible", "deductible-met",
        "maximum-reached", "copay-only", "copay-above-charge", "zero-coinsurance", "full-coinsurance",
        "cap-after-copay", "copay-and-coinsurance", "fractional-cents", "maximum-below-deductible",
        "deductible-ends-mid-unit",
    ],
)  # fmt: skip
def test_cost_sharing_cases(kwargs: dict[str, object], expected: str) -> None:
    """Pinned cases, including bugs seen in other out-of-pocket calculators."""
    assert pay(**kwargs) == D(expected)  # type: ignore[arg-type]


money_st = st.decimals(min_value=0, max_value=5000, places=2)


@given(
    rate=money_st,
    units=st.integers(min_value=0, max_value=120),
    deductible=money_st,
    copay=st.decimals(min_value=0, max_value=200, places=2),
    coinsurance=st.decimals(min_value=0, max_value=100, places=1),
    oop=st.none() | money_st,
)
def test_closed_form_matches_unit_by_unit(
    rate: Decimal,
    units: int,
    deductible: Decimal,
    copay: Decimal,
    coinsurance: Decimal,
    oop: Decimal | None,
) -> None:
    """The closed form equals the rule applied unit by unit, and stays in bounds."""
    share = CostShare(copay=copay, coinsurance=coinsurance)
    paid, after = bill_units(rate=rate, units=units, share=share, balance=Balance(deductible, oop))
    assert paid == naive(rate, units, share, deductible, oop)
    total = rate * units
    assert 0 <= paid <= total
    if oop is not None:
        assert paid <= oop
        assert after.oop_left == oop - paid
    insurer = total - paid
    assert paid + insurer == total
    assert insurer >= 0


def test_plan_terms_per_level() -> None:
    """Per-level overrides replace the plan-wide cost share for that level only."""
    terms = PlanTerms(
        share=CostShare(coinsurance=D(20)), by_level=(("iop", CostShare(copay=D(40))),)
    )
    assert terms.share_for("iop") == CostShare(copay=D(40))
    assert terms.share_for("php") == CostShare(coinsurance=D(20))


def test_compare_with_issue_example() -> None:
    """4 weeks, $2,000 deductible, 20%: the table gains what the family pays."""
    args = ["compare", "--weeks", "4", "--deductible", "2000", "--coinsurance", "20"]
    doc = json.loads(run([*args, "--format", "json"]).stdout)
    inpatient, _, iop = doc["levels"]
    assert (inpatient["patient_low"], inpatient["patient_high"]) == (4400, 6080)
    assert inpatient["insurer_low"] + inpatient["patient_low"] == inpatient["total_low"]
    assert (iop["patient_low"], iop["patient_high"]) == (2080, 2320)
    assert doc["insurance"]["deductible"] == 2000
    table = run(args).stdout
    assert "You" in table and "$4,400 -" in table
    assert "Plan terms assumed: $2,000 deductible left" in table


def test_csv_gains_patient_columns() -> None:
    """CSV rows gain patient_* and insurer_* columns with insurance terms only."""
    plain = run(["compare", "-f", "csv"]).stdout
    assert "patient_low" not in plain
    rows = list(csv.DictReader(io.StringIO(run(["compare", "-f", "csv", "--copay", "40"]).stdout)))
    assert rows[2]["patient_low"] == "960.00"
    assert rows[2]["insurer_high"] == str(7200 - 960) + ".00"


def test_insurance_file_with_level_overrides(write) -> None:  # type: ignore[no-untyped-def]
    """The file's per-level terms apply; a flag overrides the file everywhere."""
    path = write(
        "deductible: 1500\noop_max: 6000\ncoinsurance: 20\nlevels:\n  iop: {copay: 40, coinsurance: 0}\n",
        "plan.yaml",
    )
    doc = json.loads(run(["compare", "--weeks", "8", "-f", "json", "--insurance", path]).stdout)
    iop = doc["levels"][2]
    # 24 sessions at $200: $1,500 deductible over 7.5 sessions, then $40 copays.
    assert iop["patient_low"] == 1500 + 40 * 16 + 40  # the half-used unit pays its copay too
    assert doc["insurance"]["levels"]["iop"] == {"copay": 40, "coinsurance": 0}
    doc = json.loads(
        run(
            ["compare", "-f", "json", "--insurance", path, "--copay", "0", "--coinsurance", "0"]
        ).stdout
    )
    assert doc["levels"][2]["patient_low"] == 1500


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--deductible", "-5"], ["--deductible"]),
        (["--deductible", "lots"], ["--deductible", "1500"]),
        (["--coinsurance", "120"], ["--coinsurance", "0 to 100"]),
        (["--coinsurance", "-1"], ["--coinsurance"]),
        (["--copay", "nan"], ["--copay"]),
        (["--oop-max", "1e999"], ["--oop-max"]),
        (["--coinsurance", "0.2"], ["--coinsurance", "0.2 is read as 0.2 %", "for 20 % write 20"]),
        (["--copay", "0.001"], ["--copay", "more than 2 decimal places"]),
        (["--deductible", "1,50"], ["--deductible"]),
    ],
    ids=[
        "negative",
        "word",
        "coinsurance-over-100",
        "coinsurance-negative",
        "nan",
        "exponent",
        "fraction-as-percent",
        "mills",
        "bad-grouping",
    ],
)
def test_bad_insurance_flags(args: list[str], words: list[str]) -> None:
    """Bad insurance flags: exit 2, named, nothing on stdout."""
    assert_refused(run(["compare", *args]), 2, *words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("deductable: 1500\n", ["unknown key", "deductable"]),
        ("deductible: -1\n", ["deductible", "not an amount"]),
        ("coinsurance: 150\n", ["0 to 100"]),
        ("coinsurance: 0.2\n", ["plan.yaml:1:14:", "0.2 is read as 0.2 %", "write 20"]),
        ("copay: forty\n", ["not an amount"]),
        ("levels:\n  iopp: {copay: 40}\n", ["iopp", "not a level", "inpatient, php, iop"]),
        ("levels:\n  iop: {copy: 40}\n", ["unknown key", "copy"]),
        ("deductible: [1\n", ["not valid YAML"]),
        ('levels:\n  "\\e[31miop": {copay: 1}\n', ["plan.yaml:2:3:", "U+001B"]),
    ],
    ids=[
        "typo",
        "negative",
        "coinsurance",
        "fraction",
        "word",
        "unknown-level",
        "level-typo",
        "malformed",
        "escape-in-key",
    ],
)
def test_bad_insurance_files(write, text: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Bad insurance files: exit 1, the file named, nothing on stdout."""
    path = write(text, "plan.yaml")
    outcome = run(["compare", "--insurance", path])
    assert_refused(outcome, 1, "plan.yaml", *words)
    assert "\x1b" not in outcome.stderr


def test_a_percent_sign_means_what_it_says() -> None:
    """0.2% is a fifth of a percent, on purpose: accepted when written with the sign."""
    args = ["compare", "--weeks", "1", "-f", "json", "--coinsurance", "0.2%"]
    iop = json.loads(run(args).stdout)["levels"][2]
    assert iop["patient_low"] == 1.2  # 0.2 % of 3 sessions at $200


@given(
    weeks=st.integers(min_value=1, max_value=40),
    sessions=st.integers(min_value=1, max_value=14),
    deductible=st.decimals(min_value=0, max_value=5000, places=2),
    coinsurance=st.decimals(min_value=1, max_value=100, places=3),
    copay=st.decimals(min_value=0, max_value=100, places=2),
)
@settings(max_examples=40, deadline=None)
def test_family_and_plan_add_up_to_the_bill(
    weeks: int, sessions: int, deductible: Decimal, coinsurance: Decimal, copay: Decimal
) -> None:
    """What the family pays plus what the plan pays is the bill, to the cent, in every output."""
    args = ["compare", "--weeks", str(weeks), "--sessions", str(sessions),
            "--deductible", str(deductible), "--coinsurance", str(coinsurance),
            "--copay", str(copay)]  # fmt: skip
    for level in json.loads(run([*args, "-f", "json"]).stdout, parse_float=Decimal)["levels"]:
        for end in ("low", "high"):
            assert level[f"patient_{end}"] + level[f"insurer_{end}"] == level[f"total_{end}"]


def test_the_reported_case_adds_up() -> None:
    """18 weeks, 9 sessions, $250, 12.5 %, $12.34: 9,454.24 + 53,545.76 = 63,000.00."""
    args = ["compare", "--weeks", "18", "--sessions", "9", "--deductible", "250",
            "--coinsurance", "12.5", "--copay", "12.34", "-f", "csv"]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(run(args).stdout)))
    for row in rows:
        assert D(row["patient_high"]) + D(row["insurer_high"]) == D(row["total_high"])


@given(
    low=st.decimals(min_value=1, max_value=2000, places=2),
    spread=st.decimals(min_value=0, max_value=500, places=2),
    units=st.integers(min_value=0, max_value=400),
    deductible=st.decimals(min_value=0, max_value=20000, places=2),
    copay=st.decimals(min_value=0, max_value=100, places=2),
    coinsurance=st.decimals(min_value=0, max_value=100, places=2),
    cap=st.none() | st.decimals(min_value=0, max_value=40000, places=2),
)
@settings(max_examples=200, deadline=None)
def test_a_bill_from_the_start_is_the_carried_bill(
    low: Decimal, spread: Decimal, units: int, deductible: Decimal, copay: Decimal,
    coinsurance: Decimal, cap: Decimal | None,
) -> None:  # fmt: skip
    """compare's and batch's bill from the start of the plan year equals plan's carried one."""
    from iopcost.core.estimate import bill_from_start, bill_level
    from iopcost.core.units import Unit

    level = Level("x", "X", Unit.DAY, 7, low, low + spread)
    if cap is not None and cap < deductible:
        cap = deductible
    terms = PlanTerms(deductible, cap, CostShare(copay=copay, coinsurance=coinsurance))
    assert bill_from_start(level, units, terms) == bill_level(level, units, terms)[0]
