"""An in-network file's text, read in chunks: the next value decoded whole in C when it
fits in WINDOW characters, or passed over (and copied) by its structure alone."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from iopcost.core.language import _
from iopcost.hospital.chunked import ChunkedText

# An element of this many characters or fewer is decoded whole (a failed try at a
# longer one builds at most this much: about 4 MiB of objects).
WINDOW = 1 << 19
# A string (a key, a name) longer than this is refused: no real file has one.
MOST_STRING = 16 << 20
_STRUCTURE = re.compile(r'["\[\]{}]')
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.S)
_QUICK = json.JSONDecoder(strict=False).raw_decode
_EXACT = json.JSONDecoder(strict=False, parse_float=Decimal).raw_decode
TOO_BIG = object()


class Window(ChunkedText):
    """An in-network file's text from `pos` on, read in chunks."""

    def after(self, close: str) -> bool:
        """After an element: True when another follows (a comma), False after `close`."""
        found = self.peek()
        if found == ",":
            self.pos += 1
            return True
        if found != close:
            raise self.fail(_("expected ',' or {close!r}", close=close))
        self.pos += 1
        return False

    def value(self, limit: int = WINDOW) -> tuple[Any, int]:
        """The next value decoded quickly, and where its text starts; TOO_BIG (the
        window holding its start) when it is longer than `limit` characters."""
        self.peek()
        while True:
            try:
                value, end = _QUICK(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos > limit:
                    return TOO_BIG, self.pos
                if not self.more():
                    raise self.fail(exc.msg.lower()) from None
                continue
            except RecursionError:
                return TOO_BIG, self.pos
            except ValueError:
                raise self.fail(_("a number too long to read")) from None
            if end >= len(self.buf) and self.more():
                continue  # a number that ends the chunk may go on
            start, self.pos = self.pos, end
            return value, start

    def forward(self, offset: int) -> None:
        """Go on to the character `offset` from the start of the text (never back)."""
        while self.base + len(self.buf) <= offset:
            self.pos = len(self.buf)
            if not self.more():
                raise self.fail(_("the text ends early"))
        self.pos = offset - self.base

    def exact(self, start: int) -> Any:
        """The value whose text starts at `start` and ends at `pos`, with exact decimals."""
        return _EXACT(self.buf[start : self.pos])[0]

    def scan(self, sink: Callable[[str], object] | None = None) -> None:
        """Pass over the next value by its structure alone (its text, if wanted, to
        `sink`), holding at most a chunk and a string."""
        if self.peek() not in "[{":
            if self.value(MOST_STRING)[0] is TOO_BIG:
                raise self.fail(_("a value longer than {mib} MiB", mib=MOST_STRING >> 20))
            return
        depth, start, pos = 0, self.pos, self.pos
        while True:
            found = _STRUCTURE.search(self.buf, pos)
            if found is None or (
                found.group() == '"' and not _STRING_REST.match(self.buf, found.end())
            ):
                pos = len(self.buf) if found is None else found.start()
                if sink is not None:
                    sink(self.buf[start:pos])
                self.pos = pos
                if not self.more():
                    raise self.fail(_("the text ends inside a list or object"))
                if len(self.buf) > MOST_STRING:
                    raise self.fail(_("a value longer than {mib} MiB", mib=MOST_STRING >> 20))
                start = pos = 0
                continue
            char = found.group()
            if char == '"':
                pos = _STRING_REST.match(self.buf, found.end()).end()  # type: ignore[union-attr]
                continue
            depth += 1 if char in "[{" else -1
            pos = found.end()
            if depth == 0:
                if sink is not None:
                    sink(self.buf[start:pos])
                self.pos = pos
                return
