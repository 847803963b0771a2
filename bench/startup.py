"""Start-up benchmark: iopcost against a minimal Typer + PyYAML + Rich program.

Runs each command many times, interleaved, in this one session, and prints the
ratio of median wall times. Targets: table <= 1.10x, json <= 0.90x the reference.

    python bench/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = """
import typer
import yaml
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def main() -> None:
    with open({path!r}) as stream:
        data = yaml.safe_load(stream)
    level = data["levels"]["iop"]
    table = Table("level", "low", "high")
    table.add_row(level["name"], str(level["low"]), str(level["high"]))
    Console().print(table)


app()
"""


def time_once(command: list[str], times: dict[str, list[float]], key: str) -> None:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    times.setdefault(key, []).append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    iopcost = shutil.which("iopcost", path=str(Path(sys.executable).parent)) or "iopcost"
    # An installed wheel has its bytecode compiled by pip; give an editable
    # install the same, even where PYTHONDONTWRITEBYTECODE is set.
    import iopcost as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        reference = Path(scratch) / "reference.py"
        reference.write_text(REFERENCE.format(path=str(ROOT / "data" / "cost_ranges.yaml")))
        commands = {
            "reference": [sys.executable, str(reference)],
            "table": [iopcost, "compare", "--weeks", "8", "--sessions", "3"],
            "json": [iopcost, "compare", "--weeks", "8", "--sessions", "3", "--format", "json"],
        }
        times: dict[str, list[float]] = {}
        for command in commands.values():  # warm the file cache once
            subprocess.run(command, capture_output=True, check=True)
        for _ in range(runs):
            for key, command in commands.items():
                time_once(command, times, key)
    reference_median = statistics.median(times["reference"])
    print(f"runs: {runs} each, interleaved; median wall time, stdout piped")
    print(f"reference (Typer + PyYAML + one-row Rich table): {reference_median * 1000:.1f} ms")
    targets = {"table": 1.10, "json": 0.90}
    failed = False
    for key, target in targets.items():
        median = statistics.median(times[key])
        ratio = median / reference_median
        verdict = "ok" if ratio <= target else "OVER TARGET"
        failed |= ratio > target
        print(
            f"iopcost compare --format {key:5}: {median * 1000:.1f} ms = {ratio:.2f}x (target <= {target:.2f}x) {verdict}"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
