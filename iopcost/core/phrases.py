"""How counts, lengths and lists are worded for people: each in one place.

"1 week", "1,040 sessions"; "8 to 12 weeks"; "56-84 days"; "A, B and C". Every
noun that is counted is listed here with its two forms, so that a catalogue can
give each language its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from iopcost.core.language import N_, N_plural, _, plural

# A count: whole, or a fraction where a length in days is written in weeks.
Count = int | Decimal
# Each counted noun: its forms for one and for many, as whole phrases.
COUNTED = {
    "week": N_plural("{count:,} week", "{count:,} weeks"),
    "day": N_plural("{count:,} day", "{count:,} days"),
    "session": N_plural("{count:,} session", "{count:,} sessions"),
    "missed workday": N_plural("{count:,} missed workday", "{count:,} missed workdays"),
    "round trip": N_plural("{count:,} round trip", "{count:,} round trips"),
    "childcare day": N_plural("{count:,} childcare day", "{count:,} childcare days"),
}
# A length over a range, and units billed over a range, by noun.
SPANS = {
    "week": N_("{low:,} to {high:,} weeks"),
    "day": N_("{low:,} to {high:,} days"),
    "session": N_("{low:,} to {high:,} sessions"),
}
BILLED = {
    "week": N_("{low:,}-{high:,} weeks"),
    "day": N_("{low:,}-{high:,} days"),
    "session": N_("{low:,}-{high:,} sessions"),
}


# Month names, said inside a date where a language writes them (English writes dates
# as numbers).
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def date_text(day: date) -> str:
    """A date for people, as the language spoken writes it: 2027-01-07 in English, "7 de
    enero de 2027" in Spanish (the catalogue gives each language its form)."""
    # English leaves the month's name out ({month_name:.0} is empty); a language that
    # writes it uses {month_name}.
    return _(
        "{year:04d}-{month:02d}-{day:02d}{month_name:.0}",
        year=day.year,
        month=day.month,
        day=day.day,
        month_name=_(MONTHS[day.month - 1]),
    )


def counted(count: Count, noun: str) -> str:
    """A count with its noun: "1 week", "1,040 sessions"."""
    one, many = COUNTED[noun]
    return plural(one, many, count)


def length(low: Count, high: Count, noun: str = "week") -> str:
    """A length: "8 weeks", or over a range "8 to 12 weeks"."""
    if low == high:
        return counted(low, noun)
    return _(SPANS[noun], low=low, high=high)


def billed(low: Count, high: Count | None, noun: str) -> str:
    """Units billed: "56 days", or over a range of weeks "56-84 days"."""
    if high is None or high == low:
        return counted(low, noun)
    return _(BILLED[noun], low=low, high=high)


def listed(names: Sequence[str]) -> str:
    """Names in a sentence: "A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return _("{first} and {last}", first=_(", ").join(names[:-1]), last=names[-1])
