"""prices: a hospital's standard-charges file turned into local rates by level of care;
several hospitals' files side by side."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from iopcost.app.output import Say, emit
from iopcost.core.care import CareCodes
from iopcost.core.charges import (
    PAYER_FREE,
    FileInfo,
    Selection,
    Summary,
    advice_order,
    kinds_in,
)
from iopcost.core.errors import IopcostError, UsageProblem
from iopcost.core.language import _
from iopcost.hospital.several import SourceFile
from iopcost.hospital.types import Entry, Unreadable
from iopcost.hospital.web import Progress
from iopcost.render.formats import PRICES, output_format, sheet_text, write_sheet
from iopcost.render.sheet import Sheet


@dataclass(frozen=True, slots=True)
class PricesRequest:
    """What prices is asked: the sources, which price, and where the result goes."""

    files: tuple[str, ...]
    payer: str | None = None
    plan: str | None = None
    price: str | None = None
    codes: str | None = None
    by_description: bool = False
    output_format: str | None = None
    output: str | None = None
    force: bool = False
    payers: bool = False
    jobs: int | None = None
    location: str | None = None
    refresh: bool = False
    offline: bool = False


def check_choices(request: PricesRequest, *, several: bool = False) -> str | None:
    """Refuse options that do not go together; the format --output asks for, if any."""
    if several:
        one_file_only(request)
    for name, given in (("--payer", request.payer), ("--plan", request.plan)):
        if given is not None and not given.strip():
            raise UsageProblem(
                _("{name} is empty; give a name as --payers lists it.", name=name), option=name
            )
    if request.plan is not None and request.payer is None:
        raise UsageProblem(_("--plan needs --payer: name the payer first."), option="--plan")
    if request.payer is not None and request.price in PAYER_FREE:
        raise UsageProblem(
            _(
                "--price {price} does not depend on the payer; leave out --payer and "
                "--plan, or use --price negotiated or allowed.",
                price=request.price,
            ),
            option="--payer",
        )
    if request.payers and (request.output is not None or request.output_format == "yaml"):
        raise UsageProblem(
            _("--payers lists payers; leave out --output and --format yaml."), option="--payers"
        )
    if request.output is not None and request.output_format is not None:
        raise UsageProblem(
            _("--output chooses what to write by its extension; leave out --format."),
            option="--format",
        )
    return None if request.output is None else output_format(PRICES, Path(request.output))


def one_file_only(request: PricesRequest) -> None:
    """Refuse the options that read one file when several are given."""
    given = (
        ("--payer", request.payer),
        ("--plan", request.plan),
        ("--payers", request.payers or None),
    )
    for option, value in given:
        if value is not None:
            raise UsageProblem(
                _(
                    "{option} reads one file; give one file, or leave out {option} to "
                    "compare several side by side.",
                    option=option,
                ),
                option=option,
            )


def prices(
    request: PricesRequest, *, out: TextIO, say: Say, progress: Progress | None = None
) -> None:
    """One file's prices per level (every kind, or the one asked for, or a cost file),
    its payers, or several files side by side; `progress` shows downloads."""
    from iopcost.hospital.several import resolve

    sources = resolve(
        request.files,
        location=request.location,
        refresh=request.refresh,
        offline=request.offline,
        progress=progress,
    )
    if len(sources) > 1:
        kind = check_choices(request, several=True)
        from iopcost.app.side_by_side import side_by_side

        side_by_side(
            sources,
            codes=request.codes,
            by_description=request.by_description,
            price=request.price,
            jobs=request.jobs,
            fmt=kind or request.output_format,
            output=request.output,
            force=request.force,
            out=out,
            say=say,
        )
        return
    source = sources[0]
    if source.path is None:
        raise IopcostError(source.error or _("{name} could not be read.", name=source.name))
    kind = check_choices(request)
    result = _one_file(source.path, source.name, request, kind, out=out, say=say)
    if result is not None:
        emit(
            result,
            output=request.output,
            force=request.force,
            inputs=(source.path, request.codes),
            out=out,
            say=say,
        )


def _one_file(
    path: str, name: str, request: PricesRequest, kind: str | None, *, out: TextIO, say: Say
) -> str | None:
    """One file read: printed as a table or the payers' list (None), or the text to emit."""
    from iopcost.files.care_codes import load_care_codes
    from iopcost.hospital.reader import file_payers, open_price_file
    from iopcost.hospital.source import Source

    care = load_care_codes(request.codes)._replace(by_description=request.by_description)
    from iopcost.hospital.several import usable_cores

    jobs = request.jobs or usable_cores()
    with Source(path, name=name, jobs=jobs) as source:
        info, entries = open_price_file(
            source, care, lambda text: say(_("Warning: {warning}", warning=text))
        )
        opened = Opened(info, entries, lambda: file_payers(source))
        return _read(opened, care, request, kind, out=out, say=say)


class Opened(NamedTuple):
    """A file opened: what it says of itself, its entries (streamed on demand), and
    every payer and plan it names (the file read whole, only when needed)."""

    info: FileInfo
    entries: Callable[[], Iterator[Entry | Unreadable]]
    everyone: Callable[[], Iterator[tuple[str, str]]]


def _read(
    opened: Opened,
    care: CareCodes,
    request: PricesRequest,
    kind: str | None,
    *,
    out: TextIO,
    say: Say,
) -> str | None:
    """What was asked of an opened file."""
    info, entries = opened.info, opened.entries

    if info.published is not None and info.published > date.today().isoformat():
        say(
            _(
                "Warning: {name} says it was last updated on {published}, which is in "
                "the future; check the file's date.",
                name=info.name,
                published=info.published,
            )
        )
    if request.payers:
        from iopcost.hospital.payers import payer_list
        from iopcost.hospital.summary import priced_payers

        listed = payer_list(priced_payers(info, entries(), care), opened.everyone())
        _list_payers(*listed, request.output_format, out=out, say=say)
        return None
    chosen = kind or request.output_format or "table"
    if request.price is None and request.payer is None and chosen != "yaml":
        return _every_kind(info, entries(), care, chosen, out=out)
    selection = Selection(request.price or "negotiated", request.payer, request.plan)
    return _one_kind(opened, care, selection, chosen, out=out)


def _every_kind(
    info: FileInfo,
    entries: Iterable[Entry | Unreadable],
    care: CareCodes,
    chosen: str,
    *,
    out: TextIO,
) -> str | None:
    """Every kind of price the file gives, per level, side by side: printed as a table
    (None), or the JSON text."""
    from iopcost.hospital.summary import price_sheet
    from iopcost.render.prices import kinds_sheet

    return _written(kinds_sheet(price_sheet(info, entries, care)), chosen, out)


def _one_kind(
    opened: Opened,
    care: CareCodes,
    selection: Selection,
    chosen: str,
    *,
    out: TextIO,
) -> str | None:
    """One kind of price, read beside the others so as to say which have a rate when it
    has none: printed as a table (None), or the cost file's or the JSON text."""
    from iopcost.hospital.summary import summarise_kinds

    wanted = selection.price
    others = tuple(kind for kind in kinds_in(opened.info.generation) if kind != wanted)
    summary, *rest = summarise_kinds(
        opened.info, opened.entries(), care, selection, (wanted, *others), opened.everyone
    )
    having = advice_order([other.price for other in rest if other.levels])
    if chosen == "yaml":
        return _cost_file(summary, having)
    from iopcost.render.prices import prices_sheet

    return _written(prices_sheet(summary, having), chosen, out)


def _written(sheet: Sheet[Any], chosen: str, out: TextIO) -> str | None:
    """A sheet printed as a table (None), or its text in a machine format."""
    if chosen == "table":
        write_sheet(sheet, chosen, out)
        return None
    return sheet_text(sheet, chosen)


def _list_payers(
    listed: list[tuple[str, str, int]], more: int, fmt: str | None, *, out: TextIO, say: Say
) -> None:
    """--payers: each payer and plan the file names with its count of prices for a level
    of care, as lines or JSON (`more`: distinct names past the most listed, said on
    stderr)."""
    from iopcost.render.prices import payer_lines, payer_records

    if fmt == "json":
        out.write(json_text(payer_records(listed)))
    else:
        for line in payer_lines(listed):
            out.write(line + "\n")
    if more:
        say(_("... and {more} more payers and plans, not listed.", more=more))


def _cost_file(summary: Summary, having: Sequence[str]) -> str:
    """The levels that have a price, as a cost file for --data."""
    from iopcost.files.cost_file import cost_file_text
    from iopcost.hospital.summary import cost_table
    from iopcost.render import hospital_words as words

    if not summary.levels:
        raise IopcostError(words.no_cost_file(summary, having))
    table = cost_table(
        summary,
        note=words.prices_note(summary),
        caveat=words.cost_file_caveat(summary),
        file=words.source_file(summary.info),
    )
    header = _(
        "Local prices from a hospital's standard-charges file, made by iopcost prices.",
    )
    return cost_file_text(table, header=header)


def json_text(document: Mapping[str, object] | list[dict[str, object]]) -> str:
    """A document as the JSON every command writes, with its closing newline."""
    from iopcost.render.machine import json_text as text

    return text(document) + "\n"


__all__ = ["SourceFile", "check_choices", "prices"]
