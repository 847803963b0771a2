"""hospitals: a region's hospitals kept in a catalogue (their per-level prices), to list,
show and price with compare --hospitals."""

import json
import sys
from typing import Annotated

import typer

from iopcost.cli.app import Command, Group, app, examples
from iopcost.core.errors import IopcostError
from iopcost.core.text import clean

hospitals_app = typer.Typer(
    name="hospitals",
    cls=Group,
    help="Keep a region's hospitals (their prices by level of care) to compare later.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(hospitals_app)

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="[table|json]",
        show_default=False,
        help="table (default) or json.",
    ),
]


@hospitals_app.command(
    "add",
    cls=Command,
    epilog=examples(["iopcost hospitals add rush.csv.gz https://hospital.example/"]),
)
def add_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            show_default=False,
            help="Hospitals' files, folders of them or web addresses, as prices reads them.",
        ),
    ],
    codes: Annotated[
        str | None,
        typer.Option(
            metavar="FILE", show_default=False, help="Which codes mean which level (YAML)."
        ),
    ] = None,
) -> None:
    """Add hospitals to the catalogue (again: replace what they had), one at a time."""
    from iopcost.files.catalogue import add, connected
    from iopcost.hospital.many import read_many, resolve

    failed = []
    wanted = resolve(files, location=None, refresh=False, offline=False)
    with connected() as connection:
        for read in read_many(wanted, codes, jobs=1):
            if read.sheet is None and read.nothing:
                print(f"Not added: {clean(read.error or read.source)}", file=sys.stderr)
                continue
            if read.sheet is None:
                failed.append(read)
                print(
                    f"Could not add {clean(read.source)}: {clean(read.error or '')}",
                    file=sys.stderr,
                )
                continue
            stored = add(connection, read.source, read.sheet)
            print(
                f"Added {clean(stored.name)} ({stored.slug}): {stored.levels} levels priced.",
                file=sys.stderr,
            )
    if failed:
        raise IopcostError(f"{len(failed)} of {len(wanted)} files could not be added.")


@hospitals_app.command("list", cls=Command)
def list_command(output_format: FormatOption = None) -> None:
    """List the hospitals kept, with how many levels each prices."""
    from iopcost.files.catalogue import connected, hospitals

    with connected() as connection:
        kept = hospitals(connection)
    if output_format == "json":
        print(json.dumps([stored._asdict() for stored in kept], indent=2))
        return
    if not kept:
        print("No hospital is kept yet: add one with iopcost hospitals add FILE.")
    for stored in kept:
        print(
            f"{clean(stored.slug)}: {clean(stored.name)}, {stored.levels} levels, "
            f"{stored.locations} location(s), file of {stored.published or 'no date'}"
        )


@hospitals_app.command("remove", cls=Command)
def remove_command(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", show_default=False, help="A hospital's name or id (hospitals list)."
        ),
    ],
) -> None:
    """Forget one hospital."""
    from iopcost.files.catalogue import connected, remove

    with connected() as connection:
        removed = remove(connection, name)
    print(f"Removed {clean(removed)}.", file=sys.stderr)


@hospitals_app.command("show", cls=Command)
def show_command(
    level: Annotated[
        str | None,
        typer.Option(metavar="LEVEL", show_default=False, help="Only this level of care."),
    ] = None,
    payer: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            show_default=False,
            help="One payer's negotiated rates (a word of its name).",
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(metavar="NAME", show_default=False, help="Only this plan of --payer."),
    ] = None,
    output_format: FormatOption = None,
) -> None:
    """Show the kept prices, per level and hospital."""
    from iopcost.core.errors import UsageProblem
    from iopcost.files.catalogue import connected, prices
    from iopcost.render.words import rate_text

    if plan is not None and payer is None:
        raise UsageProblem("--plan needs --payer: name the payer first.", option="--plan")
    with connected() as connection:
        rows = prices(connection, level=level, payer=payer, plan=plan)
    if output_format == "json":
        print(
            json.dumps(
                [{**row._asdict(), "low": str(row.low), "high": str(row.high)} for row in rows],
                indent=2,
            )
        )
        return
    if not rows:
        print("No kept price matches.")
    for row in rows:
        who = f" {clean(row.payer)} {clean(row.plan)}".rstrip() if row.payer else ""
        rate = rate_text(row.low, row.high, row.unit, "$")
        print(
            f"{clean(row.level_name)}: {clean(row.hospital)}, {row.kind}{who}: {rate} "
            f"({row.rows} rows)"
        )
