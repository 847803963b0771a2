"""A big CSV read by every usable core: its bytes split into parts, each part's records
that may hold a code found by a worker process (csv_scan.candidates), the records then
read here in the file's order, so that the result is a serial read's.

A part starts at a line's start. Its worker reads on past the part's end while a record
runs on, and says where the first record at or past the end starts. When that is where
the next part starts, the next part was read from a record's start, as a serial read
would have it; when it is not (a quoted field ran over the part's end), the next part is
read again here from that record's start. Each part found in order is exact in turn.

Only a plain file on disk is split (a compressed one cannot be read from its middle);
at most `jobs + 1` parts are read ahead, so that memory stays bounded.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from iopcost.hospital.code_search import CodeSearch
from iopcost.hospital.csv_scan import Found, candidates
from iopcost.hospital.workers import worker_start

# A file at least this big is split, when more than one core may read it.
SPLIT_AT = 32 << 20
# Each part's size (its records are held until read here: at most `jobs + 1` parts).
PART = 4 << 20


class Part(NamedTuple):
    """A part of a file to read: from `start` (a line's start) to `end` (None: the end)."""

    path: str
    start: int
    end: int | None


class PartFound(NamedTuple):
    """What a part holds: its records that may hold a code, and where the next starts."""

    found: list[Found]
    following: int


def part_starts(stream: IO[bytes], head: int, size: int) -> list[int]:
    """Where each part starts: `head`, then the start of the line after every PART bytes
    (a line longer than a part is wholly in one: read past in pieces, never held)."""
    starts = [head]
    for nominal in range(head + PART, size, PART):
        start = _line_after(stream, max(nominal - 1, starts[-1]), size)
        if starts[-1] < start < size:
            starts.append(start)
    return starts


def _line_after(stream: IO[bytes], at: int, size: int) -> int:
    """The start of the line after the line break at or after `at` (`size`: none)."""
    stream.seek(at)
    while piece := stream.read(1 << 16):
        newline = piece.find(b"\n")
        if newline >= 0:
            return at + newline + 1
        at += len(piece)
    return size


def read_part(part: Part, wanted: CodeSearch) -> PartFound:
    """A part's records that may hold a code, and where the record after it starts."""
    with open(part.path, "rb") as stream:
        stream.seek(part.start)
        scan = candidates(stream, 0, wanted, origin=part.start, end=part.end)
        found: list[Found] = []
        while True:
            try:
                found.append(next(scan))
            except StopIteration as done:
                return PartFound(found, done.value)


_WANTED: list[CodeSearch] = []  # a worker's search, set before it starts


def _read_in_worker(part: Part) -> PartFound:
    return read_part(part, _WANTED[0])


def _worker_start(parent: int, wanted: CodeSearch) -> None:
    _WANTED[:] = [wanted]
    worker_start(parent)


def parts_of(path: str, head: int) -> list[Part]:
    """The parts of the file at `path` after its first `head` bytes."""
    with open(path, "rb") as stream:
        starts = part_starts(stream, head, os.fstat(stream.fileno()).st_size)
    return [
        Part(path, start, following)
        for start, following in zip(starts, [*starts[1:], None], strict=True)
    ]


def joined(parts: list[Part], results: Iterator[PartFound], wanted: CodeSearch) -> Iterator[Found]:
    """The records the parts hold, in order, from each part's result (in the parts'
    order), as a serial read finds them: a part that did not start where the record
    after the last one starts is read again from there (or passed, when wholly inside)."""
    following = parts[0].start
    for part, result in zip(parts, results, strict=True):
        if following != part.start:
            if part.end is not None and following >= part.end:
                continue
            result = read_part(part._replace(start=following), wanted)
        yield from result.found
        following = result.following


def split_candidates(path: str, head: int, wanted: CodeSearch, jobs: int) -> Iterator[Found]:
    """The records of the file at `path` after its first `head` bytes that may hold a
    code, in order, found in parts by `jobs` worker processes: those of a serial read."""
    import multiprocessing

    parts = parts_of(path, head)
    context = multiprocessing.get_context("fork")  # the search is the parent's, not sent
    with context.Pool(jobs, _worker_start, (os.getpid(), wanted)) as pool:
        yield from joined(parts, _ahead(pool, parts, jobs + 1), wanted)


def _ahead(pool: Any, parts: list[Part], most: int) -> Iterator[PartFound]:
    """Each part's result, in order, with at most `most` parts being read at once."""
    reading = deque(pool.apply_async(_read_in_worker, (part,)) for part in parts[:most])
    for number in range(len(parts)):
        result = reading.popleft().get()
        if number + most < len(parts):
            reading.append(pool.apply_async(_read_in_worker, (parts[number + most],)))
        yield result
