"""A result's way out: standard output, or a file written whole, said in one line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from iopcost.core.errors import OutputError
from iopcost.core.language import _
from iopcost.core.text import clean
from iopcost.files.atomic import write_atomic

if TYPE_CHECKING:
    from iopcost.hospital.web import Progress

# How the application tells a person something beside the result (stderr).
Say = Callable[[str], None]


def download_progress() -> Progress | None:
    """The progress bar for downloads when stderr is a terminal, else none."""
    if not sys.stderr.isatty():
        return None
    from iopcost.render.progress import download_bar

    return download_bar


def on_stderr(message: str) -> None:
    """Say `message` on standard error, one line."""
    print(message, file=sys.stderr)


def emit(
    text: str | bytes,
    *,
    output: str | None,
    force: bool,
    inputs: Iterable[str | None],
    out: TextIO,
    say: Say,
) -> None:
    """Write `text` on `out`, or to the file `output` atomically (never over one of
    `inputs`, and over another file only with `force`), saying "Wrote FILE."."""
    if output is None:
        if isinstance(text, bytes):
            raise OutputError(_("a PDF is written to a file: give --output NAME.pdf."))
        out.write(text)
        return
    path = Path(output)
    write_atomic(path, text, force=force, inputs=inputs)
    say(_("Wrote {path}.", path=clean(str(path))))
