"""What a file that should be text really is, told from its first bytes, with the fix.

People hand over what they have: a workbook saved from a spreadsheet, a PDF, an
archive. Each reader asks here before it reads, so the answer is a sentence
("looks like an Excel workbook: save it as CSV"), never a decoding error.
"""

from __future__ import annotations

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: Office's old compound file
ZIP = b"PK\x03\x04"
GZIP = b"\x1f\x8b"
PDF = b"%PDF-"
# How much of a file tells what it is.
HEAD = 1024


def foreign_kind(head: bytes, *, archives: bool = False) -> str | None:
    """What a file starting with `head` is, when it is a workbook, a PDF or (unless
    `archives` are expected) a zip or gzip archive; None for anything else."""
    if head.startswith(OLE):
        return "an Excel workbook (.xls) or another Office file"
    if head.startswith(ZIP):
        if b"[Content_Types].xml" in head or b"xl/" in head:
            return "an Excel workbook (.xlsx) or another Office file"
        if b"opendocument.spreadsheet" in head:
            return "an OpenDocument spreadsheet (.ods)"
        return None if archives else "a zip archive"
    if head.startswith(PDF):
        return "a PDF document"
    if head.startswith(GZIP) and not archives:
        return "a gzip-compressed file"
    return None


def advice(kind: str, *, save_as: str) -> str:
    """How to turn a file of `kind` into what iopcost reads."""
    if "archive" in kind or "compressed" in kind:
        return f"unpack it and give the {save_as} file inside"
    if "PDF" in kind:
        return f"iopcost reads {save_as} text, not PDF; export the data as {save_as}"
    return f"save it as {save_as}"


def refuse_foreign(head: bytes, *, what: str, save_as: str, archives: bool = False) -> str | None:
    """The sentence that refuses a file that is not what `what` should be, or None."""
    kind = foreign_kind(head, archives=archives)
    if kind is None:
        return None
    return f"{what} looks like {kind}: {advice(kind, save_as=save_as)}."
