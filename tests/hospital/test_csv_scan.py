"""The CSV scan: every record the file holds with a code of a level is found, whatever its
quotes, line endings and place in the blocks the file is read in.

The reference is Python's own csv module, reading the whole text at once: a record
found by the quick search must be one it reads, and none it reads with a level's
code may be missed.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from iopcost.files.care_codes import load_care_codes
from iopcost.hospital import csv_parts, csv_reader, csv_scan
from iopcost.hospital.code_search import CodeSearch
from iopcost.hospital.csv_reader import open_csv
from iopcost.hospital.source import Source
from iopcost.hospital.types import Entry, Unreadable

CODES = load_care_codes(None)
GENERAL = (
    "hospital_name,last_updated_on,version,location_name\n"
    '"Scan General","2026-03-02",3.0.0,Scan General\n'
)
HEADER = (
    "description,code|1,code|1|type,code|2,code|2|type,setting,standard_charge|gross,"
    "payer_name,plan_name,standard_charge|negotiated_dollar,standard_charge|methodology\n"
)
LEVEL = [("H0017", "HCPCS"), ("0905", "RC"), ("912", "RC"), ("S9480", "HCPCS"), ("H0010", "CPT")]
OTHER = [("70010", "CPT"), ("0300", "RC"), ("0905", "CDM"), ("S9480", "LOCAL"), ("99213", "CPT")]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _record(rng: random.Random, number: int, quoting: str = "as needed") -> str:
    """One record, in one of the ways real files write them; its gross charge is
    `number`, to know it again. `quoting`: "as needed" (a mix, as most files), "all" (every
    field quoted) or "non-empty" (every field with text quoted, empty ones bare)."""
    code, kind = rng.choice(LEVEL if rng.random() < 0.3 else OTHER)
    description = rng.choice(["Residential day", "Program, per diem", 'Cath 12" long', "IOP"])
    payer = rng.choice(["Aetna", "Blue Cross, Inc", 'Plan "A"'])
    fields = [description, code, kind, "", "", "inpatient", str(number), payer, "PPO", "100", "fee"]
    shape = rng.random()
    if shape < 0.15:  # the code in the second code column
        fields[1:5] = ["1234", "CDM", code, kind]
    if shape > 0.85:  # a note over lines, inside quotes
        fields[0] = description + "\nsecond line, with a comma\nthird"
    if 0.5 < shape < 0.55:
        fields[1] = f" {fields[1]} "
    if quoting == "all":
        return ",".join(_quote(field) for field in fields)
    if quoting == "non-empty":
        return ",".join(_quote(field) if field else "" for field in fields)
    if "," in description or '"' in description or "\n" in fields[0] or rng.random() < 0.3:
        fields[0] = _quote(fields[0])
    if "," in payer or '"' in payer:
        fields[7] = _quote(payer)
    if 0.4 < shape < 0.45:
        fields[1] = _quote(fields[1])
    return ",".join(fields)


def _text(rng: random.Random, records: int) -> str:
    ending = rng.choice(["\n", "\r\n"])
    quoting = rng.choice(["as needed", "as needed", "all", "non-empty"])
    lines = [_record(rng, 1000 + number, quoting) for number in range(records)]
    if rng.random() < 0.5:
        lines.insert(rng.randrange(len(lines)), "")  # a blank line
    body = ending.join(lines) + rng.choice([ending, ""])
    return (GENERAL + HEADER).replace("\n", ending) + body


def _expected(text: str) -> set[str]:
    """The gross charges of the records the csv module reads with a level's code."""
    rows = list(csv.reader(io.StringIO(text, newline="")))[3:]
    found = set()
    for row in rows:
        pairs = [(row[1], row[2]), (row[3], row[4])] if len(row) > 6 else []
        if any(code.strip() and CODES.classify(kind, code.strip()) for code, kind in pairs):
            found.add(row[6])
    return found


def _read(path: Path) -> list[Entry | Unreadable]:
    info, entries = open_csv(Source(str(path)), CODES, lambda _: None)
    return list(entries())


@pytest.mark.parametrize("halved", [64, 32 << 10], ids=["halved-to-64", "halved-to-32K"])
@pytest.mark.parametrize("block", [64, 211, 4096, 1 << 20])
@pytest.mark.parametrize("seed", range(24))
def test_every_record_with_a_level_code_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, block: int, halved: int
) -> None:
    """Random files of every shape, quoted as needed, every field or every field with
    text, read in blocks from 64 bytes (a record over several blocks) to 1 MiB, a block
    that is not simply quoted halved down to 64 bytes or to 32 KiB: the records found
    are those the csv module reads, each named by the offset it starts at."""
    monkeypatch.setattr(csv_scan, "BLOCK", block)
    monkeypatch.setattr(csv_scan, "MIN_HALVED", halved)
    rng = random.Random(seed)
    text = _text(rng, rng.randrange(1, 300))
    path = tmp_path / "h.csv"
    path.write_bytes(text.encode())
    entries = _read(path)
    assert not [entry for entry in entries if isinstance(entry, Unreadable)]
    found = [entry for entry in entries if isinstance(entry, Entry)]
    assert {entry.gross for entry in found} >= _expected(text)
    raw = text.encode()
    for entry in found:
        offset = int(entry.where.removeprefix("byte "))
        assert raw[offset - 1 : offset] in (b"", b"\n"), entry
        assert raw[offset:].split(b",")[0].strip(b'"').startswith(entry.description[:5].encode())


@pytest.mark.parametrize("block", [64, 4096, 1 << 20])
def test_a_record_that_cannot_be_read_is_named_by_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """A stray quote deep in the file, read in blocks of any size: the record is counted
    at its own line, and what follows it is read."""
    monkeypatch.setattr(csv_scan, "BLOCK", block)
    filler = [f"Supply {n},C{n:04d},CPT,,,outpatient,{n},,,," for n in range(200)]
    rows = [*filler[:150], 'Catheter 12" long,C9999,CPT,,,outpatient,5,,,,', *filler[150:],
            "Res,H0017,HCPCS,,,inpatient,1500,A,P,1500,per diem"]  # fmt: skip
    path = tmp_path / "h.csv"
    path.write_text(GENERAL + HEADER + "\n".join(rows) + "\n")
    entries = _read(path)
    unreadable = [entry for entry in entries if isinstance(entry, Unreadable)]
    assert [entry.where for entry in unreadable] == ["line 154"]
    assert [entry.gross for entry in entries if isinstance(entry, Entry)] == ["1500"]


def test_a_file_of_thousands_of_code_columns_is_read(tmp_path: Path) -> None:
    """3,000 code columns (past the columns searched in order, every field is searched):
    the level is found, with no deep expression to fail on."""
    columns = [f"code|{n}{suffix}" for n in range(1, 3001) for suffix in ("", "|type")]
    header = ",".join(["description", *columns, "setting", "standard_charge|gross"])
    cells = ["", ""] * 2999
    rows = [
        ",".join(["Res", "H0017", "HCPCS", *cells, "inpatient", "1500"]),
        ",".join(["Other", "70010", "CPT", *cells, "inpatient", "90"]),
        ",".join(['"Res, per day"', "CDM1", "CDM", *cells[:-2], "0905", "RC", "outpatient", "400"]),
    ]
    path = tmp_path / "h.csv"
    path.write_text(GENERAL + header + "\n" + "\n".join(rows) + "\n")
    found = [entry for entry in _read(path) if isinstance(entry, Entry)]
    assert sorted(entry.gross for entry in found if entry.gross != "90") == ["1500", "400"]


def test_a_codes_file_with_a_very_long_code(tmp_path: Path) -> None:
    """A code thousands of characters long in a --codes file: read, and matched."""
    from iopcost.files.care_codes import load_care_codes as load

    long_code = "X" + "9" * 5000
    codes_file = tmp_path / "codes.yaml"
    codes_file.write_text(
        "levels:\n  res:\n    name: Residential\n    unit: day\n    per_week: 7\n"
        f"    codes: {{LOCAL: [H0017, {long_code}]}}\n"
    )
    codes = load(str(codes_file))
    path = tmp_path / "h.csv"
    path.write_text(GENERAL + HEADER + f"Res,{long_code},LOCAL,,,inpatient,1500,,,,\n")
    info, entries = open_csv(Source(str(path)), codes, lambda _: None)
    assert [entry.gross for entry in entries() if isinstance(entry, Entry)] == ["1500"]


@pytest.mark.parametrize("quoting", ["all", "non-empty"])
@pytest.mark.parametrize("block", [211, 4096, 1 << 20])
def test_a_file_that_quotes_every_field_is_searched_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quoting: str, block: int
) -> None:
    """Lines whose quotes only enclose whole fields (commas inside some, no quote or line
    break inside any) are searched a block at once, as plain lines are, and every record
    the csv module reads with a level's code is found."""
    monkeypatch.setattr(csv_scan, "BLOCK", block)
    searched = []
    at_once = csv_scan._simply_quoted_block

    def spy(*args: object) -> object:
        searched.append(args[1])
        return at_once(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(csv_scan, "_simply_quoted_block", spy)
    rng = random.Random(block)
    lines = []
    for number in range(400):
        code, kind = rng.choice(LEVEL if rng.random() < 0.3 else OTHER)
        fields = [rng.choice(["Residential day", "Program, per diem", "IOP"]), code, kind, "",
                  "", "inpatient", str(1000 + number), "Blue Cross, Inc", "PPO", "100", "fee"]  # fmt: skip
        if rng.random() < 0.15:
            fields[1:5] = ["1234", "CDM", code, kind]
        lines.append(",".join(_quote(f) if f or quoting == "all" else "" for f in fields))
    text = GENERAL + HEADER + "\n".join(lines) + "\n"
    path = tmp_path / "q.csv"
    path.write_bytes(text.encode())
    found = [entry for entry in _read(path) if isinstance(entry, Entry)]
    assert {entry.gross for entry in found} == _expected(text)
    assert searched, "the block was not searched at once"


def _levels(found: Iterable[csv_scan.Found]) -> list[csv_scan.Found]:
    """The records found that hold a level's code, as the csv module reads them, and those
    that cannot be read (the scan may find more: lines it could not rule out)."""
    kept: list[csv_scan.Found] = []
    for offset, record in found:
        if isinstance(record, str):
            kept.append((offset, record))
            continue
        for row in csv.reader(io.StringIO(record.decode(), newline="")):
            pairs = [(row[1], row[2]), (row[3], row[4])] if len(row) > 6 else []
            if any(code.strip() and CODES.classify(kind, code.strip()) for code, kind in pairs):
                kept.append((offset, record))
    return kept


def _serial(path: Path, head: int) -> list[csv_scan.Found]:
    wanted = CodeSearch(CODES, ((1, 2), (3, 4)))
    with path.open("rb") as stream:
        stream.seek(head)
        return _levels(csv_scan.candidates(stream, 0, wanted, origin=head))


@pytest.mark.parametrize("seed", range(12))
def test_a_file_read_in_parts_finds_what_a_serial_read_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Random files split in two at every line's start, and in three at random ones (a
    part may start inside a quoted field over lines, or inside a stray quote's reach),
    read in blocks of 211 bytes: the records found, in order, are a serial read's."""
    monkeypatch.setattr(csv_scan, "BLOCK", 211)
    rng = random.Random(seed)
    text = _text(rng, rng.randrange(1, 120))
    if seed % 3 == 0:  # a stray quote, its record unreadable past the bounds
        lines = text.split("\n")
        at = rng.randrange(3, len(lines))
        lines[at] = 'Catheter 12" long' + lines[at]
        text = "\n".join(lines)
    path = tmp_path / "h.csv"
    path.write_bytes(text.encode())
    raw = text.encode()
    head = raw.index(b"\n", raw.index(b"\n", raw.index(b"\n") + 1) + 1) + 1
    expected = _serial(path, head)
    wanted = CodeSearch(CODES, ((1, 2), (3, 4)))
    starts = [head + 1 + at for at, byte in enumerate(raw[head:-1]) if byte == ord("\n")]
    splits = [[split] for split in starts]
    splits += [sorted(rng.sample(starts, 2)) for _ in range(40) if len(starts) > 1]
    for split in splits:
        bounds = [head, *split]
        parts = [
            csv_parts.Part(str(path), start, end)
            for start, end in zip(bounds, [*bounds[1:], None], strict=True)
            if start != end
        ]
        results = (csv_parts.read_part(part, wanted) for part in parts)
        assert _levels(csv_parts.joined(parts, results, wanted)) == expected, split


def test_a_big_file_is_read_by_every_core_as_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With parts of 1 KiB, a file of many is read by two worker processes: the same
    entries, in the same order, as one process reads."""
    monkeypatch.setattr(csv_parts, "PART", 1 << 10)
    monkeypatch.setattr(csv_reader, "SPLIT_AT", 1)
    rng = random.Random(7)
    path = tmp_path / "h.csv"
    path.write_bytes(_text(rng, 600).encode())
    assert len(csv_parts.parts_of(str(path), 0)) > 30
    one = list(open_csv(Source(str(path)), CODES, lambda _: None)[1]())
    spied: list[csv_parts.Part] = []
    real = csv_parts.read_part

    def spy(part: csv_parts.Part, wanted: CodeSearch) -> csv_parts.PartFound:
        spied.append(part)  # in this process: a part read again here
        return real(part, wanted)

    monkeypatch.setattr(csv_parts, "read_part", spy)
    two = list(open_csv(Source(str(path), jobs=2), CODES, lambda _: None)[1]())
    assert two == one
    assert len([entry for entry in one if isinstance(entry, Entry)]) > 100
    assert len(spied) < 5  # the parts were read by the workers (a few again, here)
