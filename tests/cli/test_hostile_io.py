"""Inputs, outputs and cells from a hostile world: a run never reads its own output, a
closed standard output is said in words, a cell is never a spreadsheet formula and
Markdown from strangers stays text."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run

_BESIDE = Path(sys.executable).parent / "iopcost"
IOPCOST = str(_BESIDE) if _BESIDE.exists() else "iopcost"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_batch_never_reads_its_own_output(tmp_path: Path, fmt: str) -> None:
    """`batch FILE >> FILE` and `batch < FILE >> FILE`: refused before reading (exit 2),
    the file left as it was."""
    path = tmp_path / f"loop.{fmt}"
    path.write_text("weeks\n8\n" if fmt == "csv" else '{"weeks": 8}\n')
    before = path.read_bytes()
    for args, stdin in (([str(path)], None), (["-"], path)):
        with path.open("ab") as out, stdin.open("rb") if stdin else open("/dev/null", "rb") as inp:
            done = subprocess.run(
                [IOPCOST, "batch", *args, "-f", fmt], stdin=inp, stdout=out,
                stderr=subprocess.PIPE, text=True, timeout=30, check=False,
            )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert "would read its own output" in done.stderr
        assert path.read_bytes() == before


@pytest.mark.slow
def test_a_closed_standard_output_is_said_in_words(tmp_path: Path) -> None:
    """Started with stdout closed: one sentence, exit 1, no traceback; a report to a file
    is written all the same."""
    done = subprocess.run(["bash", "-c", f"'{IOPCOST}' compare >&-"], capture_output=True,
                          text=True, timeout=30, check=False)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: cannot write the output (standard output is closed)."
    page = tmp_path / "e.html"
    done = subprocess.run(["bash", "-c", f"'{IOPCOST}' compare -o '{page}' >&-"],
                          capture_output=True, text=True, timeout=30, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert page.stat().st_size > 0


def test_no_cell_is_a_spreadsheet_formula(write) -> None:  # type: ignore[no-untyped-def]
    """Text cells that start like a formula gain an apostrophe, in batch and in every
    CSV and TSV; numbers are left alone."""
    out = run(["batch"], stdin="id,weeks\n=1+1,8\n@SUM(A1),8\n-3,8\n+cmd,8\n").stdout
    ids = [row["id"] for row in csv.DictReader(io.StringIO(out))][::3]
    assert ids == ["'=1+1", "'@SUM(A1)", "-3", "'+cmd"]
    costs = write(
        "currency: USD\nsource: {title: T}\nlevels:\n"
        "  iop: {name: '=HYPERLINK(\"x\")', unit: session, per_week: 3, rate: 200}\n"
    )
    for fmt in ("csv", "tsv"):
        table = run(["compare", "--data", costs, "-f", fmt]).stdout
        assert "'=HYPERLINK" in table, fmt


def test_markdown_from_strangers_stays_text(write) -> None:  # type: ignore[no-untyped-def]
    """GitHub's extensions too: no strikethrough, no autolink of a bare address."""
    costs = write(
        "currency: USD\nsource: {title: '~~gone~~ https://evil.example www.evil.example'}\n"
        "levels:\n  iop: {name: 'IOP ~~x~~', unit: session, per_week: 3, rate: 200}\n"
    )
    out = run(["compare", "--data", costs, "-f", "markdown"]).stdout
    assert "~~" not in out.replace("\\~", "")
    assert "https://" not in out and "www." not in out
    assert "https\\://evil.example" in out and "www\\.evil.example" in out


PRACTICE = (
    'providers:\n  - name: Bayside Counseling\n    npi: "1234567893"\n'
    '    tin: "12-3456789"\n    address: 1 Main St, Springfield, {state} 62701\n'
)
OWN = "currency: USD\nsource: {title: Own}\nlevels:\n  iop: {name: IOP, unit: session, per_week: 3, rate: 200}\n"


@pytest.mark.parametrize(
    ("extra", "state", "code", "words"),
    [
        (["--start", "9999-01-01"], "IL", 2, ["--start", "too far ahead"]),
        (["--start", "9999-12-31"], "IL", 2, ["--start", "too far ahead"]),
        (["--start", "1980-01-01"], "IL", 2, ["before the birth date"]),
        ([], "ZZ", 1, ["ZZ is no US state"]),
    ],
    ids=["start-9999-01", "start-9999-12-31", "before-birth", "state-zz"],
)
def test_a_good_faith_estimate_refuses_impossible_dates_and_places(  # type: ignore[no-untyped-def]
    write, extra: list[str], state: str, code: int, words: list[str]
) -> None:
    from conftest import assert_refused

    practice = write(PRACTICE.replace("{state}", state), "practice.yaml")
    args = ["gfe", "iop:12", "--practice", practice, "--data", write(OWN, "own.yaml"),
            "--patient-name", "A B", "--birth-date", "1990-01-01", *extra]  # fmt: skip
    assert_refused(run(args), code, *words)


def test_icd10_codes_of_every_letter_are_read(write) -> None:  # type: ignore[no-untyped-def]
    """U07.1 (COVID-19) is an ICD-10-CM code: the shape allows every first letter."""
    practice = write(PRACTICE.replace("{state}", "PR"), "practice.yaml")
    args = ["gfe", "iop:12", "--practice", practice, "--data", write(OWN, "own.yaml"),
            "--patient-name", "A B", "--birth-date", "1990-01-01", "--diagnosis", "U07.1"]  # fmt: skip
    outcome = run(args)
    assert outcome.exit_code == 0, outcome
    assert "U07.1" in outcome.stdout


def test_output_of_several_files_is_written(tmp_path: Path) -> None:
    """`prices A B -o region.json` writes the file (nothing on stdout)."""
    real = Path(__file__).resolve().parents[1] / "fixtures" / "hospital" / "real"
    files = [str(real / "ucsf-parnassus.json.gz"), str(real / "adventhealth-orlando.json.gz")]
    target = tmp_path / "region.json"
    outcome = run(["prices", *files, "-o", str(target), "--jobs", "1"])
    assert outcome.exit_code == 0, outcome
    assert outcome.stdout == ""
    assert {"hospitals", "levels"} <= set(json.loads(target.read_text()))


def test_a_long_output_name_works(tmp_path: Path) -> None:
    """A report name of 245 characters (the file system allows 255): its temporary twin
    stays within the limit."""
    target = tmp_path / ("a" * 245 + ".html")
    outcome = run(["compare", "-o", str(target)])
    assert outcome.exit_code == 0, outcome
    assert target.stat().st_size > 0


def test_a_batch_id_never_carries_control_characters() -> None:
    """ESC and other control characters in an id are made harmless in CSV; line breaks,
    which a quoted cell holds as data, are kept."""
    out = run(["batch"], stdin='id,weeks\n"a\x1b[31mred",8\n"two\nlines",8\n').stdout
    ids = [row["id"] for row in csv.DictReader(io.StringIO(out))][::3]
    assert ids == ["a\ufffd[31mred", "two\nlines"]


def test_continue_on_error_accounts_for_every_row() -> None:
    """A field past the CSV limit, or a JSON line nested 2,000 deep, is one rejected row;
    the rows after it are written and the summary comes."""
    big = '8,"' + "x" * (200 * 1024) + '"\n'
    outcome = run(["batch", "--continue-on-error"], stdin="weeks,id\n8,a\n" + big + "8,c\n")
    assert outcome.exit_code == 1
    assert "3 scenarios, 2 written, 1 rejected" in outcome.stderr
    assert len(outcome.stdout.splitlines()) == 1 + 2 * 3
    nested = '{"weeks": 8}\n' + "[" * 2000 + "]" * 2000 + '\n{"weeks": 9}\n'
    outcome = run(["batch", "--continue-on-error", "--input-format", "jsonl", "-f", "jsonl"],
                  stdin=nested)  # fmt: skip
    assert "row 2: is nested too deeply" in outcome.stderr and "Traceback" not in outcome.stderr
    assert len(outcome.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    "address",
    ["http://[::1/x.csv", "http://" + "a" * 300 + ".com/x.csv", "http://\x1b[31m.com/"],
    ids=["broken-ipv6", "long-host", "escape"],
)
def test_a_broken_address_is_one_sentence_and_loses_no_other_file(address: str) -> None:
    real = Path(__file__).resolve().parents[1] / "fixtures" / "hospital" / "real"
    outcome = run(["prices", address, str(real / "ucsf-parnassus.json.gz"), "--jobs", "1"])
    assert outcome.exit_code == 1
    assert "a bug" not in outcome.stderr and "\x1b" not in outcome.stderr + outcome.stdout
    assert "Ucsf Medical Center" in outcome.stdout  # the good file is still shown


def test_messages_stay_one_line_and_harmless(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A NUL byte in a cost file: one line; an escape character in one's own -o name does
    not reach the terminal in "Wrote ..."."""
    outcome = run(["compare", "--data", write("currency: USD\x00\n")])
    assert outcome.exit_code == 1 and len(outcome.stderr.strip().splitlines()) == 1
    written = run(["compare", "-o", str(tmp_path / "a\x1bb.html")])
    assert written.exit_code == 0 and "\x1b" not in written.stderr


def test_a_site_of_too_many_locations_is_refused_unless_one_is_named() -> None:
    from iopcost.core.errors import DataFileError
    from iopcost.hospital.site_index import MAX_LOCATIONS, Location, pick

    many = [Location(f"Campus {n}", f"https://h.example/{n}.csv", None, None)
            for n in range(MAX_LOCATIONS + 1)]  # fmt: skip
    with pytest.raises(DataFileError, match="--location"):
        pick(many, None, "https://h.example/cms-hpt.txt")
    assert [loc.name for loc in pick(many, "Campus 7", "where")][:1] == ["Campus 7"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_endless_line_is_refused_in_bounded_memory(fmt: str) -> None:
    """`batch /dev/zero`: one line that never ends. Under a 1 GiB address-space limit the
    run ends at once, in one sentence, instead of reading it all."""
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [IOPCOST, "batch", "--input-format", fmt, "/dev/zero"], capture_output=True, text=True,
        timeout=30, preexec_fn=limited, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "longer than 1 MiB" in done.stderr and "Traceback" not in done.stderr


def test_a_row_too_long_is_one_rejected_row() -> None:
    """A 3 MiB line among others: rejected, read past, and the rows after it priced."""
    long_row = "8," + "x" * (3 << 20) + "\n"
    outcome = run(["batch", "--continue-on-error"], stdin="weeks,id\n8,a\n" + long_row + "8,c\n")
    assert "row 2: is longer than 1 MiB" in outcome.stderr
    assert "3 scenarios, 2 written, 1 rejected" in outcome.stderr


def test_a_full_temporary_folder_is_named() -> None:
    """Standard input is kept in a temporary file while it is read: when that cannot
    grow, the folder, the cause and the fix are said, not "cannot write the output"."""
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    tall = Path(__file__).resolve().parents[1] / "fixtures" / "hospital" / "v3.0.0_tall_example.csv"
    done = subprocess.run(
        [sys.executable, "-c", "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
         "from iopcost.__main__ import main; main()", "prices", "-"],
        input=tall.read_bytes() * 4, capture_output=True, timeout=60, preexec_fn=limited,
        check=False,
    )  # fmt: skip
    said = done.stderr.decode()
    assert done.returncode == 1 and done.stdout == b"", said
    assert said.startswith("Error: standard input cannot be kept in a temporary file in ")
    assert "(File too large); set TMPDIR to a folder with room" in said
