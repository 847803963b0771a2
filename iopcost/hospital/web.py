"""Hospitals' files from their web addresses: streamed to a private temporary file and
renamed only when whole, capped in size and decoded within bounds
(iopcost.hospital.decoding), cached by address (iopcost.hospital.cache, safe on a shared
machine), revalidated with ETag and Last-Modified. Every failure is one sentence naming
the address."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.settings import settings
from iopcost.core.text import clean

if TYPE_CHECKING:
    import httpx

    from iopcost.hospital.cache import Entry

# Told of each chunk's size as a download goes.
Advance = Callable[[int], None]
# What shows a download's progress: given its address and size (if the server says), a
# context whose value is told of each chunk.
Progress = Callable[[str, "int | None"], AbstractContextManager[Advance]]
_HTML = (b"<!doctype html", b"<html", b"<head", b"<body")


def fetch(
    url: str,
    *,
    refresh: bool = False,
    offline: bool = False,
    page: bool = False,
    progress: Progress | None = None,
) -> Path:
    """The downloaded file for `url` (from the cache when it is still current and whole);
    `page` for a cms-hpt.txt, downloaded only up to the size such a page can be;
    `progress` is told of the bytes as they come."""
    from iopcost.hospital.cache import entry_for, read_meta, trusted

    check_address(url)
    entry = entry_for(url)
    known = read_meta(entry) if not refresh else {}
    whole = bool(known) and trusted(entry, known)
    if offline:
        if whole:
            return entry.data
        raise DataFileError(_("{url} is not in the cache; run once without --offline.", url=url))
    headers = {}
    if whole and known.get("etag"):
        headers["If-None-Match"] = known["etag"]
    if whole and known.get("last_modified"):
        headers["If-Modified-Since"] = known["last_modified"]
    partial = entry.folder / f"data.part{os.getpid()}"
    try:
        from iopcost.hospital.site_index import MAX_BYTES

        cap = MAX_BYTES if page else settings().max_download
        return _download(
            url, headers, entry, partial, whole=whole, cap=cap, progress=progress or _quiet
        )
    finally:
        partial.unlink(missing_ok=True)


def check_address(url: str) -> None:
    """Refuse, in words, an address that is no http or https address iopcost can reach
    (a broken IPv6 host, a host name too long, another scheme)."""
    import httpx

    try:
        parsed = httpx.URL(url)
        parsed.host.encode("idna")
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise DataFileError(
            _(
                "{url} is not a web address iopcost can read ({why}); check it.",
                url=clean(url[:200]),
                why=clean(str(exc)[:100]),
            )
        ) from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise DataFileError(
            _("{url} is not an http or https address; check it.", url=clean(url[:200]))
        )


def _header(value: str | None) -> str:
    """A validator (ETag, Last-Modified) fit to send back: printable ASCII, else none."""
    return value if value and value.isascii() and value.isprintable() else ""


def _download(
    url: str,
    headers: dict[str, str],
    entry: Entry,
    partial: Path,
    *,
    whole: bool,
    cap: int,
    progress: Progress,
) -> Path:
    import httpx

    from iopcost.hospital.cache import cache_problem, create_private, write_meta
    from iopcost.hospital.decoding import Body

    timeout = settings().timeout
    received = 0
    digest = hashlib.sha256()
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code == 304 and whole:
                return entry.data
            if response.status_code >= 400:
                raise _refused(url, response.status_code, response.reason_phrase)
            body = Body(url, response.headers.get("content-encoding", ""), deadline=timeout)
            total = int(response.headers.get("content-length", 0) or 0) or None
            with os.fdopen(create_private(partial), "wb") as out, progress(url, total) as advance:
                for chunk in body.chunks(response.iter_raw()):
                    _check_chunk(url, chunk, received, cap)
                    received += len(chunk)
                    digest.update(chunk)
                    out.write(chunk)
                    advance(len(chunk))
            etag = _header(response.headers.get("etag"))
            modified = _header(response.headers.get("last-modified"))
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # a redirect to a broken address too
        raise _failure(exc, url, timeout=timeout, received=received) from None
    except OSError as exc:  # the cache's, not the server's
        raise cache_problem(exc, partial) from None
    meta = {
        "url": url,
        "etag": etag,
        "last_modified": modified,
        "size": str(received),
        "sha256": digest.hexdigest(),
    }
    try:
        os.replace(partial, entry.data)
        write_meta(entry, meta)
    except OSError as exc:
        raise cache_problem(exc, entry.data) from None
    return entry.data


def _refused(url: str, status: int, reason: str) -> DataFileError:
    """A server's refusal in one sentence: a signed address past its time said so."""
    ended = expired_on(url) if status == 403 else None
    if ended is not None:
        return DataFileError(
            _(
                "{url} is a signed address that expired on {date}; get a fresh one "
                "(from a new copy of the table of contents that lists it).",
                url=url,
                date=ended.isoformat(),
            )
        )
    return DataFileError(
        _(
            "{url} answered {status_code} {reason_phrase}; check the address.",
            url=url,
            status_code=status,
            reason_phrase=clean(reason),
        )
    )


def expired_on(url: str) -> date | None:
    """The day a signed address's `Expires` (seconds since 1970) fell, if it is past."""
    from urllib.parse import parse_qsl, urlsplit

    for key, value in parse_qsl(urlsplit(url).query):
        if key.lower() == "expires" and value.isdigit() and len(value) <= 12:
            ended = datetime.fromtimestamp(int(value), tz=UTC)
            if ended < datetime.now(tz=UTC):
                return ended.date()
    return None


def _failure(
    exc: httpx.HTTPError | httpx.InvalidURL, url: str, *, timeout: float, received: int
) -> DataFileError:
    """What went wrong with a download, in one sentence naming the address."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return DataFileError(
            _(
                "{url} did not answer within {timeout:g} s; try again later.",
                url=url,
                timeout=timeout,
            )
        )
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return DataFileError(
            _(
                "the connection to {url} dropped after {received:,} bytes; nothing was kept; "
                "try again.",
                url=url,
                received=received,
            )
        )
    why = clean(str(exc)).rstrip(".")
    if isinstance(exc, httpx.ConnectError):
        if "SSL" in why or "certificate" in why.lower():
            return DataFileError(
                _(
                    "{url} has no valid TLS certificate ({why}); check the address.",
                    url=url,
                    why=why,
                )
            )
        return DataFileError(
            _("cannot connect to {url} ({why}); check the address.", url=url, why=why)
        )
    return DataFileError(_("{url} could not be downloaded ({why}).", url=url, why=why))


def _check_chunk(url: str, chunk: bytes, received: int, cap: int) -> None:
    """Refuse a web page for a file, and a file past the cap, as soon as they show."""
    if received == 0 and chunk.lstrip()[:14].lower().startswith(_HTML):
        raise DataFileError(
            _(
                "{url} is a web page, not a standard-charges file; give the file's own "
                "address (the mrf-url in the site's cms-hpt.txt).",
                url=url,
            )
        )
    if received + len(chunk) > cap:
        raise DataFileError(
            _(
                "{url} is larger than {cap:,} bytes, the most iopcost downloads; "
                "download it yourself and give the file.",
                url=url,
                cap=cap,
            )
        )


def _quiet(label: str, total: int | None) -> AbstractContextManager[Advance]:
    return nullcontext(lambda size: None)


def read_page(path: Path, url: str) -> str:
    """A downloaded cms-hpt.txt as text (UTF-8, a byte-order mark allowed), bounded."""
    from iopcost.hospital.site_index import MAX_BYTES

    with path.open("rb") as raw:
        data = raw.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DataFileError(
            _("{url} is larger than a cms-hpt.txt can be; check the address.", url=url)
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(_("{url} is not UTF-8 text; check the address.", url=url)) from None
