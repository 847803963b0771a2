"""Placeholders are never rates: a filler beside real prices, amounts far below the item's
gross charge or the level's usual price are skipped, counted and shown with an example."""

from __future__ import annotations

import json
from decimal import Decimal

from test_prices import by_level, summary, tall

from iopcost.core.charges import BELOW_GROSS, BELOW_LEVEL, FILLER

from conftest import run

D = Decimal
# Items of three levels and two plans, each with its real rate and a $1.00 "fee schedule"
# line beside it (as one real file does on most of its items).
LEVEL_ITEMS = [
    ("Psych room and board", "0124", "RC", "2400", "1300"),
    ("Detox room and board", "0126", "RC", "2600", "1500"),
    ("Partial hosp day", "0913", "RC", "1800", "900"),
    ("IOP session", "0905", "RC", "1100", "650"),
]


def _filler_rows(filler: str = "1.00") -> list[str]:
    rows = []
    for description, code, kind, gross, rate in LEVEL_ITEMS:
        for plan in ("PPO", "HMO"):
            rows.append(
                f"{description},{code},{kind},inpatient,{gross},,Acme,{plan},{rate},,,,,per diem"
            )
            rows.append(
                f"{description},{code},{kind},inpatient,{gross},,Acme,{plan},{filler},,,,,fee schedule"
            )
    return rows


def test_a_filler_beside_real_rates_is_never_a_rate(write) -> None:  # type: ignore[no-untyped-def]
    """$1 beside every real rate: the real rates stand; the $1 lines are counted with an
    example, whatever the filler's value (here also $0.01 and $12.34)."""
    for filler in ("1.00", "0.01", "12.34", "99.00"):
        doc = summary(write(tall(*_filler_rows(filler)), "h.csv"))
        assert by_level(doc) == {
            "inpatient": (1300, 1300),
            "detox": (1500, 1500),
            "php": (900, 900),
            "iop": (650, 650),
        }, filler
        skipped = doc["skipped"]
        assert isinstance(skipped, dict)
        assert sum(v for k, v in skipped.items() if k in (FILLER, BELOW_GROSS)) == 8, filler
        # Far below each item's gross charge, or else a filler across the file's levels.
        example = doc["skipped_examples"][FILLER if filler == "99.00" else BELOW_GROSS]  # type: ignore[index]
        assert example.endswith(f": ${D(filler):,}"), example


def test_a_filler_on_a_plan_alone_is_found_across_the_file(write) -> None:  # type: ignore[no-untyped-def]
    """A plan whose only price for a level is the filler (and no gross charge to compare
    with): the plan has no rate, rather than a rate of $1; a cost file never says 1."""
    rows = [row.replace(",2400,", ",,").replace(",2600,", ",,") for row in _filler_rows()]
    rows.append("Psych room and board,0124,RC,inpatient,,,Other,Basic,1.00,,,,,fee schedule")
    doc = summary(write(tall(*rows), "h.csv"))
    assert by_level(doc)["inpatient"] == (1300, 1300)
    assert doc["skipped"][FILLER] >= 5  # type: ignore[index]
    other = run(["prices", write(tall(*rows), "h.csv"), "--payer", "Other", "-f", "json"])
    assert other.exit_code == 0, other
    assert '"low": 1' not in other.stdout
    assert "inpatient" not in [level["id"] for level in json.loads(other.stdout)["levels"]]


def test_far_below_the_level_usual_price(write) -> None:  # type: ignore[no-untyped-def]
    """An amount under 2 % of the level's usual price is a placeholder; a low real rate
    (a Medicaid plan at a fifth of the others) is a rate."""
    rows = [
        "IOP,0905,RC,outpatient,,,A,P,700,,,,,per diem",
        "IOP,0905,RC,outpatient,,,B,P,720,,,,,per diem",
        "IOP,0905,RC,outpatient,,,C,P,150,,,,,per diem",
        "IOP,0905,RC,outpatient,,,D,P,5,,,,,fee schedule",
    ]
    doc = summary(write(tall(*rows), "h.csv"))
    assert by_level(doc) == {"iop": (150, 720)}
    assert doc["skipped"] == {BELOW_LEVEL: 1}
    assert doc["skipped_examples"] == {BELOW_LEVEL: "IOP: $5.00"}


def test_a_shared_real_rate_is_not_a_filler(write) -> None:  # type: ignore[no-untyped-def]
    """One rate repeated on every item of one level, and a value that is the only price of
    its items across levels (gross equal to cash), are rates."""
    same = [f"IOP {n},0905,RC,outpatient,500,500,A,P{n},500,,,,,per diem" for n in range(12)]
    assert by_level(summary(write(tall(*same), "h.csv"))) == {"iop": (500, 500)}
    across = [
        *(f"Psych {n},0124,RC,inpatient,3198,3198,,,,,,,," for n in range(6)),
        *(f"Detox {n},0126,RC,inpatient,3198,3198,,,,,,,," for n in range(6)),
    ]
    doc = summary(write(tall(*across), "h.csv"), "--price", "gross")
    assert by_level(doc) == {"inpatient": (3198, 3198), "detox": (3198, 3198)}
    assert not any(reason in doc["skipped"] for reason in (FILLER, BELOW_GROSS, BELOW_LEVEL))  # type: ignore[operator]


def test_the_sheet_says_what_was_set_aside(write) -> None:  # type: ignore[no-untyped-def]
    """The sheet's "skipped" part names the rule, the count and an example."""
    outcome = run(["prices", write(tall(*_filler_rows()), "h.csv")], env={"COLUMNS": "200"})
    assert outcome.exit_code == 0, outcome
    assert "placeholder amounts: under 2 % of the same item's gross charge" in outcome.stdout
    assert '(e.g. "Psych room and board: $1.00")' in outcome.stdout
    assert "$1.00" not in outcome.stdout.split("Skipped")[0]


def test_many_distinct_amounts_keep_the_sums_exact(write) -> None:  # type: ignore[no-untyped-def]
    """Past the lowest amounts kept apart, prices are summed at once: the low, high and
    count stay exact, and a placeholder among the lowest is still set aside."""
    rows = [f"IOP,0905,RC,outpatient,,,A,P,{600 + n},,,,,per diem" for n in range(40)]
    rows.append("IOP,0905,RC,outpatient,,,A,P,2.00,,,,,fee schedule")
    doc = summary(write(tall(*reversed(rows)), "h.csv"))
    levels = doc["levels"]
    assert isinstance(levels, list) and len(levels) == 1
    level = levels[0]
    assert (level["low"], level["high"], level["items"]) == (600, 639, 1)
    assert doc["skipped"] == {BELOW_LEVEL: 1}
    assert level["prices"] == 40
