"""The command line speaks through the sentence function: a catalogue changes its words."""

from __future__ import annotations

import gettext
from collections.abc import Iterator

import pytest

from iopcost.core import language

from conftest import assert_refused, run

SPANISH = {
    "Compare what every level of care would cost over the same weeks.": (
        "Compara lo que costaría cada nivel de atención durante las mismas semanas."
    ),
    "Examples:": "Ejemplos:",
    "give 1 to {max_weeks} weeks, not {count}.": "indique de 1 a {max_weeks} semanas, no {count}.",
}


class Catalogue(gettext.NullTranslations):
    """A catalogue held in a dict, as a compiled .mo would give it."""

    def gettext(self, message: str) -> str:
        return SPANISH.get(message, message)


@pytest.fixture
def spanish() -> Iterator[None]:
    language.use(Catalogue())
    yield
    language.use(None)


@pytest.mark.usefixtures("spanish")
def test_a_commands_help_comes_from_the_catalogue() -> None:
    """compare --help: its summary and the examples' heading in the catalogue's words."""
    outcome = run(["compare", "--help"])
    assert outcome.exit_code == 0
    assert "Compara lo que costaría cada nivel de atención" in outcome.stdout
    assert "Ejemplos:" in outcome.stdout


@pytest.mark.usefixtures("spanish")
def test_an_error_comes_from_the_catalogue() -> None:
    """A refused value is said in the catalogue's words, its figures filled in."""
    assert_refused(run(["compare", "--weeks", "999"]), 2, "indique de 1 a 520 semanas, no 999.")


@pytest.mark.usefixtures("spanish")
def test_an_options_help_comes_from_the_catalogue() -> None:
    """Options' help is translated when the command is built, whatever the language at import."""
    SPANISH["Leave the cost chart out of the table or report."] = "Omite el gráfico de costos."
    try:
        assert "Omite el gráfico de costos." in run(["compare", "--help"]).stdout
    finally:
        del SPANISH["Leave the cost chart out of the table or report."]
