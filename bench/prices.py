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
- big: the synthetic rows repeated to --big-mb MiB (1 GiB; 0 leaves it out), the file a
  worker per core reads in parts;
- JSON: --rows / 15 items, against a plain `ijson.items` loop (and DuckDB's `read_json`);
- messy (memory only): --rows rows of many distinct behavioural-health items (a twentieth
  of the rows, each item its own), amounts that are not numbers, fillers: peak memory at
  --rows and at a tenth, to show it flat.
Each CSV is read by `iopcost prices FILE --format json` (the price sheet, every kind
of price) and by DuckDB (`read_csv` skipping the two general rows, filtering the
same codes in every code column), the reference a data analyst would write.
Targets: at most 1.0x DuckDB's wall time on every CSV (aim 0.7x) and 0.8x its CPU time,
at most 0.8x the ijson loop; peak memory (RSS of the whole process) at most 40 MiB on
every file, and flat: at most 3 MiB more at --rows than at a tenth of it.

    pip install -e '.[bench]' && python bench/prices.py [--rows 1000000] [--runs 5] [--big-mb 1024]
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

REFERENCE_JSON_DUCKDB = """
import sys, duckdb
codes = {codes!r}
rows = duckdb.execute(
    "SELECT count(*) FROM (SELECT unnest(standard_charge_information) AS item FROM "
    "read_json(?, maximum_object_size=2000000000)) WHERE list_has_any("
    "[c.code FOR c IN item.code_information], ?)",
    [sys.argv[1], sorted(codes)],
).fetchone()
print(rows[0])
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


def make_big(path: Path, small: Path, mib: int) -> None:
    """`small`'s rows repeated to `mib` MiB (its header once)."""
    body = small.read_bytes()
    header_end = body.index(b"\n", body.index(b"\n", body.index(b"\n") + 1) + 1) + 1
    header, rows = body[:header_end], body[header_end:]
    with path.open("wb") as out:
        out.write(header)
        while out.tell() < mib << 20:
            out.write(rows)


def make_messy(path: Path, rows: int) -> None:
    """Many distinct behavioural-health items (each its own description, one to eight
    payers' rows), amounts that are not numbers, fillers and stray prices."""
    rng = random.Random(7)
    with path.open("w", newline="") as out:
        out.write(GENERAL + HEADER)
        lines: list[str] = []
        number = 0
        while number < rows:
            kind, code = rng.choice(BH) if rng.random() < 0.05 else rng.choice(OTHER)
            description = f"Item {number} {code} program day"
            gross = rng.randint(100, 9000)
            for payer_number in range(rng.randint(1, 8)):
                payer, plan = PAYERS[(number + payer_number * 13) % 200]
                amount = rng.choice(
                    [str(gross // 2 + payer_number), "N/A", f"${gross:,}.00", "1", "see note",
                     str(rng.randint(1, 99999))]
                )  # fmt: skip
                cash = rng.choice([str(gross * 9 // 10), "", "TBD", str(rng.randint(50, 5000))])
                lines.append(
                    f"{description},{code},{kind},outpatient,{gross},{cash},{payer},{plan},"
                    f"{amount},,,,,,,fee schedule,,,\n"
                )
                number += 1
            if len(lines) > 10000:
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
    parser.add_argument("--big-mb", type=int, default=1024)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_dir:
        files = make_files(Path(scratch_dir), options.rows, options.big_mb)
        commands = commands_for(Path(scratch_dir), files)
        times: dict[str, list[float]] = {key: [] for key in commands}
        cpus: dict[str, list[float]] = {key: [] for key in commands}
        for _ in range(options.runs):
            for key, command in commands.items():
                timed(command, times[key], cpus[key])
        good = True
        for name in [key for key in commands if key in files]:
            for reference in ("duckdb", "ijson"):
                if f"{name}-{reference}" in commands:
                    good &= compare(name, reference, times, cpus)
        good &= memory(files)
    sys.exit(0 if good else 1)


def make_files(scratch: Path, rows: int, big_mb: int) -> dict[str, Path]:
    """Every file measured, and a tenth of each generated one ("NAME-small")."""
    start = time.perf_counter()
    files: dict[str, Path] = {}
    for name, packed_path in REAL.items():
        files[name] = scratch / f"{name}.csv"
        with gzip.open(packed_path, "rb") as packed, files[name].open("wb") as out:
            shutil.copyfileobj(packed, out)
    for name, share, later in (
        ("synthetic", 0.0, 0.0),
        ("colliding", 0.05, 0.0),
        ("later-quoted", 0.0, 0.2),
    ):
        files[name], files[f"{name}-small"] = scratch / f"{name}.csv", scratch / f"{name}-s.csv"
        make_csv(files[name], rows, share, later)
        make_csv(files[f"{name}-small"], rows // 10, share, later)
    if big_mb:
        files["big"] = scratch / "big.csv"
        make_big(files["big"], files["synthetic"], big_mb)
    files["messy"], files["messy-small"] = scratch / "messy.csv", scratch / "messy-s.csv"
    make_messy(files["messy"], rows)
    make_messy(files["messy-small"], rows // 10)
    files["json"], files["json-small"] = scratch / "big.json", scratch / "small.json"
    make_json(files["json"], rows // 15)
    make_json(files["json-small"], rows // 150)
    sizes = ", ".join(f"{name} {mib(path):,.0f} MiB" for name, path in files.items())
    print(f"made in {time.perf_counter() - start:.0f} s: {sizes}")
    return files


def commands_for(scratch: Path, files: dict[str, Path]) -> dict[str, list[str]]:
    """Each timed command: ours per file ("NAME"), and its reference ("NAME-REFERENCE")."""
    iopcost = shutil.which("iopcost", path=str(Path(sys.executable).parent)) or "iopcost"
    codes = sorted({code for _, code in BH})
    scripts = {
        "duckdb": REFERENCE_CSV.format(codes=codes, marks=", ".join("?" * len(codes))),
        "duckdb-real": REFERENCE_CSV.format(
            codes=REAL_CODES, marks=", ".join("?" * len(REAL_CODES))
        ),
        "ijson": REFERENCE_JSON.format(codes=set(codes)),
        "duckdb-json": REFERENCE_JSON_DUCKDB.format(codes=codes),
    }
    for name, script in scripts.items():
        (scratch / f"ref_{name.replace('-', '_')}.py").write_text(script)
    commands: dict[str, list[str]] = {}
    for name in ("real", "quoted", "synthetic", "colliding", "later-quoted", "big", "json"):
        if name not in files:
            continue
        path = str(files[name])
        commands[name] = [iopcost, "prices", path, "--format", "json"]
        references = (
            ["ijson", "duckdb-json"]
            if name == "json"
            else ["duckdb-real"]
            if name in REAL
            else ["duckdb"]
        )
        for reference in references:
            label = reference.removesuffix("-real").replace("duckdb-json", "duckdb")
            script = scratch / f"ref_{reference.replace('-', '_')}.py"
            commands[f"{name}-{label}"] = [sys.executable, str(script), path]
    return commands


def compare(
    name: str, reference: str, times: dict[str, list[float]], cpus: dict[str, list[float]]
) -> bool:
    """One file's line: best wall and CPU time against the reference's; whether on target
    (DuckDB: 1.0x wall, 0.8x CPU; the ijson loop: 0.8x wall; DuckDB's read_json: shown)."""
    mine, theirs = min(times[name]), min(times[f"{name}-{reference}"])
    spread = max(times[name]) - mine
    cpu, their_cpu = min(cpus[name]), min(cpus[f"{name}-{reference}"])
    ratio, cpu_ratio = mine / theirs, cpu / their_cpu
    if name == "json":
        target, fine = ("<= 0.8x wall", ratio <= 0.8) if reference == "ijson" else ("shown", True)
    else:
        target, fine = "<= 1.0x wall, 0.8x cpu", ratio <= 1.0 and cpu_ratio <= 0.8
    print(
        f"{name:12}: iopcost {mine:.2f} s (spread {spread:.2f}, cpu {cpu:.2f} s), "
        f"{reference} {theirs:.2f} s (spread {max(times[f'{name}-{reference}']) - theirs:.2f}, "
        f"cpu {their_cpu:.2f} s) = {ratio:.2f}x wall, {cpu_ratio:.2f}x cpu "
        f"(target {target}) {'ok' if fine else 'OVER TARGET'}"
    )
    return fine


def memory(files: dict[str, Path]) -> bool:
    """Peak memory on each file, and on a tenth of each generated one (flat)."""
    iopcost = shutil.which("iopcost", path=str(Path(sys.executable).parent)) or "iopcost"
    good = True
    for label in ("real", "quoted", "synthetic", "colliding", "later-quoted", "big", "messy",
                  "json"):  # fmt: skip
        if label not in files:
            continue
        large = peak_mib([iopcost, "prices", str(files[label]), "--format", "json"])
        little = files.get(f"{label}-small")
        tenth = (
            None
            if little is None
            else peak_mib([iopcost, "prices", str(little), "--format", "json"])
        )
        fine = large <= 40 and (tenth is None or large - tenth <= 3)
        good &= fine
        flat = "" if tenth is None else f" (a tenth of the rows: {tenth:.1f} MiB)"
        print(
            f"{label:12}: peak memory {large:.1f} MiB{flat}; targets <= 40 MiB, at most "
            f"3 MiB over a tenth {'ok' if fine else 'OVER TARGET'}"
        )
    return good


def mib(path: Path) -> float:
    return path.stat().st_size / 2**20


if __name__ == "__main__":
    main()
