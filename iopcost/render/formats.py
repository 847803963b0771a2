"""Every output format, named once: which commands offer it, on stdout or as a file,
whether people read it, and what writes it.

`--format` choices, `--output` extensions and batch's formats are all read from
FORMATS, and each entry carries its writers: of a sheet on a stream, of a whole
report, of a Good Faith Estimate, of a cost table. Adding a format is one module
that writes it and one entry here; a command offers only the formats whose
entries write what it makes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from iopcost.core.errors import UsageProblem
from iopcost.core.language import _
from iopcost.render.sheet import Sheet

if TYPE_CHECKING:
    from iopcost.core.gfe import Estimate

COMPARE, PLAN, LEVELS, PRICES, BATCH = "compare", "plan", "levels", "prices", "batch"
GFE = "gfe"
HOSPITALS_LIST, HOSPITALS_SHOW = "hospitals list", "hospitals show"
INSURER_PLANS, INSURER_RATES = "insurer plans", "insurer rates"
ESTIMATES = frozenset({COMPARE, PLAN})


class Report(NamedTuple):
    """What a report file says beside its sheet."""

    made_on: date
    chart: bool = True
    # (topic, text): who the report is for and from.
    prepared: tuple[tuple[str, str], ...] = ()
    paper: str = "letter"


SheetWriter = Callable[[Sheet[Any], TextIO, bool], None]
ReportWriter = Callable[[Sheet[Any], Report], "str | bytes"]
GfeWriter = Callable[["Estimate", str], "str | bytes"]


class Format(NamedTuple):
    """One output format and what writes it."""

    name: str
    # Read by people: says in which dollars the rates are, and may be drawn with Rich.
    people: bool
    # The commands that write it on stdout (--format), and as a file (--output).
    stdout: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()
    # The file name endings --output knows it by.
    extensions: tuple[str, ...] = ()
    # The commands that read it (batch's scenarios).
    reads: frozenset[str] = frozenset()
    # A sheet on a stream (sheet, out, chart).
    sheet: SheetWriter | None = None
    # A whole report file of a sheet.
    report: ReportWriter | None = None
    # A Good Faith Estimate (estimate, paper).
    gfe: GfeWriter | None = None


def _json(sheet: Sheet[Any], out: TextIO, chart: bool) -> None:
    from iopcost.render.machine import json_text

    out.write(json_text(sheet.document) + "\n")


def _delimited(name: str) -> SheetWriter:
    def write(sheet: Sheet[Any], out: TextIO, chart: bool) -> None:
        from iopcost.render.machine import write_delimited

        write_delimited(sheet.keys, sheet.machine_rows(), out, output_format=name)

    return write


def _jsonl(sheet: Sheet[Any], out: TextIO, chart: bool) -> None:
    from iopcost.render.machine import json_text

    for record in sheet.machine_rows():
        out.write(json_text({key: record.get(key) for key in sheet.keys}, indent=None) + "\n")


def _markdown(sheet: Sheet[Any], out: TextIO, chart: bool) -> None:
    from iopcost.render.markdown import markdown_text

    out.write(markdown_text(sheet))


def _table(sheet: Sheet[Any], out: TextIO, chart: bool) -> None:
    from iopcost.render.table import print_sheet

    print_sheet(sheet, out, chart=chart)


def _as_file(write: SheetWriter) -> ReportWriter:
    """A report that is the same bytes as the sheet on stdout."""

    def report(sheet: Sheet[Any], context: Report) -> str:
        out = io.StringIO()
        write(sheet, out, context.chart)
        return out.getvalue()

    return report


def _report(kind: str) -> ReportWriter:
    def report(sheet: Sheet[Any], context: Report) -> str | bytes:
        from iopcost.render import report as reports

        made_on, prepared = context.made_on, context.prepared
        if kind == "markdown":
            return reports.markdown_report(sheet, made_on=made_on, prepared=prepared)
        if kind == "text":
            return reports.text_report(
                sheet, made_on=made_on, chart=context.chart, prepared=prepared
            )
        if kind == "svg":
            from iopcost.render.svg import chart_svg

            return chart_svg(sheet.bars(), symbol=sheet.symbol, title=sheet.title)
        page = reports.html_page(
            sheet, made_on=made_on, chart=context.chart, prepared=prepared, paper=context.paper
        )
        return page if kind == "html" else reports.pdf_bytes(page)

    return report


def _gfe(kind: str) -> GfeWriter:
    def write(estimate: Estimate, paper: str) -> str | bytes:
        from iopcost.render import gfe

        if kind == "json":
            from iopcost.render.machine import json_text

            return json_text(gfe.gfe_document(estimate)) + "\n"
        if kind == "markdown":
            return gfe.gfe_markdown(estimate)
        page = gfe.gfe_html(estimate, paper=paper)
        if kind == "html":
            return page
        from iopcost.render.report import pdf_bytes

        return pdf_bytes(page)

    return write


SHEETS = frozenset({COMPARE, PLAN, LEVELS, PRICES})
LISTS = frozenset({HOSPITALS_LIST, HOSPITALS_SHOW, INSURER_PLANS})
FORMATS = (
    Format("table", True, stdout=SHEETS | LISTS | {INSURER_RATES}, sheet=_table),
    Format(
        name="json",
        people=False,
        stdout=SHEETS | LISTS | {GFE, INSURER_RATES},
        files=ESTIMATES | {PRICES, GFE, INSURER_RATES},
        extensions=(".json",),
        sheet=_json,
        report=_as_file(_json),
        gfe=_gfe("json"),
    ),
    Format(
        name="csv",
        people=False,
        stdout=frozenset({COMPARE, PLAN, LEVELS, BATCH, INSURER_RATES}),
        files=ESTIMATES | {INSURER_RATES},
        extensions=(".csv",),
        reads=frozenset({BATCH}),
        sheet=_delimited("csv"),
        report=_as_file(_delimited("csv")),
    ),
    Format(
        name="tsv",
        people=False,
        stdout=frozenset({COMPARE, PLAN, LEVELS, BATCH}),
        sheet=_delimited("tsv"),
    ),
    Format(
        name="jsonl",
        people=False,
        stdout=frozenset({BATCH, INSURER_RATES}),
        reads=frozenset({BATCH}),
        sheet=_jsonl,
    ),
    Format(
        name="markdown",
        people=True,
        stdout=frozenset({COMPARE, PLAN, LEVELS, GFE}),
        files=ESTIMATES | {GFE},
        extensions=(".md",),
        sheet=_markdown,
        report=_report("markdown"),
        gfe=_gfe("markdown"),
    ),
    Format(
        name="yaml",
        people=False,
        stdout=frozenset({LEVELS, PRICES}),
        files=frozenset({PRICES, INSURER_RATES}),
        extensions=(".yaml", ".yml"),
    ),
    Format(
        "html",
        True,
        files=ESTIMATES | {GFE},
        extensions=(".html",),
        report=_report("html"),
        gfe=_gfe("html"),
    ),
    Format(
        "pdf",
        True,
        files=ESTIMATES | {GFE},
        extensions=(".pdf",),
        report=_report("pdf"),
        gfe=_gfe("pdf"),
    ),
    Format("svg", True, files=ESTIMATES, extensions=(".svg",), report=_report("svg")),
    Format("text", True, files=ESTIMATES, extensions=(".txt",), report=_report("text")),
)
BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def stdout_formats(command: str) -> tuple[str, ...]:
    """The formats a command writes on stdout, the default first."""
    return tuple(fmt.name for fmt in FORMATS if command in fmt.stdout)


def input_formats(command: str) -> tuple[str, ...]:
    """The formats a command reads, the default first."""
    return tuple(fmt.name for fmt in FORMATS if command in fmt.reads)


def for_people(name: str) -> bool:
    """Whether people read a format (so it says in which dollars the rates are)."""
    return BY_NAME[name].people


def output_extensions(command: str) -> tuple[str, ...]:
    """The file name endings a command's --output knows."""
    return tuple(ext for fmt in FORMATS if command in fmt.files for ext in fmt.extensions)


def output_format(command: str, path: Path) -> str:
    """The format an --output path asks for by its extension; refused when unknown."""
    suffix = path.suffix.lower()
    for fmt in FORMATS:
        if command in fmt.files and suffix in fmt.extensions:
            return fmt.name
    raise UsageProblem(
        _(
            "cannot tell what to write from {name!r}; end the name with one of {command}.",
            name=path.name,
            command=", ".join(output_extensions(command)),
        ),
        option="--output",
    )


def _unwritten(name: str, what: str) -> ValueError:
    return ValueError(f"{name!r} is not a format for {what}")


def write_sheet(sheet: Sheet[Any], name: str, out: TextIO, *, chart: bool = True) -> None:
    """Write one result in the format `name` on `out`."""
    fmt = BY_NAME.get(name)
    if fmt is None or fmt.sheet is None:
        raise _unwritten(name, "a sheet")
    fmt.sheet(sheet, out, chart)


def sheet_text(sheet: Sheet[Any], name: str) -> str:
    """One result in the format `name`, as text."""
    out = io.StringIO()
    write_sheet(sheet, name, out)
    return out.getvalue()


def render_report(sheet: Sheet[Any], name: str, context: Report) -> str | bytes:
    """The whole report in the format `name`: text, or bytes for a PDF."""
    fmt = BY_NAME.get(name)
    if fmt is None or fmt.report is None:
        raise _unwritten(name, "a report")
    return fmt.report(sheet, context)


def render_gfe(estimate: Estimate, name: str, *, paper: str) -> str | bytes:
    """A Good Faith Estimate in the format `name`."""
    fmt = BY_NAME.get(name)
    if fmt is None or fmt.gfe is None:
        raise _unwritten(name, "a Good Faith Estimate")
    return fmt.gfe(estimate, paper)
