"""The cost chart and the reports written with --output."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import xml.dom.minidom
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from iopcost.render.chart import bar_cells, cost_chart
from iopcost.render.sheet import Bar

from conftest import assert_refused, run

BARS = (
    Bar("Inpatient / residential", Decimal(28000), Decimal(44800)),
    Bar("Partial hospitalization (PHP)", Decimal(14000), Decimal(18000)),
    Bar("Intensive outpatient (IOP)", Decimal(4800), Decimal(7200)),
)


def render(width: int, *, colour: bool = False, bars: tuple[Bar, ...] = BARS) -> list[str]:
    out = io.StringIO()
    console = Console(
        file=out, width=width, color_system="truecolor" if colour else None, force_terminal=colour
    )
    console.print(cost_chart(bars, symbol="$"))
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("amount", "scale", "width", "cells"),
    [
        (Decimal(44800), Decimal(44800), 40, 40),
        (Decimal(28000), Decimal(44800), 40, 25),
        (Decimal(0), Decimal(10), 40, 0),
        (Decimal(1), Decimal(0), 40, 0),
    ],
    ids=["full", "proportional", "zero", "no-scale"],
)
def test_bar_cells(amount: Decimal, scale: Decimal, width: int, cells: int) -> None:
    """Cells are the amount's share of the scale, rounded half up."""
    assert bar_cells(amount, scale, width) == cells


@pytest.mark.parametrize("width", [40, 80, 120])
def test_bars_proportional_at_each_width(width: int) -> None:
    """At 40, 80 and 120 columns, bar lengths follow the amounts on one scale."""
    lines = render(width)
    assert all(len(line) <= width for line in lines)
    bars = [line for line in lines if "#" in line and not line.startswith("Cost on one scale")]
    assert len(bars) == 3
    solid = [line.count("#") for line in bars]
    whole = [line.count("#") + line.count("=") for line in bars]
    longest = max(whole)
    for bar, low, full in zip(BARS, solid, whole, strict=True):
        assert abs(full / longest - float(bar.high / BARS[0].high)) <= 1.5 / longest
        assert abs(low / longest - float(bar.low / BARS[0].high)) <= 1.5 / longest
    assert "$28,000 - $44,800" in "\n".join(lines)


def test_plain_characters_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colour the bars are ASCII; with colour, block characters."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert not any("█" in line for line in render(80))
    coloured = "\n".join(render(80, colour=True))
    assert "█" in coloured and "\x1b[" in coloured


def test_family_share_bars() -> None:
    """With plan terms, a second bar shows what the family pays."""
    bars = (Bar("IOP", Decimal(4800), Decimal(7200), Decimal(2560), Decimal(3040)),)
    lines = render(80, bars=bars)
    listed = next(line for line in lines if line.startswith("IOP")).split("  $")[0]
    pays = next(line for line in lines if line.startswith("  you pay"))
    assert "$2,560 - $3,040" in pays
    pays = pays.split("  $")[0]
    list_cells = listed.count("#") + listed.count("=")
    pay_cells = pays.count("-") + pays.count("=")
    assert abs(pay_cells - list_cells * 3040 / 7200) <= 1


def test_chart_under_table_and_no_chart() -> None:
    """compare and plan show the chart under the table; --no-chart hides it."""
    assert "Cost on one scale" in run(["compare"]).stdout
    assert "Cost on one scale" in run(["plan", "inpatient:1", "iop:4"]).stdout
    assert "Cost on one scale" not in run(["compare", "--no-chart"]).stdout


class TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ARGS = ["compare", "--weeks", "4", "--deductible", "2000", "--coinsurance", "20"]


def test_html_report(tmp_path: Path) -> None:
    """HTML: a standalone page with the totals, assumptions and no scripts or links."""
    path = tmp_path / "estimate.html"
    outcome = run([*ARGS, "--output", str(path)])
    assert outcome.exit_code == 0 and outcome.stdout == ""
    page = path.read_text()
    parser = TextCollector()
    parser.feed(page)
    text = "".join(parser.text)
    for expected in (
        "$14,000",
        "$22,400",
        "$4,400",
        "Notes and assumptions",
        "deductible",
        "Intensive Outpatient Program",
        "Made",
    ):
        assert expected in text
    assert "script" not in parser.tags and "link" not in parser.tags
    assert not re.search(r"src=|href=(?!\"#)|url\(", page)  # links only within the page


def test_svg_report_is_a_chart_image(tmp_path: Path) -> None:
    """SVG: a well-formed chart on a light background, names and amounts as text, nothing
    loaded from anywhere; --no-chart makes no sense for it."""
    path = tmp_path / "estimate.svg"
    assert run([*ARGS, "-o", str(path)]).exit_code == 0
    document = xml.dom.minidom.parse(str(path))
    texts = [
        node.firstChild.data
        for node in document.getElementsByTagName("text")
        if isinstance(node.firstChild, xml.dom.minidom.Text)
    ]
    for expected in ("Inpatient / residential", "$14,000 - $22,400", "you pay", "$4,400 - $6,080"):
        assert expected in texts
    background = document.getElementsByTagName("rect")[0]
    assert background.getAttribute("fill") == "#ffffff"
    text = path.read_text()
    assert "@font-face" not in text and "<script" not in text
    assert not re.search(r"(href|src)=|url\(", text)
    assert_refused(run([*ARGS, "--no-chart", "-o", str(tmp_path / "x.svg")]), 2, "--no-chart")


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_json_and_csv_reports_equal_format_output(tmp_path: Path, kind: str) -> None:
    """.json and .csv reports are exactly what --format prints."""
    path = tmp_path / f"estimate.{kind}"
    assert run([*ARGS, "-o", str(path)]).exit_code == 0
    assert path.read_text() == run([*ARGS, "--format", kind]).stdout
    if kind == "json":
        assert json.loads(path.read_text())["levels"][0]["patient_low"] == 4400
    else:
        assert next(csv.DictReader(io.StringIO(path.read_text())))["patient_low"] == "4400.00"


@pytest.mark.parametrize("kind", ["txt", "md"])
def test_text_reports_carry_assumptions(tmp_path: Path, kind: str) -> None:
    """.txt and .md: table, assumptions with weeks, rates, source, terms and date."""
    path = tmp_path / f"course.{kind}"
    assert run(["plan", "inpatient:2", "iop:8", "--copay", "40", "-o", str(path)]).exit_code == 0
    text = path.read_text()
    for expected in (
        "Whole course",
        "Units per week",
        "$500-$800 per day",
        "2023-11-29",
        "$40 copay",
        "Made",
    ):
        assert expected in text
    assert "\x1b[" not in text


def test_existing_file_needs_force(tmp_path: Path) -> None:
    """An existing file is kept unless --force; with it, replaced."""
    path = tmp_path / "estimate.json"
    path.write_text("keep me")
    assert_refused(run([*ARGS, "-o", str(path)]), 1, "already exists", "--force")
    assert path.read_text() == "keep me"
    assert run([*ARGS, "-o", str(path), "--force"]).exit_code == 0
    assert json.loads(path.read_text())["weeks"] == 4


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("estimate.doc", 2, ["--output", "estimate.doc", ".html", ".pdf"]),
        ("missing/estimate.html", 1, ["does not exist"]),
    ],
    ids=["unknown-extension", "missing-folder"],
)
def test_bad_output_paths(tmp_path: Path, name: str, code: int, words: list[str]) -> None:
    """An unknown extension is a bad command line (exit 2); a missing folder a failure
    (exit 1); nothing written either way."""
    assert_refused(run([*ARGS, "-o", str(tmp_path / name)]), code, *words)
    assert list(tmp_path.iterdir()) == []


def test_directory_as_output(tmp_path: Path) -> None:
    """A directory is not a report file."""
    folder = tmp_path / "reports.html"
    folder.mkdir()
    assert_refused(run([*ARGS, "-o", str(folder)]), 1, "directory")


def test_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be written: exit 1 (simulated, since root writes anywhere)."""
    real_open = os.open

    def deny(path: str, *args: int) -> int:
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", deny)
    assert_refused(run([*ARGS, "-o", str(tmp_path / "e.html")]), 1, "permission denied")


def test_interrupted_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails midway leaves neither a half report nor a temporary file."""
    real_fsync = os.fsync

    def fail(fd: int) -> None:
        real_fsync(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    path = tmp_path / "estimate.html"
    assert_refused(run([*ARGS, "-o", str(path)]), 1, "no space left")
    assert list(tmp_path.iterdir()) == []


def test_format_and_output_conflict(tmp_path: Path) -> None:
    """--format with --output is a usage error: the extension decides."""
    assert_refused(
        run([*ARGS, "--format", "json", "-o", str(tmp_path / "e.json")]), 2, "--format", "extension"
    )


@pytest.mark.parametrize("kind", ["txt", "html"])
def test_no_chart_is_honoured_in_reports(tmp_path: Path, kind: str) -> None:
    """--no-chart leaves the chart out of a report as it does out of the table."""
    with_chart, without = tmp_path / f"a.{kind}", tmp_path / f"b.{kind}"
    assert run([*ARGS, "-o", str(with_chart)]).exit_code == 0
    assert run([*ARGS, "--no-chart", "-o", str(without)]).exit_code == 0

    def text(path: Path) -> str:
        return html.unescape(path.read_text()).replace("\xa0", " ")

    caption = "What you would pay under your plan, low to high estimate"
    assert caption in text(with_chart)
    assert caption not in text(without)


@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["022", "077"])
def test_reports_respect_the_umask(tmp_path: Path, umask: int) -> None:
    """A report gets the permissions the user's umask allows, like any file they make."""
    path = tmp_path / "estimate.txt"
    old = os.umask(umask)
    try:
        assert run([*ARGS, "-o", str(path)]).exit_code == 0
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("option", ["--data", "--insurance"])
def test_report_never_replaces_an_input(tmp_path: Path, option: str) -> None:
    """--output naming the file the estimate was read from is refused, even with --force."""
    from conftest import SEED_YAML

    path = tmp_path / "mine.json"
    text = SEED_YAML if option == "--data" else "deductible: 100\n"
    path.write_text(text)
    outcome = run(["compare", option, str(path), "-o", str(path), "--force"])
    assert_refused(outcome, 1, "read from", "another name")
    assert path.read_text() == text


@pytest.mark.parametrize("kind", ["html", "md", "txt"])
@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--weeks", "8", "--deductible", "2000", "--coinsurance", "20", "--copay", "40"],
        ["plan", "inpatient:2", "php:2", "iop:8", "--copay", "40", "--lost-pay", "200"],
    ],
    ids=["compare", "plan"],
)
def test_reports_speak_to_people(tmp_path: Path, kind: str, args: list[str]) -> None:
    """No option names and no level ids in a report: level names, and the dollars note as
    a sentence with its figure; the summary, the details and one list of notes."""
    path = tmp_path / f"report.{kind}"
    assert run([*args, "-o", str(path)]).exit_code == 0
    text = html.unescape(path.read_text()).replace("\xa0", " ")
    if kind == "html":
        text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)
    text = text.replace("\\", "")  # Markdown's escapes
    assert not re.search(r"(?<![\w-])--[a-z]", text), re.findall(r".{30}--[a-z].{30}", text)
    assert not re.search(r"\b(inpatient|php|iop)\b", text), re.findall(
        r".{30}\b(?:inpatient|php|iop)\b.{30}", text
    )
    assert "At August 2026 prices these rates would be about 14.3 % higher" in " ".join(
        text.split()
    )
    for heading in ("Summary", "Details", "Notes and assumptions"):
        assert heading in text
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s) > 40]
    twice = {s for s in sentences if sentences.count(s) > 1 and "Made " not in s}
    assert not twice, twice


def test_the_svg_draws_each_kind_of_price_on_its_own_scale() -> None:
    """Bars of different kinds of price: a captioned group each, and the dearest bar of
    each group spans the whole track (kinds are never drawn one against another)."""
    from iopcost.render.svg import chart_svg

    bars = [
        Bar("Inpatient", Decimal(14000), Decimal(22400)),
        Bar("IOP", Decimal(2400), Decimal(3600)),
        Bar("PHP, Mercy", Decimal(20000), Decimal(20000), kind="negotiated"),
        Bar("IOP, Mercy", Decimal(10800), Decimal(10800), kind="negotiated"),
    ]
    svg = chart_svg(bars, symbol="$", title="Estimated cost")
    captions = re.findall(r'font-weight="bold" fill="[^"]+">([^<]+)', svg)
    assert captions == ["Estimated cost", "List prices",
                        "What insurers pay (all plans, including Medicaid)"]  # fmt: skip
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="14" fill="#9cc3e0"', svg)]
    assert widths[0] == widths[2] == max(widths)  # each group's dearest: the whole track
    assert widths[3] == round(widths[2] * 10800 / 20000, 1)
    one_kind = chart_svg(bars[:2], symbol="$", title="Estimated cost")
    assert "List prices" not in one_kind  # one kind: no captions
