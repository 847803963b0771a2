"""The Typer app: the group that runs every command inside the one error funnel, and
the root callback.

Every problem the core reports is turned into a message and an exit code
here, once, by the group that runs every command (`Group.invoke`), so a
command added later cannot miss it.
"""

# No `from __future__ import annotations` in the CLI: Typer would have to compile
# and evaluate every parameter's annotation string on each start.
import gc
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from iopcost import __version__
from iopcost.cli.spoken import Spoken, spoken_error, spoken_params
from iopcost.core.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    InvalidValue,
    IopcostError,
    UsageProblem,
)
from iopcost.core.language import N_, _
from iopcost.core.phrases import listed


def option_for(subject: str) -> str:
    """The option or argument a value the core refuses came from, by its subject:
    the step argument, or the flag named for it (per_week is --per-week)."""
    return "STEP" if subject == "step" else "--" + subject.replace("_", "-")


def quiet_stdout() -> None:
    """Point stdout at nothing, so that the interpreter's last flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def cannot_write(exc: OSError) -> str:
    """The sentence that says standard output cannot be written, and why."""
    return _("Error: cannot write the output ({why}).", why=exc.strerror or exc)


def say_cannot_write(exc: OSError) -> None:
    """Say on stderr that standard output cannot be written, and why."""
    print(cannot_write(exc), file=sys.stderr)


def failed(message: str, code: int = EXIT_FAILURE) -> typer.Exit:
    """Say what went wrong on stderr, and the exit that reports it."""
    print(message, file=sys.stderr)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's problems into one message on stderr and an exit code."""
    try:
        yield
        sys.stdout.flush()
    except InvalidValue as exc:
        raise typer.BadParameter(str(exc), param_hint=option_for(exc.subject)) from None
    except UsageProblem as exc:
        raise typer.BadParameter(str(exc), param_hint=exc.option) from None
    except IopcostError as exc:
        message = _("Error: {message}", message=exc) if exc.prefix else str(exc)
        raise failed(message, exc.exit_code) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader stopped reading (`| head`): end quietly.
        quiet_stdout()
        raise typer.Exit(EXIT_OK) from None
    except (typer.Exit, typer.Abort, typer.TyperException):
        # Typer's own: usage errors and exits, which Typer reports itself.
        raise
    except OSError as exc:
        # Files are opened by the core, which explains its own failures: what
        # is left is standard output (a full disk, `> /dev/full`).
        raise failed(cannot_write(exc)) from None
    except Exception as exc:
        # A bug, not a user's mistake: one plain line, unless asked for detail.
        if _debugging():
            raise
        raise failed(
            _(
                "Error: iopcost failed unexpectedly ({name__}: {exc}). This is a bug in "
                "iopcost; run again with IOPCOST_DEBUG=1 to see where, and report it.",
                name__=type(exc).__name__,
                exc=exc,
            )
        ) from None


def _debugging() -> bool:
    """Whether IOPCOST_DEBUG asks for the traceback of an unexpected failure."""
    from iopcost.core.settings import settings

    try:
        return settings().debug
    except IopcostError:
        return False


class Group(Spoken, TyperGroup):
    """The iopcost group: every command runs inside the one error funnel."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(self.help) if self.help else self.help
        spoken_params(self.params)

    def invoke(self, ctx: Any) -> Any:
        try:
            with user_errors():
                return super().invoke(ctx)
        except typer.TyperException as exc:  # Click's usage errors, said in the language spoken
            raise spoken_error(exc) from None

    def get_short_help_str(self, limit: int = 45) -> str:
        """A group's summary in the command list, whole (as a command's)."""
        first = (self.short_help or self.help or "").strip().split("\n\n")[0]
        return " ".join(first.split())

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [
            (name, command.get_short_help_str())
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


class Command(Spoken, TyperCommand):
    """A command whose help speaks of values, never of Python types: its usage line
    shows its arguments as their help does (STEP...), an argument's help has no
    type name after it, and its summary in the command list is never cut."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The command's help (its docstring), its options' help and its examples' heading
        # in the language in use when the command is built (each run), not at import.
        self.help = _(self.help) if self.help else self.help
        if self.epilog and self.epilog.startswith(EXAMPLES):
            self.epilog = _(EXAMPLES) + self.epilog[len(EXAMPLES) :]
        for param in self.params:
            if param.param_type_name == "argument":
                # The argument's metavar says what it takes; the type name would not.
                setattr(param, "display_type_rich", _no_type)  # noqa: B010
        spoken_params(self.params)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the command's help, whole, for the command list."""
        first = (self.short_help or self.help or "").strip().split("\n\n")[0]
        return " ".join(first.split())

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [
            str(param.metavar or (param.name or "").upper())
            for param in self.get_params(ctx)
            if param.param_type_name == "argument"
        ]
        return pieces


def _no_type(ctx: Any) -> None:
    return None


app = typer.Typer(
    name="iopcost",
    cls=Group,
    help=(
        _(
            "Estimate what treatment would cost at each level of care: inpatient or "
            "residential, partial hospitalization (PHP) and intensive outpatient "
            "(IOP). Figures are estimates from published average rates, not quotes.",
        )
    ),
    rich_markup_mode=None,
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


EXAMPLES = N_("Examples:")


def examples(lines: list[str]) -> str:
    """A help text's closing examples, kept as written (\\b stops Click rewrapping them)."""
    return EXAMPLES + "\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def _version(value: bool) -> None:
    if value:
        print(f"iopcost {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
        ),
    ] = False,
) -> None:
    """Estimate what treatment would cost at each level of care."""
    # The entry point (iopcost.__main__) pauses the cyclic garbage collector
    # while Typer and the rest are imported, and ends the process at once on
    # Ctrl-C; every command then runs with the collector on, leaving out the
    # objects start-up made (they live until exit anyway), with Ctrl-C a
    # KeyboardInterrupt that its error funnel turns into exit 130, and SIGTERM an
    # exit 143 that unwinds like any error, so that no half-written file is left.
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(EXIT_TERMINATED)


def one_stdin(**sources: str | None) -> None:
    """Refuse two inputs that would both read standard input."""
    named = [name for name, source in sources.items() if source == "-"]
    if len(named) > 1:
        options = listed([_("the scenarios") if name == "scenarios" else f"--{name}"
                          for name in named])  # fmt: skip
        raise UsageProblem(
            _(
                "{options} cannot both read standard input; give a file for one of them.",
                options=options,
            ),
            option=f"--{named[0]}",
        )
