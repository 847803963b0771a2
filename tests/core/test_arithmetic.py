"""The pure arithmetic: units, totals, schedules and their invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcost.core.errors import InvalidValue
from iopcost.core.estimate import compare, schedule
from iopcost.core.levels import CostTable, Level, Source
from iopcost.core.money import cents, plain, show
from iopcost.core.units import Unit
from iopcost.render.machine import json_text

SEED = CostTable(
    origin="test",
    currency="USD",
    symbol="$",
    source=Source("Test source", "2023-11-29", None, None),
    levels=(
        Level("inpatient", "Inpatient", Unit.DAY, 7, Decimal(500), Decimal(800)),
        Level("php", "PHP", Unit.DAY, 5, Decimal(350), Decimal(450)),
        Level("iop", "IOP", Unit.SESSION, 3, Decimal(200), Decimal(300)),
    ),
)


@pytest.mark.parametrize(
    ("weeks", "sessions", "expected"),
    [
        (
            8,
            3,
            {"inpatient": (56, 28000, 44800), "php": (40, 14000, 18000), "iop": (24, 4800, 7200)},
        ),
        (1, 1, {"inpatient": (7, 3500, 5600), "php": (5, 1750, 2250), "iop": (1, 200, 300)}),
        (
            12,
            5,
            {"inpatient": (84, 42000, 67200), "php": (60, 21000, 27000), "iop": (60, 12000, 18000)},
        ),
    ],
    ids=["8-weeks-3-sessions", "one-week-one-session", "12-weeks-5-sessions"],
)
def test_totals_per_level(
    weeks: int, sessions: int, expected: dict[str, tuple[int, int, int]]
) -> None:
    """units = weeks x per_week; totals = units x low and units x high."""
    result = compare(SEED, weeks=weeks, per_week=schedule(SEED, sessions=sessions))
    got = {b.level.id: (b.units, b.total_low, b.total_high) for b in result.bills}
    assert got == {k: (u, Decimal(lo), Decimal(hi)) for k, (u, lo, hi) in expected.items()}


def test_cents_stay_exact() -> None:
    """Rates with cents multiply exactly, never through float."""
    table = CostTable(
        "t",
        "USD",
        "$",
        SEED.source,
        (Level("iop", "IOP", Unit.SESSION, 3, Decimal("212.50"), Decimal("0.10")),),
    )
    (bill,) = compare(table, weeks=3, per_week={"iop": 3}).bills
    assert bill.total_low == Decimal("1912.50")
    assert bill.total_high == Decimal("0.90")
    assert isinstance(bill.total_low, Decimal)


def test_saving_against_most_expensive() -> None:
    """Each level's saving is the gap between midpoints and the costliest level."""
    result = compare(SEED, weeks=8, per_week=schedule(SEED))
    assert result.most_expensive.level.id == "inpatient"
    assert [result.saving(b) for b in result.bills] == [Decimal(0), Decimal(20400), Decimal(30400)]


def test_per_week_overrides_and_sessions() -> None:
    """--sessions sets per-session levels; --per-week sets any level, last."""
    assert schedule(SEED, sessions=5, per_week={"php": 4}) == {"inpatient": 7, "php": 4, "iop": 5}
    assert schedule(SEED, sessions=5, per_week={"iop": 2}) == {"inpatient": 7, "php": 5, "iop": 2}


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"phpp": 4}, ["unknown level", "inpatient, php, iop"]),
        ({"php": 8}, ["1 to 7"]),
        ({"iop": 0}, ["1 to 14"]),
    ],
    ids=["unknown-level", "too-many-days", "zero-sessions"],
)
def test_schedule_refusals(overrides: dict[str, int], words: list[str]) -> None:
    """A bad --per-week names the problem and what is allowed."""
    with pytest.raises(InvalidValue) as caught:
        schedule(SEED, per_week=overrides)
    assert caught.value.subject == "per_week"
    assert caught.value.level == next(iter(overrides))
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("amount", "plain_text", "json_text_expected", "shown"),
    [
        ("28000", "28000.00", "28000", "$28,000"),
        ("212.5", "212.50", "212.5", "$212.50"),
        ("0.005", "0.01", "0.01", "$0.01"),
        ("1234567.125", "1234567.13", "1234567.13", "$1,234,567.13"),
        ("0", "0.00", "0", "$0"),
    ],
    ids=["whole", "half-dollar", "half-cent-up", "millions", "zero"],
)
def test_money_text(amount: str, plain_text: str, json_text_expected: str, shown: str) -> None:
    """Amounts round to cents half-up only when written out."""
    value = Decimal(amount)
    assert plain(value) == plain_text
    assert json_text(cents(value)) == json_text_expected
    assert show(value, "$", with_cents=value != value.to_integral_value()) == shown


weeks_st = st.integers(min_value=1, max_value=260)
sessions_st = st.integers(min_value=1, max_value=14)
rates_st = st.decimals(min_value=0, max_value=100_000, places=2)


@given(
    first=weeks_st,
    second=weeks_st,
    sessions=sessions_st,
    low=rates_st,
    spread=rates_st,
)
def test_totals_add_up_over_weeks(
    first: int, second: int, sessions: int, low: Decimal, spread: Decimal
) -> None:
    """Pricing a + b weeks costs exactly pricing a weeks plus pricing b weeks, to the cent."""
    table = CostTable(
        "t",
        "USD",
        "$",
        SEED.source,
        (*SEED.levels, Level("x", "X", Unit.SESSION, 3, low, low + spread)),
    )
    per_week = schedule(table, sessions=sessions)
    both = compare(table, weeks=first + second, per_week=per_week).bills
    apart = zip(
        compare(table, weeks=first, per_week=per_week).bills,
        compare(table, weeks=second, per_week=per_week).bills,
        strict=True,
    )
    for whole, (a, b) in zip(both, apart, strict=True):
        assert whole.units == a.units + b.units
        assert whole.total_low == a.total_low + b.total_low
        assert whole.total_high == a.total_high + b.total_high


@pytest.mark.parametrize("weeks", [0, -1, 521], ids=["zero", "negative", "too-long"])
def test_weeks_out_of_range_are_refused(weeks: int) -> None:
    """The core refuses a length outside 1 to 520 weeks, in its own words."""
    with pytest.raises(InvalidValue) as caught:
        compare(SEED, weeks=weeks, per_week=schedule(SEED))
    assert caught.value.subject == "weeks"
    assert "1 to 520" in str(caught.value)


def test_one_week_one_session_is_the_rate() -> None:
    """A single session costs exactly the rate range."""
    (_, _, iop) = compare(SEED, weeks=1, per_week=schedule(SEED, sessions=1)).bills
    assert (iop.total_low, iop.total_high) == (Decimal(200), Decimal(300))
