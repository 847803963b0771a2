"""`prices FILE FILE...`: hospitals side by side, per level one row per hospital,
cheapest first; a file that cannot be read never loses the others."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from iopcost.hospital.several import read_many

from conftest import assert_refused, run

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "hospital" / "real"
THREE = [str(REAL / name) for name in ("emory-university-hospital.csv.gz",
                                       "adventhealth-orlando.json.gz", "ucsf-parnassus.json.gz")]  # fmt: skip


def rows(doc: dict[str, Any], level: str, price: str | None = None) -> list[tuple[object, ...]]:
    found = next(item for item in doc["levels"] if item["id"] == level)
    return [
        (row["hospital"], row["rate_low"], row["rate_high"])
        for row in found["rows"]
        if price is None or row["price"] == price
    ]


def test_three_hospitals_side_by_side() -> None:
    """IOP: UCSF $656.10 cash, AdventHealth $1,215-$1,217, Emory $1,758-$1,916, cheapest first,
    each kind of price its own group (never ranked together); the bottom line names the
    least and most expensive in one kind, in a family's words."""
    outcome = run(["prices", *THREE, "--format", "json", "--jobs", "1"])
    assert outcome.exit_code == 0, outcome
    doc = json.loads(outcome.stdout, parse_float=Decimal)
    assert rows(doc, "iop", "cash") == [
        ("Ucsf Medical Center", Decimal("656.10"), Decimal("656.10")),
        ("AdventHealth Orlando", 1215, 1217),
        ("EMORY UNIVERSITY", 1758, 1916),
    ]
    iop = next(item for item in doc["levels"] if item["id"] == "iop")
    kinds = [row["price"] for row in iop["rows"]]
    assert kinds == sorted(kinds, key=["cash", "negotiated", "gross"].index)  # grouped
    assert rows(doc, "residential", "cash") == [("AdventHealth Orlando", 887, 887)]
    assert [h["hospital"] for h in doc["hospitals"]] == [
        "EMORY UNIVERSITY", "AdventHealth Orlando", "Ucsf Medical Center"]  # fmt: skip
    table = " ".join(run(["prices", *THREE, "--jobs", "1"]).stdout.split())
    assert ("Intensive outpatient (IOP), cash price (paying yourself): least at Ucsf Medical "
            "Center ($656 per session), most at EMORY UNIVERSITY") in table  # fmt: skip
    assert ("Residential treatment, cash price (paying yourself): only AdventHealth Orlando "
            "publishes one, $887 per day.") in table  # fmt: skip
    assert "kinds are never ranked together" in table
    assert "hospitals' own published standard charges" in table


def test_gross_when_asked_and_the_pool_gives_the_same() -> None:
    """--price gross; on two workers the same document as on one, in the order given."""
    serial = run(["prices", *THREE, "--price", "gross", "-f", "json", "--jobs", "1"]).stdout
    pooled = run(["prices", *THREE, "--price", "gross", "-f", "json", "--jobs", "2"]).stdout
    assert serial == pooled
    doc = json.loads(serial)
    assert rows(doc, "php")[0] == ("EMORY UNIVERSITY", 880, 2338)
    assert {row["price"] for level in doc["levels"] for row in level["rows"]} == {"gross"}
    one = list(read_many(THREE, None, jobs=1))
    two = list(read_many(THREE, None, jobs=2))
    assert one == two


def test_a_bad_file_does_not_lose_the_others(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A missing file and one with no level of care: the rest are shown, the notes say
    which could not be read and why and which prices nothing, exit 1 with one sentence."""
    folder = tmp_path / "region"
    folder.mkdir()
    for path in THREE[:2]:
        shutil.copy(path, folder)
    shutil.copy(REAL / "mgh.csv.gz", folder)
    outcome = run(["prices", str(folder), str(tmp_path / "missing.csv"), "--jobs", "1"])
    assert outcome.exit_code == 1
    assert "1 of 4 files could not be read" in outcome.stderr
    out = " ".join(outcome.stdout.split())
    assert "Hospitals side by side (3 of 4 files read)" in out
    assert "No level of care is priced in: mgh.csv.gz." in out
    assert "missing.csv (does not exist" in out and "Traceback" not in outcome.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--payer", "aetna"], ["--payer reads one file"]),
        (["--payers"], ["--payers reads one file"]),
    ],
    ids=["payer", "payers"],
)
def test_one_file_options_are_refused_with_several(args: list[str], words: list[str]) -> None:
    assert_refused(run(["prices", *THREE[:2], *args]), 2, *words)


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    assert_refused(run(["prices", str(tmp_path), str(tmp_path)]), 1, "holds no .csv")


def test_a_cost_file_of_several_hospitals(tmp_path: Path) -> None:
    """One level per hospital and level, ids "slug-level", names with the hospital, each
    level's own source and caveat; compare reads it beside the bundled rates."""
    out = tmp_path / "region.yaml"
    assert run(["prices", *THREE, "-o", str(out), "--jobs", "1"]).exit_code == 0
    doc = json.loads(run(["levels", "--data", str(out), "-f", "json"]).stdout)
    ids = [level["id"] for level in doc["levels"]]
    assert ids[:4] == ["emory-inpatient", "emory-detox", "emory-php", "emory-iop"]
    assert "adventhealth-orlando-residential" in ids and "ucsf-iop" in ids
    names = {level["id"]: level["name"] for level in doc["levels"]}
    assert names["ucsf-iop"] == "Intensive outpatient (IOP), Ucsf Medical Center"
    table = " ".join(run(["compare", "--data", "bundled", "--data", str(out)]).stdout.split())
    assert ("Residential treatment, AdventHealth Orlando, Partial hospitalization (PHP), "
            "AdventHealth Orlando and Intensive outpatient (IOP), AdventHealth Orlando: "
            "AdventHealth Orlando (2026-04-01). Discounted cash prices") in table  # fmt: skip
    assert "Rates from the hospital's published standard charges, not quotes" in table


def test_kinds_are_never_ranked_together() -> None:
    """RUSH publishes negotiated rates ($624-$1,461, every plan, Medicaid included) and a
    cash price ($1,183-$1,343); Emory a cash price only ($3,198-$3,225). RUSH's negotiated
    rates are never ranked against Emory's cash price: the bottom line compares cash with
    cash; --price negotiated names Emory as publishing none."""
    pair = [str(REAL / "rush-university.csv.gz"), str(REAL / "emory-university-hospital.csv.gz")]
    table = " ".join(run(["prices", *pair, "--jobs", "1"], env={"COLUMNS": "200"}).stdout.split())
    assert ("Inpatient psychiatric care, cash price (paying yourself): least at RUSH University "
            "Medical Center ($1,183-$1,343 per day), most at EMORY UNIVERSITY ($3,198-$3,225 "
            "per day).") in table  # fmt: skip
    assert "$624" not in table.split("Inpatient psychiatric care, cash price")[1]
    chosen = " ".join(
        run(
            ["prices", *pair, "--price", "negotiated", "--jobs", "1"], env={"COLUMNS": "200"}
        ).stdout.split()
    )
    assert "Inpatient psychiatric care: no negotiated rates from EMORY UNIVERSITY." in chosen
