"""The providers asked for: NPIs (type 1 or 2) and EINs, each with the label answers
carry (a hospital's name, or "NPI 1234567893"), as an in-network file names them.

Files write an NPI as a number or as text, and an EIN with or without its dash; both
are looked up in one step. A TIN-only contract's `npi: [0]` names no one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from iopcost.core.errors import DataFileError, UsageProblem
from iopcost.core.gfe import npi_problem
from iopcost.core.language import _
from iopcost.core.text import clean

_EIN = re.compile(r"([0-9]{2})-?([0-9]{7})")
# A provider list file holds at most this many providers (one per line).
MOST_PROVIDERS = 100_000


def ein_digits(text: str) -> str | None:
    """An EIN as its nine digits ("12-3456789" is 123456789), or None."""
    found = _EIN.fullmatch(text.strip())
    return found.group(1) + found.group(2) if found else None


class Providers:
    """Who to keep: each NPI and EIN with its label."""

    def __init__(self) -> None:
        self.by_npi: dict[object, str] = {}
        self.by_ein: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self.by_npi or self.by_ein)

    def __len__(self) -> int:
        return len(set(self.by_npi.values()) | set(self.by_ein.values()))

    def add(self, identifier: str, label: str | None = None) -> None:
        """An NPI or EIN as typed; refused in words when it is neither."""
        text = identifier.strip()
        ein = ein_digits(text)
        if ein is not None:  # nine digits: an NPI has ten
            written = ein[:2] + "-" + ein[2:]
            self.by_ein[ein] = label or _("EIN {ein}", ein=written)
            return
        problem = npi_problem(text)
        if problem is not None:
            raise UsageProblem(
                _(
                    "{identifier!r} is neither an NPI (10 digits, the last a check digit) "
                    "nor an EIN (12-3456789); give the provider's NPI or its tax id.",
                    identifier=clean(text[:40]),
                )
            )
        label = label or _("NPI {npi}", npi=text)
        self.by_npi[text] = label
        self.by_npi[int(text)] = label

    def npi(self, value: object) -> str | None:
        """The label of an NPI as a file writes it (a number or text), if asked for."""
        return self.by_npi.get(value)

    def tin(self, kind: object, value: object) -> str | None:
        """The label of a tax id object's value (`type` ein or npi), if asked for."""
        if not isinstance(value, str | int):
            return None
        if kind == "npi":
            return self.by_npi.get(value)
        digits = ein_digits(str(value))
        return None if digits is None else self.by_ein.get(digits)

    def labels(self) -> list[str]:
        """Every label, once, in the order added."""
        return list(dict.fromkeys([*self.by_npi.values(), *self.by_ein.values()]))


def providers_of(identifiers: Iterable[str], named: Iterable[tuple[str, str]] = ()) -> Providers:
    """The providers given by identifier, and (identifier, label) pairs (hospitals)."""
    found = Providers()
    for identifier in identifiers:
        found.add(identifier)
    for identifier, label in named:
        found.add(identifier, label)
    return found


def read_provider_list(path: Path, into: Providers) -> None:
    """A list file: one NPI or EIN per line, a label after a comma if wanted; blank lines
    and lines starting with # are skipped."""
    try:
        with path.open(encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, start=1):
                text = line.strip()
                if not text or text.startswith("#"):
                    continue
                if number > MOST_PROVIDERS:
                    raise DataFileError(
                        _(
                            "{path} lists more than {most:,} providers; split it.",
                            path=path,
                            most=MOST_PROVIDERS,
                        )
                    )
                identifier, _comma, label = text.partition(",")
                try:
                    into.add(identifier, clean(label.strip()) or None)
                except UsageProblem as exc:
                    raise DataFileError(
                        _("{path} line {line}: {problem}", path=path, line=number, problem=exc)
                    ) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else exc.reason
        raise DataFileError(
            _("{path} cannot be read ({why}); give a text file of NPIs or EINs.", path=path,
              why=why)
        ) from None  # fmt: skip
