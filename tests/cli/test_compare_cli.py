"""`iopcost compare` and `iopcost levels` through the CLI: formats and refusals."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from conftest import assert_refused, run


def test_default_table_shows_every_level_and_the_caveat() -> None:
    """The family's command: every level, totals with $ and commas, source and caveat."""
    outcome = run(["compare", "--weeks", "8", "--sessions", "3"])
    assert outcome.exit_code == 0
    assert outcome.stderr == ""
    out = outcome.stdout
    for text in (
        "Inpatient / residential",
        "56 days",
        "$28,000",
        "$44,800",
        "24 sessions",
        "$4,800",
        "$7,200",
    ):
        assert text in out
    assert "Intensive Outpatient Program (IOP) Explained (2023-11-29)" in out
    assert "not quotes" in out
    assert "\x1b[" not in out


def test_json_parses_back_exactly() -> None:
    """JSON: levels in file order with exact numbers and the source."""
    doc = json.loads(run(["compare", "--weeks", "8", "--sessions", "3", "--format", "json"]).stdout)
    assert doc["weeks"] == 8
    assert doc["currency"] == "USD"
    assert doc["source"]["published"] == "2023-11-29"
    assert [lv["id"] for lv in doc["levels"]] == ["inpatient", "php", "iop"]
    iop = doc["levels"][2]
    assert iop == {
        "id": "iop", "name": "Intensive outpatient (IOP)", "unit": "session", "per_week": 3,
        "units": 24, "rate_low": 200, "rate_high": 300, "total_low": 4800, "total_high": 7200,
        "total_mid": 6000, "less_than_most_expensive": 30400,
    }  # fmt: skip
    assert "insurance" not in doc


def test_json_amounts_keep_cents(write) -> None:  # type: ignore[no-untyped-def]
    """A rate of 212.50 comes out as the JSON number 212.5, totals exact."""
    from conftest import SEED_YAML

    path = write(SEED_YAML.replace("low: 200", "low: 212.50"))
    doc = json.loads(run(["compare", "--weeks", "3", "--format", "json", "--data", path]).stdout)
    assert doc["levels"][2]["rate_low"] == 212.5
    assert doc["levels"][2]["total_low"] == 1912.5


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")], ids=["csv", "tsv"])
def test_delimited_parse_back(fmt: str, delimiter: str) -> None:
    """CSV/TSV: a header with the level columns first, then a row per level."""
    out = run(["compare", "--weeks", "8", "--format", fmt]).stdout
    rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
    header = out.splitlines()[0].split(delimiter)
    assert header[:9] == [
        "id",
        "name",
        "unit",
        "per_week",
        "units",
        "rate_low",
        "rate_high",
        "total_low",
        "total_high",
    ]
    assert [(r["id"], r["units"], r["total_low"], r["total_high"]) for r in rows] == [
        ("inpatient", "56", "28000.00", "44800.00"),
        ("php", "40", "14000.00", "18000.00"),
        ("iop", "24", "4800.00", "7200.00"),
    ]


def test_markdown_table() -> None:
    """Markdown: a GitHub table with right-aligned amounts and the notes."""
    out = run(["compare", "--weeks", "8", "--format", "markdown"]).stdout
    lines = out.splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert table[0].startswith("| Level of care | Billed | Rate | Total low | Total high |")
    assert table[1] == "|---|---|---|---:|---:|---:|---:|"
    assert (
        "| Intensive outpatient (IOP) | 24 sessions | $200-$300 per session | $4,800 | $7,200 |"
        in out
    )
    assert any("not quotes" in line for line in lines)


def test_per_week_override() -> None:
    """--per-week php=4 bills four program days a week."""
    doc = json.loads(run(["compare", "--weeks", "2", "--per-week", "php=4", "-f", "json"]).stdout)
    assert doc["levels"][1]["units"] == 8


def test_levels_lists_ranges() -> None:
    """`levels` shows ids, units, schedules and rates in every format."""
    doc = json.loads(run(["levels", "--format", "json"]).stdout)
    assert [(lv["id"], lv["unit"], lv["per_week"], lv["rate_low"]) for lv in doc["levels"]] == [
        ("inpatient", "day", 7, 500), ("php", "day", 5, 350), ("iop", "session", 3, 200)
    ]  # fmt: skip
    table = run(["levels"]).stdout
    assert "$350-$450 per day" in table
    assert "Intensive Outpatient Program" in table


def test_version() -> None:
    """--version prints the version."""
    from iopcost import __version__

    outcome = run(["--version"])
    assert outcome.exit_code == 0
    assert outcome.stdout.strip() == f"iopcost {__version__}"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--weeks", "0"], ["--weeks", "1 to 520", "not 0"]),
        (["--weeks", "-3"], ["--weeks", "1 to 520"]),
        (["--weeks", "521"], ["--weeks", "1 to 520", "not 521"]),
        (["--weeks", "eight"], ["--weeks", "not a whole number"]),
        (["--weeks", "8.5"], ["--weeks", "not a whole number"]),
        (["--sessions", "0"], ["--sessions"]),
        (["--sessions", "15"], ["--sessions"]),
        (["--sessions", "x"], ["--sessions"]),
        (["--per-week", "phpp=4"], ["--per-week", "unknown level", "inpatient, php, iop"]),
        (["--per-week", "php"], ["--per-week", "LEVEL=N"]),
        (["--per-week", "php=-1"], ["--per-week"]),
        (["--per-week", "php=9"], ["--per-week", "1 to 7"]),
        (["--format", "xml"], ["--format"]),
        (["--wekes", "3"], ["no such option"]),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) and v and v[0].startswith("-") else None,
)
def test_bad_command_lines_exit_2(args: list[str], words: list[str]) -> None:
    """Every bad option: exit 2, its name on stderr, nothing on stdout."""
    assert_refused(run(["compare", *args]), 2, *words)


def test_unexpected_failure_is_one_plain_line() -> None:
    """A bug surfaces as one line naming it and IOPCOST_DEBUG, exit 1, no traceback."""
    from iopcost.cli import app

    @app.command("buggy")
    def buggy() -> None:
        raise ZeroDivisionError("boom")

    try:
        assert_refused(
            run(["buggy"]), 1, "unexpectedly", "ZeroDivisionError: boom", "IOPCOST_DEBUG"
        )
        with pytest.raises(ZeroDivisionError):
            run(["buggy"], env={"IOPCOST_DEBUG": "1"})
    finally:
        del app.registered_commands[-1]


def test_short_help_and_usage_lines() -> None:
    """-h is --help; plan's usage names STEP... as its help does; errors name STEP."""
    assert run(["-h"]).stdout == run(["--help"]).stdout
    usage = run(["plan", "-h"]).stdout.splitlines()[0]
    assert usage == "Usage: iopcost plan [OPTIONS] STEP..."
    assert_refused(run(["plan", "rehab:2"]), 2, "Invalid value for STEP", "unknown level")


def test_both_from_standard_input_is_refused() -> None:
    """The cost file and the plan terms cannot both be read from standard input."""
    assert_refused(
        run(["compare", "--data", "-", "--insurance", "-"], stdin="x"), 2, "--data and --insurance"
    )


def test_thousands_of_levels_are_each_compared_with_the_most_expensive(write) -> None:  # type: ignore[no-untyped-def]
    """A cost file with 2,000 levels: one row each, each saving against the dearest level."""
    levels = "".join(
        f"  l{n}: {{name: L{n}, unit: day, per_week: 5, low: {n}, high: {n + 1}}}\n"
        for n in range(2000)
    )
    path = write("currency: USD\nsource: {title: T}\nlevels:\n" + levels)
    outcome = run(["compare", "--data", path, "--weeks", "2", "-f", "csv"])
    assert outcome.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(outcome.stdout)))
    assert len(rows) == 2000
    dearest = Decimal(rows[-1]["total_mid"])
    assert dearest == 10 * (Decimal(1999) + Decimal("0.5"))
    for row in rows:
        saving = dearest - Decimal(row["total_mid"])
        assert Decimal(row["less_than_most_expensive"]) == saving, row


def test_a_command_added_later_gets_the_error_funnel() -> None:
    """The funnel is the group's: a new command's domain errors become messages by themselves."""
    from iopcost.cli import app
    from iopcost.core.errors import DataFileError, InvalidValue

    @app.command("broken-file")
    def broken_file() -> None:
        raise DataFileError("the file is broken; fix it.")

    @app.command("broken-weeks")
    def broken_weeks() -> None:
        raise InvalidValue("give 1 to 520 weeks, not 0.", subject="weeks")

    try:
        assert_refused(run(["broken-file"]), 1, "Error: the file is broken; fix it.")
        assert_refused(run(["broken-weeks"]), 2, "--weeks", "1 to 520")
    finally:
        del app.registered_commands[-2:]


def test_a_deductible_above_the_maximum_is_refused_everywhere(write) -> None:  # type: ignore[no-untyped-def]
    """No plan has a deductible above its out-of-pocket maximum: exit 2 for flags, 1 for a
    file or a batch row, each naming both figures."""
    flags = run(["compare", "--deductible", "7000", "--oop-max", "6000"])
    assert_refused(flags, 2, "--deductible", "7,000", "6,000")
    plan = write("deductible: 7000\noop_max: 6000\n", "plan.yaml")
    assert_refused(run(["compare", "--insurance", plan]), 1, "plan.yaml:1:", "7,000", "6,000")
    row = run(["batch"], stdin="weeks,deductible,oop_max\n8,7000,6000\n")
    assert_refused(row, 1, "row 1, column deductible", "7,000", "6,000")
    assert run(["compare", "--deductible", "6000", "--oop-max", "6000"]).exit_code == 0


def test_copay_and_coinsurance_together_are_said_to_apply_both() -> None:
    """A level with a copay and a coinsurance: the notes say both apply, and how to give one."""
    table = run(["compare", "--copay", "40", "--coinsurance", "20"]).stdout
    assert "both apply to every day or session" in " ".join(table.split())
    one = run(["compare", "--copay", "40"]).stdout
    assert "both apply" not in " ".join(one.split())
