"""Insurers' in-network files: the streaming reader against a plain reading of the whole
document, on every shape (references first or last, inline groups, one huge item, stray
keys), and the rules of what is kept."""

from __future__ import annotations

import gzip
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from synthetic import WANTED, WANTED_EIN, Shape, write

from iopcost.core.care import PER_CASE, normal_code
from iopcost.core.plan_rates import DOLLAR_KINDS, KINDS, Tally
from iopcost.files.care_codes import load_care_codes
from iopcost.hospital.source import Source
from iopcost.insurer.providers import ein_digits, providers_of
from iopcost.insurer.references import References
from iopcost.insurer.text_reader import read_in_network

TODAY = date(2026, 12, 7)
CODES = load_care_codes(None)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "insurer"


def streamed(path: Path, asked: list[str], today: date = TODAY) -> Tally:
    tally = Tally()
    references = References(providers_of(asked), tally)
    source = Source(str(path))
    read_in_network(source.open, str(path), CODES, references, today)
    return tally


def _labels(groups: list[dict[str, Any]], asked: list[str]) -> set[str]:
    providers = providers_of(asked)
    found: set[str] = set()
    for group in groups:
        for npi in group.get("npi", []):
            label_of_npi = providers.npi(npi)
            if label_of_npi:
                found.add(label_of_npi)
        tin = group.get("tin", {})
        label = providers.tin(tin.get("type"), tin.get("value"))
        if label:
            found.add(label)
    return found


def whole(path: Path, asked: list[str], today: date = TODAY) -> dict[str, Any]:
    """The same answer from the whole document in memory, written plainly."""
    with gzip.open(path) if path.suffix == ".gz" else path.open("rb") as raw:
        doc = json.load(raw)
    refs = {
        r["provider_group_id"]: (_labels(r["provider_groups"], asked), r.get("network_name", []))
        for r in doc.get("provider_references", [])
    }
    answers: dict[tuple[str, str, str, str], tuple[Decimal, Decimal, int]] = {}
    skipped: dict[str, int] = {}
    for item in doc["in_network"]:
        kind, code = normal_code(item["billing_code_type"], item["billing_code"])
        level = CODES.classify(kind, code)
        if level is None or level == PER_CASE:
            continue
        setting = "inpatient" if CODES.level(level).per_week == 7 else "outpatient"
        for rate in item["negotiated_rates"]:
            matched: dict[str, list[str]] = {}
            for ref in rate.get("provider_references", []):
                labels, networks = refs.get(ref, (set(), []))
                for label in labels:
                    matched.setdefault(label, []).extend(networks)
            for label in _labels(rate.get("provider_groups", []), asked):
                matched.setdefault(label, [])
            if not matched:
                continue
            for price in rate["negotiated_prices"]:
                reason = None
                if price["expiration_date"] < today.isoformat():
                    reason = "expired"
                elif price["billing_class"] == "professional":
                    reason = "professional"
                elif price.get("setting", "both") not in ("both", setting):
                    reason = "setting"
                if reason:
                    skipped[reason] = skipped.get(reason, 0) + 1
                    continue
                for label in matched:
                    key = (label, level, price["negotiated_type"], "ffs")
                    rate_ = Decimal(str(price["negotiated_rate"]))
                    low, high, rows = answers.get(key, (rate_, rate_, 0))
                    answers[key] = (min(low, rate_), max(high, rate_), rows + 1)
    return {"answers": answers, "skipped": skipped}


def _as_plain(tally: Tally) -> dict[str, Any]:
    names = {
        "expired (its expiration date has passed)": "expired",
        "billed by a professional, not the facility (billing class professional)": "professional",
        "for another setting (inpatient for a program, outpatient for a stay)": "setting",
    }
    return {
        "answers": {key: (a.low, a.high, a.rows) for key, a in tally.answers.items()},
        "skipped": {names[reason]: count for reason, count in tally.skipped.items()},
    }


SHAPES = [
    pytest.param(Shape(seed=2), id="references-first"),
    pytest.param(Shape(seed=3, refs_last=True), id="references-last"),
    pytest.param(Shape(seed=4, inline=True), id="inline-groups-1.x"),
    pytest.param(Shape(seed=5, huge_refs=20_000, stray=True), id="huge-item-and-stray-key"),
    pytest.param(
        Shape(seed=6, refs_last=True, huge_refs=5_000, level_share=0.3), id="huge-item-last"
    ),
    # An item too large to decode whole (read as events), before or after its references.
    pytest.param(
        Shape(seed=7, refs_last=True, huge_refs=300_000, level_share=0.3), id="spilled-item-last"
    ),
    pytest.param(Shape(seed=8, huge_refs=300_000, stray=True), id="spilled-item-first"),
]


@pytest.mark.parametrize("shape", SHAPES)
def test_the_stream_gives_what_the_whole_document_gives(tmp_path: Path, shape: Shape) -> None:
    path = write(tmp_path / "in-network.json.gz", shape)
    asked = [*WANTED, WANTED_EIN]
    got = streamed(path, asked)
    assert got.answers, "the shape must give some rates to compare"
    assert _as_plain(got) == whole(path, asked)


def test_references_last_are_read_in_a_second_pass_with_the_same_answer(tmp_path: Path) -> None:
    first = streamed(write(tmp_path / "a.json", Shape(seed=9)), WANTED)
    last = streamed(write(tmp_path / "b.json", Shape(seed=9, refs_last=True)), WANTED)
    assert _as_plain(first) == _as_plain(last)
    assert first.items == last.items == 1000


def test_kinds_stay_apart_and_percentages_are_never_dollars(tmp_path: Path) -> None:
    tally = streamed(write(tmp_path / "a.json", Shape(seed=11, level_share=0.5)), WANTED)
    kinds = {answer.kind for answer in tally.answers.values()}
    assert kinds <= set(KINDS) and "percentage" in kinds and kinds & set(DOLLAR_KINDS)
    for answer in tally.answers.values():
        assert answer.priced == (answer.kind in DOLLAR_KINDS)
        if answer.kind == "percentage":
            assert answer.high < 100


def test_an_expired_rate_is_skipped_by_the_day_it_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", Shape(seed=12))
    before = streamed(path, WANTED, today=date(2019, 1, 1))
    after = streamed(path, WANTED, today=date(2032, 1, 1))
    assert "expired (its expiration date has passed)" not in before.skipped
    assert after.skipped["expired (its expiration date has passed)"] > 0
    assert sum(a.rows for a in after.answers.values()) < sum(
        a.rows for a in before.answers.values()
    )


def test_a_tin_only_contract_is_found_by_its_ein() -> None:
    providers = providers_of([WANTED_EIN])
    assert providers.tin("ein", "123456789") == "EIN 12-3456789"
    assert providers.tin("ein", "12-3456789") == "EIN 12-3456789"
    assert providers.npi(0) is None
    assert ein_digits("12-345678") is None


def test_ids_as_integers_text_and_floats_are_one(tmp_path: Path) -> None:
    doc = {
        "reporting_entity_name": "P",
        "version": "1.0.0",
        "last_updated_on": "2026-01-01",
        "provider_references": [
            {
                "provider_group_id": 690.64462,
                "provider_groups": [
                    {"npi": [int(WANTED[0])], "tin": {"type": "ein", "value": "1"}}
                ],
            },
            {
                "provider_group_id": "7",
                "provider_groups": [{"npi": [WANTED[1]], "tin": {"type": "ein", "value": "1"}}],
            },
        ],
        "in_network": [
            {
                "negotiation_arrangement": "ffs",
                "name": "IOP",
                "billing_code_type": "HCPCS",
                "billing_code": "S9480",
                "description": "Intensive outpatient",
                "negotiated_rates": [
                    {
                        "provider_references": [690.64462, 7],
                        "negotiated_prices": [
                            {
                                "negotiated_type": "negotiated",
                                "negotiated_rate": 250,
                                "expiration_date": "9999-12-31",
                                "billing_class": "institutional",
                                "setting": "outpatient",
                            }
                        ],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "ids.json"
    path.write_text(json.dumps(doc))
    tally = streamed(path, WANTED[:2])
    assert {a.provider for a in tally.answers.values()} == {f"NPI {WANTED[0]}", f"NPI {WANTED[1]}"}


def test_a_billing_code_after_the_rates_is_still_read(tmp_path: Path) -> None:
    item = {
        "negotiated_rates": [
            {
                "provider_groups": [
                    {"npi": [int(WANTED[0])], "tin": {"type": "ein", "value": "1"}}
                ],
                "negotiated_prices": [
                    {
                        "negotiated_type": "per diem",
                        "negotiated_rate": 480.5,
                        "expiration_date": "9999-12-31",
                        "billing_class": "both",
                    }
                ],
            }
        ],
        "billing_code_type": "RC",
        "billing_code": "912",
        "negotiation_arrangement": "ffs",
        "name": "PHP",
    }
    path = tmp_path / "late.json"
    path.write_text(json.dumps({"in_network": [item], "version": "1.0.0"}))
    (answer,) = streamed(path, WANTED).answers.values()
    assert (answer.level, answer.kind, answer.low, list(answer.codes)) == (
        "php",
        "per diem",
        Decimal("480.5"),
        ["RC 0912"],
    )


def test_bundles_and_capitation_are_shown_never_priced(tmp_path: Path) -> None:
    item = {
        "negotiation_arrangement": "bundle",
        "name": "PHP bundle",
        "billing_code_type": "HCPCS",
        "billing_code": "H0035",
        "negotiated_rates": [
            {
                "provider_groups": [
                    {"npi": [int(WANTED[0])], "tin": {"type": "ein", "value": "1"}}
                ],
                "negotiated_prices": [
                    {
                        "negotiated_type": "negotiated",
                        "negotiated_rate": 9000,
                        "expiration_date": "9999-12-31",
                        "billing_class": "institutional",
                    }
                ],
            }
        ],
    }
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps({"in_network": [item]}))
    (answer,) = streamed(path, WANTED).answers.values()
    assert answer.arrangement == "bundle" and not answer.priced


PEAK = """
import resource, sys
from datetime import date
sys.path.insert(0, {here!r})
from test_in_network import streamed
from pathlib import Path
streamed(Path(sys.argv[1]), {asked!r})
print([l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")][0])
"""


@pytest.mark.slow
def test_memory_stays_flat_whatever_the_shape(tmp_path: Path) -> None:
    """Peak memory of a child reading a small file and files 50 times its size, one of
    them one item naming a million references and references last."""
    import subprocess
    import sys

    small = write(tmp_path / "small.json.gz", Shape(items=2_000))
    big = write(tmp_path / "big.json.gz", Shape(items=100_000, level_share=0.2))
    huge = write(
        tmp_path / "huge.json.gz",
        Shape(items=20_000, huge_refs=1_000_000, refs_last=True, references=5_000),
    )
    script = PEAK.format(here=str(Path(__file__).parent), asked=[*WANTED, WANTED_EIN])

    def peak(path: Path) -> int:
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
        )
        return int(done.stdout.split()[-1]) * 1024

    base, many, one = peak(small), peak(big), peak(huge)
    assert big.stat().st_size > 40 * small.stat().st_size
    assert many < 64 << 20 and one < 64 << 20, (base, many, one)
    assert many - base < 8 << 20 and one - base < 8 << 20, (base, many, one)


GOOD_ITEM = {
    "negotiation_arrangement": "ffs",
    "name": "IOP",
    "billing_code_type": "HCPCS",
    "billing_code": "S9480",
    "negotiated_rates": [
        {
            "provider_groups": [{"npi": [int(WANTED[0])], "tin": {"type": "ein", "value": "1"}}],
            "negotiated_prices": [
                {
                    "negotiated_type": "negotiated",
                    "negotiated_rate": 300.10,
                    "expiration_date": "9999-12-31",
                    "billing_class": "institutional",
                }
            ],
        }
    ],
}


@pytest.mark.parametrize(
    "text",
    [
        '{"in_network": [1, "x", null, [], ' + json.dumps(GOOD_ITEM) + "]}",
        '{"stray": '
        + "[" * 100_000
        + "]" * 100_000
        + ', "in_network": ['
        + json.dumps(GOOD_ITEM)
        + "]}",
        '{"stray": "' + "x" * 3_000_000 + '", "in_network": [' + json.dumps(GOOD_ITEM) + "]}",
        '{"version": {"nested": [1, 2]}, "in_network": ['
        + json.dumps(GOOD_ITEM)
        + '], "z": 1e400}',
    ],
    ids=["odd-elements", "deep-stray-key", "long-stray-string", "odd-facts"],
)
def test_odd_shapes_around_an_item_leave_it_read(tmp_path: Path, text: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text)
    (answer,) = streamed(path, WANTED).answers.values()
    assert (answer.level, answer.low) == ("iop", Decimal("300.10"))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[{"in_network": []}]', "no top-level in_network"),
        ('{"in_network": [' + json.dumps(GOOD_ITEM)[:-20], "not valid JSON"),
        ('{"in_network": [' + json.dumps(GOOD_ITEM) + ' "next"]}', "expected ','"),
        ('{"in_network": [' + json.dumps(GOOD_ITEM) + "]} trailing", ""),
    ],
    ids=["a-list", "cut-inside-an-item", "no-comma", "text-after"],
)
def test_broken_files_are_one_sentence(tmp_path: Path, text: str, words: str) -> None:
    from iopcost.core.errors import DataFileError

    path = tmp_path / "broken.json"
    path.write_text(text)
    if not words:  # text after the object is not read: the object is whole
        assert streamed(path, WANTED).answers
        return
    with pytest.raises(DataFileError, match=words):
        streamed(path, WANTED)


EXAMPLE_CODES = """\
source: test
levels:
  inpatient:
    name: Inpatient psychiatric care
    unit: day
    per_week: 7
    codes:
      RC: ["0200"]
      CPT: ["27447"]
  iop:
    name: Intensive outpatient (IOP)
    unit: session
    per_week: 3
    codes:
      CPT: ["99285"]
"""


def _example(tmp_path: Path, name: str, asked: str, today: date) -> Tally:
    codes_file = tmp_path / "codes.yaml"
    codes_file.write_text(EXAMPLE_CODES)
    tally = Tally()
    references = References(providers_of([asked]), tally)
    path = FIXTURES / name
    read_in_network(
        Source(str(path)).open, name, load_care_codes(str(codes_file)), references, today
    )
    return tally


def test_cms_example_of_every_negotiated_type(tmp_path: Path) -> None:
    """CMS's own example, read for City General Hospital (EIN 34-5678901, group 2), before
    its rates expire: a per diem, a negotiated rate, professional fees passed over."""
    tally = _example(
        tmp_path,
        "in-network-rates-all-negotiated-types-sample.json",
        "34-5678901",
        date(2024, 6, 1),
    )
    got = {(a.level, a.kind): (a.low, a.high, list(a.networks)) for a in tally.answers.values()}
    net = ["Comprehensive Health Plus Network"]
    assert got == {
        ("inpatient", "per diem"): (Decimal("5500.0"), Decimal("5500.0"), net),
        ("inpatient", "negotiated"): (Decimal("12000.0"), Decimal("12000.0"), net),
        ("iop", "negotiated"): (Decimal("2500.0"), Decimal("2500.0"), net),
    }
    professional = "billed by a professional, not the facility (billing class professional)"
    assert tally.skipped == {professional: 2}
    # A year later, every rate has expired.
    later = _example(
        tmp_path,
        "in-network-rates-all-negotiated-types-sample.json",
        "34-5678901",
        date(2025, 6, 1),
    )
    assert not later.answers and later.skipped == {"expired (its expiration date has passed)": 5}


def test_cms_examples_of_capitation_and_a_tin_only_provider(tmp_path: Path) -> None:
    capitation = _example(
        tmp_path,
        "in-network-rates-capitation-single-plan-sample.json",
        "11-1111111",
        date(2021, 6, 1),
    )
    (answer,) = capitation.answers.values()
    assert (answer.arrangement, answer.priced, answer.low) == (
        "capitation",
        False,
        Decimal("20000.0"),
    )
    # A provider whose tax id is its NPI (tin type npi).
    tally = Tally()
    providers = providers_of([])
    providers.by_npi["1234567890"] = "Solo Practice"  # the example's NPI fails the check digit
    codes_file = tmp_path / "codes.yaml"
    codes_file.write_text(EXAMPLE_CODES)
    path = FIXTURES / "in-network-rates-no-npi.json"
    read_in_network(
        Source(str(path)).open,
        path.name,
        load_care_codes(str(codes_file)),
        References(providers, tally),
        date(2021, 6, 1),
    )
    assert [(a.provider, a.level, a.low) for a in tally.answers.values()] == [
        ("Solo Practice", "inpatient", Decimal("123.45"))
    ]
