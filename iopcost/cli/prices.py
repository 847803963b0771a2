"""prices: a hospital's standard-charges file turned into local rates by level of care."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iopcost.cli.app import Command, app, examples
from iopcost.cli.options import ForceOption, choice_option, format_option, output_option
from iopcost.core.charges import PAYER_FREE, PRICE_KINDS, SHEET_KINDS
from iopcost.core.errors import IopcostError, UsageProblem
from iopcost.render.formats import PRICES, output_format

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from iopcost.core.care import CareCodes
    from iopcost.core.charges import FileInfo, Selection, Summary
    from iopcost.hospital.many import Wanted
    from iopcost.hospital.types import Entry, Unreadable

SourceArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="FILE...",
        show_default=False,
        help="A hospital's standard-charges file: .csv or .json, maybe .gz or alone in a "
        ".zip; - reads standard input. Several files, or a folder of them, are compared "
        "side by side.",
    ),
]
LocationOption = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        show_default=False,
        help="Of a site's locations (its cms-hpt.txt), only the one whose name holds NAME.",
    ),
]
RefreshOption = Annotated[
    bool, typer.Option("--refresh", help="Download again, even when the cached copy is current.")
]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Read downloads from the cache only; no network.")
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        metavar="N",
        min=1,
        max=64,
        show_default=False,
        help="Files read at once, side by side (default: the usable cores).",
    ),
]
PayerOption = Annotated[
    str | None,
    typer.Option(metavar="NAME", show_default=False, help="Only this payer's negotiated rates."),
]
PlanOption = Annotated[
    str | None,
    typer.Option(metavar="NAME", show_default=False, help="Only this plan of --payer."),
]
PriceOption = Annotated[
    str | None,
    choice_option(
        ("--price",),
        PRICE_KINDS,
        "negotiated (payer-specific), cash (discounted cash), gross (chargemaster) or "
        "allowed (v3: 10th to 90th percentile of allowed amounts). Without it the table and "
        "json show every kind the file gives, and a cost file is made from negotiated rates.",
    ),
]
CodesOption = Annotated[
    str | None,
    typer.Option(
        "--codes",
        metavar="FILE",
        show_default=False,
        help="Which codes mean which level (YAML), instead of the bundled care_codes.yaml.",
    ),
]
PricesFormatOption = Annotated[
    str | None,
    format_option(PRICES, "table (default), json (the summary) or yaml (a cost file for --data)."),
]
PricesOutputOption = Annotated[
    str | None, output_option("Write a cost file (.yaml) or the summary (.json) instead.")
]
PayersOption = Annotated[
    bool,
    typer.Option("--payers", help="List the payers and plans in the file with their price counts."),
]


def check_choices(
    *,
    payer: str | None,
    plan: str | None,
    price: str | None,
    payers: bool,
    output: str | None,
    fmt: str | None,
) -> str | None:
    """Refuse options that do not go together; the format --output asks for, if any."""
    for name, given in (("--payer", payer), ("--plan", plan)):
        if given is not None and not given.strip():
            raise UsageProblem(f"{name} is empty; give a name as --payers lists it.", option=name)
    if plan is not None and payer is None:
        raise UsageProblem("--plan needs --payer: name the payer first.", option="--plan")
    if payer is not None and price in PAYER_FREE:
        raise UsageProblem(
            f"--price {price} does not depend on the payer; leave out --payer and --plan, or "
            "use --price negotiated or allowed.",
            option="--payer",
        )
    if payers and (output is not None or fmt == "yaml"):
        raise UsageProblem(
            "--payers lists payers; leave out --output and --format yaml.", option="--payers"
        )
    if output is not None and fmt is not None:
        raise UsageProblem(
            "--output chooses what to write by its extension; leave out --format.",
            option="--format",
        )
    return None if output is None else output_format(PRICES, Path(output))


@app.command(
    PRICES,
    cls=Command,
    epilog=examples(
        [
            "iopcost prices hospital.csv --payers",
            "iopcost prices hospital.csv --payer aetna --plan ppo -o local.yaml",
            "iopcost prices hospital.json.gz --price cash --format yaml | iopcost compare --data -",
        ]
    ),
)
def prices_command(
    files: SourceArgument,
    payer: PayerOption = None,
    plan: PlanOption = None,
    price: PriceOption = None,
    codes: CodesOption = None,
    output_format: PricesFormatOption = None,
    output: PricesOutputOption = None,
    force: ForceOption = False,
    payers: PayersOption = False,
    jobs: JobsOption = None,
    location: LocationOption = None,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """Turn a hospital's published standard charges into a cost file, by level of care;
    several hospitals' files side by side."""
    from iopcost.hospital.many import resolve

    sources = resolve(files, location=location, refresh=refresh, offline=offline)  # fmt: skip
    if len(sources) > 1:
        one_file_only(payer=payer, plan=plan, payers=payers)
        kind = check_choices(payer=None, plan=None, price=price or "negotiated", payers=False,
                             output=output, fmt=output_format)  # fmt: skip
        _side_by_side(sources, codes=codes, price=price, fmt=kind or output_format, jobs=jobs,
                      output=output, force=force)  # fmt: skip
        return
    source, name = sources[0].path or _unread(sources[0]), sources[0].name
    from iopcost.core.charges import Selection
    from iopcost.files.care_codes import load_care_codes
    from iopcost.hospital.reader import open_price_file
    from iopcost.hospital.source import Source
    from iopcost.hospital.summary import payer_list

    kind = check_choices(
        payer=payer, plan=plan, price=price, payers=payers, output=output, fmt=output_format
    )
    care = load_care_codes(codes)
    info, entries = open_price_file(Source(source, name=name), care, warn)
    warn_if_future(info.name, info.published)
    if payers:
        _list_payers(payer_list(info, entries(), care), output_format)
        return
    chosen = kind or output_format or "table"
    if price is None and payer is None and chosen != "yaml":
        result = _every_kind(info, entries(), care, chosen)
    else:
        selection = Selection(price or "negotiated", payer, plan)
        result = _one_kind(info, entries(), care, selection, chosen)
    if result is None:
        return
    if output is None:
        sys.stdout.write(result)
        return
    from iopcost.files.atomic import write_atomic

    write_atomic(Path(output), result, force=force, inputs=(source, codes))
    print(f"Wrote {output}.", file=sys.stderr)


def _every_kind(
    info: "FileInfo", entries: "Iterable[Entry | Unreadable]", care: "CareCodes", chosen: str
) -> str | None:
    """Every kind of price the file gives, per level, side by side: printed as a table
    (None), or the JSON text."""
    from iopcost.hospital.summary import price_sheet
    from iopcost.render.prices import kinds_sheet

    sheet = kinds_sheet(price_sheet(info, entries, care))
    if chosen == "table":
        from iopcost.render.formats import write_sheet

        write_sheet(sheet, "table", sys.stdout)
        return None
    return _json(sheet.document)


def _one_kind(
    info: "FileInfo",
    entries: "Iterable[Entry | Unreadable]",
    care: "CareCodes",
    selection: "Selection",
    chosen: str,
) -> str | None:
    """One kind of price, read beside the others so as to say which have a rate when it
    has none: printed as a table (None), or the cost file's or the JSON text."""
    from iopcost.hospital.summary import summarise_kinds

    wanted = selection.price
    usable = [kind for kind in SHEET_KINDS if kind != "allowed" or info.generation == "v3"]
    others = tuple(kind for kind in usable if kind != wanted)
    summary, *rest = summarise_kinds(info, entries, care, selection, (wanted, *others))
    having = sorted(
        (other.price for other in rest if other.levels), key=lambda kind: ADVICE_ORDER.index(kind)
    )
    if chosen == "table":
        from iopcost.render.formats import write_sheet
        from iopcost.render.prices import prices_sheet

        write_sheet(prices_sheet(summary, having), "table", sys.stdout)
        return None
    return _cost_file(summary, having) if chosen == "yaml" else _summary_json(summary)


# Which kind to suggest when the chosen one has no rate: what a self-pay family would be
# asked first.
ADVICE_ORDER = ("cash", "negotiated", "allowed", "gross")


def _unread(wanted: "Wanted") -> str:
    raise IopcostError(wanted.error or f"{wanted.name} could not be read.")


def one_file_only(*, payer: str | None, plan: str | None, payers: bool) -> None:
    """Refuse the options that read one file when several are given."""
    for option, given in (("--payer", payer), ("--plan", plan), ("--payers", payers or None)):
        if given is not None:
            raise UsageProblem(
                f"{option} reads one file; give one file, or leave out {option} to compare "
                "several side by side.",
                option=option,
            )


def _list_payers(listed: list[tuple[str, str, int]], fmt: str | None) -> None:
    """--payers: each payer and plan with its count of prices, as lines or JSON."""
    if fmt == "json":
        from iopcost.render.machine import json_text
        from iopcost.render.prices import payer_records

        print(json_text(payer_records(listed)))
        return
    from iopcost.render.prices import payer_lines

    for line in payer_lines(listed):
        print(line)


def _side_by_side(
    sources: "list[Wanted]",
    *,
    codes: str | None,
    price: str | None,
    fmt: str | None,
    jobs: int | None,
    output: str | None,
    force: bool,
) -> None:
    """Several files: per level, one row per hospital (or one cost file of them all);
    exit 1 when any could not be read."""
    from iopcost.hospital.many import read_many, usable_cores
    from iopcost.render.formats import write_sheet
    from iopcost.render.hospitals import hospitals_sheet

    reads = list(read_many(sources, codes, jobs=jobs or usable_cores()))
    if fmt == "yaml":
        from iopcost.files.cost_file import cost_file_text
        from iopcost.hospital.summary import hospitals_table
        from iopcost.render.hospital_words import PRICE_WORDS

        def note(kind: str) -> str:
            words = PRICE_WORDS[kind]
            return f"{words[0].upper()}{words[1:]}, from its standard-charges file."

        table = hospitals_table(reads, price, note=note)
        header = (
            "Local prices from several hospitals' standard-charges files, made by iopcost prices."
        )
        text = cost_file_text(table, header=header)
        if output is None:
            sys.stdout.write(text)
        else:
            from iopcost.files.atomic import write_atomic

            write_atomic(Path(output), text, force=force, inputs=[w.path for w in sources])
            print(f"Wrote {output}.", file=sys.stderr)
    elif fmt == "json":
        sheet = hospitals_sheet(reads, price)
        sys.stdout.write(_json(sheet.document))
    else:
        write_sheet(hospitals_sheet(reads, price), "table", sys.stdout)
    failed = [read for read in reads if read.sheet is None and not read.nothing]
    if failed:
        names = ", ".join(read.source for read in failed)
        raise IopcostError(f"{len(failed)} of {len(reads)} files could not be read: {names}.")


def warn(warning: str) -> None:
    """Say something worth knowing about a file on stderr, and go on."""
    print(f"Warning: {warning}", file=sys.stderr)


def warn_if_future(name: str, published: str | None) -> None:
    """A file dated after today is probably mistyped: say so, and read it all the same."""
    from datetime import date

    if published is not None and published > date.today().isoformat():
        warn(f"{name} says it was last updated on {published}, which is in the future; "
             "check the file's date.")  # fmt: skip


def _cost_file(summary: "Summary", having: list[str]) -> str:
    """The levels that have a price, as a cost file for --data."""
    from iopcost.files.cost_file import cost_file_text
    from iopcost.hospital.summary import cost_table
    from iopcost.render import hospital_words as words

    if not summary.levels:
        raise IopcostError(words.no_cost_file(summary, having))
    table = cost_table(
        summary, note=words.prices_note(summary), caveat=words.cost_file_caveat(summary)
    )
    header = "Local prices from a hospital's standard-charges file, made by iopcost prices."
    return cost_file_text(table, header=header)


def _summary_json(summary: "Summary") -> str:
    from iopcost.render.hospital_documents import summary_document

    return _json(summary_document(summary))


def _json(document: "Mapping[str, object]") -> str:
    from iopcost.render.machine import json_text

    return json_text(document) + "\n"
