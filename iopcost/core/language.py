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

DOMAIN = "iopcost"
_active: gettext.NullTranslations = gettext.NullTranslations()


def use(translations: gettext.NullTranslations | None) -> None:
    """Speak through `translations` from now on (None: English, as written)."""
    global _active
    _active = translations or gettext.NullTranslations()


def _(message: str, /, **values: object) -> str:
    """`message` in the language in use, its named placeholders filled from `values`."""
    text = _active.gettext(message)
    return text.format(**values) if values else text


def N_(message: str, /) -> str:  # noqa: N802 - gettext's name for it
    """Mark a sentence kept in a constant for the catalogue; it is translated where it is
    said, through `_`, so that the language in use then is the one spoken."""
    return message


def plural(singular: str, plural_form: str, count: int | Decimal, /, **values: object) -> str:
    """The form of a sentence for `count` ({count} in it), in the language in use."""
    form = _active.ngettext(singular, plural_form, int(count) if count == int(count) else 2)
    return form.format(count=count, **values)
