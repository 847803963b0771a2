"""How fast `insurer rates` reads an insurer's in-network file, against what a data
analyst would write, in the same run.

    python bench/in_network.py [--items N] [--rounds 5]

Files: a synthetic gzip file generated here (tests/insurer/synthetic.py: provider
references first, a fifth of the items a level's code), the same with references last,
and the real CareFirst excerpt in tests/fixtures/insurer. References, each doing the same
filter (the codes of the bundled care codes, three NPIs and an EIN):

- the ijson loop (its C backend): provider references with `ijson.items`, then every
  in-network item built with `ijson.items` and tested (the approach of mrfutils);
- DuckDB's `read_json` where it can read the file at all (one JSON document).

Reported: wall and CPU seconds (best of the rounds, with the spread), MB/s of compressed
input, and peak memory of a child process per reader.
"""

from __future__ import annotations

import argparse
import gzip
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "insurer"))

from synthetic import WANTED, WANTED_EIN, Shape, write, write_sized  # noqa: E402

ASKED = [*WANTED, WANTED_EIN]
REAL = ROOT / "tests" / "fixtures" / "insurer" / "carefirst-in-network-excerpt.json.gz"


def ours(path: Path) -> int:
    from datetime import date

    from iopcost.core.plan_rates import Tally
    from iopcost.files.care_codes import load_care_codes
    from iopcost.hospital.source import Source
    from iopcost.insurer.providers import providers_of
    from iopcost.insurer.references import References
    from iopcost.insurer.text_reader import read_in_network

    tally = Tally()
    references = References(providers_of(ASKED), tally)
    read_in_network(Source(str(path)).open, str(path), load_care_codes(None), references,
                    date.today())  # fmt: skip
    return sum(answer.rows for answer in tally.answers.values())


def ijson_loop(path: Path) -> int:
    import ijson

    from iopcost.core.care import normal_code
    from iopcost.files.care_codes import load_care_codes

    codes = load_care_codes(None)
    npis = {int(n) for n in WANTED}
    refs: dict[object, bool] = {}
    with gzip.open(path) as f:
        for ref in ijson.items(f, "provider_references.item"):
            groups = ref.get("provider_groups", [])
            if any(set(g.get("npi", [])) & npis or g.get("tin", {}).get("value") == WANTED_EIN
                   for g in groups):  # fmt: skip
                refs[ref["provider_group_id"]] = True
    rows = 0
    with gzip.open(path) as f:
        for item in ijson.items(f, "in_network.item"):
            kind, code = normal_code(item["billing_code_type"], item["billing_code"])
            if codes.classify(kind, code) is None:
                continue
            for rate in item["negotiated_rates"]:
                if any(ref in refs for ref in rate.get("provider_references", [])):
                    rows += len(rate["negotiated_prices"])
    return rows


def duckdb_read(path: Path) -> int:
    import duckdb

    query = (
        "SELECT count(*) FROM (SELECT unnest(in_network, recursive := true) FROM "
        f"read_json('{path}', maximum_object_size=2000000000))"
    )
    return int(duckdb.execute(query).fetchone()[0])


READERS = {"iopcost": ours, "ijson loop": ijson_loop, "duckdb read_json": duckdb_read}
PEAK = (
    "import resource, sys; sys.path.insert(0, {bench!r}); import in_network as b; "
    "b.READERS[{name!r}](b.Path({path!r})); "
    "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
)


def timed(name: str, path: Path, rounds: int) -> tuple[list[float], list[float]] | str:
    walls, cpus = [], []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            READERS[name](path)
        except Exception as exc:  # a reference that cannot read the file is reported
            return f"cannot read it ({type(exc).__name__}: {str(exc)[:80]})"
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def peak_mib(name: str, path: Path) -> float | None:
    script = PEAK.format(bench=str(ROOT / "bench"), name=name, path=str(path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    return int(done.stdout.split()[-1]) / 1024 if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--gzip-mb",
        type=int,
        nargs="*",
        default=[],
        help="also files of about these sizes (MB of gzip), items cycled from a pool, "
        "for speed and memory at scale (e.g. 100 1000)",
    )
    parser.add_argument("--only", choices=list(READERS), nargs="*", default=list(READERS))
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="iopcost-bench-"))
    files = {
        "synthetic, references first": write(
            folder / "first.json.gz", Shape(items=args.items, level_share=0.2)
        ),
        "synthetic, references last": write(
            folder / "last.json.gz", Shape(items=args.items, level_share=0.2, refs_last=True)
        ),
        "CareFirst excerpt (real)": REAL,
    }
    for mb in args.gzip_mb:
        shape = Shape(level_share=0.2, seed=mb)
        files[f"synthetic, {mb} MB gzip"] = write_sized(folder / f"{mb}.json.gz", mb * 10**6, shape)
        # The hard shape at that size: references last, one item naming a million of them.
        hard = Shape(level_share=0.2, seed=mb, refs_last=True, huge_refs=1_000_000)
        files[f"synthetic, {mb} MB gzip, references last, one item naming 1M references"] = (
            write_sized(folder / f"{mb}-hard.json.gz", mb * 10**6, hard)
        )  # fmt: skip
    print(f"resource limit: {resource.getrlimit(resource.RLIMIT_AS)}")
    for label, path in files.items():
        size = path.stat().st_size / 1e6
        print(f"\n{label}: {size:.1f} MB gzip")
        reference = None
        for name in args.only:
            result = timed(name, path, args.rounds)
            if isinstance(result, str):
                print(f"  {name:18} {result}")
                continue
            walls, cpus = result
            best = min(walls)
            reference = reference or {}
            reference[name] = best
            ratio = best / reference["ijson loop"] if "ijson loop" in reference else None
            peak = peak_mib(name, path)
            print(f"  {name:18} wall {best:6.2f} s (spread {max(walls) - best:.2f}) "
                  f"cpu {min(cpus):6.2f} s  {size / best:6.1f} MB/s  "
                  f"peak {peak or 0:5.0f} MiB" + (f"  {ratio:.2f}x ijson" if ratio else ""))  # fmt: skip
        if "iopcost" in (reference or {}) and "ijson loop" in (reference or {}):
            print(f"  iopcost / ijson loop: {reference['iopcost'] / reference['ijson loop']:.2f}x")


if __name__ == "__main__":
    main()
