"""Data files that ship with iopcost: the cost file, the price index, the care codes."""

from __future__ import annotations

from pathlib import Path

COST_FILE = "cost_ranges.yaml"
CARE_CODES = "care_codes.yaml"
# The care codes compiled (scripts/compile_care_codes.py), read without a YAML parser.
CARE_CODES_COMPILED = "care_codes.json"


def bundled_file(name: str) -> Path:
    """A data file that ships with iopcost, in a wheel or a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "data" / name
    if installed.is_file():
        return installed
    # An editable install or a source checkout imports from the tree, where the
    # one copy lives at the top level beside the package.
    return package.parent / "data" / name


def bundled_name(name: str) -> str:
    """How messages and documents call a bundled file: "cost_ranges.yaml (bundled)"."""
    return f"{name} (bundled)"
