"""`iopcost hospitals`: a region's hospitals kept in an SQLite catalogue (their per-level
prices), listed, shown, removed, and priced by compare --hospitals."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import assert_refused, run

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "hospital" / "real"
EMORY, RUSH = str(REAL / "emory-university-hospital.csv.gz"), str(REAL / "rush-university.csv.gz")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IOPCOST_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def kept() -> list[dict[str, object]]:
    return json.loads(run(["hospitals", "list", "--format", "json"]).stdout)  # type: ignore[no-any-return]


def test_add_list_show_remove(home: Path) -> None:
    outcome = run(["hospitals", "add", EMORY, RUSH])
    assert outcome.exit_code == 0, outcome
    assert "Added EMORY UNIVERSITY (emory): 4 levels priced." in outcome.stderr
    assert [(h["slug"], h["levels"]) for h in kept()] == [("emory", 4), ("rush", 1)]
    assert (home / "data" / "hospitals.sqlite").is_file()
    iop = json.loads(run(["hospitals", "show", "--level", "iop", "-f", "json"]).stdout)
    # Amounts are JSON numbers, as in every command's JSON.
    assert {(row["kind"], row["low"], row["high"]) for row in iop} == {
        ("cash", 1758, 1916), ("gross", 1758, 1916)}  # fmt: skip
    aetna = json.loads(run(["hospitals", "show", "--payer", "aetna", "--plan", "preferred",
                            "-f", "json"]).stdout)  # fmt: skip
    negotiated = [row for row in aetna if row["kind"] == "negotiated"]
    assert [(row["payer"], row["low"]) for row in negotiated] == [("AETNA PREFERRED", 1021.68)]
    assert run(["hospitals", "remove", "Rush"]).exit_code == 0
    assert [h["slug"] for h in kept()] == ["emory"]
    assert_refused(run(["hospitals", "remove", "mercy"]), 1, "no hospital 'mercy'", "emory")


def test_adding_again_replaces_and_compare_prices_the_catalogue(home: Path) -> None:
    run(["hospitals", "add", EMORY])
    run(["hospitals", "add", EMORY])
    assert [h["slug"] for h in kept()] == ["emory"]
    doc = json.loads(run(["compare", "--hospitals", "--weeks", "4", "-f", "json"]).stdout)
    assert [level["id"] for level in doc["levels"]] == [
        "emory-inpatient", "emory-detox", "emory-php", "emory-iop"]  # fmt: skip
    iop = doc["levels"][-1]
    assert iop["name"] == "Intensive outpatient (IOP), EMORY UNIVERSITY"
    assert (iop["total_low"], iop["total_high"]) == (1758 * 12, 1916 * 12)
    both = json.loads(run(["compare", "--hospitals", "--data", "bundled", "-f", "json"]).stdout)
    assert len(both["levels"]) == 7 and len(both["sources"]) == 2


def test_an_empty_catalogue_and_a_bad_file(home: Path, tmp_path: Path) -> None:
    assert_refused(run(["compare", "--hospitals"]), 1, "no hospital is kept yet")
    outcome = run(["hospitals", "add", EMORY, str(tmp_path / "missing.csv")])
    assert outcome.exit_code == 1 and "1 of 2 files could not be added" in outcome.stderr
    assert [h["slug"] for h in kept()] == ["emory"]


# A child that adds a hospital and says so from inside the transaction, then waits to be
# killed: the catalogue must be as it was before that hospital.
KILLED = """
import os, sys, time
from iopcost.files.catalogue import add, connected
from iopcost.hospital.several import read_one
ready = int(sys.argv[1])
read = read_one(sys.argv[2], None)
with connected() as connection:
    def traced(statement):
        if statement.startswith("INSERT INTO prices"):
            os.write(ready, b"r")
            time.sleep(60)
    connection.set_trace_callback(traced)
    add(connection, sys.argv[2], read.sheet)
"""


@pytest.mark.slow
@pytest.mark.parametrize("again", [True, False], ids=["replacing", "new"])
def test_a_kill_mid_add_leaves_the_catalogue_as_it_was(home: Path, again: bool) -> None:
    run(["hospitals", "add", RUSH])
    before = kept()
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(write_end), RUSH if again else EMORY],
        env={**os.environ, "IOPCOST_HOME": str(home)}, pass_fds=(write_end,),
    )  # fmt: skip
    os.close(write_end)
    import select

    ready, _, _ = select.select([read_end], [], [], 60)
    assert ready, "the child never reached the transaction"
    assert os.read(read_end, 1) == b"r"
    os.close(read_end)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert kept() == before
    with sqlite3.connect(home / "data" / "hospitals.sqlite") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("command", [["list"], ["show"]], ids=["list", "show"])
def test_a_format_hospitals_does_not_write_is_refused(home: Path, command: list[str]) -> None:
    """Every command refuses a format it does not write, naming those it does (exit 2)."""
    outcome = run(["hospitals", *command, "--format", "xml"])
    assert outcome.exit_code == 2, outcome
    assert outcome.stdout == ""
    assert "'table', 'json'" in outcome.stderr


def test_a_tampered_catalogue_is_never_priced_as_stored(home: Path) -> None:
    """Values changed behind iopcost's back: escape sequences are made harmless on the way
    out; a price that is not a number (or a bad unit or kind) names its row, never priced."""
    assert run(["hospitals", "add", EMORY]).exit_code == 0
    database = home / "data" / "hospitals.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE hospitals SET name = name || ?", ("\x1b]8;;http://x\x07!",))
    out = run(["compare", "--hospitals", "-f", "markdown"]).stdout
    assert "\x1b" not in out and "\x07" not in out
    listed = run(["hospitals", "list"]).stdout
    assert "\x1b" not in listed
    for column, value in (
        ("low", "abc"),
        ("unit", "hour"),
        ("kind", "list"),
        ("per_week", "seven"),
    ):
        with sqlite3.connect(database) as connection:
            connection.execute(
                "DELETE FROM prices WHERE rowid NOT IN (SELECT min(rowid) FROM prices)"
            )
            saved = connection.execute(f"SELECT {column} FROM prices").fetchone()[0]
            connection.execute(f"UPDATE prices SET {column} = ?", (value,))
        assert_refused(run(["compare", "--hospitals"]), 1, "is damaged", "hospitals remove")
        with sqlite3.connect(database) as connection:
            connection.execute(f"UPDATE prices SET {column} = ?", (saved,))


def test_concurrent_first_use_makes_the_catalogue_once(home: Path) -> None:
    """Eight `hospitals add` at once on a fresh catalogue: every one succeeds."""
    command = [sys.executable, "-m", "iopcost", "hospitals", "add", EMORY]
    env = {**os.environ, "IOPCOST_HOME": str(home)}
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for _ in range(8)]  # fmt: skip
    results = [
        (done.wait(timeout=120), done.stderr.read() if done.stderr else b"") for done in runs
    ]
    for process in runs:
        if process.stderr:
            process.stderr.close()
    assert [code for code, _err in results] == [0] * 8, results


def test_a_newer_or_damaged_catalogue_is_refused_before_writing(home: Path) -> None:
    database = home / "data" / "hospitals.sqlite"
    database.parent.mkdir(parents=True)
    for value in ("99", "2.0"):
        database.unlink(missing_ok=True)
        with sqlite3.connect(database) as connection:
            connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            connection.execute("INSERT INTO meta VALUES ('schema', ?)", (value,))
        assert_refused(run(["hospitals", "list"]), 1, "newer" if value == "99" else "damaged")
        with sqlite3.connect(database) as connection:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert "prices" not in tables and "hospitals" not in tables


def test_two_files_without_a_hospital_name_are_not_merged(home: Path, tmp_path: Path) -> None:
    """A file whose hospital_name is blank is not added (and says why); the others are."""
    blank = tmp_path / "blank.csv"
    text = (REAL / "emory-university-hospital.csv.gz").read_bytes()
    import gzip

    lines = gzip.decompress(text).decode().split("\n")
    values = lines[1].split(",")
    values[0] = ""
    blank.write_text("\n".join([lines[0], ",".join(values), *lines[2:]]))
    outcome = run(["hospitals", "add", str(blank), RUSH])
    assert outcome.exit_code == 1
    assert "names no hospital" in outcome.stderr
    assert [hospital["name"] for hospital in kept()] == ["RUSH University Medical Center"]


def test_a_catalogue_folder_that_cannot_be_made_is_named(home: Path) -> None:
    """A file where the catalogue's folder goes: that folder, the cause and the fix."""
    home.mkdir(parents=True)
    (home / "data").write_text("not a folder")
    assert_refused(run(["hospitals", "list"]), 1,
                   f"the hospitals catalogue's folder {home / 'data'} cannot be made (File exists)",
                   "set IOPCOST_HOME")  # fmt: skip
