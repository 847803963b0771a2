"""A hospital's standard charges summed up per level of care, as values.

Filled by iopcost.hospital (which reads the files) and shown by iopcost.render.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from iopcost.core.care import CareCodes, CareLevel
from iopcost.core.text import clean

# The kinds of price a standard-charges file gives.
PRICE_KINDS = ("negotiated", "cash", "gross", "allowed")
# What a cost file made from a hospital's prices is, and is not.
HOSPITAL_CAVEAT = (
    "Rates from the hospital's published standard charges, not quotes: ask the "
    "program what it would charge and your health plan what you would pay."
)
# Kinds that do not depend on the payer.
PAYER_FREE = ("cash", "gross")
# The order of a price sheet: what anyone would be charged, then what payers pay.
SHEET_KINDS = ("gross", "cash", "negotiated", "allowed")


class FileInfo(NamedTuple):
    """What the file says of itself, and how it was read."""

    name: str
    hospital: str
    location: str | None
    published: str | None  # ISO date
    published_as_written: str
    version: str
    layout: str  # "tall CSV", "wide CSV" or "JSON"
    generation: str  # "v2" or "v3"

    def locations(self) -> list[str]:
        """The locations the file covers, each once, as it names them (made safe to show)."""
        seen: dict[str, None] = {}
        for part in (self.location or "").split("|"):
            name = " ".join(clean(part).split())
            if name:
                seen.setdefault(name, None)
        return list(seen)


class Selection(NamedTuple):
    """Which price, and for negotiated or allowed prices which payer and plan."""

    price: str = "negotiated"
    payer: str | None = None
    plan: str | None = None


class LevelPrices(NamedTuple):
    """What was found for one level, ready to show or to write as a cost file."""

    level: CareLevel
    low: Decimal
    high: Decimal
    prices: int
    items: int
    codes: tuple[str, ...]
    payers: tuple[str, ...]
    methodologies: tuple[str, ...]


class PercentRows(NamedTuple):
    """Payer rows for one level that give a percentage or a rule but no dollar amount:
    shown as they are, never turned into dollars."""

    level: CareLevel
    rows: int
    low: Decimal | None  # the lowest and highest percentage given, if any
    high: Decimal | None
    example: str | None  # one rule as written, if any


class Summary(NamedTuple):
    """The result of reading one file for one selection of price."""

    info: FileInfo
    codes: CareCodes
    price: str
    payers: tuple[str, ...]  # the payers and plans selected, as the file writes them
    levels: tuple[LevelPrices, ...]
    missing: tuple[CareLevel, ...]
    skipped: tuple[tuple[str, int], ...]
    values: tuple[tuple[str, int], ...]
    entries: int
    # (reason, one description) for the reasons lines were skipped, where one is kept.
    examples: tuple[tuple[str, str], ...] = ()
    # Records that could not be read, and where the first was ("line 12 (why)").
    unreadable: int = 0
    first_unreadable: str | None = None
    # Per level, payer rows with a percentage or a rule and no dollars.
    percent_only: tuple[PercentRows, ...] = ()
    # Payer-specific prices plan by plan: (level id, payer, plan, low, high, prices).
    by_plan: tuple[tuple[str, str, str, Decimal, Decimal, int], ...] = ()


class Read(NamedTuple):
    """One hospital file's price sheet (a Summary per kind), or why it could not be read."""

    source: str
    sheet: tuple[Summary, ...] | None
    error: str | None = None
    # Read through, but no item of any level of care in it (not a failure).
    nothing: bool = False


# Without a chosen kind: a hospital's payer-specific rates where it publishes them, else
# its discounted cash prices, else its gross charges (allowed amounts are per claim line).
FALLBACK = ("negotiated", "cash", "gross")
_WORDS = re.compile(r"[a-z0-9]+")
_SKIPPED = {"the", "of", "at", "and", "hospital", "hospitals", "medical", "center", "centre",
            "university", "health", "system", "inc"}  # fmt: skip


def chosen_price(
    sheet: Sequence[Summary], level_id: str, price: str | None
) -> tuple[str, LevelPrices] | None:
    """A level's price in a file's sheet: of the kind asked for, else the first of FALLBACK."""
    by_kind = {summary.price: summary for summary in sheet}
    for kind in (price,) if price else FALLBACK:
        summary = by_kind.get(kind)
        if summary is None:
            continue
        found = next((f for f in summary.levels if f.level.id == level_id), None)
        if found is not None:
            return kind, found
    return None


def slug_of(name: str) -> str:
    """A short, stable id for a hospital: "RUSH University Medical Center" is rush."""
    words = [word for word in _WORDS.findall(name.casefold()) if word not in _SKIPPED]
    return "-".join(words[:2]) or "hospital"
