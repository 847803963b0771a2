"""Which billing codes mean which level of care: data/care_codes.yaml, or --codes FILE.

A code means something only with its type (MS-DRG 894 is not APR-DRG 894), so
codes are kept as (TYPE, code) pairs; revenue codes compare as four digits
(905 is 0905). Codes priced per stay (DRGs) are listed apart: they are
counted and reported, never turned into a daily rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from iopcost.costdata import LEVEL_ID, RESERVED_IDS, bundled_file
from iopcost.limits import UNITS_PER_WEEK
from iopcost.yamldoc import Document, read_text

BUNDLED_NAME = "care_codes.yaml (bundled)"
PER_CASE = "per case"


class CareLevel(NamedTuple):
    """A level of care as priced from a hospital's file."""

    id: str
    name: str
    unit: str
    per_week: int


class CareCodes(NamedTuple):
    """Levels with their codes, and the codes priced per stay."""

    origin: str
    levels: tuple[CareLevel, ...]
    # (TYPE, code) -> level id, or PER_CASE
    by_code: Mapping[tuple[str, str], str]

    def classify(self, kind: str, code: str) -> str | None:
        """The level id (or PER_CASE) a code of a type means, if any."""
        return self.by_code.get(normal_code(kind, code))

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

    def tokens(self) -> frozenset[bytes]:
        """Every way a code may be written as a raw CSV field, for a fast first test."""
        found: set[bytes] = set()
        for _, code in self.by_code:
            forms = {code, code.lower(), code.lstrip("0") or "0"}
            for form in forms:
                raw = form.encode()
                for text in (raw, b" " + raw, raw + b" ", b" " + raw + b" "):
                    for field in (text, b'"' + text + b'"'):
                        # As the last field of a line, with its line ending.
                        found |= {field, field + b"\n", field + b"\r\n"}
        return frozenset(found)


def normal_kind(kind: str) -> str:
    """A code type as compared: upper case, trimmed ("ms-drg" is MS-DRG)."""
    return kind.strip().upper()


def normal_code(kind: str, code: str) -> tuple[str, str]:
    """A (TYPE, code) pair as compared: revenue codes as four digits, letters upper case."""
    kind = normal_kind(kind)
    code = code.strip().upper()
    if kind == "RC" and code.isdigit():
        code = code.zfill(4)
    return kind, code


def load_care_codes(source: str | None) -> CareCodes:
    """Read a codes file (the bundled one for None) with the strict YAML rules."""
    name = None
    if source is None:
        source, name = str(bundled_file("care_codes.yaml")), BUNDLED_NAME
    name, text = read_text(source, what="codes file", name=name)
    doc = Document(name, text)
    top = doc.mapping(doc.root, what="the codes file", required=("levels",),
                      optional=("source", "per_case"))  # fmt: skip
    if "source" in top:
        doc.text(top["source"], what="source")
    by_code: dict[tuple[str, str], str] = {}

    def add_codes(node: object, owner: str, what: str) -> None:
        for kind, codes in doc.mapping(node, what=what, any_keys=True).items():  # type: ignore[arg-type]
            items = doc.sequence(codes, what=f"{what}.{kind}")
            for item in items:
                pair = normal_code(kind, doc.text(item, what=f"{what}.{kind}"))
                if pair in by_code:
                    doc.fail(item, f"{pair[0]} {pair[1]} is listed twice; keep one.")
                by_code[pair] = owner

    levels = []
    for level_id, node in doc.mapping(top["levels"], what="levels", any_keys=True).items():
        what = f"level '{level_id}'"
        if not LEVEL_ID.fullmatch(level_id) or level_id in RESERVED_IDS:
            doc.fail(node, f"level id {level_id!r} must be letters, digits, '-' or '_'; rename it.")
        fields = doc.mapping(node, what=what, required=("name", "unit", "per_week", "codes"))
        unit = doc.text(fields["unit"], what=f"{what} unit")
        if unit not in UNITS_PER_WEEK:
            doc.fail(fields["unit"], f"{what} unit must be one of: {', '.join(UNITS_PER_WEEK)}.")
        per_week = doc.whole(
            fields["per_week"], what=f"{what} per_week", low=1, high=UNITS_PER_WEEK[unit]
        )
        levels.append(CareLevel(level_id, doc.text(fields["name"], what=f"{what} name"), unit,
                                per_week))  # fmt: skip
        add_codes(fields["codes"], level_id, f"{what} codes")
    if not levels:
        doc.fail(top["levels"], "levels lists no level of care; add at least one.")
    if "per_case" in top:
        add_codes(top["per_case"], PER_CASE, "per_case")
    return CareCodes(name, tuple(levels), by_code)
