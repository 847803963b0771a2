"""Counts, lengths and lists, each worded in one place, through the one sentence function
a catalogue serves."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from decimal import Decimal

import pytest

from iopcost.core import language
from iopcost.core.phrases import billed, counted, length, listed


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (counted(1, "week"), "1 week"),
        (counted(1040, "session"), "1,040 sessions"),
        (counted(Decimal("1.5"), "week"), "1.5 weeks"),
        (length(8, 8), "8 weeks"),
        (length(8, 12), "8 to 12 weeks"),
        (length(10, 10, "day"), "10 days"),
        (billed(56, 84, "day"), "56-84 days"),
        (billed(1, None, "session"), "1 session"),
        (billed(1000, 1500, "session"), "1,000-1,500 sessions"),
        (listed(["A"]), "A"),
        (listed(["A", "B"]), "A and B"),
        (listed(["A", "B", "C"]), "A, B and C"),
    ],
    ids=["one", "thousands", "fraction", "length", "range", "days", "billed-range",
         "billed-one", "billed-thousands", "list-1", "list-2", "list-3"],
)  # fmt: skip
def test_english_as_written(words: str, expected: str) -> None:
    """Without a catalogue the English is as written."""
    assert words == expected


class Catalogue(gettext.NullTranslations):
    """A catalogue held in a dict (as a compiled .mo would give it)."""

    def __init__(self, table: dict[str, str], plurals: dict[str, tuple[str, str]]) -> None:
        super().__init__()
        self.table, self.plurals = table, plurals

    def gettext(self, message: str) -> str:
        return self.table.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        one, many = self.plurals.get(singular, (singular, plural))
        return one if n == 1 else many


@pytest.fixture
def spanish() -> Iterator[None]:
    language.use(
        Catalogue(
            {"{low:,} to {high:,} weeks": "de {low:,} a {high:,} semanas",
             "{first} and {last}": "{first} y {last}"},
            {"{count:,} week": ("{count:,} semana", "{count:,} semanas")},
        )
    )  # fmt: skip
    yield
    language.use(None)


@pytest.mark.usefixtures("spanish")
def test_a_catalogue_changes_the_words_not_the_code() -> None:
    """A second language is a catalogue: the same calls give its words."""
    assert (length(1, 1), length(8, 8), length(8, 12)) == ("1 semana", "8 semanas",
                                                          "de 8 a 12 semanas")  # fmt: skip
    assert listed(["A", "B", "C"]) == "A, B y C"
    assert counted(3, "day") == "3 days"  # not in this catalogue: English as written


def test_a_report_speaks_through_the_catalogue(spanish: None) -> None:
    """The length a report's summary shows comes from the catalogue too."""
    from iopcost.render.report_parts import how_long

    assert how_long({"weeks": 8, "weeks_high": 12}, {}) == "de 8 a 12 semanas"
