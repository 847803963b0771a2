"""Hospitals side by side: per level of care and kind of price, one row per hospital,
cheapest first (kinds are never ranked together), with the bottom line naming the least
and most expensive in one kind per level, from several files' price sheets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from iopcost.core.charges import (
    FALLBACK,
    PriceKind,
    Read,
    Summary,
    advice_order,
    chosen_price,
)
from iopcost.core.language import _, plural
from iopcost.core.phrases import listed
from iopcost.core.text import clean
from iopcost.render import hospital_words as words
from iopcost.render.hospital_documents import file_document
from iopcost.render.notes import Note
from iopcost.render.price_records import SideRecord
from iopcost.render.sheet import Column, Record, Sheet, field, rate
from iopcost.render.words import rate_text

SIDE_KEYS = (
    "id",
    "name",
    "hospital",
    "locations",
    "price",
    "unit",
    "rate_low",
    "rate_high",
    "prices",
    "file",
)


def _hospital(summary: Summary) -> str:
    return " ".join(clean(summary.info.hospital).split())


def side_kinds(price: str | None) -> tuple[PriceKind, ...]:
    """The kinds compared side by side: the one asked for, or each rate per day or session
    in the order a self-pay family would ask (never ranked together)."""
    if price:
        return (PriceKind(price),)
    return tuple(kind for kind in advice_order(FALLBACK))


def side_records(reads: Sequence[Read], price: str | None) -> list[SideRecord]:
    """Per level and kind of price, one record per hospital that has it, cheapest first:
    each kind its own group."""
    sheets = [read.sheet for read in reads if read.sheet is not None]
    if not sheets:
        return []
    records: list[SideRecord] = []
    for care in sheets[0][0].codes.levels:
        for kind in side_kinds(price):
            rows = []
            for read in reads:
                if read.sheet is None:
                    continue
                chosen = chosen_price(read.sheet, care.id, kind)
                if chosen is None:
                    continue
                found = chosen[1]
                info = read.sheet[0].info
                rows.append(
                    SideRecord(
                        id=care.id,
                        name=care.name,
                        hospital=_hospital(read.sheet[0]),
                        locations=len(info.locations()) or 1,
                        price=kind.value,
                        unit=care.unit,
                        rate_low=found.low,
                        rate_high=found.high,
                        prices=found.prices,
                        file=PurePath(info.name).name,
                    )
                )
            records += sorted(rows, key=lambda row: (row["rate_low"], row["rate_high"]))
    return records


def bottom_line(records: Sequence[Record]) -> tuple[str, ...]:
    """Per level, one kind of price at a time: the first kind (in the order a self-pay
    family would ask) that most hospitals publish, its least and most expensive, and the
    hospitals that publish none of it for that level."""
    said = []
    for level_id in dict.fromkeys(record["id"] for record in records):
        rows = [record for record in records if record["id"] == level_id]
        groups: dict[str, list[Record]] = {}
        for record in rows:
            groups.setdefault(record["price"], []).append(record)
        kind, chosen = max(groups.items(), key=lambda item: len(item[1]))
        said.append(_level_line(rows[0]["name"], PriceKind(kind), chosen))
        # Hospitals that price the level in another kind only: named, never ranked.
        having = {record["hospital"] for record in chosen}
        lacking = list(dict.fromkeys(r["hospital"] for r in rows if r["hospital"] not in having))
        if lacking:
            said.append(
                plural(
                    "{hospitals} publishes other kinds of price for it, not this one.",
                    "{hospitals} publish other kinds of price for it, not this one.",
                    len(lacking),
                    hospitals=listed(lacking),
                )
            )
    said.append(_("Prices are the hospitals' own published standard charges, not quotes."))
    return tuple(said)


def _level_line(name: str, kind: PriceKind, rows: Sequence[Record]) -> str:
    """One level's least and most expensive hospital, in one kind of price."""
    if len(rows) == 1:
        return _(
            "{name}, {kind}: only {hospital} publishes one, {rate}.",
            name=name,
            kind=kind.plain,
            hospital=rows[0]["hospital"],
            rate=_rate(rows[0]),
        )
    cheap, dear = rows[0], rows[-1]
    if (cheap["rate_low"], cheap["rate_high"]) == (dear["rate_low"], dear["rate_high"]):
        return _(
            "{name}, {kind}: the same at every hospital that publishes one, {rate}.",
            name=name,
            kind=kind.plain,
            rate=_rate(cheap),
        )
    return _(
        "{name}, {kind}: least at {hospital} ({cheap}), most at {hospital2} ({dear}).",
        name=name,
        kind=kind.plain,
        hospital=cheap["hospital"],
        cheap=_rate(cheap),
        hospital2=dear["hospital"],
        dear=_rate(dear),
    )


def _rate(record: Record) -> str:
    kind = PriceKind(record["price"])
    return rate_text(record["rate_low"], record["rate_high"], record["unit"], "$",
                     per_unit=kind.per_unit, whole=True)  # fmt: skip


def hospitals_sheet(reads: Sequence[Read], price: str | None) -> Sheet[SideRecord]:
    """Several hospitals' prices side by side, with what could not be read."""
    records = side_records(reads, price)
    columns = (
        Column(_("Level of care"), field("name")),
        Column(_("Hospital"), field("hospital")),
        Column(_("Locations"), field("locations"), numeric=True, hide_rank=2),
        Column(_("Price"), lambda record, shown: PriceKind(record["price"]).label),
        Column(_("Rate"), rate, numeric=True),
        Column(_("Rows"), field("prices"), numeric=True, hide_rank=1),
    )
    notes = [
        f"{words.where_from(read.sheet[0].info, brief=True)}: "
        f"{clean(words.describe_file(read.sheet[0].info))}."
        for read in reads
        if read.sheet is not None
    ]
    empty = [clean(PurePath(read.source).name) for read in reads if read.nothing]
    if empty:
        notes.append(_("No level of care is priced in: {files}.", files=_(", ").join(empty)))
    failed = [read for read in reads if read.sheet is None and not read.nothing]
    if failed:
        said = [f"{clean(PurePath(read.source).name)} ({_reason(read)})" for read in failed]
        notes.append(_("Could not be read: {files}.", files="; ".join(said)))
    if price:
        notes.append(_("Prices: {which}; per level, cheapest first.", which=PriceKind(price).words))
        notes += _lacking(reads, PriceKind(price))
    else:
        notes.append(
            _(
                "Prices: per level, each kind of price in its own group ({kinds}), cheapest "
                "first; kinds are never ranked together.",
                kinds=listed([kind.words for kind in side_kinds(None)]),
            )
        )
    return Sheet(
        whole="json",
        title=_(
            "Hospitals side by side ({read} of {files} files read)",
            read=len(reads) - len(failed),
            files=len(reads),
        ),
        keys=SIDE_KEYS,
        records=tuple(records),
        columns=columns,
        notes=tuple(Note("prices", text) for text in notes),
        document=side_document(reads, records, price),
        bottom_line=bottom_line(records) if records else (),
    )


def _lacking(reads: Sequence[Read], kind: PriceKind) -> list[str]:
    """Per level, the hospitals that price it in other kinds but not in `kind`."""
    sheets = [read.sheet for read in reads if read.sheet is not None]
    said = []
    for care in sheets[0][0].codes.levels if sheets else ():
        lacking = [
            _hospital(sheet[0])
            for sheet in sheets
            if chosen_price(sheet, care.id, kind) is None
            and any(chosen_price(sheet, care.id, other) for other in side_kinds(None))
        ]
        if lacking:
            said.append(
                _(
                    "{name}: no {kind} from {hospitals}.",
                    name=care.name,
                    kind=kind.words,
                    hospitals=listed(lacking),
                )
            )
    return said


def _reason(read: Read) -> str:
    """Why a file could not be read, without its name and the codes looked for."""
    text = clean(read.error or "").removeprefix(read.source).strip(" :")
    return text.split(";")[0].rstrip(".")


def side_document(
    reads: Sequence[Read], records: Sequence[Record], price: str | None
) -> dict[str, object]:
    """The same as data, for JSON."""
    return {
        "price": price,
        "hospitals": [
            {"source": read.source, **file_document(read.sheet[0].info)}
            for read in reads
            if read.sheet is not None
        ],
        "levels": [
            {
                "id": level_id,
                "rows": [
                    {key: record[key] for key in SIDE_KEYS if key not in ("id", "name")}
                    for record in records
                    if record["id"] == level_id
                ],
            }
            for level_id in dict.fromkeys(record["id"] for record in records)
        ],
        "nothing_priced": [read.source for read in reads if read.nothing],
        "failed": [
            {"source": read.source, "error": read.error}
            for read in reads
            if read.sheet is None and not read.nothing
        ],
    }
