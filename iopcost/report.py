"""Reports a counselor can hand over: one file, chosen by extension, written atomically.

.html is a page for people: a semantic table, the bottom line, the chart as
inline SVG, the assumptions; embedded CSS only (readable on a phone and when
printed), no scripts, nothing loaded from anywhere, every text escaped by the
template engine. .pdf is that page printed (WeasyPrint, an optional extra).
.svg is the chart as an image. .txt and .md are the text and Markdown
renderings with the assumptions; .json and .csv are the same bytes as
`--format json` and `--format csv`. A report never replaces a file unless
asked to (and never an input), and an interrupted write never leaves half.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from iopcost import __version__
from iopcost.errors import OutputError
from iopcost.sheets import Sheet

KINDS = {
    ".html": "html",
    ".pdf": "pdf",
    ".svg": "svg",
    ".txt": "text",
    ".md": "markdown",
    ".json": "json",
    ".csv": "csv",
}
REPORT_WIDTH = 110
PDF_MISSING = (
    "writing a PDF needs WeasyPrint and the Pango library: pip install 'iopcost[pdf]' "
    "(and your system's Pango package), or write .html and print it."
)
Prepared = Sequence[tuple[str, str]]


def report_kind(path: Path) -> str:
    """The report format an output path asks for by its extension."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise OutputError(
            f"cannot tell what report to write from {path.name!r}; end the name with one of "
            f"{', '.join(KINDS)}."
        )
    return kind


def prepared_lines(
    prepared_for: str | None, prepared_by: str | None, contact: str | None
) -> tuple[tuple[str, str], ...]:
    """Who the report is for and from, as given (control characters made harmless)."""
    from iopcost.safetext import clean

    given = (("Prepared for", prepared_for), ("Prepared by", prepared_by), ("Contact", contact))
    return tuple((topic, clean(text.strip())) for topic, text in given if text and text.strip())


def assumption_lines(sheet: Sheet, made_on: date) -> list[tuple[str, str]]:
    """The sheet's assumptions, with the date and version that made the report."""
    return [*sheet.assumptions, ("Made", f"{made_on.isoformat()} with iopcost {__version__}.")]


def render_report(
    sheet: Sheet, kind: str, *, made_on: date, chart: bool = True, prepared: Prepared = ()
) -> str | bytes:
    """The whole report in the given format: text, or bytes for a PDF."""
    from iopcost import formats, safetext

    if kind in ("json", "csv"):
        out = io.StringIO()
        formats.write_sheet(sheet, kind, out)
        return out.getvalue()
    if kind == "markdown":
        out = io.StringIO()
        for topic, text in prepared:
            out.write(f"{safetext.markdown(topic)}: {safetext.markdown(text)}  \n")
        if prepared:
            out.write("\n")
        formats.write_sheet(sheet, kind, out)
        out.write("\n**Assumptions**\n\n")
        for topic, text in assumption_lines(sheet, made_on):
            out.write(f"- {safetext.markdown(topic)}: {safetext.markdown(text)}\n")
        return out.getvalue()
    if kind == "svg":
        from iopcost.svgchart import chart_svg

        return chart_svg(sheet.bars(), symbol=sheet.symbol, title=sheet.title)
    if kind in ("html", "pdf"):
        page = html_page(sheet, made_on=made_on, chart=chart, prepared=prepared)
        return page if kind == "html" else pdf_bytes(page)
    return _text_report(sheet, made_on=made_on, chart=chart, prepared=prepared)


def html_page(sheet: Sheet, *, made_on: date, chart: bool, prepared: Prepared) -> str:
    """The report as a standalone HTML page (Jinja2, every text autoescaped)."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    from iopcost.svgchart import chart_svg

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

    from iopcost.tables import sheet_renderable

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


def check_not_an_input(path: Path, inputs: Iterable[str | None]) -> None:
    """Refuse to write a report over a file the estimate was read from, --force or not."""
    for source in inputs:
        if source is None or source == "-":
            continue
        try:
            same = os.path.samefile(source, path)
        except OSError:
            same = False
        if same:
            raise OutputError(
                f"{path} is the file the estimate was read from ({source}); "
                "write the report to another name."
            )


def _temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file beside the report, created with the permissions the umask allows."""
    temporary = str(folder / f".{name}.{secrets.token_hex(6)}.tmp")
    try:
        return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
    except FileNotFoundError:
        raise OutputError(f"the folder {folder} does not exist; create it first.") from None
    except NotADirectoryError:
        raise OutputError(f"{folder} is not a folder; give a path in a folder.") from None
    except PermissionError:
        raise OutputError(f"cannot write in {folder} (permission denied).") from None
    except OSError as exc:
        raise OutputError(f"cannot write in {folder} ({exc.strerror}).") from None


def write_report(
    path: Path, text: str | bytes, *, force: bool, inputs: Iterable[str | None] = ()
) -> None:
    """Write `text` to `path` through a temporary file in the same folder.

    Without `force`, an existing file is never replaced, even one that appears
    while the report is being written; with it, never one the estimate was
    read from. The report gets the permissions the umask allows, like any
    file the user makes: it can hold a family's plan terms.
    """
    if path.is_dir():
        raise OutputError(f"{path} is a directory; give a file name such as report.html.")
    check_not_an_input(path, inputs)
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; choose another name or pass --force.")
    handle, temporary = _temporary(path.parent, path.name)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(temporary, path)
        else:
            try:
                # A hard link never replaces an existing file: no race with
                # one created meanwhile.
                os.link(temporary, path)
            except FileExistsError:
                raise OutputError(
                    f"{path} already exists; choose another name or pass --force."
                ) from None
            except OSError:
                # Some file systems have no hard links; check, then rename.
                if path.exists():
                    raise OutputError(
                        f"{path} already exists; choose another name or pass --force."
                    ) from None
                os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path} ({exc.strerror}).") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
