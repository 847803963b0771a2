"""What `insurer plans` and `insurer rates` say: a table of contents' plans and files, the
plan's rates' title and source, and the plan's rates as a cost file."""

from __future__ import annotations

from collections.abc import Sequence

from iopcost.core.care import CareCodes
from iopcost.core.charges import PriceKind, slug_of
from iopcost.core.hospital_table import LevelRate, hospital_level, hospital_table, unique_slug
from iopcost.core.language import N_, _, plural
from iopcost.core.levels import CostTable, Source
from iopcost.core.plan_rates import Answer, Contents, FileFacts, Tally, plan_rate
from iopcost.core.text import clean

PLAN_CAVEAT = N_(
    "What the plan has agreed to pay the provider, from the insurer's in-network file: not "
    "what you pay, which comes from your plan's terms."
)


def contents_lines(contents: Contents, *, whole: bool) -> list[str]:
    """A table of contents' plans, one per line; `whole`: each plan's files too."""
    lines = [
        plural(
            "{insurer}: {count:,} plan",
            "{insurer}: {count:,} plans",
            contents.plans_in_file,
            insurer=clean(contents.insurer) or _("(no insurer named)"),
        )
    ]
    for plan in contents.plans:
        ident = f"{plan.id_type.upper()} {plan.id}".strip()
        lines.append(
            "  "
            + plural(
                "{name} ({ident}, {market}): {count:,} in-network file",
                "{name} ({ident}, {market}): {count:,} in-network files",
                len(plan.files),
                name=plan.name,
                ident=ident,
                market=plan.market or "-",
            )
        )
        if whole:
            lines += [f"    {clean(f.description)}: {clean(f.location)}" for f in plan.files]
    return lines


def contents_records(contents: Contents) -> dict[str, object]:
    """A table of contents' plans as JSON."""
    return {
        "insurer": contents.insurer,
        "published": contents.published or None,
        "plans_in_file": contents.plans_in_file,
        "plans": [
            {
                "name": plan.name,
                "id_type": plan.id_type,
                "id": plan.id,
                "market": plan.market,
                "files": [
                    {"description": f.description, "location": clean(f.location)}
                    for f in plan.files
                ],
            }
            for plan in contents.plans
        ],
    }


def plan_title(facts: FileFacts, plan: str) -> str:
    insurer = clean(facts.insurer) or _("the insurer")
    return _(
        "{plan}'s rates for levels of care ({insurer}'s in-network file)",
        plan=clean(plan),
        insurer=insurer,
    )


def source_notes(facts: Sequence[FileFacts]) -> list[str]:
    """Which files the rates come from, and their dates."""
    return [
        _(
            "From {name}, last updated {date} (schema {version}).",
            name=clean(f.name),
            date=f.published or _("on no date given"),
            version=f.version or "?",
        )
        for f in facts
    ]


def plan_cost_table(
    tally: Tally, codes: CareCodes, facts: Sequence[FileFacts], plan: str
) -> CostTable:
    """Each provider's dollar rate per level (of the first kind there is), as a cost
    table whose source names the insurer, the plan and the file's date."""
    by_key: dict[tuple[str, str], list[Answer]] = {}
    for answer in tally.answers.values():
        by_key.setdefault((answer.provider, answer.level), []).append(answer)
    order = {level.id: number for number, level in enumerate(codes.levels)}
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    levels = []
    for provider, level_id in sorted(by_key, key=lambda k: (k[0], order.get(k[1], 99))):
        best = plan_rate(by_key[(provider, level_id)])
        if best is None:
            continue
        if provider not in slugs:
            slugs[provider] = unique_slug(slug_of(provider), taken)
        level = codes.level(level_id)
        rate = LevelRate(
            level_id=level_id,
            name=level.name,
            unit=level.unit,
            per_week=level.per_week,
            low=best.low,
            high=best.high,
            kind=PriceKind.NEGOTIATED.value,
            usual=level.usual,
        )
        levels.append(hospital_level(rate, whose=(slugs[provider], provider)))
    first = facts[0]
    source = Source(
        title=_(
            "{insurer}, {plan}: in-network rates",
            insurer=clean(first.insurer) or "-",
            plan=clean(plan),
        ),
        published=first.published or None,
        note=_(
            "What the plan has agreed to pay each provider ({kinds} rates), from the "
            "insurer's machine-readable file; not what a family pays.",
            kinds=", ".join(sorted({a.kind for a in tally.answers.values() if a.priced})),
        ),
        url=None,
        caveat=PLAN_CAVEAT,
        file=", ".join(clean(f.name) for f in facts),
    )
    return hospital_table(_("plan: {plan}", plan=clean(plan)), source, levels)
