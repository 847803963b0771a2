"""Shared fixtures: a quiet, fixed-width terminal and helpers to run the CLI."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Tests price the fixture's rates, never the shipped ones (which may be updated):
# every run that does not name a cost file reads this one through IOPCOST_DATA.
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "costs.yaml"
SEED_YAML = FIXTURE.read_text()

# Before Typer or Rich render anything: no forced colour, a fixed width.
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
for name in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "NO_COLOR"):
    os.environ.pop(name, None)
os.environ["COLUMNS"] = "120"
os.environ["IOPCOST_DATA"] = str(FIXTURE)
# English unless a test asks for another language (--lang, IOPCOST_LANG): whatever the
# machine's locale, here and in the commands tests start.
os.environ["IOPCOST_LANG"] = "en"

from typer.testing import CliRunner  # noqa: E402

from iopcost.cli import app  # noqa: E402
from iopcost.core.language import speak  # noqa: E402


class Outcome:
    """What a CLI run left: exit code, stdout and stderr, kept apart."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self) -> str:
        return f"Outcome({self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


# A practice (two providers) and its own rates, for Good Faith Estimates.
PRACTICE = """\
providers:
  - name: Bayside Counseling
    npi: "1234567893"
    tin: "12-3456789"
    address: 1 Main St, Springfield, IL 62701
    levels: [iop, php]
  - name: Mercy Hospital
    npi: "1245319599"
    tin: "98-7654321"
    address: 2 Oak Ave, Springfield, IL 62702
    levels: [residential]
"""
# The program's own rates: the fixture's, with aliases and billing codes.
RATES = SEED_YAML.replace(
    "    high: 800\n", "    high: 800\n    aliases: [residential]\n    codes: [H0017]\n"
).replace("    high: 300", "    high: 300\n    codes: [S9480, RC 0905]")
PATIENT = ["--patient-name", "Alex Smith", "--birth-date", "1990-04-02", "--start", "2027-01-04"]


def run(
    args: Sequence[str], stdin: str | bytes | None = None, env: dict[str, str] | None = None
) -> Outcome:
    """Run iopcost in-process through Typer's CliRunner."""
    # In-process runs have no terminal, so no colour either: NO_COLOR only here,
    # never in the environment that subprocess tests inherit.
    try:
        result = CliRunner().invoke(
            app, list(args), input=stdin, env={"NO_COLOR": "1", **(env or {})}
        )
    finally:
        speak("en")  # a run with --lang leaves the next one in English
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def assert_refused(outcome: Outcome, code: int, *words: str) -> None:
    """A refusal: the exit code, the words on stderr, nothing on stdout, no traceback."""
    assert outcome.exit_code == code, outcome
    assert outcome.stdout == "", outcome
    assert "Traceback" not in outcome.stderr, outcome
    lowered = outcome.stderr.lower()
    for word in words:
        assert word.lower() in lowered, (word, outcome.stderr)


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a text file under tmp_path and return its path as a string."""

    def _write(text: str | bytes, name: str = "costs.yaml") -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A web server on the loopback address for the test's while: its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serving_a_site(
    handler: type[BaseHTTPRequestHandler],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    timeout: str,
) -> Iterator[str]:
    """`serving`, with downloads cached under `home`, the client's timeout set, and the
    handler's record of the requests it had (`seen`, if it keeps one) started empty."""
    monkeypatch.setenv("IOPCOST_HOME", str(home))
    monkeypatch.setenv("IOPCOST_TIMEOUT", timeout)
    seen = getattr(handler, "seen", None)
    if seen is not None:
        seen.clear()
    with serving(handler) as address:
        yield address


def needs(tool: str | None, what: str) -> None:
    """Skip outside CI when a tool is missing; in CI, fail."""
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing in CI; .ci/run installs it")
        pytest.skip(f"{what} is not installed here (CI installs it)")


def needs_pdf_tools() -> None:
    """WeasyPrint (with Pango) to write a PDF, pdftotext to read it back."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        needs(None, "WeasyPrint (pip install 'iopcost[pdf]') with Pango")
    needs(shutil.which("pdftotext"), "pdftotext (Debian's poppler-utils)")


# Headless Chromium, for pages in a real browser (tests/render).
CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-file-access-from-files", "--virtual-time-budget=5000",
]  # fmt: skip
