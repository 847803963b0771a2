"""What every worker process of a pool does first (several files side by side, or one big
file's parts): it ends with the command that started it, however that ends."""

from __future__ import annotations

import os


def worker_start(parent: int) -> None:
    """A worker's first step: Ctrl-C is the parent's to handle (it ends the workers),
    SIGTERM ends the worker, and the worker ends itself within a second of its
    parent's death, even by SIGKILL, rather than stay blocked holding its pipes. A
    worker says nothing itself (its results and errors go to the parent): its standard
    error goes nowhere, so that a pipe broken by its parent's death is no traceback."""
    import signal
    import threading

    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_orphaned, args=(parent,), daemon=True).start()


def _orphaned(parent: int, every: float = 0.2) -> None:
    """End this worker as soon as its parent is gone (it is then someone else's child)."""
    import time

    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)
