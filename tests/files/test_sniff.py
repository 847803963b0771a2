"""Files that are not what they should be: workbooks, PDFs and archives told by their bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest

from iopcost.files.sniff import foreign_kind, refuse_foreign

from conftest import assert_refused, run


def _zip(*names: str) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return data.getvalue()


XLSX = _zip("[Content_Types].xml", "xl/workbook.xml")
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
ODS = _zip("mimetype").replace(b"x", b"application/vnd.oasis.opendocument.spreadsheet", 1)
ZIP = _zip("cases.csv")


@pytest.mark.parametrize(
    ("head", "archives", "kind"),
    [
        (XLSX, False, "xlsx"),
        (XLSX, True, "xlsx"),
        (XLS, False, "xls"),
        (PDF, False, "pdf"),
        (ZIP, False, "zip"),
        (ZIP, True, None),
        (b"\x1f\x8b\x08", False, "gzip"),
        (b"\x1f\x8b\x08", True, None),
        (b"weeks,id\n8,a\n", False, None),
    ],
    ids=[
        "xlsx",
        "xlsx-in-archives",
        "xls",
        "pdf",
        "zip",
        "zip-expected",
        "gzip",
        "gzip-expected",
        "csv",
    ],
)
def test_foreign_kinds(head: bytes, archives: bool, kind: str | None) -> None:
    """Each kind is told from its first bytes; archives only where they are not expected."""
    assert foreign_kind(head, archives=archives) == kind


def test_the_advice_fits_the_kind() -> None:
    """A workbook is saved as CSV; a PDF exported; an archive unpacked."""
    assert refuse_foreign(XLSX, what="x", save_as="CSV", archives=False).endswith("save it as CSV.")  # type: ignore[union-attr]
    assert "export the data as YAML" in (refuse_foreign(PDF, what="x", save_as="YAML") or "")
    assert "unpack it" in (refuse_foreign(ZIP, what="x", save_as="CSV") or "")


@pytest.mark.parametrize("data", [XLSX, XLS, PDF], ids=["xlsx", "xls", "pdf"])
@pytest.mark.parametrize(
    ("command", "save_as"),
    [(["batch"], "CSV"), (["compare", "--data"], "YAML"), (["compare", "--insurance"], "YAML"),
     (["prices"], "CSV")],
    ids=["batch", "cost-file", "insurance-file", "prices"],
)  # fmt: skip
def test_every_reader_says_what_to_save_it_as(
    write: Callable[..., str], data: bytes, command: list[str], save_as: str
) -> None:
    """A workbook or PDF given for any file: exit 1, what it looks like and the fix."""
    path = write(data, "cases.bin")
    outcome = run([*command, path])
    assert_refused(outcome, 1, "looks like")
    assert save_as in outcome.stderr
    assert "universal-newline" not in outcome.stderr


def test_workbook_on_standard_input_is_named() -> None:
    """batch reading a workbook from standard input says so too."""
    assert_refused(run(["batch"], stdin=XLSX), 1, "standard input looks like an Excel workbook")
