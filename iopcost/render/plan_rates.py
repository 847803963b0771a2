"""`insurer rates`' sheet: a plan's own rates per provider and level of care, as an
insurer's in-network files write them, and what was passed over and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iopcost.core.care import CareCodes
from iopcost.core.language import N_, _, plural
from iopcost.core.levels import spoken_name
from iopcost.core.plan_rates import PERCENTAGE, Answer, Tally
from iopcost.core.text import clean
from iopcost.core.units import unit_word
from iopcost.render.figures import Shown
from iopcost.render.notes import Note
from iopcost.render.sheet import Column, Record, Sheet, field

PLAN_RATE_KEYS = (
    "provider",
    "id",
    "name",
    "kind",
    "arrangement",
    "unit",
    "rate_low",
    "rate_high",
    "percent",
    "priced",
    "rows",
    "codes",
    "networks",
    "modifiers",
)
KIND_WORDS = {
    "negotiated": N_("negotiated"),
    "per diem": N_("per diem"),
    "fee schedule": N_("fee schedule"),
    "derived": N_("derived"),
    "percentage": N_("percentage of billed charges"),
}


def _record(answer: Answer, codes: CareCodes) -> dict[str, Any]:
    level = codes.level(answer.level)
    return {
        "provider": answer.provider,
        "id": answer.level,
        "name": spoken_name(level.name),
        "kind": answer.kind,
        "arrangement": answer.arrangement,
        "unit": level.unit,
        "rate_low": answer.low,
        "rate_high": answer.high,
        "percent": answer.kind == PERCENTAGE,
        "priced": answer.priced,
        "rows": answer.rows,
        "codes": ", ".join(answer.codes),
        "networks": ", ".join(answer.networks),
        "modifiers": ", ".join(answer.modifiers),
    }


def _rate(record: Record, shown: Shown) -> str:
    low, high = record["rate_low"], record["rate_high"]
    if record["percent"]:
        span = f"{low:f} %" if low == high else f"{low:f}-{high:f} %"
        return _("{span} of billed charges", span=span)
    span = shown.range(low, high)
    if record["arrangement"] != "ffs":
        return _(
            "{span} ({arrangement}: not a day's or session's price)",
            span=span,
            arrangement=record["arrangement"],
        )
    return _("{span} per {unit}", span=span, unit=unit_word(record["unit"]))


def _kind(record: Record, shown: Shown) -> str:
    words = KIND_WORDS.get(record["kind"])
    return _(words) if words else str(record["kind"])


def plan_rates_sheet(
    tally: Tally, codes: CareCodes, *, title: str, about: Sequence[str], asked: Sequence[str]
) -> Sheet[Record]:
    """The plan's rates, provider by provider, each level's kinds apart."""
    order = {level.id: number for number, level in enumerate(codes.levels)}
    answers = sorted(
        tally.answers.values(),
        key=lambda a: (a.provider, order.get(a.level, 99), not a.priced, a.kind),
    )
    records = tuple(_record(answer, codes) for answer in answers)
    columns = (
        Column(_("Provider"), field("provider")),
        Column(_("Level of care"), field("name")),
        Column(_("Kind"), _kind),
        Column(_("Plan's rate"), _rate, numeric=True),
        Column(_("Rows"), field("rows"), numeric=True, hide_rank=2),
        Column(_("Networks"), field("networks"), hide_rank=1),
    )
    notes = [Note("plan", text) for text in (*about, *plan_notes(tally, asked))]
    document = {
        "title": title,
        "rates": [{key: record[key] for key in PLAN_RATE_KEYS} for record in records],
        "skipped": [
            {"reason": _(reason), "rates": count} for reason, count in tally.skipped.items()
        ],
        "failed": [{"address": clean(url), "why": why} for url, why in tally.failed.items()],
        "items": tally.items,
        "level_items": tally.level_items,
    }
    return Sheet(
        whole="json",
        title=title,
        keys=PLAN_RATE_KEYS,
        records=records,
        columns=columns,
        notes=tuple(notes),
        document=document,
    )


def plan_notes(tally: Tally, asked: Sequence[str]) -> list[str]:
    """What a reader must know of the rates, and what was passed over."""
    notes = [
        _(
            "These are what the plan has agreed to pay each provider, not what you pay: your "
            "share still comes from your plan's terms (deductible, coinsurance, out-of-pocket "
            "maximum)."
        ),
        _(
            "A rate for a level's code is not proof that the provider runs that program; ask "
            "the provider."
        ),
    ]
    found = {answer.provider for answer in tally.answers.values()}
    missing = [label for label in asked if label not in found]
    if missing:
        notes.append(
            _(
                "No rate for a level of care for: {names}.",
                names=", ".join(missing[:5]) + (" ..." if len(missing) > 5 else ""),
            )
        )
    for reason, count in tally.skipped.items():
        notes.append(
            plural(
                "{count:,} rate passed over: {reason}.",
                "{count:,} rates passed over: {reason}.",
                count,
                reason=_(reason),
            )
        )
    for url, why in list(tally.failed.items())[:5]:
        notes.append(
            _(
                "Provider references at {url} could not be read ({why}); the rest were kept.",
                url=clean(url),
                why=why,
            )
        )
    if len(tally.failed) > 5:
        notes.append(_("... and {more} more provider-reference files.", more=len(tally.failed) - 5))
    return notes
