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
import secrets
from collections.abc import Iterable
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


def render_report(sheet: Sheet, kind: str, *, made_on: date, chart: bool = True) -> str:
    """The whole report as text in the given format."""
    from iopcost import formats, safetext

    if kind in ("json", "csv", "markdown"):
        out = io.StringIO()
        formats.write_sheet(sheet, kind, out)
        if kind == "markdown":
            out.write("\n**Assumptions**\n\n")
            for topic, text in assumption_lines(sheet, made_on):
                out.write(f"- {safetext.markdown(topic)}: {safetext.markdown(text)}\n")
        return out.getvalue()
    return _rich_report(sheet, kind, made_on=made_on, chart=chart)


def _rich_report(sheet: Sheet, kind: str, *, made_on: date, chart: bool) -> str:
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
    console.print(sheet_renderable(sheet, width=REPORT_WIDTH, chart=chart))
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


def write_report(path: Path, text: str, *, force: bool, inputs: Iterable[str | None] = ()) -> None:
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
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
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
