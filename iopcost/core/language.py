"""Sentences for people, through the one function a translation catalogue serves.

Every sentence iopcost writes for people passes through `_` (a count's noun through
`plural`), following the standard library's gettext conventions: the English text is
the message id, a whole sentence with named placeholders ({path}, {count}), never a
sentence assembled from fragments. A sentence kept in a constant is marked with `N_`
and translated where it is said. A catalogue (gettext's .mo files, built from .po
sources) turns it into another language; without one, the English is used as written.
"""

from __future__ import annotations

import gettext
from decimal import Decimal
from pathlib import Path

DOMAIN = "iopcost"
# The languages spoken: English as written, and those with a catalogue in LOCALES.
ENGLISH = "en"
LANGUAGES = ("en", "es")
LOCALES = Path(__file__).resolve().parents[1] / "locale"
_active: gettext.NullTranslations = gettext.NullTranslations()
_spoken = ENGLISH


def use(translations: gettext.NullTranslations | None) -> None:
    """Speak through `translations` from now on (None: English, as written)."""
    global _active
    _active = translations or gettext.NullTranslations()


def speak(language: str) -> None:
    """Speak `language` (one of LANGUAGES) from now on: its compiled catalogue
    (locale/<language>/LC_MESSAGES/iopcost.mo), or English as written."""
    global _spoken
    if language == ENGLISH:
        use(None)
    else:
        use(gettext.translation(DOMAIN, LOCALES, languages=[language]))
    _spoken = language


def spoken() -> str:
    """The language spoken now (for `lang` attributes and translated names)."""
    return _spoken


def has_catalogue(language: str) -> bool:
    """Whether `language` can be spoken: English, or a compiled catalogue exists."""
    return language == ENGLISH or (
        language in LANGUAGES and (LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    )


def _(message: str, /, **values: object) -> str:
    """`message` in the language in use, its named placeholders filled from `values`."""
    text = _active.gettext(message)
    return text.format(**values) if values else text


def N_(message: str, /) -> str:  # noqa: N802 - gettext's name for it
    """Mark a sentence kept in a constant for the catalogue; it is translated where it is
    said, through `_`, so that the language in use then is the one spoken."""
    return message


def N_plural(one: str, many: str, /) -> tuple[str, str]:  # noqa: N802 - as N_
    """Mark a sentence's forms for one and for many, kept in a constant, for the
    catalogue; said through `plural`."""
    return one, many


def plural(singular: str, plural_form: str, count: int | Decimal, /, **values: object) -> str:
    """The form of a sentence for `count` ({count} in it), in the language in use."""
    form = _active.ngettext(singular, plural_form, int(count) if count == int(count) else 2)
    return form.format(count=count, **values)
