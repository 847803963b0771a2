"""The bundled care codes: read from their compiled copy when it was made from the YAML
as it is, from the YAML otherwise; the same codes either way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from iopcost.files import care_codes
from iopcost.files.bundled import CARE_CODES, CARE_CODES_COMPILED, bundled_file
from iopcost.files.care_codes import BUNDLED_NAME, compile_care_codes, load_care_codes
from iopcost.files.care_codes_yaml import parse_care_codes

TEXT = bundled_file(CARE_CODES).read_text("utf-8")


def test_the_compiled_copy_is_current() -> None:
    """data/care_codes.json is what scripts/compile_care_codes.py makes of the YAML now;
    if this fails, run that script."""
    codes = parse_care_codes(BUNDLED_NAME, TEXT)
    assert bundled_file(CARE_CODES_COMPILED).read_text("utf-8") == compile_care_codes(codes, TEXT)


def test_the_compiled_copy_gives_the_same_codes() -> None:
    assert load_care_codes(None) == parse_care_codes(BUNDLED_NAME, TEXT)


@pytest.mark.parametrize(
    "compiled",
    ["{not json", '{"made_from": "another text", "levels": []}', '{"made_from": null}', None],
    ids=["damaged", "stale", "wrong", "missing"],
)
def test_a_copy_not_made_from_the_yaml_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: str | None
) -> None:
    """A compiled copy that is damaged, made from another text or missing: the YAML is
    read, and the codes are the same."""
    (tmp_path / CARE_CODES).write_text(TEXT, "utf-8")
    if compiled is not None:
        (tmp_path / CARE_CODES_COMPILED).write_text(compiled, "utf-8")
    monkeypatch.setattr(care_codes, "bundled_file", lambda name: tmp_path / name)
    assert load_care_codes(None) == parse_care_codes(BUNDLED_NAME, TEXT)


@pytest.mark.slow
def test_the_bundled_codes_are_read_without_a_yaml_parser() -> None:
    """What makes `prices` start sooner: PyYAML is not imported for the bundled codes."""
    code = (
        "import sys\n"
        "from iopcost.files.care_codes import load_care_codes\n"
        "codes = load_care_codes(None)\n"
        "print(len(codes.levels), 'yaml' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(len(load_care_codes(None).levels)), "False"]


LEVEL = (
    "levels:\n  php:\n    name: PHP\n    unit: day\n    per_week: 5\n    codes: {RC: ['0912']}\n"
)


def test_words_and_codes_read_for_words() -> None:
    """named_by, never_a_level and read_for_words: phrases as descriptions are matched,
    digits ending in * as every four-digit code they begin, a level's code kept."""
    text = (
        LEVEL
        + "    named_by: [Partial Hosp*, 'P.H.P.']\n"
        + "never_a_level: [Group]\n"
        + "read_for_words: {RC: ['091*', '0129'], APC: ['05863']}\n"
    )
    codes = parse_care_codes("c.yaml", text)
    assert codes.named == (("php", ("partial hosp*", "p h p")),)
    assert codes.named_level("Partial Hospitalization - Psych") == "php"
    assert codes.named_level("Group partial hospitalization") is None
    assert codes.classify("RC", "915") == "named in words"
    assert codes.classify("RC", "0912") == "php"  # its level's, not read for words
    assert codes.classify("APC", "5863") == codes.classify("APC", "05863") == "named in words"
    assert "05863" in codes.forms()


@pytest.mark.parametrize(
    ("tail", "words"),
    [
        ("read_for_words: {RC: ['09x*']}\n", "only digits"),
        ("read_for_words: {RC: ['0912*']}\n", "only digits"),
        ("never_a_level: ['--']\n", "no letter or digit"),
    ],
)
def test_bad_words_are_refused(tail: str, words: str) -> None:
    from iopcost.core.errors import DataFileError

    with pytest.raises(DataFileError, match=words):
        parse_care_codes("c.yaml", LEVEL + tail)


@pytest.mark.parametrize(
    ("written", "level"),
    [("5853", "php"), ("05864", "php"), ("T5861", "iop"), ("t5862", "iop"), ("05851", "iop")],
)
def test_apcs_are_read_by_their_shape(written: str, level: str) -> None:
    """Medicare's PHP and IOP payment groups, written with a leading zero or a one-letter
    prefix, mean their level when typed APC (and nothing under another type)."""
    codes = load_care_codes(None)
    assert codes.classify("APC", written) == level
    assert written in codes.forms()
    assert codes.classify("CDM", written) is None
    # Each with its meaning and its band of services a day, as data.
    assert "services a day" in codes.meanings[f"APC {written[-4:]}"]
