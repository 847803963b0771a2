"""`prices`' sheet: what a hospital's file gives per level of care (columns only)."""

from __future__ import annotations

from collections.abc import Sequence

from iopcost.core.charges import SHEET_KINDS, LevelPrices, PriceKind, Summary
from iopcost.core.language import _, plural
from iopcost.core.text import clean
from iopcost.render import hospital_words as words
from iopcost.render.contract import PRICES_KEYS, SHEET_KEYS
from iopcost.render.figures import Shown
from iopcost.render.hospital_documents import price_sheet_document, summary_document
from iopcost.render.notes import Note
from iopcost.render.price_records import KindRecord, LevelPriceRecord, PriceRecord
from iopcost.render.sheet import Column, Record, Sheet, field, rate


def level_prices(found: LevelPrices, price: str) -> LevelPriceRecord:
    """What every sheet of a hospital's file says of a level's prices of one kind."""
    return LevelPriceRecord(
        id=found.level.id,
        name=found.level.name,
        price=price,
        unit=found.level.unit,
        rate_low=found.low,
        rate_high=found.high,
        items=found.items,
        codes=words.codes_text(found.codes),
    )


def prices_sheet(summary: Summary, others: Sequence[str]) -> Sheet[PriceRecord]:
    """What a hospital's file gives per level of care for one kind of price, and what was
    skipped and why (`others`: the kinds that have a rate, to name when this has none)."""
    advice = words.no_price_note(summary, others)
    others_notes = () if advice is None else (advice,)
    records = [
        PriceRecord(
            **level_prices(found, summary.price),
            payers=str(len(found.payers)) if found.payers else "-",
            methodology=", ".join(clean(m) for m in found.methodologies) or "-",
        )
        for found in summary.levels
    ]
    columns = (
        Column(_("Level of care"), field("name")),
        Column(_("Items"), field("items"), numeric=True),
        Column(_("Codes"), field("codes")),
        Column(_("Payers"), field("payers"), numeric=True, hide_rank=1),
        Column(_("Rate"), rate, numeric=True),
        Column(_("Methodology"), field("methodology"), hide_rank=2),
    )
    return Sheet(
        whole="json",
        title=words.prices_title(summary),
        keys=PRICES_KEYS,
        records=tuple(records),
        columns=columns,
        notes=tuple(Note("prices", text) for text in (*words.prices_notes(summary), *others_notes)),
        document=summary_document(summary),
    )


def plans(record: Record, shown: Shown) -> str:
    """How many payer plans a rate comes from; "-" for prices that do not depend on one."""
    return "-" if record["plans"] is None else str(record["plans"])


def kinds_sheet(summaries: tuple[Summary, ...]) -> Sheet[KindRecord]:
    """Every kind of price the file gives, per level: one row per level and kind."""
    by_kind = {summary.price: summary for summary in summaries}
    records = [
        KindRecord(
            **level_prices(found, summary.price),
            prices=found.prices,
            plans=len(found.payers) if found.payers else None,
        )
        for care in summaries[0].codes.levels
        for kind in SHEET_KINDS
        for summary in (by_kind.get(kind),)
        if summary is not None
        for found in summary.levels
        if found.level.id == care.id
    ]
    columns = (
        Column(_("Level of care"), field("name")),
        Column(_("Price"), lambda record, shown: PriceKind(record["price"]).label),
        Column(_("Rate"), rate, numeric=True),
        Column(_("Rows"), field("prices"), numeric=True),
        Column(_("Plans"), plans, numeric=True, hide_rank=2),
        Column(_("Codes"), field("codes"), hide_rank=1),
    )
    return Sheet(
        whole="json",
        title=words.sheet_title(summaries),
        keys=SHEET_KEYS,
        records=tuple(records),
        columns=columns,
        notes=tuple(Note("prices", text) for text in words.sheet_notes(summaries)),
        document=price_sheet_document(summaries),
    )


def payer_lines(listed: list[tuple[str, str, int]]) -> list[str]:
    """`prices --payers` for people: each payer and plan the file names with its count
    of prices for a level of care, or that it has none."""
    return [
        plural(
            "{name} | {plan}: {count} price for a level of care",
            "{name} | {plan}: {count} prices for a level of care",
            count,
            name=clean(name),
            plan=clean(plan),
        )
        if count
        else _("{name} | {plan}: no price for a level of care", name=clean(name), plan=clean(plan))
        for name, plan, count in listed
    ]


def payer_records(listed: list[tuple[str, str, int]]) -> list[dict[str, object]]:
    """`prices --payers --format json`: `prices` counts the negotiated prices for a level
    of care (0, and `level_of_care` false: the file names the payer, with none)."""
    return [
        {"payer": clean(p), "plan": clean(q), "prices": n, "level_of_care": n > 0}
        for p, q, n in listed
    ]
