"""`iopcost batch`: shapes, row numbers, bad rows, accounting and odd inputs."""

from __future__ import annotations

import csv
import gc
import io
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import assert_refused, run


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_long_format() -> None:
    """One row per scenario and level, with row numbers and ids echoed."""
    out = run(["batch"], stdin="id,weeks,sessions\nann,8,3\nbob,4,5\n").stdout
    rows = rows_of(out)
    assert out.splitlines()[0] == "row,id,level,units,units_high,total_low,total_high"
    assert [(r["row"], r["id"], r["level"], r["units"]) for r in rows] == [
        ("1", "ann", "inpatient", "56"), ("1", "ann", "php", "40"), ("1", "ann", "iop", "24"),
        ("2", "bob", "inpatient", "28"), ("2", "bob", "php", "20"), ("2", "bob", "iop", "20"),
    ]  # fmt: skip
    assert rows[2]["total_low"] == "4800.00"


def test_jsonl_in_and_out() -> None:
    """JSON Lines: one object per scenario, levels as in compare's JSON."""
    stdin = '{"weeks": 8, "id": "a"}\n{"weeks": 2, "per_week": {"php": 3}}\n'
    out = run(["batch", "--input-format", "jsonl", "--format", "jsonl"], stdin=stdin).stdout
    first, second = (json.loads(line) for line in out.splitlines())
    assert (first["row"], first["id"], first["levels"][0]["total_low"]) == (1, "a", 28000)
    assert second["levels"][1]["units"] == 6


def test_patient_columns_from_header() -> None:
    """Insurance columns in the header add patient_low and patient_high."""
    out = run(["batch"], stdin="weeks,deductible,coinsurance\n4,2000,20\n4,,\n").stdout
    rows = rows_of(out)
    assert rows[0]["patient_low"] == "4400.00"
    assert rows[3]["patient_low"] == ""


def test_row_numbers_skip_header_and_count_blank_lines() -> None:
    """`row` is the data line number: blank lines are not scenarios but keep their place."""
    out = run(["batch"], stdin="weeks\n1\n\n3\n").stdout
    assert sorted({r["row"] for r in rows_of(out)}) == ["1", "3"]


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ("weeks\n1\n0\n", ["row 2", "column weeks", "1 to 520", "not 0"]),
        ("weeks\n1\nabc\n", ["row 2", "weeks", "abc"]),
        ("weeks,sessions\n1,15\n", ["row 1", "sessions", "1 to 14"]),
        ("weeks,per_week.php\n1,9\n", ["row 1", "per_week.php", "1 to 7"]),
        ("weeks,coinsurance\n1,101\n", ["row 1", "coinsurance", "0 to 100"]),
        ("weeks,deductible\n1,-5\n", ["row 1", "deductible"]),
        ("weeks,copay\n1,nan\n", ["row 1", "copay"]),
        ("weeks\n1\n2,3\n", ["row 2", "fields"]),
        ("weeks\n\n \n1\n,\n", ["row 4"]),
    ],
    ids=[
        "zero-weeks",
        "word-weeks",
        "sessions",
        "per-week",
        "coinsurance",
        "negative",
        "nan",
        "extra-field",
        "empty-weeks",
    ],
)
def test_first_bad_row_stops_the_run(stdin: str, words: list[str]) -> None:
    """By default the first bad row is named on stderr and the run exits 1."""
    outcome = run(["batch"], stdin=stdin)
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.stderr
    for word in words:
        assert word in outcome.stderr


def test_continue_on_error_accounts_for_every_row() -> None:
    """Good rows written, bad ones reported; written + rejected = scenarios."""
    stdin = "id,weeks\na,1\nb,0\nc,2\nd,x\ne,3\n"
    outcome = run(["batch", "--continue-on-error"], stdin=stdin)
    assert outcome.exit_code == 1
    assert sorted({r["id"] for r in rows_of(outcome.stdout)}) == ["a", "c", "e"]
    assert "row 2, column weeks" in outcome.stderr and "row 4, column weeks" in outcome.stderr
    assert outcome.stderr.strip().endswith("5 scenarios, 3 written, 2 rejected")


def test_continue_on_error_all_good_exits_0() -> None:
    """With nothing rejected, the summary says so and the exit code is 0."""
    outcome = run(["batch", "--continue-on-error"], stdin="weeks\n1\n")
    assert outcome.exit_code == 0
    assert "1 scenarios, 1 written, 0 rejected" in outcome.stderr


def test_header_only_writes_header() -> None:
    """An input with just a header writes just the header."""
    outcome = run(["batch"], stdin="weeks,id\n")
    assert outcome.exit_code == 0
    assert outcome.stdout == "row,id,level,units,units_high,total_low,total_high\n"


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ("id,sessions\nx,3\n", ["no weeks column"]),
        ("weeks,wekes\n1,2\n", ["unknown column", "wekes", "--ignore-unknown"]),
        ("weeks,per_week.rehab\n1,2\n", ["unknown column", "per_week.rehab"]),
        ("weeks,weeks\n1,2\n", ["twice"]),
        ("", ["empty"]),
    ],
    ids=["no-weeks", "typo", "unknown-level", "duplicate", "empty"],
)
def test_header_problems_before_any_row(stdin: str, words: list[str]) -> None:
    """Header problems are reported before any output: exit 1, nothing on stdout."""
    assert_refused(run(["batch"], stdin=stdin), 1, *words)


def test_ignore_unknown() -> None:
    """--ignore-unknown skips unknown columns."""
    outcome = run(["batch", "--ignore-unknown"], stdin="weeks,notes\n1,call back\n")
    assert outcome.exit_code == 0
    assert len(rows_of(outcome.stdout)) == 3


def test_bom_and_crlf() -> None:
    """A UTF-8 byte-order mark and CRLF line endings are read as plain CSV."""
    outcome = run(["batch"], stdin=b"\xef\xbb\xbfid,weeks\r\na,1\r\nb,2\r\n")
    assert outcome.exit_code == 0
    assert [r["id"] for r in rows_of(outcome.stdout)][::3] == ["a", "b"]


def test_non_utf8_row_is_reported() -> None:
    """A row that is not UTF-8 is reported with its number, others are written."""
    outcome = run(["batch", "--continue-on-error"], stdin=b"id,weeks\na,1\n\xff\xfe,2\nc,3\n")
    assert "row 2" in outcome.stderr and "UTF-8" in outcome.stderr
    assert [r["id"] for r in rows_of(outcome.stdout)][::3] == ["a", "c"]


def test_binary_input_is_refused_cleanly() -> None:
    """Binary junk never produces a traceback."""
    outcome = run(["batch"], stdin=bytes(range(256)) * 4)
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.stderr


def test_missing_input_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A missing input file is named."""
    assert_refused(run(["batch", str(tmp_path / "none.csv")]), 1, "none.csv", "does not exist")


def test_input_file_by_extension(write) -> None:  # type: ignore[no-untyped-def]
    """A .jsonl file is read as JSON Lines without --input-format."""
    path = write('{"weeks": 1}\n', "cases.jsonl")
    assert len(rows_of(run(["batch", path]).stdout)) == 3


def test_ids_with_line_breaks_survive() -> None:
    """An id holding a newline or a lone carriage return reads back intact."""
    stdin = 'id,weeks\n"two\nlines",1\n"cr\ronly",1\n'
    rows = rows_of(run(["batch"], stdin=stdin).stdout)
    assert [r["id"] for r in rows][::3] == ["two\nlines", "cr\ronly"]
    assert [r["row"] for r in rows][::3] == ["1", "3"]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('{"id": "a"}', ["row 2", "weeks", "missing"]),
        ('{"weeks": 2, "wekes": 1}', ["row 2", "unknown column", "wekes"]),
        ('{"weeks": true}', ["row 2", "weeks", "whole number"]),
        ('{"weeks": 2.5}', ["row 2", "weeks", "whole number"]),
        ("[1, 2]", ["row 2", "JSON object"]),
        ('{"weeks": 2', ["row 2", "not valid JSON"]),
        ('{"weeks": 2, "coinsurance": 0.2}', ["row 2", "coinsurance", "0.2 %", "write 20"]),
    ],
    ids=["no-weeks", "typo", "boolean", "fraction", "array", "broken", "fraction-coinsurance"],
)
def test_jsonl_bad_rows(line: str, words: list[str]) -> None:
    """JSON Lines rows are checked like CSV rows, each named by its line."""
    outcome = run(
        ["batch", "--input-format", "jsonl", "--continue-on-error"],
        stdin='{"weeks": 1}\n' + line + "\n",
    )
    assert outcome.exit_code == 1
    for word in words:
        assert word in outcome.stderr
    assert outcome.stderr.strip().endswith("2 scenarios, 1 written, 1 rejected")


@pytest.mark.parametrize(
    "args", [["batch"], ["compare"], ["plan", "iop:2"], ["levels"]], ids=lambda a: a[0]
)
def test_every_command_runs_with_the_collector_on(args: list[str]) -> None:
    """The entry point pauses garbage collection for start-up; every command resumes it."""
    gc.disable()
    try:
        out = run(args, stdin="weeks\n8\n")
        resumed = gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
    assert out.exit_code == 0, out
    assert resumed


def test_later_jsonl_row_may_carry_plan_terms() -> None:
    """JSON Lines rows stand alone: terms in a later row are priced, CSV has the patient columns."""
    stdin = '{"weeks": 1}\n{"weeks": 4, "deductible": "$2,000", "coinsurance": "20%"}\n'
    rows = rows_of(run(["batch", "--input-format", "jsonl"], stdin=stdin).stdout)
    assert [r["patient_low"] for r in rows] == ["", "", "", "4400.00", "3000.00", "2080.00"]


@pytest.mark.parametrize(
    ("stdin", "fmt", "words"),
    [
        ("", "jsonl", ["empty"]),
        ("\n\n", "jsonl", ["empty"]),
        ('"' + "x" * 200_000 + '"\n1\n', "csv", ["header", "not valid CSV"]),
    ],
    ids=["empty-jsonl", "blank-jsonl", "oversized-header"],
)
def test_odd_inputs_are_refused_plainly(stdin: str, fmt: str, words: list[str]) -> None:
    """An empty JSON Lines input reads like an empty CSV; an oversized header is not a bug."""
    assert_refused(run(["batch", "--input-format", fmt], stdin=stdin), 1, *words)


def test_first_row_bad_writes_nothing() -> None:
    """A run stopped by its first row writes nothing to stdout, not even the header."""
    assert_refused(
        run(["batch"], stdin="weeks,deductible\n2,lots\n3,100\n"), 1, "row 1", "deductible"
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("$1,500", "1500"), ("1,500.00", "1500"), ("1500", "1500"), ("1e3", None), ("1,50", None),
     ("-5", None), ("0.001", None), ("nan", None)],
    ids=["dollar-comma", "comma-cents", "plain", "exponent", "bad-group", "negative", "mills", "nan"],
)  # fmt: skip
def test_batch_amounts_follow_the_one_grammar(cell: str, expected: str | None) -> None:
    """A batch cell is read like --deductible and a cost file: same grammar, same answer."""
    batch = run(["batch"], stdin=f'weeks,deductible\n1,"{cell}"\n')
    flag = run(["compare", "--weeks", "1", "--deductible", cell, "-f", "json"])
    if expected is None:
        assert batch.exit_code == 1 and "column deductible" in batch.stderr
        assert flag.exit_code == 2 and "--deductible" in flag.stderr
        return
    # Inpatient: a week at $500 a day is $3,500, all under the deductible.
    paid = min(Decimal(expected), 3500)
    assert rows_of(batch.stdout)[0]["patient_low"] == f"{paid:.2f}"
    assert json.loads(flag.stdout)["levels"][0]["patient_low"] == paid


amount_st = st.none() | st.decimals(min_value=0, max_value=20_000, places=2)
scenario_st = st.fixed_dictionaries(
    {
        "weeks": st.integers(min_value=1, max_value=520),
        "sessions": st.none() | st.integers(min_value=1, max_value=14),
        "deductible": amount_st,
        "coinsurance": st.none()
        | st.just(Decimal(0))
        | st.decimals(min_value=1, max_value=100, places=3),
        "copay": amount_st,
        "oop_max": amount_st,
    }
).filter(
    # A plan's maximum includes its deductible (a plan that breaks that is refused).
    lambda s: s["oop_max"] is None or s["deductible"] is None or s["deductible"] <= s["oop_max"]
)


@given(st.lists(scenario_st, min_size=1, max_size=4))
@settings(max_examples=30, deadline=None)
def test_batch_rows_equal_compare(scenarios: list[dict[str, object]]) -> None:
    """For any scenarios, every batch row equals the figures of `compare --format json`."""
    keys = list(scenarios[0])
    lines = ["id," + ",".join(keys)]
    lines += [f"s{n}," + ",".join("" if s[k] is None else str(s[k]) for k in keys)
              for n, s in enumerate(scenarios)]  # fmt: skip
    rows = rows_of(run(["batch"], stdin="\n".join(lines) + "\n").stdout)
    assert len(rows) == 3 * len(scenarios)
    for n, scenario in enumerate(scenarios):
        flags = [
            item
            for key, value in scenario.items()
            if value is not None
            for item in (f"--{key.replace('_', '-')}", str(value))
        ]
        doc = json.loads(run(["compare", *flags, "-f", "json"]).stdout, parse_float=Decimal)
        for row, level in zip(rows[3 * n : 3 * n + 3], doc["levels"], strict=True):
            assert row["id"] == f"s{n}"
            assert (row["level"], int(row["units"])) == (level["id"], level["units"])
            for key in ("total_low", "total_high", "patient_low", "patient_high"):
                expected = level.get(key)
                assert row[key] == ("" if expected is None else f"{expected:.2f}"), key
