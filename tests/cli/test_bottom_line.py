"""The bottom line is exact in words: ties said as ties, the ranking rule stated, long
lists summarised (at most three named, then "and N more")."""

from __future__ import annotations

from conftest import run

WIDE = {"COLUMNS": "400"}


def _costs(rates: dict[str, int]) -> str:
    levels = "".join(
        f"  {level}: {{name: Level {level.upper()}, unit: day, per_week: 5, rate: {rate}}}\n"
        for level, rate in rates.items()
    )
    return f"currency: USD\nsource: {{title: Test}}\nlevels:\n{levels}"


def bottom_line(path: str, *args: str) -> str:
    """The bottom line's paragraph, its lines joined."""
    out = run(["compare", "--data", path, "--weeks", "4", *args], env=WIDE).stdout
    paragraph = out[out.index("Over ") :].split("\n\n")[0]
    return " ".join(paragraph.split())


def test_ties_are_said_as_ties_and_the_rule_is_stated(write) -> None:  # type: ignore[no-untyped-def]
    path = write(_costs({"a": 100, "b": 300, "c": 300, "d": 100}))
    line = bottom_line(path)
    assert "Level A and Level D would cost least, $2,000 each;" in line
    assert "Level B and Level C would cost most, $6,000 each, at list prices" in line
    assert "Levels are ranked by the middle of each range." in line


def test_every_level_the_same_is_one_sentence(write) -> None:  # type: ignore[no-untyped-def]
    """Six levels at exactly the plan's maximum: none is named as costing most."""
    path = write(_costs(dict.fromkeys("abcdef", 400)))
    line = bottom_line(path, "--deductible", "6000", "--oop-max", "6000")
    assert line.startswith("Over 4 weeks, every level would cost the same, $6,000 each.")
    assert "would cost most" not in line and "ranked" not in line


def test_long_lists_are_summarised(write) -> None:  # type: ignore[no-untyped-def]
    path = write(_costs({"a": 100, **dict.fromkeys("bcdefg", 500)}))
    assert "Level B, Level C, Level D and 3 more would cost most" in bottom_line(path)
    line = bottom_line(path, "--deductible", "100", "--coinsurance", "20", "--oop-max", "1000")
    assert "in week 2 of Level B" in line and "and at 3 more levels" in line
    assert line.count("in week") == 3
