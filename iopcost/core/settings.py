"""Settings from the environment, every variable read and checked here, once.

`settings()` is the one reader: each distinct set of values is parsed once,
so a test that changes a variable sees the change, and a run reads each
variable in one place. A value that cannot be used is one sentence naming
the variable and what it takes.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from iopcost.core.errors import SettingError
from iopcost.core.language import ENGLISH, LANGUAGES, _, has_catalogue

# Seconds to wait for a connection or for the next bytes of a download.
TIMEOUT = 30.0
# The largest file downloaded (the largest real files are a few GB).
MAX_DOWNLOAD = 16 << 30
# The bounds a setting is checked against: an hour, and a terabyte.
MAX_TIMEOUT = 3600.0
MAX_DOWNLOAD_LIMIT = 1 << 40
# Where Letter is the usual paper; elsewhere A4.
LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "PR", "CR", "SV", "NI", "PA", "DO", "BZ"}
)
# Every variable iopcost reads; the README's table names each.
VARIABLES = (
    "IOPCOST_DATA",
    "IOPCOST_HOME",
    "IOPCOST_TIMEOUT",
    "IOPCOST_MAX_DOWNLOAD",
    "IOPCOST_DEBUG",
    "IOPCOST_LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "LC_PAPER",
    "LANG",
)


@dataclass(frozen=True, slots=True)
class Settings:
    """What the environment sets, checked."""

    # The cost file used when --data is not given (None: the bundled one).
    data: str | None = None
    # The folder for the cache and the catalogue (None: the user's folders).
    home: Path | None = None
    timeout: float = TIMEOUT
    max_download: int = MAX_DOWNLOAD
    # Show the traceback of an unexpected failure.
    debug: bool = False
    # The locale's paper for a PDF: "letter" or "a4".
    paper: str = "letter"
    # The language spoken (--lang overrides it): IOPCOST_LANG, else the locale's when
    # iopcost has a catalogue for it, else English.
    language: str = ENGLISH


def read_settings(environ: Mapping[str, str]) -> Settings:
    """The settings a set of environment variables makes; refused in words when unusable."""
    home = environ.get("IOPCOST_HOME", "").strip()
    return Settings(
        data=environ.get("IOPCOST_DATA", "").strip() or None,
        home=Path(home) if home else None,
        timeout=_seconds(environ.get("IOPCOST_TIMEOUT")),
        max_download=_bytes(environ.get("IOPCOST_MAX_DOWNLOAD")),
        debug=bool(environ.get("IOPCOST_DEBUG", "").strip()),
        paper=paper_of(environ),
        language=language_of(environ),
    )


def settings() -> Settings:
    """The settings of this process's environment now."""
    return _parsed(tuple(os.environ.get(name) for name in VARIABLES))


@lru_cache(maxsize=8)
def _parsed(values: tuple[str | None, ...]) -> Settings:
    given = {
        name: value for name, value in zip(VARIABLES, values, strict=True) if value is not None
    }
    return read_settings(given)


def paper_of(environ: Mapping[str, str]) -> str:
    """The locale's paper (LC_ALL, LC_PAPER or LANG, e.g. en_GB.UTF-8 is A4), else Letter."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = environ.get(name, "")
        language, _sep, rest = value.partition("_")
        country = rest[:2].upper()
        if language and len(country) == 2 and country.isalpha():
            return "letter" if country in LETTER_COUNTRIES else "a4"
    return "letter"


def language_of(environ: Mapping[str, str]) -> str:
    """IOPCOST_LANG (en, es; es_US and es-US read as es), refused in words when iopcost
    does not speak it; else the locale's language (LC_ALL, LC_MESSAGES or LANG) when
    iopcost has a catalogue for it; else English."""
    asked = environ.get("IOPCOST_LANG", "").strip()
    if asked:
        language = asked.replace("-", "_").partition("_")[0].lower()
        if language not in LANGUAGES or not has_catalogue(language):
            raise SettingError(
                _(
                    "IOPCOST_LANG is {asked!r}; set it to one of {languages}, or unset it.",
                    asked=asked,
                    languages=", ".join(LANGUAGES),
                )
            )
        return language
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            language = value.partition("_")[0].partition(".")[0].lower()
            return language if has_catalogue(language) else ENGLISH
    return ENGLISH


def _seconds(text: str | None) -> float:
    if text is None or not text.strip():
        return TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (0 < value <= MAX_TIMEOUT):
        raise SettingError(
            _(
                "IOPCOST_TIMEOUT is {text!r}; set it to a number of seconds above 0 and "
                "at most {max_timeout:g}, or unset it for {timeout:g}.",
                text=text,
                max_timeout=MAX_TIMEOUT,
                timeout=TIMEOUT,
            )
        )
    return value


def _bytes(text: str | None) -> int:
    if text is None or not text.strip():
        return MAX_DOWNLOAD
    stripped = text.strip().replace("_", "")
    value = int(stripped) if stripped.isdigit() else 0
    if not (0 < value <= MAX_DOWNLOAD_LIMIT):
        raise SettingError(
            _(
                "IOPCOST_MAX_DOWNLOAD is {text!r}; set it to a whole number of bytes "
                "from 1 to {max_download_limit:,}, or unset it for {max_download:,}.",
                text=text,
                max_download_limit=MAX_DOWNLOAD_LIMIT,
                max_download=MAX_DOWNLOAD,
            )
        )
    return value
