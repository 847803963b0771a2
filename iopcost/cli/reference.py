"""The command reference, in Markdown, made from the Typer app itself: every command,
its arguments and options with their help, so that the documentation cannot drift
from `--help` (docs/hooks.py puts it in the site's commands page)."""

from collections.abc import Iterator
from typing import Any

import typer

from iopcost.cli import app


def reference_markdown() -> str:
    """Every command and its parameters, as Markdown sections."""
    root = typer.main.get_command(app)
    return "\n".join(_command(root, "iopcost", level=2, top=True)).rstrip() + "\n"


def commands() -> list[tuple[str, Any]]:
    """(full name, command) for every command under the app, groups' commands too."""
    root = typer.main.get_command(app)
    return list(_walk(root, "iopcost"))


def _walk(command: Any, name: str) -> Iterator[tuple[str, Any]]:
    for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
        full = f"{name} {sub_name}"
        yield full, sub
        yield from _walk(sub, full)


def _command(command: Any, name: str, *, level: int, top: bool = False) -> Iterator[str]:
    if top:
        # The root's own options (--version, --help, completion).
        yield f"{'#' * level} `{name}`\n"
        yield "| option | meaning |"
        yield "| --- | --- |"
        for param in command.params:
            yield f"| {_written(param)} | {_cell(_param_help(param))} |"
        yield ""
    else:
        yield f"{'#' * level} `{name}`\n"
        help_text = (command.help or "").strip()
        if help_text:
            yield _cell(help_text, table=False) + "\n"
        params = [param for param in command.params if not getattr(param, "hidden", False)]
        if params:
            yield "| argument or option | meaning |"
            yield "| --- | --- |"
            for param in params:
                yield f"| {_written(param)} | {_cell(_param_help(param))} |"
            yield ""
    for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _command(sub, f"{name} {sub_name}", level=level if top else level + 1)


def _written(param: Any) -> str:
    """How a parameter is written: `--weeks N`, `-f, --format FMT`, `FILE...`."""
    if getattr(param, "param_type_name", "") == "argument":
        many = "..." if getattr(param, "nargs", 1) == -1 else ""
        written = f"{getattr(param, 'metavar', None) or param.name.upper()}{many}"
    else:
        names = ", ".join(param.opts + list(getattr(param, "secondary_opts", [])))
        metavar = getattr(param, "metavar", None)
        flag = getattr(param, "is_flag", False)
        written = f"{names}{'' if flag or not metavar else ' ' + metavar}"
    return "`" + written.replace("|", "\\|") + "`"


def _param_help(param: Any) -> str:
    return (getattr(param, "help", None) or "").strip()


def _cell(text: str, *, table: bool = True) -> str:
    """Help text for Markdown: one line in a table cell, pipes and angle brackets escaped."""
    text = " ".join(text.replace("\b", "").split())
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|") if table else text
