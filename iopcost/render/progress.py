"""Progress bars on stderr: a long batch run (how far through the file, rows, rate) and a
download (bytes, rate, time left). Only ever on a terminal; the caller decides."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from iopcost.core.language import _
from iopcost.core.text import clean

# Redrawing per line would cost more than pricing it: update in 64 KiB steps.
STEP = 65536


class RowRate(ProgressColumn):
    """Rows read per second so far."""

    def render(self, task: Task) -> Text:
        """The rate, or nothing before the first second."""
        elapsed = task.elapsed or 0
        rows = int(task.fields.get("rows", 0))
        return Text(f"{rows / elapsed:,.0f} rows/s" if elapsed >= 1 else "", style="dim")


class ByteProgress:
    """A transient Rich progress bar over an input of `total` bytes."""

    def __init__(self, total: int) -> None:
        self.progress = Progress(
            TextColumn(_("pricing scenarios")),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]:,} rows"),
            RowRate(),
            console=Console(stderr=True),
            transient=True,
            # Estimates go to stdout untouched: never through the live display.
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.progress.add_task("batch", total=total, rows=0)
        self.pending = 0
        self.lines = 0

    def advance(self, size: int) -> None:
        """Count one more line of `size` bytes read (the header is not a row)."""
        self.pending += size
        self.lines += 1
        if self.pending >= STEP:
            self.progress.update(self.task, advance=self.pending, rows=max(0, self.lines - 1))
            self.pending = 0

    def __enter__(self) -> ByteProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


@contextmanager
def download_bar(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A transient Rich progress bar on stderr for one download (bytes, rate, time left),
    told of each chunk's size; `label` (an address, a stranger's text) is shown cleaned
    and escaped."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = bar.add_task(escape(clean(label)[-40:]), total=total)
    with bar:
        yield lambda size: bar.advance(task, size)
