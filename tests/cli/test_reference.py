"""The command reference the documentation site shows is made from the app: every command
and every option is in it, each with its help."""

from __future__ import annotations

from iopcost.cli.reference import commands, reference_markdown


def test_every_command_and_option_is_documented() -> None:
    reference = reference_markdown()
    found = commands()
    assert {"iopcost compare", "iopcost plan", "iopcost prices", "iopcost hospitals add"} <= {
        name for name, _command in found
    }
    for name, command in found:
        assert f"`{name}`" in reference, name
        assert (command.help or "").strip(), f"{name} has no help"
        for param in command.params:
            if getattr(param, "hidden", False):
                continue
            for option in param.opts:
                if option.startswith("-"):
                    assert option in reference, (name, option)
                    assert (param.help or "").strip(), (name, option)


def test_the_commands_page_has_the_marker_the_site_fills() -> None:
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "docs" / "commands.md"
    assert "<!-- commands -->" in page.read_text()
