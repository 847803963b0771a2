"""insurer: its subcommands' options; iopcost.app.insurer reads insurers' files."""

import sys
from typing import Annotated

import typer

from iopcost.app.formats import INSURER_PLANS, INSURER_RATES
from iopcost.app.output import download_progress
from iopcost.app.output import on_stderr as say
from iopcost.cli.app import Command, Group, app, examples
from iopcost.cli.options import (
    CodesOption,
    ForceOption,
    OfflineOption,
    RefreshOption,
    format_option,
    output_option,
)
from iopcost.core.language import _

insurer_app = typer.Typer(
    name="insurer",
    cls=Group,
    help=_(
        "Find what a plan has agreed to pay providers for each level of care, in its "
        "insurer's in-network files (Transparency in Coverage).",
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(insurer_app)


@insurer_app.command(
    "plans",
    cls=Command,
    epilog=examples(
        ["iopcost insurer plans toc.json", "iopcost insurer plans toc.json --plan 'PPO'"]
    ),
)
def plans_command(
    toc: Annotated[
        str,
        typer.Argument(
            metavar="TOC",
            show_default=False,
            help=_("An insurer's table of contents: a file, - for standard input, or an address."),
        ),
    ],
    plan: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            show_default=False,
            help=_("One plan, by its name (or a part of it), EIN or HIOS id: list its files."),
        ),
    ] = None,
    output_format: Annotated[
        str | None, format_option(INSURER_PLANS, _("table (default) or json."))
    ] = None,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """List the plans a table of contents covers, or one plan's in-network files."""
    from iopcost.app.insurer import Fetching, list_plans

    fetching = Fetching(refresh=refresh, offline=offline, progress=download_progress())
    list_plans(toc, plan, output_format, fetching, out=sys.stdout)


NpiOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="NPI",
        show_default=False,
        help=_("A provider's NPI (type 1 or 2) or EIN; again for more."),
    ),
]
ProvidersOption = Annotated[
    str | None,
    typer.Option(
        metavar="FILE",
        show_default=False,
        help=_("A file of providers: one NPI or EIN per line, a name after a comma."),
    ),
]
HospitalsOption = Annotated[
    bool,
    typer.Option(
        "--hospitals", help=_("The kept hospitals (iopcost hospitals add), by their NPIs.")
    ),
]
PlanOption = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        show_default=False,
        help=_("The plan's name, as shown and kept (default: the file's plan_name)."),
    ),
]
KeepOption = Annotated[
    bool,
    typer.Option("--keep", help=_("Keep the kept hospitals' rates, for compare --plan.")),
]
OutputFormatOption = Annotated[
    str | None, format_option(INSURER_RATES, _("table (default), json, jsonl or csv."))
]
OutputOption = Annotated[
    str | None, output_option(_("Write a cost file (.yaml), JSON (.json) or CSV (.csv)."))
]


@insurer_app.command(
    "rates",
    cls=Command,
    epilog=examples(
        [
            "iopcost insurer rates in-network.json.gz --npi 1234567893",
            "iopcost insurer rates in-network.json.gz --hospitals --plan 'Gold PPO' --keep",
        ]
    ),
)
def rates_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            show_default=False,
            help=_("In-network rate files (JSON or gzip JSON): paths, - or addresses."),
        ),
    ],
    npi: NpiOption = None,
    providers: ProvidersOption = None,
    hospitals: HospitalsOption = False,
    plan: PlanOption = None,
    keep: KeepOption = False,
    codes: CodesOption = None,
    output_format: OutputFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """A plan's own rates per provider and level of care, from its in-network files."""
    from iopcost.app.insurer import Fetching, RatesRequest, plan_rates

    request = RatesRequest(
        sources=tuple(files),
        npis=tuple(npi or ()),
        providers_file=providers,
        hospitals=hospitals,
        codes=codes,
        plan=plan,
        output_format=output_format,
        output=output,
        force=force,
        keep=keep,
    )
    fetching = Fetching(refresh=refresh, offline=offline, progress=download_progress())
    plan_rates(request, fetching, out=sys.stdout, say=say)
