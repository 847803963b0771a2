"""What the readers of standard-charges files yield: entries, their payers' charges."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

_DATE_SLASHES = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
Value = Any  # a cell as read: text from CSV, a number or text from JSON, or None


class PayerCharge(NamedTuple):
    """One payer's and plan's terms for an item."""

    payer: str
    plan: str
    dollar: Value
    percentage: Value
    algorithm: Value
    methodology: Value
    p10: Value
    p90: Value


class Unreadable(NamedTuple):
    """A record that could not be read: a quoted field left open past the bounds, or a
    line longer than a line can be. Counted, never priced; reading resumes after it."""

    where: str
    why: str


class Entry(NamedTuple):
    """One item in one setting, with its codes and charges; `where` names its place (a
    CSV record's byte offset, a JSON item's number)."""

    where: str
    description: str
    codes: tuple[tuple[str, str], ...]
    setting: str
    gross: Value
    cash: Value
    payers: tuple[PayerCharge, ...]
    # The de-identified minimum and maximum negotiated charge, when the file gives them.
    minimum: Value = None
    maximum: Value = None


def iso_date(text: str) -> str | None:
    """YYYY-MM-DD, M/D/YYYY or MM/DD/YYYY as an ISO date; None if it is not a date."""
    text = text.strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    match = _DATE_SLASHES.fullmatch(text)
    if match:
        try:
            return date(int(match[3]), int(match[1]), int(match[2])).isoformat()
        except ValueError:
            return None
    return None


def header_key(text: str) -> str:
    """A header as compared: parts split on |, trimmed, case-folded."""
    return "|".join(part.strip() for part in text.split("|")).casefold()


def npis_of(written: object) -> tuple[str, ...]:
    """A file's type_2_npi as its valid NPIs: a list, or text of NPIs separated by "|",
    ",", ";" or spaces (the examples' 0000000001 placeholders are not NPIs)."""
    from iopcost.core.gfe import npi_problem

    parts = written if isinstance(written, list) else re.split(r"[|,; ]+", str(written or ""))
    found = (str(part).strip() for part in parts[:100])
    return tuple(dict.fromkeys(npi for npi in found if npi and npi_problem(npi) is None))
