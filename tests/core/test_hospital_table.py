"""The one builder of a cost table from hospitals' per-level rates."""

from __future__ import annotations

from decimal import Decimal

from iopcost.core.hospital_table import LevelRate, hospital_level, hospital_table, unique_slug
from iopcost.core.levels import Source
from iopcost.core.units import Unit

IOP = LevelRate(level_id="iop", name="Intensive outpatient (IOP)", unit=Unit("session"),
                per_week=3, low=Decimal("180.00"), high=Decimal("240.50"), kind="cash")  # fmt: skip


def test_one_hospitals_level_keeps_its_id_and_name() -> None:
    """prices -o of one file: the care-codes file's id and name, the rates as found."""
    level = hospital_level(IOP)
    assert (level.id, level.name, level.low, level.high) == (
        "iop", "Intensive outpatient (IOP)", Decimal("180.00"), Decimal("240.50"))  # fmt: skip
    assert level.source is None


def test_among_several_a_level_says_whose_it_is() -> None:
    """Several hospitals or the catalogue: id slug-level, the hospital in the name."""
    source = Source("Mercy", "2026-01-01", "cash", None)
    level = hospital_level(IOP, whose=("mercy", "Mercy"), source=source)
    assert (level.id, level.name, level.source) == (
        "mercy-iop", "Intensive outpatient (IOP), Mercy", source)  # fmt: skip


def test_the_table_is_in_us_dollars_and_slugs_are_unique() -> None:
    """Standard charges are in US dollars; a second hospital of one slug gets another."""
    table = hospital_table("file.csv", Source("Mercy", None, None, None), [hospital_level(IOP)])
    assert (table.currency, table.symbol, [level.id for level in table.levels]) == (
        "USD", "$", ["iop"])  # fmt: skip
    taken: set[str] = set()
    assert [unique_slug("mercy", taken) for _ in range(3)] == ["mercy", "mercy-2", "mercy-2-2"]
