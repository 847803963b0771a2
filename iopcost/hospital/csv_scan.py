"""Which records of a CSV's raw bytes may hold a code looked for, found without decoding.

The file is read in blocks. A block's plain lines are searched at once for those
whose code fields hold a code looked for (`CodeSearch.lines`), so most lines are never
cut out of the block. The few lines with a quote are read one by one: a quoted
field may span lines (within the bounds below), and a quoted first field (a
description with a comma) shifts the columns. A hit is read with its type before
it is yielded (`CodeSearch.hit`).

A block is kept as `data`, starting with the line break before its first line, so
a line is known by the place of the line break before it.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from heapq import merge
from typing import IO

from iopcost.core.language import N_, _
from iopcost.hospital.code_search import CodeSearch, quoted_first

# The bounds on one record (named in the README): a quoted field may span at most this
# many lines and bytes; past them the record is counted as unreadable and reading resumes
# at the line after its start. A line longer than MAX_LINE is counted as unreadable.
MAX_RECORD_LINES = 64
MAX_RECORD_BYTES = 1 << 20
MAX_LINE = 4 << 20
# A block shorter than this that is not simply quoted is read line by line, not halved.
MIN_HALVED = 32 << 10
PLAIN, SIMPLE, MIXED = "plain", "simple", "mixed"
# Why a record cannot be read (said where it is, through `_`, with these figures).
OPEN_QUOTE = N_("a quoted field left open past {lines} lines or 1 MiB")
LONG_LINE = N_("a line longer than {mib} MiB")


def why_unreadable(why: str) -> str:
    """Why a record cannot be read (OPEN_QUOTE or LONG_LINE), in words with its bounds."""
    return _(why, lines=MAX_RECORD_LINES, mib=MAX_LINE >> 20)


BLOCK = 1 << 18
QUOTE = b'"'
CLOSE_FIRST = b'",'
# A first field in quotes on one line, with no quote inside, from the line break (its two
# quotes; the empty group makes the search return nothing to keep but the count).
EASY_FIRST = re.compile(rb'\n"[^"\n]*+"(),')
# Up to this many quotes in a block, each is looked at.
FEW_QUOTES = 32
COMMA = b","
NEWLINE = b"\n"
# Every byte but a quote and a line break: deleted, they leave each line's quotes.
_NOT_QUOTE_OR_BREAK = bytes(b for b in range(256) if b not in b'"\n')

Found = tuple[int, bytes | str]  # (offset, record), or (offset, why it cannot be read)


def candidates(
    stream: IO[bytes], skip: int, wanted: CodeSearch, *, origin: int = 0, end: int | None = None
) -> Generator[Found, None, int]:
    """(offset, record) for each record after the first `skip` lines that may hold one of
    the codes looked for, or (offset, why) for one that cannot be read; the offset is
    where the record starts in the file (see `line_number`), the stream being at
    `origin`, a record's start. With `end` (a line's start), the records that start
    before the first record start at or past it (a record open at `end` runs on), and
    that start is returned; else the stream is read to its end, and that is returned."""
    head, rest = _skipped(stream, skip)
    base = origin + head - 1  # the offset in the file of rest's first byte, its line break
    read = origin + head + len(rest)  # how far the stream was read
    rest = NEWLINE + rest
    while True:
        # Up to `end` exactly, so that a block ends there; past it, as far as a record runs.
        size = BLOCK if end is None or read >= end else min(BLOCK, end - read)
        block = stream.read(size)
        read += len(block)
        data = rest + block
        if not block and not data.endswith(NEWLINE):
            data += NEWLINE  # the last line, with no line break of its own
        limit = data.rfind(NEWLINE)  # the line break after the last whole line
        stop = yield from _block(data, limit, base + 1, wanted, more=bool(block))
        if end is not None and read >= end and stop == limit and block:
            return base + limit + 1  # every record before here is whole: the next starts
        rest, base = data[stop:], base + stop
        if len(rest) > MAX_LINE and rest.find(NEWLINE, 1) < 0:
            yield base + 1, LONG_LINE  # read past the rest of it
            passed, rest = _past_line(stream)
            read += passed + len(rest)
            base += len(data) - stop + passed
        if not block:
            return read


def line_number(stream: IO[bytes], offset: int) -> int:
    """The number of the line that starts at `offset` in a stream read from its start."""
    lines, left = 1, offset
    while left > 0 and (block := stream.read(min(left, BLOCK))):
        lines += block.count(NEWLINE)
        left -= len(block)
    return lines


def _skipped(stream: IO[bytes], skip: int) -> tuple[int, bytes]:
    """How many bytes the first `skip` lines take, and what follows them in the stream's
    first blocks."""
    data, head = b"", 0
    while skip:
        block = stream.read(BLOCK)
        if not block:
            return head, b""
        data += block
        start = 0
        while skip and (end := data.find(NEWLINE, start)) >= 0:
            start, skip = end + 1, skip - 1
        data, head = data[start:], head + start
    return head, data


def _past_line(stream: IO[bytes]) -> tuple[int, bytes]:
    """Read past the end of the line being read: how many bytes that took, and what
    follows, from its line break."""
    passed = 0
    while block := stream.read(BLOCK):
        end = block.find(NEWLINE)
        if end >= 0:
            return passed + end, block[end:]
        passed += len(block)
    return passed, NEWLINE


def _block(
    data: bytes, limit: int, base: int, wanted: CodeSearch, *, more: bool
) -> Generator[Found, None, int]:
    """The records of the whole lines of `data` (up to the line break at `limit`; data[1]
    is at offset `base`). Returns where the next block starts: a line whose quoted
    field is still open at `limit`, when more lines may close it, or `limit`.

    A block whose quotes are simple is searched at once; one that is not is halved at a
    line break, so that the few lines that are not (a field running over lines) are read
    one by one and the rest at once."""
    if len(data) > MAX_LINE:
        return (yield from _mixed_block(data, limit, base, wanted, more=more))
    quoting = _quoting(data, limit)
    if quoting == SIMPLE:
        yield from _simply_quoted_block(data, limit, base, wanted)
        return limit
    half = data.rfind(NEWLINE, 0, limit // 2)
    if quoting == PLAIN or limit < MIN_HALVED or half <= 0:
        return (yield from _mixed_block(data, limit, base, wanted, more=more))
    resume = yield from _block(data, half, base, wanted, more=True)
    if resume == 0:  # a field open from the first line on: read the block as it is
        return (yield from _mixed_block(data, limit, base, wanted, more=more))
    rest = yield from _block(data[resume:], limit - resume, base + resume, wanted, more=more)
    return resume + rest


def _mixed_block(
    data: bytes, limit: int, base: int, wanted: CodeSearch, *, more: bool
) -> Generator[Found, None, int]:
    """The records of a block whose lines are read as they come: plain ones searched at
    once, those with quotes other than around a first field one by one."""
    quoted = _quoted(data, limit)
    long = _long(data, limit) if len(data) > MAX_LINE else []
    special = {*quoted, *long}
    resume, last = 0, -1
    for start in merge(_hits(data, limit, wanted.lines), quoted, long):
        if start < resume or start == last:
            continue  # inside a record that spans lines, or seen
        last = start
        end = data.find(NEWLINE, start + 1)
        line = data[start + 1 : end]
        if start not in special:
            if _typed_hit(line, wanted):
                yield base + start, line
        elif end - start > MAX_LINE:
            yield base + start, LONG_LINE
        elif line.count(QUOTE) & 1:
            close = _closing(data, start, end, limit)
            if close is None and more:
                return start
            if close is None or close < 0:
                yield base + start, OPEN_QUOTE  # read the lines after its first again
                continue
            record = data[start + 1 : close]
            resume = close
            if not wanted.tokens.isdisjoint(record.split(COMMA)):
                yield base + start, record
        elif quoted_first(line, wanted):
            yield base + start, line
    return limit


def _quoting(data: bytes, limit: int) -> str:
    """How the lines before `limit` quote, told by counts in C: PLAIN (no quotes, or only
    around first fields: the usual search is quicker), SIMPLE (quotes only ever enclose
    whole fields, each on one line, with no quote inside: ("a, b",,"c"): every quote
    opens a field (after a comma or a line break) or closes one (before a comma or a
    line's end), as many open as close, every line's quotes in pairs), else MIXED."""
    quotes = data.count(QUOTE, 0, limit)
    if quotes == 0:
        return PLAIN
    first = data.count(b'\n"', 0, limit)
    if quotes == 2 * first:
        return PLAIN
    opened = data.count(b',"', 0, limit) + first
    closed = (
        data.count(b'",', 0, limit) + data.count(b'"\n', 0, limit) + data.endswith(QUOTE, 0, limit)
    )
    if data.find(b"\r", 0, limit) >= 0:  # (a quick search: most files end lines with LF)
        closed += data.count(b'"\r', 0, limit)
    if opened != closed or opened + closed != quotes:
        return MIXED
    # Each line's quotes in pairs: a line with an odd number holds a field that runs on.
    each_line = data[:limit].translate(None, _NOT_QUOTE_OR_BREAK)
    return MIXED if QUOTE in each_line.replace(b'""', b"") else SIMPLE


def _simply_quoted_block(data: bytes, limit: int, base: int, wanted: CodeSearch) -> Iterator[Found]:
    """The records of a block whose quotes only enclose whole fields on one line: searched
    at once as plain lines are, every field maybe quoted; a hit is read with its fields."""
    for start in _hits(data, limit, wanted.quoted_lines):
        line = data[start + 1 : data.find(NEWLINE, start + 1)]
        if not wanted.tokens.isdisjoint(line.split(COMMA)):
            yield base + start, line


def _hits(data: bytes, limit: int, pattern: re.Pattern[bytes]) -> Iterator[int]:
    """Where the lines start (before `limit`) whose code fields hold a code looked for,
    as `pattern` reads them. A find that runs past its line's end (a line with fewer
    fields) is no hit: the search goes on from the next line."""
    search, position = pattern.search, 0
    while (found := search(data, position, limit + 1)) is not None:
        start = data.rfind(NEWLINE, 0, found.start() + 1)  # (a find starts at a line break
        position = data.find(NEWLINE, start + 1)  # but for a file of very many code columns)
        if found.end() <= position:
            yield start


def _quoted(data: bytes, limit: int) -> list[int]:
    """Where the lines start (before `limit`) that hold a quote other than around their
    first field: they are read one by one. A line whose only quoted field is its first
    is searched like a plain line. A block with few quotes has each looked at; with
    many, most often each is around a first field, which two counts tell."""
    place = data.find(QUOTE, 0, limit)
    if place < 0:
        return []
    following = place
    for _attempt in range(FEW_QUOTES):
        following = data.find(QUOTE, following + 1, limit)
        if following < 0:
            break
    else:
        if data.count(QUOTE, 0, limit) == 2 * len(EASY_FIRST.findall(data, 0, limit)):
            return []
    starts: list[int] = []
    while place >= 0:
        start = data.rfind(NEWLINE, 0, place)
        end = data.find(NEWLINE, place)
        close = data.find(CLOSE_FIRST, place + 1, end) if place == start + 1 else -1
        if (
            close < 0
            or data.count(QUOTE, place, close + 1) & 1
            or data.find(QUOTE, close + 1, end) >= 0
        ):
            starts.append(start)
        place = data.find(QUOTE, end, limit)
    return starts


def _long(data: bytes, limit: int) -> list[int]:
    """Where the lines longer than MAX_LINE start (before `limit`)."""
    starts: list[int] = []
    start = 0
    while start < limit:
        end = data.find(NEWLINE, start + 1)
        if end - start > MAX_LINE:
            starts.append(start)
        start = end
    return starts


def _typed_hit(line: bytes, wanted: CodeSearch) -> bool:
    """Whether a line found by the search (plain, or quoted in its first field only)
    holds a code looked for under a type that means something (a short line is read
    whole, to be sure)."""
    if line.startswith(QUOTE):
        return quoted_first(line, wanted)
    try:
        return wanted.hit(line.split(COMMA, wanted.split_at))
    except IndexError:
        return True


def _closing(data: bytes, start: int, end: int, limit: int) -> int | None:
    """The line break after the line that closes the quoted field opened on the line from
    `start` to `end`; -1 past the bounds; None when the whole lines run out first."""
    lines = 1
    while end < limit:
        following = data.find(NEWLINE, end + 1)
        lines += 1
        if lines > MAX_RECORD_LINES or following - start > MAX_RECORD_BYTES:
            return -1
        if data.count(QUOTE, end, following) & 1:
            return following
        end = following
    if lines >= MAX_RECORD_LINES or len(data) - start > MAX_RECORD_BYTES:
        return -1
    return None
