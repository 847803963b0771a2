"""Options several commands share, declared once: how each is read and what its help
says (compare's and plan's own are in iopcost.cli.estimate_options)."""

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from iopcost.app.formats import stdout_formats
from iopcost.core import amounts
from iopcost.core.errors import InvalidValue
from iopcost.core.inputs import READERS
from iopcost.core.language import N_, _

if TYPE_CHECKING:
    from iopcost.app.estimate import Rates


def reader(read: Callable[..., Any], subject: str) -> Callable[[str | int | Decimal], Any]:
    """A Typer parser from one of the grammar's readers (iopcost.core.amounts)."""

    def parse(text: str | int | Decimal) -> Any:
        if not isinstance(text, str):  # a default, already a value
            return text
        try:
            return read(text, subject=subject)
        except InvalidValue as exc:
            raise typer.BadParameter(str(exc)) from None

    return parse


def term(subject: str, help: str, *, metavar: str = "AMOUNT") -> Any:
    """An option for a plan or household term, read as the core reads it; its flag is
    --SUBJECT."""
    return typer.Option(
        "--" + subject.replace("_", "-"),
        metavar=metavar,
        show_default=False,
        parser=reader(READERS[subject], subject),
        help=help,
    )


def choice_option(flags: tuple[str, ...], choices: tuple[str, ...], help: str) -> Any:
    """An option that takes one of `choices`, in any case; help shows them."""

    def parse(text: str) -> str:
        chosen = text.strip().lower()
        if chosen not in choices:
            raise typer.BadParameter(
                _(
                    "{text!r} is not one of {value}.",
                    text=text,
                    value=", ".join(repr(choice) for choice in choices),
                )
            )
        return chosen

    return typer.Option(
        *flags,
        metavar="[" + "|".join(choices) + "]",
        parser=parse,
        autocompletion=lambda incomplete: [c for c in choices if c.startswith(incomplete)],
        show_default=False,
        help=help,
    )


def output_option(help: str) -> Any:
    """--output/-o FILE, what to write chosen by its extension."""
    return typer.Option("--output", "-o", metavar="FILE", show_default=False, help=help)


def format_option(command: str, help: str) -> Any:
    """--format, with the choices the format registry gives the command."""
    return choice_option(("--format", "-f"), stdout_formats(command), help)


def level_ids() -> list[str]:
    """The level ids of the cost file in use, for completion."""
    from iopcost.app.tables import level_ids as ids

    return ids()


def _complete_per_week(incomplete: str) -> list[str]:
    return [f"{level}=" for level in level_ids() if level.startswith(incomplete)]


def complete_step(incomplete: str) -> list[str]:
    """Level ids as the start of a step (iop:)."""
    return [f"{level}:" for level in level_ids() if level.startswith(incomplete)]


def _dollars(text: str) -> str:
    from iopcost.core.dollars import parse_dollars

    return reader(parse_dollars, "dollars")(text)  # type: ignore[no-any-return]


class PriceIndexChoice(StrEnum):
    """The BLS series that restates rates in another month's dollars."""

    hospital = "hospital"
    outpatient = "outpatient"
    medical_services = "medical-services"


DataOption = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        metavar="FILE",
        show_default=False,
        help=_(
            "Cost file (YAML) to use instead of the bundled one; - reads standard "
            "input; repeat to compare the levels of several files (bundled names the "
            "bundled rates). Default: IOPCOST_DATA, else the bundled file.",
        ),
    ),
]


def stdin_data(data: list[str] | None) -> str | None:
    """ "-" when a cost file is read from standard input (for one_stdin)."""
    return "-" if data and "-" in data else None


# Hospitals' and insurers' files: which codes mean which level, and how addresses are had.
CodesOption = Annotated[
    str | None,
    typer.Option(
        "--codes",
        metavar="FILE",
        show_default=False,
        help=_(
            "Which codes mean which level (YAML), instead of the bundled care_codes.yaml.",
        ),
    ),
]
RefreshOption = Annotated[
    bool, typer.Option("--refresh", help=_("Download again, even when the cached copy is current."))
]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help=_("Read downloads from the cache only; no network."))
]
ForceOption = Annotated[
    bool, typer.Option("--force", help=_("Let --output replace an existing file."))
]
SessionsOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        show_default=False,
        parser=reader(amounts.parse_whole, "sessions"),
        help=N_(
            "Sessions per week, 1 to {MAX_SESSIONS}, for every level billed per session (IOP)."
        ),
    ),
]
PerWeekOption = Annotated[
    list[str] | None,
    typer.Option(
        "--per-week",
        autocompletion=_complete_per_week,
        metavar="LEVEL=N",
        show_default=False,
        help=_("Units per week for one level, e.g. php=4. Repeatable."),
    ),
]
DollarsOption = Annotated[
    str,
    typer.Option(
        "--dollars",
        metavar="WHEN",
        parser=_dollars,
        help=_(
            "Rates in which dollars: published (as the cost file has them), latest "
            "(the price index's latest month) or a month such as 2026-08.",
        ),
    ),
]
PriceIndexOption = Annotated[
    PriceIndexChoice,
    typer.Option(
        "--price-index",
        case_sensitive=False,
        help=_(
            "BLS CPI-U series for --dollars: hospital services, outpatient hospital "
            "services or medical care services.",
        ),
    ),
]
PaperOption = Annotated[
    str | None,
    choice_option(
        ("--paper",),
        ("a4", "letter"),
        _(
            "The page size of a PDF report; default from the locale (Letter in the "
            "US and Canada, A4 elsewhere), else Letter.",
        ),
    ),
]


def rates(
    data: list[str] | None,
    dollars: str,
    price_index: PriceIndexChoice,
    *,
    hospitals: bool = False,
    plan: str | None = None,
) -> "Rates":
    """Which rates the options ask for."""
    from iopcost.app.estimate import Rates

    return Rates(
        data=tuple(data or ()),
        dollars=dollars,
        price_index=price_index.value,
        hospitals=hospitals,
        plan=plan,
    )
