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
    assert line.startswith("Over 4 weeks, every level would cost the same, $6,000 each, in what")
    assert "would cost most" not in line and "ranked" not in line


def test_long_lists_are_summarised(write) -> None:  # type: ignore[no-untyped-def]
    path = write(_costs({"a": 100, **dict.fromkeys("bcdefg", 500)}))
    assert "Level B, Level C, Level D and 3 more would cost most" in bottom_line(path)
    line = bottom_line(path, "--deductible", "100", "--coinsurance", "20", "--oop-max", "1000")
    assert "in week 2 of Level B" in line and "and at 3 more levels" in line
    assert line.count("in week") == 3


HOSPITAL = (
    "currency: USD\nsource: {title: Mercy}\nlevels:\n"
    "  mercy-iop: {name: 'IOP, Mercy', unit: session, per_week: 3, rate: 900, kind: negotiated}\n"
    "  mercy-php: {name: 'PHP, Mercy', unit: day, per_week: 5, rate: 1000, kind: negotiated}\n"
)


def test_a_kind_of_price_is_said_and_never_called_a_list_price(write) -> None:  # type: ignore[no-untyped-def]
    line = bottom_line(write(HOSPITAL, "mercy.yaml"))
    assert "at what insurers pay (all plans, including Medicaid), before your share" in line
    assert "list price" not in line


def test_kinds_are_ranked_apart(write) -> None:  # type: ignore[no-untyped-def]
    """The bundled averages and a hospital's negotiated rates: each ranked within its kind,
    never against the other."""
    line = bottom_line("bundled", "--data", write(HOSPITAL, "mercy.yaml"))
    assert "each kind is ranked apart, never against another" in line
    assert "At list prices: Intensive outpatient (IOP) would cost least" in line
    assert (
        "At what insurers pay (all plans, including Medicaid): IOP, Mercy would cost least, "
        "$10,800; PHP, Mercy would cost most, $20,000." in line
    )


def test_each_level_is_measured_against_its_own_kind(write) -> None:  # type: ignore[no-untyped-def]
    """ "Less than the most expensive" (and, with plan terms, what you pay less) is reckoned
    within a level's kind of price: the bundled averages against the dearest of them, the
    hospital's negotiated rates against the dearest negotiated rate."""
    import json

    args = ["compare", "--data", "bundled", "--data", write(HOSPITAL, "mercy.yaml"), "--weeks",
            "4", "--deductible", "500", "--coinsurance", "20"]  # fmt: skip
    document = json.loads(run([*args, "-f", "json"]).stdout)
    levels = {level["id"]: level for level in document["levels"]}
    assert levels["inpatient"]["less_than_most_expensive"] == 0
    assert levels["iop"]["less_than_most_expensive"] == 18200 - 3000
    assert levels["mercy-php"]["less_than_most_expensive"] == 0  # $20,000, below inpatient
    assert levels["mercy-iop"]["less_than_most_expensive"] == 20000 - 10800
    assert levels["mercy-php"]["patient_less_than_most_expensive"] == 0
    table = run([*args, "--format", "markdown"]).stdout
    rows = {
        line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| ")
    }
    assert rows["PHP, Mercy"].split("|")[7].strip() == "-"  # the dearest of its kind
    assert "| Less than the most expensive of its kind |" in table


def test_a_bad_kind_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    from conftest import assert_refused

    path = write(HOSPITAL.replace("kind: negotiated}\n  mercy-php", "kind: list}\n  mercy-php"))
    assert_refused(run(["compare", "--data", path]), 1, "kind must be one of", "'list'")


def test_chart_labels_are_never_cut(write) -> None:  # type: ignore[no-untyped-def]
    """The part that tells bars apart (a step's number and length, a hospital's name) is at
    a label's end: long labels go whole on a line of their own."""
    course = run(["plan", "inpatient:2", "php:2", "iop:8"], env={"COLUMNS": "100"}).stdout
    chart = course[course.index("Cost on one scale") :]
    assert "1. Inpatient / residential, 2 weeks\n" in chart
    assert "2. Partial hospitalization (PHP), 2 weeks\n" in chart
    assert "…" not in chart
    long_name = HOSPITAL.replace(
        "'IOP, Mercy'", "'Intensive outpatient, Mercy Hospital of the Valley'"
    )
    out = run(["compare", "--data", write(long_name, "m.yaml")], env={"COLUMNS": "100"}).stdout
    assert "Intensive outpatient, Mercy Hospital of the Valley\n" in out


def test_estimates_from_ranges_are_in_whole_dollars(write) -> None:  # type: ignore[no-untyped-def]
    """A range of rates with cents gives whole dollars to people and cents to machines;
    one exact rate with cents keeps its cents, the figure being exact."""
    ranged = write(_costs({"a": 100}).replace("rate: 100", "low: 100.25, high: 140.75"))
    line = bottom_line(ranged)
    assert "$2,005 - $2,815" in line and ".25" not in line
    doc = run(["compare", "--data", ranged, "--weeks", "4", "-f", "json"]).stdout
    assert '"total_low": 2005,' in doc and '"rate_low": 100.25' in doc
    exact = write(_costs({"a": 100}).replace("rate: 100", "rate: 100.25"), "exact.yaml")
    assert "$2,005.00" in bottom_line(exact)
