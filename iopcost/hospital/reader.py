"""From a file to its entries: the readers of standard-charges files, tried in order.

Each reader is an entry of READERS that carries its behaviour: its name, whether a
file's first bytes are its kind (`detect`), and how to read one (`read`). A new
layout is one module that reads it and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from iopcost.core.care import CareCodes
from iopcost.core.charges import FileInfo
from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.files.sniff import HEAD, refuse_foreign
from iopcost.hospital.source import Source, read_errors
from iopcost.hospital.types import Entry, Unreadable

BOM = b"\xef\xbb\xbf"
Warn = Callable[[str], None]
Opened = tuple[FileInfo, Callable[[], Iterator[Entry | Unreadable]]]


@dataclass(frozen=True, slots=True)
class FileReader:
    """One layout of standard-charges file: how to know it and how to read it."""

    name: str
    # Whether a file starting with these bytes (byte-order mark and white space
    # removed) is of this layout.
    detect: Callable[[bytes], bool]
    # What the file says of itself, and a way to stream its entries with any of the codes.
    read: Callable[[Source, CareCodes, Warn], Opened]
    # Every payer and plan the file names, as written (read whole, for --payers).
    payers: Callable[[Source], Iterator[tuple[str, str]]]


def _read_json(source: Source, codes: CareCodes, on_warning: Warn) -> Opened:
    from iopcost.hospital.json_reader import open_json

    return open_json(source, codes)


def _json_payers(source: Source) -> Iterator[tuple[str, str]]:
    from iopcost.hospital.json_reader import json_payers

    return json_payers(source)


def _csv_payers(source: Source) -> Iterator[tuple[str, str]]:
    from iopcost.hospital.csv_reader import csv_payers

    return csv_payers(source)


def _refuse_list(source: Source, codes: CareCodes, on_warning: Warn) -> Opened:
    raise DataFileError(
        _("{name} is a JSON list; a standard-charges file is one JSON object.", name=source.name)
    )


def _read_csv(source: Source, codes: CareCodes, on_warning: Warn) -> Opened:
    from iopcost.hospital.csv_reader import open_csv

    return open_csv(source, codes, on_warning)


READERS = (
    FileReader("JSON", lambda start: start.startswith(b"{"), _read_json, _json_payers),
    FileReader("JSON list", lambda start: start.startswith(b"["), _refuse_list, _json_payers),
    # Tall or wide: the CSV reader tells them apart by their headers.
    FileReader("CSV", lambda start: True, _read_csv, _csv_payers),
)


def open_price_file(source: Source, codes: CareCodes, on_warning: Warn) -> Opened:
    """What the file says of itself, and a way to stream the entries with any of `codes`."""
    return _reader(source).read(source, codes, on_warning)


def file_payers(source: Source) -> Iterator[tuple[str, str]]:
    """Every payer and plan a file names, as written (the file read whole)."""
    return _reader(source).payers(source)


def _reader(source: Source) -> FileReader:
    """The reader of a file's layout, from its first bytes."""
    with read_errors(source.name), source.open() as stream:
        head = stream.read(4096)
    foreign = refuse_foreign(head[:HEAD], what=source.name, save_as="CSV")
    if foreign is not None:
        raise DataFileError(foreign)
    if b"\x00" in head:
        raise DataFileError(
            _(
                "{name} holds binary data, not a CSV or JSON standard-charges file.",
                name=source.name,
            )
        )
    start = head.removeprefix(BOM).lstrip()
    return next(reader for reader in READERS if reader.detect(start))
