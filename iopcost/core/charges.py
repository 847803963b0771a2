"""A hospital's standard charges summed up per level of care, as values.

Filled by iopcost.hospital (which reads the files) and shown by iopcost.render.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from iopcost.core.care import CareCodes, CareLevel
from iopcost.core.language import N_, _
from iopcost.core.text import clean

# What a cost file made from a hospital's prices is, and is not.
HOSPITAL_CAVEAT = N_(
    "Rates from the hospital's published standard charges, not quotes: ask the "
    "program what it would charge and your health plan what you would pay."
)

# Amounts that cannot be a day's or a session's price: placeholders a file stands beside
# its real rates ($1 "fee schedule" lines, $0.01). Each rule is a reason the sheet's
# "skipped" part says, with a count and an example; none of them is ever a rate.
FILLER = N_(
    "placeholder amounts: one amount repeated beside higher prices on a large share of "
    "the file's items, across levels of care"
)
BELOW_GROSS = N_("placeholder amounts: under 2 % of the same item's gross charge")
BELOW_LEVEL = N_("placeholder amounts: under 2 % of the level's usual price in the file")
PLACEHOLDER_REASONS = (FILLER, BELOW_GROSS, BELOW_LEVEL)


class PriceKind(StrEnum):
    """A kind of price a standard-charges file gives. Members are in a price sheet's
    order (what anyone would be charged, then what payers pay); each carries what is
    said of it and how it is used (`facts`)."""

    GROSS = "gross"
    CASH = "cash"
    NEGOTIATED = "negotiated"
    ALLOWED = "allowed"
    MINMAX = "minmax"
    # What one plan has agreed to pay, from its insurer's in-network file (never a
    # hospital's own file): iopcost insurer rates.
    PLAN = "plan"

    @property
    def facts(self) -> KindFacts:
        """What this kind is and how it is used."""
        return KIND_FACTS[self]

    @property
    def words(self) -> str:
        """The kind in a sentence: N_("discounted cash prices")."""
        return _(self.facts.words)

    @property
    def label(self) -> str:
        """The kind in a table's cell: N_("discounted cash")."""
        return _(self.facts.label)

    @property
    def plain(self) -> str:
        """The kind in a family's words: N_("cash price (paying yourself)")."""
        return _(self.facts.plain)

    @property
    def missing(self) -> str:
        """What it means for a level to have none of it: N_("no discounted cash price")."""
        return _(self.facts.missing)

    @property
    def per_unit(self) -> bool:
        """Whether its amounts are a rate per day or session."""
        return self.facts.per_unit

    @property
    def by_payer(self) -> bool:
        """Whether the price depends on the payer and plan."""
        return self.facts.by_payer

    def in_generation(self, generation: str) -> bool:
        """Whether a hospital's file of this generation ("v2", "v3") can hold this kind."""
        return self.facts.in_hospital_files and (generation == "v3" or not self.facts.v3_only)


@dataclass(frozen=True, slots=True)
class KindFacts:
    """One kind of price: its words, whether it depends on the payer, whether only v3
    files give it, its place when no kind is chosen (`fallback`, None: never by
    itself) and when suggesting another (`advice`: what a self-pay family would be
    asked first), and its place among --price's choices."""

    words: str
    label: str
    missing: str
    by_payer: bool
    v3_only: bool
    fallback: int | None
    advice: int
    choice: int
    # Whether its amounts are a rate per day or session (allowed amounts are per claim line).
    per_unit: bool = True
    # The kind in a family's words ("cash price (paying yourself)").
    plain: str = ""
    # Whether a level lacking it is said to, even where the file gives it for no level
    # (the de-identified minimum and maximum are said only where some level has them).
    always_said: bool = True
    # Whether hospitals' standard-charges files give it (a plan's own rate comes from
    # its insurer's files).
    in_hospital_files: bool = True
    # How a comparison's bottom line heads the levels of this kind, ranked apart, and
    # says what its figures are when every level is of it.
    group: str = ""
    basis: str = ""


KIND_FACTS = {
    PriceKind.GROSS: KindFacts(
        words=N_("gross charges"),
        label=N_("gross charge"),
        plain=N_("charge before any discount"),
        group=N_("At the hospitals' charges before any discount"),
        basis=N_("at the hospitals' charges before any discount"),
        missing=N_("no gross charge"),
        by_payer=False,
        v3_only=False,
        fallback=3,
        advice=4,
        choice=3,
    ),
    PriceKind.CASH: KindFacts(
        words=N_("discounted cash prices"),
        label=N_("discounted cash"),
        plain=N_("cash price (paying yourself)"),
        group=N_("At cash prices, paying yourself"),
        basis=N_("at cash prices, paying yourself"),
        missing=N_("no discounted cash price"),
        by_payer=False,
        v3_only=False,
        fallback=2,
        advice=1,
        choice=2,
    ),
    PriceKind.NEGOTIATED: KindFacts(
        words=N_("negotiated rates"),
        label=N_("negotiated"),
        plain=N_("what insurers pay (all plans, including Medicaid)"),
        group=N_("At what insurers pay (all plans, including Medicaid)"),
        basis=N_("at what insurers pay (all plans, including Medicaid), before your share"),
        missing=N_("no payer-specific rate"),
        by_payer=True,
        v3_only=False,
        fallback=1,
        advice=2,
        choice=1,
    ),
    PriceKind.ALLOWED: KindFacts(
        words=N_("allowed amounts (10th to 90th percentile)"),
        label=N_("allowed (10th-90th pct)"),
        plain=N_("what payers paid per claim line"),
        group=N_("In what payers paid per claim line"),
        basis=N_("in what payers paid per claim line"),
        missing=N_("no allowed amounts"),
        by_payer=True,
        v3_only=True,
        fallback=None,
        advice=3,
        choice=4,
        per_unit=False,
    ),
    # The de-identified minimum and maximum negotiated charge of an item (45 CFR 180.50):
    # what some plan pays, its name withheld; shown as such, a cost file only when asked.
    PriceKind.MINMAX: KindFacts(
        words=N_("de-identified minimum and maximum negotiated charges"),
        label=N_("min-max (plans unnamed)"),
        plain=N_("the lowest and highest any plan pays (plans unnamed)"),
        group=N_("At the lowest and highest any plan pays (plans unnamed)"),
        basis=N_("at the lowest and highest any plan pays (plans unnamed)"),
        missing=N_("no de-identified minimum and maximum"),
        by_payer=False,
        v3_only=False,
        fallback=None,
        advice=5,
        choice=5,
        always_said=False,
    ),
    PriceKind.PLAN: KindFacts(
        words=N_("rates a plan has agreed to pay"),
        label=N_("plan's own rate"),
        plain=N_("what your plan has agreed to pay (before your share)"),
        group=N_("At what your plan has agreed to pay"),
        basis=N_("at what your plan has agreed to pay, before your share"),
        missing=N_("no rate of the plan"),
        by_payer=True,
        v3_only=False,
        fallback=None,
        advice=6,
        choice=6,
        always_said=False,
        in_hospital_files=False,
    ),
}
# Every kind a cost file or the catalogue may name, in the order --price's help names them.
PRICE_KINDS = tuple(sorted(PriceKind, key=lambda kind: kind.facts.choice))
# The kinds --price offers: those hospitals' files give.
FILE_KINDS = tuple(kind for kind in PRICE_KINDS if kind.facts.in_hospital_files)
# The order of a price sheet.
SHEET_KINDS = tuple(kind for kind in PriceKind if kind.facts.in_hospital_files)
# Kinds that do not depend on the payer.
PAYER_FREE = tuple(kind for kind in PriceKind if not kind.by_payer)


def kinds_in(generation: str) -> tuple[PriceKind, ...]:
    """The kinds a file of this generation can hold, in a sheet's order."""
    return tuple(kind for kind in PriceKind if kind.in_generation(generation))


def advice_order(kinds: Sequence[str]) -> list[PriceKind]:
    """Kinds in the order to suggest them when the chosen one has no rate."""
    return sorted((PriceKind(kind) for kind in kinds), key=lambda kind: kind.facts.advice)


class FileInfo(NamedTuple):
    """What the file says of itself, and how it was read."""

    name: str
    hospital: str
    location: str | None
    published: str | None  # ISO date
    published_as_written: str
    version: str
    layout: str  # "tall CSV", "wide CSV" or "JSON"
    generation: str  # "v2" or "v3"
    # The hospital's type-2 NPIs (v3's type_2_npi), valid ones only: how insurers' files
    # name it.
    npis: tuple[str, ...] = ()

    def locations(self) -> list[str]:
        """The locations the file covers, each once, as it names them (made safe to show)."""
        seen: dict[str, None] = {}
        for part in (self.location or "").split("|"):
            name = " ".join(clean(part).split())
            if name:
                seen.setdefault(name, None)
        return list(seen)


class Selection(NamedTuple):
    """Which price, and for negotiated or allowed prices which payer and plan."""

    price: str = "negotiated"
    payer: str | None = None
    plan: str | None = None


# The most items a reading tells apart per level, plan and amount (iopcost.hospital.found):
# past it a level's count of items is a floor, and its notes say so.
MOST_ITEMS = 1_000


class LevelPrices(NamedTuple):
    """What was found for one level, ready to show or to write as a cost file."""

    level: CareLevel
    low: Decimal
    high: Decimal
    prices: int
    items: int
    codes: tuple[str, ...]
    payers: tuple[str, ...]
    methodologies: tuple[str, ...]
    # Whether there were more items than were told apart: `items` is then a floor.
    items_more: bool = False


class PercentRows(NamedTuple):
    """Payer rows for one level that give a percentage or a rule but no dollar amount:
    shown as they are, never turned into dollars."""

    level: CareLevel
    rows: int
    low: Decimal | None  # the lowest and highest percentage given, if any
    high: Decimal | None
    example: str | None  # one rule as written, if any


class UnlistedRows(NamedTuple):
    """Lines whose description names a level under codes the codes file does not list:
    counted and shown, not read as the level (unless asked, --by-description)."""

    level: CareLevel
    rows: int
    codes: tuple[str, ...]  # some of their codes, as shown ("RC 0915")
    example: str


class ContraryRows(NamedTuple):
    """Lines counted under the level their code means, whose description names another."""

    level: CareLevel
    says: CareLevel
    rows: int
    codes: tuple[str, ...]
    example: str


class Summary(NamedTuple):
    """The result of reading one file for one selection of price."""

    info: FileInfo
    codes: CareCodes
    price: str
    payers: tuple[str, ...]  # the payers and plans selected, as the file writes them
    levels: tuple[LevelPrices, ...]
    missing: tuple[CareLevel, ...]
    skipped: tuple[tuple[str, int], ...]
    values: tuple[tuple[str, int], ...]
    entries: int
    # (reason, one description) for the reasons lines were skipped, where one is kept.
    examples: tuple[tuple[str, str], ...] = ()
    # Records that could not be read, and where the first was ("line 12 (why)").
    unreadable: int = 0
    first_unreadable: str | None = None
    # Per level, payer rows with a percentage or a rule and no dollars.
    percent_only: tuple[PercentRows, ...] = ()
    # Payer-specific prices plan by plan: (level id, payer, plan, low, high, prices).
    by_plan: tuple[tuple[str, str, str, Decimal, Decimal, int], ...] = ()
    # Per level, lines that name it in words under codes not listed (not read).
    unlisted: tuple[UnlistedRows, ...] = ()
    # Lines counted by their code whose description names another level.
    contrary: tuple[ContraryRows, ...] = ()


class Read(NamedTuple):
    """One hospital file's price sheet (a Summary per kind), or why it could not be read."""

    source: str
    sheet: tuple[Summary, ...] | None
    error: str | None = None
    # Read through, but no level of care priced in it (not a failure: its sheet says
    # what it holds).
    nothing: bool = False


# Without a chosen kind: a hospital's payer-specific rates where it publishes them, else
# its discounted cash prices, else its gross charges (allowed amounts are per claim line).
FALLBACK = tuple(
    sorted(
        (kind for kind in PriceKind if kind.facts.fallback is not None),
        key=lambda kind: kind.facts.fallback or 0,
    )
)
_WORDS = re.compile(r"[a-z0-9]+")
_SKIPPED = {
    "the",
    "of",
    "at",
    "and",
    "hospital",
    "hospitals",
    "medical",
    "center",
    "centre",
    "university",
    "health",
    "system",
    "inc",
}


def chosen_price(
    sheet: Sequence[Summary], level_id: str, price: str | None
) -> tuple[str, LevelPrices] | None:
    """A level's price in a file's sheet: of the kind asked for, else the first of FALLBACK."""
    by_kind = {summary.price: summary for summary in sheet}
    for kind in (price,) if price else FALLBACK:
        summary = by_kind.get(kind)
        if summary is None:
            continue
        found = next((f for f in summary.levels if f.level.id == level_id), None)
        if found is not None:
            return kind, found
    return None


def slug_of(name: str) -> str:
    """A short, stable id for a hospital: "RUSH University Medical Center" is rush."""
    words = [word for word in _WORDS.findall(name.casefold()) if word not in _SKIPPED]
    return "-".join(words[:2]) or "hospital"
