"""Local prices: a hospital's standard charges summed up per level of care.

Entries in (from iopcost.hospital.reader), a summary out. Per level, low and
high are the lowest and highest selected price over every matching item (and
payer, when none is named). Only per-day prices become daily rates: an item
priced per stay (a DRG), by case rate, by percent of billed charges, or by a
percentage or algorithm only, is counted and reported as skipped with the
reason. Every value that is not a price (blank, N/A, 0, negative, the
placeholder 999999999) is counted too: nothing is dropped without a count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from iopcost.core.care import CareCodes, CareLevel
from iopcost.core.charges import (
    HOSPITAL_CAVEAT,
    PAYER_FREE,
    ContraryRows,
    FileInfo,
    LevelPrices,
    PercentRows,
    PriceKind,
    Read,
    Selection,
    Summary,
    UnlistedRows,
    chosen_price,
    kinds_in,
    slug_of,
)
from iopcost.core.errors import DataFileError
from iopcost.core.hospital_table import LevelRate, hospital_level, hospital_table, unique_slug
from iopcost.core.language import _
from iopcost.core.levels import CostTable, Level, Source
from iopcost.core.text import clean
from iopcost.hospital.cells import name_key
from iopcost.hospital.collector import Collector, Kind
from iopcost.hospital.found import Found
from iopcost.hospital.payers import chosen_payers
from iopcost.hospital.types import Entry, Unreadable


def summarise_kinds(
    info: FileInfo,
    entries: Iterable[Entry | Unreadable],
    codes: CareCodes,
    selection: Selection,
    prices: tuple[str, ...],
    everyone: Callable[[], Iterable[tuple[str, str]]] | None = None,
) -> tuple[Summary, ...]:
    """Read every entry once and sum up each kind of price in `prices` per level (the
    payer and plan of `selection` for negotiated and allowed prices; `everyone`: every
    payer and plan the file names, read only when the payer has no level's price)."""
    if any(not PriceKind(price).in_generation(info.generation) for price in prices):
        raise DataFileError(
            _(
                "{name} is a v2 file: allowed amounts (10th and 90th percentiles) are in "
                "v3 files only; use --price negotiated, cash or gross.",
                name=info.name,
            )
        )
    collector = Collector(codes, tuple(Kind(price) for price in prices))
    for entry in entries:
        collector.entry(entry)
    collector.settle()
    chosen = chosen_payers(collector.names, selection, everyone)
    return tuple(_summary(info, collector, kind, chosen) for kind in collector.kinds)


def price_sheet(
    info: FileInfo, entries: Iterable[Entry | Unreadable], codes: CareCodes
) -> tuple[Summary, ...]:
    """Every kind of price the file can hold (allowed amounts in v3 files only), each
    summed up per level, from one pass."""
    return summarise_kinds(info, entries, codes, Selection(), kinds_in(info.generation))


def _summary(
    info: FileInfo, collector: Collector, kind: Kind, chosen: set[tuple[str, str]] | None
) -> Summary:
    if kind.price in PAYER_FREE:
        chosen = None
    levels, missing = _levels(collector, kind, chosen)
    percent = tuple(
        PercentRows(level=care, rows=rows.rows, low=rows.low, high=rows.high, example=rows.example)
        for care in collector.codes.levels
        for rows in (kind.percent.get(care.id),)
        if rows is not None
    )
    payers = tuple(_payer_text(*collector.names[key]) for key in sorted(chosen or ()))
    by_plan = tuple(
        (level_id, *collector.names[(payer, plan)], found.low, found.high, found.prices)
        for (level_id, payer, plan), found in sorted(kind.found.items())
        if payer and found.low is not None and found.high is not None
    )
    skipped = collector.skipped + kind.skipped
    return Summary(
        info,
        collector.codes,
        kind.price,
        payers,
        tuple(levels),
        tuple(missing),
        tuple(skipped.most_common()),
        tuple(kind.values.most_common()),
        collector.entries,
        tuple({**collector.examples, **kind.examples}.items()),
        collector.unreadable,
        collector.first_unreadable,
        percent,
        by_plan,
        _unlisted(collector),
        _contrary(collector),
    )


def _contrary(collector: Collector) -> tuple[ContraryRows, ...]:
    """Lines counted by their code whose description names another level."""
    codes = collector.codes
    return tuple(
        ContraryRows(
            level=codes.level(level_id),
            says=codes.level(says),
            rows=rows.rows,
            codes=tuple(sorted(rows.codes)),
            example=rows.example or "",
        )
        for (level_id, says), rows in collector.contrary.items()
    )


def _levels(
    collector: Collector, kind: Kind, chosen: set[tuple[str, str]] | None
) -> tuple[list[LevelPrices], list[CareLevel]]:
    """Per level, the prices of the chosen payers and plans (every one for None); and the
    levels with none."""
    by_level: dict[str, Found] = {}
    for (level_id, payer, plan), prices in kind.found.items():
        if chosen is None or (payer, plan) in chosen:
            if level_id not in by_level:
                by_level[level_id] = Found()
            by_level[level_id].merge(prices)
    levels: list[LevelPrices] = []
    missing: list[CareLevel] = []
    for care in collector.codes.levels:
        found = by_level.get(care.id)
        if found is None or found.low is None or found.high is None:
            missing.append(care)
            continue
        levels.append(
            LevelPrices(
                level=care,
                low=found.low,
                high=found.high,
                prices=found.prices,
                items=found.items,
                items_more=found.more_items,
                codes=tuple(sorted(found.codes)),
                payers=tuple(sorted(found.payers)),
                methodologies=tuple(method for method, _ in found.methodologies.most_common()),
            )
        )
    return levels, missing


def _unlisted(collector: Collector) -> tuple[UnlistedRows, ...]:
    """Per level, the lines that name it in words under codes not listed."""
    return tuple(
        UnlistedRows(care, rows.rows, tuple(sorted(rows.codes)), rows.example or "")
        for care in collector.codes.levels
        if (rows := collector.named.get(care.id)) is not None
    )


def _payer_text(payer: str, plan: str) -> str:
    """A payer and plan for people: "Aetna PPO", or the name once where the file repeats it."""
    return payer if name_key(plan) in ("", name_key(payer)) else f"{payer} {plan}".strip()


def priced_payers(
    info: FileInfo, entries: Iterable[Entry | Unreadable], codes: CareCodes
) -> Counter[tuple[str, str]]:
    """Each payer and plan (as written) with its count of negotiated prices for a level."""
    collector = Collector(codes, ())
    for entry in entries:
        collector.entry(entry)
    return collector.listed


def level_rate(found: LevelPrices, kind: str) -> LevelRate:
    """What a summary found for one level, as a hospital's rate."""
    care = found.level
    return LevelRate(
        level_id=care.id,
        name=care.name,
        unit=care.unit,
        per_week=care.per_week,
        low=found.low,
        high=found.high,
        kind=kind,
        usual=care.usual,
    )


def cost_table(summary: Summary, *, note: str, caveat: str, file: str | None = None) -> CostTable:
    """The levels that have a price, as a cost table citing the hospital's file
    (`note` says which prices, `caveat` what they are)."""
    info = summary.info
    places = info.locations()
    # One location other than the hospital's own name is named; a list of many is not.
    single = len(places) == 1 and places[0].casefold() != info.hospital.strip().casefold()
    title = info.hospital + (f" ({places[0]})" if single else "")
    source = Source(
        title=clean(" ".join(title.split())),
        published=info.published,
        note=clean(note),
        url=None,
        caveat=caveat,
        file=file,
    )
    # Ids and names say whose levels they are, so that this file and the bundled rates
    # (or another hospital's) compare side by side without editing.
    hospital = clean(" ".join(info.hospital.split()))
    whose = (slug_of(hospital), hospital)
    levels = [
        hospital_level(level_rate(found, summary.price), whose=whose) for found in summary.levels
    ]
    return hospital_table(info.name, source, levels)


def hospitals_table(
    reads: Sequence[Read],
    price: str | None,
    *,
    note: Callable[[str], str],
    file: Callable[[FileInfo], str] | None = None,
) -> CostTable:
    """One cost file of several hospitals: a level per hospital and level, each with the
    hospital as its own source; `note` says, for a kind of price, which prices they are."""
    levels: list[Level] = []
    taken: set[str] = set()
    for read in reads:
        if read.sheet is None:
            continue
        info = read.sheet[0].info
        hospital = clean(" ".join(info.hospital.split()))
        whose = (unique_slug(slug_of(hospital), taken), hospital)
        for care in read.sheet[0].codes.levels:
            chosen = chosen_price(read.sheet, care.id, price)
            if chosen is None:
                continue
            kind, found = chosen
            source = Source(
                title=hospital,
                published=info.published,
                note=clean(note(kind)),
                url=None,
                caveat=HOSPITAL_CAVEAT,
                file=None if file is None else file(info),
            )
            levels.append(hospital_level(level_rate(found, kind), whose=whose, source=source))
    if not levels:
        raise DataFileError(
            _(
                "none of these files has a price by the day or session for any level of "
                "care, so there is no cost file to write.",
            )
        )
    title = f"Standard charges of {len(taken)} hospitals"
    return hospital_table(
        "several hospitals' files", Source(title=title, published=None, note=None, url=None), levels
    )
