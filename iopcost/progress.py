"""A progress bar on stderr for long batch runs, advanced by bytes read."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

# Redrawing per line would cost more than pricing it: advance in 64 KiB steps.
STEP = 65536


class ByteProgress:
    """A transient Rich progress bar over an input of `total` bytes."""

    def __init__(self, total: int) -> None:
        self.progress = Progress(
            TextColumn("pricing scenarios"),
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            # Estimates go to stdout untouched: never through the live display.
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.progress.add_task("batch", total=total)
        self.pending = 0

    def advance(self, size: int) -> None:
        """Count `size` more bytes read."""
        self.pending += size
        if self.pending >= STEP:
            self.progress.advance(self.task, self.pending)
            self.pending = 0

    def __enter__(self) -> ByteProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()
