"""Reports a counselor can hand over: one file, its format chosen by extension.

.html is a page for people: a semantic table, the bottom line, the chart as
inline SVG, the assumptions; embedded CSS only (readable on a phone and when
printed), no scripts, nothing loaded from anywhere, every text escaped by the
template engine. .pdf is that page printed (WeasyPrint, an optional extra).
.svg is the chart as an image. .txt and .md are the text and Markdown
renderings with the assumptions; .json and .csv are the same bytes as
`--format json` and `--format csv`. They are written by iopcost.files.atomic.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from iopcost import __version__
from iopcost.core.errors import OutputError
from iopcost.core.text import clean
from iopcost.render.markdown import escaped
from iopcost.render.sheet import Sheet

REPORT_WIDTH = 110
PDF_MISSING = (
    "writing a PDF needs WeasyPrint and the Pango library: pip install 'iopcost[pdf]' "
    "(and your system's Pango package), or write .html and print it."
)
Prepared = Sequence[tuple[str, str]]


def prepared_lines(
    prepared_for: str | None, prepared_by: str | None, contact: str | None
) -> tuple[tuple[str, str], ...]:
    """Who the report is for and from, as given (control characters made harmless)."""
    given = (("Prepared for", prepared_for), ("Prepared by", prepared_by), ("Contact", contact))
    return tuple((topic, clean(text.strip())) for topic, text in given if text and text.strip())


def assumption_lines(sheet: Sheet, made_on: date) -> list[tuple[str, str]]:
    """The sheet's assumptions, with the date and version that made the report."""
    return [*sheet.assumptions, ("Made", f"{made_on.isoformat()} with iopcost {__version__}.")]


def render_report(
    sheet: Sheet, kind: str, *, made_on: date, chart: bool = True, prepared: Prepared = ()
) -> str | bytes:
    """The whole report in the given format: text, or bytes for a PDF."""
    from iopcost.render.formats import write_sheet

    if kind in ("json", "csv"):
        out = io.StringIO()
        write_sheet(sheet, kind, out)
        return out.getvalue()
    if kind == "markdown":
        out = io.StringIO()
        for topic, text in prepared:
            out.write(f"{escaped(topic)}: {escaped(text)}  \n")
        if prepared:
            out.write("\n")
        write_sheet(sheet, kind, out)
        out.write("\n**Assumptions**\n\n")
        for topic, text in assumption_lines(sheet, made_on):
            out.write(f"- {escaped(topic)}: {escaped(text)}\n")
        return out.getvalue()
    if kind == "svg":
        from iopcost.render.svg import chart_svg

        return chart_svg(sheet.bars(), symbol=sheet.symbol, title=sheet.title)
    if kind in ("html", "pdf"):
        page = html_page(sheet, made_on=made_on, chart=chart, prepared=prepared)
        return page if kind == "html" else pdf_bytes(page)
    return _text_report(sheet, made_on=made_on, chart=chart, prepared=prepared)


def html_page(sheet: Sheet, *, made_on: date, chart: bool, prepared: Prepared) -> str:
    """The report as a standalone HTML page (Jinja2, every text autoescaped)."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    from iopcost.render.svg import chart_svg

    environment = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
    )
    bars = sheet.bars() if chart else ()
    return environment.get_template("report.html").render(
        title=sheet.title,
        prepared=prepared,
        bottom_line=sheet.bottom_line,
        caption="Cost by level of care" if sheet.total is None else "Cost step by step",
        columns=sheet.columns,
        rows=sheet.cells(),
        total=sheet.total_cells(),
        # Built with every text XML-escaped (iopcost.svgchart).
        chart=Markup(chart_svg(bars, symbol=sheet.symbol)) if bars else None,
        notes=sheet.notes,
        assumptions=assumption_lines(sheet, made_on),
        footer=f"Made {made_on.isoformat()} with iopcost {__version__}. Estimates, not quotes.",
    )


def pdf_bytes(page: str) -> bytes:
    """The HTML page printed to PDF with WeasyPrint (an optional extra)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        raise OutputError(PDF_MISSING) from None
    # Nothing is fetched: the page has no links, images or fonts to load.
    document: bytes = HTML(string=page, url_fetcher=_no_fetch).write_pdf()
    return document


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise OutputError(f"a report loads nothing from anywhere, not {url!r}")


def _text_report(sheet: Sheet, *, made_on: date, chart: bool, prepared: Prepared) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from iopcost.render.table import sheet_renderable

    console = Console(record=True, file=io.StringIO(), width=REPORT_WIDTH, color_system=None)
    for topic, text in prepared:
        console.print(f"{escape(topic)}: {escape(text)}")
    if prepared:
        console.print()
    console.print(sheet_renderable(sheet, width=REPORT_WIDTH, chart=chart))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for topic, text in assumption_lines(sheet, made_on):
        grid.add_row(escape(topic), escape(text))
    console.print()
    console.print("Assumptions", style="bold underline")
    console.print(grid)
    return "\n".join(line.rstrip() for line in console.export_text().split("\n"))
