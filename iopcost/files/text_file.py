"""Reading a small file written by people (a cost, insurance, household, practice or codes
file): the bytes checked before they are parsed, with one sentence for each problem."""

from __future__ import annotations

import sys
from pathlib import Path

from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.limits import MAX_FILE_BYTES
from iopcost.core.text import STDIN_NAME
from iopcost.files.sniff import HEAD, refuse_foreign

STDIN = "-"


def _read_file(path: Path, *, what: str, name: str) -> bytes:
    """A file's bytes, up to one more than the most read; why it cannot be read, in words."""
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DataFileError(
            _("{what} {name} does not exist; check the path.", what=what, name=name)
        ) from None
    except IsADirectoryError:
        raise DataFileError(
            _(
                "{what} {name} is a directory; give the path of a YAML file.",
                what=what,
                name=name,
            )
        ) from None
    except PermissionError:
        raise DataFileError(
            _(
                "{what} {name} cannot be read (permission denied); check its permissions.",
                what=what,
                name=name,
            )
        ) from None
    except OSError as exc:
        raise DataFileError(
            _(
                "{what} {name} cannot be read ({strerror}); check the path.",
                what=what,
                name=name,
                strerror=exc.strerror,
            )
        ) from None


def read_text(source: str, *, what: str, name: str | None = None) -> tuple[str, str]:
    """Read a small UTF-8 file (or standard input for "-"); return (name, text).

    `name` is how messages call the file (by default, the path as given).
    """
    if source == STDIN:
        name = STDIN_NAME
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    else:
        name = name or source
        data = _read_file(Path(source), what=what, name=name)
    foreign = refuse_foreign(data[:HEAD], what=f"{what} {name}", save_as="YAML")
    if foreign is not None:
        raise DataFileError(foreign)
    if len(data) > MAX_FILE_BYTES:
        raise DataFileError(
            _(
                "{what} {name} is larger than {kib} KiB; a cost or insurance "
                "file is a few lines of YAML.",
                what=what,
                name=name,
                kib=MAX_FILE_BYTES // 1024,
            )
        )
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            _(
                "{what} {name} is not UTF-8 text (bad byte at offset {start}); save it as UTF-8.",
                what=what,
                name=name,
                start=exc.start,
            )
        ) from None
    if not text.strip():
        raise DataFileError(
            _(
                "{what} {name} is empty; it needs the keys listed in the README.",
                what=what,
                name=name,
            )
        )
    return name, text
