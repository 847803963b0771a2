"""Standard-charges files in CSV, tall or wide, streamed in blocks.

Layout and generation are told from the headers, never from the `version`
cell. The records that may hold a code looked for are found in the raw bytes
(iopcost.hospital.csv_scan); only they are decoded and parsed, so memory does
not grow with the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from functools import partial
from typing import IO, NamedTuple

from iopcost.core.care import CareCodes, normal_code
from iopcost.core.charges import FileInfo
from iopcost.core.errors import DataFileError
from iopcost.core.language import N_, _
from iopcost.hospital.code_search import CodeSearch
from iopcost.hospital.csv_parts import SPLIT_AT
from iopcost.hospital.csv_records import fields_of, records_of
from iopcost.hospital.csv_scan import (
    LONG_LINE,
    MAX_LINE,
    MAX_RECORD_BYTES,
    MAX_RECORD_LINES,
    OPEN_QUOTE,
    Found,
    candidates,
    line_number,
    why_unreadable,
)
from iopcost.hospital.source import Source, read_errors
from iopcost.hospital.types import (
    Entry,
    PayerCharge,
    Unreadable,
    header_key,
    iso_date,
    npis_of,
)

BOM = b"\xef\xbb\xbf"
QUOTE = b'"'
WIDE_FIELDS = ("negotiated_dollar", "negotiated_percentage", "negotiated_algorithm", "methodology")
WIDE_AMOUNTS = ("10th_percentile", "90th_percentile", "median_amount", "estimated_amount")


class _Decoder:
    """UTF-8, or Windows-1252 for a file that is not (warned once)."""

    def __init__(self, name: str, on_warning: Callable[[str], None]) -> None:
        self.name = name
        self.on_warning = on_warning
        self.warned = False

    def __call__(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if not self.warned:
                self.warned = True
                self.on_warning(
                    _(
                        "{name} is not all UTF-8; read as Windows-1252 where it is not.",
                        name=self.name,
                    )
                )
            return raw.decode("cp1252", errors="replace")


def read_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream's lines, each at most MAX_LINE bytes: a longer line comes in pieces,
    all but the last without their line ending."""
    return iter(partial(stream.readline, MAX_LINE), b"")


def _headerrecords_of(name: str, lines: Iterator[bytes], count: int) -> list[bytes]:
    """The first `count` records, joining lines inside quoted fields, within the bounds."""
    records: list[bytes] = []
    pending: list[bytes] = []
    quotes = 0
    for line in lines:
        pending.append(line)
        quotes += line.count(QUOTE)
        if len(line) >= MAX_LINE and not line.endswith(b"\n"):
            raise DataFileError(
                _(
                    "{name}: header row {records} is {long_line}.",
                    name=name,
                    records=len(records) + 1,
                    long_line=why_unreadable(LONG_LINE),
                )
            )
        if quotes & 1:
            if len(pending) > MAX_RECORD_LINES or sum(map(len, pending)) > MAX_RECORD_BYTES:
                raise DataFileError(
                    _(
                        "{name}: header row {records} has {open_quote}; check its quotes.",
                        name=name,
                        records=len(records) + 1,
                        open_quote=why_unreadable(OPEN_QUOTE),
                    )
                )
            continue
        records.append(b"".join(pending))
        pending = []
        quotes = 0
        if len(records) == count:
            break
    return records


class _Columns(NamedTuple):
    """Where each needed value is in a row."""

    description: int
    setting: int
    codes: tuple[tuple[int, int], ...]  # (code, type) column pairs
    gross: int | None
    cash: int | None
    tall: (
        tuple[int | None, ...] | None
    )  # payer, plan, dollar, percentage, algorithm, methodology, p10, p90
    wide: tuple[tuple[str, str, tuple[int | None, ...]], ...]  # payer, plan, same six
    minimum: int | None = None  # the de-identified minimum and maximum negotiated charge
    maximum: int | None = None


def _payer_groups(header: list[str]) -> dict[tuple[str, str], dict[str, int]]:
    """A wide file's payer-specific columns: per (payer, plan), each field's column."""
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for index, cell in enumerate(header):
        parts = [part.strip() for part in cell.split("|")]
        lowered = [part.casefold() for part in parts]
        if len(parts) == 4 and lowered[0] == "standard_charge" and lowered[3] in WIDE_FIELDS:
            groups.setdefault((parts[1], parts[2]), {})[lowered[3]] = index
        elif len(parts) == 3 and lowered[0] in WIDE_AMOUNTS:
            groups.setdefault((parts[1], parts[2]), {})[lowered[0]] = index
    return groups


def _where(name: str, header: list[str]) -> dict[str, int]:
    """Each header's column, by its key; refused when the columns every file has are not
    there."""
    keys = [header_key(cell) for cell in header]
    where = {key: index for index, key in enumerate(keys) if key}
    missing = [
        key for key in ("description", "setting", "code|1", "code|1|type") if key not in where
    ]
    if missing:
        found = ", ".join(repr(cell) for cell in header[:8] if cell.strip())
        raise DataFileError(
            _(
                "{name} is not a standard-charges file: row 3 has no {missing} column "
                "(found: {found}).",
                name=name,
                missing=", ".join(missing),
                found=found or "nothing",
            )
        )
    return where


def _column_map(name: str, header: list[str]) -> tuple[_Columns, str, str | None]:
    """The columns of row 3, the layout, and the generation the headers show."""
    where = _where(name, header)
    codes = []
    number = 1
    while f"code|{number}" in where:
        codes.append((where[f"code|{number}"], where.get(f"code|{number}|type", -1)))
        number += 1
    tall = "payer_name" in where and "plan_name" in where
    groups = _payer_groups(header)
    if tall and groups:
        raise DataFileError(
            _(
                "{name} is ambiguous: row 3 has payer_name and plan_name columns (tall) "
                "and payer-specific columns (wide); fix the headers.",
                name=name,
            )
        )
    fields = (
        "negotiated_dollar",
        "negotiated_percentage",
        "negotiated_algorithm",
        "methodology",
        "10th_percentile",
        "90th_percentile",
    )
    generation = None
    if "10th_percentile" in where or any("10th_percentile" in g for g in groups.values()):
        generation = "v3"
    elif "estimated_amount" in where or any("estimated_amount" in g for g in groups.values()):
        generation = "v2"
    tall_columns = None
    if tall:
        tall_columns = (
            where["payer_name"],
            where["plan_name"],
            *(where.get(f"standard_charge|{f}" if i < 4 else f) for i, f in enumerate(fields)),
        )
    wide = tuple(
        (payer, plan, tuple(group.get(f) for f in fields))
        for (payer, plan), group in groups.items()
    )
    columns = _Columns(
        description=where["description"],
        setting=where["setting"],
        codes=tuple(codes),
        gross=where.get("standard_charge|gross"),
        cash=where.get("standard_charge|discounted_cash"),
        minimum=where.get("standard_charge|min"),
        maximum=where.get("standard_charge|max"),
        tall=tall_columns,
        wide=wide,
    )
    return columns, N_("tall CSV") if tall else N_("wide CSV"), generation


def _payer_charge(payer: str, plan: str, cells: Sequence[str | None]) -> PayerCharge:
    """A payer's and plan's cells, in the order of the columns read (_column_map)."""
    dollar, percentage, algorithm, methodology, p10, p90 = cells
    return PayerCharge(
        payer=payer,
        plan=plan,
        dollar=dollar,
        percentage=percentage,
        algorithm=algorithm,
        methodology=methodology,
        p10=p10,
        p90=p90,
    )


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index < 0 or index >= len(row):
        return None
    value = row[index].strip()
    return value or None


def open_csv(
    source: Source, codes: CareCodes, on_warning: Callable[[str], None]
) -> tuple[FileInfo, Callable[[], Iterator[Entry | Unreadable]]]:
    """Read the three header rows; the entries stream on demand."""
    decode = _Decoder(source.name, on_warning)
    with read_errors(source.name), source.open() as stream:
        records = _headerrecords_of(source.name, read_lines(stream), 3)
    if len(records) < 3 and b"\r" in b"".join(records) and b"\n" not in b"".join(records):
        raise DataFileError(
            _(
                "{name} ends its lines with a carriage return alone (an old Mac format); "
                "save it with ordinary line endings (LF or CRLF).",
                name=source.name,
            )
        )
    if len(records) < 3:
        raise DataFileError(
            _(
                "{name} is not a standard-charges file: it has fewer than three rows "
                "(general headers, their values, then the charge headers).",
                name=source.name,
            )
        )
    general, values, header = (fields_of(decode(record.removeprefix(BOM))) for record in records)
    info = _general_info(source.name, general, values)
    columns, layout, generation = _column_map(source.name, header)
    if "location_name" in {header_key(cell) for cell in general}:
        generation = "v3"
    elif generation is None:
        generation = "v2"
    info = info._replace(layout=layout, generation=generation)
    wanted = CodeSearch(codes, columns.codes)
    skip = sum(record.count(b"\n") for record in records)
    head = sum(map(len, records))  # the bytes of those lines

    def entries() -> Iterator[Entry | Unreadable]:
        with read_errors(source.name), ExitStack() as held:
            stream = held.enter_context(source.open())
            # Lines are counted only to name a record that cannot be read (rare): in the
            # file read again, from its start, as far as each such record.
            counting: IO[bytes] | None = None
            at, line = 0, 1  # how far that reading has gone, and the line that starts there
            for offset, record in _candidates(source, stream, skip, head, wanted):
                if isinstance(record, str):
                    if counting is None:
                        counting = held.enter_context(source.open())
                    at, line = offset, line + line_number(counting, offset - at) - 1
                    yield Unreadable(_("line {line}", line=line), why_unreadable(record))
                    continue
                for rows in records_of(decode(record)):
                    if isinstance(rows, str):
                        yield Unreadable(_("byte {offset}", offset=offset), rows)
                        continue
                    entry = _csv_entry(rows, columns, f"byte {offset}")
                    if entry is not None:
                        yield entry

    return info, entries


def _candidates(
    source: Source, stream: IO[bytes], skip: int, head: int, wanted: CodeSearch
) -> Iterator[Found]:
    """The records that may hold a code: a big plain file's found in parts by every
    process it may be read with (the same records, in the same order), else in one."""
    size = source.plain_size()
    if source.jobs > 1 and size is not None and size >= SPLIT_AT:
        from iopcost.hospital.csv_parts import split_candidates

        return split_candidates(source.path, head, wanted, source.jobs)
    return candidates(stream, skip, wanted)


def csv_payers(source: Source) -> Iterator[tuple[str, str]]:
    """Every payer and plan a CSV file names, as written: a wide file's from its headers,
    a tall file's from every row (read whole, with the csv module: quoted fields may
    span lines; a field longer than its limit is refused)."""
    with read_errors(source.name), source.open() as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
        rows = csv.reader(text)
        try:
            header = [next(rows, []) for _row in range(3)][2]
            columns, _layout, _generation = _column_map(source.name, header)
            if columns.tall is None:
                yield from ((payer, plan) for payer, plan, _cells in columns.wide)
                return
            payer, plan = columns.tall[0], columns.tall[1]
            for row in rows:
                yield _cell(row, payer) or "", _cell(row, plan) or ""
        except csv.Error as exc:
            raise DataFileError(
                _("{name} could not be read as CSV: {why}.", name=source.name, why=str(exc))
            ) from None


def _general_info(name: str, general: list[str], values: list[str]) -> FileInfo:
    keys = [header_key(cell) for cell in general]
    found = {key: (values[i].strip() if i < len(values) else "") for i, key in enumerate(keys)}
    missing = [key for key in ("hospital_name", "last_updated_on", "version") if key not in found]
    if missing:
        seen = ", ".join(repr(cell) for cell in general[:6] if cell.strip())
        raise DataFileError(
            _(
                "{name} is not a standard-charges file: row 1 has no {missing} (found: {value}).",
                name=name,
                missing=", ".join(missing),
                value=seen or "nothing",
            )
        )
    location = found.get("location_name") or found.get("hospital_location") or None
    written = found["last_updated_on"]
    return FileInfo(
        name=name,
        hospital=found["hospital_name"],
        location=location,
        published=iso_date(written),
        published_as_written=written,
        version=found["version"],
        layout="",
        generation="",
        npis=npis_of(found.get("type_2_npi")),
    )


def _csv_entry(row: list[str], columns: _Columns, where: str) -> Entry | None:
    codes = tuple(
        normal_code(_cell(row, kind) or "", code)
        for code_index, kind in columns.codes
        if (code := _cell(row, code_index))
    )
    if not codes:
        return None
    payers: list[PayerCharge] = []
    if columns.tall is not None:
        payer, plan, *rest = (_cell(row, index) for index in columns.tall)
        if payer or plan or any(rest):
            payers.append(_payer_charge(payer or "", plan or "", rest))
    for payer_name, plan_name, indexes in columns.wide:
        cells = [_cell(row, index) for index in indexes]
        if any(cells):
            payers.append(_payer_charge(payer_name, plan_name, cells))
    return Entry(
        where=where,
        description=_cell(row, columns.description) or "",
        codes=codes,
        setting=(_cell(row, columns.setting) or "").casefold(),
        gross=_cell(row, columns.gross),
        cash=_cell(row, columns.cash),
        payers=tuple(payers),
        minimum=_cell(row, columns.minimum),
        maximum=_cell(row, columns.maximum),
    )
