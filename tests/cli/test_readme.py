"""Every `$ iopcost ...` example in the README and the documentation (docs/) runs, as
written, and prints what it shows.

The examples use the bundled rates at 100 columns. After a change to the
output or the bundled data, `python tests/cli/test_readme.py --update` rewrites
the examples' outputs from the installed command.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# The README, then every page of the documentation site.
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
# A console block, and in it each "$ command" line with the output up to the next one.
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
COMMAND = re.compile(r"^\$ (.*)$", re.M)


def examples(text: str) -> list[tuple[str, str]]:
    """(command, shown output) for every example that runs iopcost."""
    found = []
    for block in BLOCK.findall(text):
        parts = COMMAND.split(block)
        for command, output in zip(parts[1::2], parts[2::2], strict=True):
            if re.match(r"(printf .*\| )?iopcost ", command):
                found.append((command, output.removeprefix("\n")))
    return found


def run_example(command: str) -> str:
    """What the example prints, run by a shell with this environment's iopcost first on PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("IOPCOST_DATA", "FORCE_COLOR", "NO_COLOR", "_TYPER_FORCE_DISABLE_TERMINAL")
    }
    env.update(COLUMNS="100", IOPCOST_LANG="en", PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return "\n".join(line.rstrip() for line in done.stdout.splitlines()) + "\n"


@pytest.mark.parametrize(
    ("command", "shown"),
    [example for document in DOCUMENTS for example in examples(document.read_text())],
    ids=lambda v: v[:60] if v else "",
)
def test_readme_example(command: str, shown: str) -> None:
    """The example's output, line by line (trailing spaces aside), is what the README shows."""
    assert run_example(command) == shown


def test_readme_has_examples() -> None:
    """The README shows the family's command; the documentation each output format."""
    commands = [command for command, _ in examples(README.read_text())]
    assert "iopcost compare --weeks 8 --sessions 3" in commands
    documented = [c for document in DOCUMENTS for c, _ in examples(document.read_text())]
    for fmt in ("json", "csv", "markdown"):
        assert any(f"--format {fmt}" in command for command in documented), fmt


def update() -> None:
    """Rewrite the examples' outputs from the installed command."""
    for document in DOCUMENTS:
        text = document.read_text()
        for command, shown in examples(text):
            text = text.replace(f"$ {command}\n{shown}", f"$ {command}\n{run_example(command)}", 1)
        document.write_text(text)


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit(f"usage: python {Path(__file__).name} --update")
