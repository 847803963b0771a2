"""What the hospitals catalogue keeps: hospitals and their per-level prices, as values."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from iopcost.core.hospital_table import LevelRate
from iopcost.core.units import Unit


class Stored(NamedTuple):
    """A hospital in the catalogue."""

    name: str
    slug: str
    source: str
    published: str | None
    locations: int
    levels: int


class KeptPrice(NamedTuple):
    """One price of one level at one hospital (payer and plan "" for every payer's)."""

    hospital: str
    slug: str
    published: str | None
    level: str
    level_name: str
    unit: str
    per_week: int
    kind: str
    payer: str
    plan: str
    low: Decimal
    high: Decimal
    rows: int

    def level_rate(self, kind: str | None = None) -> LevelRate:
        """Its level's rate, of its own kind or of `kind` (a plan's rate kept as cash)."""
        return LevelRate(
            level_id=self.level,
            name=self.level_name,
            unit=Unit(self.unit),
            per_week=self.per_week,
            low=self.low,
            high=self.high,
            kind=self.kind if kind is None else kind,
        )
