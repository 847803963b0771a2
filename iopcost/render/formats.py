"""Every output format, named once: which commands offer it, on stdout or as a file,
whether people read it, and what writes it.

`--format` choices, `--output` extensions and batch's formats are all read
from FORMATS; `write_sheet` is the one dispatcher for a sheet on a stream.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, TextIO

from iopcost.core.errors import UsageProblem
from iopcost.render.sheet import Sheet

COMPARE, PLAN, LEVELS, PRICES, BATCH = "compare", "plan", "levels", "prices", "batch"
GFE = "gfe"
ESTIMATES = frozenset({COMPARE, PLAN})


class Format(NamedTuple):
    """One output format."""

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


FORMATS = (
    Format("table", True, stdout=frozenset({COMPARE, PLAN, LEVELS, PRICES})),
    Format("json", False, frozenset({COMPARE, PLAN, LEVELS, PRICES, GFE}),
           ESTIMATES | {PRICES, GFE}, (".json",)),
    Format("csv", False, frozenset({COMPARE, PLAN, LEVELS, BATCH}), ESTIMATES, (".csv",),
           frozenset({BATCH})),
    Format("tsv", False, frozenset({COMPARE, PLAN, LEVELS, BATCH})),
    Format("jsonl", False, frozenset({BATCH}), reads=frozenset({BATCH})),
    Format("markdown", True, frozenset({COMPARE, PLAN, LEVELS, GFE}), ESTIMATES | {GFE},
           (".md",)),
    Format("yaml", False, frozenset({LEVELS, PRICES}), frozenset({PRICES}), (".yaml", ".yml")),
    Format("html", True, files=ESTIMATES | {GFE}, extensions=(".html",)),
    Format("pdf", True, files=ESTIMATES | {GFE}, extensions=(".pdf",)),
    Format("svg", True, files=ESTIMATES, extensions=(".svg",)),
    Format("text", True, files=ESTIMATES, extensions=(".txt",)),
)  # fmt: skip
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
        f"cannot tell what to write from {path.name!r}; end the name with one of "
        f"{', '.join(output_extensions(command))}.",
        option="--output",
    )


def write_sheet(sheet: Sheet, name: str, out: TextIO, *, chart: bool = True) -> None:
    """Write one result as table, json, csv, tsv or markdown."""
    if name == "json":
        from iopcost.render.machine import json_text

        out.write(json_text(sheet.document) + "\n")
    elif name in ("csv", "tsv"):
        from iopcost.render.machine import write_delimited

        write_delimited(sheet.keys, sheet.machine_rows(), out, output_format=name)
    elif name == "markdown":
        from iopcost.render.markdown import markdown_text

        out.write(markdown_text(sheet))
    elif name == "table":
        from iopcost.render.table import print_sheet

        print_sheet(sheet, out, chart=chart)
    else:
        raise ValueError(f"{name!r} is not a format for a sheet")
