"""Payers and plans: which --payer names, and every payer a file names (--payers).

A payer is matched as name_key compares names (case, spaces and _ aside): equal,
or else holding all the words given. A payer with no price for a level of care is
still one the file names: --payers lists it, marked, and --payer naming it says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NoReturn

from iopcost.core.charges import PAYER_FREE, Selection
from iopcost.core.errors import DataFileError, InvalidValue
from iopcost.core.language import _
from iopcost.hospital.cells import name_key

# The most distinct payers and plans listed from a whole file (memory stays bounded).
MAX_PAYERS = 10_000
Names = Mapping[tuple[str, str], tuple[str, str]]  # (payer, plan) keys -> as written


def _matching(wanted: str, names: Iterable[str]) -> list[str]:
    """Names equal to `wanted` (compared as name_key), or else holding all its words."""
    key = name_key(wanted)
    names = sorted(set(names))
    exact = [name for name in names if name_key(name) == key]
    if exact:
        return exact
    words = key.split()
    return [name for name in names if all(word in name_key(name).split() for word in words)]


def _closest(wanted: str, names: Iterable[str]) -> str:
    import difflib

    names = sorted(set(names))
    by_key = {name_key(name): name for name in names}
    close = difflib.get_close_matches(name_key(wanted), list(by_key), n=5, cutoff=0.3)
    shown = [by_key[key] for key in close] or names[:5]
    return ", ".join(repr(name) for name in shown) or "none"


def chosen_payers(
    written: Names,
    selection: Selection,
    everyone: Callable[[], Iterable[tuple[str, str]]] | None = None,
) -> set[tuple[str, str]] | None:
    """The (payer, plan) keys selected, or None for every payer (and for cash and gross)."""
    if selection.payer is None or selection.price in PAYER_FREE:
        return None
    payers = _matching(selection.payer, (payer for payer, _ in written.values()))
    if not payers:
        _not_priced(selection.payer, written, everyone)
    keys = {key for key, (payer, _) in written.items() if payer in payers}
    if len({name_key(payer) for payer in payers}) > 1:
        raise InvalidValue(
            _(
                "'{payer}' matches several payers: {value}; give more of the name.",
                payer=selection.payer,
                value=", ".join(repr(payer) for payer in payers),
            ),
            subject="payer",
        )
    if selection.plan is None:
        return keys
    plans = {written[key][1] for key in keys}
    matched = _matching(selection.plan, plans)
    if not matched:
        raise InvalidValue(
            _(
                "{payers!r} has no plan matching '{plan}'; its plans: {value}.",
                payers=payers[0],
                plan=selection.plan,
                value=", ".join(repr(plan) for plan in sorted(plans)),
            ),
            subject="plan",
        )
    return {key for key in keys if written[key][1] in matched}


def _not_priced(
    wanted: str, written: Names, everyone: Callable[[], Iterable[tuple[str, str]]] | None
) -> NoReturn:
    """Refuse a payer with no price for a level of care: named by the file elsewhere (exit
    1, and which payers have one), or not at all (exit 2, and the closest names)."""
    priced = sorted({payer for payer, _ in written.values()})
    named, _more = bounded(everyone() if everyone is not None else ())
    names = [payer for payer, _plan in named.values()]
    found = _matching(wanted, names)
    if found:
        others = (
            _(
                "payers with one: {priced}",
                priced=", ".join(repr(payer) for payer in priced[:8]),
            )
            if priced
            else _("no payer in it has one")
        )
        raise DataFileError(
            _(
                "The file names {payers}, but with no negotiated price for a level of care "
                "by the day or session ({others}); for the hospital's own prices use "
                "--price cash or --price gross.",
                payers=", ".join(repr(payer) for payer in found[:3]),
                others=others,
            )
        )
    raise InvalidValue(
        _(
            "no payer in the file matches '{payer}'; closest: {payer2}.",
            payer=wanted,
            payer2=_closest(wanted, [*priced, *names]),
        ),
        subject="payer",
    )


def bounded(
    names: Iterable[tuple[str, str]],
) -> tuple[dict[tuple[str, str], tuple[str, str]], int]:
    """Distinct payers and plans (by name_key), at most MAX_PAYERS of them, and how many
    more distinct ones there were past that."""
    kept: dict[tuple[str, str], tuple[str, str]] = {}
    more: set[tuple[str, str]] = set()
    for payer, plan in names:
        key = (name_key(payer), name_key(plan))
        if key in kept:
            continue
        if len(kept) < MAX_PAYERS:
            kept[key] = (payer, plan)
        elif len(more) < MAX_PAYERS:
            more.add(key)
    return kept, len(more)


def payer_list(
    listed: Mapping[tuple[str, str], int], everyone: Iterable[tuple[str, str]]
) -> tuple[list[tuple[str, str, int]], int]:
    """Each payer and plan the file names with its count of negotiated prices for a level
    of care (0 for none), and how many more names there were than are listed."""
    named, more = bounded(everyone)
    counts: dict[tuple[str, str], int] = {}
    for (payer, plan), count in listed.items():
        key = (name_key(payer), name_key(plan))
        named.setdefault(key, (payer, plan))
        counts[key] = counts.get(key, 0) + count
    rows = [(*named[key], counts.get(key, 0)) for key in named]
    return sorted(rows, key=lambda row: (name_key(row[0]), name_key(row[1]))), more
