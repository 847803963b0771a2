"""The one grammar for numbers people write: amounts, percentages, whole counts.

Every reader (command-line flags, cost and insurance files, batch cells) goes
through these functions, so `$1,500` means the same everywhere:

- an amount is a plain decimal with an optional leading `$` and thousands
  separators only in groups of three (`1500`, `1,500.00`, `$212.50`); no sign,
  no exponent, no NaN or infinity; at most two decimal places; at most
  MAX_AMOUNT;
- a percentage is a plain decimal from 0 to 100 with an optional `%`; a value
  strictly between 0 and 1 without `%` is refused, since `0.2` is almost always
  a fraction meant as 20 %;
- a count is a whole number (`8`, `-3` is a whole number out of range).
"""

from __future__ import annotations

import re
from decimal import Decimal

from iopcost.core.errors import InvalidValue
from iopcost.core.language import N_, _
from iopcost.core.limits import MAX_AMOUNT, MONEY_PLACES, PERCENT_PLACES

_AMOUNT = re.compile(r"\$?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")
_PERCENT = re.compile(r"([0-9]+)(?:\.([0-9]+))?")
# The common case of both, read straight: digits, and at most two places after a point.
_PLAIN = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,2})?")
_WHOLE = re.compile(r"[-+]?[0-9]+")
AMOUNT_EXAMPLE = N_("1500, 1,500.00 or $212.50")


def _match(
    pattern: re.Pattern[str], text: str, raw: str, *, subject: str, places: int, example: str
) -> re.Match[str]:
    """Match the grammar, then check the decimal places that matter (trailing zeros do not)."""
    match = pattern.fullmatch(raw)
    if match is None:
        raise InvalidValue(
            _("{text!r} is not {example}.", text=text, example=example), subject=subject
        )
    if len((match[2] or "").rstrip("0")) > places:
        raise InvalidValue(
            _(
                "{text!r} has more than {places} decimal places; give at most {places}.",
                text=text,
                places=places,
            ),
            subject=subject,
        )
    return match


def _decimal(match: re.Match[str]) -> Decimal:
    return Decimal(match[1].replace(",", "") + ("." + match[2] if match[2] else ""))


def written_amount(text: str) -> Decimal | None:
    """The number `text` writes in an amount's shape (an optional `$`, thousands in
    groups of three), with any decimal places and no upper limit; None when it is
    not one. For prices in strangers' files, which are rounded, not refused."""
    match = _AMOUNT.fullmatch(text)
    return None if match is None else _decimal(match)


def parse_amount(text: str, *, subject: str) -> Decimal:
    """Read an amount of money, exact to the cent."""
    if _PLAIN.fullmatch(text):  # the grammar's common case: the digits as written
        value = Decimal(text)
        if value <= MAX_AMOUNT:
            return value
    example = _("an amount; write it like {examples} (no sign, no exponent)",
                examples=_(AMOUNT_EXAMPLE))  # fmt: skip
    match = _match(
        _AMOUNT, text, text.strip(), subject=subject, places=MONEY_PLACES, example=example
    )
    value = _decimal(match)
    if value > MAX_AMOUNT:
        raise InvalidValue(
            _(
                "{text!r} is more than {max_amount:,}, the largest amount iopcost can "
                "compute exactly; check the number.",
                text=text,
                max_amount=MAX_AMOUNT,
            ),
            subject=subject,
        )
    return value


def parse_percent(text: str, *, subject: str) -> Decimal:
    """Read a percentage from 0 to 100 (`20`, `12.5`, `0.2%`)."""
    if _PLAIN.fullmatch(text):  # the grammar's common case: the digits as written
        value = Decimal(text)
        if 1 <= value <= 100 or value == 0:
            return value
    raw = text.strip()
    with_sign = raw.endswith("%")
    example = _("a percentage; write it like 20 or 12.5 (0 to 100)")
    match = _match(
        _PERCENT,
        text,
        raw.removesuffix("%").rstrip(),
        subject=subject,
        places=PERCENT_PLACES,
        example=example,
    )
    value = Decimal(match[0])
    if value > 100:
        raise InvalidValue(
            _("{text!r} is not a percentage from 0 to 100.", text=text), subject=subject
        )
    if 0 < value < 1 and not with_sign:
        meant = (value * 100).normalize()
        raise InvalidValue(
            _(
                "{raw} is read as {raw} %; for {meant:f} % write {meant:f} (or {raw}% if "
                "you do mean {raw} %).",
                raw=raw,
                meant=meant,
            ),
            subject=subject,
        )
    return value


def parse_whole(text: str, *, subject: str) -> int:
    """Read a whole number; whether it is in range is the caller's rule."""
    if text.isascii() and text.isdigit():  # the common case, as the pattern reads it
        return int(text)
    raw = text.strip()
    if not _WHOLE.fullmatch(raw):
        raise InvalidValue(_("{text!r} is not a whole number.", text=text), subject=subject)
    return int(raw)
