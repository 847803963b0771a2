"""`iopcost gfe`: the Good Faith Estimate a practice hands a self-pay patient, from its
practice file and its own rates, in every format of the registry."""

from __future__ import annotations

import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import PATIENT, PRACTICE, RATES, assert_refused, needs_pdf_tools, run

STATEMENTS = (
    "not included in this estimate",
    "This is only an estimate",
    "at least $400 more than this estimate",
    "within 120 calendar days",
    "www.cms.gov/nosurprises",
    "is not a contract and does not require you to obtain",
    "Keep a copy of this estimate",
)


@pytest.fixture
def practice(write, monkeypatch: pytest.MonkeyPatch) -> str:  # type: ignore[no-untyped-def]
    """The practice file; the program's rates beside it, named by IOPCOST_DATA."""
    monkeypatch.setenv("IOPCOST_DATA", write(RATES, "rates.yaml"))
    return write(PRACTICE, "practice.yaml")  # type: ignore[no-any-return]


def gfe(*args: str) -> dict[str, Any]:
    outcome = run(["gfe", *args, "--format", "json"])
    assert outcome.exit_code == 0, outcome
    return json.loads(outcome.stdout, parse_float=Decimal)  # type: ignore[no-any-return]


def test_a_twelve_week_iop(practice: str) -> None:
    """iop:12: 36 sessions at $200-$300, $7,200-$10,800, from the clinic, with its NPI,
    TIN, address and state, the code from the cost file, and the period."""
    doc = gfe("iop:12", "--practice", practice, *PATIENT, "--diagnosis", "F10.20")
    (clinic,) = doc["providers"]
    assert (clinic["name"], clinic["npi"], clinic["tin"], clinic["state"]) == (
        "Bayside Counseling", "1234567893", "12-3456789", "IL")  # fmt: skip
    (item,) = clinic["items"]
    assert (
        item["codes"] == ["S9480", "RC 0905"]
        and item["quantity_low"] == item["quantity_high"] == 36
    )
    assert (item["total_low"], item["total_high"]) == (7200, 10800)
    assert (doc["start"], doc["end"]) == ("2027-01-04", "2027-03-28")
    assert doc["diagnoses"] == ["F10.20"]
    assert doc["patient"] == {"name": "Alex Smith", "birth_date": "1990-04-02"}
    assert doc["source"]["cost_file"].endswith("rates.yaml")


def test_a_step_down_course_across_providers_with_a_range_of_weeks(practice: str) -> None:
    """residential:2 (an alias) at the hospital, then php:2 iop:8-12 at the clinic: the
    low estimate at 8 weeks and low rates, the high at 12 weeks and high rates."""
    doc = gfe("residential:2", "php:2", "iop:8-12", "--practice", practice, *PATIENT)
    clinic, hospital = doc["providers"]
    assert hospital["name"] == "Mercy Hospital"
    assert (hospital["total_low"], hospital["total_high"]) == (7000, 11200)
    iop = clinic["items"][1]
    assert (iop["quantity_low"], iop["quantity_high"]) == (24, 36)
    assert (doc["total_low"], doc["total_high"]) == (15300, 26500)
    text = run(["gfe", "residential:2", "php:2", "iop:8-12", "--practice", practice,
                *PATIENT]).stdout  # fmt: skip
    assert "24-36 sessions over 8 to 12 weeks" in text
    for statement in STATEMENTS:
        assert statement in text.replace("\\", "")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["iop:53"], 2, ["more than 12 months", "issue another estimate for the rest"]),
        (["iop:8", "--diagnosis", "F10"], 0, []),
        (["iop:8", "--diagnosis", "10.20"], 2, ["--diagnosis", "not an ICD-10-CM code"]),
        (["iop:8", "--birth-date", "1990-02-30"], 2, ["--birth-date", "YYYY-MM-DD"]),
        (["iop:8", "--birth-date", "2030-01-01"], 2, ["--birth-date", "after today"]),
        (["iop:8", "--patient-name", " "], 2, ["--patient-name is empty"]),
        (["iop:8", "--patient-name", "A\x1b[31m"], 2, ["control character"]),
        (["iop:8", "--deductible", "500"], 2, ["--deductible"]),
        (["iop:8", "-o", "gfe.docx"], 2, [".pdf", ".html"]),
    ],
    ids=["13-months", "short-icd", "bad-icd", "bad-date", "future-birth", "blank-name",
         "escape-in-name", "plan-terms", "docx"],
)  # fmt: skip
def test_mistakes_get_one_sentence(practice: str, args: list[str], code: int,
                                   words: list[str]) -> None:  # fmt: skip
    outcome = run(
        [
            "gfe",
            *args,
            "--practice",
            practice,
            *PATIENT[:0],
            *(["--patient-name", "A"] if "--patient-name" not in args else []),
            *(["--birth-date", "1990-01-01"] if "--birth-date" not in args else []),
        ]
    )
    if code == 0:
        assert outcome.exit_code == 0, outcome
        return
    assert_refused(outcome, code, *words)


@pytest.mark.parametrize(
    ("replace", "words"),
    [
        (('"1234567893"', '"1234567890"'), ["practice.yaml:3:10", "check digit should be 3"]),
        (("12-3456789", "12-34"), ["practice.yaml:4:10", "not a TIN"]),
        (("1 Main St, Springfield, IL 62701", "1 Main St"), ["practice.yaml:5:14", "state"]),
        (("  - name: Mercy", "  - nam: Mercy"), ["practice.yaml:7:5", "unknown key 'nam'"]),
    ],
    ids=["npi", "tin", "state", "key"],
)
def test_practice_files_are_read_strictly(practice, write, replace: tuple[str, str],  # type: ignore[no-untyped-def]
                                          words: list[str]) -> None:  # fmt: skip
    path = write(PRACTICE.replace(*replace), "practice.yaml")
    assert_refused(run(["gfe", "iop:8", "--practice", path, *PATIENT]), 1, *words)


def test_a_level_the_practice_does_not_furnish(practice, write) -> None:  # type: ignore[no-untyped-def]
    path = write(PRACTICE.replace("levels: [residential]", "levels: [php]"), "practice.yaml")
    assert_refused(run(["gfe", "inpatient:1", "--practice", path, *PATIENT]), 1,
                   "no provider", "furnishes Inpatient / residential")  # fmt: skip


def test_strangers_text_in_a_practice_file_shows_literally(practice, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(PRACTICE.replace("Bayside Counseling", "<b>Bayside</b> [x]"), "practice.yaml")
    page = tmp_path / "gfe.html"
    assert run(["gfe", "iop:8", "--practice", path, *PATIENT, "-o", str(page)]).exit_code == 0
    text = page.read_text()
    assert "<b>" not in text and "&lt;b&gt;Bayside&lt;/b&gt; [x]" in text
    assert not re.search(r"(src|href)=|url\(|<script", text)


@pytest.mark.slow
def test_the_pdf_holds_every_figure_and_statement(practice: str, tmp_path: Path) -> None:
    """The PDF (WeasyPrint): one page for a 12-week IOP; pdftotext finds the patient, the
    NPI, the total and every statement, with no word broken letter by letter."""
    needs_pdf_tools()
    pdf = tmp_path / "gfe.pdf"
    assert run(["gfe", "iop:12", "--practice", practice, *PATIENT, "-o", str(pdf),
                "--paper", "letter"]).exit_code == 0  # fmt: skip
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    for expected in ("Alex Smith", "1990-04-02", "1234567893", "12-3456789", "S9480",
                     "$7,200 - $10,800", "2027-01-04 to 2027-03-28", *STATEMENTS):  # fmt: skip
        assert expected in flat, expected
    assert text.count("\f") == 1
    assert not re.search(r"(?m)^\s*\w\s*\n\s*\w\s*\n\s*\w\s*$", text)


@pytest.mark.parametrize(
    ("data", "env"),
    [(["--data", "bundled"], {}), ([], {"IOPCOST_DATA": ""})],
    ids=["bundled-named", "bundled-by-default"],
)
def test_the_bundled_averages_never_make_an_estimate(
    practice: str, data: list[str], env: dict[str, str]
) -> None:
    """A Good Faith Estimate states the provider's own charges: national averages are
    refused, with how to give the provider's rates (exit 2, nothing on stdout)."""
    outcome = run(["gfe", "iop:12", "--practice", practice, *PATIENT, *data], env=env)
    assert_refused(outcome, 2, "national averages", "--data FILE")


def test_a_provider_may_list_a_level_the_cost_file_does_not_price(write) -> None:  # type: ignore[no-untyped-def]
    """A provider's levels naming a level the cost file lacks (php, or spa, which no cost
    file prices) are refused only when a step needs that level: IOP is estimated, PHP is
    not."""
    only_iop = (
        "currency: USD\n"
        "source:\n  title: Bayside rates\n  published: 2026-01-05\n"
        "levels:\n"
        "  iop: {name: Intensive outpatient (IOP), unit: session, per_week: 3, rate: 240}\n"
    )
    rates = write(only_iop, "own.yaml")
    practice = write(PRACTICE.replace("levels: [iop, php]", "levels: [iop, php, spa]"),
                     "practice.yaml")  # fmt: skip
    outcome = run(["gfe", "iop:4", "--practice", practice, *PATIENT, "--data", rates, "-f", "json"])
    assert outcome.exit_code == 0, outcome
    assert json.loads(outcome.stdout)["total_low"] == 240 * 12
    refused = run(["gfe", "php:2", "--practice", practice, *PATIENT, "--data", rates])
    assert refused.exit_code == 2 and refused.stdout == "" and "php" in refused.stderr, refused


@pytest.mark.slow
def test_a_long_unbroken_name_stays_on_the_page(practice, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A patient's, provider's or address's name of 150 letters without a space wraps
    inside the page: no word of the PDF's text layer reaches past its right edge."""
    needs_pdf_tools()
    long_practice = write(
        PRACTICE.replace("Bayside Counseling", "B" * 150).replace("1 Main St", "M" * 150),
        "long.yaml",
    )
    pdf = tmp_path / "gfe.pdf"
    outcome = run(["gfe", "iop:12", "--practice", long_practice, *PATIENT[2:],
                   "--patient-name", "W" * 150, "-o", str(pdf), "--paper", "letter"])  # fmt: skip
    assert outcome.exit_code == 0, outcome
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])  # type: ignore[index]
    words = re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', boxes)
    assert sum(len(text) for _, text in words if set(text) == {"W"}) == 150
    assert all(float(right) < width - 20 for right, _ in words), max(words)
