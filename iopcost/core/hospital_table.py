"""A hospital's per-level rates as a cost table: the one builder, whoever asks.

`prices -o` (one hospital), `prices FILE FILE... -o` (several) and the catalogue
all turn a hospital's extract into levels here, so ids, names and currency follow
one rule: each id is `slug-level` and each name says whose level it is, so that a
hospital's cost file and the bundled rates (or another's) compare without editing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from iopcost.core.language import _
from iopcost.core.levels import CostTable, Level, Source, UsualLength, spoken_name
from iopcost.core.units import Unit

# Hospitals' standard charges are in US dollars (45 CFR 180.50).
CURRENCY, SYMBOL = "USD", "$"


class LevelRate(NamedTuple):
    """One hospital's rate range for one level of care, of one kind of price."""

    level_id: str
    name: str
    unit: Unit
    per_week: int
    low: Decimal
    high: Decimal
    kind: str
    usual: UsualLength | None = None


def hospital_level(
    rate: LevelRate, *, whose: tuple[str, str] | None = None, source: Source | None = None
) -> Level:
    """A hospital's rate as a level: its own id and name, or, among several hospitals
    (`whose`: the hospital's slug and name), id `slug-level` and the hospital in its
    name; `source` when the level cites its own."""
    level_id, name = rate.level_id, spoken_name(rate.name)
    if whose is not None:
        slug, hospital = whose
        level_id = f"{slug}-{rate.level_id}"
        name = _("{level}, {hospital}", level=name, hospital=hospital)
    return Level(
        id=level_id,
        name=name,
        unit=rate.unit,
        per_week=rate.per_week,
        low=rate.low,
        high=rate.high,
        source=source,
        usual=rate.usual,
        kind=str(rate.kind),
    )


def hospital_table(origin: str, source: Source, levels: Sequence[Level]) -> CostTable:
    """Hospitals' levels as a cost table in their currency."""
    return CostTable(
        origin=origin, currency=CURRENCY, symbol=SYMBOL, source=source, levels=tuple(levels)
    )


def unique_slug(slug: str, taken: set[str]) -> str:
    """`slug`, made unlike those `taken` (which it joins)."""
    while slug in taken:
        slug += "-2"
    taken.add(slug)
    return slug
