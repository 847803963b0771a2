"""What a file's read remembers per distinct item is bounded by a constant, not by the
file: an item's own price is told apart among the last RECENT items read, a level's
items are counted by number up to MOST_ITEMS, and the counts stay exact below both."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

from test_prices import summary, tall

from iopcost.core.care import CareCodes
from iopcost.core.charges import MOST_ITEMS
from iopcost.files.care_codes import load_care_codes
from iopcost.hospital.collector import RECENT, Collector, Kind
from iopcost.hospital.found import KEPT_APART, Amounts, Budget, Found, item_number
from iopcost.hospital.types import Entry, PayerCharge

from conftest import run

CODES: CareCodes = load_care_codes(None)


def _entry(number: int, payer: str = "Acme", cash: str = "900") -> Entry:
    return Entry(
        where=f"byte {number}",
        description=f"Partial hospitalization day {number}",
        codes=(("RC", "0912"),),
        setting="outpatient",
        gross="1800",
        cash=cash,
        payers=(
            PayerCharge(
                payer=payer,
                plan="PPO",
                dollar=str(700 + number % 50),
                percentage=None,
                algorithm=None,
                methodology="per diem",
                p10=None,
                p90=None,
            ),
        ),
    )


def _read(entries: list[Entry]) -> Collector:
    collector = Collector(CODES, (Kind("cash"), Kind("negotiated")))
    for entry in entries:
        collector.entry(entry)
    collector.settle()
    return collector


def test_an_items_own_price_counts_once_over_its_payers_rows() -> None:
    """A tall file repeats an item's cash price on every payer's row: counted once."""
    rows = [_entry(n, payer) for n in range(300) for payer in ("Acme", "Beta", "Core")]
    cash, negotiated = _read(rows).kinds
    (found,) = cash.found.values()
    assert (found.prices, found.items) == (300, 300)
    assert sum(f.prices for f in negotiated.found.values()) == 900


def test_items_seen_stay_bounded_however_many_the_file_has() -> None:
    many = 5 * RECENT
    cash, _negotiated = _read([_entry(n) for n in range(many)]).kinds
    assert len(cash.seen_items) == RECENT
    (found,) = cash.found.values()
    assert found.prices == many  # every item counted, none twice


def test_a_levels_items_are_counted_by_number_up_to_the_bound() -> None:
    found = Found()
    price = Decimal(900)
    for number in range(MOST_ITEMS + 10):
        found.add(price, price, _entry(number), "")
        found.add(price, price, _entry(number), "")  # the same item: no new one
    assert found.items == MOST_ITEMS
    assert found.more_items
    assert found.prices == 2 * (MOST_ITEMS + 10)
    assert found.example == ("Partial hospitalization day 0", (("RC", "0912"),))
    below = Found()
    for number in range(MOST_ITEMS // 2):
        below.add(price, price, _entry(number), "")
    assert (below.items, below.more_items) == (MOST_ITEMS // 2, False)
    # Merged (as a level's plans are): the union, exact below the bound.
    other = Found()
    for number in range(MOST_ITEMS // 4, MOST_ITEMS * 3 // 4):
        other.add(price, price, _entry(number), "")
    below.merge(other)
    assert below.items == MOST_ITEMS * 3 // 4


def test_an_items_number_is_the_same_in_every_process() -> None:
    """A file read in parts by several processes counts its items as one read does: the
    number is a digest, not Python's hash (which differs between processes)."""
    item = ("IOP session", (("HCPCS", "S9480"), ("RC", "0905")))
    script = (
        "from iopcost.hospital.found import item_number;"
        "print(item_number(('IOP session', (('HCPCS', 'S9480'), ('RC', '0905')))))"
    )
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        assert int(done.stdout) == item_number(item)
    assert item_number(item) != item_number(("IOP session", (("HCPCS", "S9480"),)))
    assert item_number(("a\x1fb", ())) != item_number(("a", (("b", ""),)))


def test_a_level_of_more_items_than_told_apart_says_its_count_is_a_floor(write) -> None:  # type: ignore[no-untyped-def]
    """1,100 distinct items of one level at one price: the count stops at MOST_ITEMS, the
    JSON says so per level, and the notes of every sheet say the count is the least."""
    rows = [
        f"PHP day {number},0912,RC,outpatient,1800,900,Acme,PPO,{700 + number % 3},,,,,per diem"
        for number in range(MOST_ITEMS + 100)
    ]
    path = write(tall(*rows), "h.csv")
    doc = summary(path, "--price", "cash")
    levels = doc["levels"]
    assert isinstance(levels, list) and len(levels) == 1
    assert (levels[0]["items"], levels[0]["items_more"]) == (MOST_ITEMS, True)
    words = "told apart up to 1,000 per plan and amount; Partial hospitalization (PHP) had more"
    for args in (["prices", path, "--price", "cash"], ["prices", path]):
        assert words in " ".join(run(args).stdout.split())
    few = summary(write(tall(*rows[:50]), "few.csv"), "--price", "cash")
    assert (few["levels"][0]["items"], few["levels"][0]["items_more"]) == (50, False)  # type: ignore[index]
    assert "told apart" not in run(["prices", path, "--price", "negotiated"]).stdout


def test_what_a_kind_of_price_holds_in_all_is_bounded() -> None:
    """A budget of item numbers shared by every Found of a kind of price: past it, no new
    item is held (its count is a floor), the amounts no longer kept apart included."""
    budget = Budget(left=30)
    first, second = Amounts(budget=budget), Amounts(budget=budget)
    for number in range(40):
        first.add(Decimal(900), Decimal(900), _entry(number), "per diem")
    assert budget.left == 0
    for number in range(KEPT_APART + 5):  # each its own amount: the highest leave the lowest
        second.add(Decimal(100 + number), Decimal(100 + number), _entry(1000 + number), "")
    kept = dict(first.apart())[(Decimal(900), Decimal(900))]
    assert (kept.items, kept.more_items, kept.prices) == (30, True, 40)
    assert second.rest.prices == 5 and second.rest.more_items
    assert second.rest.items == 0  # the budget spent: none held, the count a floor
    roomy = Amounts(budget=Budget())
    for number in range(KEPT_APART + 5):
        roomy.add(Decimal(100 + number), Decimal(100 + number), _entry(number), "")
    assert (roomy.rest.items, roomy.rest.more_items) == (5, False)
