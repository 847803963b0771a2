"""The records of `prices`' sheets, under the keys their JSON and tables use."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict


class PriceRecord(TypedDict):
    """One level's prices of one kind in a hospital's file."""

    id: str
    name: str
    price: str
    unit: str
    rate_low: Decimal
    rate_high: Decimal
    items: int
    codes: str
    payers: str
    methodology: str


class KindRecord(TypedDict):
    """One level and kind of price in a hospital's price sheet."""

    id: str
    name: str
    price: str
    unit: str
    rate_low: Decimal
    rate_high: Decimal
    prices: int
    items: int
    codes: str
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
