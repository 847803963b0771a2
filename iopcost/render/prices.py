"""`prices`' sheet: what a hospital's file gives per level of care (columns only)."""

from __future__ import annotations

from iopcost.core.charges import Summary
from iopcost.core.text import clean
from iopcost.render import hospital_words as words
from iopcost.render.contract import PRICES_KEYS
from iopcost.render.documents import summary_document
from iopcost.render.sheet import Column, Sheet, field, rate


def prices_sheet(summary: Summary) -> Sheet:
    """What a hospital's file gives per level of care, and what was skipped and why."""
    records = [
        {
            "id": found.level.id,
            "name": found.level.name,
            "unit": found.level.unit,
            "rate_low": found.low,
            "rate_high": found.high,
            "items": found.items,
            "codes": ", ".join(clean(code) for code in found.codes),
            "payers": str(len(found.payers)) if found.payers else "-",
            "methodology": ", ".join(clean(m) for m in found.methodologies) or "-",
        }
        for found in summary.levels
    ]
    columns = (
        Column("Level of care", field("name")),
        Column("Items", field("items"), numeric=True),
        Column("Codes", field("codes")),
        Column("Payers", field("payers"), numeric=True, hide_rank=1),
        Column("Rate", rate, numeric=True),
        Column("Methodology", field("methodology"), hide_rank=2),
    )
    return Sheet(
        title=words.prices_title(summary),
        keys=PRICES_KEYS,
        records=tuple(records),
        columns=columns,
        notes=words.prices_notes(summary),
        document=summary_document(summary),
    )


def payer_lines(listed: list[tuple[str, str, int]]) -> list[str]:
    """`prices --payers` for people: each payer and plan with its count of prices."""
    return [
        f"{clean(name)} | {clean(plan)}: {count} behavioural-health prices"
        for name, plan, count in listed
    ]


def payer_records(listed: list[tuple[str, str, int]]) -> list[dict[str, object]]:
    """`prices --payers --format json`."""
    return [{"payer": clean(p), "plan": clean(q), "prices": n} for p, q, n in listed]
