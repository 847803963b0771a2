"""hospitals: a region's hospitals kept in a catalogue, to add, list, show and remove."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from iopcost.app.output import Say
from iopcost.core.errors import DataFileError, IopcostError, UsageProblem
from iopcost.core.language import _
from iopcost.core.text import clean
from iopcost.files.catalogue import connected
from iopcost.hospital.web import Progress


def add_hospitals(
    files: Sequence[str], *, codes: str | None, say: Say, progress: Progress | None = None
) -> None:
    """Read each file and keep its hospital's per-level prices, one at a time; failed
    when any file could not be read, after keeping the others; `progress` shows
    downloads."""
    from iopcost.files.catalogue import add
    from iopcost.hospital.several import read_many, resolve

    failed = []
    wanted = resolve(files, location=None, refresh=False, offline=False, progress=progress)
    with connected() as connection:
        for read in read_many(wanted, codes, jobs=1):
            if read.nothing:
                say(
                    _(
                        "Not added: {source} prices no level of care by the day or session.",
                        source=clean(read.source),
                    )
                )
                continue
            if read.sheet is None:
                failed.append(read)
                say(
                    _(
                        "Could not add {source}: {value}",
                        source=clean(read.source),
                        value=clean(read.error or ""),
                    )
                )
                continue
            try:
                stored = add(connection, read.source, read.sheet)
            except DataFileError as exc:
                failed.append(read)
                say(_("Could not add {source}: {value}", source=clean(read.source),
                      value=clean(str(exc))))  # fmt: skip
                continue
            say(
                _(
                    "Added {name} ({slug}): {levels} levels priced.",
                    name=clean(stored.name),
                    slug=stored.slug,
                    levels=stored.levels,
                )
            )
    if failed:
        raise IopcostError(
            _(
                "{failed} of {wanted} files could not be added.",
                failed=len(failed),
                wanted=len(wanted),
            )
        )


def list_hospitals(output_format: str | None, *, out: TextIO) -> None:
    """The hospitals kept, with how many levels each prices."""
    from iopcost.files.catalogue import hospitals
    from iopcost.render.catalogue import hospital_lines, hospital_records

    with connected() as connection:
        kept = hospitals(connection)
    if output_format == "json":
        _json(hospital_records(kept), out)
    else:
        _lines(hospital_lines(kept), out)


def show_prices(
    *,
    level: str | None,
    payer: str | None,
    plan: str | None,
    output_format: str | None,
    out: TextIO,
) -> None:
    """The kept prices, per level and hospital: every payer's, or one payer's."""
    from iopcost.files.catalogue import prices
    from iopcost.render.catalogue import price_lines, price_records

    if plan is not None and payer is None:
        raise UsageProblem(_("--plan needs --payer: name the payer first."), option="--plan")
    with connected() as connection:
        rows = prices(connection, level=level, payer=payer, plan=plan)
    if output_format == "json":
        _json(price_records(rows), out)
    else:
        _lines(price_lines(rows), out)


def remove_hospital(name: str, *, say: Say) -> None:
    """Forget one hospital, by its name or id."""
    from iopcost.files.catalogue import remove

    with connected() as connection:
        removed = remove(connection, name)
    say(_("Removed {name}.", name=clean(removed)))


def _json(records: list[dict[str, object]], out: TextIO) -> None:
    from iopcost.render.machine import json_text

    out.write(json_text(records) + "\n")


def _lines(lines: list[str], out: TextIO) -> None:
    for line in lines:
        out.write(f"{line}\n")
