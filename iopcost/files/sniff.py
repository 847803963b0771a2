"""What a file that should be text really is, told from its first bytes, with the fix.

People hand over what they have: a workbook saved from a spreadsheet, a PDF, an
archive. Each reader asks here before it reads, so the answer is a sentence
("looks like an Excel workbook: save it as CSV"), never a decoding error.
"""

from __future__ import annotations

from iopcost.core.language import N_, _

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: Office's old compound file
ZIP = b"PK\x03\x04"
GZIP = b"\x1f\x8b"
PDF = b"%PDF-"
# How much of a file tells what it is.
HEAD = 1024


# Each kind of file that is not text, with the whole sentence that refuses it ({what}:
# the file as messages call it; {save_as}: what iopcost reads instead).
REFUSALS = {
    "xls": N_("{what} looks like an Excel workbook (.xls) or another Office file: save it "
              "as {save_as}."),
    "xlsx": N_("{what} looks like an Excel workbook (.xlsx) or another Office file: save it "
               "as {save_as}."),
    "ods": N_("{what} looks like an OpenDocument spreadsheet (.ods): save it as {save_as}."),
    "zip": N_("{what} looks like a zip archive: unpack it and give the {save_as} file "
              "inside."),
    "pdf": N_("{what} looks like a PDF document: iopcost reads {save_as} text, not PDF; "
              "export the data as {save_as}."),
    "gzip": N_("{what} looks like a gzip-compressed file: unpack it and give the {save_as} "
               "file inside."),
}  # fmt: skip


def foreign_kind(head: bytes, *, archives: bool = False) -> str | None:
    """What a file starting with `head` is (a key of REFUSALS), when it is a workbook, a
    PDF or (unless `archives` are expected) a zip or gzip archive; None for anything else."""
    if head.startswith(OLE):
        return "xls"
    if head.startswith(ZIP):
        if b"[Content_Types].xml" in head or b"xl/" in head:
            return "xlsx"
        if b"opendocument.spreadsheet" in head:
            return "ods"
        return None if archives else "zip"
    if head.startswith(PDF):
        return "pdf"
    if head.startswith(GZIP) and not archives:
        return "gzip"
    return None


def refuse_foreign(head: bytes, *, what: str, save_as: str, archives: bool = False) -> str | None:
    """The sentence that refuses a file that is not what `what` should be, or None."""
    kind = foreign_kind(head, archives=archives)
    if kind is None:
        return None
    return _(REFUSALS[kind], what=what, save_as=save_as)
