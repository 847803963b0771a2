"""Reports in a real browser (headless Chromium) and as a PDF (pdftotext).

Chromium cannot open a window narrower than 500 px, so a page without scripts
of its own is measured inside an iframe of the width wanted, by a harness page.
Outside CI, a machine without Chromium or WeasyPrint skips these tests, saying
so; in CI they fail instead (.ci/run installs both).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from iopcost.core.money import show

from conftest import CHROMIUM, FLAGS, assert_refused, needs, needs_pdf_tools, run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FAMILY = ["compare", "--weeks", "8", "--deductible", "2000", "--coinsurance", "20",
          "--oop-max", "6000", "--lost-pay", "200", "--travel", "15"]  # fmt: skip
COURSE = ["plan", "inpatient:2", "php:2", "iop:8", "--deductible", "2000", "--coinsurance", "20"]
MONEY = ("total_low", "total_high", "patient_low", "patient_high", "insurer_low",
         "insurer_high", "all_in_low", "all_in_high", "household_total")  # fmt: skip
HARNESS = """<!DOCTYPE html><html><body>
<iframe id="page" src="{page}" style="width:{width}px;height:3000px;border:0"></iframe>
<script>
const frame = document.getElementById("page");
frame.onload = () => {{
  const doc = frame.contentDocument, win = frame.contentWindow;
  const found = {{
    scrollWidth: doc.documentElement.scrollWidth,
    innerWidth: win.innerWidth,
    text: doc.body.innerText,
    scripts: doc.querySelectorAll("script").length,
    // Text wider than its own box: a cell, a label, a heading.
    overflowing: [...doc.querySelectorAll("th, td, .label, .value, h1, h2, figcaption, li, p")]
      .filter(el => !(el.closest("thead") && getComputedStyle(el.closest("tr")).position === "absolute"))
      .filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== "inline")
      .map(el => el.tagName + ": " + el.textContent.slice(0, 60)),
    smallestChartText: Math.min(...[...doc.querySelectorAll(".chart *")]
      .filter(el => el.textContent.trim())
      .map(el => parseFloat(getComputedStyle(el).fontSize))),
    // Summary amounts on more than one line.
    wrappedSummary: [...doc.querySelectorAll("table.summary td .value")]
      .filter(el => new Set([...el.getClientRects()].map(r => Math.round(r.top))).size > 1)
      .map(el => el.textContent),
    resources: win.performance.getEntriesByType("resource").map(entry => entry.name),
    // Each chart bar, in pixels: its track, and how far its low and high parts reach.
    bars: [...doc.querySelectorAll(".chart li")].map(li => {{
      const track = li.querySelector(".track").getBoundingClientRect();
      const high = li.querySelector(".high").getBoundingClientRect();
      return {{
        chart: [...doc.querySelectorAll(".chart")].indexOf(li.closest(".chart")),
        track: track.width,
        low: li.querySelector(".low").getBoundingClientRect().width,
        high: high.right - track.left,
      }};
    }}),
  }};
  const out = document.createElement("pre");
  out.id = "result";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
}};
</script></body></html>
"""


def amounts(args: list[str]) -> set[str]:
    """Every amount of the matching --format json, as people see it."""
    doc = json.loads(run([*args, "-f", "json"]).stdout)
    rows = doc.get("levels") or doc.get("steps")
    return {
        show(Decimal(str(row[key])), "$", with_cents=False)
        for row in rows
        for key in MONEY
        if isinstance(row.get(key), int | float)
    }


def in_browser(page: Path, width: int) -> dict[str, Any]:
    """What Chromium finds in the page when it is `width` pixels wide."""
    harness = page.with_name(f"harness-{width}.html")
    harness.write_text(HARNESS.format(page=page.name, width=width))
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={page.parent / 'profile'}", "--dump-dom",
         harness.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert found, (done.returncode, done.stderr[-2000:])
    return json.loads(html.unescape(found[1]))  # type: ignore[no-any-return]


@pytest.mark.parametrize("args", [FAMILY, COURSE], ids=["compare", "plan"])
def test_html_report_in_a_real_browser(tmp_path: Path, args: list[str]) -> None:
    """At 390 and 1000 px: no horizontal scrolling, every amount visible, no script,
    nothing loaded from anywhere; screenshots kept with the test's files."""
    needs(CHROMIUM, "Chromium")
    page = tmp_path / "estimate.html"
    assert run([*args, "-o", str(page), "--prepared-for", "The Smith family"]).exit_code == 0
    expected = amounts(args)
    for width in (390, 1000):
        found = in_browser(page, width)
        assert found["scrollWidth"] <= found["innerWidth"], (width, found["scrollWidth"])
        text = str(found["text"])
        missing = {amount for amount in expected if amount not in text}
        assert not missing, (width, missing)
        assert "The Smith family" in text and "The bottom line" in text
        assert found["scripts"] == 0
        assert found["resources"] == []
        assert found["overflowing"] == [], (width, found["overflowing"])
        assert found["wrappedSummary"] == [], width
        assert float(found["smallestChartText"]) >= 12, width
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={tmp_path / 'estimate-1000.png'}", "--window-size=1000,1600",
         page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip


def test_strangers_text_shows_literally(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A level named <script> or [bold] shows literally; the page holds no script element."""
    from conftest import SEED_YAML

    data = write(
        SEED_YAML.replace(
            "name: Intensive outpatient (IOP)", 'name: "<script>alert(1)</script> [bold]x"'
        )
    )
    page = tmp_path / "estimate.html"
    assert (
        run(["compare", "--data", data, "-o", str(page), "--prepared-by", "<i>me</i>"]).exit_code
        == 0
    )
    text = page.read_text()
    assert "<script" not in text and "<i>me</i>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold]x" in text
    # Nothing loaded from anywhere: links only to a place in the page itself (#word-...).
    assert not re.search(r"src=|href=(?!\"#)|url\(|@import", text)


def test_pdf_report_has_every_amount(tmp_path: Path) -> None:
    """The PDF is the page printed: its text (pdftotext) holds every amount."""
    needs_pdf_tools()
    pdf = tmp_path / "estimate.pdf"
    assert run([*FAMILY, "-o", str(pdf), "--prepared-for", "The Smith family"]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    missing = {amount for amount in amounts(FAMILY) if amount not in text}
    assert not missing, missing
    assert "The Smith family" in text


def test_pdf_without_the_extra_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without WeasyPrint, .pdf is one clear message, exit 1, and no file."""
    import builtins

    real_import = builtins.__import__

    def missing(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", missing)
    assert_refused(run([*FAMILY, "-o", str(tmp_path / "e.pdf")]), 1, "WeasyPrint", "pip install")
    assert list(tmp_path.iterdir()) == []


def test_svg_chart_converts_as_drawn(tmp_path: Path) -> None:
    """The SVG chart converts with rsvg-convert (plain shapes and text, no web font): the
    PNG has the chart's size."""
    needs(shutil.which("rsvg-convert"), "rsvg-convert (Debian's librsvg2-bin)")
    svg, png = tmp_path / "chart.svg", tmp_path / "chart.png"
    assert run([*FAMILY, "-o", str(svg)]).exit_code == 0
    subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True, capture_output=True)
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(header[16:20], "big")
    assert width == 760


PDF_FAMILY = ["compare", "--weeks", "8", "--sessions", "3", "--deductible", "2000",
              "--coinsurance", "20", "--oop-max", "6000", "--copay", "40"]  # fmt: skip


def one_letter_runs(text: str) -> list[str]:
    """Runs of three or more lines that hold a single letter: a word broken letter by letter."""
    runs, current = [], []
    for line in text.splitlines():
        if len(line.strip()) == 1 and line.strip().isalpha():
            current.append(line.strip())
            continue
        if len(current) >= 3:
            runs.append("".join(current))
        current = []
    return runs


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_family_pdf_fits_two_pages_whole(tmp_path: Path, paper: str) -> None:
    """Three levels with plan and household terms: at most two pages of A4 or Letter, no
    heading broken letter by letter, every amount present; the pages kept as PNGs."""
    needs_pdf_tools()
    args = [*PDF_FAMILY, "--lost-pay", "200", "--travel", "15"]
    pdf = tmp_path / "family.pdf"
    assert run([*args, "-o", str(pdf), "--paper", paper]).exit_code == 0
    text = pdf_text(pdf)
    pages = text.count("\f")
    assert 1 <= pages <= 2, pages
    assert one_letter_runs(text) == []
    missing = {amount for amount in amounts(args) if amount not in text}
    assert not missing, missing
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert ("A4" in size or "595 x 842" in size) if paper == "a4" else "612 x 792" in size
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")],
                       check=True)  # fmt: skip
        assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_chromium_prints_the_page_whole(tmp_path: Path) -> None:
    """Chromium's own print of the HTML report: no word broken letter by letter, every
    amount present."""
    needs(CHROMIUM, "Chromium")
    needs(shutil.which("pdftotext"), "pdftotext (Debian's poppler-utils)")
    page, pdf = tmp_path / "family.html", tmp_path / "printed.pdf"
    assert run([*PDF_FAMILY, "-o", str(page)]).exit_code == 0
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    text = pdf_text(pdf)
    assert one_letter_runs(text) == []
    missing = {amount for amount in amounts(PDF_FAMILY) if amount not in text}
    assert not missing, missing


def test_a_good_faith_estimate_in_a_real_browser(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A GFE for a 12-week IOP at 390 and 1000 px: no horizontal scrolling, no text wider
    than its box, every amount whole, no script, nothing loaded."""
    needs(CHROMIUM, "Chromium")
    practice = write(
        'providers:\n  - name: Bayside Counseling\n    npi: "1234567893"\n'
        '    tin: "12-3456789"\n    address: 1 Main St, Springfield, IL 62701\n',
        "practice.yaml",
    )
    page = tmp_path / "gfe.html"
    args = ["gfe", "php:2", "iop:8-12", "--practice", practice, "--patient-name", "Alex Smith",
            "--birth-date", "1990-04-02", "--start", "2027-01-04"]  # fmt: skip
    assert run([*args, "-o", str(page)]).exit_code == 0
    for width in (390, 1000):
        found = in_browser(page, width)
        assert found["scrollWidth"] <= found["innerWidth"], (width, found["scrollWidth"])
        assert found["overflowing"] == [], (width, found["overflowing"])
        text = " ".join(str(found["text"]).split())
        for amount in ("$3,500 - $4,500", "$4,800 - $10,800", "$8,300 - $15,300"):
            assert amount in text, (width, amount)
        assert found["scripts"] == 0 and found["resources"] == []


def test_chart_bars_are_on_one_scale(tmp_path: Path) -> None:
    """At 390 and 1000 px every track is as wide as the others, and each bar reaches, within
    2 px, its amount's share of the highest (the all-in figures the bottom line ranks by)."""
    needs(CHROMIUM, "Chromium")
    page = tmp_path / "estimate.html"
    assert run([*FAMILY, "-o", str(page)]).exit_code == 0
    levels = json.loads(run([*FAMILY, "-f", "json"]).stdout)["levels"]
    top = max(Decimal(str(level["all_in_high"])) for level in levels)
    for width in (390, 1000):
        bars = in_browser(page, width)["bars"]
        assert len(bars) == len(levels), width
        tracks = {round(bar["track"]) for bar in bars}
        assert max(tracks) - min(tracks) <= 1, (width, tracks)
        for bar, level in zip(bars, levels, strict=True):
            for key, end in (("low", "all_in_low"), ("high", "all_in_high")):
                expected = float(Decimal(str(level[end])) / top) * bar["track"]
                assert abs(bar[key] - expected) <= 2, (width, level["id"], key, bar, expected)


# What a family's reading of a report never holds: file names, options, commands, a price
# index's series id or factor (they are in "About these figures", and in JSON).
TOOL_WORDS = re.compile(
    r"\.(?:ya?ml|csv|json)\b|(?<!\w)--[a-z]|\biopcost (?:compare|plan|prices|hospitals|gfe"
    r"|batch|levels)\b|CUUR\w+|\bx \d\.\d{4}\b"
)


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--weeks", "8"],
        [*FAMILY, "--copay", "30", "--dollars", "latest"],
        ["plan", "inpatient:2", "iop:8", "--deductible", "1000", "--coinsurance", "20"],
    ],
    ids=["simplest", "family-restated", "course"],
)
def test_a_family_report_holds_no_tool_words(tmp_path: Path, args: list[str]) -> None:
    """The PDF as pdftotext reads it: no file name, option, command, series id or factor
    before "About these figures"; the simplest report is one Letter page, and no page
    ends on a heading."""
    needs_pdf_tools()
    pdf = tmp_path / "report.pdf"
    assert run([*args, "-o", str(pdf), "--paper", "letter"]).exit_code == 0
    text = pdf_text(pdf)
    family, _about, appendix = text.partition("About these figures")
    assert appendix, "the appendix is there"
    assert TOOL_WORDS.findall(family) == [], TOOL_WORDS.findall(family)
    assert "Cost file:" in appendix
    if args == ["compare", "--weeks", "8"]:
        assert text.count("\f") == 1  # one page
    pages = [[line.strip() for line in page.splitlines() if line.strip()]
             for page in text.split("\f")[:-1]]  # fmt: skip
    for lines in pages[:-1]:
        assert lines[-1] not in ("Notes and assumptions", "About these figures", "Details")
    assert len(pages[-1]) > 1, pages[-1]  # never the footer ("Estimates, not quotes") alone


@pytest.mark.parametrize(
    ("prefix", "in_source", "command"),
    [
        ("/home/a/.local/share/pipx/venvs/iopcost", False, "pipx inject iopcost weasyprint"),
        ("/home/a/.local/share/uv/tools/iopcost", False, "uv tool install --with weasyprint"),
        ("/src/iopcost/.venv", True, "/src/iopcost/.venv/bin/python -m pip install '.[pdf]'"),
        ("/opt/env", False, "/opt/env/bin/python -m pip install weasyprint"),
    ],
    ids=["pipx", "uv", "source-folder", "elsewhere"],
)
def test_the_pdf_hint_works_where_the_user_is(
    tmp_path: Path, prefix: str, in_source: bool, command: str
) -> None:
    """The missing-WeasyPrint message names the command that installs it for this iopcost."""
    from iopcost.render.report import pdf_install

    if in_source:
        (tmp_path / "pyproject.toml").write_text('[project]\\nname = "iopcost"\\n')
    assert pdf_install(prefix, tmp_path).startswith(command)
