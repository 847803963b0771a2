"""`iopcost insurer`: tables of contents, in-network files by path and by address (a
loopback server standing in for the insurer, addresses rewritten), the answer in every
format, kept in the catalogue and priced by compare --plan; and every refusal."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from synthetic import WANTED, WANTED_EIN, Shape, write

from conftest import assert_refused, run, serving_a_site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "insurer"
TOC = FIXTURES / "bcbs-texas-table-of-contents.json"
CAREFIRST = FIXTURES / "carefirst-in-network-excerpt.json.gz"
HOSPITAL = Path(__file__).resolve().parents[1] / "fixtures" / "hospital"
CAREFIRST_HOST = "https://mrf.carefirst.com/mrf-files/"
# A codes file that reads CareFirst's CPT 30560 as a level, to exercise a real file.
CODES = """\
source: test
levels:
  iop:
    name: Intensive outpatient (IOP)
    unit: session
    per_week: 3
    codes:
      CPT: ["30560"]
"""


class Insurer(BaseHTTPRequestHandler):
    seen: ClassVar[Counter[str]] = Counter()
    failing: ClassVar[set[str]] = set()
    served: ClassVar[dict[str, bytes]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        Insurer.seen["HEAD " + self.path] += 1
        if self.path.startswith("/files/"):
            self.send_response(200)
            self.send_header("Content-Length", "2345678901")
        else:
            self.send_response(404)
        self.end_headers()

    def do_GET(self) -> None:
        Insurer.seen[self.path] += 1
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        if self.path in Insurer.served:
            body = Insurer.served[self.path]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/expired/"):
            self.send_response(403)
            self.end_headers()
        elif name in Insurer.failing:
            self.send_response(404)
            self.end_headers()
        elif name.endswith("_041.json"):
            body = json.dumps(
                {
                    "provider_groups": [
                        {
                            "npi": [int(WANTED[0]), 1111111112],
                            "tin": {"type": "ein", "value": "52-0000000"},
                        }
                    ]
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture
def insurer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with serving_a_site(Insurer, tmp_path / "home", monkeypatch, "2") as address:
        yield address


def test_a_table_of_contents_lists_its_plans_and_one_plans_files() -> None:
    listed = run(["insurer", "plans", str(TOC)])
    assert listed.exit_code == 0, listed
    assert "Blue Cross and Blue Shield of Texas: 2 plans" in listed.stdout
    assert (
        "271314 2 PPO CDHP WITH HSA_N2N (EIN 16-1531026, group): 262 in-network files"
        in listed.stdout
    )
    one = run(["insurer", "plans", str(TOC), "--plan", "cdhp", "--format", "json"])
    document = json.loads(one.stdout)
    assert [plan["name"] for plan in document["plans"]] == ["271314 2 PPO CDHP WITH HSA_N2N"]
    assert len(document["plans"][0]["files"]) == 262
    by_ein = json.loads(
        run(["insurer", "plans", str(TOC), "--plan", "161531026", "-f", "json"]).stdout
    )
    assert len(by_ein["plans"]) == 2


def test_a_plan_not_listed_is_one_sentence_with_close_names() -> None:
    sample = FIXTURES / "table-of-contents-sample.json"
    assert_refused(
        run(["insurer", "plans", str(sample), "--plan", "medicad"]),
        1,
        "lists no plan 'medicad' among its 3 plans",
        "'medicaid'",
    )


def test_an_in_network_file_is_not_a_table_of_contents_and_back() -> None:
    assert_refused(
        run(["insurer", "plans", str(FIXTURES / "in-network-rates-no-npi.json")]),
        1,
        "is not a table of contents",
    )
    assert_refused(
        run(["insurer", "rates", str(TOC), "--npi", WANTED[0]]),
        1,
        "is a table of contents, not an in-network file",
        "insurer plans",
    )


def test_a_truncated_gzip_and_broken_json_are_one_sentence(tmp_path: Path) -> None:
    whole = write(tmp_path / "whole.json.gz", Shape(items=300)).read_bytes()
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    assert_refused(run(["insurer", "rates", str(cut), "--npi", WANTED[0]]), 1, "ends too early")
    broken = tmp_path / "broken.json"
    broken.write_text('{"in_network": [{"billing_code": ')
    assert_refused(run(["insurer", "rates", str(broken), "--npi", WANTED[0]]), 1, "not valid JSON")


def test_providers_must_be_named_and_be_npis_or_eins(tmp_path: Path) -> None:
    path = str(write(tmp_path / "a.json", Shape(items=10)))
    assert_refused(run(["insurer", "rates", path]), 2, "--npi")
    assert_refused(run(["insurer", "rates", path, "--npi", "1234567890"]), 2, "neither an NPI")
    assert_refused(
        run(["insurer", "rates", path, "--npi", WANTED[0], "--keep"]),
        2,
        "--keep",
        "add --hospitals",
    )
    listed = tmp_path / "providers.txt"
    listed.write_text(f"# ours\n{WANTED[0]},North Ridge Hospital\n{WANTED_EIN}\n")
    found = run(["insurer", "rates", path, "--providers", str(listed), "-f", "json"])
    assert found.exit_code == 0, found
    listed.write_text("not-an-npi\n")
    assert_refused(run(["insurer", "rates", path, "--providers", str(listed)]), 1, "line 1")


def test_every_format_says_the_same_rates(tmp_path: Path) -> None:
    path = str(write(tmp_path / "a.json.gz", Shape(items=2000, level_share=0.2)))
    args = ["insurer", "rates", path, "--npi", WANTED[0], "--npi", WANTED_EIN]
    table = run(args)
    assert table.exit_code == 0, table
    assert "not what you pay" in table.stdout
    document = json.loads(run([*args, "-f", "json"]).stdout)
    lines = [json.loads(line) for line in run([*args, "-f", "jsonl"]).stdout.splitlines()]
    assert lines == document["rates"] and lines
    csv_rows = run([*args, "-f", "csv"]).stdout.splitlines()
    assert len(csv_rows) == len(lines) + 1 and csv_rows[0].startswith("provider,id,name,kind")
    assert {line["provider"] for line in lines} == {f"NPI {WANTED[0]}", "EIN 12-3456789"}


def test_a_cost_file_of_the_plans_rates_prices_compare(tmp_path: Path) -> None:
    path = str(write(tmp_path / "a.json.gz", Shape(items=2000, level_share=0.2)))
    out = tmp_path / "plan-rates.yaml"
    made = run(["insurer", "rates", path, "--npi", WANTED[0], "-o", str(out)])
    assert made.exit_code == 0, made
    document = yaml.safe_load(out.read_text())
    assert "Synthetic Health Plan, Synthetic PPO" in document["source"]["title"]
    assert document["source"]["published"] == "2026-11-01"
    assert all(level["kind"] == "plan" for level in document["levels"].values())
    compared = run(["compare", "--weeks", "4", "--data", str(out), "-f", "json"])
    assert compared.exit_code == 0, compared
    said = run(["compare", "--weeks", "4", "--data", str(out)])
    assert "what your plan has agreed to pay" in said.stdout
    assert "including Medicaid" not in said.stdout


def test_remote_provider_references_are_fetched_once_each_and_a_failure_is_named(
    insurer: str, tmp_path: Path
) -> None:
    text = (
        gzip.decompress(CAREFIRST.read_bytes()).decode().replace(CAREFIRST_HOST, insurer + "/refs/")
    )
    path = tmp_path / "carefirst.json.gz"
    path.write_bytes(gzip.compress(text.encode()))
    codes = tmp_path / "codes.yaml"
    codes.write_text(CODES)
    document = json.loads(text)
    by_id = {r["provider_group_id"]: r["location"] for r in document["provider_references"]}
    used = {
        by_id[ref]
        for item in document["in_network"]
        if item["billing_code"] == "30560"
        for rate in item["negotiated_rates"]
        for ref in rate["provider_references"]
    }
    broken = sorted(used)[0]
    Insurer.failing = {broken.rsplit("/", 1)[-1]}
    done = run(
        ["insurer", "rates", str(path), "--npi", WANTED[0], "--codes", str(codes), "-f", "json"]
    )
    assert done.exit_code == 0, done
    document = json.loads(done.stdout)
    fetched = [p for p in Insurer.seen if p.startswith("/refs/")]
    assert sorted(insurer + p for p in fetched) == sorted(used)
    assert all(Insurer.seen[p] == 1 for p in fetched)
    # CareFirst's 30560 rates are professional fees: each passed over, and said so.
    assert any("professional" in s["reason"] and s["rates"] > 0 for s in document["skipped"])
    assert [(f["address"], "404" in f["why"]) for f in document["failed"]] == [(broken, True)]


def test_an_expired_signed_address_says_so(insurer: str) -> None:
    url = f"{insurer}/expired/in-network.json.gz?&Expires=1734789642&Signature=abc"
    assert_refused(
        run(["insurer", "rates", url, "--npi", WANTED[0]]),
        1,
        "signed address that expired on 2024-12-21",
        "fresh",
    )


def _hospital(tmp_path: Path, name: str, npi: str) -> str:
    text = (HOSPITAL / "v3.0.0_tall_example.csv").read_text()
    path = tmp_path / f"{npi}.csv"
    path.write_text(
        text.replace("West Mercy Hospital", name).replace(
            "0000000001 | 0000000002 | 0000000003", npi
        )
    )
    return str(path)


@pytest.fixture
def keep_hospitals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """A catalogue of its own for the test; the function keeps hospitals in it, each the
    CMS example file under a name and an NPI."""
    monkeypatch.setenv("IOPCOST_HOME", str(tmp_path / "home"))

    def keep(*hospitals: tuple[str, str]) -> None:
        files = [_hospital(tmp_path, name, npi) for name, npi in hospitals]
        added = run(["hospitals", "add", *files])
        assert added.exit_code == 0, added

    return keep


def test_a_plans_rates_kept_for_hospitals_price_compare_beside_cash(
    tmp_path: Path, keep_hospitals: Callable[..., None]
) -> None:
    keep_hospitals(("North Ridge Hospital", WANTED[0]), ("East Lake Hospital", WANTED[1]))
    assert_refused(
        run(["compare", "--weeks", "4", "--hospitals", "--plan", "Synthetic"]),
        1,
        "insurer rates FILE --hospitals --keep",
    )
    path = str(write(tmp_path / "a.json.gz", Shape(items=3000, level_share=0.2)))
    kept = run(["insurer", "rates", path, "--hospitals", "--keep", "-f", "json"])
    assert kept.exit_code == 0, kept
    assert "Kept Synthetic PPO's rates for 2 hospitals" in kept.stderr
    assert {r["provider"] for r in json.loads(kept.stdout)["rates"]} == {
        "North Ridge Hospital",
        "East Lake Hospital",
    }
    compared = run(["compare", "--weeks", "4", "--hospitals", "--plan", "Synthetic", "-f", "json"])
    assert compared.exit_code == 0, compared
    names = [level["name"] for level in json.loads(compared.stdout)["levels"]]
    assert any("North Ridge Hospital, Synthetic PPO's rate" in name for name in names)
    assert any(name.endswith(", North Ridge Hospital") for name in names)  # its cash price
    assert_refused(run(["compare", "--weeks", "4", "--plan", "Synthetic"]), 2, "--hospitals")
    # A report says what the figures are: the cost at each level's rate, of its kind.
    report = tmp_path / "report.md"
    made = run(["compare", "--weeks", "4", "--hospitals", "--plan", "Synthetic", "-o", str(report)])
    assert made.exit_code == 0, made
    text = report.read_text()
    assert "Cost at its rate" in text and "List price" not in text
    assert "what your plan has agreed to pay" in text


def test_a_plans_files_are_listed_with_their_sizes_where_the_server_says(
    insurer: str, tmp_path: Path
) -> None:
    toc = {
        "reporting_entity_name": "Loopback Health",
        "reporting_structure": [
            {
                "reporting_plans": [
                    {
                        "plan_name": "Gold PPO",
                        "plan_id_type": "EIN",
                        "plan_id": "11-1111111",
                        "plan_market_type": "group",
                    }
                ],
                "in_network_files": [
                    {"description": "one", "location": f"{insurer}/files/one.json.gz"},
                    {
                        "description": "old",
                        "location": f"{insurer}/files/old.json.gz?Expires=1734789642",
                    },
                    {"description": "gone", "location": f"{insurer}/gone.json.gz"},
                ],
            }
        ],
    }
    path = tmp_path / "toc.json"
    path.write_text(json.dumps(toc))
    listed = run(["insurer", "plans", str(path), "--plan", "gold"])
    assert listed.exit_code == 0, listed
    assert "one.json.gz (2.3 GB)" in listed.stdout
    assert "expired on 2024-12-21" in listed.stdout and "answered 404" in listed.stdout
    assert Insurer.seen["HEAD /files/old.json.gz?Expires=1734789642"] == 0  # not asked
    files = json.loads(run(["insurer", "plans", str(path), "--plan", "gold", "-f", "json"]).stdout)
    assert [f["size"] for f in files["plans"][0]["files"]] == [2345678901, None, None]
    offline = run(["insurer", "plans", str(path), "--plan", "gold", "--offline"])
    assert "GB" not in offline.stdout


def test_a_percentage_of_billed_charges_is_kept_as_derived_dollars_only_with_a_gross_charge(
    tmp_path: Path, keep_hospitals: Callable[..., None]
) -> None:
    keep_hospitals(("North Ridge Hospital", WANTED[0]))
    item = {
        "negotiation_arrangement": "ffs",
        "name": "Residential",
        "billing_code_type": "HCPCS",
        "billing_code": "H0017",
        "negotiated_rates": [
            {
                "provider_groups": [
                    {"npi": [int(WANTED[0])], "tin": {"type": "ein", "value": "1"}}
                ],
                "negotiated_prices": [
                    {
                        "negotiated_type": "percentage",
                        "negotiated_rate": 60,
                        "expiration_date": "9999-12-31",
                        "billing_class": "institutional",
                        "setting": "inpatient",
                    }
                ],
            }
        ],
    }
    path = tmp_path / "percent.json"
    path.write_text(
        json.dumps(
            {
                "reporting_entity_name": "P",
                "plan_name": "Share Plan",
                "last_updated_on": "2026-10-01",
                "in_network": [item],
            }
        )
    )
    shown = run(["insurer", "rates", str(path), "--hospitals", "--keep"])
    assert shown.exit_code == 0, shown
    assert "60 % of billed charges" in shown.stdout and "$1,500" not in shown.stdout
    assert "derived" in shown.stderr
    kept = json.loads(
        run(["compare", "--weeks", "1", "--hospitals", "--plan", "Share", "-f", "json"]).stdout
    )
    (level,) = [lv for lv in kept["levels"] if "Share Plan" in lv["name"]]
    # The example hospital's gross charge for H0017 is $2,500 a day: 60 % of it.
    assert level["rate_low"] == level["rate_high"] == 1500
    assert "derived: 60 % of its gross charge" in level["name"]


def test_plan_prices_a_step_down_course_at_the_plans_rates(
    tmp_path: Path, keep_hospitals: Callable[..., None]
) -> None:
    keep_hospitals(("North Ridge Hospital", WANTED[0]))
    path = str(write(tmp_path / "a.json.gz", Shape(items=3000, level_share=0.3)))
    assert run(["insurer", "rates", path, "--hospitals", "--keep"]).exit_code == 0
    course = run(
        [
            "plan",
            "north-ridge-synthetic-ppo-php:2",
            "north-ridge-synthetic-ppo-iop:4",
            "--hospitals",
            "--plan",
            "Synthetic",
            "-f",
            "json",
        ]
    )
    assert course.exit_code == 0, course
    steps = json.loads(course.stdout)["steps"]
    assert [step["level"] for step in steps] == [
        "north-ridge-synthetic-ppo-php",
        "north-ridge-synthetic-ppo-iop",
    ]
    assert all(step["rate_low"] > 0 for step in steps)
    said = run(
        [
            "plan",
            "north-ridge-synthetic-ppo-php:2",
            "--hospitals",
            "--plan",
            "Synthetic",
            "--lang",
            "es",
        ]
    )
    assert "acordó pagar" in said.stdout


def test_standard_input_is_read_like_a_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json.gz", Shape(items=1500, level_share=0.3, refs_last=True))
    args = ["insurer", "rates", "--npi", WANTED[0], "-f", "json"]
    from_file = json.loads(run([*args, str(path)]).stdout)
    from_stdin = run([*args, "-"], stdin=path.read_bytes())
    assert from_stdin.exit_code == 0, from_stdin
    assert json.loads(from_stdin.stdout)["rates"] == from_file["rates"] != []


def test_text_from_the_file_reaches_no_output_raw(tmp_path: Path) -> None:
    """Names, networks, modifiers and dates are a stranger's text: control characters
    replaced, markup shown as written, a date that is not one left out of a cost file."""
    item = {
        "negotiation_arrangement": "ffs",
        "name": "IOP",
        "billing_code_type": "HCPCS",
        "billing_code": "S9480",
        "negotiated_rates": [
            {
                "provider_references": [1],
                "negotiated_prices": [
                    {
                        "negotiated_type": "negotiated",
                        "negotiated_rate": 300.10,
                        "expiration_date": "9999-12-31",
                        "billing_class": "institutional",
                        "billing_code_modifier": ["=X\u001b[2J"],
                    }
                ],
            }
        ],
    }
    doc = {
        "reporting_entity_name": "Evil [bold]Co\u001b[31m",
        "plan_name": "[red]Plan",
        "last_updated_on": "2026-01-01\u0007",
        "provider_references": [
            {
                "provider_group_id": 1,
                "network_name": ["=net\u001b]8;;x\u0007"],
                "provider_groups": [
                    {"npi": [int(WANTED[0])], "tin": {"type": "ein", "value": "1"}}
                ],
            }
        ],
        "in_network": [item],
    }
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(doc))
    args = ["insurer", "rates", str(path), "--npi", WANTED[0]]
    for fmt in ("table", "json", "jsonl", "csv"):
        out = run([*args, "-f", fmt]).stdout
        assert not any(ord(ch) < 32 and ch not in "\n" for ch in out), (fmt, out)
    table = run([*args]).stdout
    assert "[red]Plan's rates" in table and "Evil [bold]Co" in table
    csv_row = run([*args, "-f", "csv"]).stdout.splitlines()[1]
    assert ",'=net" in csv_row and ",'=X" in csv_row  # never a formula
    cost_file = tmp_path / "rates.yaml"
    assert run([*args, "-o", str(cost_file)]).exit_code == 0
    assert "published" not in yaml.safe_load(cost_file.read_text())["source"]


def test_an_in_network_file_by_address_is_downloaded_once_and_read(
    insurer: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "a.json.gz", Shape(items=1500, level_share=0.3))
    Insurer.served = {"/in-network/a.json.gz": path.read_bytes()}
    args = ["insurer", "rates", f"{insurer}/in-network/a.json.gz", "--npi", WANTED[0], "-f", "json"]
    first = run(args)
    assert first.exit_code == 0, first
    assert (
        json.loads(first.stdout)["rates"]
        == json.loads(
            run(["insurer", "rates", str(path), "--npi", WANTED[0], "-f", "json"]).stdout
        )["rates"]
    )
    again = run([*args, "--offline"])
    assert again.stdout == first.stdout
    assert Insurer.seen["/in-network/a.json.gz"] == 1
