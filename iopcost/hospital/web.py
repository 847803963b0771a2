"""Hospitals' files from their web addresses: streamed to a temporary file and renamed
only when whole, capped in size, cached by address in the user cache folder, revalidated
with ETag and Last-Modified. Every failure is one sentence naming the address."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.settings import settings
from iopcost.core.text import clean

CHUNK = 1 << 16
# Told of each chunk's size as a download goes.
Advance = Callable[[int], None]
# What shows a download's progress: given its address and size (if the server says), a
# context whose value is told of each chunk.
Progress = Callable[[str, "int | None"], AbstractContextManager[Advance]]
_HTML = (b"<!doctype html", b"<html", b"<head", b"<body")


def cache_folder() -> Path:
    """Where downloads are kept: IOPCOST_HOME/cache, else the user cache folder."""
    home = settings().home
    if home is not None:
        return home / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("iopcost"))


def fetch(
    url: str,
    *,
    refresh: bool = False,
    offline: bool = False,
    page: bool = False,
    progress: Progress | None = None,
) -> Path:
    """The downloaded file for `url` (from the cache when it is still current); `page`
    for a cms-hpt.txt, downloaded only up to the size such a page can be; `progress`
    is told of the bytes as they come."""
    entry = cache_folder() / hashlib.sha256(url.encode()).hexdigest()[:32]
    data, meta = entry / "data", entry / "meta.json"
    if offline:
        if data.is_file():
            return data
        raise DataFileError(_("{url} is not in the cache; run once without --offline.", url=url))
    known = _meta(meta) if data.is_file() and not refresh else {}
    headers = {}
    if known.get("etag"):
        headers["If-None-Match"] = known["etag"]
    if known.get("last_modified"):
        headers["If-Modified-Since"] = known["last_modified"]
    entry.mkdir(parents=True, exist_ok=True)
    partial = entry / f"data.part{os.getpid()}"
    try:
        from iopcost.hospital.site_index import MAX_BYTES

        cap = MAX_BYTES if page else settings().max_download
        return _download(url, headers, data, meta, partial, cap=cap, progress=progress or _quiet)
    finally:
        partial.unlink(missing_ok=True)


def _meta(path: Path) -> dict[str, str]:
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return {key: str(value) for key, value in found.items()} if isinstance(found, dict) else {}


def _download(
    url: str,
    headers: dict[str, str],
    data: Path,
    meta: Path,
    partial: Path,
    *,
    cap: int,
    progress: Progress,
) -> Path:
    import httpx

    timeout = settings().timeout
    received = 0
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code == 304 and data.is_file():
                return data
            if response.status_code >= 400:
                raise DataFileError(
                    _(
                        "{url} answered {status_code} {reason_phrase}; check the address.",
                        url=url,
                        status_code=response.status_code,
                        reason_phrase=clean(response.reason_phrase),
                    )
                )
            total = int(response.headers.get("content-length", 0) or 0) or None
            with partial.open("wb") as out, progress(url, total) as advance:
                for chunk in response.iter_bytes(CHUNK):
                    _check_chunk(url, chunk, received, cap)
                    received += len(chunk)
                    out.write(chunk)
                    advance(len(chunk))
            etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
    except (httpx.HTTPError, OSError) as exc:
        raise _failure(exc, url, timeout=timeout, received=received) from None
    os.replace(partial, data)
    meta.write_text(json.dumps({"url": url, "etag": etag or "", "last_modified": modified or ""}))
    return data


def _failure(exc: Exception, url: str, *, timeout: float, received: int) -> DataFileError:
    """What went wrong with a download, in one sentence naming the address."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return DataFileError(
            _("{url} did not answer within {timeout:g} s; try again later.", url=url,
              timeout=timeout)
        )  # fmt: skip
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return DataFileError(
            _("the connection to {url} dropped after {received:,} bytes; nothing was kept; "
              "try again.", url=url, received=received)
        )  # fmt: skip
    why = clean(str(exc))
    if isinstance(exc, httpx.ConnectError):
        if "SSL" in why or "certificate" in why.lower():
            return DataFileError(
                _("{url} has no valid TLS certificate ({why}); check the address.", url=url,
                  why=why)
            )  # fmt: skip
        return DataFileError(
            _("cannot connect to {url} ({why}); check the address.", url=url, why=why)
        )
    if isinstance(exc, httpx.HTTPError):
        return DataFileError(_("{url} could not be downloaded ({why}).", url=url, why=why))
    strerror = exc.strerror if isinstance(exc, OSError) else why
    return DataFileError(
        _("{url} could not be saved in the cache ({strerror}).", url=url, strerror=strerror)
    )


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
