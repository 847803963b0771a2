"""The answer in plain words, under every compare and plan: what would cost the family
least and most, when the out-of-pocket maximum is reached, and that care is a
clinical choice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from iopcost.core.charges import PriceKind
from iopcost.core.language import N_, _, plural
from iopcost.core.levels import CostTable
from iopcost.core.phrases import listed
from iopcost.render.contract import BillRecord, PlanDocument
from iopcost.render.figures import Shown
from iopcost.render.source_words import today_text
from iopcost.render.words import weeks_text

if TYPE_CHECKING:
    from iopcost.core.estimate import Comparison

CLINICAL = N_(
    "Which level of care is right is a clinical decision for you and your care team, "
    "not a price decision."
)


def comparison_bottom_line(
    comparison: Comparison, records: Sequence[BillRecord], shown: Shown
) -> tuple[str, ...]:
    """Two to four plain sentences: what costs the family least and most, when the
    out-of-pocket maximum is reached, and that care is a clinical choice."""
    weeks = weeks_text(comparison.weeks)
    by_id = {record["id"]: record for record in records}
    cheap = by_id[comparison.cheapest.level.id]
    least = [by_id[bill.level.id] for bill in comparison.tied(least=True)]
    most = [by_id[bill.level.id] for bill in comparison.tied(least=False)]

    def paid(record: BillRecord) -> str:
        if "all_in_low" in record:
            return shown.range(record["all_in_low"], record["all_in_high"])
        if "patient_low" in record:
            return shown.range(record["patient_low"], record["patient_high"])
        return shown.range(record["total_low"], record["total_high"])

    kinds = list(dict.fromkeys(bill.level.kind for bill in comparison.bills))
    basis = (
        "household"
        if comparison.household_terms is not None
        else "terms"
        if comparison.terms is not None
        else kinds[0] or "list"
        if len(kinds) == 1
        else "list"
    )
    if len(records) == 1:
        sentences = [_one_level(weeks, cheap["name"], paid(cheap), basis)]
    elif len(kinds) > 1:
        sentences = _by_kind(comparison, by_id, paid, weeks, basis)
    elif len(least) == len(records):
        sentences = [
            _(
                "Over {weeks}, every level would cost the same, {cost} each, {basis}.",
                weeks=weeks,
                cost=paid(cheap),
                basis=basis_words(basis),
            )
        ]
    else:
        sentences = [
            _(
                "Over {weeks}, {least}; {most}, {basis}.",
                weeks=weeks,
                least=_clause(least, paid(least[0]), least=True),
                most=_clause(most, paid(most[0]), least=False),
                basis=basis_words(basis),
            ),
            _(RANKED),
        ]
    sentences += _today(comparison.table)
    terms = comparison.terms
    if terms is not None and terms.oop_max is not None:
        sentences += _max_reached(records, shown.amount(terms.oop_max))
    sentences.append(_(CLINICAL))
    return tuple(sentences)


# Rates older than this many months are said, in the bottom line, in today's dollars too.
OLD_MONTHS = 12


def _today(table: CostTable) -> list[str]:
    """For rates more than a year old and not restated, what today's prices would change."""
    parts = table.parts or (table,)
    return list(
        dict.fromkeys(
            today_text(part.dollars)
            for part in parts
            if part.dollars is not None
            and not part.dollars.restated
            and part.dollars.months_old > OLD_MONTHS
        )
    )


def _max_reached(records: Sequence[BillRecord], oop_max: str) -> list[str]:
    """When the out-of-pocket maximum is reached, at most NAMED levels named."""
    reached = [
        (
            record["name"],
            record.get("max_reached_week_high"),
            record.get("max_reached_week_low"),
        )
        for record in records
        if record.get("max_reached_week_high") is not None
    ]
    if reached:
        shown_parts, more = reached[:NAMED], len(reached) - NAMED
        parts = [
            _("in week {high} of {name}", high=high, name=name)
            + (_(" (week {low} at low rates)", low=low) if low not in (None, high) else "")
            + (_(" (not at low rates)") if low is None else "")
            for name, high, low in shown_parts
        ]
        if more > 0:
            parts.append(_("and at {more} more levels", more=more))
        return [
            _(
                "You would reach your {oop_max} out-of-pocket maximum {parts}, and pay "
                "nothing more for covered care after that.",
                oop_max=oop_max,
                parts="; ".join(parts),
            )
        ]
    return []


# How levels are ranked, said wherever they are.
RANKED = N_("Levels are ranked by the middle of each range.")
# At most this many levels are named in a sentence; the rest are counted.
NAMED = 3


def _clause(records: Sequence[BillRecord], cost: str, *, least: bool) -> str:
    """Who costs least (or most), ties said as ties, at most NAMED named: "A would cost
    least, $1 - $2" or "A and B would cost least, $1 - $2 each"."""
    names = [record["name"] for record in records[:NAMED]]
    if len(records) > NAMED:
        names.append(_("{more} more", more=len(records) - NAMED))
    who = listed(names)
    if least:
        return plural("{who} would cost least, {cost}", "{who} would cost least, {cost} each",
                      len(records), who=who, cost=cost)  # fmt: skip
    return plural("{who} would cost most, {cost}", "{who} would cost most, {cost} each",
                  len(records), who=who, cost=cost)  # fmt: skip


def _one_level(weeks: str, name: str, cost: str, basis: str) -> str:
    """The first sentence of a comparison of one level, on its basis."""
    return _("Over {weeks}, {name} would cost {cost}, {basis}.", weeks=weeks, name=name,
             cost=cost, basis=basis_words(basis))  # fmt: skip


# What the figures are, said after them: what the family pays (with plan terms or
# household costs), else the kind of price the rates are (a cost file's own: list prices).
BASIS = {
    "household": N_("counting what you would pay for care and your household's costs"),
    "terms": N_("in what you would pay under your plan"),
    "list": N_("at list prices before any insurance"),
}


def basis_words(basis: str) -> str:
    """What the figures are, in words: a basis of BASIS, else a kind of price."""
    return _(BASIS[basis] if basis in BASIS else PriceKind(basis).facts.basis)


# A group of levels whose rates are of one kind, named.
LIST_PRICES = N_("At list prices")


def _by_kind(
    comparison: Comparison,
    by_id: dict[str, BillRecord],
    paid: Callable[[BillRecord], str],
    weeks: str,
    basis: str,
) -> list[str]:
    """Levels whose rates are of different kinds, each kind ranked apart, never together."""
    groups: dict[str | None, list[tuple[BillRecord, Decimal]]] = {}
    for bill, cost in zip(comparison.bills, comparison.family, strict=True):
        groups.setdefault(bill.level.kind, []).append((by_id[bill.level.id], cost))
    sentences = [
        _(
            "Over {weeks}, the rates are of different kinds of price, so each kind is ranked "
            "apart, never against another.",
            weeks=weeks,
        )
    ]
    for kind, members in groups.items():
        group = _(LIST_PRICES if kind is None else PriceKind(kind).facts.group)
        if len(members) == 1:
            record = members[0][0]
            sentences.append(_("{group}: {name} would cost {cost}.", group=group,
                               name=record["name"], cost=paid(record)))  # fmt: skip
            continue
        low, high = min(cost for _r, cost in members), max(cost for _r, cost in members)
        least = [record for record, cost in members if cost == low]
        most = [record for record, cost in members if cost == high]
        if low == high:
            sentences.append(_("{group}: every level would cost the same, {cost} each.",
                               group=group, cost=paid(least[0])))  # fmt: skip
            continue
        sentences.append(
            _(
                "{group}: {least}; {most}.",
                group=group,
                least=_clause(least, paid(least[0]), least=True),
                most=_clause(most, paid(most[0]), least=False),
            )
        )
    if basis in ("household", "terms"):
        sentences.append(_("Figures are {basis}.", basis=basis_words(basis)))
    sentences.append(_(RANKED))
    return sentences


def plan_bottom_line(
    document: PlanDocument, weeks: str, shown: Shown, table: CostTable | None = None
) -> tuple[str, ...]:
    """Plain sentences: what the whole course would cost the family, and how to read it."""
    listed = shown.range(document["total_low"], document["total_high"])
    if "all_in_low" in document:
        first = _(
            "The whole {weeks}-week course would cost your household {all_in_low}, "
            "counting what you would pay for care and your household's costs (list "
            "price {listed}).",
            weeks=weeks,
            all_in_low=shown.range(document["all_in_low"], document["all_in_high"]),
            listed=listed,
        )
    elif "patient_low" in document:
        first = _(
            "The whole {weeks}-week course would cost you {patient_low} under your plan "
            "(list price {listed}).",
            weeks=weeks,
            patient_low=shown.range(document["patient_low"], document["patient_high"]),
            listed=listed,
        )
    else:
        first = _(
            "The whole {weeks}-week course would cost {listed} at list prices, before insurance.",
            weeks=weeks,
            listed=listed,
        )
    sentences = [first]
    backwards = any(
        (step.get("patient_low") or 0) > (step.get("patient_high") or 0)
        for step in document["steps"]
    )
    if backwards:
        sentences.append(
            _(
                "Where a step shows two amounts with a slash, the first is at low rates "
                "and the second at high rates: a deductible already met in an earlier "
                "step can make a later step cost you less at high rates.",
            )
        )
    if table is not None:
        sentences += _today(table)
    sentences.append(_(CLINICAL))
    return tuple(sentences)
