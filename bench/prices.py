"""Prices benchmark: `iopcost prices` on big standard-charges files.

Generates (seeded) a tall CSV of 3,000,000 rows (about 400 MB; 0.2 % of rows
behavioural health, 200 payer/plan pairs, some descriptions with quoted
newlines) and a JSON file of about 400 MB, then times in one run,
interleaved, best of --runs:
- CSV: iopcost against DuckDB (`read_csv` skipping the two general rows,
  filtering the same codes), the reference a data analyst would write.
  Target: at most 1.5x DuckDB's time.
- JSON: iopcost against a plain `ijson.items(f, "standard_charge_information.item")`
  loop filtering the same codes. Target: at most 1.0x.
- Peak memory (RSS of the whole process) for both files: at most 64 MiB, and
  within 10 MiB of the same for files ten times smaller.

    pip install -e '.[bench]' && python bench/prices.py [--rows 3000000] [--runs 2]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BH = [("HCPCS", "H0017"), ("HCPCS", "S9480"), ("RC", "0905"), ("RC", "912"), ("HCPCS", "H0015")]
OTHER = [("CPT", str(70000 + n)) for n in range(2000)]
GENERAL = (
    "hospital_name,last_updated_on,version,location_name,hospital_address,license_number|CA,"
    "type_2_npi,attestation,attester_name\n"
    'Bench General,4/1/2026,3.0.0,Bench General,"1 Main St, Town, CA",50056,0000000001,TRUE,A B\n'
)
HEADER = (
    "description,code|1,code|1|type,setting,standard_charge|gross,standard_charge|discounted_cash,"
    "payer_name,plan_name,standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,"
    "standard_charge|negotiated_algorithm,median_amount,10th_percentile,90th_percentile,count,"
    "standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes\n"
)
PAYERS = [(f"Payer {n // 4} Health Insurance Company", f"Plan {n % 4} PPO") for n in range(200)]

REFERENCE_CSV = """
import sys, duckdb
codes = {codes!r}
con = duckdb.connect()
rows = con.execute(
    "SELECT * FROM read_csv(?, skip=2, header=true, all_varchar=true) WHERE \\"code|1\\" IN ({marks})",
    [sys.argv[1], *codes],
).fetchall()
print(len(rows))
"""

REFERENCE_JSON = """
import sys, ijson
codes = {codes!r}
found = 0
with open(sys.argv[1], "rb") as stream:
    for item in ijson.items(stream, "standard_charge_information.item"):
        if any(code["code"] in codes for code in item["code_information"]):
            found += 1
print(found)
"""

PEAK = """
import resource, subprocess, sys
with open("/dev/null", "wb") as sink:
    subprocess.run(sys.argv[1:], stdout=sink, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def make_csv(path: Path, rows: int) -> None:
    rng = random.Random(2026)
    with path.open("w", newline="") as out:
        out.write(GENERAL + HEADER)
        lines = []
        for number in range(rows):
            kind, code = rng.choice(BH) if rng.random() < 0.002 else rng.choice(OTHER)
            payer, plan = PAYERS[number % 200]
            gross = rng.randint(100, 9000)
            description = f"Service {code} level {number % 97} with standard supplies"
            if number % 5000 == 0:
                description = f'"{description}\nsecond line, with a comma"'
            lines.append(
                f"{description},{code},{kind},outpatient,{gross},{gross * 9 // 10},{payer},{plan},"
                f"{gross // 2},,,,,,,fee schedule,{gross // 3},{gross},\n"
            )
            if len(lines) == 10000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


def make_json(path: Path, items: int) -> None:
    rng = random.Random(2026)
    with path.open("w") as out:
        out.write(
            '{"hospital_name": "Bench General", "last_updated_on": "2026-04-01", '
            '"version": "3.0.0", "location_name": ["Bench General"], '
            '"hospital_address": ["1 Main St"], "license_information": {"state": "CA"}, '
            '"type_2_npi": ["0000000001"], "attestation": {"attestation": "x", '
            '"confirm_attestation": true, "attester_name": "A B"}, '
            '"standard_charge_information": ['
        )
        for number in range(items):
            kind, code = rng.choice(BH) if rng.random() < 0.002 else rng.choice(OTHER)
            gross = rng.randint(100, 9000)
            payers = ",".join(
                f'{{"payer_name": "{payer}", "plan_name": "{plan}", "methodology": "fee schedule", '
                f'"standard_charge_dollar": {gross // 2 + n}}}'
                for n, (payer, plan) in enumerate(PAYERS[(number * 7) % 180 :][:20])
            )
            out.write(
                ("," if number else "") + f'{{"description": "Service {code} level {number % 97}", '
                f'"code_information": [{{"code": "{code}", "type": "{kind}"}}], '
                f'"standard_charges": [{{"setting": "outpatient", "gross_charge": {gross}, '
                f'"discounted_cash": {gross * 9 // 10}, "payers_information": [{payers}]}}]}}'
            )
        out.write("]}\n")


def best(command: list[str], runs: int, times: list[float]) -> None:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - start)


def peak_mib(command: list[str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    iopcost = shutil.which("iopcost", path=str(Path(sys.executable).parent)) or "iopcost"
    codes = sorted({code for _, code in BH})
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        big_csv, small_csv = scratch / "big.csv", scratch / "small.csv"
        big_json, small_json = scratch / "big.json", scratch / "small.json"
        start = time.perf_counter()
        make_csv(big_csv, options.rows)
        make_csv(small_csv, options.rows // 10)
        make_json(big_json, options.rows // 15)
        make_json(small_json, options.rows // 150)
        print(
            f"generated in {time.perf_counter() - start:.0f} s: CSV {options.rows:,} rows "
            f"{big_csv.stat().st_size / 2**20:,.0f} MiB; JSON {options.rows // 15:,} items "
            f"{big_json.stat().st_size / 2**20:,.0f} MiB"
        )
        ref_csv = scratch / "ref_csv.py"
        ref_csv.write_text(REFERENCE_CSV.format(codes=codes, marks=", ".join("?" * len(codes))))
        ref_json = scratch / "ref_json.py"
        ref_json.write_text(REFERENCE_JSON.format(codes=set(codes)))
        commands = {
            "csv": [iopcost, "prices", str(big_csv), "--format", "json"],
            "duckdb": [sys.executable, str(ref_csv), str(big_csv)],
            "json": [iopcost, "prices", str(big_json), "--format", "json"],
            "ijson": [sys.executable, str(ref_json), str(big_json)],
        }
        times: dict[str, list[float]] = {key: [] for key in commands}
        for _ in range(options.runs):
            for key, command in commands.items():
                best(command, options.runs, times[key])
        good = True
        for ours, reference, target in (("csv", "duckdb", 1.5), ("json", "ijson", 1.0)):
            ratio = min(times[ours]) / min(times[reference])
            good &= ratio <= target
            print(
                f"{ours.upper():4}: iopcost {min(times[ours]):.2f} s, {reference} "
                f"{min(times[reference]):.2f} s = {ratio:.2f}x (target <= {target:.1f}x) "
                f"{'ok' if ratio <= target else 'OVER TARGET'}"
            )
        for label, big, small in (("CSV", big_csv, small_csv), ("JSON", big_json, small_json)):
            large = peak_mib([iopcost, "prices", str(big), "--format", "json"])
            little = peak_mib([iopcost, "prices", str(small), "--format", "json"])
            fine = large <= 64 and abs(large - little) <= 10
            good &= fine
            print(
                f"{label:4}: peak memory {large:.1f} MiB (a tenth of the file: {little:.1f} MiB; "
                f"targets <= 64 MiB, within 10 MiB) {'ok' if fine else 'OVER TARGET'}"
            )
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
