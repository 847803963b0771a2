"""The insurance file: plan-wide terms and optional per-level overrides."""

from __future__ import annotations

from decimal import Decimal

from yaml.nodes import Node

from iopcost.core.errors import InvalidValue
from iopcost.core.language import _
from iopcost.core.levels import CostTable
from iopcost.core.terms import (
    LEVEL_TERM_KEYS,
    TERM_KEYS,
    TERM_READERS,
    CostShare,
    PlanTerms,
    plan_terms,
)
from iopcost.files.text_file import read_text
from iopcost.files.yamldoc import Document


def load_plan_terms(source: str, *, table: CostTable) -> PlanTerms:
    """Read an insurance file: plan-wide terms and optional per-level overrides."""
    name, text = read_text(source, what=_("insurance file"))
    doc = Document(name, text)
    top = doc.mapping(doc.root, what=_("the insurance file"), optional=(*TERM_KEYS, "levels"))
    values = {key: _read_term(doc, top[key], key) for key in TERM_KEYS if key in top}
    try:
        plan = plan_terms(None, **values) or PlanTerms()
    except InvalidValue as exc:
        doc.fail(top["deductible"], str(exc))
    by_level: list[tuple[str, CostShare]] = []
    if "levels" in top:
        for level_id, fields in doc.per_level(top["levels"], table=table, keys=LEVEL_TERM_KEYS):
            overrides = {
                key: _read_term(doc, value, key, f"levels.{level_id}.{key}")
                for key, value in fields.items()
            }
            by_level.append((level_id, plan.share._replace(**overrides)))
    return plan._replace(by_level=tuple(by_level))


def _read_term(doc: Document, node: Node, key: str, what: str | None = None) -> Decimal:
    return doc.read(node, what=what or key, reader=TERM_READERS[key])
