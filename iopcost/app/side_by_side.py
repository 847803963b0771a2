"""Several hospitals' files side by side: per level, one row per hospital, or one cost
file of them all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from iopcost.app.output import Say, emit
from iopcost.core.errors import IopcostError
from iopcost.core.language import _
from iopcost.core.text import clean
from iopcost.hospital.several import SourceFile, read_many, usable_cores
from iopcost.render.formats import write_sheet


def side_by_side(
    sources: Sequence[SourceFile],
    *,
    codes: str | None,
    by_description: bool = False,
    price: str | None,
    jobs: int | None,
    fmt: str | None,
    output: str | None,
    force: bool,
    out: TextIO,
    say: Say,
) -> None:
    """Per level, one row per hospital (or one cost file of them all, or the JSON);
    failed when any file could not be read, after showing the others."""
    from iopcost.render.side_by_side import hospitals_sheet

    reads = list(
        read_many(sources, codes, jobs=jobs or usable_cores(), by_description=by_description)
    )
    if fmt == "yaml":
        from iopcost.app.hospital_table import several_hospitals_file

        text = several_hospitals_file(reads, price)
        emit(
            text,
            output=output,
            force=force,
            inputs=[wanted.path for wanted in sources],
            out=out,
            say=say,
        )
    elif output is not None:
        # --output of several files: the side-by-side document, written to the file.
        from iopcost.render.formats import sheet_text

        emit(
            sheet_text(hospitals_sheet(reads, price), fmt or "json"),
            output=output,
            force=force,
            inputs=[wanted.path for wanted in sources],
            out=out,
            say=say,
        )
    else:
        write_sheet(hospitals_sheet(reads, price), fmt or "table", out)
    failed = [read for read in reads if read.sheet is None and not read.nothing]
    if failed:
        names = ", ".join(clean(read.source) for read in failed)
        raise IopcostError(
            _(
                "{failed} of {reads} files could not be read: {names}.",
                failed=len(failed),
                reads=len(reads),
                names=names,
            )
        )
