"""The hospitals catalogue: each hospital's per-level prices (never its raw file) in an
SQLite database in the user data folder (IOPCOST_HOME/data when set).

A versioned schema, WAL, and one transaction per hospital: adding a hospital again
replaces its rows at once, and a run killed at any moment leaves the database as it
was before that hospital. Amounts are kept as exact decimal text.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from decimal import Decimal
from pathlib import Path

from iopcost.core.charges import FALLBACK, HOSPITAL_CAVEAT, PRICE_KINDS, Summary, slug_of
from iopcost.core.errors import DataFileError
from iopcost.core.hospital_table import hospital_level, hospital_table
from iopcost.core.kept import KeptPrice, Stored
from iopcost.core.language import _
from iopcost.core.levels import CostTable, Level, Source, level_id_problem
from iopcost.core.settings import settings
from iopcost.core.text import clean
from iopcost.core.units import Unit

# 2: the hospitals' NPIs, how insurers' files name them; plans kept from those files.
SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hospitals (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    published TEXT,
    locations INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS prices (
    hospital INTEGER NOT NULL REFERENCES hospitals(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    level_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    per_week INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payer TEXT NOT NULL,
    plan TEXT NOT NULL,
    low TEXT NOT NULL,
    high TEXT NOT NULL,
    rows INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS prices_by_hospital ON prices (hospital, level);
CREATE TABLE IF NOT EXISTS plans (
    payer TEXT NOT NULL,
    plan TEXT NOT NULL,
    published TEXT,
    files TEXT NOT NULL,
    PRIMARY KEY (payer, plan)
);
CREATE TABLE IF NOT EXISTS npis (
    hospital INTEGER NOT NULL REFERENCES hospitals(id) ON DELETE CASCADE,
    npi TEXT NOT NULL
);
"""


def database() -> Path:
    """Where the catalogue lives: IOPCOST_HOME/data, else the user data folder."""
    home = settings().home
    if home is not None:
        folder = home / "data"
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("iopcost"))
    return folder / "hospitals.sqlite"


@contextmanager
def connected(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """The catalogue, made or upgraded to this schema; refused when newer."""
    path = path or database()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFileError(
            _("the hospitals catalogue's folder {folder} cannot be made ({why}); set "
              "IOPCOST_HOME to a folder you can write.", folder=exc.filename or path.parent,
              why=exc.strerror or exc)
        ) from None  # fmt: skip
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
    except sqlite3.Error as exc:
        raise DataFileError(
            _("the hospitals catalogue {path} cannot be opened ({exc}).", path=path, exc=exc)
        ) from None
    with closing(connection):
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            # One process at a time makes the catalogue (eight first uses at once make
            # it once), and a newer one is refused before anything is written in it.
            connection.execute("BEGIN IMMEDIATE")
            _check_schema(connection, path)
            # Statement by statement: executescript would end the transaction first.
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
            )
            connection.execute("COMMIT")
            yield connection
        except sqlite3.DatabaseError as exc:
            raise DataFileError(
                _("the hospitals catalogue {path} cannot be used ({exc}).", path=path, exc=exc)
            ) from None


def _check_schema(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a catalogue of a newer schema, or a damaged one, before writing in it."""
    has_meta = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
    ).fetchone()
    if not has_meta:
        return
    found = connection.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    if found is None:
        return
    written = str(found[0])
    if not written.isdigit():
        raise DataFileError(
            _(
                "the hospitals catalogue {path} is damaged (schema {found!r}); move it away "
                "and add the hospitals again.",
                path=path,
                found=clean(written[:20]),
            )
        )
    if int(written) > SCHEMA_VERSION:
        raise DataFileError(
            _(
                "the hospitals catalogue {path} was made by a newer iopcost (schema "
                "{found}); upgrade iopcost.",
                path=path,
                found=written,
            )
        )


PriceRow = tuple[str, str, str, int, str, str, str, str, str, int]


def _price_rows(sheet: Sequence[Summary]) -> list[PriceRow]:
    """A hospital's prices as the catalogue keeps them: every payer's per kind, then each
    payer's and plan's (names made safe), amounts as exact decimal text."""
    level = sheet[0].codes.level
    every: list[PriceRow] = [
        (care.level.id, care.level.name, str(care.level.unit), care.level.per_week,
         summary.price, "", "", str(care.low), str(care.high), care.prices)
        for summary in sheet
        for care in summary.levels
    ]  # fmt: skip
    by_plan: list[PriceRow] = [
        (level_id, level(level_id).name, str(level(level_id).unit), level(level_id).per_week,
         summary.price, clean(payer), clean(plan), str(low), str(high), count)
        for summary in sheet
        for level_id, payer, plan, low, high, count in summary.by_plan
    ]  # fmt: skip
    return every + by_plan


def add(connection: sqlite3.Connection, source: str, sheet: Sequence[Summary]) -> Stored:
    """Keep one hospital's per-level prices, replacing what it had, in one transaction."""
    info = sheet[0].info
    # Names from a stranger's file are kept made safe to show, like all they hold.
    name = " ".join(clean(info.hospital).split())
    if not name:
        raise DataFileError(
            _(
                "{source} names no hospital (its hospital_name is blank), so it cannot be "
                "told from another; not added.",
                source=clean(source),
            )
        )
    slug = slug_of(name)
    locations = len(info.locations()) or 1
    rows = _price_rows(sheet)
    connection.execute("BEGIN IMMEDIATE")
    try:
        other = connection.execute(
            "SELECT name FROM hospitals WHERE slug = ? AND name != ?", (slug, name)
        ).fetchone()
        if other is not None:
            slug = f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:4]}"
        connection.execute("DELETE FROM hospitals WHERE name = ?", (name,))
        cursor = connection.execute(
            "INSERT INTO hospitals (name, slug, source, published, locations) VALUES (?,?,?,?,?)",
            (name, slug, source, info.published, locations),
        )
        connection.executemany(
            "INSERT INTO prices VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(cursor.lastrowid, *row) for row in rows],
        )
        connection.executemany(
            "INSERT INTO npis VALUES (?,?)", [(cursor.lastrowid, npi) for npi in info.npis]
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return Stored(
        name=name,
        slug=slug,
        source=source,
        published=info.published,
        locations=locations,
        levels=len({r[0] for r in rows}),
    )


def hospitals(connection: sqlite3.Connection) -> list[Stored]:
    """Every hospital kept, by name, with how many levels it prices."""
    found = connection.execute(
        "SELECT h.name, h.slug, h.source, h.published, h.locations, COUNT(DISTINCT p.level) "
        "FROM hospitals h LEFT JOIN prices p ON p.hospital = h.id GROUP BY h.id ORDER BY h.name"
    ).fetchall()
    return [
        Stored(
            name=clean(str(r[0])),
            slug=clean(str(r[1])),
            source=clean(str(r[2])),
            published=None if r[3] is None else clean(str(r[3])),
            locations=r[4],
            levels=r[5],
        )
        for r in found
    ]


def remove(connection: sqlite3.Connection, name: str) -> str:
    """Forget one hospital, named by its name or slug in any case; its name."""
    found = connection.execute(
        "SELECT id, name FROM hospitals WHERE lower(name) = lower(?) OR slug = lower(?)",
        (name, name),
    ).fetchone()
    if found is None:
        known = ", ".join(stored.slug for stored in hospitals(connection)) or "none yet"
        raise DataFileError(
            _("no hospital {name!r} in the catalogue (kept: {known}).", name=name, known=known)
        )
    connection.execute("DELETE FROM hospitals WHERE id = ?", (found[0],))
    return str(found[1])


def prices(
    connection: sqlite3.Connection,
    *,
    level: str | None = None,
    payer: str | None = None,
    plan: str | None = None,
    as_kept: bool = False,
) -> list[KeptPrice]:
    """The kept prices: every payer's by kind, or one payer's (and plan's) negotiated."""
    query = (
        "SELECT h.name, h.slug, h.published, p.level, p.level_name, p.unit, p.per_week, "
        "p.kind, p.payer, p.plan, p.low, p.high, p.rows FROM prices p JOIN hospitals h "
        "ON h.id = p.hospital WHERE 1=1"
    )
    args: list[str] = []
    if level is not None:
        query += " AND p.level = ?"
        args.append(level)
    if payer is None:
        query += " AND p.payer = ''"
    else:
        query += " AND p.payer != '' AND instr(lower(p.payer), lower(?)) > 0"
        args.append(payer)
        if plan is not None:
            query += " AND instr(lower(p.plan), lower(?)) > 0"
            args.append(plan)
    # As kept: each hospital's levels in the order of the codes file; else by level.
    query += (
        " ORDER BY h.name, p.rowid"
        if as_kept
        else " ORDER BY p.level, h.name, p.kind, p.payer, p.plan"
    )
    return [_kept(r) for r in connection.execute(query, args).fetchall()]


def _kept(row: Sequence[object]) -> KeptPrice:
    """One kept price, checked as it is read (a catalogue is a file others can change):
    texts made harmless, amounts, units and kinds as they must be; a damaged row is named,
    never priced."""
    texts = [clean(value) if isinstance(value, str) else value for value in row]
    hospital, level = str(texts[0]), str(texts[3])
    try:
        low, high = Decimal(str(row[10])), Decimal(str(row[11]))
        per_week = row[6]
        if (
            not (low.is_finite() and high.is_finite() and 0 < low <= high)
            or not isinstance(per_week, int)
            or isinstance(per_week, bool)
            or not 1 <= per_week <= Unit(str(row[5])).most_per_week
            or row[7] not in PRICE_KINDS
            or level_id_problem(level) is not None
            or not isinstance(row[12], int)
        ):
            raise ValueError
    except (ValueError, ArithmeticError):
        raise DataFileError(
            _(
                "the catalogue's price of {level} at {hospital} is damaged; remove the "
                "hospital (hospitals remove) and add its file again.",
                level=level,
                hospital=hospital,
            )
        ) from None
    return KeptPrice(
        hospital=hospital,
        slug=str(texts[1]),
        published=None if texts[2] is None else str(texts[2]),
        level=level,
        level_name=str(texts[4]),
        unit=str(row[5]),
        per_week=per_week,
        kind=str(row[7]),
        payer=str(texts[8]),
        plan=str(texts[9]),
        low=low,
        high=high,
        rows=int(row[12]),
    )


def cost_tables(connection: sqlite3.Connection) -> list[CostTable]:
    """Each kept hospital as a cost table: per level its first kind of FALLBACK, ids
    "slug-level", names with the hospital's, the hospital as the source."""
    by_hospital: dict[str, list[KeptPrice]] = {}
    for row in prices(connection, as_kept=True):
        by_hospital.setdefault(row.hospital, []).append(row)
    tables = []
    for hospital, rows in by_hospital.items():
        levels = []
        for level_id in dict.fromkeys(row.level for row in rows):
            kept = {row.kind: row for row in rows if row.level == level_id}
            best = next((kept[kind] for kind in FALLBACK if kind in kept), None)
            if best is None:
                continue
            levels.append(hospital_level(best.level_rate(), whose=(best.slug, hospital)))
        if levels:
            tables.append(kept_table(hospital, rows[0].published, levels))
    return tables


def kept_table(hospital: str, published: str | None, levels: Sequence[Level]) -> CostTable:
    """A kept hospital's levels as a cost table, the hospital's own file as its source."""
    source = Source(
        title=hospital,
        published=published,
        note=_("The hospital's standard charges, as kept in the list of hospitals."),
        url=None,
        caveat=HOSPITAL_CAVEAT,
    )
    return hospital_table(_("catalogue: {hospital}", hospital=hospital), source, levels)
