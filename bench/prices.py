"""Prices benchmark: `iopcost prices` on big standard-charges files.

Four CSV files and one JSON file, timed in one run, interleaved, best of --runs (5: times
here vary by a fifth or more from run to run, and the best is the steady one):
- real: a whole real hospital's file (RUSH University Medical Center, 195,000
  rows, 65 MB; bench/data/rush-university.full.csv.gz, unpacked here), quoting only its
  descriptions;
- quoted: another whole real file (Emory University Hospital, 54 MB;
  bench/data/emory-university-hospital.full.csv.gz), quoting every field with text;
- synthetic: a seeded tall CSV of --rows rows (0.2 % behavioural health, 200
  payer/plan pairs, some descriptions with quoted newlines);
- colliding: the same, but 5 % of ordinary rows carry a code whose text is a
  level's code under another type (CDM 0905, LOCAL S9480): read past, not priced;
- later-quoted: the synthetic rows, a fifth of them quoting a later field (the payer's
  name), as 22 % of a real 128 MB file's lines do;
- JSON: --rows / 15 items, against a plain `ijson.items` loop.
Each CSV is read by `iopcost prices FILE --format json` (the price sheet, every kind
of price) and by DuckDB (`read_csv` skipping the two general rows, filtering the
same codes in every code column), the reference a data analyst would write.
Targets: at most 1.0x DuckDB's time on every CSV (aim 0.8x), at most 1.0x the
ijson loop; peak memory (RSS of the whole process) at most 40 MiB on every file,
and flat: at most 3 MiB more at --rows than at a tenth of it.

    pip install -e '.[bench]' && python bench/prices.py [--rows 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BH = [("HCPCS", "H0017"), ("HCPCS", "S9480"), ("RC", "0905"), ("RC", "912"), ("HCPCS", "H0015")]
# A level's code text under a type that never means a level (a chargemaster number).
COLLIDING = [("CDM", "0905"), ("LOCAL", "S9480"), ("CDM", "H0015"), ("LOCAL", "0912")]
# Whole real files: RUSH quotes only its descriptions; Emory quotes every field with text.
DATA = Path(__file__).resolve().parent / "data"
REAL = {
    "real": DATA / "rush-university.full.csv.gz",
    "quoted": DATA / "emory-university-hospital.full.csv.gz",
}
# Every code looked for by the bundled care codes, as DuckDB's filter.
REAL_CODES = [
    "0114", "0124", "0134", "0144", "0154", "0204", "0116", "0126", "0136", "0146", "0156",
    "H0010", "H0011", "1001", "1002", "H0017", "H0018", "H0019", "0912", "0913", "S0201",
    "H0035", "0905", "0906", "S9480", "H0015",
]  # fmt: skip
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
columns = [c[0] for c in con.execute(
    "DESCRIBE SELECT * FROM read_csv(?, skip=2, header=true, all_varchar=true)", [sys.argv[1]]
).fetchall() if c[0].startswith("code|") and not c[0].endswith("|type")]
where = " OR ".join(f'"{{c}}" IN ({marks})' for c in columns)
rows = con.execute(
    f"SELECT * FROM read_csv(?, skip=2, header=true, all_varchar=true) WHERE {{where}}",
    [sys.argv[1], *(codes * len(columns))],
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


def make_csv(path: Path, rows: int, colliding: float = 0.0, quote_later: float = 0.0) -> None:
    rng = random.Random(2026)
    with path.open("w", newline="") as out:
        out.write(GENERAL + HEADER)
        lines = []
        for number in range(rows):
            kind, code = rng.choice(BH) if rng.random() < 0.002 else rng.choice(OTHER)
            if colliding and kind == "CPT" and rng.random() < colliding:
                kind, code = rng.choice(COLLIDING)
            payer, plan = PAYERS[number % 200]
            if quote_later and rng.random() < quote_later:
                payer = f'"{payer}"'
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


def timed(command: list[str], times: list[float], cpu: list[float]) -> None:
    """Wall time, and the CPU time of the command and its children (a pool's workers)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - start)
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append(now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime)


def peak_mib(command: list[str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    iopcost = shutil.which("iopcost", path=str(Path(sys.executable).parent)) or "iopcost"
    codes = sorted({code for _, code in BH})
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        files = {
            name: scratch / f"{name}.csv"
            for name in ("real", "quoted", "synthetic", "colliding", "later-quoted")
        }
        small = {
            name: scratch / f"{name}-small.csv"
            for name in ("synthetic", "colliding", "later-quoted")
        }
        big_json, small_json = scratch / "big.json", scratch / "small.json"
        start = time.perf_counter()
        for name, packed_path in REAL.items():
            with gzip.open(packed_path, "rb") as packed, files[name].open("wb") as out:
                shutil.copyfileobj(packed, out)
        for name, share, later in (
            ("synthetic", 0.0, 0.0),
            ("colliding", 0.05, 0.0),
            ("later-quoted", 0.0, 0.2),
        ):
            make_csv(files[name], options.rows, share, later)
            make_csv(small[name], options.rows // 10, share, later)
        make_json(big_json, options.rows // 15)
        make_json(small_json, options.rows // 150)
        print(
            f"made in {time.perf_counter() - start:.0f} s: real {mib(files['real']):,.0f} MiB, "
            f"quoted {mib(files['quoted']):,.0f} MiB; "
            f"synthetic and colliding CSV {options.rows:,} rows {mib(files['synthetic']):,.0f} "
            f"MiB; JSON {options.rows // 15:,} items {mib(big_json):,.0f} MiB"
        )
        ref_csv, ref_real = scratch / "ref_csv.py", scratch / "ref_real.py"
        for path, wanted in ((ref_csv, codes), (ref_real, REAL_CODES)):
            path.write_text(REFERENCE_CSV.format(codes=wanted, marks=", ".join("?" * len(wanted))))
        ref_json = scratch / "ref_json.py"
        ref_json.write_text(REFERENCE_JSON.format(codes=set(codes)))
        ours = [iopcost, "prices"]
        commands = {
            "real": [*ours, str(files["real"]), "--format", "json"],
            "real-duckdb": [sys.executable, str(ref_real), str(files["real"])],
            "quoted": [*ours, str(files["quoted"]), "--format", "json"],
            "quoted-duckdb": [sys.executable, str(ref_real), str(files["quoted"])],
            "synthetic": [*ours, str(files["synthetic"]), "--format", "json"],
            "synthetic-duckdb": [sys.executable, str(ref_csv), str(files["synthetic"])],
            "colliding": [*ours, str(files["colliding"]), "--format", "json"],
            "colliding-duckdb": [sys.executable, str(ref_csv), str(files["colliding"])],
            "later-quoted": [*ours, str(files["later-quoted"]), "--format", "json"],
            "later-quoted-duckdb": [sys.executable, str(ref_csv), str(files["later-quoted"])],
            "json": [*ours, str(big_json), "--format", "json"],
            "json-ijson": [sys.executable, str(ref_json), str(big_json)],
        }
        times: dict[str, list[float]] = {key: [] for key in commands}
        cpus: dict[str, list[float]] = {key: [] for key in commands}
        for _ in range(options.runs):
            for key, command in commands.items():
                timed(command, times[key], cpus[key])
        good = True
        for name, reference in (("real", "duckdb"), ("quoted", "duckdb"), ("synthetic", "duckdb"),
                                ("colliding", "duckdb"), ("later-quoted", "duckdb"),
                                ("json", "ijson")):  # fmt: skip
            mine, theirs = min(times[name]), min(times[f"{name}-{reference}"])
            spread = max(times[name]) - mine
            cpu, their_cpu = min(cpus[name]), min(cpus[f"{name}-{reference}"])
            ratio = mine / theirs
            good &= ratio <= 1.0
            print(
                f"{name:12}: iopcost {mine:.2f} s (spread {spread:.2f}, cpu {cpu:.2f} s), "
                f"{reference} {theirs:.2f} s (cpu {their_cpu:.2f} s) = {ratio:.2f}x wall, "
                f"{cpu / their_cpu:.2f}x cpu (target <= 1.0x) "
                f"{'ok' if ratio <= 1.0 else 'OVER TARGET'}"
            )
        sizes = [("real", files["real"], None), ("quoted", files["quoted"], None),
                 ("synthetic", files["synthetic"], small["synthetic"]),
                 ("colliding", files["colliding"], small["colliding"]),
                 ("later-quoted", files["later-quoted"], small["later-quoted"]),
                 ("json", big_json, small_json)]  # fmt: skip
        for label, big, little in sizes:
            large = peak_mib([*ours, str(big), "--format", "json"])
            tenth = None if little is None else peak_mib([*ours, str(little), "--format", "json"])
            fine = large <= 40 and (tenth is None or large - tenth <= 3)
            good &= fine
            flat = "" if tenth is None else f" (a tenth of the rows: {tenth:.1f} MiB)"
            print(
                f"{label:9}: peak memory {large:.1f} MiB{flat}; targets <= 40 MiB, at most "
                f"3 MiB over a tenth {'ok' if fine else 'OVER TARGET'}"
            )
    sys.exit(0 if good else 1)


def mib(path: Path) -> float:
    return path.stat().st_size / 2**20


if __name__ == "__main__":
    main()
