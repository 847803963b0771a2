"""JSON text read from a stream in chunks: hospitals' JSON files (iopcost.hospital.
json_reader) and insurers' in-network files (iopcost.insurer.window) both read their
text through it, each decoding values its own way."""

from __future__ import annotations

import codecs
import re
from typing import IO

from iopcost.core.errors import DataFileError
from iopcost.core.language import _

CHUNK = 1 << 18
_SPACE = re.compile(r"[ \t\r\n]*")


class ChunkedText:
    """JSON text decoded from a stream in chunks, read from `pos` on (what is before
    it dropped as chunks come)."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.stream = stream
        self.name = name
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.base = 0  # characters dropped before buf
        self.eof = False

    def more(self, size: int = CHUNK) -> bool:
        """Read the next chunk (of `size` bytes); False at the end of the stream."""
        if self.eof:
            return False
        chunk = self.stream.read(size)
        try:
            text = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise DataFileError(
                _("{name} is not UTF-8 JSON ({reason}).", name=self.name, reason=exc.reason)
            ) from None
        self.eof = not chunk
        self.base += self.pos
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return True

    def fail(self, what: str, at: int | None = None) -> DataFileError:
        where = self.base + (self.pos if at is None else at)
        # The decoder's messages may end "starting at": say where once.
        what = what.removesuffix(" at")
        return DataFileError(
            _(
                "{name} is not valid JSON: {what} at character {where:,}.",
                name=self.name,
                what=what,
                where=where,
            )
        )

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        if self.pos < len(self.buf) and self.buf[self.pos] not in " \t\r\n":
            return self.buf[self.pos]
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = self.buf[self.pos : self.pos + 1] or _("the end")
            raise self.fail(_("expected {char!r}, found {found!r}", char=char, found=found))
        self.pos += 1
