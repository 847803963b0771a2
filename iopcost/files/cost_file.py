"""The cost file: levels of care, their billing units, schedules and rate ranges.

Read strictly (iopcost.files.yamldoc) into a CostTable; written back as the
same schema, a template to edit (`levels --format yaml`, `prices -o`).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from yaml.nodes import Node

from iopcost.core.charges import PRICE_KINDS
from iopcost.core.errors import DataFileError
from iopcost.core.language import ENGLISH, LANGUAGES, _, spoken
from iopcost.core.levels import (
    SOURCE_KEYS,
    CostTable,
    Level,
    Source,
    default_symbol,
    spoken_name,
)
from iopcost.core.limits import HOUSEHOLD_PER_WEEK_MOST
from iopcost.core.text import clean
from iopcost.files.bundled import COST_FILE, bundled_file, bundled_name
from iopcost.files.levels import check_level_id, read_billing, read_usual
from iopcost.files.text_file import read_text
from iopcost.files.yamldoc import Document

BUNDLED_NAME = bundled_name(COST_FILE)
_CURRENCY = re.compile(r"[A-Z]{3}")


def load_cost_table(source: str | None) -> CostTable:
    """Read and validate a cost file ("-" for standard input, None for the bundled one)."""
    name = None
    if source is None:
        path = bundled_file(COST_FILE)
        if not path.is_file():
            raise DataFileError(
                _(
                    "the bundled cost file is missing ({path}); reinstall iopcost or pass "
                    "--data FILE.",
                    path=path,
                )
            )
        source, name = str(path), BUNDLED_NAME
    name, text = read_text(source, what=_("cost file"), name=name)
    return parse_cost_table(Document(name, text))


def parse_cost_table(doc: Document) -> CostTable:
    """Validate a composed cost file into a CostTable."""
    top = doc.mapping(
        doc.root,
        what=_("the cost file"),
        required=("currency", "source", "levels"),
        optional=("currency_symbol",),
    )
    currency = doc.text(top["currency"], what="currency")
    if not _CURRENCY.fullmatch(currency):
        doc.fail(
            top["currency"],
            _(
                "currency must be a three-letter code such as USD, not {currency!r}.",
                currency=currency,
            ),
        )
    if "currency_symbol" in top:
        symbol = doc.text(top["currency_symbol"], what="currency_symbol")
    else:
        symbol = default_symbol(currency)
    source = read_source(doc, top["source"], "source")
    entries = doc.mapping(top["levels"], what="levels", any_keys=True)
    if not entries:
        doc.fail(top["levels"], _("levels lists no level of care; add at least one."))
    # Level ids are matched in any case, so they must differ in more than case.
    folded = Counter(level_id.casefold() for level_id in entries)
    levels: list[Level] = []
    for level_id, node in entries.items():
        check_level_id(doc, node, level_id)
        if folded[level_id.casefold()] > 1:
            doc.fail(
                node,
                _(
                    "level id {level_id!r} differs from another only in case; rename one.",
                    level_id=level_id,
                ),
            )
        levels.append(_level(doc, level_id, node))
    _check_aliases(doc, entries, levels)
    return CostTable(
        origin=doc.name, currency=currency, symbol=symbol, source=source, levels=tuple(levels)
    )


def _rates(
    doc: Document, fields: dict[str, Node], node: Node, what: str
) -> tuple[Decimal, Decimal]:
    """A level's low and high rate: one rate, as a provider's own list gives it, or both."""
    if "rate" in fields:
        if "low" in fields or "high" in fields:
            doc.fail(
                fields["rate"],
                _(
                    "{what} gives rate and low/high; give either one rate or a low and a high.",
                    what=what,
                ),
            )
        rate = doc.amount(fields["rate"], what=f"{what} rate")
        return rate, rate
    if "low" not in fields or "high" not in fields:
        missing = " and ".join(repr(key) for key in ("low", "high") if key not in fields)
        doc.fail(
            node,
            _(
                "{what} is missing {missing}; give a rate, or a low and a high.",
                what=what,
                missing=missing,
            ),
        )
    low = doc.amount(fields["low"], what=f"{what} low")
    high = doc.amount(fields["high"], what=f"{what} high")
    if low > high:
        doc.fail(
            fields["low"],
            _(
                "{what} low ({low}) is above high ({high}); swap them.",
                what=what,
                low=low,
                high=high,
            ),
        )
    return low, high


# A level's name in another language iopcost speaks: name_es.
TRANSLATED_NAMES = tuple(f"name_{code}" for code in LANGUAGES if code != ENGLISH)


def _name(doc: Document, fields: dict[str, Node], what: str) -> str:
    """A level's name in the language spoken: its name_LANG if the file gives one."""
    in_language = f"name_{spoken()}"
    translated = (
        doc.text(fields[in_language], what=f"{what} {in_language}")
        if in_language in fields
        else None
    )
    return spoken_name(doc.text(fields["name"], what=f"{what} name"), translated)


def _level(doc: Document, level_id: str, node: Node) -> Level:
    """One level of the file: its name, billing, rate range and household schedule."""
    what = _("level '{id}'", id=level_id)
    fields = doc.mapping(
        node,
        what=what,
        required=("name", "unit", "per_week"),
        optional=(
            "rate",
            "low",
            "high",
            "aliases",
            "codes",
            "source",
            "usual_length",
            "kind",
            *TRANSLATED_NAMES,
            *HOUSEHOLD_PER_WEEK_MOST,
        ),
    )
    unit, per_week = read_billing(doc, fields, what=what)
    low, high = _rates(doc, fields, node, what)
    household = tuple(
        (key, doc.whole(fields[key], what=f"{what} {key}", low=0, high=most))
        for key, most in HOUSEHOLD_PER_WEEK_MOST.items()
        if key in fields
    )
    name = _name(doc, fields, what)
    aliases: list[str] = []
    if "aliases" in fields:
        for item in doc.sequence(fields["aliases"], what=f"{what} aliases"):
            alias = doc.text(item, what=f"{what} alias")
            check_level_id(doc, item, alias)
            aliases.append(alias)
    codes = tuple(
        _billing_code(doc, item, what)
        for item in (
            doc.sequence(fields["codes"], what=f"{what} codes") if "codes" in fields else ()
        )
    )
    own = read_source(doc, fields["source"], f"{what} source") if "source" in fields else None
    usual = read_usual(doc, fields["usual_length"], what=what) if "usual_length" in fields else None
    kind = _kind(doc, fields["kind"], what) if "kind" in fields else None
    return Level(
        id=level_id,
        name=name,
        unit=unit,
        per_week=per_week,
        low=low,
        high=high,
        household=household,
        aliases=tuple(aliases),
        codes=codes,
        source=own,
        usual=usual,
        kind=kind,
    )


def _kind(doc: Document, node: Node, what: str) -> str:
    """A level's kind of price: one a hospital's file gives."""
    kind = doc.text(node, what=f"{what} kind")
    if kind not in PRICE_KINDS:
        doc.fail(
            node,
            _(
                "{what} kind must be one of: {kinds}; not {kind!r}.",
                what=what,
                kinds=", ".join(PRICE_KINDS),
                kind=kind,
            ),
        )
    return kind


_CODE = re.compile(r"(?:(?:RC|HCPCS|CPT) )?[A-Z0-9]{4,5}")


def _billing_code(doc: Document, node: Node, what: str) -> str:
    """A billing code as written: S9480, 0905, or with its type, RC 0905."""
    code = " ".join(doc.text(node, what=f"{what} code").upper().split())
    if not _CODE.fullmatch(code):
        doc.fail(
            node,
            _(
                "{what} code {code!r} is not a billing code; write an HCPCS or CPT code "
                "(S9480) or a revenue code (0905), optionally after its type (RC 0905).",
                what=what,
                code=code[:20],
            ),
        )
    return code


def _check_aliases(doc: Document, entries: dict[str, Node], levels: list[Level]) -> None:
    """Every id and alias names one level only, in any case."""
    owner: dict[str, str] = {level.id.casefold(): level.id for level in levels}
    for level in levels:
        for alias in level.aliases:
            taken = owner.get(alias.casefold())
            if taken is not None:
                doc.fail(
                    entries[level.id],
                    _(
                        "level '{id}' has the alias {alias!r}, which already names '{taken}'; "
                        "give each name to one level.",
                        id=level.id,
                        alias=alias,
                        taken=taken,
                    ),
                )
            owner[alias.casefold()] = level.id


def read_source(doc: Document, node: Node, what: str) -> Source:
    """A `source:` mapping: the file's, or a level's own (a cost file of many hospitals)."""
    src = doc.mapping(node, what=what, required=("title",), optional=SOURCE_KEYS[1:])
    texts = {key: doc.text(src[key], what=f"{what}.{key}") for key in SOURCE_KEYS if key in src}
    return Source(
        title=texts["title"],
        published=texts.get("published"),
        note=texts.get("note"),
        url=texts.get("url"),
        caveat=texts.get("caveat"),
        file=texts.get("file"),
    )


def cost_file_text(table: CostTable, *, header: str | None = None) -> str:
    """The table in the cost file's schema, as YAML: a template to edit."""
    import yaml

    source = {key: value for key, value in table.source._asdict().items() if value is not None}
    document: dict[str, object] = {"currency": table.currency}
    if table.symbol != default_symbol(table.currency):
        document["currency_symbol"] = table.symbol
    document["source"] = source
    levels: dict[str, object] = {}
    for level in table.levels:
        entry: dict[str, object] = {
            "name": level.name,
            "unit": level.unit.value,
            "per_week": level.per_week,
        }
        if level.low == level.high:
            entry["rate"] = _yaml_number(level.low)
        else:
            entry.update(low=_yaml_number(level.low), high=_yaml_number(level.high))
        entry.update(level.household)
        if level.aliases:
            entry["aliases"] = list(level.aliases)
        if level.codes:
            entry["codes"] = list(level.codes)
        if level.kind is not None:
            entry["kind"] = level.kind
        if level.usual is not None:
            usual = level.usual
            days = str(usual.low) if usual.low == usual.high else f"{usual.low}-{usual.high}"
            entry["usual_length"] = {"days": days, "source": usual.source}
        if level.source is not None and level.source != table.source:
            entry["source"] = {k: v for k, v in level.source._asdict().items() if v is not None}
        levels[level.id] = entry
    document["levels"] = levels
    if header is None:
        header = f"Levels of care and their rates, from {table.origin}; schema in the README."
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return f"# {clean(header)}\n{text}"


def _yaml_number(amount: Decimal) -> int | str:
    """An amount for YAML: whole numbers plain, cents as written ("212.50")."""
    return int(amount) if amount == amount.to_integral_value() else f"{amount:.2f}"
