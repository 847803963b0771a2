"""Length fits the level: a level can say its usual length (detox: days) with its source;
compare says in words why its figure over many weeks is not typical, and how to price
its usual length; the hint runs."""

from __future__ import annotations

import pytest

from iopcost.files.care_codes import load_care_codes
from iopcost.files.cost_file import cost_file_text, load_cost_table

from conftest import assert_refused, run

COSTS = """currency: USD
source: {title: Test clinic, published: 2026-01-01}
levels:
  detox:
    name: Inpatient detox
    unit: day
    per_week: 7
    rate: 1400
    usual_length: {days: 3-7, source: "The clinic's own stays, 2025"}
  iop: {name: IOP, unit: session, per_week: 3, rate: 250}
"""


def test_the_usual_length_is_read_written_and_bundled(write) -> None:  # type: ignore[no-untyped-def]
    table = load_cost_table(write(COSTS))
    usual = table.levels[0].usual
    assert usual is not None and (usual.low, usual.high, usual.days()) == (3, 7, "3 to 7 days")
    again = load_cost_table(write(cost_file_text(table), "again.yaml"))
    assert again.levels[0].usual == usual
    detox = load_care_codes(None).level("detox")
    assert detox.usual is not None and "SAMHSA TIP 45" in detox.usual.source


def test_compare_says_why_a_long_detox_figure_is_not_typical(write) -> None:  # type: ignore[no-untyped-def]
    path = write(COSTS)
    out = run(["compare", "--data", path, "--weeks", "8"], env={"COLUMNS": "200"}).stdout
    assert (
        "Inpatient detox: a stay usually lasts 3 to 7 days (The clinic's own stays, 2025); "
        "its figure here, for 8 weeks, is far longer than a typical stay." in out
    )
    assert "To price Inpatient detox for its usual length: iopcost plan detox:7d." in out
    hint = run(["plan", "detox:7d", "--data", path, "-f", "json"])
    assert hint.exit_code == 0, hint
    one_week = run(["compare", "--data", path, "--weeks", "1"], env={"COLUMNS": "200"}).stdout
    assert "usually lasts" not in one_week  # 7 days is within its usual length


@pytest.mark.parametrize(
    ("days", "words"),
    [("7-3", "runs backwards"), ("0", "from 1 to 365"), ("a week", "from 1 to 365")],
)
def test_a_bad_usual_length_is_refused(write, days: str, words: str) -> None:  # type: ignore[no-untyped-def]
    path = write(COSTS.replace("days: 3-7", f"days: {days}"))
    assert_refused(run(["compare", "--data", path]), 1, "usual_length", words)
