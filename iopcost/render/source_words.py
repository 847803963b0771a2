"""Where rates come from, in words: sources, in which dollars, the caveat, other ids.

Said under a table (terminal notes) and, for a level's own source, in reports.
"""

from __future__ import annotations

from iopcost.core.dollars import Dollars
from iopcost.core.language import N_, _
from iopcost.core.levels import CostTable, Source
from iopcost.core.phrases import listed
from iopcost.render.notes import Note, terminal

ESTIMATE_NOTE = N_(
    "Estimates from average rates, not quotes: ask each provider for its prices "
    "and your health plan for your benefits."
)
# How to see rates as published in today's dollars.
DOLLARS_ADVICE = N_("add --dollars latest")
# The bundled price index's words for its series (iopcost.files.price_index), said in the
# language spoken; another index's stay as written.
SERIES_WORDS = frozenset(
    {
        N_("hospital prices"),
        N_("outpatient hospital prices"),
        N_("prices of medical care services"),
        N_("hospital services"),
        N_("outpatient hospital services"),
        N_("medical care services"),
    }
)


BUNDLED = " (bundled)"  # how iopcost.files.bundled names a bundled file


def origin_text(origin: str) -> str:
    """A cost file's name for people: a bundled file's said in the language spoken."""
    if origin.endswith(BUNDLED):
        return _("{name} (bundled)", name=origin.removesuffix(BUNDLED))
    return origin


def _said(words: str) -> str:
    return _(words) if words in SERIES_WORDS else words


def dollars_note(dollars: Dollars, *, people: bool = False) -> str:
    """One line saying in which dollars the rates are: for the terminal, with the option
    that restates them; for people (`people`), with what that would change."""
    series = dollars.series
    if dollars.restated:
        text = _(
            "Rates restated from {name} to {name2} dollars by the BLS CPI-U for "
            "{lower} ({id}): {values} to {values2}, x {factor:.4f}.",
            name=dollars.base.name(),
            name2=dollars.target.name(),
            lower=_said(series.title.lower()),
            id=series.id,
            values=series.values[dollars.base],
            values2=series.values[dollars.target],
            factor=dollars.factor,
        )
    else:
        change = dollars.change
        if round(change, 1) == 0 and not people:
            return _(
                "Rates are in {name} dollars; {measures} were about the same in {name2} "
                "(BLS CPI-U).",
                name=dollars.base.name(),
                measures=_said(series.measures),
                name2=dollars.target.name(),
            )
        moved = (
            _("rose {change:.1f} %", change=change)
            if change > 0
            else _("fell {change:.1f} %", change=-change)
        )
        text = _(
            "Rates are in {name} dollars; {measures} {moved} to {name2} (BLS CPI-U): "
            "{DOLLARS_ADVICE}.",
            name=dollars.base.name(),
            measures=_said(series.measures),
            moved=moved,
            name2=dollars.target.name(),
            DOLLARS_ADVICE=_(DOLLARS_ADVICE),
        )
        if people:
            text = today_text(dollars)
    if dollars.restated and people:
        text = _(
            "Rates are restated from {name} to {name2} dollars by the change in {measures} "
            "(BLS CPI-U).",
            name=dollars.base.name(),
            name2=dollars.target.name(),
            measures=_said(series.measures),
        )
    said = [
        _("{name} has no published figure; {name2} was used.", name=asked.name(), name2=used.name())
        for asked, used in dollars.substitutions()
    ]
    return " ".join([text, *said])


def today_text(dollars: Dollars) -> str:
    """In which dollars rates are, and what today's prices would change, for people."""
    change = dollars.change
    if round(change, 1) == 0:
        return _(
            "Rates are in {name} dollars; at {name2} prices they would be about the same.",
            name=dollars.base.name(),
            name2=dollars.target.name(),
        )
    return _(
        "Rates are in {name} dollars. At {name2} prices these rates would be about "
        "{change:.1f} % {higher} ({measures}, BLS CPI-U).",
        name=dollars.base.name(),
        name2=dollars.target.name(),
        change=abs(change),
        higher=_("higher") if change >= 0 else _("lower"),
        measures=_said(dollars.series.measures),
    )


def caveat(table: CostTable) -> str:
    """What the figures are and are not: the cost file's own caveat, or the default
    (each file's once, for a table merged from several)."""
    if table.parts:
        return " ".join(dict.fromkeys(caveat(part) for part in table.parts))
    own = [level.source.caveat for level in table.levels if level.source and level.source.caveat]
    if own:
        return " ".join(dict.fromkeys(_(text) for text in own))
    # A bundled caveat is said in the language spoken; a file's own, as written.
    return _(table.source.caveat or ESTIMATE_NOTE)


def source_notes(table: CostTable) -> list[Note]:
    """Where the rates come from, and in which month's dollars they are when known (for
    a merged table, each file's, naming its levels). A report's assumptions say the
    same of a file's own source and dollars; a level's own source (a hospital's, in a
    file of several) is said in reports too."""
    if table.parts:
        notes = []
        for part in table.parts:
            if any(level.source not in (None, part.source) for level in part.levels):
                notes += source_notes(part)  # a file of many hospitals
                continue
            names = listed([level.name for level in part.levels])
            note = _on_terminal(part.source)
            notes.append(
                terminal(
                    "source",
                    _(
                        "Rates for {names}: {cite}, from {origin}.{note}",
                        names=names,
                        cite=part.source.cite(),
                        origin=part.origin,
                        note=note,
                    ),
                )
            )
            if part.dollars is not None:
                notes.append(terminal("dollars", dollars_note(part.dollars)))
        return notes
    if any(level.source is not None and level.source != table.source for level in table.levels):
        # A cost file of many hospitals: each level's own source.
        by_source: dict[Source, list[str]] = {}
        for level in table.levels:
            by_source.setdefault(level.source or table.source, []).append(level.name)
        return [
            Note(
                "source",
                _("Rates for {names}: {cite}.", names=listed(names), cite=source.cite())
                + (f" {source.note}" if source.note else ""),
            )
            for source, names in by_source.items()
        ]
    note = _on_terminal(table.source)
    notes = [terminal("source", _("Rates: {cite}.", cite=table.source.cite()) + note)]
    if table.dollars is not None:
        notes.append(terminal("dollars", dollars_note(table.dollars)))
    return notes


def _on_terminal(source: Source) -> str:
    """A source's note, and on the terminal the file its rates were read from."""
    said = [source.note] if source.note else []
    if source.file:
        said.append(_("Read from {file}.", file=source.file))
    return "".join(f" {text}" for text in said)


def aliases_note(table: CostTable) -> list[Note]:
    """Which levels answer to other ids too, when any does (ids are the command line's)."""
    said = [
        _("{id} also answers to {aliases}", id=level.id, aliases=listed(list(level.aliases)))
        for level in table.levels
        if level.aliases
    ]
    return [terminal("ids", _("Other ids: {said}.", said="; ".join(said)))] if said else []


def in_dollars(table: CostTable) -> str:
    """A title's ending when rates were restated: ", in August 2026 dollars"."""
    dollars = table.dollars
    if dollars and dollars.restated:
        return _(", in {month} dollars", month=dollars.target.name())
    return ""


def source_text(table: CostTable, *, named: bool) -> str:
    """A cost file's source, date, address and note; with `named`, for which levels."""
    source = table.source
    cited = source.cite() + (f"; {source.url}" if source.url else "")
    cited += f". {source.note}" if source.note else "."
    if named:
        return f"{listed([level.name for level in table.levels])}: {cited}"
    return cited
