"""The output formats each command offers, as the command line asks for them.

The registry itself is iopcost.render.formats; this is what the command line
may know of it (the commands' names and their choices).
"""

from __future__ import annotations

from iopcost.render.formats import (
    BATCH,
    COMPARE,
    GFE,
    HOSPITALS_LIST,
    HOSPITALS_SHOW,
    INSURER_PLANS,
    INSURER_RATES,
    LEVELS,
    PLAN,
    PRICES,
    input_formats,
    stdout_formats,
)

__all__ = [
    "BATCH",
    "COMPARE",
    "GFE",
    "HOSPITALS_LIST",
    "HOSPITALS_SHOW",
    "INSURER_PLANS",
    "INSURER_RATES",
    "LEVELS",
    "PLAN",
    "PRICES",
    "input_formats",
    "stdout_formats",
]
