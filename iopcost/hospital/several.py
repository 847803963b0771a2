"""Several hospitals' files read side by side: each file's price sheet, in the order given,
on a process pool when more than one core is usable; a file that cannot be read is
reported with its reason and never loses the others."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from iopcost.core.charges import Read
from iopcost.core.errors import IopcostError, SettingError, UsageProblem
from iopcost.core.language import _
from iopcost.core.text import STDIN_NAME
from iopcost.files.text_file import STDIN
from iopcost.hospital.web import Progress

# The files a folder holds that may be standard-charges files.
SUFFIXES = (".csv", ".json", ".gz", ".zip")


class SourceFile(NamedTuple):
    """A file to read: where it is here, what to call it, or why it could not be had."""

    path: str | None
    name: str
    error: str | None = None


def expand(sources: Sequence[str]) -> list[str]:
    """The files named, a folder standing for the files in it (sorted), in order."""
    from iopcost.hospital.site_index import is_web_address

    found: list[str] = []
    for source in sources:
        path = Path(source)
        if source != STDIN and not is_web_address(source) and path.is_dir():
            inside = sorted(
                str(child)
                for child in path.iterdir()
                if child.is_file() and child.name.lower().endswith(SUFFIXES)
            )
            if not inside:
                raise IopcostError(
                    _("{source} holds no .csv, .json, .gz or .zip file.", source=source)
                )
            found += inside
        else:
            found.append(source)
    return found


def resolve(
    sources: Sequence[str],
    *,
    location: str | None,
    refresh: bool,
    offline: bool,
    progress: Progress | None = None,
) -> list[SourceFile]:
    """Each source as a file here: files as they are; a web address downloaded (a site's
    root through its cms-hpt.txt, one file per location, or the one --location names).
    A source that cannot be had is kept with its reason."""
    from iopcost.hospital.site_index import hpt_url, is_site_root, is_web_address, parse_hpt, pick
    from iopcost.hospital.web import check_address, fetch, read_page

    expanded = expand(sources)
    if location is not None and not any(
        is_web_address(source) and is_site_root(source) for source in expanded
    ):
        raise UsageProblem(
            _(
                "it picks one of a site's locations, but no source is a site's "
                "address (one ending in /, whose cms-hpt.txt lists them); leave it out, or "
                "give the site's address."
            ),
            option="--location",
        )
    found: list[SourceFile] = []
    for source in expanded:
        if not is_web_address(source):
            found.append(SourceFile(source, STDIN_NAME if source == STDIN else source))
            continue
        try:
            check_address(source)
            if not is_site_root(source):
                found.append(
                    SourceFile(
                        str(fetch(source, refresh=refresh, offline=offline, progress=progress)),
                        source,
                    )
                )
                continue
            page = hpt_url(source)
            text = read_page(fetch(page, refresh=refresh, offline=offline, page=True), page)
            locations = pick(parse_hpt(text, page), location, page)
        except SettingError:
            raise  # the run's, not this source's
        except IopcostError as exc:
            found.append(SourceFile(None, source, str(exc)))
            continue
        for place in locations:
            try:
                got = fetch(place.mrf_url, refresh=refresh, offline=offline, progress=progress)
                found.append(SourceFile(str(got), place.mrf_url))
            except SettingError:
                raise
            except IopcostError as exc:
                found.append(SourceFile(None, place.mrf_url, str(exc)))
    return found


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def read_one(
    source: str, codes: str | None, name: str | None = None, by_description: bool = False
) -> Read:
    """One file's price sheet (in a worker process, or here); `by_description`: lines
    that name a level in words under codes not listed are read as that level."""
    from iopcost.files.care_codes import load_care_codes
    from iopcost.hospital.reader import open_price_file
    from iopcost.hospital.source import Source
    from iopcost.hospital.summary import price_sheet

    try:
        care = load_care_codes(codes)._replace(by_description=by_description)
        with Source(source, name=name) as opened:
            info, entries = open_price_file(opened, care, lambda warning: None)
            sheet = price_sheet(info, entries(), care)
            return Read(name or source, sheet, nothing=not any(s.levels for s in sheet))
    except IopcostError as exc:
        return Read(name or source, None, str(exc))


def read_many(
    sources: Sequence[str | SourceFile],
    codes: str | None,
    *,
    jobs: int,
    by_description: bool = False,
) -> Iterator[Read]:
    """Each source's result, in the order given: serially with one job, else on a
    process pool of `jobs` workers (the same results)."""
    wanted = [SourceFile(s, s) if isinstance(s, str) else s for s in sources]
    readable = [w for w in wanted if w.path is not None]
    paths = [str(w.path) for w in readable]
    names = [w.name for w in readable]
    given = ([codes] * len(paths), names, [by_description] * len(paths))
    if jobs <= 1 or len(readable) <= 1:
        results: Iterator[Read] = map(read_one, paths, *given)
        yield from _in_order(wanted, results)
        return
    from multiprocessing import Pool

    from iopcost.hospital.workers import worker_start

    # Pool's exit terminates its workers (SIGTERM), so that Ctrl-C or SIGTERM here ends
    # the run at once rather than after each worker's file.
    with Pool(min(jobs, len(readable)), worker_start, (os.getpid(),)) as pool:
        yield from _in_order(wanted, pool.imap(_read_packed, zip(paths, *given, strict=True)))


def _read_packed(args: tuple[str, str | None, str, bool]) -> Read:
    return read_one(*args)


def _in_order(wanted: list[SourceFile], results: Iterator[Read]) -> Iterator[Read]:
    """The results, with the sources that could not be had in their places."""
    for item in wanted:
        if item.path is None:
            yield Read(item.name, None, item.error)
        else:
            yield next(results)
