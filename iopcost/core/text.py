"""Text written by strangers (cost, insurance and hospital files): checked, then escaped.

Names, titles and notes are refused at load if they hold a control character
(C0, DEL, C1: ESC starts terminal escape sequences, OSC 8 hyperlinks among
them) or a bidirectional override (which can make text read backwards).
Each renderer (iopcost.render) then escapes what its own syntax gives meaning to.
"""

from __future__ import annotations

import re

# How messages and documents call standard input.
STDIN_NAME = "<stdin>"
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def unsafe_character(text: str) -> str | None:
    """The first control or bidirectional-override character in `text`, if any."""
    found = _UNSAFE.search(text)
    return None if found is None else found[0]


def describe(character: str) -> str:
    """A character as a person can read it in a message: U+001B."""
    return f"U+{ord(character):04X}"


# The same, but for the line breaks and tabs a quoted CSV or TSV cell holds as data.
_UNSAFE_IN_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_cell(text: str) -> str:
    """Text for a quoted CSV or TSV cell: control and bidirectional-override characters
    replaced by U+FFFD, but line breaks and tabs kept (the cell's quoting holds them)."""
    return _UNSAFE_IN_CELL.sub("\ufffd", text)


def clean(text: str) -> str:
    """Text from a file that is shown, not refused (a hospital's name, a payer's):
    each control or bidirectional-override character replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)
