"""Hospitals side by side: per level of care, one row per hospital, cheapest first, with
the bottom line naming the least and most expensive, from several files' price sheets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from iopcost.core.charges import PriceKind, Read, Summary, chosen_price
from iopcost.core.language import _
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


def side_records(reads: Sequence[Read], price: str | None) -> list[SideRecord]:
    """Per level, one record per hospital that prices it, cheapest first."""
    sheets = [read.sheet for read in reads if read.sheet is not None]
    if not sheets:
        return []
    records: list[SideRecord] = []
    for care in sheets[0][0].codes.levels:
        rows = []
        for read in reads:
            if read.sheet is None:
                continue
            chosen = chosen_price(read.sheet, care.id, price)
            if chosen is None:
                continue
            kind, found = chosen
            info = read.sheet[0].info
            rows.append(
                SideRecord(
                    id=care.id,
                    name=care.name,
                    hospital=_hospital(read.sheet[0]),
                    locations=len(info.locations()) or 1,
                    price=kind,
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
    """Which hospital is least and most expensive for each level, in plain words."""
    said = []
    levels = list(dict.fromkeys(record["id"] for record in records))
    for level_id in levels:
        rows = [record for record in records if record["id"] == level_id]
        name = rows[0]["name"]
        if len(rows) == 1:
            said.append(
                _(
                    "Only {hospital} publishes a price for {name}: {rows}.",
                    hospital=rows[0]["hospital"],
                    name=name,
                    rows=_rate(rows[0]),
                )
            )
            continue
        cheap, dear = rows[0], rows[-1]
        said.append(
            _(
                "{name}: least at {hospital} ({cheap}), most at {hospital2} ({dear}).",
                name=name,
                hospital=cheap["hospital"],
                cheap=_rate(cheap),
                hospital2=dear["hospital"],
                dear=_rate(dear),
            )
        )
    said.append(_("Prices are the hospitals' own published standard charges, not quotes."))
    return tuple(said)


def _rate(record: Record) -> str:
    kind = PriceKind(record["price"])
    rate = rate_text(record["rate_low"], record["rate_high"], record["unit"], "$",
                     per_unit=kind.per_unit, whole=True)  # fmt: skip
    return _("{rate}, {kind}", rate=rate, kind=kind.label)


def hospitals_sheet(reads: Sequence[Read], price: str | None) -> Sheet[SideRecord]:
    """Several hospitals' prices side by side, with what could not be read."""
    records = side_records(reads, price)
    columns = (
        Column(_("Level of care"), field("name")),
        Column("Hospital", field("hospital")),
        Column("Locations", field("locations"), numeric=True, hide_rank=2),
        Column("Price", lambda record, shown: PriceKind(record["price"]).label),
        Column("Rate", rate, numeric=True),
        Column("Rows", field("prices"), numeric=True, hide_rank=1),
    )
    notes = [
        f"{words.where_from(read.sheet[0].info, brief=True)}: "
        f"{clean(words.describe_file(read.sheet[0].info))}."
        for read in reads
        if read.sheet is not None
    ]
    empty = [PurePath(read.source).name for read in reads if read.nothing]
    if empty:
        notes.append(_("No level of care is priced in: ") + ", ".join(empty) + ".")
    failed = [read for read in reads if read.sheet is None and not read.nothing]
    if failed:
        said = [f"{PurePath(read.source).name} ({_reason(read)})" for read in failed]
        notes.append(_("Could not be read: ") + "; ".join(said) + ".")
    which = (
        PriceKind(price).words
        if price
        else (
            _(
                "each hospital's negotiated rates where it publishes them, else its "
                "discounted cash price, else its gross charge",
            )
        )
    )
    notes.append(_("Prices: {which}; per level, cheapest first.", which=which))
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
