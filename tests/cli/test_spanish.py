"""En español: every message has a Spanish translation (and the catalogue is current),
--lang es speaks Spanish everywhere a family or a counselor reads, machine formats keep
their keys and numbers, and golden Spanish outputs hold (reviewed for meaning).

After a change to Spanish output, `python tests/cli/test_spanish.py --update` rewrites
the golden files in tests/fixtures/es.
"""

from __future__ import annotations

import csv
import io
import json
import re
import runpy
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

if __name__ == "__main__":  # run as a script (--update): the tests' shared helpers
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import PATIENT, PRACTICE, RATES, assert_refused, run

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "fixtures" / "es"
PO = ROOT / "iopcost" / "locale" / "es" / "LC_MESSAGES" / "iopcost.po"
HOSPITAL = ROOT / "tests" / "fixtures" / "hospital"
_BESIDE = Path(sys.executable).parent / "iopcost"
IOPCOST = str(_BESIDE) if _BESIDE.exists() else "iopcost"
# English words that a Spanish page, table or message must not hold (Spanish shares
# "total", "plan", "no", "hospital", "error"); names, sources, codes and commands aside.
ENGLISH = frozenset({
    "the", "would", "cost", "costs", "estimate", "estimates", "week", "weeks", "day", "days",
    "session", "sessions", "level", "levels", "price", "prices", "rate", "rates", "you",
    "your", "pay", "paid", "summary", "details", "notes", "usage", "options", "show", "and",
    "of", "with", "for", "not", "per", "is", "are", "from", "to", "in", "on", "at", "by",
    "or", "this", "that", "which", "what", "low", "high", "file", "files", "care",
    "insurance", "deductible", "coinsurance", "copay", "household", "read", "written", "give",
    "check", "warning", "made", "only", "every", "each", "any", "all",
})  # fmt: skip
# Text a cost file or a hospital's file gives, said as written in any language.
AS_WRITTEN = (
    "Intensive Outpatient Program (IOP) Explained",
    "Average costs; actual costs vary by location and treatment center.",
)
FAMILY = ["compare", "--weeks", "8-12", "--deductible", "1000", "--coinsurance", "20",
          "--copay", "10", "--oop-max", "5000", "--lost-pay", "200", "--travel", "15",
          "--childcare", "40"]  # fmt: skip
COURSE = ["plan", "inpatient:2", "php:2", "iop:8", "--deductible", "2000", "--coinsurance",
          "20", "--oop-max", "4000", "--lost-pay", "52000/year"]  # fmt: skip
SIDE_BY_SIDE = ["prices", str(HOSPITAL / "real" / "rush-university.csv.gz"),
                str(HOSPITAL / "real" / "emory-university-hospital.csv.gz"),
                str(HOSPITAL / "v3.0.0_tall_example.csv"), "--jobs", "1"]  # fmt: skip


def english_left(text: str) -> list[str]:
    """The English words in `text`, once what is said as written, command lines and
    option names are taken out."""
    text = " ".join(text.split())
    for kept in AS_WRITTEN:
        text = text.replace(kept, "")
    text = re.sub(r"iopcost [a-z][^.;)]*|--[a-z-]+|\S+\.(?:csv|yaml|json|gz|html)\b|\S*[_/]\S*", "",
                  text)  # fmt: skip
    # Words in capitals are names a file gives (payers, plans), said as written.
    found = {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH and not w.isupper()}
    return sorted(found | {"(bundled)"} if "(bundled)" in text else found)


def spanish(args: list[str], **env: str) -> str:
    """A run in Spanish, chosen before the command line is parsed, as the entry point does
    (so that a mistake before --lang is said in Spanish too)."""
    from iopcost.core.language import speak

    speak("es")
    outcome = run([*args, "--lang", "es"], env={"COLUMNS": "1000", **env})
    assert outcome.exit_code in (0, 1, 2), outcome
    return outcome.stdout + outcome.stderr


def catalogue() -> Any:
    from babel.messages.pofile import read_po

    with PO.open("rb") as source:
        return read_po(source)


def test_every_message_has_a_current_translation() -> None:
    """The .pot holds every message the code, templates and commands' help say; the
    Spanish .po translates each (not fuzzy, no placeholder of its own) and its .mo is
    the .po compiled."""
    pytest.importorskip("babel")
    messages = runpy.run_path(str(ROOT / "scripts" / "messages.py"))
    said = set(messages["messages"]())
    spoken = catalogue()
    assert {m.id for m in spoken if m.id} == said, "run python scripts/messages.py"
    for message in spoken:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(translated) and not message.fuzzy, message.id
        for en, es in zip(english, translated, strict=False):
            assert set(re.findall(r"\{(\w+)", es)) <= set(re.findall(r"\{(\w+)", en)), es
    # The .mo says what the .po says (its header, which names the Babel that wrote it, aside).
    import gettext

    compiled = gettext.GNUTranslations(io.BytesIO(PO.with_suffix(".mo").read_bytes()))
    for message in spoken:
        if isinstance(message.id, tuple):
            one, many = message.id
            forms = (compiled.ngettext(one, many, 1), compiled.ngettext(one, many, 2))
            assert forms == message.string[:2], message.id
        elif message.id:
            assert compiled.gettext(message.id) == message.string, message.id


@pytest.mark.parametrize(
    "args",
    [FAMILY, COURSE, ["levels"], ["compare", "--weeks", "8", "--dollars", "latest"],
     SIDE_BY_SIDE, ["prices", str(HOSPITAL / "real" / "mgh.csv.gz"), "--payers"],
     ["compare", "--weeks", "0"], ["plan", "nothing:3"], ["prices", "missing.csv"],
     ["compare", "--weeks", "8", "--sessions", "99"], ["compare", "--week", "8"],
     ["gfe", "iop:8"], ["hospitals", "show", "a", "b"]],
    ids=["compare", "plan", "levels", "dollars", "side-by-side", "payers", "bad-weeks",
         "bad-step", "missing-file", "bad-sessions", "no-such-option", "missing-option",
         "extra-arguments"],
)  # fmt: skip
def test_no_english_is_left_on_the_terminal(args: list[str]) -> None:
    text = spanish(args)
    assert english_left(text) == [], text


@pytest.mark.parametrize("suffix", ["html", "md", "txt", "svg"])
def test_no_english_is_left_in_reports(tmp_path: Path, suffix: str) -> None:
    for args in (FAMILY, COURSE):
        out = tmp_path / f"report.{suffix}"
        spanish([*args, "-o", str(out), "--force", "--prepared-for", "Familia Pérez"])
        page = re.sub(r"<style.*?</style>|<[^>]+>", " ", out.read_text(), flags=re.S)
        assert english_left(page) == [], (args[0], suffix)
        if suffix == "html":
            assert '<html lang="es">' in out.read_text()


def test_the_good_faith_estimate_in_spanish(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every statement in Spanish, the $400 dispute right and its 120 days included."""
    env = {"IOPCOST_DATA": write(RATES, "rates.yaml")}
    practice = write(PRACTICE, "practice.yaml")
    for fmt in ("markdown", "html"):
        args = ["gfe", "iop:12", "php:2", "--practice", practice, *PATIENT, "--diagnosis",
                "F10.20"]  # fmt: skip
        if fmt == "html":
            args += ["-o", str(tmp_path / "gfe.html")]
        text = spanish(args, **env)
        if fmt == "html":
            text = re.sub(r"<style.*?</style>|<[^>]+>", " ", (tmp_path / "gfe.html").read_text(),
                          flags=re.S)  # fmt: skip
        assert english_left(text) == [], text
        flat = " ".join(text.replace("\\", "").split())
        for said in ("Estimación de Buena Fe", "por lo menos $400 más alta",
                     "dentro de los 120 días calendario", "no es un contrato",
                     "www.cms.gov/nosurprises", "1-800-985-3059"):  # fmt: skip
            assert said in flat, said


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_formats_keep_keys_and_numbers(fmt: str) -> None:
    """JSON and CSV in Spanish: the same keys and numbers as in English."""
    english = run([*FAMILY, "-f", fmt]).stdout
    spoken = run([*FAMILY, "-f", fmt, "--lang", "es"]).stdout

    def shape(text: str) -> Any:
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            return [{k: v for k, v in row.items() if re.fullmatch(r"[\d.,-]*", v)} for row in rows]

        def numbers(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: numbers(v) for k, v in value.items()}
            if isinstance(value, list):
                return [numbers(v) for v in value]
            return (
                value if isinstance(value, int | float | Decimal | bool) or value is None else str
            )

        return numbers(json.loads(text, parse_float=Decimal))

    assert shape(spoken) == shape(english)
    assert spoken != english  # words do follow the language


def test_spanish_amounts_never_wrap() -> None:
    """At 80 columns, longer Spanish words wrap; every amount stays whole on its line."""
    outcome = run([*FAMILY, "--lang", "es"], env={"COLUMNS": "80"})
    document = json.loads(run([*FAMILY, "-f", "json"]).stdout)
    amounts = {f"${level['total_low']:,}" for level in document["levels"]}
    assert all(amount in outcome.stdout for amount in amounts), outcome.stdout
    assert max(len(line) for line in outcome.stdout.splitlines()) <= 80


@pytest.mark.parametrize(
    ("env", "args", "language"),
    [({"IOPCOST_LANG": "es"}, [], "es"), ({"IOPCOST_LANG": "es_US"}, [], "es"),
     ({"IOPCOST_LANG": "", "LANG": "es_US.UTF-8"}, [], "es"),
     ({"IOPCOST_LANG": "", "LANG": "fr_FR.UTF-8"}, [], "en"),
     ({"IOPCOST_LANG": "es"}, ["--lang", "en"], "en"),
     ({"IOPCOST_LANG": "en"}, ["--lang=es"], "es")],
)  # fmt: skip
def test_the_language_is_chosen_by_option_setting_and_locale(
    env: dict[str, str], args: list[str], language: str
) -> None:
    """--lang, else IOPCOST_LANG, else the locale's language where iopcost speaks it."""
    done = subprocess.run([IOPCOST, "compare", "--weeks", "2", *args], capture_output=True,
                          text=True, env={**_environ(), **env}, timeout=60, check=True)  # fmt: skip
    title = done.stdout.splitlines()[0]
    assert title == ("Costo estimado de 2 semanas de atención" if language == "es"
                     else "Estimated cost of 2 weeks of care")  # fmt: skip


def test_an_unknown_language_is_one_sentence() -> None:
    done = subprocess.run([IOPCOST, "compare"], capture_output=True, text=True,
                          env={**_environ(), "IOPCOST_LANG": "fr"}, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "Error: IOPCOST_LANG is 'fr'; set it to one of en, es, or unset it.\n"
    assert_refused(run(["compare", "--lang", "fr"]), 2, "--lang", "'fr'")


COMMANDS = [[], ["compare"], ["plan"], ["levels"], ["gfe"], ["prices"], ["batch"],
            ["hospitals"], ["hospitals", "add"], ["hospitals", "list"], ["hospitals", "show"],
            ["hospitals", "remove"]]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "iopcost" for c in COMMANDS])
def test_help_in_spanish(command: list[str]) -> None:
    """Every command's help, Typer's own words included, in Spanish (the installed
    command: help is built in the language chosen before the commands are)."""
    done = subprocess.run([IOPCOST, *command, "--help", "--lang", "es"], capture_output=True,
                          text=True, env={**_environ(), "COLUMNS": "100"}, timeout=60,
                          check=True)  # fmt: skip
    assert done.stdout.startswith("Uso: iopcost") and "Opciones:" in done.stdout
    # Metavars (FILE, NAME), choices (table, json), command names and batch's column
    # names are syntax, as typed.
    words = re.sub(r"\b[A-Z][A-Z_.-]+\b|<[^>]*>|\[[^\]]*\]", "", done.stdout)
    words = re.sub(r"(?m)^  ([a-z]+)  ", "", words.split("Comandos:")[0]) + re.sub(
        r"(?m)^  [a-z]+ ", "", "".join(done.stdout.split("Comandos:")[1:])
    )
    words = re.sub(r"Columnas:.*?dollars\.", "", words.split("Ejemplos:")[0], flags=re.S)
    assert english_left(words) == [], done.stdout


def _environ() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}


def test_numbers_money_and_months_as_babel_writes_them_for_es_us() -> None:
    """Amounts, percentages, months and dates in Spanish as the locale's conventions
    (CLDR, by Babel) write them for es_US: "$1,500", "14.3", "noviembre de 2023", "7 de
    enero de 2027"."""
    babel_dates = pytest.importorskip("babel.dates")
    babel_numbers = pytest.importorskip("babel.numbers")
    from iopcost.core import money
    from iopcost.core.dollars import Month
    from iopcost.core.language import speak
    from iopcost.core.phrases import date_text

    speak("es")
    try:
        for month in range(1, 13):
            expected = babel_dates.format_date(date(2023, month, 1), "LLLL 'de' y", locale="es_US")
            assert Month(2023, month).name() == expected
        for amount in (Decimal(1500), Decimal("28000"), Decimal("1234567")):
            written = babel_numbers.format_currency(
                amount, "USD", locale="es_US", format="¤#,##0", currency_digits=False
            )
            assert money.show(amount, "$", with_cents=False) == written
        assert babel_numbers.format_decimal(Decimal("14.3"), locale="es_US") == "14.3"
        for day in (date(2027, 1, 7), date(2026, 12, 31), date(1990, 4, 2)):
            assert date_text(day) == babel_dates.format_date(day, "long", locale="es_US")
    finally:
        speak("en")


def test_a_cost_file_may_name_a_level_in_spanish(write) -> None:  # type: ignore[no-untyped-def]
    """name_es is the level's name in Spanish; without it, a file's own name stays as
    written; English uses name."""
    from conftest import SEED_YAML

    costs = SEED_YAML.replace(
        "name: Intensive outpatient (IOP)",
        "name: Evening IOP\n    name_es: IOP vespertino",
    ).replace("name: Partial hospitalization (PHP)", "name: Day program at Mercy")
    path = write(costs, "own.yaml")
    spoken = run(["compare", "--data", path, "--lang", "es", "-f", "json"]).stdout
    names = [level["name"] for level in json.loads(spoken)["levels"]]
    assert names == ["Hospitalización / tratamiento residencial", "Day program at Mercy",
                     "IOP vespertino"]  # fmt: skip
    english = run(["compare", "--data", path, "-f", "json"]).stdout
    assert [level["name"] for level in json.loads(english)["levels"]][1:] == [
        "Day program at Mercy",
        "Evening IOP",
    ]


# The golden outputs: what a reviewer reads for meaning; each run must give them again.
GOLDEN_RUNS = {
    "compare.txt": FAMILY,
    "plan.txt": COURSE,
    "prices-side-by-side.txt": SIDE_BY_SIDE,
}


@pytest.mark.parametrize("name", sorted(GOLDEN_RUNS))
def test_golden_spanish_outputs(name: str) -> None:
    assert _golden(name) == (GOLDEN / name).read_text(encoding="utf-8")


def test_golden_spanish_good_faith_estimate(write) -> None:  # type: ignore[no-untyped-def]
    assert _gfe(write) == (GOLDEN / "gfe.md").read_text(encoding="utf-8")
    assert _gfe(write, page=True) == (GOLDEN / "gfe-page.txt").read_text(encoding="utf-8")


def _golden(name: str) -> str:
    outcome = run([*GOLDEN_RUNS[name], "--lang", "es"], env={"COLUMNS": "100"})
    assert outcome.exit_code == 0, outcome
    return outcome.stdout


def _gfe(write: Any, *, page: bool = False) -> str:
    """The Spanish estimate in Markdown, or (`page`) the text of its HTML page, line by
    line as a reader meets it."""
    env = {"IOPCOST_DATA": write(RATES, "rates.yaml")}
    practice = write(PRACTICE, "practice.yaml")
    html_page = Path(practice).with_name("gfe.html")
    args = ["gfe", "iop:12", "php:2", "--practice", practice, *PATIENT, "--lang", "es"]
    outcome = run([*args, "-o", str(html_page), "--force"] if page else args, env=env)
    assert outcome.exit_code == 0, outcome
    text = outcome.stdout
    if page:
        body = re.sub(r"<style.*?</style>|<head>.*?</head>", "", html_page.read_text(), flags=re.S)
        body = re.sub(r"</(p|h1|h2|tr|li|dd|th|td|footer)>", "\n", body)
        text = "\n".join(" ".join(re.sub(r"<[^>]+>", " ", line).split())
                         for line in body.splitlines()).strip() + "\n"  # fmt: skip
        text = re.sub(r"\n{2,}", "\n", text)
    # The day it is made, and where the rates file is, change from run to run.
    text = text.replace(_spanish_date(date.today()), "DD de MM de AAAA")
    return re.sub(r"\S*rates\.yaml", "rates.yaml", text)


def _spanish_date(day: date) -> str:
    from iopcost.core.language import speak
    from iopcost.core.phrases import date_text

    speak("es")
    try:
        return date_text(day)
    finally:
        speak("en")


def update() -> None:
    import tempfile

    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in GOLDEN_RUNS:
        (GOLDEN / name).write_text(_golden(name), encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:

        def write(text: str, name: str) -> str:
            path = Path(folder) / name
            path.write_text(text)
            return str(path)

        (GOLDEN / "gfe.md").write_text(_gfe(write), encoding="utf-8")
        (GOLDEN / "gfe-page.txt").write_text(_gfe(write, page=True), encoding="utf-8")
    print(f"Wrote {len(GOLDEN_RUNS) + 2} files in {GOLDEN.relative_to(ROOT)}.")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit(f"usage: python {Path(__file__).name} --update")
