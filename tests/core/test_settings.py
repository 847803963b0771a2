"""Settings from the environment: read in one place, each bad value one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from iopcost.core.errors import SettingError
from iopcost.core.settings import MAX_DOWNLOAD, TIMEOUT, Settings, read_settings

from conftest import assert_refused, run


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, Settings()),
        ({"IOPCOST_TIMEOUT": "2.5"}, Settings(timeout=2.5)),
        ({"IOPCOST_MAX_DOWNLOAD": "1_000"}, Settings(max_download=1000)),
        (
            {"IOPCOST_HOME": "h", "IOPCOST_DATA": " d.yaml "},
            Settings(home=Path("h"), data="d.yaml"),
        ),
        ({"IOPCOST_DEBUG": "1"}, Settings(debug=True)),
        ({"LANG": "en_GB.UTF-8"}, Settings(paper="a4")),
        ({"LC_PAPER": "es_MX.UTF-8", "LANG": "en_GB.UTF-8"}, Settings(paper="letter")),
        ({"LANG": "C.UTF-8"}, Settings(paper="letter")),
    ],
    ids=["none", "timeout", "max-download", "home-and-data", "debug", "a4", "lc-paper", "c-locale"],
)
def test_settings_read(environ: dict[str, str], expected: Settings) -> None:
    """Each variable is read as its table in the README says."""
    assert read_settings(environ) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("IOPCOST_TIMEOUT", "-1"),
        ("IOPCOST_TIMEOUT", "nan"),
        ("IOPCOST_TIMEOUT", "inf"),
        ("IOPCOST_TIMEOUT", "1e308"),
        ("IOPCOST_TIMEOUT", "soon"),
        ("IOPCOST_MAX_DOWNLOAD", "nan"),
        ("IOPCOST_MAX_DOWNLOAD", "inf"),
        ("IOPCOST_MAX_DOWNLOAD", "0"),
        ("IOPCOST_MAX_DOWNLOAD", "-5"),
    ],
    ids=lambda value: str(value),
)
def test_a_bad_setting_is_one_sentence(name: str, value: str) -> None:
    """A value that cannot be used names the variable and what it takes."""
    with pytest.raises(SettingError, match=name) as raised:
        read_settings({name: value})
    assert "unset it" in str(raised.value)


def test_defaults_are_the_documented_ones() -> None:
    """30 s and 16 GiB unless set."""
    assert (
        (Settings().timeout, Settings().max_download) == (TIMEOUT, MAX_DOWNLOAD) == (30.0, 16 << 30)
    )


def test_a_bad_setting_stops_a_download_in_words(tmp_path: Path) -> None:
    """prices of an address with an unusable IOPCOST_TIMEOUT: exit 2, the variable named."""
    outcome = run(["prices", "http://127.0.0.1:9/x.csv"],
                  env={"IOPCOST_TIMEOUT": "nan", "IOPCOST_HOME": str(tmp_path)})  # fmt: skip
    assert_refused(outcome, 2, "IOPCOST_TIMEOUT", "seconds")


def test_every_variable_is_in_the_readmes_table() -> None:
    """The pipelines page's environment table names every variable iopcost reads."""
    from iopcost.core.settings import VARIABLES

    readme = (Path(__file__).resolve().parents[2] / "docs" / "pipelines.md").read_text()
    table = readme.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    assert [name for name in VARIABLES if f"`{name}" not in table] == []
