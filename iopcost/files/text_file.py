"""Reading a small file written by people (a cost, insurance, household, practice or codes
file): the bytes checked before they are parsed, with one sentence for each problem."""

from __future__ import annotations

import sys
from pathlib import Path

from iopcost.core.errors import DataFileError
from iopcost.core.limits import MAX_FILE_BYTES
from iopcost.core.text import STDIN_NAME
from iopcost.files.sniff import HEAD, refuse_foreign

STDIN = "-"


def read_text(source: str, *, what: str, name: str | None = None) -> tuple[str, str]:
    """Read a small UTF-8 file (or standard input for "-"); return (name, text).

    `name` is how messages call the file (by default, the path as given).
    """
    if source == STDIN:
        name = STDIN_NAME
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    else:
        name = name or source
        path = Path(source)
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise DataFileError(f"{what} {name} does not exist; check the path.") from None
        except IsADirectoryError:
            raise DataFileError(
                f"{what} {name} is a directory; give the path of a YAML file."
            ) from None
        except PermissionError:
            raise DataFileError(
                f"{what} {name} cannot be read (permission denied); check its permissions."
            ) from None
        except OSError as exc:
            raise DataFileError(
                f"{what} {name} cannot be read ({exc.strerror}); check the path."
            ) from None
    foreign = refuse_foreign(data[:HEAD], what=f"{what} {name}", save_as="YAML")
    if foreign is not None:
        raise DataFileError(foreign)
    if len(data) > MAX_FILE_BYTES:
        raise DataFileError(
            f"{what} {name} is larger than {MAX_FILE_BYTES // 1024} KiB; "
            "a cost or insurance file is a few lines of YAML."
        )
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"{what} {name} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8."
        ) from None
    if not text.strip():
        raise DataFileError(f"{what} {name} is empty; it needs the keys listed in the README.")
    return name, text
