"""prices: its options; iopcost.app.prices does the work."""

import sys
from typing import Annotated

import typer

from iopcost.app.formats import PRICES
from iopcost.app.output import download_progress
from iopcost.app.output import on_stderr as say
from iopcost.cli.app import Command, app, examples
from iopcost.cli.options import (
    CodesOption,
    ForceOption,
    OfflineOption,
    RefreshOption,
    choice_option,
    format_option,
    output_option,
)
from iopcost.core.charges import FILE_KINDS
from iopcost.core.language import _

SourceArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="FILE...",
        show_default=False,
        help=_(
            "A hospital's standard-charges file: .csv or .json, maybe .gz or alone "
            "in a .zip; - reads standard input. Several files, or a folder of them, "
            "are compared side by side.",
        ),
    ),
]
LocationOption = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        show_default=False,
        help=_(
            "Of a site's locations (its cms-hpt.txt), only the one whose name holds NAME.",
        ),
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        metavar="N",
        min=1,
        max=64,
        show_default=False,
        help=_(
            "Processes that read at once: files side by side, or a big file's parts "
            "(default: the usable cores)."
        ),
    ),
]
PayerOption = Annotated[
    str | None,
    typer.Option(metavar="NAME", show_default=False, help=_("Only this payer's negotiated rates.")),
]
PlanOption = Annotated[
    str | None,
    typer.Option(metavar="NAME", show_default=False, help=_("Only this plan of --payer.")),
]
PriceOption = Annotated[
    str | None,
    choice_option(
        ("--price",),
        FILE_KINDS,
        _(
            "negotiated (payer-specific), cash (discounted cash), gross "
            "(chargemaster), allowed (v3: 10th to 90th percentile of allowed "
            "amounts) or minmax (the de-identified minimum and maximum negotiated "
            "charge). Without it the table and json show every kind the file gives, "
            "and a cost file is made from negotiated rates.",
        ),
    ),
]
ByDescriptionOption = Annotated[
    bool,
    typer.Option(
        "--by-description",
        help=_(
            'Also read lines whose description names a level ("Partial Hospital - '
            'Psych") under a code the codes file does not list, as that level; their '
            'codes are labelled "by description".'
        ),
    ),
]
PricesFormatOption = Annotated[
    str | None,
    format_option(
        PRICES, _("table (default), json (the summary) or yaml (a cost file for --data).")
    ),
]
PricesOutputOption = Annotated[
    str | None, output_option(_("Write a cost file (.yaml) or the summary (.json) instead."))
]
PayersOption = Annotated[
    bool,
    typer.Option(
        "--payers", help=_("List the payers and plans in the file with their price counts.")
    ),
]


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
    by_description: ByDescriptionOption = False,
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
    from iopcost.app.prices import PricesRequest, prices

    request = PricesRequest(
        files=tuple(files),
        payer=payer,
        plan=plan,
        price=price,
        codes=codes,
        by_description=by_description,
        output_format=output_format,
        output=output,
        force=force,
        payers=payers,
        jobs=jobs,
        location=location,
        refresh=refresh,
        offline=offline,
    )
    prices(request, out=sys.stdout, say=say, progress=download_progress())
