"""A plan's own rates for levels of care, as read from an insurer's in-network file
(Transparency in Coverage): values and the one place they are added up.

A rate is what the plan has agreed to pay a provider, never what a family pays: the
family's share still comes from its plan's terms. Rates are kept per provider, level
and kind (`negotiated_type`); a percentage of billed charges is a percentage, never
dollars; bundles and capitation are counted and shown, never priced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from iopcost.core.language import N_

# The kinds an in-network file writes (`negotiated_type`), in the order a level's
# dollar rate is chosen from them: what was agreed, then a per-diem, then the fee
# schedule, then a price derived for accounting.
DOLLAR_KINDS = ("negotiated", "per diem", "fee schedule", "derived")
PERCENTAGE = "percentage"
KINDS = (*DOLLAR_KINDS, PERCENTAGE)
# Arrangements other than fee for service: shown, never priced as a day or session.
PRICED_ARRANGEMENT = "ffs"
ARRANGEMENTS = (PRICED_ARRANGEMENT, "bundle", "capitation")
# How many names (networks, modifiers, codes) one answer keeps: the rest are counted.
MOST_NAMES = 12

PLAN_CAVEAT = N_(
    "What the plan has agreed to pay the provider, from the insurer's in-network file: not "
    "what you pay, which comes from your plan's terms."
)
# Why a rate under a level's code was not kept, counted by reason.
EXPIRED = N_("expired (its expiration date has passed)")
PROFESSIONAL = N_("billed by a professional, not the facility (billing class professional)")
OTHER_SETTING = N_("for another setting (inpatient for a program, outpatient for a stay)")
EVERY_CODE = N_("for every code of a type (CSTM-00 or CSTM-ALL), not a level's own")
UNKNOWN_KIND = N_("of a kind the format does not define")
NO_AMOUNT = N_("without a usable amount")
UNREFERENCED = N_("naming provider groups the file does not define")
SKIP_REASONS = (
    EXPIRED,
    PROFESSIONAL,
    OTHER_SETTING,
    EVERY_CODE,
    UNKNOWN_KIND,
    NO_AMOUNT,
    UNREFERENCED,
)


class PlanFile(NamedTuple):
    """One in-network file a table of contents lists for a plan."""

    description: str
    location: str


class Plan(NamedTuple):
    """One plan of a table of contents, with its in-network files."""

    name: str
    id_type: str
    id: str
    market: str
    files: tuple[PlanFile, ...]


class Contents(NamedTuple):
    """What a table of contents lists."""

    insurer: str
    published: str
    plans: tuple[Plan, ...]
    # How many plans the file lists in all (more than `plans` when one was asked for).
    plans_in_file: int


class Size(NamedTuple):
    """A file's size in bytes, if its server says; else why not, in words."""

    bytes: int | None
    problem: str | None = None


class FileFacts(NamedTuple):
    """What an in-network file says of itself."""

    name: str
    insurer: str
    plan: str
    plan_id: str
    published: str
    version: str


class Price(NamedTuple):
    """One negotiated price of a rate group, as the file writes it (checked later)."""

    kind: str
    rate: Decimal | None
    expires: str
    billing_class: str
    setting: str
    modifiers: tuple[str, ...]


class Match(NamedTuple):
    """A provider a rate group names: the label asked for, the networks it is in."""

    label: str
    networks: tuple[str, ...]


@dataclass(slots=True)
class Answer:
    """The plan's rates for one provider, level, kind and arrangement, added up."""

    provider: str
    level: str
    kind: str
    arrangement: str
    low: Decimal
    high: Decimal
    rows: int = 0
    codes: dict[str, None] = field(default_factory=dict)
    networks: dict[str, None] = field(default_factory=dict)
    modifiers: dict[str, None] = field(default_factory=dict)

    @property
    def priced(self) -> bool:
        """Whether the answer is a dollar rate for the level's day or session."""
        return self.arrangement == PRICED_ARRANGEMENT and self.kind in DOLLAR_KINDS

    def add(
        self, rate: Decimal, code: str, networks: tuple[str, ...], mods: tuple[str, ...]
    ) -> None:
        self.low = min(self.low, rate)
        self.high = max(self.high, rate)
        self.rows += 1
        _keep(self.codes, (code,))
        _keep(self.networks, networks)
        _keep(self.modifiers, mods)


def _keep(kept: dict[str, None], names: tuple[str, ...]) -> None:
    for name in names:
        if len(kept) >= MOST_NAMES:
            return
        kept.setdefault(name, None)


@dataclass(slots=True)
class Tally:
    """Everything read, by provider, level, kind and arrangement (bounded by what was
    asked for, never by the file), with what was skipped and why."""

    answers: dict[tuple[str, str, str, str], Answer] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    items: int = 0
    level_items: int = 0
    # Remote provider-reference files that could not be read: address -> why.
    failed: dict[str, str] = field(default_factory=dict)

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    def add(self, match: Match, level: str, code: str, arrangement: str, price: Price) -> None:
        assert price.rate is not None
        key = (match.label, level, price.kind, arrangement)
        answer = self.answers.get(key)
        if answer is None:
            answer = self.answers[key] = Answer(
                provider=match.label,
                level=level,
                kind=price.kind,
                arrangement=arrangement,
                low=price.rate,
                high=price.rate,
            )
        answer.add(price.rate, code, match.networks, price.modifiers)


class KeptRate(NamedTuple):
    """The rate kept for a provider's level: dollars, and whether they were derived from
    a percentage of billed charges and the hospital's own gross charge."""

    low: Decimal
    high: Decimal
    rows: int
    percent: tuple[Decimal, Decimal] | None = None


def kept_rate(answers: list[Answer], gross: tuple[Decimal, Decimal] | None) -> KeptRate | None:
    """A provider's rate for a level: its dollar rate (the first kind of DOLLAR_KINDS it
    has); else, fee for service at a percentage of billed charges, that percentage of the
    hospital's own gross charge (derived, said so); else none."""
    best = plan_rate(answers)
    if best is not None:
        return KeptRate(best.low, best.high, best.rows)
    share = next(
        (a for a in answers if a.kind == PERCENTAGE and a.arrangement == PRICED_ARRANGEMENT),
        None,
    )
    if share is None or gross is None or share.high > 100:
        return None
    cent = Decimal("0.01")
    low = (share.low * gross[0] / 100).quantize(cent)
    high = (share.high * gross[1] / 100).quantize(cent)
    if low <= 0:
        return None
    return KeptRate(low, high, share.rows, (share.low, share.high))


def plan_rate(answers: list[Answer]) -> Answer | None:
    """A provider's dollar rate for a level: of the first kind of DOLLAR_KINDS it has."""
    priced = {answer.kind: answer for answer in answers if answer.priced}
    return next((priced[kind] for kind in DOLLAR_KINDS if kind in priced), None)
