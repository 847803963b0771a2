"""A CSV record's fields, read as the csv module would, within the record's bounds; a
record the module refuses read again line by line, or named as unreadable."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from iopcost.core.language import N_, _
from iopcost.hospital.csv_scan import MAX_RECORD_BYTES


def fields_of(text: str) -> list[str]:
    """A record's fields: split at its commas when it has no quote or carriage return (as
    the csv module would), else read by the csv module."""
    if '"' in text or "\r" in text:
        # A field may be as long as a record may (MAX_RECORD_BYTES, as the README says),
        # not the csv module's default 128 KiB; the module's limit is set back after.
        before = csv.field_size_limit(MAX_RECORD_BYTES)
        try:
            return next(csv.reader([text]), [])
        finally:
            csv.field_size_limit(before)
    return text.split(",") if text else []


BAD_RECORD = N_("not a CSV record ({why})")


def records_of(text: str) -> Iterator[list[str] | str]:
    """A record's fields; a record of several lines the csv module refuses (a stray quote
    in a field, 12" tube, joined the next line to it) read again line by line; what still
    cannot be read, why (a sentence, counted as an unreadable record)."""
    try:
        yield fields_of(text)
        return
    except csv.Error as exc:
        if "\n" not in text:
            yield _(BAD_RECORD, why=str(exc))
            return
    for line in text.split("\n"):
        try:
            yield fields_of(line)
        except csv.Error as exc:
            yield _(BAD_RECORD, why=str(exc))
