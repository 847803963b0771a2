"""What a level of care is billed per, and how many of them a week can hold."""

from __future__ import annotations

from enum import StrEnum

from iopcost.core.language import N_, _


class Unit(StrEnum):
    """A billing unit: a day (inpatient, residential, PHP) or a session (IOP)."""

    DAY = "day"
    SESSION = "session"

    @property
    def most_per_week(self) -> int:
        """The most units of this kind a week can hold."""
        return UNITS_PER_WEEK[self]


# What a level may be billed per, with the most units a week can hold.
UNITS_PER_WEEK: dict[Unit, int] = {Unit.DAY: 7, Unit.SESSION: 14}


def unit_named(text: str) -> Unit | None:
    """The unit a file or flag names ("day", "session"), or None."""
    try:
        return Unit(text)
    except ValueError:
        return None


# What a level is billed per, in words.
UNIT_WORDS = {Unit.DAY: N_("day"), Unit.SESSION: N_("session")}


def unit_word(unit: str) -> str:
    """A billing unit in words, in the language spoken: "day", "session"."""
    named = unit_named(unit)
    return _(UNIT_WORDS[named]) if named is not None else unit
