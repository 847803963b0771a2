"""From a file to its entries: which reader (CSV or JSON) a standard-charges file needs."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from iopcost.core.care import CareCodes
from iopcost.core.charges import FileInfo
from iopcost.core.errors import DataFileError
from iopcost.files.sniff import HEAD, refuse_foreign
from iopcost.hospital.source import Source, read_errors
from iopcost.hospital.types import Entry, Unreadable

BOM = b"\xef\xbb\xbf"


def open_price_file(
    source: Source, codes: CareCodes, on_warning: Callable[[str], None]
) -> tuple[FileInfo, Callable[[], Iterator[Entry | Unreadable]]]:
    """What the file says of itself, and a way to stream the entries with any of `codes`."""
    with read_errors(source.name), source.open() as stream:
        head = stream.read(4096)
    foreign = refuse_foreign(head[:HEAD], what=source.name, save_as="CSV")
    if foreign is not None:
        raise DataFileError(foreign)
    if b"\x00" in head:
        raise DataFileError(
            f"{source.name} holds binary data, not a CSV or JSON standard-charges file."
        )
    start = head.removeprefix(BOM).lstrip()
    if start.startswith(b"{"):
        from iopcost.hospital.json_reader import open_json

        return open_json(source, codes)
    if start.startswith(b"["):
        raise DataFileError(
            f"{source.name} is a JSON list; a standard-charges file is one JSON object."
        )
    from iopcost.hospital.csv_reader import open_csv

    return open_csv(source, codes, on_warning)
