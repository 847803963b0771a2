"""Batch benchmark: `iopcost batch` against a plain csv + Decimal script.

Generates scenarios (weeks 1-52, sessions 1-7): without plan terms, with
terms drawn from 240 combinations, and a caseload in which every row has its
own deductible and coinsurance; times each on 100,000 of them in this one run
(interleaved, best of --runs) against a plain csv + Decimal loop, and reports
peak memory for 10,000 and 1,000,000 rows of the caseload. Targets: at most
1.5x the reference's time in every case; peak memory at most 40 MiB, and
flat (at most 3 MiB more for the larger input).

    python bench/batch.py [--runs 3] [--rows 100000]
"""

from __future__ import annotations

import argparse
import compileall
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REFERENCE = """
import csv, sys
from decimal import Decimal, ROUND_HALF_UP
CENT = Decimal("0.01")
LEVELS = [("inpatient", 7, Decimal(500), Decimal(800)), ("php", 5, Decimal(350), Decimal(450)),
          ("iop", None, Decimal(200), Decimal(300))]
reader = csv.reader(sys.stdin)
next(reader)
out = csv.writer(sys.stdout, lineterminator="\\n")
out.writerow(["row", "id", "level", "units", "units_high", "total_low", "total_high"])
for number, (ident, weeks, sessions) in enumerate(reader, start=1):
    for level, per_week, low, high in LEVELS:
        units = int(weeks) * (per_week or int(sessions))
        out.writerow([number, ident, level, units, units, (units * low).quantize(CENT, ROUND_HALF_UP),
                      (units * high).quantize(CENT, ROUND_HALF_UP)])
"""

# The same loop with plan terms: the cost-sharing rule in closed form.
REFERENCE_TERMS = """
import csv, sys
from decimal import Decimal, ROUND_HALF_UP
CENT = Decimal("0.01")
LEVELS = [("inpatient", 7, Decimal(500), Decimal(800)), ("php", 5, Decimal(350), Decimal(450)),
          ("iop", None, Decimal(200), Decimal(300))]

def pays(rate, units, deductible, copay, coinsurance, cap):
    whole = min(units, int(deductible // rate))
    paid = whole * rate
    deductible -= paid
    left = units - whole
    def share(charge):
        c = min(copay, charge)
        return c + (charge - c) * coinsurance / 100
    if left and deductible > 0:
        paid += deductible + share(rate - deductible)
        left -= 1
    paid += left * share(rate)
    return paid if cap is None else min(paid, cap)

def money(amount):
    return amount.quantize(CENT, ROUND_HALF_UP)

reader = csv.reader(sys.stdin)
next(reader)
out = csv.writer(sys.stdout, lineterminator="\\n")
out.writerow(["row", "id", "level", "units", "units_high", "total_low", "total_high", "patient_low", "patient_high"])
for number, (ident, weeks, sessions, deductible, coinsurance, copay, cap) in enumerate(reader, start=1):
    deductible, coinsurance, copay = Decimal(deductible), Decimal(coinsurance), Decimal(copay)
    cap = Decimal(cap) if cap else None
    for level, per_week, low, high in LEVELS:
        units = int(weeks) * (per_week or int(sessions))
        out.writerow([number, ident, level, units, units, money(units * low), money(units * high),
                      money(pays(low, units, deductible, copay, coinsurance, cap)),
                      money(pays(high, units, deductible, copay, coinsurance, cap))])
"""

PEAK = """
import resource, subprocess, sys
with open(sys.argv[1], "rb") as source, open("/dev/null", "wb") as sink:
    subprocess.run(sys.argv[2:], stdin=source, stdout=sink, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


TARGET = 1.5
MEMORY = 40
GROWTH = 3


def scenarios(path: Path, rows: int, *, terms: str = "none") -> None:
    """Rows without terms ("none"), with terms from 240 combinations ("few"), or with
    every row's own deductible and coinsurance ("every")."""
    rng = random.Random(2026)
    with path.open("w") as out:
        header = ",deductible,coinsurance,copay,oop_max" if terms != "none" else ""
        out.write(f"id,weeks,sessions{header}\n")
        for number in range(rows):
            line = f"c{number},{rng.randint(1, 52)},{rng.randint(1, 7)}"
            if terms == "few":
                line += (
                    f",{rng.choice([0, 500, 1500, 2000, 3000])},{rng.choice([0, 10, 20, 30])}"
                    f",{rng.choice([0, 25, 40])},{rng.choice(['', 4000, 6000, 9000])}"
                )
            elif terms == "every":
                deductible = rng.randint(0, 500_000)
                line += (
                    f",{deductible // 100}.{deductible % 100:02d},{rng.randint(10, 500) / 10:g}"
                    f",0,{rng.choice(['', 9000, 12000])}"
                )
            out.write(line + "\n")


def compare_times(
    label: str, ours_cmd: list[str], ref_cmd: list[str], source: Path, scratch: Path, runs: int
) -> tuple[float, bool]:
    """Best-of-runs times, interleaved; the ratio and whether the outputs are identical."""
    ours_out, ref_out = scratch / "ours.csv", scratch / "ref.csv"
    ours, ref = [], []
    for _ in range(runs):
        ref.append(timed(ref_cmd, source, ref_out))
        ours.append(timed(ours_cmd, source, ours_out))
    same = ours_out.read_bytes() == ref_out.read_bytes()
    ratio = min(ours) / min(ref)
    verdict = "ok" if ratio <= TARGET and same else "OVER TARGET"
    print(
        f"{label}: reference {min(ref):.2f} s, iopcost batch {min(ours):.2f} s = {ratio:.2f}x "
        f"(target <= {TARGET:.2f}x), identical output: {same} {verdict}"
    )
    return ratio, same


def timed(command: list[str], source: Path, sink: Path) -> float:
    with source.open("rb") as stdin, sink.open("wb") as stdout:
        start = time.perf_counter()
        subprocess.run(command, stdin=stdin, stdout=stdout, check=True)
        return time.perf_counter() - start


def peak_kib(python: str, command: list[str], source: Path) -> int:
    done = subprocess.run(
        [python, "-c", PEAK, str(source), *command], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    options = parser.parse_args()
    import iopcost as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    iopcost = shutil.which("iopcost", path=str(Path(sys.executable).parent)) or "iopcost"
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        ours_cmd = [iopcost, "batch", "-"]
        print(f"{options.rows:,} scenarios, best of {options.runs}, stdout to a file")
        results = []
        for label, reference_text, terms in (
            ("without plan terms      ", REFERENCE, "none"),
            ("with plan terms         ", REFERENCE_TERMS, "few"),
            ("terms differ on each row", REFERENCE_TERMS, "every"),
        ):
            reference = scratch / "reference.py"
            reference.write_text(reference_text)
            source = scratch / "scenarios.csv"
            scenarios(source, options.rows, terms=terms)
            ref_cmd = [sys.executable, str(reference)]
            results.append(compare_times(label, ours_cmd, ref_cmd, source, scratch, options.runs))

        small, large = scratch / "small.csv", scratch / "large.csv"
        scenarios(small, 10_000, terms="every")
        scenarios(large, 1_000_000, terms="every")
        small_mib = peak_kib(sys.executable, ours_cmd, small) / 1024
        large_mib = peak_kib(sys.executable, ours_cmd, large) / 1024
        growth = large_mib - small_mib
        memory_ok = large_mib <= MEMORY and growth <= GROWTH
        print(
            f"peak memory, terms on each row: 10,000 rows {small_mib:.1f} MiB; 1,000,000 rows "
            f"{large_mib:.1f} MiB; growth {growth:.1f} MiB (targets <= {MEMORY} MiB, growth "
            f"<= {GROWTH} MiB) {'ok' if memory_ok else 'OVER TARGET'}"
        )
    good = all(ratio <= TARGET and same for ratio, same in results)
    sys.exit(0 if good and memory_ok else 1)


if __name__ == "__main__":
    main()
