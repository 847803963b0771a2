"""The command line in the language spoken: --lang on every command and group (chosen
before the commands are built, so that their help is in it too), help whose own words
(Typer's and Click's) are said in it, and Click's usage errors said in it."""

# No `from __future__ import annotations` in the CLI (see iopcost.cli.app).
import re
import sys
from enum import StrEnum
from functools import lru_cache
from typing import IO, Annotated, Any

import typer

from iopcost.core.language import LANGUAGES, N_, _, speak
from iopcost.core.limits import MAX_SESSIONS, MAX_STEPS, MAX_WEEKS

# The languages --lang takes, and what it says of itself.
LANG_HELP = N_("The language of everything said: en (English) or es (español).")
Language = StrEnum("Language", {code: code for code in LANGUAGES})  # type: ignore[misc]


def _speak(value: str | None) -> None:
    if value:
        speak(value)


@lru_cache(maxsize=1)
def _lang_param() -> Any:
    """The --lang option every command and group takes (built once, through a Typer
    command of its own; its value goes to no command: choosing is all it does)."""
    probe = typer.Typer()

    @probe.command()
    def probe_command(
        lang: Annotated[
            Language | None,
            typer.Option(
                "--lang",
                case_sensitive=False,
                is_eager=True,
                callback=lambda value: _speak(value.value if value else None),
                help=LANG_HELP,
            ),
        ] = None,
    ) -> None:
        """Never run."""

    param = typer.main.get_command(probe).params[0]
    param.expose_value = False
    return param


def spoken_params(params: list[Any]) -> None:
    """Each parameter's help in the language spoken (Typer's own too), and --lang last."""
    for param in params:
        text = getattr(param, "help", None)
        if text:
            text = HELP_WORDS.get(text, text)
            param.help = _(text, **HELP_LIMITS) if "{" in text else _(text)
    with_lang(params)


def with_lang(params: list[Any]) -> None:
    """`params` with --lang last (once)."""
    if not any(param.name == "lang" for param in params):
        param = _lang_param()
        param.help = _(LANG_HELP)
        params.append(param)


# The limits an option's help states ({MAX_WEEKS}), filled in once it is translated.
HELP_LIMITS = {"MAX_WEEKS": MAX_WEEKS, "MAX_STEPS": MAX_STEPS, "MAX_SESSIONS": MAX_SESSIONS}
# Typer's and Click's own words in help, said in the language spoken.
HELP_WORDS = {
    "Show this message and exit.": N_("Show this message and exit."),
    "Install completion for the current shell.": N_("Install completion for the current shell."),
    "Show completion for the current shell, to copy it or customize the installation.": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}


class Spoken:
    """Help in the language spoken, Typer's and Click's own words too: the usage line,
    the sections' titles, the help option and the marks after an option's help."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage:") + " ")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        found: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None and param.param_type_name in found:
                names, text = record
                text = _(HELP_WORDS[text]) if text in HELP_WORDS else text
                text = text.replace("[required]", _("[required]"))
                text = text.replace("[default: ", _("[default: {value}]", value="")[:-1])
                found[param.param_type_name].append((names, text))
        for kind, title in (("argument", _("Arguments")), ("option", _("Options"))):
            if found[kind]:
                with formatter.section(title):
                    formatter.write_dl(found[kind])
        if hasattr(self, "format_commands"):  # a group: its commands too
            self.format_commands(ctx, formatter)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except typer.TyperException as exc:
            raise spoken_error(exc) from None

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _(HELP_WORDS["Show this message and exit."])
        return option


def speak_first(args: list[str]) -> bool:
    """Speak the language asked for (--lang, else IOPCOST_LANG or the locale's) before
    the commands are built, so that their help is in it too. An unknown --lang is left
    for the option to refuse; an unusable IOPCOST_LANG is said here (False)."""
    from iopcost.core.errors import SettingError
    from iopcost.core.settings import settings

    for at, arg in enumerate(args):
        if arg == "--":
            break
        value = args[at + 1] if arg == "--lang" and at + 1 < len(args) else arg[7:]
        if (arg == "--lang" or arg.startswith("--lang=")) and value.lower() in LANGUAGES:
            speak(value.lower())
            return True
    try:
        speak(settings().language)
    except SettingError as exc:
        print(_("Error: {message}", message=exc), file=sys.stderr)
        return False
    return True


# Click's usage errors as it words them ({hint}: what it fills in), each said through the
# catalogue: in the same words, or (a pair) in iopcost's own.
CLICK_ERRORS: tuple[str | tuple[str, str], ...] = (
    N_("Invalid value for {hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing argument {hint}."),
    N_("Missing option {hint}."),
    N_("Missing parameter {hint}."),
    ("No such option: {name} (Possible options: {options})",
     N_("No such option: {name} (did you mean {options}?)")),
    N_("No such option: {name}"),
    ("Got unexpected extra argument(s) ({extra})",
     N_("Got unexpected extra arguments ({extra}); remove them.")),
    ("Got unexpected extra argument ({extra})",
     N_("Got unexpected extra arguments ({extra}); remove them.")),
    N_("No such command '{name}'."),
    N_("Option '{name}' requires an argument."),
    N_("Missing command."),
    N_("Option '{name}' does not take a value."),
)  # fmt: skip


@lru_cache(maxsize=1)
def _click_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each of Click's wordings as a pattern whose groups are what it fills in."""
    found = []
    for entry in CLICK_ERRORS:
        clicks, ours = entry if isinstance(entry, tuple) else (entry, entry)
        parts = re.split(r"\{(\w+)\}", clicks)  # literal, name, literal, name, ...
        pattern = "".join(
            f"(?P<{part}>.+?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
        )
        found.append((re.compile(pattern, re.S), ours))
    return tuple(found)


def click_message(text: str) -> str:
    """One of Click's messages in the language spoken (another, as Click words it)."""
    for pattern, message in _click_patterns():
        found = pattern.fullmatch(text)
        if found:
            return _(message, **found.groupdict())
    return text


def spoken_error(exc: Any) -> Any:
    """A usage error of Click's that shows itself in the language spoken."""
    if not hasattr(exc, "format_message") or not hasattr(exc, "show"):
        return exc
    message = click_message(exc.format_message())

    def show(file: IO[str] | None = None) -> None:
        out = file or sys.stderr
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = _("Try '{command} {option}' for help.", command=ctx.command_path,
                         option=ctx.help_option_names[0]) + "\n"  # fmt: skip
            print(f"{ctx.get_usage()}\n{hint}", file=out)
        print(_("Error: {message}", message=message), file=out)

    exc.show = show
    return exc
