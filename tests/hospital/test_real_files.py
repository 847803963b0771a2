"""`prices` on real hospitals' files: each kind of price for each level, as worked out by
reading the file (see tests/fixtures/hospital/real/README.md for what each file holds)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import assert_refused, run

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "hospital" / "real"
D = Decimal
Prices = dict[str, dict[str, tuple[Decimal, Decimal]]]


def _same(low: str, high: str | None = None) -> tuple[Decimal, Decimal]:
    return D(low), D(high or low)


# Per file: per level, per kind of price, the lowest and highest rate per day or session.
RIGHT: dict[str, Prices] = {
    # Psychiatric room and board (RC 0114/0124/0134): Medicaid per diems and commercial
    # plans' dollar amounts under a "percent of total billed charges" methodology.
    "rush-university.csv.gz": {
        "inpatient": {
            "gross": _same("2365", "2685"),
            "cash": _same("1182.50", "1342.50"),
            "negotiated": _same("623.70", "1460.64"),
            "allowed": _same("661.12", "48178.63"),
            "minmax": _same("623.70", "1460.64"),
        },
    },
    # IOP H0015 under RC 0914 and S9480 under RC 0905, PHP per diems under RC 913 (no
    # leading zero); gross and cash only.
    "emory-university-hospital.csv.gz": {
        "inpatient": {"gross": _same("3198", "3225"), "cash": _same("3198", "3225")},
        "detox": {"gross": _same("3198", "3225"), "cash": _same("3198", "3225")},
        "php": {"gross": _same("880", "2338"), "cash": _same("880", "2338")},
        "iop": {"gross": _same("1758", "1916"), "cash": _same("1758", "1916")},
    },
    # All five levels, gross and cash only; the PHP half day is not a day.
    "adventhealth-orlando.json.gz": {
        "inpatient": {"gross": _same("2501", "5873"), "cash": _same("2501", "5873")},
        "detox": {"gross": _same("3614"), "cash": _same("3614")},
        "residential": {"gross": _same("887"), "cash": _same("887")},
        "php": {"gross": _same("3587"), "cash": _same("3587")},
        "iop": {"gross": _same("1215", "1217"), "cash": _same("1215", "1217")},
    },
    # Components, hours and half days under PHP and IOP codes are not the level's rate.
    "ucsf-parnassus.json.gz": {
        "inpatient": {"gross": _same("9693"), "cash": _same("2907.90")},
        "php": {"gross": _same("5206", "6260"), "cash": _same("1561.80", "1878.00")},
        "iop": {"gross": _same("2187"), "cash": _same("656.10")},
    },
    # Detox H0010 typed CPT under RC 900; five-decimal amounts; allowed amounts paid
    # per claim line (not a daily rate, as the sheet says).
    "unc-hospitals.csv.gz": {
        "inpatient": {
            "gross": _same("2967", "3460"),
            "cash": _same("1780.20", "2076.00"),
            "negotiated": _same("1318", "4481"),
            "allowed": _same("988.48", "99121.60"),
            "minmax": _same("1318", "4481"),
        },
        "detox": {
            "gross": _same("2309"),
            "cash": _same("1385.40"),
            "negotiated": _same("285", "4481"),
            "minmax": _same("285", "4481"),
        },
    },
    # PHP and IOP per diems under Medicare's APCs (written 05853, T5861), with one payer's
    # negotiated dollars and the de-identified minimum and maximum; T5861 is IOP by its
    # code though its description says partial hospitalization.
    "md-anderson.csv.gz": {
        "php": {"negotiated": _same("127.74", "418.45"), "minmax": _same("127.74", "418.45")},
        "iop": {"negotiated": _same("127.74", "418.45"), "minmax": _same("127.74", "418.45")},
    },
    # The only lines under PHP's RC 0912 are counselling (CPT 99402): no level priced.
    "mgh.csv.gz": {},
}


def sheet(name: str) -> dict[str, object]:
    outcome = run(["prices", str(REAL / name), "--format", "json"])
    assert outcome.exit_code == 0, outcome
    return json.loads(outcome.stdout, parse_float=D)  # type: ignore[no-any-return]


def prices_in(doc: dict[str, object]) -> Prices:
    return {
        level["id"]: {
            kind: (found["low"], found["high"]) for kind, found in level["prices"].items()
        }
        for level in doc["levels"]  # type: ignore[attr-defined]
        if level["prices"]
    }


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_every_kind_of_price_for_every_level(name: str) -> None:
    """The default sheet gives each kind of price the file has, per level, and says which
    kinds each level lacks."""
    doc = sheet(name)
    right = RIGHT[name]
    assert prices_in(doc) == right
    for level in doc["levels"]:  # type: ignore[attr-defined]
        expected_missing = [k for k in doc["prices"] if k not in right.get(level["id"], {})]  # type: ignore[attr-defined]
        assert level["missing"] == expected_missing


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_each_kind_alone_agrees_with_the_sheet(name: str) -> None:
    """`--price K` gives, per level, what the sheet gives for K."""
    right = RIGHT[name]
    kinds = {kind for level in right.values() for kind in level} or {"gross"}
    for kind in sorted(kinds):
        outcome = run(["prices", str(REAL / name), "--price", kind, "--format", "json"])
        doc = json.loads(outcome.stdout, parse_float=D)
        found = {level["id"]: (level["low"], level["high"]) for level in doc["levels"]}
        assert found == {lid: prices[kind] for lid, prices in right.items() if kind in prices}


def test_rush_names_its_payers_and_commercial_plans() -> None:
    """RUSH: 17 payer plans with a per-day dollar amount, commercial ones included."""
    outcome = run(["prices", str(REAL / "rush-university.csv.gz"), "--price", "negotiated",
                   "--format", "json"])  # fmt: skip
    doc = json.loads(outcome.stdout)
    payers = doc["levels"][0]["payers"]
    assert len(payers) == 17
    assert any(payer.startswith("AETNA COMM") for payer in payers)


def test_a_sheet_names_the_hospital_its_locations_and_what_is_missing() -> None:
    """Emory's table: seven locations, no payer-specific rate for any level, residential
    care not priced at all, and a cost file refused with the kinds that are there."""
    path = str(REAL / "emory-university-hospital.csv.gz")
    table = " ".join(run(["prices", path]).stdout.split())
    assert (
        "EMORY UNIVERSITY (7 locations: EMORY UNIVERSITY, Emory University Hospital Psych" in table
    )
    assert "Intensive outpatient (IOP): no payer-specific rate, no allowed amounts." in table
    assert "No price of any kind for: Residential treatment." in table
    assert "last updated 2026-04-01" in table and "version cell '3.0.0'" in table
    assert_refused(
        run(["prices", path, "--format", "yaml"]),
        1,
        "no negotiated rates by the day or session for any level of care",
        "discounted cash prices and gross charges are there: add --price cash.",
    )
    cost_file = run(["prices", path, "--price", "cash", "--format", "yaml"])
    assert cost_file.exit_code == 0
    assert run(["compare", "--data", "-", "--weeks", "4"], stdin=cost_file.stdout).exit_code == 0


def test_percent_only_rows_are_shown_never_turned_into_dollars() -> None:
    """UNC's inpatient rows priced as a share of Medicare's per diem: counted, their
    percentage and one rule shown, no dollar figure made of them."""
    doc = sheet("unc-hospitals.csv.gz")
    inpatient = next(level for level in doc["levels"] if level["id"] == "inpatient")  # type: ignore[attr-defined]
    percent = inpatient["percent_only"]
    assert percent["rows"] == 33
    assert (percent["percentage_low"], percent["percentage_high"]) == (72, 72)
    assert "percentage of the CMS IPF per diem" in percent["example"]
    table = " ".join(run(["prices", str(REAL / "unc-hospitals.csv.gz")]).stdout.split())
    assert "33 payer rows give a percentage (72 %) or a rule and no dollar amount" in table
    assert "not as a rate per unit" in table  # allowed amounts are per claim line


def test_files_with_no_level_of_care_say_so() -> None:
    """Martha's Vineyard bills psychotherapy (908xx) under RC 0914 and states its PHP per
    diem as a rule (in a note, not a description): its sheet says no line carries a level's
    code or names one, and a cost file from it is refused."""
    path = str(REAL / "marthas-vineyard.csv.gz")
    outcome = run(["prices", path], env={"COLUMNS": "200"})
    assert outcome.exit_code == 0, outcome
    assert "(0 of 5 levels priced)" in outcome.stdout
    assert "No line carries a code of a day or session of care" in outcome.stdout
    assert_refused(run(["prices", path, "-f", "yaml"]), 1, "no cost file to write")


def test_apc_per_diems_are_a_levels_day_rate() -> None:
    """MD Anderson bills PHP and IOP days under Medicare's APCs, written 05853 or T5861: each
    is its level's day rate by its code; the line whose description contradicts its APC is
    counted by its code and named; the de-identified minimum and maximum are shown as such,
    and a cost file is made of them only when asked for by name."""
    path = str(REAL / "md-anderson.csv.gz")
    table = " ".join(run(["prices", path], env={"COLUMNS": "200"}).stdout.split())
    assert "(2 of 5 levels priced)" in table
    assert "min-max (plans unnamed)" in table
    assert "APC 5863: hospital-based partial hospitalization, 3 services a day" in table
    assert (
        "Intensive outpatient (IOP): 1 line counted by its code (APC 5861) though its "
        'description names Partial hospitalization (PHP) ("Partial Hospitalization (minimum '
        '2 services) for Hospital-based PHP").' in table
    )
    assert (
        "No price of any kind for: Inpatient psychiatric care, Inpatient detox, "
        "Residential treatment." in table
    )
    default = run(["prices", path, "-f", "yaml"]).stdout
    assert "kind: negotiated" in default and "kind: minmax" not in default
    asked = run(["prices", path, "--price", "minmax", "-f", "yaml"])
    assert asked.exit_code == 0, asked
    assert "kind: minmax" in asked.stdout


def test_md_anderson_is_read_as_a_wide_file_with_a_slashed_date(tmp_path: Path) -> None:
    """1,277 columns, payers in the headers, last_updated_on written 07/01/2026: read
    through to the end, with a codes file that makes its 16 psychological-testing lines
    (RC 0918) a level: gross $74-$695."""
    codes = tmp_path / "codes.yaml"
    codes.write_text(
        "source: a test\nlevels:\n  testing:\n    name: Psychological testing\n"
        "    unit: session\n    per_week: 1\n    codes:\n      RC: ['0918']\n"
    )
    outcome = run(["prices", str(REAL / "md-anderson.csv.gz"), "--format", "json",
                   "--codes", str(codes)])  # fmt: skip
    assert outcome.exit_code == 0, outcome
    doc = json.loads(outcome.stdout)
    assert doc["file"]["layout"] == "wide CSV"
    assert doc["file"]["last_updated_on"] == "2026-07-01"
    (testing,) = doc["levels"]
    gross = testing["prices"]["gross"]
    assert (gross["low"], gross["high"], gross["prices"]) == (74, 695, 16)
