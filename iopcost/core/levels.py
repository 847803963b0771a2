"""Levels of care, where their rates come from, and the table of them a cost file gives.

Values here and in the arithmetic are NamedTuples: immutable and typed like
frozen dataclasses, and several times cheaper to define, which counts because
start-up is most of a run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from iopcost.core.dollars import Dollars
from iopcost.core.errors import DataFileError
from iopcost.core.language import N_, _
from iopcost.core.phrases import length
from iopcost.core.units import Unit

RESERVED_IDS = frozenset({"total"})
CURRENCY_SYMBOLS = {"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£"}
LEVEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def level_id_problem(level_id: str) -> str | None:
    """Why a text cannot be a level id (the same rule for cost and codes files), or None."""
    if LEVEL_ID.fullmatch(level_id) and level_id not in RESERVED_IDS:
        return None
    return _(
        "level id {level_id!r} must be letters, digits, '-' or '_' (and not 'total'); rename it.",
        level_id=level_id,
    )


def default_symbol(currency: str) -> str:
    """The symbol a currency is shown with unless a file says otherwise."""
    return CURRENCY_SYMBOLS.get(currency, currency + " ")


class UsualLength(NamedTuple):
    """How long a stay at a level usually lasts, in days, and who says so (detox: days,
    not weeks)."""

    low: int
    high: int
    source: str

    def days(self) -> str:
        """The length in a phrase: "3 to 7 days", "5 days"."""
        return length(self.low, self.high, "day")


# The bundled files' names of levels of care, said in the language spoken; a name a file
# gives otherwise stays as written (or as its name_LANG says, iopcost.files.cost_file).
LEVEL_NAMES = frozenset(
    {
        N_("Inpatient / residential"),
        N_("Inpatient psychiatric care"),
        N_("Inpatient detox"),
        N_("Residential treatment"),
        N_("Partial hospitalization (PHP)"),
        N_("Intensive outpatient (IOP)"),
    }
)


def spoken_name(name: str, translated: str | None = None) -> str:
    """A level's name in the language spoken: the file's own translation, a bundled
    name's from the catalogue, or the name as written."""
    if translated:
        return translated
    return _(name) if name in LEVEL_NAMES else name


class Level(NamedTuple):
    """One level of care: how it is billed and what a unit costs."""

    id: str
    name: str
    unit: Unit
    per_week: int
    low: Decimal
    high: Decimal
    # The household schedule the file gives (iopcost.core.household), as (key, value) pairs.
    household: tuple[tuple[str, int], ...] = ()
    # Other ids the level answers to (the bundled inpatient is also residential).
    aliases: tuple[str, ...] = ()
    # Billing codes for the level's unit, as written (S9480, RC 0905), for estimates.
    codes: tuple[str, ...] = ()
    # In a table merged from several cost files, the source of this level's rates.
    source: Source | None = None
    # How long a stay usually lasts, when the file says (a level of days, not weeks).
    usual: UsualLength | None = None
    # The kind of price its rates are, for a hospital's (gross, cash, negotiated,
    # allowed: iopcost.core.charges.PriceKind); None for a cost file's own rates.
    kind: str | None = None

    def answers_to(self, written: str) -> bool:
        """Whether `written` names this level: its id or an alias, in any case."""
        wanted = written.casefold()
        return wanted == self.id.casefold() or any(a.casefold() == wanted for a in self.aliases)

    @property
    def max_per_week(self) -> int:
        """The most units a week can hold for this level's billing unit."""
        return self.unit.most_per_week


class Source(NamedTuple):
    """Where the rates come from."""

    title: str
    published: str | None
    note: str | None
    url: str | None
    # What to say of the figures instead of the default caveat (a provider's own list).
    caveat: str | None = None
    # The file the rates were read from, as described for whoever checks them (a
    # hospital's standard-charges file); said only in a report's "About these figures".
    file: str | None = None

    def cite(self) -> str:
        """One line naming the source and its date."""
        dated = f" ({self.published})" if self.published else ""
        return f"{self.title}{dated}"


SOURCE_KEYS = Source._fields


def _refuse_clashes(tables: Sequence[CostTable]) -> None:
    """Refuse an id or alias in two files, or two currencies, naming both files."""
    first = tables[0]
    named: dict[str, CostTable] = {}
    for table in tables:
        if table.currency != first.currency:
            raise DataFileError(
                _(
                    "{origin} is in {currency} and {origin2} in {currency2}; compare cost "
                    "files of one currency.",
                    origin=first.origin,
                    currency=first.currency,
                    origin2=table.origin,
                    currency2=table.currency,
                )
            )
        for level in table.levels:
            for name in (level.id, *level.aliases):
                other = named.get(name.casefold())
                if other is not None:
                    raise DataFileError(
                        _(
                            "the level id {name!r} is in both {origin} and {origin2}; rename it in "
                            "one of them (ids are unique across --data files).",
                            name=name,
                            origin=other.origin,
                            origin2=table.origin,
                        )
                    )
                named[name.casefold()] = table


def merge_tables(tables: Sequence[CostTable]) -> CostTable:
    """One table of every level of several cost files, in order, each level keeping its
    file's source (and caveat); an id or alias in two files, or two currencies, is
    refused naming both files."""
    if len(tables) == 1:
        return tables[0]
    _refuse_clashes(tables)
    first = tables[0]
    levels = [
        level._replace(source=level.source or table.source)
        for table in tables
        for level in table.levels
    ]
    # Two files' levels of one name are told apart by their source (a hospital's name).
    names = [level.name.casefold() for level in levels]
    levels = [
        level._replace(name=f"{level.name}, {level.source.title}")
        if names.count(level.name.casefold()) > 1 and level.source is not None
        else level
        for level in levels
    ]
    titles = list(dict.fromkeys(table.source.title for table in tables))
    dates = {table.source.published for table in tables}
    # Dollars hold their price series (unhashable): the same when every file's are equal.
    same_dollars = all(table.dollars == first.dollars for table in tables)
    return CostTable(
        origin=" + ".join(table.origin for table in tables),
        currency=first.currency,
        symbol=first.symbol,
        source=Source(
            title="; ".join(titles),
            published=dates.pop() if len(dates) == 1 else None,
            note=None,
            url=None,
        ),
        levels=tuple(levels),
        dollars=first.dollars if same_dollars else None,
        parts=tuple(tables),
    )


class CostTable(NamedTuple):
    """Every level a cost file lists, in file order, with its currency and source.

    `dollars` says in which month's dollars the rates are, when that is known:
    restated by a price index, or as published with how prices moved since.
    """

    origin: str
    currency: str
    symbol: str
    source: Source
    levels: tuple[Level, ...]
    dollars: Dollars | None = None
    # The cost files a merged table was made from (see merge_tables), in order.
    parts: tuple[CostTable, ...] = ()

    def ids(self) -> str:
        """The level ids, for messages that list the known ones."""
        return ", ".join(level.id for level in self.levels)

    def find(self, level_id: str) -> Level | None:
        """The level with this id or alias, in any case (Residential is residential), or None."""
        for level in self.levels:
            if level.answers_to(level_id):
                return level
        return None
