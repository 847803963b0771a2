"""Reports a counselor can hand over: one file, chosen by extension, written atomically.

.html, .svg and .txt hold the table, the chart and the assumptions as Rich
records them; .md the Markdown table and assumptions; .json and .csv are the
same bytes as `--format json` and `--format csv`. A report never replaces a
file unless asked to, and an interrupted write never leaves half of one.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from datetime import date
from pathlib import Path

from iopcost import __version__
from iopcost.errors import OutputError
from iopcost.sheets import Sheet

KINDS = {
    ".html": "html",
    ".svg": "svg",
    ".txt": "text",
    ".md": "markdown",
    ".json": "json",
    ".csv": "csv",
}
REPORT_WIDTH = 110

_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>{title}</title>
<style>
{{stylesheet}}
body {{{{
    color: {{foreground}};
    background-color: {{background}};
}}}}
</style>
</head>
<body>
    <pre style="font-family:Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace">
<code style="font-family:inherit">{{code}}</code></pre>
</body>
</html>
"""
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}\s*")


def report_kind(path: Path) -> str:
    """The report format an output path asks for by its extension."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise OutputError(
            f"cannot tell what report to write from {path.name!r}; end the name with one of "
            f"{', '.join(KINDS)}."
        )
    return kind


def assumption_lines(sheet: Sheet, made_on: date) -> list[tuple[str, str]]:
    """The sheet's assumptions, with the date and version that made the report."""
    return [*sheet.assumptions, ("Made", f"{made_on.isoformat()} with iopcost {__version__}.")]


def render_report(sheet: Sheet, kind: str, *, made_on: date) -> str:
    """The whole report as text in the given format."""
    from iopcost import formats

    if kind == "json":
        out = io.StringIO()
        formats.write_json(sheet.document, out)
        return out.getvalue()
    if kind == "csv":
        out = io.StringIO()
        formats.write_delimited(sheet.keys, sheet.records, out, delimiter=",")
        return out.getvalue()
    if kind == "markdown":
        lines = [formats.markdown_text(sheet), "**Assumptions**", ""]
        lines += [f"- {topic}: {text}" for topic, text in assumption_lines(sheet, made_on)]
        return "\n".join(lines) + "\n"
    return _rich_report(sheet, kind, made_on=made_on)


def _rich_report(sheet: Sheet, kind: str, *, made_on: date) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from iopcost.tables import sheet_renderable

    console = Console(
        record=True,
        file=io.StringIO(),
        width=REPORT_WIDTH,
        color_system=None if kind == "text" else "truecolor",
        force_terminal=kind != "text",
    )
    console.print(sheet_renderable(sheet, width=REPORT_WIDTH, chart=True))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for topic, text in assumption_lines(sheet, made_on):
        grid.add_row(escape(topic), escape(text))
    console.print()
    console.print("Assumptions", style="bold underline")
    console.print(grid)
    if kind == "text":
        return console.export_text()
    if kind == "html":
        title = escape(sheet.title).replace("{", "{{").replace("}", "}}")
        return console.export_html(code_format=_HTML.format(title=title))
    # Rich's SVG links a web font; a report makes no network requests.
    return _FONT_FACE.sub("", console.export_svg(title=sheet.title))


def write_report(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` through a temporary file in the same folder.

    Without `force`, an existing file is never replaced, even one that appears
    while the report is being written.
    """
    if path.is_dir():
        raise OutputError(f"{path} is a directory; give a file name such as report.html.")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; choose another name or pass --force.")
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError(f"the folder {folder} does not exist; create it first.") from None
    except PermissionError:
        raise OutputError(f"cannot write in {folder} (permission denied).") from None
    except OSError as exc:
        raise OutputError(f"cannot write in {folder} ({exc.strerror}).") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
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
