"""--data repeated: the levels of several cost files in one table, each with its source."""

from __future__ import annotations

import json

import pytest

from conftest import SEED_YAML, assert_refused, run

CLINIC = """\
currency: USD
source:
  title: Bayside Counseling fee list
  published: 2026-06-01
  caveat: Bayside's own prices.
levels:
  bayside_iop:
    name: Evening IOP
    unit: session
    per_week: 3
    rate: 180
"""
HOSPITAL = """\
currency: USD
source:
  title: Mercy Hospital
  published: 2026-04-01
levels:
  mercy_residential:
    name: Residential treatment
    unit: day
    per_week: 7
    rate: 887
    aliases: [mercy]
"""


@pytest.fixture
def files(write):  # type: ignore[no-untyped-def]
    return write(CLINIC, "clinic.yaml"), write(HOSPITAL, "hospital.yaml")


def test_compare_merges_the_levels_of_every_file_with_their_sources(files) -> None:  # type: ignore[no-untyped-def]
    """A clinic's IOP, a hospital's residential care and the fixture's rates in one table;
    JSON names each file, its levels and its source."""
    clinic, hospital = files
    outcome = run(["compare", "--weeks", "4", "--data", clinic, "--data", hospital, "-f", "json"])
    doc = json.loads(outcome.stdout)
    assert [level["id"] for level in doc["levels"]] == ["bayside_iop", "mercy_residential"]
    assert [level["total_low"] for level in doc["levels"]] == [2160, 24836]
    sources = doc["sources"]
    assert [(s["data"].rsplit("/", 1)[-1], s["levels"]) for s in sources] == [
        ("clinic.yaml", ["bayside_iop"]), ("hospital.yaml", ["mercy_residential"])]  # fmt: skip
    assert sources[0]["source"]["title"] == "Bayside Counseling fee list"
    assert sources[0]["estimate"] == "Bayside's own prices."
    table = " ".join(
        run(["compare", "--weeks", "4", "--data", clinic, "--data", hospital]).stdout.split()
    )
    assert "Rates for Evening IOP: Bayside Counseling fee list (2026-06-01)" in table
    assert "Rates for Residential treatment: Mercy Hospital (2026-04-01)" in table


def test_plan_steps_across_files_and_the_bundled_rates_by_name(files) -> None:  # type: ignore[no-untyped-def]
    """plan mercy:2 bayside_iop:8 across two files; `bundled` names the shipped rates."""
    clinic, hospital = files
    doc = json.loads(run(["plan", "mercy:2", "bayside_iop:8", "--data", clinic, "--data",
                          hospital, "-f", "json"]).stdout)  # fmt: skip
    assert [step["level"] for step in doc["steps"]] == ["mercy_residential", "bayside_iop"]
    assert doc["total_low"] == 887 * 14 + 180 * 24
    levels = json.loads(run(["levels", "--data", "bundled", "--data", clinic, "-f", "json"]).stdout)
    assert [level["id"] for level in levels["levels"]][-1] == "bayside_iop"
    assert len(levels["levels"]) >= 4


def test_two_levels_of_one_name_are_told_apart_by_their_source(write) -> None:  # type: ignore[no-untyped-def]
    other = write(SEED_YAML.replace("inpatient:", "other_inpatient:").replace("php:", "other_php:")
                  .replace("iop:", "other_iop:").replace("title: Intensive Outpatient Program (IOP) Explained",
                  "title: Other list"), "other.yaml")  # fmt: skip
    doc = json.loads(run(["compare", "--data", "bundled", "--data", other, "-f", "json"]).stdout)
    names = [level["name"] for level in doc["levels"]]
    assert "Intensive outpatient (IOP), Other list" in names
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    ("second", "code", "words"),
    [
        (CLINIC, 1, ["'bayside_iop' is in both", "clinic.yaml", "other.yaml"]),
        (HOSPITAL.replace("aliases: [mercy]", "aliases: [bayside_iop]"), 1,
         ["'bayside_iop' is in both"]),
        (CLINIC.replace("USD", "CAD").replace("bayside_iop", "x"), 1, ["in USD", "in CAD"]),
    ],
    ids=["same-id", "alias-is-an-id", "currency"],
)  # fmt: skip
def test_files_that_cannot_merge_are_refused(write, files, second: str, code: int,  # type: ignore[no-untyped-def]
                                             words: list[str]) -> None:  # fmt: skip
    clinic, _ = files
    other = write(second, "other.yaml")
    assert_refused(run(["compare", "--data", clinic, "--data", other]), code, *words)


def test_standard_input_once(files) -> None:  # type: ignore[no-untyped-def]
    assert_refused(run(["compare", "--data", "-", "--data", "-"], stdin=CLINIC), 2, "--data -")


def test_batch_prices_every_file(files, write) -> None:  # type: ignore[no-untyped-def]
    clinic, hospital = files
    cases = write("id,weeks,sessions\na,4,3\n", "cases.csv")
    out = run(["batch", cases, "--data", clinic, "--data", hospital]).stdout.splitlines()
    assert [line.split(",")[2] for line in out[1:]] == ["bayside_iop", "mercy_residential"]
