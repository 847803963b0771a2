"""Which billing codes mean which level of care, as values: levels, codes, their normal form.

A code means something only with its type (MS-DRG 894 is not APR-DRG 894), so
codes are kept as (TYPE, code) pairs; revenue codes compare as four digits
(905 is 0905). Codes priced per stay (DRGs) are listed apart: they are
counted and reported, never turned into a daily rate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from iopcost.core.language import N_, _
from iopcost.core.levels import UsualLength
from iopcost.core.units import Unit

# The bundled codes file's reasons (data/care_codes.yaml), for the catalogue: a reason
# is said through `_`, so these are said in the language spoken, another file's as written.
BUNDLED_REASONS = (
    N_(
        "professional services (evaluation and management, counselling) billed under a level's code, not its day or session"  # noqa: E501
    ),
    N_("psychotherapy billed under a level's code, a part of the day or session"),
    N_("components of a program day (activity therapy, training and education), not the day"),
    N_("priced per hour or per 15 minutes, not per day or session"),
    N_("part of a day (a half day, a few hours), not a day"),
)
PER_CASE = "per case"
# Codes whose lines may bill a level under a code of no fixed meaning (a psychiatric
# hospital's PHP under RC 0915): read, and priced as a level only by what their
# description names (CareCodes.named_level), never by the code.
DESCRIBED = "named in words"
# HCPCS level II: a letter and four digits (CPT's own codes are five digits, or four
# and a letter at the end).
_HCPCS = re.compile(r"[A-Z][0-9]{4}")
# An APC as files write it: four digits, with a leading zero or a one-letter prefix.
_APC = re.compile(r"[A-Z]?0*[0-9]{1,4}")


class CareLevel(NamedTuple):
    """A level of care as priced from a hospital's file."""

    id: str
    name: str
    unit: Unit
    per_week: int
    # How long a stay usually lasts, when the codes file says (detox: days).
    usual: UsualLength | None = None


def normal_kind(kind: str) -> str:
    """A code type as compared: upper case, trimmed ("ms-drg" is MS-DRG)."""
    return kind.strip().upper()


def normal_code(kind: str, code: str) -> tuple[str, str]:
    """A (TYPE, code) pair as compared: revenue codes as four digits, letters upper case."""
    kind = normal_kind(kind)
    code = code.strip().upper()
    if kind == "RC" and code.isdigit():
        code = code.zfill(4)
    elif kind == "APC" and _APC.fullmatch(code):
        # Written 05851 or T5861: the payment group's four digits.
        code = (code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").lstrip("0") or "0").zfill(4)
    return kind, code


class UnitRule(NamedTuple):
    """Lines billed under a level's code that do not price its day or session, and why."""

    reason: str
    # (TYPE, code) pairs; a code ending in * is a prefix (CPT 99* is every 99xxx).
    codes: tuple[tuple[str, str], ...] = ()
    # Words in the description that say so ("half day", "per hour"), case-folded.
    words: tuple[str, ...] = ()

    def matches(self, codes: tuple[tuple[str, str], ...], description: str) -> bool:
        """Whether a line with these (normalised) codes and description is one."""
        for kind, code in codes:
            for rule_kind, rule_code in self.codes:
                if kind != rule_kind:
                    continue
                if rule_code.endswith("*"):
                    if code.startswith(rule_code[:-1]):
                        return True
                elif code == rule_code:
                    return True
        folded = description.casefold()
        return any(word in folded for word in self.words)


def described_code(code: str) -> str:
    """A code of a line read by its description alone, labelled so: "0915 (by description)"."""
    return _("{code} (by description)", code=code)


def read_by_description(codes: tuple[str, ...]) -> bool:
    """Whether any of a level's codes (as shown, "RC 0915 (by description)") was read
    by its line's description alone."""
    label = described_code("")
    return any(code.endswith(label) for code in codes)


def words_of(description: str) -> str:
    """A description as its words are matched: case-folded, every run of other
    characters one space, with a space either side ("RTC - Psych" is " rtc psych ")."""
    return f" {' '.join(_NOT_WORD.split(description.casefold()))} "


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _says(words: str, phrase: str) -> bool:
    """Whether `words` (see words_of) hold `phrase` as whole words, its last a prefix
    when it ends in *."""
    if phrase.endswith("*"):
        return f" {phrase[:-1]}" in words
    return f" {phrase} " in words


class CareCodes(NamedTuple):
    """Levels with their codes, the codes priced per stay, what is not a level's unit,
    and the words that name a level in a line under a code not listed."""

    origin: str
    levels: tuple[CareLevel, ...]
    # (TYPE, code) -> level id, or PER_CASE
    by_code: Mapping[tuple[str, str], str]
    not_the_unit: tuple[UnitRule, ...] = ()
    # (level id, phrases): a phrase names the level as whole words ("iop" is not in
    # "Iopamidol"), its last word a prefix when it ends in * ("partial hosp*" is in
    # "Partial Hospitalization"); `not_named`: words (or prefixes) that make a line
    # another thing (group therapy, hospice), whatever level it names.
    named: tuple[tuple[str, tuple[str, ...]], ...] = ()
    not_named: tuple[str, ...] = ()
    # Whether lines that name a level under a code not listed are read as that level
    # (--by-description); otherwise they are counted and shown, never priced.
    by_description: bool = False
    # What a code means, where the codes file says ("APC 5863" -> "hospital-based
    # partial hospitalization, 3 services a day").
    meanings: Mapping[str, str] = {}

    def named_level(self, description: str) -> str | None:
        """The level a description names, if it names one and nothing else."""
        if not self.named:
            return None
        words = words_of(description)
        if any(_says(words, word) for word in self.not_named):
            return None
        for level_id, phrases in self.named:
            if any(_says(words, phrase) for phrase in phrases):
                return level_id
        return None

    def first_words(self) -> tuple[str, ...]:
        """The first word of each naming phrase, for a quick test of a description."""
        return tuple(
            sorted({phrase.split()[0].removesuffix("*") for _, ps in self.named for phrase in ps})
        )

    def not_a_unit(self, codes: tuple[tuple[str, str], ...], description: str) -> str | None:
        """Why a line under a level's code does not price the level's unit, if it does not."""
        for rule in self.not_the_unit:
            if rule.matches(codes, description):
                return rule.reason
        return None

    def classify(self, kind: str, code: str) -> str | None:
        """The level id (or PER_CASE) a code of a type means, if any.

        A code whose declared type is wrong in a way that cannot collide is read by
        its shape: an HCPCS level II code (a letter and four digits, H0010) typed CPT
        is HCPCS, since no CPT code has that shape. Numbers typed MS-DRG, APR-DRG,
        CDM or LOCAL are never read as anything else.
        """
        pair = normal_code(kind, code)
        found = self.by_code.get(pair)
        if found is None and pair[0] == "CPT" and _HCPCS.fullmatch(pair[1]):
            found = self.by_code.get(("HCPCS", pair[1]))
        return found

    def level(self, level_id: str) -> CareLevel:
        """A level by its id."""
        return next(level for level in self.levels if level.id == level_id)

    def described(self) -> str:
        """The codes looked for, by level, for messages."""
        parts = []
        for level in self.levels:
            codes = [
                f"{kind} {code}" for (kind, code), lid in self.by_code.items() if lid == level.id
            ]
            parts.append(f"{level.id}: {', '.join(codes)}")
        return "; ".join(parts)

    def kinds(self) -> frozenset[str]:
        """Every type a code may be written with and still mean something (CPT for an
        HCPCS code by its shape, see classify)."""
        return frozenset({kind for kind, _ in self.by_code} | {"CPT"})

    def forms(self) -> frozenset[str]:
        """Every way a code looked for may be written, trimmed: as listed, in lower case,
        without its leading zeros (a revenue code written 905), with one more (an APC
        written 05851)."""
        written = (
            (code, code.lower(), code.lstrip("0") or "0", "0" + code) for _, code in self.by_code
        )
        # An APC may be written with a one-letter prefix (T5861): every letter, either case.
        prefixed = (
            letter + code
            for kind, code in self.by_code
            if kind == "APC"
            for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        )
        return frozenset([*(form for forms in written for form in forms), *prefixed])

    def tokens(self) -> frozenset[bytes]:
        """Every way a code may be written as a raw CSV field, for a fast first test."""
        found: set[bytes] = set()
        for form in self.forms():
            raw = form.encode()
            for text in (raw, b" " + raw, raw + b" ", b" " + raw + b" "):
                for field in (text, b'"' + text + b'"'):
                    # As the last field of a line ended by CR LF, with its CR.
                    found |= {field, field + b"\r"}
        return frozenset(found)
