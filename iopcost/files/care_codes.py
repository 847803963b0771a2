"""The care codes: data/care_codes.yaml, or --codes FILE (see iopcost.core.care).

The bundled file is read from its compiled copy, data/care_codes.json, which
holds the YAML text it was made from: it is used only when that text is the
bundled file's own (else the YAML is read), so it can never be stale. Reading it
needs no YAML parser, and `prices` starts sooner. scripts/compile_care_codes.py
makes it.
"""

from __future__ import annotations

import json
from typing import Any

from iopcost.core.care import CareCodes, CareLevel, UnitRule
from iopcost.core.language import _
from iopcost.core.levels import UsualLength, spoken_name
from iopcost.core.units import Unit
from iopcost.files.bundled import CARE_CODES, CARE_CODES_COMPILED, bundled_file, bundled_name
from iopcost.files.text_file import read_text

BUNDLED_NAME = bundled_name(CARE_CODES)


def load_care_codes(source: str | None) -> CareCodes:
    """Read a codes file (the bundled one for None)."""
    name = None
    if source is None:
        source, name = str(bundled_file(CARE_CODES)), BUNDLED_NAME
    name, text = read_text(source, what=_("codes file"), name=name)
    if name == BUNDLED_NAME:
        compiled = _compiled(text)
        if compiled is not None:
            return compiled
    from iopcost.files.care_codes_yaml import parse_care_codes

    return parse_care_codes(name, text)


def compile_care_codes(codes: CareCodes, text: str) -> str:
    """The compiled copy of a codes file read from `text`, as JSON."""
    document = {
        "made_from": text,
        "levels": [
            [level.id, level.name, level.unit.value, level.per_week, level.usual]
            for level in codes.levels
        ],
        "by_code": [[kind, code, owner] for (kind, code), owner in codes.by_code.items()],
        "not_the_unit": [
            [rule.reason, [list(pair) for pair in rule.codes], list(rule.words)]
            for rule in codes.not_the_unit
        ],
        "named": [[level_id, list(phrases)] for level_id, phrases in codes.named],
        "not_named": list(codes.not_named),
        "meanings": dict(codes.meanings),
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _compiled(text: str) -> CareCodes | None:
    """The bundled codes from their compiled copy, if it was made from `text`."""
    try:
        document: Any = json.loads(bundled_file(CARE_CODES_COMPILED).read_text("utf-8"))
        if document["made_from"] != text:
            return None
        levels = tuple(
            CareLevel(
                id=id_,
                name=spoken_name(name),
                unit=Unit(unit),
                per_week=int(per_week),
                usual=usual and UsualLength(*usual),
            )
            for id_, name, unit, per_week, usual in document["levels"]
        )
        by_code = {(kind, code): owner for kind, code, owner in document["by_code"]}
        rules = tuple(
            UnitRule(reason, tuple((kind, code) for kind, code in codes), tuple(words))
            for reason, codes, words in document["not_the_unit"]
        )
        named = tuple((level_id, tuple(phrases)) for level_id, phrases in document["named"])
        not_named = tuple(document["not_named"])
        meanings = dict(document["meanings"])
    except (OSError, ValueError, TypeError, KeyError):
        return None  # no compiled copy, or a damaged one: the YAML is read instead
    return CareCodes(
        origin=BUNDLED_NAME,
        levels=levels,
        by_code=by_code,
        not_the_unit=rules,
        named=named,
        not_named=not_named,
        meanings=meanings,
    )
