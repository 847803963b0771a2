"""The command line: the Typer app and one module per command family.

The only layer that imports Typer; it turns every error into a message and
an exit code (iopcost.cli.app).
"""

from iopcost.cli import batch, estimate, gfe, hospitals, insurer, prices
from iopcost.cli.app import app, quiet_stdout
from iopcost.cli.spoken import speak_first

__all__ = [
    "app",
    "batch",
    "estimate",
    "gfe",
    "hospitals",
    "insurer",
    "prices",
    "quiet_stdout",
    "speak_first",
]
