"""The cost file: where it is found, and every way it can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from iopcost.files.bundled import COST_FILE, bundled_file
from iopcost.files.cost_file import load_cost_table

from conftest import SEED_YAML, assert_refused, run

BAD_FILES = [
    ("", ["empty"]),
    ("# only a comment\n", ["empty"]),
    ("currency: USD\nsource: {title: T}\nlevels: [\n", ["not valid YAML", ":4:"]),
    ("currency: USD\nsource: {title: T}\n", ["missing", "levels"]),
    ("- a\n- b\n", ["mapping"]),
    (SEED_YAML.replace("    unit: session\n", ""), ["missing", "unit"]),
    (
        SEED_YAML.replace("    per_week: 5        # program days a week\n", ""),
        ["missing", "per_week"],
    ),
    (SEED_YAML.replace("    low: 350\n", ""), ["missing", "low"]),
    (SEED_YAML.replace("    high: 300\n", ""), ["missing", "high"]),
    (
        SEED_YAML.replace("low: 350", "low: cheap"),
        ["php", "low", "not an amount", "cheap", "costs.yaml:19:10:"],
    ),
    (SEED_YAML.replace("low: 350", "low: -350"), ["not an amount", "-350", "no sign"]),
    (SEED_YAML.replace("low: 350", "low: .nan"), ["not an amount"]),
    (SEED_YAML.replace("low: 350", "low: .inf"), ["not an amount"]),
    (SEED_YAML.replace("low: 350", "low: 1e3"), ["not an amount", "no exponent"]),
    (SEED_YAML.replace("low: 350", "low: 0.001"), ["more than 2 decimal places"]),
    (
        SEED_YAML.replace("low: 350", "low: 1" + "0" * 29),
        ["costs.yaml:19:10:", "largest amount", "100,000,000"],
    ),
    (SEED_YAML.replace("high: 450", "high: 1e24"), ["no exponent"]),
    (SEED_YAML.replace("low: 350", "low: 1_000"), ["not an amount"]),
    (
        SEED_YAML.replace("name: Inpatient / residential", 'name: "In\\e[31mpatient"'),
        ["costs.yaml:10:11:", "control character", "U+001B"],
    ),
    (
        SEED_YAML.replace(
            "title: Intensive Outpatient Program (IOP) Explained",
            'title: "\\e]8;;http://x\\e\\\\Intensive\\e]8;;\\e\\\\"',
        ),
        ["source.title", "U+001B"],
    ),
    (
        SEED_YAML.replace(
            "note: Average costs; actual costs vary by location and treatment center.",
            'note: "Aver\\x85age"',
        ),
        ["source.note", "U+0085"],
    ),
    (SEED_YAML.replace("low: 350", "low: 500"), ["above high", "swap"]),
    (
        SEED_YAML.replace("unit: session", "unit: hour"),
        ["unit must be one of", "day, session", "hour"],
    ),
    (SEED_YAML.replace("  iop:\n", "  php:\n"), ["'php' twice", "costs.yaml:21:3:"]),
    (SEED_YAML.replace("    low: 200\n", "    low: 200\n    low: 250\n"), ["'low' twice"]),
    (SEED_YAML.replace("low: 350", "low: no"), ["not an amount", "no"]),
    (SEED_YAML.replace("low: 350", "low: false"), ["true/false"]),
    (SEED_YAML.replace("low: 350", "low: 0x1F"), ["not an amount"]),
    (SEED_YAML.replace("low: 350", "low: !!python/object:os.system x"), ["tag", "not allowed"]),
    ("!!python/object/apply:os.system ['echo hi']\n", ["mapping"]),
    (SEED_YAML.replace("per_week: 5 ", "per_week: 9 "), ["per_week", "1 to 7"]),
    (SEED_YAML.replace("per_week: 5 ", "per_week: 2.5 "), ["whole number"]),
    (SEED_YAML.replace("currency: USD", "currency: dollars"), ["three-letter"]),
    (
        SEED_YAML.replace("    high: 450\n", "    high: 450\n    hgih: 500\n"),
        ["unknown key", "hgih"],
    ),
    (SEED_YAML + "colour: blue\n", ["unknown key", "colour"]),
    ("currency: USD\nsource: {title: T}\nlevels: {}\n", ["no level"]),
    (SEED_YAML.replace("  iop:\n", "  total:\n"), ["total"]),
    ('currency: USD\nsource: {title: T}\nlevels: {"a b": {}}\n', ["letters, digits"]),
    (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n",
        ["alias", "write the value out"],
    ),
    ("currency: USD\n---\ncurrency: EUR\n", ["not valid YAML", "single document"]),
]


@pytest.mark.parametrize(
    ("text", "words"), BAD_FILES, ids=[f"bad-{i}" for i in range(len(BAD_FILES))]
)
def test_bad_cost_files_are_refused(write, text: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each broken cost file: exit 1, the file named, the problem said, nothing on stdout."""
    path = write(text)
    outcome = run(["compare", "--data", path])
    assert_refused(outcome, 1, "costs.yaml", *words)


def test_bad_file_from_stdin_is_named_stdin() -> None:
    """A file read from standard input is called <stdin> in messages."""
    assert_refused(
        run(["compare", "--data", "-"], stdin="levels: [\n"), 1, "<stdin>", "not valid YAML"
    )


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist is named, with the fix."""
    assert_refused(
        run(["compare", "--data", str(tmp_path / "nope.yaml")]), 1, "nope.yaml", "does not exist"
    )


def test_directory(tmp_path: Path) -> None:
    """A directory is not a cost file."""
    assert_refused(run(["compare", "--data", str(tmp_path)]), 1, "directory")


def test_unreadable_file(write, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A file without read permission is refused with the reason (root reads
    anything, so the refusal is simulated where the file is opened)."""
    path = write(SEED_YAML)
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if str(self) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    assert_refused(run(["compare", "--data", path]), 1, "permission denied", "costs.yaml")


def test_oversized_file_is_refused_unread(write) -> None:  # type: ignore[no-untyped-def]
    """Files over 1 MiB are refused before they are parsed."""
    path = write(SEED_YAML + "#" * (1024 * 1024))
    assert_refused(run(["compare", "--data", path]), 1, "larger than 1024 KiB")


def test_not_utf8(write) -> None:  # type: ignore[no-untyped-def]
    """Bytes that are not UTF-8 are refused, with the offset."""
    path = write(b"currency: \xff\xfe\n")
    assert_refused(run(["compare", "--data", path]), 1, "not UTF-8")


def test_environment_variable_selects_file(write) -> None:  # type: ignore[no-untyped-def]
    """IOPCOST_DATA is used when --data is not given."""
    path = write(SEED_YAML.replace("low: 200", "low: 100"))
    outcome = run(["compare", "--format", "csv"], env={"IOPCOST_DATA": path})
    assert outcome.exit_code == 0
    assert ",100.00,300.00," in outcome.stdout


def test_amounts_read_by_the_one_grammar(write) -> None:  # type: ignore[no-untyped-def]
    """Cents, $ and thousands separators read as on the command line; 010 is ten; BOM is fine."""
    text = (
        SEED_YAML.replace("low: 200", "low: 212.50")
        .replace("high: 800", 'high: "$1,000"')
        .replace("low: 350", "low: 010")
    )
    table = load_cost_table(write(("\ufeff" + text).encode()))
    assert str(table.levels[2].low) == "212.50"
    assert table.levels[0].high == 1000
    assert table.levels[1].low == 10


def test_levels_are_data_in_file_order(write) -> None:  # type: ignore[no-untyped-def]
    """A file with other levels, in another order, is compared as written."""
    text = (
        "currency: EUR\nsource: {title: Local fees}\nlevels:\n"
        "  day-program: {name: Day program, unit: day, per_week: 4, low: 100, high: 150}\n"
        "  group: {name: Group therapy, unit: session, per_week: 2, low: 40.5, high: 60}\n"
    )
    outcome = run(["compare", "--weeks", "2", "--format", "csv", "--data", write(text)])
    lines = outcome.stdout.splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["day-program", "group"]
    assert lines[2].startswith("group,Group therapy,session,2,4,40.50,60.00,162.00,240.00")


def test_bundled_file_is_the_top_level_copy() -> None:
    """From a source checkout the bundled file is data/cost_ranges.yaml itself, and valid."""
    path = bundled_file(COST_FILE)
    assert path == Path(__file__).resolve().parents[2] / "data" / "cost_ranges.yaml"
    table = load_cost_table(None)
    assert table.origin == "cost_ranges.yaml (bundled)"
    assert table.levels and table.source.published


def test_bundled_file_is_used_without_data() -> None:
    """With neither --data nor IOPCOST_DATA, compare prices the bundled file."""
    import json

    doc = json.loads(run(["compare", "-f", "json"], env={"IOPCOST_DATA": ""}).stdout)
    assert doc["data"] == "cost_ranges.yaml (bundled)"


def test_a_counselors_own_price_list(write) -> None:  # type: ignore[no-untyped-def]
    """One rate instead of low/high shows as one price; the file's caveat replaces the default."""
    text = SEED_YAML.replace("    low: 200\n    high: 300\n", "    rate: 725\n").replace(
        "  note: Average",
        "  caveat: Our fees for 2026; your plan decides what you pay.\n  note: Average",
    )
    path = write(text)
    out = " ".join(run(["compare", "--data", path, "--no-chart"]).stdout.split())
    assert "$725 per session" in out and "$725-$725" not in out
    assert "Our fees for 2026; your plan decides what you pay." in out
    assert "Estimates from average rates" not in out
    doc = run(["compare", "--data", path, "-f", "json"]).stdout
    assert '"estimate": "Our fees for 2026; your plan decides what you pay."' in doc


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            SEED_YAML.replace("    low: 200\n", "    low: 200\n    rate: 250\n"),
            ["rate and low/high"],
        ),
        (
            SEED_YAML.replace("  note: Average", "  caveat: [a, b]\n  note: Average"),
            ["source.caveat", "text"],
        ),
    ],
    ids=["rate-and-range", "caveat-not-text"],
)
def test_bad_price_list_entries(write, text: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A rate with low/high, or a caveat that is not text: exit 1, named."""
    assert_refused(run(["compare", "--data", write(text)]), 1, "costs.yaml", *words)


def test_levels_as_yaml_is_a_cost_file(write) -> None:  # type: ignore[no-untyped-def]
    """`levels --format yaml` prints the loaded cost file in the schema; it reads back the same."""
    text = SEED_YAML.replace(
        "    low: 200\n    high: 300\n", "    rate: 212.50\n    trips_per_week: 2\n"
    )
    out = run(["levels", "--data", write(text), "--format", "yaml"]).stdout
    assert "rate: '212.50'" in out or "rate: 212.50" in out
    again = load_cost_table(write(out, "again.yaml"))
    original = load_cost_table(write(text, "first.yaml"))
    assert again.levels == original.levels
    assert again.source == original.source
