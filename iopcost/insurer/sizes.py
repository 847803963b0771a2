"""How large a plan's in-network files are, where their servers say (HEAD requests, at
most MOST_ASKED of them, one at a time), and which addresses have expired."""

from __future__ import annotations

from collections.abc import Sequence

from iopcost.core.language import _
from iopcost.core.plan_rates import Size
from iopcost.core.settings import settings
from iopcost.core.text import clean

MOST_ASKED = 50


def sizes(locations: Sequence[str]) -> list[Size | None]:
    """Each address's size (None past MOST_ASKED, or for what is not a web address)."""
    import httpx

    from iopcost.hospital.site_index import is_web_address
    from iopcost.hospital.web import expired_on

    found: list[Size | None] = []
    with httpx.Client(follow_redirects=True, timeout=settings().timeout) as client:
        for number, url in enumerate(locations):
            if number >= MOST_ASKED or not is_web_address(url):
                found.append(None)
                continue
            ended = expired_on(url)
            if ended is not None:
                found.append(Size(None, _("expired on {date}", date=ended.isoformat())))
                continue
            try:
                response = client.head(url)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                found.append(Size(None, clean(str(exc))[:80] or type(exc).__name__))
                continue
            if response.status_code >= 400:
                found.append(Size(None, _("answered {status}", status=response.status_code)))
                continue
            length = response.headers.get("content-length", "")
            found.append(Size(int(length) if length.isdigit() else None))
    return found
