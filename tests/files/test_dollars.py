"""Today's dollars: the shipped price index, restating rates, and saying in which dollars."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from iopcost.core.dollars import Month
from iopcost.core.errors import DataFileError
from iopcost.files.bundled import bundled_file
from iopcost.files.price_index import load_price_index, parse_price_index

from conftest import SEED_YAML, assert_refused, run

D = Decimal


def test_shipped_index_shape_and_known_values() -> None:
    """Three BLS series from January 2015, with the figures BLS published."""
    index = load_price_index()
    assert sorted(index.series) == ["hospital", "medical-services", "outpatient"]
    hospital = index.series["hospital"]
    assert (hospital.id, hospital.title) == ("CUUR0000SEMD01", "Hospital services")
    assert index.series["outpatient"].id == "CUUR0000SS5703"
    assert index.series["medical-services"].id == "CUUR0000SAM2"
    assert all(series.base.endswith("=100") for series in index.series.values())
    assert all(series.first == Month(2015, 1) for series in index.series.values())
    assert hospital.values[Month(2023, 11)] == D("402.222")
    assert hospital.values[Month(2026, 8)] == D("459.659")
    assert Month(2025, 10) not in hospital.values  # BLS published no October 2025 CPI
    text = bundled_file("price_index.csv").read_text()
    assert f"latest month {hospital.latest}." in text
    assert "scripts/update_price_index.py" in text


def test_restated_in_august_2026_dollars() -> None:
    """The issue's figures: $571.40-$914.24 a day, 56 days $31,998.40-$51,197.44."""
    args = ["compare", "--weeks", "8", "--sessions", "3", "--dollars", "2026-08"]
    doc = json.loads(run([*args, "-f", "json"]).stdout, parse_float=D)
    inpatient = doc["levels"][0]
    assert (inpatient["rate_low"], inpatient["rate_high"]) == (D("571.40"), D("914.24"))
    assert (inpatient["total_low"], inpatient["total_high"]) == (D("31998.40"), D("51197.44"))
    assert doc["dollars"] == {
        "base_month": "2023-11",
        "target_month": "2026-08",
        "series": "CUUR0000SEMD01",
        "base_index": D("402.222"),
        "target_index": D("459.659"),
        "factor": D("1.142799"),
    }
    table = " ".join(run(args).stdout.split())
    assert "Estimated cost of 8 weeks of care, in August 2026 dollars" in table
    assert "$31,998.40" in table and "$51,197.44" in table
    assert "from November 2023 to August 2026 dollars" in table
    assert "CUUR0000SEMD01" in table and "x 1.1428" in table


def test_rates_as_published_say_so() -> None:
    """Without --dollars, people's outputs say how prices moved; JSON is unchanged."""
    table = " ".join(run(["compare"]).stdout.split())
    assert (
        "Rates are in November 2023 dollars; hospital prices rose 14.3 % to August 2026 "
        "(BLS CPI-U): add --dollars latest." in table
    )
    assert "dollars" not in json.loads(run(["compare", "-f", "json"]).stdout)
    markdown = run(["compare", "-f", "markdown"]).stdout
    assert "hospital prices rose 14.3 %" in markdown


def test_undated_file_has_no_dollars_line(write) -> None:  # type: ignore[no-untyped-def]
    """A cost file without source.published is shown as it is, without a claim about dollars."""
    path = write(SEED_YAML.replace("  published: 2023-11-29\n", ""))
    assert "dollars" not in run(["compare", "--data", path]).stdout


def test_missing_month_uses_the_nearest_earlier() -> None:
    """BLS published no October 2025 figure: September 2025 is used, and the output says so."""
    args = ["compare", "--dollars", "2025-10"]
    doc = json.loads(run([*args, "-f", "json"]).stdout)
    assert doc["dollars"]["target_month"] == "2025-09"
    text = " ".join(run(args).stdout.split())
    assert "October 2025 has no published figure; September 2025 was used." in text


def test_latest_and_other_series() -> None:
    """latest is the series' last month; --price-index chooses the series."""
    index = load_price_index()
    doc = json.loads(run(["compare", "--dollars", "latest", "-f", "json"]).stdout)
    assert doc["dollars"]["target_month"] == str(index.series["hospital"].latest)
    doc = json.loads(
        run(["compare", "--dollars", "2026-08", "--price-index", "outpatient", "-f", "json"]).stdout
    )
    assert doc["dollars"]["series"] == "CUUR0000SS5703"


def test_published_base_month_missing_from_the_series(write) -> None:  # type: ignore[no-untyped-def]
    """Rates dated in a month without a figure are based on the nearest earlier month."""
    path = write(SEED_YAML.replace("published: 2023-11-29", "published: 2025-10-15"))
    doc = json.loads(run(["compare", "--data", path, "--dollars", "2026-08", "-f", "json"]).stdout)
    assert doc["dollars"]["base_month"] == "2025-09"


def test_plan_levels_and_batch_restate_too(tmp_path: Path) -> None:
    """plan, levels and batch (flag and column) price in the dollars asked for."""
    plan = json.loads(run(["plan", "inpatient:1", "--dollars", "2026-08", "-f", "json"]).stdout)
    assert plan["steps"][0]["total_low"] == 3999.8  # 7 days at $571.40
    assert plan["dollars"]["target_month"] == "2026-08"
    levels = json.loads(run(["levels", "--dollars", "2026-08", "-f", "json"]).stdout)
    assert levels["levels"][0]["rate_high"] == 914.24
    assert "in August 2026 dollars" in run(["levels", "--dollars", "2026-08"]).stdout
    out = run(["batch", "--dollars", "2026-08"], stdin="weeks,dollars\n8,\n8,published\n").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["total_low"] for r in rows[::3]] == ["31998.40", "28000.00"]
    line = run(["batch", "-f", "jsonl"], stdin="weeks,dollars\n8,2026-08\n").stdout.splitlines()[0]
    assert json.loads(line)["dollars"]["target_month"] == "2026-08"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--dollars", "2014-12"], ["--dollars", "2015-01 to", "not 2014-12"]),
        (["--dollars", "2099-01"], ["--dollars", "2015-01 to", "not 2099-01"]),
        (["--dollars", "2026-13"], ["--dollars", "not a month", "2026-08"]),
        (["--dollars", "soon"], ["--dollars", "published, latest"]),
        (["--price-index", "food"], ["--price-index"]),
    ],
    ids=["before", "after", "month-13", "word", "series"],
)
def test_bad_dollars_flags_exit_2(args: list[str], words: list[str]) -> None:
    """A month outside the series or malformed: one sentence, exit 2."""
    assert_refused(run(["compare", *args]), 2, *words)


@pytest.mark.parametrize(
    ("published", "words"),
    [
        (None, ["source.published is missing", "YYYY-MM-DD"]),
        ("Fall 2023", ["'Fall 2023', not a date"]),
        ("2010-05-01", ["2010-05", "before the price index starts"]),
    ],
    ids=["missing", "not-a-date", "too-old"],
)
def test_cost_file_that_cannot_be_restated(write, published: str | None, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    """--dollars with a cost file that has no usable date: exit 1, the file named."""
    line = "" if published is None else f"  published: {published}\n"
    path = write(SEED_YAML.replace("  published: 2023-11-29\n", line))
    assert_refused(run(["compare", "--data", path, "--dollars", "latest"]), 1, "costs.yaml", *words)


def test_bad_dollars_cell_is_a_row_error() -> None:
    """A batch row asking for dollars outside the index is reported with its row and column."""
    outcome = run(["batch"], stdin="weeks,dollars\n1,2026-08\n1,1999-01\n")
    assert outcome.exit_code == 1
    assert "row 2, column dollars" in outcome.stderr and "2015-01 to" in outcome.stderr


@pytest.mark.parametrize(
    "text",
    [
        "month,X\n2015-01,1\n",
        "# series,hospital,A,T,B,M\nmonth,A\n2015-01,abc\n",
        "# series,hospital,A,T,B,M\nmonth,A\n2015-01,1,2\n",
        "# series,hospital,A,T,B,M\nmonth,A\n2015-13,1\n",
        "",
    ],
    ids=["undescribed", "not-a-number", "extra-field", "month-13", "empty"],
)
def test_damaged_index_is_refused(text: str, tmp_path: Path) -> None:
    """A damaged index file: exit 1, one sentence naming it and the fix."""
    broken = tmp_path / "price_index.csv"
    broken.write_text(text)
    with pytest.raises(DataFileError, match="damaged"):
        load_price_index(broken)
    with pytest.raises(ValueError, match=r"line \d|series are"):
        parse_price_index(text, origin="x")


@pytest.mark.slow
def test_damaged_shipped_index_is_one_sentence(tmp_path: Path) -> None:
    """An installation whose shipped index is damaged: exit 1, the file named, no traceback."""
    import iopcost

    installed = tmp_path / "site"
    shutil.copytree(Path(iopcost.__file__).parent, installed / "iopcost")
    (installed / "iopcost" / "data").mkdir(exist_ok=True)
    shutil.copy(bundled_file("cost_ranges.yaml"), installed / "iopcost" / "data")
    (installed / "iopcost" / "data" / "price_index.csv").write_text("month,X\n2015-01,1\n")
    done = subprocess.run(
        [sys.executable, "-m", "iopcost", "compare", "--dollars", "latest"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(installed)},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1, done
    assert done.stdout == ""
    assert "price_index.csv" in done.stderr and "damaged" in done.stderr
    assert "Traceback" not in done.stderr
