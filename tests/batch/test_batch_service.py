"""The batch service on its own: rows, scenarios and the run, without the command line."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from iopcost.batch.rows import RowError, check_columns, csv_records, jsonl_records
from iopcost.batch.run import BatchOptions, Guard, Stop, run_batch
from iopcost.batch.scenarios import ScenarioReader, Tables
from iopcost.core.errors import DataFileError
from iopcost.files.cost_file import load_cost_table

from conftest import FIXTURE

TABLE = load_cost_table(str(FIXTURE))


def options(**changes: object) -> BatchOptions:
    given: dict[str, object] = {
        "dollars": "published",
        "price_index": "hospital",
        "jsonl": False,
        "output_format": "csv",
        "ignore_unknown": False,
        "continue_on_error": False,
        "flush_every": 1000,
        **changes,
    }
    return BatchOptions(**given)  # type: ignore[arg-type]


def batch(text: str, **changes: object) -> tuple[str, list[str], object]:
    out = io.StringIO()
    rejected: list[str] = []
    tally = run_batch(
        io.BytesIO(text.encode()), out, TABLE, options(**changes),
        on_rejected=lambda problem: rejected.append(str(problem)),
    )  # fmt: skip
    return out.getvalue(), rejected, tally


def test_csv_records_number_rows_after_the_header() -> None:
    """Row 1 is the first line after the header; blank lines keep their number."""
    header, records = csv_records(iter(["weeks,id\n", "8,a\n", "\n", "2,b\n"]), {})
    assert header == ["weeks", "id"]
    assert [(row, values) for row, values in records] == [
        (1, {"weeks": "8", "id": "a"}),
        (3, {"weeks": "2", "id": "b"}),
    ]


def test_jsonl_records_flatten_per_week_and_report_bad_lines() -> None:
    """per_week objects become per_week.LEVEL columns; a line that is not an object is a RowError."""
    records = list(jsonl_records(iter(['{"weeks": 1, "per_week": {"php": 3}}\n', "[1]\n"]), {}))
    assert records[0] == (1, {"weeks": 1, "per_week.php": 3})
    row, problem = records[1]
    assert row == 2 and isinstance(problem, RowError) and "JSON object" in str(problem)


@pytest.mark.parametrize(
    ("columns", "words"),
    [(["id"], "no weeks column"), (["weeks", "weeks"], "twice"), (["weeks", "colour"], "colour")],
    ids=["no-weeks", "twice", "unknown"],
)
def test_check_columns_refuses_bad_headers(columns: list[str], words: str) -> None:
    """A header without weeks, with a column twice or an unknown one is refused whole."""
    with pytest.raises(DataFileError, match=words):
        check_columns(columns, TABLE, ignore_unknown=False)


def test_scenario_reader_builds_the_same_inputs_as_flags() -> None:
    """A row's cells become the schedule and terms compare would build from flags."""
    tables = Tables(TABLE, price_index="hospital")
    columns = ["weeks", "sessions", "per_week.PHP", "deductible", "coinsurance", "travel"]
    reader = ScenarioReader(tables, TABLE, columns, text_cells=True)
    values = {"weeks": "4", "sessions": "2", "per_week.PHP": "3", "deductible": "$1,000",
              "coinsurance": "20", "travel": "15"}  # fmt: skip
    scenario = reader.read(7, values)
    assert scenario.per_week == {"inpatient": 7, "php": 3, "iop": 2}
    assert scenario.terms is not None
    assert (scenario.terms.deductible, scenario.terms.share.coinsurance) == (
        Decimal(1000), Decimal(20))  # fmt: skip
    assert scenario.household is not None and scenario.household.travel == Decimal(15)


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ({"weeks": "0"}, "row 3, column weeks"),
        ({"weeks": "1", "per_week.php": "9"}, "row 3, column per_week.php"),
        ({"weeks": "1", "coinsurance": "0.2"}, "row 3, column coinsurance"),
        ({"weeks": "1", "dollars": "1999-13"}, "row 3, column dollars"),
    ],
    ids=["weeks", "per-week", "coinsurance", "dollars"],
)
def test_scenario_reader_names_the_cell_at_fault(values: dict[str, str], where: str) -> None:
    """Each refusal names the row and the column it came from."""
    reader = ScenarioReader(
        Tables(TABLE, price_index="hospital"), TABLE, list(values), text_cells=True
    )
    with pytest.raises(RowError, match=where):
        reader.read(3, values)


def test_run_accounts_for_every_row() -> None:
    """With continue_on_error, every row is written or rejected, and the tally says which."""
    out, rejected, tally = batch("weeks\n1\n0\nx\n2\n", continue_on_error=True)
    assert tally.summary() == "4 scenarios, 2 written, 2 rejected"  # type: ignore[attr-defined]
    assert [problem.split(",")[0] for problem in rejected] == ["row 2", "row 3"]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["row"] for row in rows} == {"1", "4"}
    assert len(rows) == 2 * len(TABLE.levels)


def test_run_stops_at_the_first_bad_row_having_written_nothing() -> None:
    """Without continue_on_error the first bad row is raised; nothing was written before it."""
    with pytest.raises(RowError, match="row 1"):
        batch("weeks,deductible\n1,-5\n2,0\n")


def _write_one_scenario(guard: Guard, written: list[str]) -> None:
    with guard:
        guard.handle(15, None)
        written.append("scenario")


def test_guard_holds_a_signal_until_the_scenario_is_written() -> None:
    """A signal while a scenario is written stops the run after it, not inside it."""
    guard = Guard()
    written: list[str] = []
    with pytest.raises(Stop) as stopped:
        _write_one_scenario(guard, written)
    assert written == ["scenario"] and stopped.value.signum == 15
    with pytest.raises(Stop):
        guard.handle(2, None)


@pytest.mark.parametrize("jsonl", [False, True], ids=["csv", "jsonl"])
def test_a_caseload_that_never_repeats_goes_through_the_fallback_path(
    jsonl: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More than 4,096 rows whose terms all differ: caching whole rows stops, the rest is
    read from the cells but the terms, and every row is priced as compare prices it."""
    from iopcost.core.estimate import compare, schedule
    from iopcost.core.terms import plan_terms

    rows = 5000
    if jsonl:
        text = "".join(
            f'{{"id": "r{n}", "weeks": {1 + n % 12}, "sessions": 3, "deductible": {100 + n}, '
            f'"coinsurance": 20}}\n'
            for n in range(rows)
        )
    else:
        text = "id,weeks,sessions,deductible,coinsurance\n" + "".join(
            f"r{n},{1 + n % 12},3,{100 + n},20\n" for n in range(rows)
        )
    out = io.StringIO()
    readers: list[ScenarioReader] = []
    original = ScenarioReader.__init__

    def kept(self: ScenarioReader, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        readers.append(self)

    monkeypatch.setattr(ScenarioReader, "__init__", kept)
    tally = run_batch(
        io.BytesIO(text.encode()), out, TABLE,
        options(jsonl=jsonl, output_format="csv"), on_rejected=print,
    )  # fmt: skip
    assert tally.written == rows
    assert readers and not any(reader.caching for reader in readers)
    written = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(written) == rows * len(TABLE.levels)
    for n in (0, 4095, 4096, 4999):
        terms = plan_terms(deductible=Decimal(100 + n), coinsurance=Decimal(20))
        per_week = schedule(TABLE, sessions=3, per_week={})
        comparison = compare(TABLE, weeks=1 + n % 12, per_week=per_week, terms=terms)
        got = written[n * len(TABLE.levels) : (n + 1) * len(TABLE.levels)]
        for row, bill in zip(got, comparison.bills, strict=True):
            assert row["id"] == f"r{n}"
            assert Decimal(row["patient_low"]) == bill.patient_low
            assert Decimal(row["patient_high"]) == bill.patient_high


def test_json_lines_readers_are_kept_by_key_set_and_bounded() -> None:
    """Rows with the same keys in any order share one reader; rows with ever new keys
    (unknown ones ignored) keep at most KEPT_READERS, the oldest dropped."""
    from iopcost.batch.run import KEPT_READERS, Readers

    readers = Readers(TABLE, options(jsonl=True, ignore_unknown=True))
    one = readers.for_row(1, {"weeks": 8, "sessions": 3, "id": "a"})
    assert readers.for_row(2, {"id": "b", "sessions": 3, "weeks": 8}) is one
    for row in range(3, 3 + 5 * KEPT_READERS):
        readers.for_row(row, {"weeks": 8, f"extra{row}": 1})
        assert len(readers.readers) <= KEPT_READERS
    assert readers.for_row(999, {"sessions": 3, "weeks": 8, "id": "c"}) is not one


@pytest.mark.slow
def test_json_lines_memory_is_flat_for_any_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """20,000 rows each with keys of its own peak no higher than 20,000 rows with the same
    keys (measured in a child process: its peak resident memory)."""
    import json
    import subprocess
    import sys

    script = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    peaks = {}
    for shape in ("same", "own"):
        path = tmp_path / f"{shape}.jsonl"
        with path.open("w") as out:
            for row in range(20_000):
                key = "extra" if shape == "same" else f"extra{row}"
                out.write(json.dumps({"weeks": 8, "id": f"r{row}", key: 1}) + "\n")
        command = [sys.executable, "-m", "iopcost", "batch", str(path), "--input-format",
                   "jsonl", "--ignore-unknown"]  # fmt: skip
        done = subprocess.run([sys.executable, "-c", script, *command], capture_output=True,
                              text=True, timeout=120, check=True)  # fmt: skip
        peaks[shape] = int(done.stdout)
    assert peaks["own"] < 1.25 * peaks["same"], peaks
