"""`iopcost prices`: a hospital's standard charges turned into a cost file, by level of care."""

from __future__ import annotations

import gzip
import json
import zipfile
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from iopcost.files.cost_file import load_cost_table

from conftest import assert_refused, run

HOSPITAL = Path(__file__).resolve().parents[1] / "fixtures" / "hospital"
OFFICIAL = sorted(HOSPITAL.glob("*_example*.*"))
V3_TALL = str(HOSPITAL / "v3.0.0_tall_example.csv")
D = Decimal

GENERAL = (
    "hospital_name,last_updated_on,version,location_name,hospital_address,license_number|CA,"
    "type_2_npi,attestation,attester_name\n"
    "Test General,2026-03-02,3.0.0,Test General,1 Main St,1,1,TRUE,A\n"
)
HEADER = (
    "description,code|1,code|1|type,setting,standard_charge|gross,"
    "standard_charge|discounted_cash,payer_name,plan_name,standard_charge|negotiated_dollar,"
    "standard_charge|negotiated_percentage,standard_charge|negotiated_algorithm,"
    "10th_percentile,90th_percentile,standard_charge|methodology\n"
)


def _zipped() -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        zipped.writestr("h.csv", Path(V3_TALL).read_bytes())
    return out.getvalue()


ZIPPED = _zipped()


def tall(*rows: str, general: str = GENERAL, header: str = HEADER) -> str:
    """A small tall v3 file with the given data rows."""
    return general + header + "".join(row + "\n" for row in rows)


def summary(*args: str, stdin: str | bytes | None = None) -> dict[str, object]:
    """One kind of price as JSON: negotiated unless the arguments say otherwise."""
    chosen = ["--price", "negotiated"] if "--price" not in args and "--payer" not in args else []
    outcome = run(["prices", *args, *chosen, "--format", "json"], stdin=stdin)
    assert outcome.exit_code == 0, outcome
    return json.loads(outcome.stdout, parse_float=D)  # type: ignore[no-any-return]


def by_level(doc: dict[str, object]) -> dict[str, tuple[object, object]]:
    return {level["id"]: (level["low"], level["high"]) for level in doc["levels"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", OFFICIAL, ids=[p.name for p in OFFICIAL])
def test_official_examples(path: Path) -> None:
    """Every official example: residential 1,200-2,000 negotiated, 1,500 for the PPO alone."""
    doc = summary(str(path))
    assert by_level(doc) == {"residential": (1200, 2000)}
    assert doc["missing_levels"] == ["inpatient", "detox", "php", "iop"]
    ppo = summary(str(path), "--payer", "Platform Health Insurance", "--plan", "ppo")
    assert by_level(ppo) == {"residential": (1500, 1500)}
    generation = "v3" if path.name.startswith("v3") else "v2"
    layout = (
        "JSON" if path.suffix == ".json" else ("tall CSV" if "tall" in path.name else "wide CSV")
    )
    assert (doc["file"]["generation"], doc["file"]["layout"]) == (generation, layout)  # type: ignore[index]
    assert doc["file"]["hospital"] == "West Mercy Hospital"  # type: ignore[index]


def test_drg_algorithm_row_is_skipped_not_a_daily_rate() -> None:
    """The MS-DRG 885 row, priced by algorithm, is counted as skipped with its reason."""
    doc = summary(V3_TALL)
    assert doc["skipped"] == {"priced per stay (MS-DRG): a case price, never a daily rate": 2}
    table = " ".join(run(["prices", V3_TALL]).stdout.split())
    assert "Skipped: 2 priced per stay (MS-DRG)" in table
    assert "$1,200-$2,000 per day" in table
    assert "No price of any kind for: Inpatient psychiatric care" in table


@pytest.mark.parametrize(
    ("price", "expected"),
    [("cash", (2250, 2250)), ("gross", (2500, 2500))],
    ids=["cash", "gross"],
)
def test_cash_and_gross(price: str, expected: tuple[int, int]) -> None:
    """Cash and gross prices come from the item, once per item whatever its payer rows."""
    doc = summary(V3_TALL, "--price", price)
    assert by_level(doc) == {"residential": expected}
    assert doc["levels"][0]["items"] == 4  # type: ignore[index]


def test_allowed_amounts(write) -> None:  # type: ignore[no-untyped-def]
    """allowed: low is the 10th percentile, high the 90th, over payers; v3 only."""
    path = write(
        tall(
            "IOP,S9480,HCPCS,outpatient,900,800,Aetna,PPO,,,,210.5,390,per diem",
            "IOP,S9480,HCPCS,outpatient,900,800,Cigna,HMO,,,,180,350,per diem",
        ),
        "h.csv",
    )
    assert by_level(summary(path, "--price", "allowed")) == {"iop": (180, 390)}
    v2 = str(HOSPITAL / "v2.0.0_tall_example_v2.2-dictionary.csv")
    assert_refused(run(["prices", v2, "--price", "allowed"]), 1, "v2", "v3 files only")


def test_the_pipe_into_compare() -> None:
    """prices ... --format yaml | compare --data -: the family's estimate at that hospital."""
    cost_file = run(["prices", V3_TALL, "--payer", "platform", "--format", "yaml"]).stdout
    outcome = run(
        ["compare", "--data", "-", "--deductible", "2000", "--coinsurance", "20", "-f", "json"],
        stdin=cost_file,
    )
    assert outcome.exit_code == 0, outcome
    doc = json.loads(outcome.stdout)
    (level,) = doc["levels"]
    assert (level["id"], level["rate_low"], level["rate_high"]) == (
        "west-mercy-residential",
        1500,
        1500,
    )
    assert level["name"] == "Residential treatment, West Mercy Hospital"
    assert level["patient_low"] == 2000 + (56 * 1500 - 2000) * 0.2
    assert doc["source"]["title"].startswith("West Mercy Hospital")
    assert doc["source"]["published"] == "2026-04-01"
    assert "Negotiated rates, Platform Health Insurance PPO" in doc["source"]["note"]
    assert "CMS template v3, tall CSV" in doc["source"]["file"]
    assert ".csv" not in doc["source"]["note"]  # a family's report names no file


def test_cost_file_written_and_read_back(tmp_path: Path) -> None:
    """--output x.yaml writes a cost file that every command reads unchanged."""
    path = tmp_path / "local.yaml"
    outcome = run(["prices", str(HOSPITAL / "v3.0.0_json_example.json"), "-o", str(path)])
    assert outcome.exit_code == 0 and outcome.stdout == ""
    table = load_cost_table(str(path))
    assert [(lv.id, lv.low, lv.high, lv.per_week) for lv in table.levels] == [
        ("west-mercy-residential", D(1200), D(2000), 7)
    ]
    assert run(["levels", "--data", str(path)]).exit_code == 0


def test_a_hospital_cost_file_compares_with_the_bundled_rates(tmp_path: Path) -> None:
    """prices -o, then compare --data bundled --data the file: no editing; each level says
    whose it is. Two hand-written files with the same id still clash, naming both."""
    path = tmp_path / "local.yaml"
    assert run(["prices", V3_TALL, "--payer", "platform", "-o", str(path)]).exit_code == 0
    outcome = run(["compare", "--data", "bundled", "--data", str(path), "-f", "json"])
    assert outcome.exit_code == 0, outcome
    assert load_cost_table(str(path)).levels[0].kind == "negotiated"
    names = {level["id"]: level["name"] for level in json.loads(outcome.stdout)["levels"]}
    assert names["west-mercy-residential"] == "Residential treatment, West Mercy Hospital"
    assert {"inpatient", "php", "iop"} <= set(names)
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "currency: USD\nsource: {title: Mine}\nlevels:\n  iop: {name: IOP, unit: session, per_week: 3, "
        "rate: 250}\n"
    )
    assert_refused(
        run(["compare", "--data", "bundled", "--data", str(mine)]), 1, "'iop'", "mine.yaml"
    )
    assert_refused(run(["prices", V3_TALL, "-o", str(tmp_path / "x.txt")]), 2, ".yaml", ".json")


def test_payers_listed() -> None:
    """--payers lists each payer and plan the file names with its prices for a level."""
    out = run(["prices", V3_TALL, "--payers"]).stdout.splitlines()
    assert out == [
        "Platform Health Insurance | PPO: 1 price for a level of care",
        "Region Health Insurance | HMO: 3 prices for a level of care",
    ]
    rows = json.loads(run(["prices", V3_TALL, "--payers", "-f", "json"]).stdout)
    assert rows[1] == {
        "payer": "Region Health Insurance",
        "plan": "HMO",
        "prices": 3,
        "level_of_care": True,
    }


# Aetna prices only an MRI (a line of no level); Acme an IOP session.
NAMED_ELSEWHERE = [
    "MRI,70551,CPT,outpatient,1200,1000,Aetna,Open Access,400,,,,,fee schedule",
    '"MRI, with contrast",70552,CPT,outpatient,1500,1100,Aetna,"HMO, Gold",500,,,,,fee schedule',
    "IOP session,0905,RC,outpatient,800,400,Acme,PPO,500,,,,,per diem",
]


@pytest.mark.parametrize("layout", ["csv", "json"])
def test_payers_without_a_level_price_are_named(write, layout: str) -> None:  # type: ignore[no-untyped-def]
    """Every payer the file names is listed, marked when it has no price for a level;
    --payer naming it says exactly that (exit 1); an unknown name gets close names (2)."""
    text = tall(*NAMED_ELSEWHERE)
    if layout == "json":
        items = [
            {
                "description": row[0],
                "code_information": [{"code": row[1], "type": row[2]}],
                "standard_charges": [
                    {
                        "setting": row[3],
                        "gross_charge": float(row[4]),
                        "payers_information": [
                            {"payer_name": row[6], "plan_name": row[7],
                             "standard_charge_dollar": float(row[8]),
                             "methodology": row[13]}
                        ],
                    }
                ],
            }
            for row in (
                ["MRI", "70551", "CPT", "outpatient", "1200", "", "Aetna", "Open Access", "400",
                 "", "", "", "", "fee schedule"],
                ["IOP session", "0905", "RC", "outpatient", "800", "", "Acme", "PPO", "500",
                 "", "", "", "", "per diem"],
            )
        ]  # fmt: skip
        text = json.dumps(
            {
                "hospital_name": "Test",
                "last_updated_on": "2026-01-01",
                "version": "3.0.0",
                "location_name": ["Test"],
                "standard_charge_information": items,
            }
        )
    path = write(text, f"h.{layout}")
    lines = run(["prices", path, "--payers"]).stdout.splitlines()
    assert "Acme | PPO: 1 price for a level of care" in lines
    assert "Aetna | Open Access: no price for a level of care" in lines
    assert_refused(
        run(["prices", path, "--payer", "aetna"]),
        1,
        "names 'Aetna', but with no negotiated price for a level of care",
        "payers with one: 'Acme'",
    )
    assert_refused(run(["prices", path, "--payer", "aetnna"]), 2, "closest: 'Aetna'")


def test_payer_names_match_loosely() -> None:
    """Case, spaces around, and _ for space do not matter; a word of the name is enough."""
    wide_v2 = str(HOSPITAL / "v2.0.0_wide_example_v2.2-dictionary.csv")
    for name in ("REGION HEALTH INSURANCE", " region_health_insurance ", "region"):
        assert by_level(summary(wide_v2, "--payer", name)) == {"residential": (1200, 2000)}


def test_messy_values_are_read_or_counted(write) -> None:  # type: ignore[no-untyped-def]
    """$1,200.00 is read; N/A, 0, negative, blank and 999999999 are counted, never prices."""
    rows = [
        f"PHP day,S0201,HCPCS,outpatient,900,800,P{n},Q,{value},,,,,per diem"
        for n, value in enumerate(
            ['"$1,200.00"', "650", "N/A", "0", "-5", "", "999999999", "712.456"]
        )
    ]
    doc = summary(write(tall(*rows), "h.csv"))
    assert by_level(doc) == {"php": (D("650"), D("1200"))}
    assert doc["values"] == {
        "written with $ or commas (read)": 1,
        "not a number (N/A or text)": 1,
        "zero": 1,
        "negative": 1,
        "placeholder such as 999999999": 1,
        "more than two decimal places (rounded to cents)": 1,
    }
    assert doc["skipped"] == {"no negotiated dollar amount": 1}


def test_csv_quirks(write) -> None:  # type: ignore[no-untyped-def]
    """BOM, CRLF, spaces and case in headers, reordered and extra columns, padding,
    quoted newlines, revenue codes without the leading zero, M/D/YYYY dates."""
    general = GENERAL.replace("2026-03-02", "3/2/2026")
    header = (
        "Extra, Setting ,DESCRIPTION,code | 1 | type,Code | 1,payer_name,plan_name,"
        "standard_charge | negotiated_dollar,standard_charge | methodology,"
        "standard_charge|gross,standard_charge|discounted_cash\n"
    )
    rows = [
        'x,outpatient,"IOP\nevening program, adults",RC,905,Aetna,PPO,300,per diem,,,,',
        "y,outpatient,IOP,rc,0906,Aetna,PPO,250,fee schedule,,",
    ]
    text = "\ufeff" + tall(*rows, general=general, header=header)
    path = write(text.replace("\n", "\r\n").encode(), "h.csv")
    doc = summary(path)
    assert by_level(doc) == {"iop": (250, 300)}
    assert doc["levels"][0]["codes"] == ["RC 0905", "RC 0906"]  # type: ignore[index]
    assert doc["file"]["last_updated_on"] == "2026-03-02"  # type: ignore[index]


def test_windows_1252_is_read_with_one_warning(write) -> None:  # type: ignore[no-untyped-def]
    """Rows that are not UTF-8 are read as Windows-1252, with one warning on stderr."""
    rows = [
        "IOP \u2013 evening,S9480,HCPCS,outpatient,,,A,P,300,,,,,per diem",
        "IOP \u2013 day,S9480,HCPCS,outpatient,,,B,P,320,,,,,per diem",
    ]
    outcome = run(["prices", write(tall(*rows).encode("cp1252"), "h.csv")])
    assert outcome.exit_code == 0
    assert outcome.stderr.count("Windows-1252") == 1
    # The archived v2 wide example has such a byte outside the rows read: no warning needed.
    assert run(["prices", str(HOSPITAL / "v2.0.0_wide_example_v2.2-dictionary.csv")]).exit_code == 0


def test_case_rates_and_percentages_are_skipped(write) -> None:  # type: ignore[no-untyped-def]
    """Case rates, percent of charges and algorithm-only prices never become daily rates."""
    rows = [
        "Res,H0017,HCPCS,inpatient,,,A,P,1500,,,,,per diem",
        "Res,H0017,HCPCS,inpatient,,,B,P,30000,,,,,case rate",
        "Res,H0017,HCPCS,inpatient,,,C,P,,60,,,,percent of total billed charges",
        "Res,H0017,HCPCS,inpatient,,,D,P,,,see contract,,,other",
        "Psych,880,APR-DRG,inpatient,,,A,P,9000,,,,,case rate",
    ]
    doc = summary(write(tall(*rows), "h.csv"))
    assert by_level(doc) == {"residential": (1500, 1500)}
    assert doc["skipped"] == {
        "case rate: a price per stay or case, not per day": 1,
        "percent of total billed charges: no dollar amount": 1,
        "negotiated as a percentage or algorithm only: no dollar amount": 1,
    }
    mixed = [*rows, "Psych,885,MS-DRG,inpatient,,,A,P,9000,,,,,case rate"]
    assert (
        summary(write(tall(*mixed), "h.csv"))["skipped"][  # type: ignore[index]
            "priced per stay (MS-DRG): a case price, never a daily rate"
        ]
        == 1
    )


def test_compressed_and_standard_input(tmp_path: Path) -> None:
    """.gz, a lone file in a .zip, and standard input (sniffed from the content)."""
    raw = Path(V3_TALL).read_bytes()
    gz = tmp_path / "h.csv.gz"
    gz.write_bytes(gzip.compress(raw))
    archive = tmp_path / "h.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("h.json", (HOSPITAL / "v3.0.0_json_example.json").read_bytes())
    for path in (gz, archive):
        assert by_level(summary(str(path))) == {"residential": (1200, 2000)}
    assert by_level(summary("-", stdin=raw)) == {"residential": (1200, 2000)}
    assert by_level(summary("-", stdin=gzip.compress(raw))) == {"residential": (1200, 2000)}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (gzip.compress(Path(V3_TALL).read_bytes())[:300], ["ends too early"]),
        (ZIPPED[: len(ZIPPED) // 2], ["zip"]),
        (b"\x00\x01\x02 binary", ["binary data"]),
        (b'{"hospital_name": "X", "last_updated_on": "2026-01-01", "version": "3", '
         b'"standard_charge_information": [{"description": ', ["not valid JSON"]),
        (b'{"hospital_name": "X"}', ["not a standard-charges file", "last_updated_on"]),
        (b"[1, 2]", ["JSON list"]),
        (b"a,b\n1,2\n3,4\n", ["not a standard-charges file", "hospital_name", "'a'"]),
        (GENERAL.encode() + b"name,code,price\n", ["row 3", "description", "'name'"]),
        (GENERAL.encode(), ["fewer than three rows"]),
        ((GENERAL + HEADER.replace("\n", ",standard_charge|A|B|negotiated_dollar\n")).encode(),
         ["ambiguous", "tall", "wide"]),
    ],
    ids=["truncated-gzip", "truncated-zip", "binary", "bad-json", "json-no-keys", "json-list", "no-general-headers",
         "no-charge-headers", "too-short", "ambiguous"],
)  # fmt: skip
def test_bad_files_exit_1(write, content: bytes, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each bad file: one plain sentence naming the problem, exit 1, nothing on stdout."""
    assert_refused(run(["prices", write(content, "h.csv")]), 1, *words)


def test_zip_must_hold_one_file(tmp_path: Path) -> None:
    """A zip with two files is refused, naming the count."""
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.csv", "x")
        zipped.writestr("b.csv", "y")
    assert_refused(run(["prices", str(archive)]), 1, "holds 2 files")


def test_no_behavioural_health_item(write) -> None:  # type: ignore[no-untyped-def]
    """A file that prices nothing has one answer, alone or beside others: its sheet says
    so and lists the codes looked for (exit 0); side by side it is named among those
    pricing nothing (exit 0); a cost file from it is refused (exit 1)."""
    path = write(tall("MRI,70551,CPT,outpatient,1200,1000,A,P,400,,,,,fee schedule"), "h.csv")
    alone = run(["prices", path], env={"COLUMNS": "200"})
    assert alone.exit_code == 0, alone
    assert "(0 of 5 levels priced)" in alone.stdout
    assert "No line carries a code" in alone.stdout and "HCPCS H0017" in alone.stdout
    several = run(["prices", path, V3_TALL], env={"COLUMNS": "200"})
    assert several.exit_code == 0, several
    assert "No level of care is priced in: h.csv." in several.stdout
    assert_refused(run(["prices", path, "-f", "yaml"]), 1, "no cost file to write")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--payer", "aetna"], 2, ["--payer", "no payer", "'Platform Health Insurance'"]),
        (["--payer", "health insurance"], 2, ["--payer", "several payers"]),
        (["--payer", "region", "--plan", "gold"], 2, ["--plan", "'HMO'"]),
        (["--plan", "PPO"], 2, ["--plan", "needs --payer"]),
        (["--payers", "-o", "x.yaml"], 2, ["--payers"]),
        (["--payers", "-f", "yaml"], 2, ["--payers"]),
        (["--price", "list"], 2, ["--price"]),
    ],
    ids=["unknown-payer", "ambiguous-payer", "unknown-plan", "plan-alone", "payers-output",
         "payers-yaml", "bad-price"],
)  # fmt: skip
def test_bad_command_lines(args: list[str], code: int, words: list[str]) -> None:
    """Command-line mistakes: one sentence, exit 2, nothing on stdout."""
    assert_refused(run(["prices", V3_TALL, *args]), code, *words)


def test_codes_file_is_data(write) -> None:  # type: ignore[no-untyped-def]
    """--codes replaces the bundled codes, read with the strict YAML rules."""
    codes = write(
        "levels:\n  res:\n    name: Residential\n    unit: day\n    per_week: 7\n"
        "    codes: {HCPCS: [H0017]}\n",
        "codes.yaml",
    )
    assert by_level(summary(V3_TALL, "--codes", codes)) == {"res": (1200, 2000)}
    bad = write("levels:\n  res:\n    name: R\n    unit: day\n    per_wek: 7\n", "codes.yaml")
    assert_refused(run(["prices", V3_TALL, "--codes", bad]), 1, "codes.yaml:5:5:", "per_wek")


def test_strangers_text_is_cleaned(write) -> None:  # type: ignore[no-untyped-def]
    """A hospital name with an escape sequence never reaches the terminal or the cost file raw."""
    general = GENERAL.replace("Test General,", "Evil\x1b[31mGeneral,", 1)
    path = write(tall("Res,H0017,HCPCS,inpatient,,,A\x1b]8;;x,P,1500,,,,,per diem",
                      general=general), "h.csv")  # fmt: skip
    for args in ([], ["--format", "yaml"], ["--format", "json"], ["--payers"]):
        outcome = run(["prices", path, *args])
        assert outcome.exit_code == 0, outcome
        assert "\x1b" not in outcome.stdout and "\\e" not in outcome.stdout
    cost_file = run(["prices", path, "--format", "yaml"]).stdout
    assert run(["levels", "--data", "-"], stdin=cost_file).exit_code == 0


@pytest.mark.parametrize("price", ["negotiated", "allowed", "cash"])
def test_the_table_never_crashes_when_no_level_is_priced(write, price: str) -> None:  # type: ignore[no-untyped-def]
    """Most real files publish no payer-specific rate for behavioural health: the default
    table still shows, naming what was found and skipped, exit 0."""
    rows = [
        "Psych room,0114,RC,inpatient,1200,,,,,,,,,",
        "Psych,885,MS-DRG,inpatient,,,A,P,9000,,,,,case rate",
    ]
    outcome = run(["prices", write(tall(*rows), "h.csv"), "--price", price])
    assert outcome.exit_code == 0, outcome
    assert "Traceback" not in outcome.stderr and "unexpectedly" not in outcome.stderr
    out = " ".join(outcome.stdout.split())
    assert "0 of 5 levels priced" in out
    assert "No price found for: Inpatient psychiatric care" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--payer", ""], ["--payer", "empty"]),
        (["--payer", "A", "--plan", " "], ["--plan", "empty"]),
        (["--price", "cash", "--payer", "aetna"], ["--payer", "does not depend on the payer"]),
        (["--price", "gross", "--payer", "aetna"], ["--payer", "does not depend on the payer"]),
    ],
    ids=["blank-payer", "blank-plan", "cash-with-payer", "gross-with-payer"],
)
def test_payer_options_that_mean_nothing_are_refused(args: list[str], words: list[str]) -> None:
    """A blank payer, or a payer with prices that do not depend on it: exit 2."""
    assert_refused(run(["prices", V3_TALL, *args]), 2, *words)


def test_prices_below_a_cent_are_counted_never_rates(write) -> None:  # type: ignore[no-untyped-def]
    """$0.004 is no price: skipped and counted, never a rate of $0."""
    rows = ["Res,H0017,HCPCS,inpatient,,,A,P,0.004,,,,,per diem"]
    doc = summary(write(tall(*rows), "h.csv"))
    assert doc["levels"] == []
    assert doc["values"] == {"below one cent (not a price)": 1}


def test_a_date_in_the_future_is_warned_about(write) -> None:  # type: ignore[no-untyped-def]
    """last_updated_on in the year 9999: read, with a warning naming the date."""
    general = GENERAL.replace("2026-03-02", "9999-01-01")
    rows = ["Res,H0017,HCPCS,inpatient,,,A,P,1500,,,,,per diem"]
    outcome = run(["prices", write(tall(*rows, general=general), "h.csv"), "-f", "json"])
    assert outcome.exit_code == 0
    assert "9999-01-01" in outcome.stderr and "future" in outcome.stderr


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"PK\x05\x06" + bytes(18), ["empty zip"]),
        (tall("Res,H0017,HCPCS,inpatient,,,A,P,1500,,,,,per diem").replace("\n", "\r").encode(),
         ["carriage return alone"]),
        (b'{"hospital_name": "H", "last_updated_on": "2026-01-01", "version": "3", "x": "abc',
         ["not valid JSON", "starting at character"]),
    ],
    ids=["empty-zip", "cr-only", "unterminated"],
)  # fmt: skip
def test_odd_files_are_named_for_what_they_are(write, content: bytes, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    """An empty zip, old Mac line endings, a broken JSON string: one sentence each, exit 1."""
    outcome = run(["prices", write(content, "h.bin")])
    assert_refused(outcome, 1, *words)
    assert "at at" not in outcome.stderr


def test_a_dollar_amount_counts_whatever_the_methodology_says(write) -> None:  # type: ignore[no-untyped-def]
    """A row whose methodology is percent of billed charges but which gives the dollar
    amount prices the level; one without a dollar amount is skipped and counted."""
    rows = [
        "Psych room,0124,RC,inpatient,,,A,P,1460.64,55,,,,percent of total billed charges",
        "Psych room,0124,RC,inpatient,,,B,P,,55,,,,percent of total billed charges",
        "Psych room,0124,RC,inpatient,,,C,P,623.70,,,,,per diem",
    ]
    doc = summary(write(tall(*rows), "h.csv"))
    assert by_level(doc) == {"inpatient": (D("623.70"), D("1460.64"))}
    assert doc["skipped"] == {"percent of total billed charges: no dollar amount": 1}


def test_codes_are_read_by_their_shape_where_the_type_is_wrong(write) -> None:  # type: ignore[no-untyped-def]
    """H0010 typed CPT is HCPCS (no CPT code has that shape); a revenue code without its
    leading zero is one; a number typed MS-DRG, CDM or LOCAL is never a revenue code."""
    rows = [
        "Detox,H0010,CPT,inpatient,900,,,,,,,,,",
        "Psych room,124,RC,inpatient,1000,,,,,,,,,",
        "Psych,0114,MS-DRG,inpatient,50000,,,,,,,,,",
        "Psych,0114,CDM,inpatient,60000,,,,,,,,,",
        "Psych,0114,LOCAL,inpatient,70000,,,,,,,,,",
    ]
    doc = summary(write(tall(*rows), "h.csv"), "--price", "gross")
    assert by_level(doc) == {"detox": (900, 900), "inpatient": (1000, 1000)}


def test_lines_that_do_not_price_the_unit_are_skipped_with_their_reason(write) -> None:  # type: ignore[no-untyped-def]
    """A professional service, a component, an hourly code or a half day under a level's
    revenue code is not the level's rate: skipped, counted by reason, one example shown."""
    header = HEADER.replace(
        "description,code|1,code|1|type,", "description,code|1,code|1|type,code|2,code|2|type,"
    )
    rows = [
        "Counseling Preventative Med,99402,CPT,0912,RC,outpatient,198,,,,,,,,",
        "Activity therapy,G0176,HCPCS,0912,RC,outpatient,303,,,,,,,,",
        "Day treatment per hr,H2012,HCPCS,0905,RC,outpatient,482,,,,,,,,",
        "PHP half day,,,0912,RC,outpatient,900,,,,,,,,",
        "PHP 3 hrs or less,,,0912,RC,outpatient,950,,,,,,,,",
        "PHP day,,,0912,RC,outpatient,1800,,,,,,,,",
        "IOP adult,S9480,HCPCS,0905,RC,outpatient,2187,,,,,,,,",
    ]
    doc = summary(write(tall(*rows, header=header), "h.csv"), "--price", "gross")
    assert by_level(doc) == {"php": (1800, 1800), "iop": (2187, 2187)}
    skipped = doc["skipped"]
    assert sum(skipped.values()) == 5  # type: ignore[attr-defined]
    examples = doc["skipped_examples"]
    assert "Counseling Preventative Med" in examples.values()  # type: ignore[attr-defined]
    table = " ".join(
        run(
            ["prices", write(tall(*rows, header=header), "h.csv"), "--price", "gross"]
        ).stdout.split()
    )
    assert 'e.g. "Activity therapy"' in table


def test_every_payer_listed_can_be_named(write) -> None:  # type: ignore[no-untyped-def]
    """A payer whose only prices are skipped is still a payer: --payer finds it, and the
    sheet says it has no price for the level."""
    rows = [
        "Res,H0017,HCPCS,inpatient,,,AETNA COMM - ALL OTHER PLANS,AETNA COMM - ALL OTHER PLANS,,,,,,case rate",
        "Res,H0017,HCPCS,inpatient,,,B,P,1500,,,,,per diem",
    ]
    path = write(tall(*rows), "h.csv")
    doc = summary(path, "--payer", "AETNA COMM - ALL OTHER PLANS")
    assert doc["levels"] == []
    assert doc["payers"] == ["AETNA COMM - ALL OTHER PLANS"]


def test_a_stray_quote_costs_one_record_not_the_file(write) -> None:  # type: ignore[no-untyped-def]
    """One unbalanced quote (Catheter 12" long) opens a field no line closes: past the
    bound that record is counted as unreadable, with its line, and the lines after it are
    read again, so a price further on is still found."""
    filler = [f"Supply {n},C{n:04d},CPT,outpatient,5,,,,,,,,," for n in range(100)]
    rows = [
        'Catheter 12" long,C9999,CPT,outpatient,10,,,,,,,,,',
        *filler[:10],
        "Res,H0017,HCPCS,inpatient,,,A,P,1500,,,,,per diem",
        *filler[10:],
        "Res,H0017,HCPCS,inpatient,,,B,P,1700,,,,,per diem",
    ]
    doc = summary(write(tall(*rows), "h.csv"))
    assert by_level(doc) == {"residential": (1500, 1700)}
    assert doc["unreadable"] == 1
    assert str(doc["first_unreadable"]).startswith("line 4 (a quoted field left open")
    table = " ".join(run(["prices", write(tall(*rows), "h.csv")]).stdout.split())
    assert "Could not be read: 1 record; the first at line 4" in table


def test_a_stray_quote_on_standard_input_is_named_by_its_line() -> None:
    """The same from standard input, in a file of many blocks: its line is counted by
    reading the input again, which does not disturb the first reading; the price after
    it is found once."""
    filler = [f"Supply {n},C{n:05d},CPT,outpatient,5,,,,,,,,," for n in range(20000)]
    rows = [
        *filler[:2000],
        'Catheter 12" long,C9999,CPT,outpatient,10,,,,,,,,,',
        *filler[2000:],
        "Res,H0017,HCPCS,inpatient,,,B,P,1700,,,,,per diem",
    ]
    doc = summary("-", stdin=tall(*rows))
    assert by_level(doc) == {"residential": (1700, 1700)}
    assert doc["entries"] == 1 and doc["unreadable"] == 1
    assert str(doc["first_unreadable"]).startswith("line 2004 (a quoted field left open")


def test_standard_input_is_named_so() -> None:
    """An empty standard input: one sentence that calls it <stdin>, not "-"."""
    assert_refused(run(["prices", "-"], stdin=""), 1, "<stdin> is not a standard-charges file")


def test_a_quoted_note_over_a_few_lines_is_still_read(write) -> None:  # type: ignore[no-untyped-def]
    """A note that spans lines inside quotes, within the bounds, is one record."""
    rows = ['"Res, per\nday\nnote",H0017,HCPCS,inpatient,,,A,P,1500,,,,,per diem']
    doc = summary(write(tall(*rows), "h.csv"))
    assert by_level(doc) == {"residential": (1500, 1500)}
    assert doc["unreadable"] == 0


@pytest.mark.slow
@pytest.mark.parametrize("packed", [True, False], ids=["gzip", "plain, read in parts"])
def test_one_gigantic_line_is_counted_in_bounded_memory(tmp_path: Path, packed: bool) -> None:
    """A gzip (or a plain file, read in parts by two workers) holding a 64 MiB line with no
    line break: counted as unreadable, the rest read, and memory stays far below the
    line's size."""
    import resource
    import subprocess
    import sys

    path = tmp_path / ("big.csv.gz" if packed else "big.csv")
    opener = partial(gzip.open, compresslevel=1) if packed else open
    with opener(path, "wb") as out:
        out.write(tall().encode())
        out.write(b"x" * (64 << 20) + b"\n")
        out.write(b"Res,H0017,HCPCS,inpatient,,,A,P,1500,,,,,per diem\n")
    code = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(done.returncode)\n"
        "print(done.stdout)"
    )
    args = [
        sys.executable,
        "-m",
        "iopcost",
        "prices",
        str(path),
        "--price",
        "negotiated",
        "-f",
        "json",
        "--jobs",
        "2",
    ]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    peak_kib, returncode, output = done.stdout.split("\n", 2)
    assert returncode == "0", done
    doc = json.loads(output)
    assert by_level(doc) == {"residential": (1500, 1500)}
    assert doc["unreadable"] == 1 and "longer than 4 MiB" in doc["first_unreadable"]
    assert int(peak_kib) < 64 * 1024, peak_kib
    assert resource  # the child's peak is read above


JSON_HEAD = b'{"hospital_name": "H", "last_updated_on": "2026-01-01", "version": "3", '
ITEM = b'{"description": "Res", "code_information": [{"code": "H0017", "type": "HCPCS"}], "standard_charges": [{"setting": "inpatient", "gross_charge": 1500}]}'


def _gzip_corrupt() -> bytes:
    packed = gzip.compress(Path(V3_TALL).read_bytes())
    return packed[:20] + bytes(byte ^ 0xFF for byte in packed[20:60]) + packed[60:]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (_gzip_corrupt(), ["not a readable gzip"]),
        (JSON_HEAD + b'"standard_charge_information": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
         ["nested too deeply"]),
        (JSON_HEAD + b'"standard_charge_information": [{"x": ' + b"9" * 5000 + b"}]}",
         ["number too long"]),
        (JSON_HEAD + b'"standard_charge_information": [' + ITEM + b']} {"more": 1}',
         ["data after the end of the object", "character"]),
        (JSON_HEAD + b'"standard_charge_information": [' + ITEM + b'], "standard_charge_information": [' + ITEM + b"]}",
         ["'standard_charge_information' twice", "character"]),
    ],
    ids=["corrupt-gzip", "deep-json", "huge-integer", "trailing-data", "duplicate-key"],
)  # fmt: skip
def test_damaged_data_is_one_sentence(write, content: bytes, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Corrupt compression, deep nesting, huge numbers, data after the object and a key
    given twice: exit 1, the file named, never "a bug"."""
    outcome = run(["prices", write(content, "h.bin")])
    assert_refused(outcome, 1, *words)
    assert "bug" not in outcome.stderr


def test_an_encrypted_zip_member_is_named(tmp_path: Path) -> None:
    """A zip whose file is encrypted: one sentence saying so."""
    import io

    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("h.csv", Path(V3_TALL).read_bytes())
    data = bytearray(plain.getvalue())
    data[6] |= 0x01  # the local header's "encrypted" flag
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x01  # and the central directory's
    path = tmp_path / "h.zip"
    path.write_bytes(bytes(data))
    outcome = run(["prices", str(path)])
    assert_refused(outcome, 1, "encrypted")
    assert "bug" not in outcome.stderr


@pytest.mark.slow
def test_deep_yaml_is_refused_in_every_reader(write) -> None:  # type: ignore[no-untyped-def]
    """`levels:` followed by thousands of brackets: one sentence, exit 1, for cost, codes,
    insurance and household files alike."""
    deep = write("levels: " + "[" * 5000, "deep.yaml")
    for args in (["compare", "--data", deep], ["compare", "--insurance", deep],
                 ["compare", "--household", deep], ["prices", V3_TALL, "--codes", deep]):  # fmt: skip
        outcome = run(args)
        assert_refused(outcome, 1, "nested too deeply")
        assert "bug" not in outcome.stderr


def test_the_default_sheet_shows_every_kind_of_price(write) -> None:  # type: ignore[no-untyped-def]
    """Without --price: per level, gross, cash, negotiated and allowed, each with its unit
    and rows, and in words the kinds a level lacks; JSON carries the same."""
    rows = [
        "Res,H0017,HCPCS,inpatient,2000,1800,A,P,1500,,,1200,1900,per diem",
        "Res,H0017,HCPCS,inpatient,2000,1800,B,Q,1600,,,,,per diem",
        "IOP,S9480,HCPCS,outpatient,300,250,,,,,,,,",
    ]
    path = write(tall(*rows), "h.csv")
    outcome = run(["prices", path])
    assert outcome.exit_code == 0, outcome
    table = " ".join(outcome.stdout.split())
    for words in ("gross charge $2,000 per day 1", "discounted cash $1,800 per day 1",
                  "negotiated $1,500-$1,600 per day 2 2",
                  "gross charge $300 per session", "discounted cash $250 per session",
                  "Intensive outpatient (IOP): no payer-specific rate, no allowed amounts."):  # fmt: skip
        assert words in table
    # Allowed amounts are per claim line, never labelled a rate per day.
    assert "$1,200-$1,900 per day" not in table
    allowed = next(
        line for line in outcome.stdout.splitlines() if "allowed" in line and "$" in line
    )
    assert "$1,200-$1,900 per claim" in allowed
    doc = json.loads(run(["prices", path, "--format", "json"]).stdout, parse_float=D)
    residential = next(level for level in doc["levels"] if level["id"] == "residential")
    assert residential["prices"]["negotiated"]["low"] == 1500
    assert residential["prices"]["allowed"]["high"] == 1900
    assert residential["missing"] == []
    iop = next(level for level in doc["levels"] if level["id"] == "iop")
    assert iop["missing"] == ["negotiated", "allowed"]


def test_a_cost_file_of_a_kind_the_file_lacks_names_the_kinds_there(write) -> None:  # type: ignore[no-untyped-def]
    """Negotiated rates asked for where only gross and cash prices exist: exit 1, naming
    them and the --price to add; a table of that kind says the same under it."""
    path = write(tall("IOP,S9480,HCPCS,outpatient,300,250,,,,,,,,"), "h.csv")
    assert_refused(
        run(["prices", path, "-o", str(Path(path).with_suffix(".yaml"))]),
        1,
        "h.csv has no negotiated rates by the day or session",
        "discounted cash prices and gross charges are there: add --price cash.",
    )
    assert not Path(path).with_suffix(".yaml").exists()
    table = " ".join(run(["prices", path, "--price", "allowed"]).stdout.split())
    assert "This file has discounted cash prices and gross charges: add --price cash." in table


def test_the_default_sheet_never_crashes_when_no_level_is_priced(write) -> None:  # type: ignore[no-untyped-def]
    """A file whose behavioural-health lines are all per stay: the sheet says so, exit 0."""
    path = write(tall("Psych,885,MS-DRG,inpatient,,,A,P,9000,,,,,case rate"), "h.csv")
    outcome = run(["prices", path])
    assert outcome.exit_code == 0, outcome
    out = " ".join(outcome.stdout.split())
    assert "(0 of 5 levels priced)" in out and "No price of any kind for: Inpatient" in out


def test_quoted_fields_before_and_around_the_codes_are_read(write) -> None:  # type: ignore[no-untyped-def]
    """A quoted description with commas (and an escaped quote), a quoted code, a quoted
    field ending in an escaped quote: each line's codes are still found."""
    rows = [
        '"Psych room, semi-private",0124,RC,inpatient,1000,,,,,,,,,',
        '"IOP ""adult"", evening",S9480,HCPCS,outpatient,300,,,,,,,,,',
        'PHP day,"0913","RC",outpatient,1800,,,,,,,,,',
        '"Detox 12""",H0010,HCPCS,inpatient,900,,,,,,,,,',
        '"Not a level, 0905",99999,CPT,outpatient,5,,,,,,,,,',
    ]
    doc = summary(write(tall(*rows), "h.csv"), "--price", "gross")
    assert by_level(doc) == {
        "inpatient": (1000, 1000), "detox": (900, 900), "php": (1800, 1800), "iop": (300, 300)
    }  # fmt: skip


@pytest.mark.parametrize("whole", [None, 0], ids=["as shipped", "no read-ahead"])
def test_a_json_item_cut_by_a_chunk_is_decoded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole: int | None
) -> None:
    """3,000 items of some 1 KiB over many 256 KiB chunks: the text is read ahead before
    an item is decoded, so that no decoding stops at a chunk's end to start again (without
    the read-ahead, some do: the check can fail)."""
    import json as json_module

    from iopcost.files.care_codes import load_care_codes
    from iopcost.hospital import json_reader
    from iopcost.hospital.source import Source

    if whole is not None:
        monkeypatch.setattr(json_reader, "WHOLE", whole)
    padded = ITEM.replace(b'"Res"', b'"Res ' + b"x" * 900 + b'"')
    path = tmp_path / "h.json"
    path.write_bytes(
        JSON_HEAD + b'"standard_charge_information": [' + b",".join([padded] * 3000) + b"]}"
    )
    cut: list[int] = []
    real = json_reader._Text.__init__

    def counting(self: json_reader._Text, stream: object, name: str) -> None:
        real(self, stream, name)  # type: ignore[arg-type]
        decode = self.decode

        def decoding(s: str, idx: int = 0) -> tuple[Any, int]:
            try:
                return decode(s, idx)
            except json_module.JSONDecodeError:
                cut.append(idx)
                raise

        self.decode = decoding

    monkeypatch.setattr(json_reader._Text, "__init__", counting)
    info, entries = json_reader.open_json(Source(str(path)), load_care_codes(None))
    assert sum(1 for _entry in entries()) == 3000
    assert (len(cut) == 0) == (whole is None), len(cut)
