"""A hospital site's `cms-hpt.txt` (45 CFR 180.50(d)(6)): one block per location,
blocks separated by blank lines, each line `key: value` (location-name, source-page-url,
mrf-url, contact-name, contact-email). Written by strangers: every value is made safe to
show, and a block without its file's address is refused naming the location."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.text import clean

# A cms-hpt.txt is a few lines per location; past this it is not one.
MAX_BYTES = 1 << 20
# The most locations read from one site without --location: each is a download.
MAX_LOCATIONS = 200


class Location(NamedTuple):
    """One location a site lists, and where its standard-charges file is."""

    name: str
    mrf_url: str
    source_page: str | None = None
    contact: str | None = None


def is_web_address(text: str) -> bool:
    """Whether a source is an http(s) address rather than a file."""
    return text.lower().startswith(("http://", "https://"))


def is_site_root(url: str) -> bool:
    """A site's address (nothing after the host but /), or one ending in /: its
    cms-hpt.txt is there; any other address is a file's."""
    return urlsplit(url).path in ("", "/") or url.endswith("/")


def hpt_url(site: str) -> str:
    """The cms-hpt.txt beside a site's root (or the folder the address ends with)."""
    return urljoin(site if site.endswith("/") else site + "/", "cms-hpt.txt")


def parse_hpt(text: str, where: str) -> list[Location]:
    """The locations of a cms-hpt.txt (a byte-order mark and CRLF line ends are fine)."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.removeprefix("\ufeff").splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
            current = {}
            continue
        key, colon, value = line.partition(":")
        if not colon:
            continue  # not a key: value line; the format has no other kind
        current[key.strip().casefold()] = clean(value.strip())
    if current:
        blocks.append(current)
    if not blocks:
        raise DataFileError(
            _("{where} lists no location; it should hold location-name and mrf-url.", where=where)
        )
    found = []
    for number, block in enumerate(blocks, start=1):
        name = block.get("location-name") or f"location {number}"
        url = block.get("mrf-url")
        if not url:
            raise DataFileError(
                _(
                    "{where}: {name} has no mrf-url, the address of its standard-charges "
                    "file; ask the hospital, or give the file's address itself.",
                    where=where,
                    name=name,
                )
            )
        if not is_web_address(urljoin(where, url)):
            raise DataFileError(
                _(
                    "{where}: {name}'s mrf-url {url!r} is not a web address.",
                    where=where,
                    name=name,
                    url=url[:80],
                )
            )
        contact = (
            " ".join(
                part for part in (block.get("contact-name"), block.get("contact-email")) if part
            )
            or None
        )
        found.append(Location(name, urljoin(where, url), block.get("source-page-url"), contact))
    return found


def pick(locations: list[Location], wanted: str | None, where: str) -> list[Location]:
    """Every location, or the one whose name holds `wanted` (in any case)."""
    if wanted is None and len(locations) > MAX_LOCATIONS:
        raise DataFileError(
            _(
                "{where} lists {count:,} locations, more than the {most:,} iopcost reads from "
                "one site; name one with --location, or give the files' own addresses.",
                where=where,
                count=len(locations),
                most=MAX_LOCATIONS,
            )
        )
    if wanted is None:
        return locations
    chosen = [loc for loc in locations if wanted.casefold() in loc.name.casefold()]
    if not chosen:
        names = "; ".join(loc.name for loc in locations)
        raise DataFileError(
            _(
                "{where} has no location matching {wanted!r}; its locations: {names}.",
                where=where,
                wanted=wanted,
                names=names,
            )
        )
    return chosen
