"""Renderers: JSON round-trips, CSV quoting, Markdown escaping, table fitting."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcost.render.machine import json_text, write_delimited

from conftest import run

texts = st.text(max_size=20)
amounts = st.decimals(
    min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)
leaves = st.none() | st.booleans() | st.integers(-(10**12), 10**12) | texts | amounts
documents = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


def plain(value: object) -> object:
    """What a document should read back as: Decimals become their exact value."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@given(documents, st.sampled_from([2, None]))
def test_json_round_trips(document: object, indent: int | None) -> None:
    """Any document of text, numbers and amounts reads back as written, amounts exact."""
    text = json_text(document, indent=indent)
    if indent is None:
        assert "\n" not in text
    assert json.loads(text, parse_float=Decimal) == plain(document)


@given(st.lists(st.tuples(texts, amounts), max_size=5))
def test_csv_round_trips(rows: list[tuple[str, Decimal]]) -> None:
    """Names with commas, quotes or newlines survive CSV (one that starts like a
    spreadsheet formula gains a leading apostrophe, and only it); amounts have two
    decimals."""
    from iopcost.render.machine import FORMULA_STARTS, inert_cell

    out = io.StringIO()
    write_delimited(
        ["name", "amount"], [{"name": n, "amount": a} for n, a in rows], out, output_format="csv"
    )
    back = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["name"] for r in back] == [inert_cell(n) for n, _ in rows]
    for (name, _amount), row in zip(rows, back, strict=True):
        assert row["name"] == name or (
            name.startswith(FORMULA_STARTS) and row["name"] == "'" + name
        )
    assert [Decimal(r["amount"]) for r in back] == [a.quantize(Decimal("0.01")) for _, a in rows]


@given(
    st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False),
    st.integers(min_value=1, max_value=520 * 7),
)
def test_json_keeps_non_money_decimals_exact(coinsurance: Decimal, days: int) -> None:
    """A coinsurance of 33.3333 % or a course of 5.43 weeks is written exactly, not in cents."""
    weeks = (Decimal(days) / 7).quantize(Decimal("0.01"))
    back = json.loads(json_text({"c": coinsurance, "w": weeks}), parse_float=Decimal)
    assert back == {"c": coinsurance, "w": weeks}


def test_markdown_escapes_pipes(write) -> None:  # type: ignore[no-untyped-def]
    """A level name with a pipe does not break the Markdown table."""
    from conftest import SEED_YAML

    path = write(SEED_YAML.replace("name: Intensive outpatient (IOP)", 'name: "IOP | evenings"'))
    out = run(["compare", "--format", "markdown", "--data", path]).stdout
    row = next(line for line in out.splitlines() if "evenings" in line)
    assert "IOP \\| evenings" in row
    assert row.count(" | ") == 6


def test_markup_in_names_is_shown_literally(write) -> None:  # type: ignore[no-untyped-def]
    """Square brackets in a cost file are text, not Rich markup."""
    from conftest import SEED_YAML

    path = write(
        SEED_YAML.replace("name: Intensive outpatient (IOP)", 'name: "IOP [bold]x[/bold]"')
    )
    assert "IOP [bold]x[/bold]" in run(["compare", "--data", path]).stdout


def test_narrow_table_hides_columns_and_says_so() -> None:
    """At 60 columns, whole amounts; the hidden columns are named with the fix."""
    out = run(["compare", "--no-chart"], env={"COLUMNS": "60"}).stdout
    assert all(len(line) <= 60 for line in out.splitlines())
    assert "$44,800" in out and "$28,000" in out
    words = " ".join(out.split())
    assert "Midpoint and Less than the most expensive hidden to fit this terminal" in words
    assert "--format markdown" in words
    wide = run(["compare", "--no-chart"], env={"COLUMNS": "120"}).stdout
    assert "hidden" not in wide and "$36,400" in wide


def test_markdown_escapes_html_and_links(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Markdown output and .md reports show HTML and link syntax from a file literally."""
    from conftest import SEED_YAML

    path = write(
        SEED_YAML.replace(
            "name: Intensive outpatient (IOP)", 'name: "<script>x</script> [x](javascript:y) & *b*"'
        )
    )
    report = tmp_path / "r.md"
    assert run(["compare", "--data", path, "-o", str(report)]).exit_code == 0
    outs = [run(["compare", "--format", "markdown", "--data", path]).stdout, report.read_text()]
    for out in outs:
        assert "<script>" not in out and "[x](" not in out and " *b*" not in out
        assert "&lt;script&gt;x&lt;/script&gt; \\[x\\](javascript:y) &amp; \\*b\\*" in out


def test_wide_characters_keep_columns_aligned(write) -> None:  # type: ignore[no-untyped-def]
    """A CJK or emoji level name is measured in terminal cells: no line is wider than the terminal."""
    from rich.cells import cell_len

    from conftest import SEED_YAML

    path = write(
        SEED_YAML.replace("name: Intensive outpatient (IOP)", "name: 集中外来治療プログラム 🏥")
    )
    for width in (40, 60, 80):
        out = run(["compare", "--data", path], env={"COLUMNS": str(width)}).stdout
        assert all(cell_len(line) <= width for line in out.splitlines()), out
        assert "$4,800" in out


@pytest.mark.parametrize(
    "args",
    [["compare", "--no-chart"], ["prices", "tests/fixtures/hospital/v3.0.0_tall_example.csv"],
     ["prices", "tests/fixtures/hospital/v3.0.0_tall_example.csv",
      "tests/fixtures/hospital/v2.0.0_tall_example_v2.2-dictionary.csv", "--jobs", "1"]],
    ids=["compare", "prices", "side-by-side"],
)  # fmt: skip
def test_every_hint_names_an_option_the_command_accepts(args: list[str]) -> None:
    """A narrow terminal's hint names a format the same command writes: run as given, it
    shows every column."""
    root = Path(__file__).resolve().parents[2]
    args = [str(root / arg) if arg.startswith("tests/") else arg for arg in args]
    hints = [
        re.search(r"use (--format \w+) to see every column", " ".join(out.split()))
        for width in range(40, 121, 4)
        for out in (run(args, env={"COLUMNS": str(width)}).stdout,)
    ]
    hint = next((found for found in hints if found is not None), None)
    assert hint is not None, "no width from 40 to 120 hides a column"
    outcome = run([*args, *hint.group(1).split()])
    assert outcome.exit_code == 0, outcome
    assert outcome.stdout.strip()
