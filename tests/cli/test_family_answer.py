"""The family's answer: a bottom line, savings in what they pay, whole amounts at any width."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from rich.cells import cell_len

from iopcost.core.money import show

from conftest import assert_refused, run

TERMS = ["--deductible", "2000", "--coinsurance", "20", "--oop-max", "6000"]
MONEY = ("total_low", "total_high", "patient_low", "patient_high", "insurer_low",
         "insurer_high", "running_low", "running_high", "all_in_low", "all_in_high")  # fmt: skip
CASES = {
    "compare": ["compare", "--weeks", "8"],
    "compare-terms": ["compare", "--weeks", "8", *TERMS],
    "compare-household": ["compare", "--weeks", "8", *TERMS, "--lost-pay", "200", "--travel", "15"],
    "plan": ["plan", "inpatient:2", "php:2", "iop:8"],
    "plan-terms": ["plan", "inpatient:2", "php:2", "iop:8", *TERMS],
    "levels": ["levels"],
}


COLUMN_OF = {
    "total_low": "Total low", "total_high": "Total high", "patient_low": "You pay",
    "patient_high": "You pay", "insurer_low": "Plan pays", "insurer_high": "Plan pays",
    "running_low": "Running total", "running_high": "Running total", "all_in_low": "All-in",
    "all_in_high": "All-in", "rate_low": "Rate", "rate_high": "Rate",
}  # fmt: skip


def amounts(doc: dict[str, object], shown: str) -> set[str]:
    """Every amount of a JSON document, as people see it, in the columns the table shows
    (a column hidden to fit is named in a note, and its amounts are elsewhere)."""
    hidden = shown[: shown.find("hidden to fit")] if "hidden to fit" in shown else ""
    found = set()
    rows = doc.get("levels") or doc.get("steps") or []
    for row in rows:  # type: ignore[attr-defined]
        for key, label in COLUMN_OF.items():
            if label in hidden or ("steps" in doc and label == "Rate"):
                continue
            if isinstance(row.get(key), int | float):
                found.add(show(Decimal(str(row[key])), "$", with_cents=False))
    return found


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("case", list(CASES))
def test_whole_amounts_at_every_width(case: str, width: int) -> None:
    """No amount of the JSON is cut or wrapped mid-number; no line is wider than the terminal."""
    args = CASES[case]
    doc = json.loads(run([*args, "-f", "json"]).stdout)
    out = run(args, env={"COLUMNS": str(width)}).stdout
    lines = out.splitlines()
    assert all(cell_len(line) <= width for line in lines), (width, out)
    assert all(line == line.rstrip() for line in lines)
    words = set(out.replace("-", " ").split())
    flat = " ".join(out.split())
    missing = {amount for amount in amounts(doc, flat) if amount not in words}
    assert not missing, (case, width, missing, out)
    for level in doc.get("levels") or doc.get("steps"):
        # Names wrap between words, never inside one.
        assert set(level["name"].split()) <= set(out.split()), (level["name"], out)


@pytest.mark.parametrize("columns", ["0", "1", "10", "abc"])
def test_impossible_widths_fall_back_to_80(columns: str) -> None:
    """A width no table can use gives the 80-column layout, never an empty or cut table."""
    out = run(["compare"], env={"COLUMNS": columns}).stdout
    assert "$28,000" in out and "$44,800" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_a_huge_width_is_clamped() -> None:
    """COLUMNS=100000000: small output, no trailing padding."""
    out = run(["compare"], env={"COLUMNS": "100000000"}).stdout
    assert len(out) < 10_000
    assert all(line == line.rstrip() for line in out.splitlines())


def test_bottom_line_with_plan_terms() -> None:
    """Which level costs the family least and most, when the maximum is reached, and care first."""
    text = " ".join(run(["compare", "--weeks", "8", *TERMS]).stdout.split())
    assert (
        "Over 8 weeks, Intensive outpatient (IOP) would cost least, $2,560 - $3,040; "
        "Inpatient / residential would cost most, $6,000, in what you would pay under your plan."
    ) in text
    assert (
        "You would reach your $6,000 out-of-pocket maximum in week 4 of Inpatient / residential "
        "(week 7 at low rates)"
    ) in text
    assert "a clinical decision for you and your care team, not a price decision" in text
    for jargon in (" unit", "midpoint", " iop ", " php "):
        bottom = text[text.index("Over 8 weeks") : text.index("not a price decision")]
        assert jargon not in bottom.lower()


def test_bottom_line_without_terms_and_in_markdown() -> None:
    """Without plan terms the bottom line compares list prices; Markdown carries it too."""
    text = " ".join(run(["compare", "--weeks", "8"]).stdout.split())
    assert "Intensive outpatient (IOP) would cost least, $4,800 - $7,200" in text
    assert "at list prices before any insurance" in text
    assert "would cost least" in run(["compare", "-f", "markdown"]).stdout


def test_json_facts_behind_the_bottom_line() -> None:
    """cheapest, and with plan terms the week the maximum is reached at low and high rates."""
    doc = json.loads(run(["compare", "--weeks", "8", *TERMS, "-f", "json"]).stdout)
    assert doc["cheapest"] == "iop"
    inpatient, php, iop = doc["levels"]
    assert (inpatient["max_reached_week_low"], inpatient["max_reached_week_high"]) == (7, 4)
    assert (iop["max_reached_week_low"], iop["max_reached_week_high"]) == (None, None)
    # What the family pays, compared with where it pays most (inpatient, $6,000).
    assert (php["patient_less_than_most_expensive"], iop["patient_less_than_most_expensive"]) == (
        1200,
        3200,
    )
    assert json.loads(run(["compare", "-f", "json"]).stdout)["cheapest"] == "iop"


def test_savings_column_shows_what_the_family_pays() -> None:
    """With plan terms, the difference column is in what the family pays, and says so."""
    out = run(["compare", "--weeks", "8", *TERMS, "--format", "markdown"]).stdout
    assert "You pay less than at your costliest" in out
    assert "List price less than the most expensive" in out
    narrow = " ".join(
        run(["compare", "--weeks", "8", *TERMS], env={"COLUMNS": "100"}).stdout.split()
    )
    assert "List price less than the most expensive hidden" in narrow


def test_a_step_never_reads_backwards() -> None:
    """A shared deductible can make a step cheaper at high rates: shown as low / high, explained."""
    args = ["plan", "inpatient:1", "iop:4", "--deductible", "5000", "--coinsurance", "20"]
    doc = json.loads(run([*args, "-f", "json"]).stdout)
    iop = doc["steps"][1]
    assert (iop["patient_low"], iop["patient_high"]) == (1680, 720)
    text = " ".join(run(args, env={"COLUMNS": "160"}).stdout.split())
    assert "$1,680 / $720" in text and "$1,680 - $720" not in text
    assert "the first is at low rates and the second at high rates" in text


def test_level_ids_in_any_case() -> None:
    """Inpatient:2 and --per-week PHP=4 name the same levels as inpatient:2 and php=4."""
    doc = json.loads(run(["plan", "Inpatient:2", "IOP:4", "-f", "json"]).stdout)
    assert [step["level"] for step in doc["steps"]] == ["inpatient", "iop"]
    doc = json.loads(run(["compare", "--per-week", "PHP=4", "-f", "json"]).stdout)
    assert doc["levels"][1]["per_week"] == 4


def test_level_ids_that_differ_only_in_case_are_refused(write) -> None:  # type: ignore[no-untyped-def]
    """A cost file with iop and IOP cannot be matched in any case: refused at load."""
    from conftest import SEED_YAML

    text = SEED_YAML + "  IOP:\n    name: X\n    unit: day\n    per_week: 5\n    rate: 1\n"
    assert_refused(run(["compare", "--data", write(text)]), 1, "'IOP'", "only in case")


@pytest.mark.parametrize("command", ["compare", "plan", "levels", "batch", "prices"])
def test_help_teaches(command: str) -> None:
    """-h works like --help, and every command's help ends with examples."""
    short, long = run([command, "-h"]), run([command, "--help"])
    assert short.exit_code == 0 and short.stdout == long.stdout
    tail = short.stdout.rstrip().splitlines()[-4:]
    assert any(line.strip().startswith("iopcost ") for line in tail), short.stdout
    assert "Examples:" in short.stdout


def test_level_ids_complete() -> None:
    """Shell completion offers the loaded cost file's level ids."""
    from typer.testing import CliRunner

    from iopcost.cli import app

    def complete(words: str) -> list[str]:
        env = {"_IOPCOST_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}  # fmt: skip
        result = CliRunner().invoke(app, [], env=env, prog_name="iopcost")
        return result.stdout.split()

    assert complete("iopcost compare --per-week p") == ["php="]
    assert complete("iopcost plan i") == ["inpatient:", "iop:"]
    assert complete("iopcost compare --format m") == ["markdown"]
    assert "--install-completion" in run(["--help"]).stdout


def test_level_ids_in_any_case_in_files_and_batch(write) -> None:  # type: ignore[no-untyped-def]
    """Insurance and household files and batch columns name levels in any case too."""
    plan = write("coinsurance: 20\nlevels:\n  IOP: {copay: 40, coinsurance: 0}\n", "plan.yaml")
    doc = json.loads(run(["compare", "--insurance", plan, "-f", "json"]).stdout)
    assert doc["insurance"]["levels"] == {"iop": {"copay": 40, "coinsurance": 0}}
    twice = write("levels:\n  iop: {copay: 1}\n  IOP: {copay: 2}\n", "plan.yaml")
    assert_refused(run(["compare", "--insurance", twice]), 1, "twice")
    out = run(["batch"], stdin="weeks,per_week.PHP\n2,4\n").stdout
    assert out.splitlines()[2].startswith("1,,php,8,")


@pytest.mark.parametrize(
    "command", [[], ["compare"], ["plan"], ["levels"], ["batch"], ["prices"], ["gfe"]]
)
def test_help_speaks_of_values_not_types(command: list[str]) -> None:
    """No help shows a Python type name, and no command summary is cut short."""
    out = run([*command, "--help"]).stdout
    for name in ("<str>", "<int>", "<list[str]>", "<float>", "<bool>", "<Decimal>"):
        assert name not in out, (name, out)
    if not command:
        listed = " ".join(out.split("Commands:")[1].split())
        assert "..." not in listed, listed
        assert "level, streaming." in listed and "hospitals' files side by side." in listed
        assert "(45 CFR 149.610)." in listed


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


ALIASED = """currency: USD
source: {title: T}
levels:
  inpatient: {name: Inpatient / residential, unit: day, per_week: 7, low: 500, high: 800,
              aliases: [residential, Rehab]}
  iop: {name: IOP, unit: session, per_week: 3, low: 200, high: 300}
"""


def test_aliases_work_wherever_ids_do(write) -> None:  # type: ignore[no-untyped-def]
    """A level's aliases name it in steps, --per-week, --household-per-week, insurance and
    household files and batch columns, in any case."""
    data = write(ALIASED)
    plan = run(["plan", "RESIDENTIAL:2", "iop:4", "--data", data, "-f", "json"])
    assert [step["level"] for step in json.loads(plan.stdout)["steps"]] == ["inpatient", "iop"]
    per_week = run(["compare", "--data", data, "--per-week", "rehab=5", "-f", "json"])
    assert json.loads(per_week.stdout)["levels"][0]["per_week"] == 5
    terms = write("levels:\n  Residential: {copay: 10}\n", "plan.yaml")
    doc = json.loads(run(["compare", "--data", data, "--insurance", terms, "-f", "json"]).stdout)
    assert doc["insurance"]["levels"] == {"inpatient": {"copay": 10, "coinsurance": 0}}
    household = run(["compare", "--data", data, "--travel", "10", "-f", "json",
                     "--household-per-week", "REHAB:trips_per_week=2"])  # fmt: skip
    assert json.loads(household.stdout)["levels"][0]["round_trips"] == 8 * 2 + 1
    rows = rows_of(run(["batch", "--data", data], stdin="weeks,per_week.residential\n1,3\n").stdout)
    assert rows[0]["units"] == "3"


def test_bundled_inpatient_answers_to_residential() -> None:
    """The shipped rates: `plan residential:2` is the inpatient level."""
    outcome = run(["plan", "residential:2", "iop:8", "-f", "json"], env={"IOPCOST_DATA": ""})
    assert outcome.exit_code == 0, outcome
    assert json.loads(outcome.stdout)["steps"][0]["level"] == "inpatient"


@pytest.mark.parametrize(
    ("aliases", "words"),
    [("[iop]", "already names 'iop'"), ("[IOP]", "already names 'iop'"),
     ("[a, A]", "already names 'inpatient'"), ("[total]", "not 'total'"), ("[a b]", "letters")],
    ids=["an-id", "an-id-in-another-case", "twice", "reserved", "not-a-name"],
)  # fmt: skip
def test_aliases_that_clash_are_refused(write, aliases: str, words: str) -> None:  # type: ignore[no-untyped-def]
    """An alias that names another level, or is no plain name, is refused with its place."""
    data = write(ALIASED.replace("[residential, Rehab]", aliases))
    assert_refused(run(["levels", "--data", data]), 1, "costs.yaml:", words)


def test_whose_costs_are_said_and_change_the_answer(write) -> None:  # type: ignore[no-untyped-def]
    """--patient child counts a caregiver's costs (no childcare, no weekly missed work in
    residential care), says so, and the household file and batch read the same."""
    args = ["compare", "--weeks", "4", "--lost-pay", "200", "--travel", "15", "--childcare", "60"]
    adult = json.loads(run([*args, "-f", "json"]).stdout)
    child = json.loads(run([*args, "--patient", "child", "-f", "json"]).stdout)
    assert (adult["household"]["patient"], child["household"]["patient"]) == ("adult", "child")
    residential = child["levels"][0]
    assert (residential["missed_workdays"], residential["childcare_days"]) == (0, 0)
    assert residential["household_total"] == 30  # two round trips a stay
    assert adult["levels"][0]["household_total"] == 20 * 200 + 15 + 28 * 60
    table = " ".join(run([*args, "--patient", "child"]).stdout.split())
    assert "Household costs are a caregiver's, for a child in care" in table
    assert "those of the adult in care" in " ".join(run(args).stdout.split())
    household = write("patient: child\ntravel: 15\n", "household.yaml")
    from_file = json.loads(run(["compare", "--household", household, "-f", "json"]).stdout)
    assert from_file["household"]["patient"] == "child"
    rows = rows_of(run(["batch"], stdin="weeks,travel,patient\n4,15,child\n4,15,adult\n").stdout)
    assert [row["household_total_low"] for row in rows[::3]] == ["30.00", "15.00"]
    assert [row["household_total_high"] for row in rows[::3]] == ["30.00", "15.00"]
    assert_refused(run([*args, "--patient", "teen"]), 2, "--patient", "adult", "child")
    bad = write("patient: teen\n", "bad.yaml")
    assert_refused(run(["compare", "--household", bad]), 1, "bad.yaml:1:", "adult or child")
