"""A care-codes file read as YAML with the strict rules: --codes FILE, or the bundled
data/care_codes.yaml when its compiled copy is not current (see iopcost.files.care_codes)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from yaml.nodes import Node

from iopcost.core.care import (
    DESCRIBED,
    PER_CASE,
    CareCodes,
    CareLevel,
    UnitRule,
    normal_code,
    words_of,
)
from iopcost.core.language import _
from iopcost.core.levels import spoken_name
from iopcost.files.levels import check_level_id, read_billing, read_usual
from iopcost.files.yamldoc import Document


def parse_care_codes(name: str, text: str) -> CareCodes:
    """A codes file's text, read with the strict YAML rules; `name` is how messages call it."""
    doc = Document(name, text)
    top = doc.mapping(
        doc.root,
        what=_("the codes file"),
        required=("levels",),
        optional=("source", "per_case", "not_the_unit", "never_a_level", "read_for_words"),
    )
    if "source" in top:
        doc.text(top["source"], what="source")
    by_code: dict[tuple[str, str], str] = {}
    add_codes = partial(_add_codes, doc, by_code)

    levels = []
    named: list[tuple[str, tuple[str, ...]]] = []
    meanings: dict[str, str] = {}
    for level_id, node in doc.mapping(top["levels"], what="levels", any_keys=True).items():
        what = _("level '{id}'", id=level_id)
        check_level_id(doc, node, level_id)
        fields = doc.mapping(
            node,
            what=what,
            required=("name", "unit", "per_week", "codes"),
            optional=("named_by", "usual_length", "meanings"),
        )
        if "meanings" in fields:
            meanings.update(_meanings(doc, fields["meanings"], what=f"{what} meanings"))
        if "named_by" in fields:
            named.append((level_id, _phrases(doc, fields["named_by"], what=f"{what} named_by")))
        levels.append(_care_level(doc, level_id, fields, what))
        add_codes(fields["codes"], level_id, f"{what} codes")
    if not levels:
        doc.fail(top["levels"], _("levels lists no level of care; add at least one."))
    if "per_case" in top:
        add_codes(top["per_case"], PER_CASE, "per_case")
    if "read_for_words" in top:
        _read_for_words(doc, top["read_for_words"], by_code)
    rules = _unit_rules(doc, top["not_the_unit"]) if "not_the_unit" in top else ()
    never = (
        _phrases(doc, top["never_a_level"], what="never_a_level") if "never_a_level" in top else ()
    )
    return CareCodes(
        origin=name,
        levels=tuple(levels),
        by_code=by_code,
        not_the_unit=rules,
        named=tuple(named),
        not_named=never,
        meanings=meanings,
    )


def _add_codes(
    doc: Document, by_code: dict[tuple[str, str], str], node: Node, owner: str, what: str
) -> None:
    """{TYPE: [code, ...]}: each code for `owner` (a level id, or PER_CASE), once."""
    for kind, codes in doc.mapping(node, what=what, any_keys=True).items():
        for item in doc.sequence(codes, what=f"{what}.{kind}"):
            pair = normal_code(kind, doc.text(item, what=f"{what}.{kind}"))
            if pair in by_code:
                doc.fail(
                    item,
                    _("{pair} {pair2} is listed twice; keep one.", pair=pair[0], pair2=pair[1]),
                )
            by_code[pair] = owner


def _care_level(doc: Document, level_id: str, fields: Mapping[str, Node], what: str) -> CareLevel:
    """One level: its name, billing and usual length."""
    unit, per_week = read_billing(doc, fields, what=what)
    usual = read_usual(doc, fields["usual_length"], what=what) if "usual_length" in fields else None
    return CareLevel(
        id=level_id,
        name=spoken_name(doc.text(fields["name"], what=f"{what} name")),
        unit=unit,
        per_week=per_week,
        usual=usual,
    )


def _read_for_words(doc: Document, node: Node, by_code: dict[tuple[str, str], str]) -> None:
    """read_for_words: {TYPE: [code or digits*]}: codes whose lines are read for a level
    named in words; digits ending in * stand for every code of four digits they begin
    ("091*" is 0910 to 0919). A code listed for a level keeps its level."""
    what = "read_for_words"
    for kind, listed in doc.mapping(node, what=what, any_keys=True).items():
        for item in doc.sequence(listed, what=f"{what}.{kind}"):
            text = doc.text(item, what=f"{what}.{kind}")
            stem = text.removesuffix("*")
            if text.endswith("*") and not (stem.isdigit() and len(stem) < 4):
                doc.fail(item, _("{text!r}: only digits (fewer than 4) may end in *.", text=text))
            width = 4 - len(stem)
            expanded = (
                [stem + str(n).zfill(width) for n in range(10**width)]
                if text.endswith("*")
                else [text]
            )
            for code in expanded:
                by_code.setdefault(normal_code(kind, code), DESCRIBED)


def _meanings(doc: Document, node: Node, *, what: str) -> dict[str, str]:
    """meanings: {"TYPE code": what it means}, keyed as codes are shown ("APC 5863")."""
    found = {}
    for written, meaning in doc.mapping(node, what=what, any_keys=True).items():
        kind, _space, code = written.partition(" ")
        pair = normal_code(kind, code)
        found[f"{pair[0]} {pair[1]}"] = doc.text(meaning, what=f"{what} {written}")
    return found


def _phrases(doc: Document, node: Node, *, what: str) -> tuple[str, ...]:
    """A list of words or phrases, each as descriptions are matched (see words_of; a
    phrase ending in * keeps it: its last word is a prefix)."""
    phrases = []
    for item in doc.sequence(node, what=what):
        written = doc.text(item, what=what).strip()
        phrase = words_of(written).strip() + ("*" if written.endswith("*") else "")
        if not phrase.strip("*"):
            doc.fail(item, _("{what} holds a phrase with no letter or digit.", what=what))
        phrases.append(phrase)
    return tuple(phrases)


def _unit_rules(doc: Document, node: Node) -> tuple[UnitRule, ...]:
    """not_the_unit: a list of {reason, codes: {TYPE: [code or prefix*]}, words: [...]}."""
    rules = []
    for index, item in enumerate(doc.sequence(node, what="not_the_unit")):
        what = f"not_the_unit[{index}]"
        fields = doc.mapping(item, what=what, required=("reason",), optional=("codes", "words"))
        codes: list[tuple[str, str]] = []
        if "codes" in fields:
            for kind, listed in doc.mapping(
                fields["codes"], what=f"{what}.codes", any_keys=True
            ).items():
                for code in doc.sequence(listed, what=f"{what}.codes.{kind}"):
                    text = doc.text(code, what=f"{what}.codes.{kind}")
                    prefix = text.endswith("*")
                    kind_code = normal_code(kind, text.removesuffix("*"))
                    codes.append((kind_code[0], kind_code[1] + ("*" if prefix else "")))
        words = tuple(
            doc.text(word, what=f"{what}.words").casefold()
            for word in (
                doc.sequence(fields["words"], what=f"{what}.words") if "words" in fields else ()
            )
        )
        if not codes and not words:
            doc.fail(item, _("{what} gives no codes and no words; give at least one.", what=what))
        rules.append(
            UnitRule(doc.text(fields["reason"], what=f"{what}.reason"), tuple(codes), words)
        )
    return tuple(rules)
