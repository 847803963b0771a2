"""The application layer called as a library: one function per use case, no Typer."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from iopcost.app.estimate import Destination, EstimateRequest, Rates, compare, levels, plan
from iopcost.app.output import emit
from iopcost.app.prices import PricesRequest, prices
from iopcost.core.errors import OutputError, UsageProblem
from iopcost.core.weeks import Weeks

from conftest import FIXTURE

HOSPITAL = Path(__file__).resolve().parents[1] / "fixtures" / "hospital"
RATES = Rates(data=(str(FIXTURE),))


def _said() -> tuple[list[str], object]:
    said: list[str] = []
    return said, said.append


def test_compare_writes_the_json_contract_on_the_stream() -> None:
    """compare as a function: the same document as `compare -f json`, plan terms applied."""
    out = io.StringIO()
    said, say = _said()
    request = EstimateRequest(rates=RATES, sessions=3, terms={"deductible": Decimal(1000)})
    compare(request, Destination(output_format="json"), weeks=Weeks(4, 4), out=out, say=say)  # type: ignore[arg-type]
    document = json.loads(out.getvalue())
    assert [level["units"] for level in document["levels"]] == [
        4 * level["per_week"] for level in document["levels"]
    ]
    assert document["insurance"]["deductible"] == 1000
    assert said == []


def test_plan_writes_a_report_and_says_so(tmp_path: Path) -> None:
    """A report file is written whole and said in one line; nothing goes to the stream."""
    out = io.StringIO()
    said, say = _said()
    target = tmp_path / "course.md"
    destination = Destination(output=str(target), prepared_for="A. Family")
    plan(EstimateRequest(rates=RATES), destination, steps=["php:2", "iop:4"], out=out, say=say)  # type: ignore[arg-type]
    assert out.getvalue() == ""
    assert said == [f"Wrote {target}."]
    assert "Prepared for: A. Family" in target.read_text()


def test_a_report_option_without_a_report_is_a_usage_problem() -> None:
    """--prepared-for without --output is refused before anything is read."""
    with pytest.raises(UsageProblem, match="add --output FILE"):
        compare(EstimateRequest(rates=Rates(data=("missing.yaml",))),
                Destination(prepared_by="me"), weeks=Weeks(8, 8), out=io.StringIO(),
                say=print)  # fmt: skip


def test_levels_as_a_cost_file() -> None:
    """levels in yaml is the cost file itself."""
    out = io.StringIO()
    levels(RATES, "yaml", out=out)
    assert "levels:" in out.getvalue()


def test_prices_of_one_file_as_a_cost_file(tmp_path: Path) -> None:
    """prices as a function: a hospital's file to a cost file written atomically."""
    target = tmp_path / "local.yaml"
    said, say = _said()
    request = PricesRequest(files=(str(HOSPITAL / "v3.0.0_tall_example.csv"),), price="gross",
                            output=str(target))  # fmt: skip
    prices(request, out=io.StringIO(), say=say)  # type: ignore[arg-type]
    assert said == [f"Wrote {target}."]
    assert "rate:" in target.read_text() or "low:" in target.read_text()


def test_emit_refuses_bytes_on_a_stream_and_an_input_as_output(tmp_path: Path) -> None:
    """A PDF needs a file; a result never replaces a file it was read from."""
    with pytest.raises(OutputError, match="--output"):
        emit(b"%PDF", output=None, force=False, inputs=(), out=io.StringIO(), say=print)
    source = tmp_path / "rates.yaml"
    source.write_text("x")
    with pytest.raises(OutputError, match="read from"):
        emit("y", output=str(source), force=True, inputs=(str(source),), out=io.StringIO(),
             say=print)  # fmt: skip
    assert source.read_text() == "x"
