"""The cost file: levels of care, their billing units, schedules and rate ranges.

Values here and in the arithmetic are NamedTuples: immutable and typed like
frozen dataclasses, and several times cheaper to define, which counts because
start-up is most of a run.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from iopcost.errors import DataFileError
from iopcost.limits import HOUSEHOLD_PER_WEEK_MOST, UNITS_PER_WEEK
from iopcost.yamldoc import Document, read_text

if TYPE_CHECKING:
    from iopcost.dollars import Dollars

RESERVED_IDS = frozenset({"total"})
SOURCE_KEYS = ("title", "published", "note", "url", "caveat")
CURRENCY_SYMBOLS = {"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£"}
BUNDLED_NAME = "cost_ranges.yaml (bundled)"
LEVEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_CURRENCY = re.compile(r"[A-Z]{3}")


class Level(NamedTuple):
    """One level of care: how it is billed and what a unit costs."""

    id: str
    name: str
    unit: str
    per_week: int
    low: Decimal
    high: Decimal
    # The household schedule the file gives (iopcost.household), as (key, value) pairs.
    household: tuple[tuple[str, int], ...] = ()

    @property
    def max_per_week(self) -> int:
        """The most units a week can hold for this level's billing unit."""
        return UNITS_PER_WEEK[self.unit]


class Source(NamedTuple):
    """Where the rates come from."""

    title: str
    published: str | None
    note: str | None
    url: str | None
    # What to say of the figures instead of the default caveat (a provider's own list).
    caveat: str | None = None

    def cite(self) -> str:
        """One line naming the source and its date."""
        dated = f" ({self.published})" if self.published else ""
        return f"{self.title}{dated}"


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

    def ids(self) -> str:
        """The level ids, for messages that list the known ones."""
        return ", ".join(level.id for level in self.levels)

    def find(self, level_id: str) -> Level | None:
        """The level with this id, in any case (Residential is residential), or None."""
        wanted = level_id.casefold()
        for level in self.levels:
            if level.id.casefold() == wanted:
                return level
        return None


def counted(count: int | Decimal, noun: str) -> str:
    """A count with its noun: "1 week", "1,040 sessions"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def bundled_file(name: str) -> Path:
    """A data file that ships with iopcost, in a wheel or a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "data" / name
    if installed.is_file():
        return installed
    # An editable install or a source checkout imports from the tree, where the
    # one copy lives at the top level beside the package.
    return package.parent / "data" / name


def bundled_cost_file() -> Path:
    """The cost file that ships with iopcost."""
    return bundled_file("cost_ranges.yaml")


def load_cost_table(source: str | None) -> CostTable:
    """Read and validate a cost file ("-" for standard input, None for the bundled one)."""
    name = None
    if source is None:
        path = bundled_cost_file()
        if not path.is_file():
            raise DataFileError(
                f"the bundled cost file is missing ({path}); reinstall iopcost or pass --data FILE."
            )
        source, name = str(path), BUNDLED_NAME
    name, text = read_text(source, what="cost file", name=name)
    return parse_cost_table(Document(name, text))


def parse_cost_table(doc: Document) -> CostTable:
    """Validate a composed cost file into a CostTable."""
    top = doc.mapping(
        doc.root,
        what="the cost file",
        required=("currency", "source", "levels"),
        optional=("currency_symbol",),
    )
    currency = doc.text(top["currency"], what="currency")
    if not _CURRENCY.fullmatch(currency):
        doc.fail(
            top["currency"], f"currency must be a three-letter code such as USD, not {currency!r}."
        )
    if "currency_symbol" in top:
        symbol = doc.text(top["currency_symbol"], what="currency_symbol")
    else:
        symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")

    src = doc.mapping(top["source"], what="source", required=("title",), optional=SOURCE_KEYS[1:])
    texts = {key: doc.text(src[key], what=f"source.{key}") for key in SOURCE_KEYS if key in src}
    source = Source(
        title=texts["title"],
        published=texts.get("published"),
        note=texts.get("note"),
        url=texts.get("url"),
        caveat=texts.get("caveat"),
    )

    entries = doc.mapping(top["levels"], what="levels", any_keys=True)
    # Level ids are matched in any case, so they must differ in more than case.
    folded = Counter(level_id.casefold() for level_id in entries)
    if not entries:
        doc.fail(top["levels"], "levels lists no level of care; add at least one.")
    levels = []
    for level_id, node in entries.items():
        what = f"level '{level_id}'"
        if not LEVEL_ID.fullmatch(level_id) or level_id in RESERVED_IDS:
            doc.fail(
                node,
                f"level id {level_id!r} must be letters, digits, '-' or '_' "
                "(and not 'total'); rename it.",
            )
        if folded[level_id.casefold()] > 1:
            doc.fail(node, f"level id {level_id!r} differs from another only in case; rename one.")
        fields = doc.mapping(
            node,
            what=what,
            required=("name", "unit", "per_week"),
            optional=("rate", "low", "high", *HOUSEHOLD_PER_WEEK_MOST),
        )
        unit = doc.text(fields["unit"], what=f"{what} unit")
        if unit not in UNITS_PER_WEEK:
            doc.fail(
                fields["unit"],
                f"{what} unit must be one of: {', '.join(UNITS_PER_WEEK)}; not {unit!r}.",
            )
        if "rate" in fields:
            # One price, as a provider's own list gives it.
            if "low" in fields or "high" in fields:
                doc.fail(
                    fields["rate"],
                    f"{what} gives rate and low/high; give either one rate or a low and a high.",
                )
            low = high = doc.amount(fields["rate"], what=f"{what} rate")
        elif "low" not in fields or "high" not in fields:
            missing = " and ".join(repr(key) for key in ("low", "high") if key not in fields)
            doc.fail(node, f"{what} is missing {missing}; give a rate, or a low and a high.")
        else:
            low = doc.amount(fields["low"], what=f"{what} low")
            high = doc.amount(fields["high"], what=f"{what} high")
        if low > high:
            doc.fail(
                fields["low"],
                f"{what} low ({low}) is above high ({high}); swap them.",
            )
        levels.append(
            Level(
                id=level_id,
                name=doc.text(fields["name"], what=f"{what} name"),
                unit=unit,
                per_week=doc.whole(
                    fields["per_week"], what=f"{what} per_week", low=1, high=UNITS_PER_WEEK[unit]
                ),
                low=low,
                high=high,
                household=tuple(
                    (key, doc.whole(fields[key], what=f"{what} {key}", low=0, high=most))
                    for key, most in HOUSEHOLD_PER_WEEK_MOST.items()
                    if key in fields
                ),
            )
        )
    return CostTable(
        origin=doc.name, currency=currency, symbol=symbol, source=source, levels=tuple(levels)
    )


def cost_file_text(table: CostTable, *, header: str | None = None) -> str:
    """The table in the cost file's schema, as YAML: a template to edit."""
    import yaml

    from iopcost.safetext import clean

    source = {key: value for key, value in table.source._asdict().items() if value is not None}
    document: dict[str, object] = {"currency": table.currency}
    if table.symbol != CURRENCY_SYMBOLS.get(table.currency, table.currency + " "):
        document["currency_symbol"] = table.symbol
    document["source"] = source
    levels: dict[str, object] = {}
    for level in table.levels:
        entry: dict[str, object] = {
            "name": level.name,
            "unit": level.unit,
            "per_week": level.per_week,
        }
        if level.low == level.high:
            entry["rate"] = _yaml_number(level.low)
        else:
            entry.update(low=_yaml_number(level.low), high=_yaml_number(level.high))
        entry.update(level.household)
        levels[level.id] = entry
    document["levels"] = levels
    if header is None:
        header = f"Levels of care and their rates, from {table.origin}; schema in the README."
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return f"# {clean(header)}\n{text}"


def _yaml_number(amount: Decimal) -> int | str:
    """An amount for YAML: whole numbers plain, cents as written ("212.50")."""
    return int(amount) if amount == amount.to_integral_value() else f"{amount:.2f}"
