"""Every sentence written for people about hospitals' files: their prices, notes, caveats."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from iopcost.core.care import CareCodes, read_by_description
from iopcost.core.charges import (
    HOSPITAL_CAVEAT,
    MOST_ITEMS,
    PLACEHOLDER_REASONS,
    ContraryRows,
    FileInfo,
    LevelPrices,
    PriceKind,
    Summary,
    UnlistedRows,
)
from iopcost.core.language import N_, _, plural
from iopcost.core.phrases import listed
from iopcost.core.text import STDIN_NAME, clean
from iopcost.render.payer_words import percent_note

# A hospital's own item numbers: in JSON, but not worth a reader's eye in a table.
_OWN_NUMBERS = ("CDM", "LOCAL")


def codes_text(codes: tuple[str, ...]) -> str:
    """The codes a price came from, grouped by type: "RC 0114, 0124; HCPCS H0035" (the
    hospital's own item numbers are left to JSON unless there is nothing else)."""
    grouped: dict[str, list[str]] = {}
    for written in codes:
        kind, _space, code = written.partition(" ")
        grouped.setdefault(kind, []).append(code)
    shown = {kind: found for kind, found in grouped.items() if kind not in _OWN_NUMBERS}
    return "; ".join(
        f"{clean(kind)} {', '.join(clean(code) for code in found)}"
        for kind, found in (shown or grouped).items()
    )


def where_from(info: FileInfo, *, brief: bool = False) -> str:
    """The hospital and the locations its file covers, in a phrase (`brief`: how many)."""
    places = info.locations()
    hospital = " ".join(clean(info.hospital).split())
    if not places or [place.casefold() for place in places] == [hospital.casefold()]:
        return hospital
    if brief and len(places) > 1:
        return _("{hospital} ({count} locations)", hospital=hospital, count=len(places))
    if len(places) == 1:
        return _("{hospital}, {place}", hospital=hospital, place=places[0])
    return _(
        "{hospital} ({count} locations: {places})",
        hospital=hospital,
        count=len(places),
        places=_(", ").join(places),
    )


def kinds_text(kinds: Sequence[str]) -> str:
    """Kinds of price in words: "gross charges and discounted cash prices"."""
    return listed([PriceKind(kind).words for kind in kinds])


def describe_selection(summary: Summary) -> str:
    """Which price, for whom: "negotiated rates, Platform Health Insurance PPO"."""
    kind = PriceKind(summary.price)
    words = kind.words
    if kind.by_payer:
        payers = _(", ").join(summary.payers) if summary.payers else _("all payers")
        return _("{words}, {payers}", words=words, payers=payers)
    return words


def describe_file(info: FileInfo) -> str:
    """The file, its template generation and layout: "x.csv (CMS template v3, tall CSV, ...)"."""
    name = info.name if info.name == STDIN_NAME else PurePath(info.name).name
    return _(
        "{name} (CMS template {generation}, {layout}, version cell {version!r}, "
        "last updated {value})",
        name=name,
        generation=info.generation,
        layout=_(info.layout),
        version=info.version,
        value=info.published or info.published_as_written,
    )


def prices_note(summary: Summary) -> str:
    """A local cost file's note: which prices, from the hospital's file (which file is the
    source's `file`, see source_file)."""
    what = describe_selection(summary)
    note = _("{what}, from the hospital's standard-charges file.", what=what[0].upper() + what[1:])
    described = described_note(
        found.level.name for found in summary.levels if read_by_description(found.codes)
    )
    return " ".join([note, *described])


def source_file(info: FileInfo) -> str:
    """The file a cost file's rates were read from, for "About these figures"."""
    return clean(describe_file(info))


def prices_title(summary: Summary) -> str:
    """prices' title: how many of the levels looked for have a price."""
    return _(
        "Local prices by level of care ({levels} of {levels2} levels priced)",
        levels=len(summary.levels),
        levels2=len(summary.codes.levels),
    )


def prices_notes(summary: Summary) -> tuple[str, ...]:
    """The file, the prices chosen, and what was missing, skipped or read with a note."""
    info = summary.info
    notes = [
        f"{where_from(info)}: {clean(describe_file(info))}.",
        plural(
            "Prices: {which}; {count} behavioural-health entry read.",
            "Prices: {which}; {count} behavioural-health entries read.",
            summary.entries,
            which=clean(describe_selection(summary)),
        ),
    ]
    named = {rows.level.id for rows in summary.unlisted}
    lacking = [level.name for level in summary.missing if level.id not in named]
    if lacking:
        notes.append(_("No price found for: {levels}.", levels=_(", ").join(lacking)))
    if summary.entries == 0 and not summary.unlisted:
        notes.append(looked_for(summary))
    notes.extend(described_note(found.level.name for found in summary.levels
                                if read_by_description(found.codes)))  # fmt: skip
    notes.extend(unlisted_note(rows) for rows in summary.unlisted)
    notes.extend(contrary_note(rows) for rows in summary.contrary)
    notes.extend(meanings_note(summary.codes, summary.levels))
    if summary.price == "allowed" and summary.levels:
        notes.append(_(ALLOWED_NOTE))
    notes.extend(percent_note(rows) for rows in summary.percent_only)
    notes.extend(_reading_notes(summary))
    notes.extend(items_note(summary.levels))
    return tuple(notes)


ALLOWED_NOTE = N_(
    "Allowed amounts are what payers paid per claim line, and a line can cover several "
    "days or sessions: read them as the spread of what was paid, not as a rate per unit."
)


def cost_file_caveat(summary: Summary) -> str:
    """What a cost file made from a hospital's prices is, and is not."""
    if summary.price == "allowed":
        return f"{HOSPITAL_CAVEAT} {_(ALLOWED_NOTE)}"
    return HOSPITAL_CAVEAT


def described_note(levels: Iterable[str]) -> list[str]:
    """Which levels were read, in part, by their lines' descriptions (--by-description)."""
    named = list(dict.fromkeys(levels))
    if not named:
        return []
    return [
        _(
            "Read by description (--by-description), not by a listed code: {levels}. "
            "Check that those lines price a day or session of that level.",
            levels=", ".join(named),
        )
    ]


def looked_for(summary: Summary) -> str:
    """What was looked for in a file where no line carries a level's code or names one."""
    return _(
        "No line carries a code of a day or session of care, or names a level in words; "
        "looked for {described}.",
        described=summary.codes.described(),
    )


def meanings_note(codes: CareCodes, levels: Sequence[LevelPrices]) -> list[str]:
    """What the codes a price came from mean, where the codes file says."""
    used = dict.fromkeys(code for found in levels for code in found.codes)
    said = [f"{code}: {codes.meanings[code]}" for code in used if code in codes.meanings]
    return [_("Codes: {said}.", said="; ".join(said))] if said else []


def contrary_note(rows: ContraryRows) -> str:
    """Lines counted by their code though their description names another level."""
    return plural(
        "{name}: {count} line counted by its code ({codes}) though its description names "
        '{says} ("{example}").',
        "{name}: {count} lines counted by their codes ({codes}) though their descriptions "
        'name {says} (e.g. "{example}").',
        rows.rows,
        name=rows.level.name,
        codes=codes_text(rows.codes),
        says=rows.says.name,
        example=clean(rows.example),
    )


def unlisted_note(rows: UnlistedRows) -> str:
    """Lines that name a level in words under codes not listed: not counted, and how to
    count them."""
    return plural(
        "{name}: {count} line names it under a code the codes file does not list ({codes}; "
        '"{example}"): not counted. To count such lines, add their codes with --codes, or '
        "read them by description with --by-description (labelled so).",
        "{name}: {count} lines name it under codes the codes file does not list ({codes}; "
        'e.g. "{example}"): not counted. To count such lines, add their codes with --codes, '
        "or read them by description with --by-description (labelled so).",
        rows.rows,
        name=rows.level.name,
        codes=codes_text(rows.codes),
        example=clean(rows.example),
    )


def _reading_notes(summary: Summary) -> list[str]:
    """What was skipped, could not be read, or was read with a note."""
    notes: list[str] = []
    if summary.skipped:
        examples = dict(summary.examples)

        def skipped(reason: str, count: int) -> str:
            example = examples.get(reason)
            if example:
                return _('{count} {reason} (e.g. "{example}")', count=count, reason=_(reason),
                         example=clean(example))  # fmt: skip
            return _("{count} {reason}", count=count, reason=_(reason))

        reasons = "; ".join(skipped(reason, count) for reason, count in summary.skipped)
        notes.append(_("Skipped: {reasons}.", reasons=reasons))
    if summary.unreadable:
        notes.append(
            plural(
                "Could not be read: {count} record; the first at {first}. Reading went on "
                "after each.",
                "Could not be read: {count} records; the first at {first}. Reading went on "
                "after each.",
                summary.unreadable,
                first=summary.first_unreadable,
            )
        )
    if summary.values:
        read = "; ".join(
            _("{count} {note}", count=count, note=_(note)) for note, count in summary.values
        )
        notes.append(_("Values: {read}.", read=read))
    return notes


def items_note(levels: Iterable[LevelPrices]) -> list[str]:
    """That a level's items were more than were told apart: its count is a floor."""
    more = list(dict.fromkeys(found.level.name for found in levels if found.items_more))
    if not more:
        return []
    return [
        _(
            "Items are told apart up to {most:,} per plan and amount; {levels} had more: "
            "their count of items is the least there were.",
            most=MOST_ITEMS,
            levels=_(", ").join(more),
        )
    ]


def _with_placeholders(
    reading: Summary, summaries: tuple[Summary, ...]
) -> tuple[tuple[str, int], ...]:
    """What `reading` skipped, with the placeholders every kind of price set aside."""
    counts = Counter(dict(reading.skipped))
    for summary in summaries:
        if summary is not reading:
            counts.update(
                {reason: n for reason, n in summary.skipped if reason in PLACEHOLDER_REASONS}
            )
    return tuple(counts.most_common())


def sheet_title(summaries: tuple[Summary, ...]) -> str:
    """A price sheet's title: how many levels have any price."""
    first = summaries[0]
    priced = {found.level.id for summary in summaries for found in summary.levels}
    return _(
        "Prices by level of care, every kind the file gives ({priced} of {levels} levels priced)",
        priced=len(priced),
        levels=len(first.codes.levels),
    )


def sheet_notes(summaries: tuple[Summary, ...]) -> tuple[str, ...]:
    """A price sheet's notes: the file, what each level lacks, and what was skipped."""
    first = summaries[0]
    info = first.info
    notes = [
        f"{where_from(info)}: {clean(describe_file(info))}.",
        plural(
            "{count} behavioural-health entry read. Negotiated rates are every payer's and "
            "plan's; name one with --payer.",
            "{count} behavioural-health entries read. Negotiated rates are every payer's and "
            "plan's; name one with --payer.",
            first.entries,
        ),
    ]
    # The kinds a level is said to lack: those always said, and those some level has.
    kinds = [
        summary.price
        for summary in summaries
        if summary.levels or PriceKind(summary.price).facts.always_said
    ]
    nothing = []
    named = {rows.level.id for rows in first.unlisted}
    for care in first.codes.levels:
        have = {s.price for s in summaries for found in s.levels if found.level.id == care.id}
        if not have:
            if care.id not in named:
                nothing.append(care.name)
            continue
        lacking = [PriceKind(kind).missing for kind in kinds if kind not in have]
        if lacking:
            notes.append(f"{care.name}: {', '.join(lacking)}.")
    if nothing:
        notes.append(_("No price of any kind for: {levels}.", levels=_(", ").join(nothing)))
    if first.entries == 0 and not first.unlisted:
        notes.append(looked_for(first))
    notes.extend(described_note(found.level.name for s in summaries for found in s.levels
                                if read_by_description(found.codes)))  # fmt: skip
    notes.extend(unlisted_note(rows) for rows in first.unlisted)
    notes.extend(contrary_note(rows) for rows in first.contrary)
    notes.extend(meanings_note(first.codes, [f for s in summaries for f in s.levels]))
    negotiated = next((s for s in summaries if s.price == "negotiated"), None)
    if negotiated is not None:
        notes.extend(percent_note(rows) for rows in negotiated.percent_only)
    if any(summary.price == "allowed" and summary.levels for summary in summaries):
        notes.append(_(ALLOWED_NOTE))
    by_kind = {summary.price: summary for summary in summaries}
    # What was skipped is the same for every kind but for the payers' rows and the
    # placeholders: say it once, from the negotiated rates (or the first kind), with
    # every kind's placeholders.
    reading = by_kind.get("negotiated", first)
    examples = {r: text for summary in summaries for r, text in summary.examples}
    shown = reading._replace(
        skipped=_with_placeholders(reading, summaries),
        examples=tuple({**examples, **dict(reading.examples)}.items()),
    )
    notes.extend(_reading_notes(shown))
    notes.extend(items_note(found for summary in summaries for found in summary.levels))
    return tuple(notes)


def no_cost_file(summary: Summary, others: Sequence[str]) -> str:
    """Why `prices --format yaml` has nothing to write, and which --price would."""
    name = PurePath(summary.info.name).name
    chosen = PriceKind(summary.price).words
    if PriceKind(summary.price).by_payer and summary.payers:
        chosen += f" for {', '.join(summary.payers)}"
    head = _(
        "{name} has no {chosen} by the day or session for any level of care",
        name=name,
        chosen=chosen,
    )
    if not others:
        return _(
            "{head}, and no price of any other kind either, so there is no cost file "
            "to write; iopcost prices FILE shows what was skipped.",
            head=head,
        )
    return _(
        "{head}; {others} are there: add --price {others2}.",
        head=head,
        others=kinds_text(others),
        others2=others[0],
    )


def no_price_note(summary: Summary, others: Sequence[str]) -> str | None:
    """Under a table of one kind with no rate at all: which kinds would have some."""
    if summary.levels or not others:
        return None
    return _(
        "This file has {others}: add --price {others2}.",
        others=kinds_text(others),
        others2=others[0],
    )
