"""The hospitals catalogue as people and programs read it: hospitals list and show."""

from __future__ import annotations

from collections.abc import Sequence

from iopcost.core.charges import PriceKind
from iopcost.core.kept import KeptPrice, Stored
from iopcost.core.language import N_, _
from iopcost.core.text import clean
from iopcost.render.words import rate_text

NOTHING_KEPT = N_("No hospital is kept yet: add one with iopcost hospitals add FILE.")
NOTHING_MATCHES = N_("No kept price matches.")


def hospital_lines(kept: Sequence[Stored]) -> list[str]:
    """One line per hospital kept: its id, name, levels, locations and file's date."""
    if not kept:
        return [_(NOTHING_KEPT)]
    return [
        _(
            "{slug}: {name}, {levels} levels, {locations} location(s), file of {value}",
            slug=clean(stored.slug),
            name=clean(stored.name),
            levels=stored.levels,
            locations=stored.locations,
            value=stored.published or _("no date"),
        )
        for stored in kept
    ]


def hospital_records(kept: Sequence[Stored]) -> list[dict[str, object]]:
    """The hospitals kept, for JSON."""
    return [dict(stored._asdict()) for stored in kept]


def price_lines(rows: Sequence[KeptPrice]) -> list[str]:
    """One line per kept price: level, hospital, kind (and payer), range, rows."""
    if not rows:
        return [_(NOTHING_MATCHES)]
    lines = []
    for row in rows:
        who = f" {clean(row.payer)} {clean(row.plan)}".rstrip() if row.payer else ""
        per_unit = PriceKind(row.kind).per_unit
        rate = rate_text(row.low, row.high, row.unit, "$", per_unit=per_unit)
        lines.append(
            f"{clean(row.level_name)}: {clean(row.hospital)}, {row.kind}{who}: {rate} "
            f"({row.rows} rows)"
        )
    return lines


def price_records(rows: Sequence[KeptPrice]) -> list[dict[str, object]]:
    """The kept prices, for JSON: amounts as numbers, as in every JSON document."""
    return [dict(row._asdict()) for row in rows]
