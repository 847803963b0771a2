"""Every sentence written for people about hospitals' files: their prices, notes, caveats."""

from __future__ import annotations

from pathlib import PurePath

from iopcost.core.charges import FileInfo, Summary
from iopcost.core.text import clean

HOSPITAL_CAVEAT = (
    "Rates from the hospital's published standard charges, not quotes: ask the "
    "program what it would charge and your health plan what you would pay."
)
PRICE_WORDS = {
    "negotiated": "negotiated rates",
    "cash": "discounted cash prices",
    "gross": "gross charges",
    "allowed": "allowed amounts (10th to 90th percentile)",
}


def describe_selection(summary: Summary) -> str:
    """Which price, for whom: "negotiated rates, Platform Health Insurance PPO"."""
    words = PRICE_WORDS[summary.price]
    if summary.price in ("negotiated", "allowed"):
        return f"{words}, {', '.join(summary.payers) if summary.payers else 'all payers'}"
    return words


def describe_file(info: FileInfo) -> str:
    """The file, its template generation and layout: "x.csv (CMS template v3, tall CSV, ...)"."""
    name = info.name if info.name == "<stdin>" else PurePath(info.name).name
    return (
        f"{name} (CMS template {info.generation}, {info.layout}, version cell "
        f"{info.version!r}, last updated {info.published or info.published_as_written})"
    )


def prices_note(summary: Summary) -> str:
    """A local cost file's note: which prices, from which file."""
    what = describe_selection(summary)
    return f"{what[0].upper()}{what[1:]}, from {describe_file(summary.info)}."


def prices_title(summary: Summary) -> str:
    """prices' title: how many of the levels looked for have a price."""
    return (
        f"Local prices by level of care ({len(summary.levels)} of "
        f"{len(summary.codes.levels)} levels priced)"
    )


def prices_notes(summary: Summary) -> tuple[str, ...]:
    """The file, the prices chosen, and what was missing, skipped or read with a note."""
    info = summary.info
    where = clean(info.hospital + (f", {info.location}" if info.location else ""))
    notes = [
        f"{where}: {clean(describe_file(info))}.",
        f"Prices: {clean(describe_selection(summary))}; {summary.entries} behavioural-health "
        f"{'entry' if summary.entries == 1 else 'entries'} read.",
    ]
    if summary.missing:
        notes.append(
            "No price found for: " + ", ".join(level.name for level in summary.missing) + "."
        )
    if summary.skipped:
        examples = dict(summary.examples)

        def skipped(reason: str, count: int) -> str:
            example = examples.get(reason)
            return f"{count} {reason}" + (f' (e.g. "{clean(example)}")' if example else "")

        notes.append(
            "Skipped: "
            + "; ".join(skipped(reason, count) for reason, count in summary.skipped)
            + "."
        )
    if summary.unreadable:
        rows = "record" if summary.unreadable == 1 else "records"
        notes.append(
            f"Could not be read: {summary.unreadable} {rows}; the first at "
            f"{summary.first_unreadable}. Reading went on after each."
        )
    if summary.values:
        notes.append(
            "Values: " + "; ".join(f"{count} {note}" for note, count in summary.values) + "."
        )
    return tuple(notes)


def no_cost_file(summary: Summary) -> str:
    """Why `prices --format yaml` has nothing to write."""
    return (
        f"{summary.info.name} has no per-day {PRICE_WORDS[summary.price]} for any "
        "level of care, so there is no cost file to write; see the table for what was "
        "skipped."
    )
