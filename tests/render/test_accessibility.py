"""WCAG 2.1 A and AA, checked by axe-core in headless Chromium on every shape of HTML
report and the Good Faith Estimate, at 320, 390 and 1000 CSS px; and the PDF's structure
read back (tagged, titled, in its language, in reading order).

axe-core is the npm package (`npm install axe-core`, as .ci/run does): a copy of each page
carries it, runs it and writes its violations into the page, which a harness page of the
width wanted reads from its frame (Chromium's windows are at least 500 px wide).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CHROMIUM, FLAGS, PATIENT, PRACTICE, RATES, needs, needs_pdf_tools, run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
HOSPITAL = ROOT / "tests" / "fixtures" / "hospital"
# WCAG 2.0 and 2.1, levels A and AA: the rules axe-core tags so.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUNNER = """<script>{axe}</script><script>
axe.run(document, {{runOnly: {{type: "tag", values: {tags}}}, resultTypes: ["violations"]}})
  .then(found => {{
    const out = document.createElement("pre");
    out.id = "axe-result";
    out.hidden = true;
    out.textContent = JSON.stringify(found.violations.map(rule => ({{
      id: rule.id, help: rule.help,
      nodes: rule.nodes.slice(0, 3).map(node => node.target.join(" ") + ": " + node.failureSummary),
    }})));
    document.body.appendChild(out);
  }});
</script>"""
HARNESS = """<!DOCTYPE html><html lang="en"><head><title>harness</title></head><body>
<iframe id="page" title="page" src="{page}" style="width:{width}px;height:3000px;border:0"></iframe>
<script>
const frame = document.getElementById("page");
function wait() {{
  const found = frame.contentDocument.getElementById("axe-result");
  if (!found) {{ setTimeout(wait, 50); return; }}
  const out = document.createElement("pre");
  out.id = "result";
  out.textContent = JSON.stringify({{
    violations: JSON.parse(found.textContent),
    scrollWidth: frame.contentDocument.documentElement.scrollWidth,
    innerWidth: frame.contentWindow.innerWidth,
  }});
  document.body.appendChild(out);
}}
frame.onload = wait;
</script></body></html>"""


def axe_core() -> Path | None:
    """axe-core's script: AXE_CORE, else node_modules in the project's folder."""
    named = os.environ.get("AXE_CORE")
    path = Path(named) if named else ROOT / "node_modules" / "axe-core" / "axe.min.js"
    return path if path.is_file() else None


def audit(page: Path, width: int) -> dict[str, Any]:
    """axe-core's WCAG 2.1 A/AA violations on `page` at `width` CSS px, and its width."""
    script = axe_core()
    assert script is not None and CHROMIUM is not None
    runner = RUNNER.format(axe=script.read_text(), tags=json.dumps(WCAG))
    copy = page.with_name(f"axe-{page.name}")
    copy.write_text(page.read_text().replace("</body>", runner + "</body>"))
    harness = page.with_name(f"axe-harness-{width}.html")
    harness.write_text(HARNESS.format(page=copy.name, width=width))
    done = subprocess.run(
        [CHROMIUM, *FLAGS, "--virtual-time-budget=30000",
         f"--user-data-dir={page.parent / 'profile'}", "--dump-dom", harness.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert found, (done.returncode, done.stderr[-2000:])
    return json.loads(html.unescape(found[1]))  # type: ignore[no-any-return]


# What a shape needs first: extra arguments and settings.
Prepared = tuple[list[str], dict[str, str]]


def _catalogue(tmp: Path) -> Prepared:
    env = {"IOPCOST_HOME": str(tmp / "home")}
    added = run(["hospitals", "add", str(HOSPITAL / "real" / "emory-university-hospital.csv.gz"),
                 str(HOSPITAL / "v3.0.0_tall_example.csv")], env=env)  # fmt: skip
    assert added.exit_code == 0, added
    return [], env


def _practice(tmp: Path) -> Prepared:
    (tmp / "rates.yaml").write_text(RATES)
    (tmp / "practice.yaml").write_text(PRACTICE)
    return ["--practice", str(tmp / "practice.yaml"), *PATIENT], {
        "IOPCOST_DATA": str(tmp / "rates.yaml")
    }


FAMILY = ["compare", "--weeks", "8", "--deductible", "2000", "--coinsurance", "20",
          "--oop-max", "6000", "--lost-pay", "200", "--travel", "15"]  # fmt: skip
# Every shape an HTML page takes: what it needs first, and the command that writes it.
SHAPES: dict[str, tuple[Callable[[Path], Prepared] | None, list[str]]] = {
    "compare": (None, ["compare", "--weeks", "8"]),
    "compare, insured, with household costs": (None, FAMILY),
    "plan": (None, ["plan", "inpatient:2", "php:2", "iop:8", "--deductible", "2000"]),
    "compare --hospitals": (_catalogue, ["compare", "--weeks", "4", "--hospitals"]),
    "plan --hospitals": (_catalogue, ["plan", "emory-php:2", "emory-iop:6", "--hospitals"]),
    "gfe": (_practice, ["gfe", "iop:12", "php:2"]),
}


def write(shape: str, out: Path, lang: str = "en") -> None:
    """The page (or PDF) of `shape`, in `lang`, written to `out`."""
    prepare, args = SHAPES[shape]
    extra, env = prepare(out.parent) if prepare else ([], {})
    made = run([*args, *extra, "-o", str(out), "--lang", lang], env=env)
    assert made.exit_code == 0, made


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("shape", SHAPES)
def test_every_page_passes_axe_core(shape: str, lang: str, tmp_path: Path) -> None:
    """No WCAG 2.1 A/AA violation at 320, 390 or 1000 px, in English and in Spanish, and
    no horizontal scrolling at 320 px (a 1280 px window at 400 % zoom)."""
    needs(CHROMIUM, "Chromium")
    needs(str(axe_core() or "") or None, "axe-core (npm install axe-core)")
    page = tmp_path / "page.html"
    write(shape, page, lang)
    assert f'<html lang="{lang}">' in page.read_text()
    for width in (320, 390, 1000):
        found = audit(page, width)
        assert found["violations"] == [], (width, found["violations"])
        assert found["scrollWidth"] <= found["innerWidth"], (width, found)


def test_axe_core_finds_what_it_should(tmp_path: Path) -> None:
    """The check itself: a page with no language, an image without text and grey on
    white is found wanting on each."""
    needs(CHROMIUM, "Chromium")
    needs(str(axe_core() or "") or None, "axe-core (npm install axe-core)")
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><main><h1>x</h1>'
                    '<p style="color:#aaa">faint</p><img src="x.png"></main></body></html>')  # fmt: skip
    found = {rule["id"] for rule in audit(page, 1000)["violations"]}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("shape", ["compare, insured, with household costs", "gfe"])
def test_the_pdf_is_tagged_titled_and_in_reading_order(
    shape: str, lang: str, tmp_path: Path
) -> None:
    """Tagged (PDF/UA), with the page's title shown as the document's; its structure has
    headings and tables with header cells; its tagged text follows the page's order."""
    needs_pdf_tools()
    pdf = tmp_path / "page.pdf"
    write(shape, pdf, lang)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"(?m)^Tagged:\s+yes$", info.stdout), info.stdout
    title = re.search(r"(?m)^Title:\s+(.+)$", info.stdout)
    assert title and title[1].strip(), info.stdout
    structure = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True,
                               text=True, check=True).stdout  # fmt: skip
    for element in ("H1", "H2", "Table", "TH", "TD", "P"):
        assert re.search(rf"(?m)^\s*{element}\b", structure), element
    tagged = " ".join(re.findall(r'"([^"]*)"', structure))
    order = {
        ("gfe", "en"): ["Good Faith Estimate", "Keep a copy"],
        ("gfe", "es"): ["Estimación de Buena Fe", "Guarde una copia"],
        ("report", "en"): ["Estimated cost", "The bottom line"],
        ("report", "es"): ["Costo estimado", "En resumen"],
    }["gfe" if shape == "gfe" else "report", lang]
    assert 0 <= tagged.find(order[0]) < tagged.find(order[1]), tagged[:500]
