"""What `insurer plans` and `insurer rates` say: a table of contents' plans and files, the
plan's rates' title and source, and the plan's rates as a cost file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from iopcost.core.care import CareCodes
from iopcost.core.charges import PriceKind, slug_of
from iopcost.core.hospital_table import LevelRate, hospital_level, hospital_table, unique_slug
from iopcost.core.language import _, plural
from iopcost.core.levels import CostTable, Source
from iopcost.core.phrases import date_text
from iopcost.core.plan_rates import (
    PLAN_CAVEAT,
    Answer,
    Contents,
    FileFacts,
    Size,
    Tally,
    plan_rate,
)
from iopcost.core.text import clean


def size_text(size: Size | None) -> str:
    """A size for people: "1.2 GB", or why there is none ("" when not asked)."""
    if size is None:
        return ""
    if size.problem is not None:
        return size.problem
    if size.bytes is None:
        return _("size not given")
    value, unit = float(size.bytes), "B"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            break
        value /= 1000
    return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"


def contents_lines(
    contents: Contents, *, whole: bool, sizes: Mapping[str, Size | None] | None = None
) -> list[str]:
    """A table of contents' plans, one per line; `whole`: each plan's files too (with
    their sizes, when asked)."""
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
            for f in plan.files:
                size = size_text((sizes or {}).get(f.location))
                lines.append(
                    f"    {clean(f.description)}: {clean(f.location)}"
                    + (f" ({clean(size)})" if size else "")
                )
    return lines


def contents_records(
    contents: Contents, sizes: Mapping[str, Size | None] | None = None
) -> dict[str, object]:
    """A table of contents' plans as JSON (a file's size, null where not known)."""
    known = sizes or {}
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
                    {
                        "description": f.description,
                        "location": clean(f.location),
                        "size": _bytes(known.get(f.location)),
                        "size_problem": _problem(known.get(f.location)),
                    }
                    for f in plan.files
                ],
            }
            for plan in contents.plans
        ],
    }


def _bytes(size: Size | None) -> int | None:
    return None if size is None else size.bytes


def _problem(size: Size | None) -> str | None:
    return None if size is None or size.problem is None else clean(size.problem)


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
            date=_day(f.published),
            version=f.version or "?",
        )
        for f in facts
    ]


def _iso(written: str) -> str | None:
    """A file's date as ISO, or None when it is not one."""
    from datetime import date

    try:
        return date.fromisoformat(written[:10]).isoformat() if len(written) == 10 else None
    except ValueError:
        return None


def _day(written: str) -> str:
    """A file's date for people, in the language spoken (as written if not a date)."""
    from datetime import date

    try:
        return date_text(date.fromisoformat(written[:10]))
    except ValueError:
        return clean(written)[:20] or _("on no date given")


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
            kind=PriceKind.PLAN.value,
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
        published=_iso(first.published),
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
