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

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopcost import __version__
from iopcost.core.errors import OutputError
from iopcost.core.language import N_, _, spoken
from iopcost.core.phrases import date_text
from iopcost.core.text import clean
from iopcost.render.markdown import escaped
from iopcost.render.sheet import Sheet

REPORT_WIDTH = 110
PDF_MISSING = N_(
    "writing a PDF needs WeasyPrint and the Pango library: {install} (and your system's "
    "Pango package), or write .html and print it."
)


def pdf_install(prefix: str, here: Path) -> str:
    """The command that installs WeasyPrint where this iopcost runs: into a pipx or uv
    tool's environment, from the source folder `here` (its pyproject names iopcost), or
    into the running Python's environment (`prefix`)."""
    parts = Path(prefix).parts
    if "pipx" in parts and "venvs" in parts:
        return "pipx inject iopcost weasyprint"
    if "uv" in parts and "tools" in parts:
        return "uv tool install --with weasyprint iopcost"
    own = Path(prefix) != Path(sys.base_prefix)  # a virtual environment's own Python
    python = str(Path(prefix) / "bin" / "python") if own else "python3"
    project = here / "pyproject.toml"
    if project.is_file() and 'name = "iopcost"' in project.read_text(errors="replace"):
        return f"{python} -m pip install '.[pdf]'"
    return f"{python} -m pip install weasyprint"


Prepared = Sequence[tuple[str, str]]
if TYPE_CHECKING:
    from iopcost.render.report_parts import Summary


def prepared_lines(
    prepared_for: str | None, prepared_by: str | None, contact: str | None
) -> tuple[tuple[str, str], ...]:
    """Who the report is for and from, as given (control characters made harmless)."""
    given = (
        (_("Prepared for"), prepared_for),
        (_("Prepared by"), prepared_by),
        (_("Contact"), contact),
    )
    return tuple((topic, clean(text.strip())) for topic, text in given if text and text.strip())


PAPERS = {"a4": "A4", "letter": "Letter"}


def rendered(template: str, **values: object) -> str:
    """A page from its template (Jinja2, every text autoescaped), with `_` for the
    template's own words and `lang`, the language spoken."""
    from jinja2 import Environment, FileSystemLoader

    environment = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
    )
    environment.globals.update(_=_, lang=spoken())
    return str(environment.get_template(template).render(**values))


def html_page(
    sheet: Sheet[Any], *, made_on: date, chart: bool, prepared: Prepared, paper: str = "letter"
) -> str:
    """The report as a standalone HTML page (Jinja2, every text autoescaped)."""
    from iopcost.render import report_parts

    summary = report_parts.summary_table(sheet)
    return rendered(
        "report.html",
        title=sheet.title,
        prepared=prepared,
        bottom_line=sheet.bottom_line,
        summary=summary,
        charts=report_parts.charts(sheet) if chart else (),
        columns=sheet.columns,
        rows=sheet.cells(),
        total=sheet.total_cells(),
        **_worded(sheet, summary),
        about=sheet.about,
        paper=PAPERS[paper],
        footer=_("{made} Estimates, not quotes.", made=made_line(made_on)),
    )


def _worded(sheet: Sheet[Any], summary: Summary) -> dict[str, object]:
    """The notes with their first use of each glossary word linked to its meaning, and the
    words the report uses with their meanings (the glossary's, iopcost.render.glossary)."""
    from iopcost.render import report_parts
    from iopcost.render.glossary import linked, terms_in

    notes = report_parts.notes_and_assumptions(sheet)
    headers = list(summary.headers)
    terms = terms_in([*sheet.bottom_line, *notes, *headers])
    return {
        "notes": [linked(note, terms) for note in notes],
        "words": [(term.id, _(term.word), _(term.meaning)) for term in terms],
    }


def made_line(made_on: date) -> str:
    """When and with what a report was made."""
    return _(
        "Made {isoformat} with iopcost {version__}.",
        isoformat=date_text(made_on),
        version__=__version__,
    )


def pdf_bytes(page: str) -> bytes:
    """The HTML page printed to PDF with WeasyPrint (an optional extra)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        raise OutputError(_(PDF_MISSING, install=pdf_install(sys.prefix, Path.cwd()))) from None
    # Nothing is fetched: the page has no links, images or fonts to load. PDF/UA: tagged
    # (headings, tables and their header cells, reading order), its language and title.
    document: bytes = HTML(string=page, url_fetcher=_no_fetch).write_pdf(pdf_variant="pdf/ua-1")
    return document


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise OutputError(_("a report loads nothing from anywhere, not {url!r}", url=url))


def markdown_report(sheet: Sheet[Any], *, made_on: date, prepared: Prepared) -> str:
    from iopcost.render import report_parts
    from iopcost.render.markdown import markdown_table

    out = [f"# {escaped(sheet.title)}", ""]
    out += [f"{escaped(topic)}: {escaped(text)}  " for topic, text in prepared]
    if prepared:
        out.append("")
    if sheet.bottom_line:
        out += [_("## The bottom line"), "", escaped(" ".join(sheet.bottom_line)), ""]
    summary = report_parts.summary_table(sheet)
    rows = [*summary.rows, *(() if summary.total is None else (summary.total,))]
    out += [f"## {_('Summary')}", "", markdown_table(summary.headers, rows, numeric_from=2), ""]
    details = [*sheet.cells(), *(() if sheet.total is None else (sheet.total_cells() or (),))]
    out += [f"## {_('Details')}", ""]
    out += [
        markdown_table(
            [column.label for column in sheet.columns],
            details,
            numeric=[column.numeric for column in sheet.columns],
        ),
        "",
        _("## Notes and assumptions"),
        "",
    ]
    out += [f"- {escaped(note)}" for note in report_parts.notes_and_assumptions(sheet)]
    out += ["", escaped(made_line(made_on))]
    return "\n".join(out) + "\n"


def text_report(sheet: Sheet[Any], *, made_on: date, chart: bool, prepared: Prepared) -> str:
    import textwrap

    from iopcost.render import report_parts

    def wrapped(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(
            text, REPORT_WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent)
        ) or [""]

    out = [sheet.title, "=" * min(len(sheet.title), REPORT_WIDTH), ""]
    out += [f"{topic}: {text}" for topic, text in prepared]
    if prepared:
        out.append("")
    if sheet.bottom_line:
        out += [_("The bottom line"), *wrapped(" ".join(sheet.bottom_line)), ""]
    summary = report_parts.summary_table(sheet)
    rows = [*summary.rows, *(() if summary.total is None else (summary.total,))]
    out += [_("Summary"), *_aligned(summary.headers, rows), ""]
    for drawn in report_parts.charts(sheet) if chart else ():
        out += [drawn.caption]
        out += [f"  {bar.label}: {bar.text}" for bar in drawn.bars]
        out.append("")
    details = [*sheet.cells(), *(() if sheet.total is None else (sheet.total_cells() or (),))]
    labels = [column.label for column in sheet.columns]
    out += [_("Details"), "", *report_parts.plain_rows(labels, details)]
    out.append(_("Notes and assumptions"))
    for note in report_parts.notes_and_assumptions(sheet):
        out += wrapped(note, "- ")
    if sheet.about:
        out += ["", _("About these figures")]
        for topic, text in sheet.about:
            out += wrapped(f"{topic}: {text}", "- ")
    out += ["", made_line(made_on)]
    return "\n".join(clean_line(line) for line in out).rstrip() + "\n"


def clean_line(line: str) -> str:
    """A report line as written: file text made harmless, no trailing spaces."""
    return clean(line).rstrip()


def _aligned(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A small table in plain text, numbers right-aligned (the summary has five columns)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) if index < 2 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    return [line(headers), "-" * len(line(headers)), *(line(row) for row in rows)]
