"""The cost table a command prices: the cost files asked for (and the catalogue's
hospitals), merged, in the dollars asked for."""

from __future__ import annotations

from collections.abc import Sequence

from iopcost.core.errors import IopcostError, UsageProblem
from iopcost.core.language import _
from iopcost.core.levels import CostTable, merge_tables
from iopcost.core.settings import settings
from iopcost.files.cost_file import load_cost_table


def data_sources(data: Sequence[str]) -> list[str | None]:
    """The cost files asked for, in order: --data (repeatable; "bundled" is the bundled
    file), else IOPCOST_DATA, else the bundled file (None)."""
    if not data:
        return [settings().data]
    if list(data).count("-") > 1:
        raise UsageProblem(
            _("--data - can be given once: standard input is read once."), option="--data"
        )
    return [None if source.strip() == "bundled" else source for source in data]


def merged_table(
    data: Sequence[str], *, hospitals: bool = False, plan: str | None = None
) -> CostTable:
    """The cost files' levels (several files: every level of each, each keeping its
    source), and the catalogue's hospitals when asked for."""
    tables = []
    if data or not hospitals:
        tables = [load_cost_table(source) for source in data_sources(data)]
    if plan is not None and not hospitals:
        raise UsageProblem(
            _("it prices kept hospitals at a plan's rate: add --hospitals."), option="--plan"
        )
    if hospitals:
        from iopcost.files.catalogue import connected, cost_tables
        from iopcost.files.plan_catalogue import plan_tables

        with connected() as connection:
            kept = cost_tables(connection) if plan is None else plan_tables(connection, plan)
        if plan is not None and not kept:
            raise IopcostError(
                _(
                    "no kept hospital has a rate of a plan named {plan!r}: keep them with "
                    "iopcost insurer rates FILE --hospitals --keep.",
                    plan=plan,
                )
            )
        if not kept:
            raise IopcostError(
                _(
                    "no hospital is kept yet: add one with iopcost hospitals add FILE, or "
                    "leave out --hospitals.",
                )
            )
        tables += kept
    return merge_tables(tables)


def cost_table(
    data: Sequence[str],
    dollars: str,
    price_index: str,
    *,
    people: bool,
    hospitals: bool = False,
    plan: str | None = None,
) -> CostTable:
    """The cost files' rates in the dollars asked for.

    As published, a result for people also says how prices moved since, when
    the file is dated; machine formats do not read the price index for that.
    """
    table = merged_table(data, hospitals=hospitals, plan=plan)
    if dollars == "published" and not people:
        return table
    from iopcost.core.restate import as_published, restate
    from iopcost.files.price_index import load_price_index

    index = load_price_index()
    if dollars == "published":
        return as_published(table, index, series_key=price_index)
    return restate(table, index, series_key=price_index, target=dollars)


def level_ids() -> list[str]:
    """The level ids of the cost file in use (IOPCOST_DATA or the bundled one), for
    completion; none when it cannot be read."""
    try:
        return [level.id for level in load_cost_table(settings().data).levels]
    except (IopcostError, OSError):
        return []
