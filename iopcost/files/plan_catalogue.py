"""A plan's own rates in the hospitals catalogue: kept from an insurer's in-network file
for the kept hospitals its providers are (by their NPIs), and read back as cost tables
that price each hospital at that plan's rate beside its cash price."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from iopcost.core.charges import PriceKind, slug_of
from iopcost.core.hospital_table import hospital_level, hospital_table
from iopcost.core.language import _
from iopcost.core.levels import CostTable, Source
from iopcost.core.plan_rates import PLAN_CAVEAT
from iopcost.files.catalogue import kept_table, prices


class PlanKept(NamedTuple):
    """Whose rates they are: the insurer, the plan, the files' date and names."""

    insurer: str
    plan: str
    published: str | None
    files: str


class PlanRow(NamedTuple):
    """One hospital's plan rate for one level, as kept."""

    hospital: str
    level: str
    level_name: str
    unit: str
    per_week: int
    low: Decimal
    high: Decimal
    rows: int


def kept_npis(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """Each kept hospital's NPIs, as (NPI, hospital name)."""
    return [
        (str(npi), str(name))
        for npi, name in connection.execute(
            "SELECT n.npi, h.name FROM npis n JOIN hospitals h ON h.id = n.hospital "
            "ORDER BY h.name, n.rowid"
        ).fetchall()
    ]


def kept_gross(connection: sqlite3.Connection) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """Each kept hospital's own gross charge per level: (hospital, level) -> low, high."""
    return {
        (row.hospital, row.level): (row.low, row.high)
        for row in prices(connection, as_kept=True)
        if row.kind == PriceKind.GROSS
    }


def keep_plan_rates(
    connection: sqlite3.Connection,
    kept: PlanKept,
    rows: Sequence[PlanRow],
) -> int:
    """Keep a plan's rates for kept hospitals, replacing that plan's earlier ones, in one
    transaction; how many hospitals got rates."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        insurer, plan = kept.insurer, kept.plan
        ids = dict(connection.execute("SELECT name, id FROM hospitals").fetchall())
        connection.execute(
            "DELETE FROM prices WHERE payer = ? AND plan = ? AND kind = ?",
            (insurer, plan, PriceKind.PLAN.value),
        )
        connection.execute(
            "INSERT OR REPLACE INTO plans VALUES (?,?,?,?)",
            (insurer, plan, kept.published, kept.files),
        )
        rows = [row for row in rows if row.hospital in ids]
        connection.executemany(
            "INSERT INTO prices VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    ids[r.hospital],
                    r.level,
                    r.level_name,
                    r.unit,
                    r.per_week,
                    PriceKind.PLAN.value,
                    insurer,
                    plan,
                    str(r.low),
                    str(r.high),
                    r.rows,
                )
                for r in rows
            ],
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return len({row.hospital for row in rows})


def plan_tables(connection: sqlite3.Connection, plan: str) -> list[CostTable]:
    """Each kept hospital with a rate of `plan` (a word of its name): its levels at the
    plan's rate, and beside them its cash price where its own file gives one."""
    by_plan = [
        row
        for row in prices(connection, payer="", plan=plan, as_kept=True)
        if row.kind == PriceKind.PLAN
    ]
    dates = {
        (str(payer), str(name)): published
        for payer, name, published in connection.execute(
            "SELECT payer, plan, published FROM plans"
        ).fetchall()
    }
    cash = [row for row in prices(connection, as_kept=True) if row.kind == PriceKind.CASH]
    tables = []
    for hospital in dict.fromkeys(row.hospital for row in by_plan):
        mine = [r for r in by_plan if r.hospital == hospital]
        published = dates.get((mine[0].payer, mine[0].plan))
        plan_source = Source(
            title=_("{insurer}, {plan}: in-network rates", insurer=mine[0].payer,
                    plan=mine[0].plan),
            published=published if isinstance(published, str) else None,
            note=_("What the plan has agreed to pay the hospital, from the insurer's "
                   "in-network file, as kept in the list of hospitals."),
            url=None,
            caveat=PLAN_CAVEAT,
        )  # fmt: skip
        levels = [
            hospital_level(
                row.level_rate(PriceKind.PLAN.value),
                whose=(
                    f"{row.slug}-{slug_of(row.plan)}",
                    _("{hospital}, {plan}'s rate", hospital=hospital, plan=row.plan),
                ),
            )
            for row in mine
        ]
        tables.append(hospital_table(_("plan: {plan}", plan=mine[0].plan), plan_source, levels))
        own = [r for r in cash if r.hospital == hospital]
        if own:
            cash_levels = [
                hospital_level(row.level_rate(PriceKind.CASH.value), whose=(row.slug, hospital))
                for row in own
            ]
            tables.append(kept_table(hospital, own[0].published, cash_levels))
    return tables
