"""Files written whole or not at all: a temporary file beside the target, then a rename.

Reports, cost files and summaries go through here. A file is never replaced
unless asked to (and never one the result was read from), and an interrupted
write never leaves half a file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from iopcost.core.errors import OutputError
from iopcost.core.language import _


def check_not_an_input(path: Path, inputs: Iterable[str | None]) -> None:
    """Refuse to write a report over a file the estimate was read from, --force or not."""
    for source in inputs:
        if source is None or source == "-":
            continue
        try:
            same = os.path.samefile(source, path)
        except OSError:
            same = False
        if same:
            raise OutputError(
                _(
                    "{path} is the file the estimate was read from ({source}); write the "
                    "report to another name.",
                    path=path,
                    source=source,
                )
            )


def _temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file beside the report, created with the permissions the umask allows."""
    # A name within the file system's limit however long the report's own (255 bytes on
    # most): the report's name cut to leave room for the dot, the token and ".tmp".
    stem = name.encode("utf-8")[:200].decode("utf-8", "ignore")
    temporary = str(folder / f".{stem}.{secrets.token_hex(6)}.tmp")
    try:
        return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
    except FileNotFoundError:
        raise OutputError(
            _("the folder {folder} does not exist; create it first.", folder=folder)
        ) from None
    except NotADirectoryError:
        raise OutputError(
            _("{folder} is not a folder; give a path in a folder.", folder=folder)
        ) from None
    except PermissionError:
        raise OutputError(
            _("cannot write in {folder} (permission denied).", folder=folder)
        ) from None
    except OSError as exc:
        raise OutputError(
            _("cannot write in {folder} ({strerror}).", folder=folder, strerror=exc.strerror)
        ) from None


def write_atomic(
    path: Path, text: str | bytes, *, force: bool, inputs: Iterable[str | None] = ()
) -> None:
    """Write `text` to `path` through a temporary file in the same folder.

    Without `force`, an existing file is never replaced, even one that appears
    while the report is being written; with it, never one the estimate was
    read from. The report gets the permissions the umask allows, like any
    file the user makes: it can hold a family's plan terms.
    """
    if path.is_dir():
        raise OutputError(
            _("{path} is a directory; give a file name such as report.html.", path=path)
        )
    check_not_an_input(path, inputs)
    if path.exists() and not force:
        raise OutputError(
            _("{path} already exists; choose another name or pass --force.", path=path)
        )
    handle, temporary = _temporary(path.parent, path.name)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(temporary, path)
        else:
            try:
                # A hard link never replaces an existing file: no race with
                # one created meanwhile.
                os.link(temporary, path)
            except FileExistsError:
                raise OutputError(
                    _("{path} already exists; choose another name or pass --force.", path=path)
                ) from None
            except OSError:
                # Some file systems have no hard links; check, then rename.
                if path.exists():
                    raise OutputError(
                        _("{path} already exists; choose another name or pass --force.", path=path)
                    ) from None
                os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(
            _("cannot write {path} ({strerror}).", path=path, strerror=exc.strerror)
        ) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
