"""hospitals: its subcommands' options; iopcost.app.catalogue keeps the catalogue."""

import sys
from typing import Annotated

import typer

from iopcost.app.formats import HOSPITALS_LIST, HOSPITALS_SHOW
from iopcost.app.output import download_progress
from iopcost.app.output import on_stderr as say
from iopcost.cli.app import Command, Group, app, examples
from iopcost.cli.options import CodesOption, format_option
from iopcost.core.language import _

hospitals_app = typer.Typer(
    name="hospitals",
    cls=Group,
    help=_(
        "Keep a region's hospitals (their prices by level of care) to compare later.",
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(hospitals_app)
ListFormatOption = Annotated[
    str | None, format_option(HOSPITALS_LIST, _("table (default) or json."))
]
ShowFormatOption = Annotated[
    str | None, format_option(HOSPITALS_SHOW, _("table (default) or json."))
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
            help=_(
                "Hospitals' files, folders of them or web addresses, as prices reads them.",
            ),
        ),
    ],
    codes: CodesOption = None,
) -> None:
    """Add hospitals to the catalogue (again: replace what they had), one at a time."""
    from iopcost.app.catalogue import add_hospitals

    add_hospitals(files, codes=codes, say=say, progress=download_progress())


@hospitals_app.command("list", cls=Command)
def list_command(
    output_format: ListFormatOption = None,
) -> None:
    """List the hospitals kept, with how many levels each prices."""
    from iopcost.app.catalogue import list_hospitals

    list_hospitals(output_format, out=sys.stdout)


@hospitals_app.command("remove", cls=Command)
def remove_command(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", show_default=False, help=_("A hospital's name or id (hospitals list).")
        ),
    ],
) -> None:
    """Forget one hospital."""
    from iopcost.app.catalogue import remove_hospital

    remove_hospital(name, say=say)


@hospitals_app.command("show", cls=Command)
def show_command(
    level: Annotated[
        str | None,
        typer.Option(metavar="LEVEL", show_default=False, help=_("Only this level of care.")),
    ] = None,
    payer: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            show_default=False,
            help=_("One payer's negotiated rates (a word of its name)."),
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(metavar="NAME", show_default=False, help=_("Only this plan of --payer.")),
    ] = None,
    output_format: ShowFormatOption = None,
) -> None:
    """Show the kept prices, per level and hospital."""
    from iopcost.app.catalogue import show_prices

    show_prices(level=level, payer=payer, plan=plan, output_format=output_format, out=sys.stdout)
