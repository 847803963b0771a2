"""Several hospitals' files read side by side: each file's price sheet, in the order given,
on a process pool when more than one core is usable; a file that cannot be read is
reported with its reason and never loses the others."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from iopcost.core.charges import Read
from iopcost.core.errors import IopcostError

# The files a folder holds that may be standard-charges files.
SUFFIXES = (".csv", ".json", ".gz", ".zip")


def expand(sources: Sequence[str]) -> list[str]:
    """The files named, a folder standing for the files in it (sorted), in order."""
    found: list[str] = []
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            inside = sorted(
                str(child)
                for child in path.iterdir()
                if child.is_file() and child.name.lower().endswith(SUFFIXES)
            )
            if not inside:
                raise IopcostError(f"{source} holds no .csv, .json, .gz or .zip file.")
            found += inside
        else:
            found.append(source)
    return found


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def read_one(source: str, codes: str | None) -> Read:
    """One file's price sheet (in a worker process, or here)."""
    from iopcost.files.care_codes import load_care_codes
    from iopcost.hospital.reader import open_price_file
    from iopcost.hospital.source import Source
    from iopcost.hospital.summary import price_sheet

    try:
        care = load_care_codes(codes)
        info, entries = open_price_file(Source(source), care, lambda warning: None)
        return Read(source, price_sheet(info, entries(), care))
    except IopcostError as exc:
        return Read(source, None, str(exc))


def read_many(
    sources: Sequence[str],
    codes: str | None,
    *,
    jobs: int,
    read: Callable[[str, str | None], Read] = read_one,
) -> Iterator[Read]:
    """Each source's result, in the order given: serially with one job, else on a
    process pool of `jobs` workers (the same results)."""
    if jobs <= 1 or len(sources) <= 1:
        for source in sources:
            yield read(source, codes)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(sources))) as pool:
        yield from pool.map(read, sources, [codes] * len(sources))
