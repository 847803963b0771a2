"""What the hospitals catalogue keeps: hospitals and their per-level prices, as values."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


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
