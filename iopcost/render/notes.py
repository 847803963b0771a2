"""Notes under a result, as typed values: what each is about, its text, and where it
belongs (the terminal, a report, or both).

A report selects the notes that belong in it; it never reads a note's words to
decide. A note that restates a report's assumptions (the length, the schedule,
the plan terms, the source, the caveat), or that gives advice for the command
line, belongs to the terminal alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple


class Where(StrEnum):
    """Where a note is said."""

    TERMINAL = "terminal"
    REPORT = "report"
    BOTH = "both"


class Note(NamedTuple):
    """One note: its subject ("schedule", "terms", "source", ...), its text, where it goes."""

    about: str
    text: str
    where: Where = Where.BOTH


def terminal(about: str, text: str) -> Note:
    """A note for the terminal (and stdout's formats) alone."""
    return Note(about, text, Where.TERMINAL)


def on_terminal(notes: Iterable[Note]) -> list[str]:
    """The texts of the notes said under a table or in Markdown on stdout."""
    return [note.text for note in notes if note.where is not Where.REPORT]


def in_report(notes: Iterable[Note]) -> list[str]:
    """The texts of the notes said in a report, each once."""
    return list(dict.fromkeys(note.text for note in notes if note.where is not Where.TERMINAL))
