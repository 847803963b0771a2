"""The records of `prices`' sheets, under the keys their JSON and tables use."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict


class LevelPriceRecord(TypedDict):
    """What a hospital's file gives for one level and kind of price."""

    id: str
    name: str
    price: str
    unit: str
    rate_low: Decimal
    rate_high: Decimal
    items: int
    codes: str


class PriceRecord(LevelPriceRecord):
    """One level's prices of the kind asked for, with its payers and methodologies."""

    payers: str
    methodology: str


class KindRecord(LevelPriceRecord):
    """One level and kind of price in a hospital's price sheet, with its rows and plans."""

    prices: int
    plans: int | None


class SideRecord(TypedDict):
    """One hospital's price for one level, side by side with others."""

    id: str
    name: str
    hospital: str
    locations: int
    price: str
    unit: str
    rate_low: Decimal
    rate_high: Decimal
    prices: int
    file: str
