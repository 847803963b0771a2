"""A cell of a standard-charges file read as a price, a percentage or a payer's name.

Every reader's values go through these functions, so a price means the same in CSV
and JSON; what is not a price is named (the keys of what a sheet says was skipped).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from iopcost.core.amounts import written_amount
from iopcost.core.language import N_
from iopcost.core.limits import MAX_AMOUNT
from iopcost.core.money import CENT, cents

# Why a cell is not a price, or how it was read.
_NOT_A_NUMBER = N_("not a number (N/A or text)")
_BLANK = N_("blank")
_NEGATIVE = N_("negative")
_WRITTEN_WITH_SIGNS = N_("written with $ or commas (read)")
_ZERO = N_("zero")
_BELOW_A_CENT = N_("below one cent (not a price)")
_PLACEHOLDER = N_("placeholder such as 999999999")
_ROUNDED_TO_CENTS = N_("more than two decimal places (rounded to cents)")
# How many distinct cells, names and items are remembered once read (a file repeats
# them on every payer's row); the least recently used go first, so memory stays bounded.
CACHED = 1024


@lru_cache(maxsize=CACHED)
def name_key(name: str) -> str:
    """A payer or plan as compared: case-folded, trimmed, with _ and spaces the same."""
    return " ".join(name.replace("_", " ").split()).casefold()


def price_value(value: Any) -> tuple[Decimal | None, str | None]:
    """A price from a file's cell, and a note; or None and why it is not a price."""
    if value is None or isinstance(value, bool):
        return None, _BLANK if value is None else _NOT_A_NUMBER
    note = None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = str(value).strip()
        if not text:
            return None, _BLANK
        if text.startswith(("-", "(")):
            return None, _NEGATIVE
        found = written_amount("$" + text[1:].lstrip() if text.startswith("$") else text)
        if found is None:
            return None, _NOT_A_NUMBER
        if "$" in text or "," in text:
            note = _WRITTEN_WITH_SIGNS
        number = found
    if not number.is_finite():
        return None, _NOT_A_NUMBER
    if number < 0:
        return None, _NEGATIVE
    if number == 0:
        return None, _ZERO
    if number < CENT:
        return None, _BELOW_A_CENT
    if number >= MAX_AMOUNT:
        return None, _PLACEHOLDER
    rounded = cents(number)
    if rounded != number:
        note = _ROUNDED_TO_CENTS
    return rounded, note


# A cell's text read once (price_value is pure; other values are read each time).
price_of_text = lru_cache(maxsize=CACHED)(price_value)


def percentage(value: Any) -> Decimal | None:
    """A percentage as a file writes it ("165", "165%", 165.0); None if it is not one."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().removesuffix("%").strip()
    found = written_amount(text) if text else None
    return found if found is not None and found.is_finite() and found > 0 else None


def amount_of(raw: Any) -> Decimal | None:
    """A cell's price, or None (a text cell read once)."""
    return (price_of_text(raw) if isinstance(raw, str) else price_value(raw))[0]
