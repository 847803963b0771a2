"""The per-command sheets on their own: records, columns, totals, notes and bars."""

from __future__ import annotations

from decimal import Decimal

import pytest

from iopcost.core.estimate import compare
from iopcost.core.pathway import parse_steps, plan_course
from iopcost.core.terms import plan_terms
from iopcost.files.cost_file import load_cost_table
from iopcost.render.compare import comparison_sheet
from iopcost.render.figures import Shown
from iopcost.render.levels import levels_sheet
from iopcost.render.notes import Note, Where
from iopcost.render.plan import pathway_sheet
from iopcost.render.report_parts import notes_and_assumptions
from iopcost.render.sheet import Column, Sheet, amount_range, field

from conftest import FIXTURE

TABLE = load_cost_table(str(FIXTURE))
PER_WEEK = {"inpatient": 7, "php": 5, "iop": 3}
D = Decimal


def test_shown_ranges_never_run_backwards() -> None:
    """A range is low - high, one amount when equal, low / high when it runs backwards."""
    shown = Shown("$", with_cents=False)
    assert shown.range(D(5240), D(6000)) == "$5,240 - $6,000"
    assert shown.range(D("6000.004"), D(6000)) == "$6,000"
    assert shown.range(D(1680), D(720)) == "$1,680 / $720"
    assert shown.amount(None) == ""


def test_a_sheet_with_cents_anywhere_shows_cents_everywhere() -> None:
    """The money format is the sheet's: one amount with cents gives every amount cents."""
    records = (
        {"name": "a", "low": D(1), "high": D(2)},
        {"name": "b", "low": D("1.5"), "high": D(3)},
    )
    columns = (Column("Name", field("name")), Column("Range", amount_range("low", "high")))
    sheet = Sheet("T", ("name", "low", "high"), records, columns, (), {})
    assert sheet.cells() == (("a", "$1.00 - $2.00"), ("b", "$1.50 - $3.00"))


def test_comparison_sheet_records_columns_and_bars() -> None:
    """compare's sheet: one record per level, keys for machines, bars from the records."""
    sheet = comparison_sheet(compare(TABLE, weeks=8, per_week=PER_WEEK))
    assert [record["id"] for record in sheet.records] == ["inpatient", "php", "iop"]
    assert sheet.keys[:3] == ("id", "name", "unit") and "patient_low" not in sheet.keys
    assert [column.label for column in sheet.columns][:3] == ["Level of care", "Billed", "Rate"]
    assert sheet.cells()[2][1] == "24 sessions"
    assert [(bar.label, bar.low, bar.high) for bar in sheet.bars()][2] == (
        "Intensive outpatient (IOP)",
        D(4800),
        D(7200),
    )
    assert sheet.bottom_line[0].startswith("Over 8 weeks, Intensive outpatient (IOP)")
    assert sheet.notes[-1] == Note(
        "caveat",
        "Estimates from average rates, not quotes: ask each provider for its prices and your health plan for your benefits.",
        Where.TERMINAL,  # a report says it among its assumptions
    )


def test_comparison_sheet_with_plan_terms_adds_what_the_family_pays() -> None:
    """Plan terms add the patient's and the plan's columns, keys and bars."""
    terms = plan_terms(None, deductible=D(2000), coinsurance=D(20), oop_max=D(6000))
    sheet = comparison_sheet(compare(TABLE, weeks=8, per_week=PER_WEEK, terms=terms))
    assert {"patient_low", "insurer_high", "max_reached_week_high"} <= set(sheet.keys)
    assert "You pay" in [column.label for column in sheet.columns]
    assert sheet.bars()[0].patient_high == D(6000)
    terms_notes = [note for note in sheet.notes if note.about == "terms"]
    assert terms_notes[0].text.startswith("Plan terms assumed: $2,000 deductible left")
    assert {note.where for note in terms_notes} == {Where.TERMINAL}


@pytest.mark.parametrize("terms", [None, plan_terms(None, deductible=D(500))], ids=["list", "plan"])
def test_pathway_sheet_total_row_and_labels(terms: object) -> None:
    """plan's sheet: one record per step, a total row shown apart, bars labelled by step."""
    specs = parse_steps(["inpatient:10d", "iop:4"])
    sheet = pathway_sheet(plan_course(TABLE, specs, per_week=PER_WEEK, terms=terms))  # type: ignore[arg-type]
    assert [record["step"] for record in sheet.records] == [1, 2]
    assert sheet.total is not None and sheet.total["level"] == "total"
    total = sheet.total_cells()
    assert total is not None and total[1] == "Whole course"
    assert [bar.label for bar in sheet.bars()] == [
        "1. Inpatient / residential, 10 days",
        "2. Intensive outpatient (IOP), 4 weeks",
    ]
    assert ("patient_low" in sheet.keys) == (terms is not None)


def test_levels_sheet_lists_the_file() -> None:
    """levels' sheet: each level's id, unit and rate, and which file they came from."""
    sheet = levels_sheet(TABLE)
    assert sheet.keys == ("id", "name", "unit", "per_week", "rate_low", "rate_high")
    assert sheet.cells()[0][4] == "$500-$800 per day"
    assert sheet.notes[0].text == f"Cost file: {TABLE.origin}."
    assert sheet.bars() == ()


def test_a_report_selects_notes_by_where_they_belong() -> None:
    """A report's notes: its assumptions, then the notes that belong in a report (a
    course's same length at one level), never the terminal's restatements."""
    specs = parse_steps(["inpatient:10d", "iop:4"])
    sheet = pathway_sheet(plan_course(TABLE, specs, per_week=PER_WEEK))
    said = notes_and_assumptions(sheet)
    assert said[: len(sheet.assumptions)] == tuple(
        f"{topic}: {text}" for topic, text in sheet.assumptions
    )
    same = next(note for note in sheet.notes if note.about == "same length")
    assert said[len(sheet.assumptions) :] == (same.text,)
    reworded = sheet._replace(notes=(*sheet.notes, Note("extra", "Any words -- at all.")))
    assert notes_and_assumptions(reworded)[-1] == "Any words -- at all."


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("negotiated", "$661.12-$48,178.63 per day"),
     ("allowed", "$661.12-$48,178.63 per claim line, not a rate per day")],
    ids=["a-rate", "allowed-amounts"],
)  # fmt: skip
def test_a_rate_says_its_unit_exactly(kind: str, expected: str) -> None:
    """Allowed amounts are per claim line, never labelled a rate per day."""
    from iopcost.core.charges import PriceKind
    from iopcost.render.words import rate_text

    per_unit = PriceKind(kind).per_unit
    assert rate_text(D("661.12"), D("48178.63"), "day", "$", per_unit=per_unit) == expected
