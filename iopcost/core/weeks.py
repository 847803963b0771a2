"""How long care lasts: a number of weeks, or a range of them ("8 to 12 weeks")."""

from __future__ import annotations

import re
from typing import NamedTuple

from iopcost.core.errors import InvalidValue
from iopcost.core.language import _
from iopcost.core.limits import MAX_WEEKS

_RANGE = re.compile(r"\s*([-+]?[0-9]+)\s*(?:-\s*([0-9]+)\s*)?")


class Weeks(NamedTuple):
    """A length in whole weeks, or a range: the low estimate takes the shorter length,
    the high the longer."""

    low: int
    high: int

    @property
    def single(self) -> bool:
        """Whether it is one length, not a range."""
        return self.low == self.high

    def __str__(self) -> str:
        return str(self.low) if self.single else f"{self.low}-{self.high}"


def check_weeks(weeks: int | Weeks) -> Weeks:
    """A program length in weeks, or a range of them, each from 1 to MAX_WEEKS."""
    span = weeks if isinstance(weeks, Weeks) else Weeks(weeks, weeks)
    for count in span:
        if not 1 <= count <= MAX_WEEKS:
            raise InvalidValue(
                _("give 1 to {max_weeks} weeks, not {count}.", max_weeks=MAX_WEEKS, count=count),
                subject="weeks",
            )
    if span.low > span.high:
        raise InvalidValue(
            _(
                "{low}-{high} weeks runs backwards; give the shorter length first, like "
                "{high}-{low}.",
                low=span.low,
                high=span.high,
            ),
            subject="weeks",
        )
    return span


def parse_weeks(text: str, *, subject: str = "weeks") -> Weeks:
    """Read N or N-M weeks (8, 8-12), whole numbers, checked."""
    match = _RANGE.fullmatch(text)
    if match is None:
        raise InvalidValue(
            _(
                "{text!r} is not a whole number of weeks; give weeks like 8, or a range like 8-12.",
                text=text,
            ),
            subject=subject,
        )
    low = int(match[1])
    return check_weeks(Weeks(low, low if match[2] is None else int(match[2])))
