"""The download cache, safe on a machine shared with others.

Every folder is created private (0700) and must be a real folder the user owns (a
link, or a folder of someone else, is refused); files are created without following
links (O_EXCL | O_NOFOLLOW) and put in place by rename. A cached body is trusted only
when its length and SHA-256 match what its metadata says (on a 304 too); a partial
download whose process is gone is removed at the next start.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import NamedTuple

from iopcost.core.errors import DataFileError
from iopcost.core.language import N_, _
from iopcost.core.settings import settings
from iopcost.core.text import clean

PRIVATE = 0o700


def cache_folder() -> Path:
    """Where downloads are kept: IOPCOST_HOME/cache, else the user cache folder."""
    home = settings().home
    if home is not None:
        return home / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("iopcost"))


def private_folder(path: Path) -> Path:
    """`path` as a private folder of the user's own: created 0700 if missing (its parents
    as the system makes them); refused if it is a link, not a folder, or someone else's."""
    try:
        path.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
        found = os.lstat(path)
    except OSError as exc:
        raise cache_problem(exc, path) from None
    if stat.S_ISLNK(found.st_mode) or not stat.S_ISDIR(found.st_mode):
        raise DataFileError(
            _("the cache folder {path} is a link or not a folder; remove it.", path=path)
        )
    if found.st_uid != os.getuid():
        raise DataFileError(
            _(
                "the cache folder {path} belongs to another user; set IOPCOST_HOME to a "
                "folder of your own.",
                path=path,
            )
        )
    if stat.S_IMODE(found.st_mode) & 0o077:
        os.chmod(path, PRIVATE)
    return path


# What to do about a cache problem, by its cause; the rest are told to choose another folder.
_ROOM = N_("free some space, or set IOPCOST_HOME to a folder with room")
_IN_THE_WAY = N_("something else is in its place: remove it")
_FIXES = {
    errno.ENOSPC: _ROOM,
    errno.EDQUOT: _ROOM,
    errno.EFBIG: _ROOM,
    errno.EEXIST: _IN_THE_WAY,
    errno.EISDIR: _IN_THE_WAY,
    errno.ENOTDIR: _IN_THE_WAY,
    errno.ENOTEMPTY: _IN_THE_WAY,
}


def cache_problem(exc: OSError, path: Path) -> DataFileError:
    """A cache file or folder that cannot be made or written: its own path, the cause and
    what to do, in one sentence."""
    # A rename names the place it could not take second.
    named = exc.filename2 if isinstance(exc.filename2, str) else exc.filename
    where = named if isinstance(named, str) else str(path)
    fix = _FIXES.get(exc.errno or 0, N_("set IOPCOST_HOME to a folder you can write"))
    return DataFileError(
        _("the cache cannot use {where} ({why}); {fix}.", where=clean(where),
          why=exc.strerror or exc, fix=_(fix))
    )  # fmt: skip


class Entry(NamedTuple):
    """One address's place in the cache: its folder, body and metadata."""

    folder: Path
    data: Path
    meta: Path


def entry_for(url: str) -> Entry:
    """The cache entry of an address, its folders made safe, stale partials removed."""
    root = private_folder(cache_folder())
    folder = private_folder(root / hashlib.sha256(url.encode()).hexdigest()[:32])
    _remove_stale(folder)
    return Entry(folder, folder / "data", folder / "meta.json")


def _remove_stale(folder: Path) -> None:
    """Partial downloads (data.part<pid>) whose process is gone."""
    for part in folder.glob("data.part*"):
        pid = part.name.removeprefix("data.part")
        if pid.isdigit() and not _alive(int(pid)):
            part.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's: leave it
    return True


def _regular(path: Path) -> bool:
    """Whether `path` is a regular file itself (not a link to one)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_meta(entry: Entry) -> dict[str, str]:
    """What the cache knows of an entry's body; nothing from a link or a damaged file."""
    if not _regular(entry.meta):
        return {}
    try:
        found = json.loads(entry.meta.read_text())
    except (OSError, ValueError):
        return {}
    return {key: str(value) for key, value in found.items()} if isinstance(found, dict) else {}


def trusted(entry: Entry, meta: dict[str, str]) -> bool:
    """Whether the cached body is whole: a regular file of the length and digest its
    metadata gives."""
    if not _regular(entry.data) or not meta.get("sha256"):
        return False
    digest = hashlib.sha256()
    size = 0
    with entry.data.open("rb") as data:
        while block := data.read(1 << 20):
            digest.update(block)
            size += len(block)
    return str(size) == meta.get("size") and digest.hexdigest() == meta["sha256"]


def create_private(path: Path) -> int:
    """A new file of the user's alone, never through a link (it must not exist)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o600)


def write_meta(entry: Entry, meta: dict[str, str]) -> None:
    """The metadata, written beside and renamed into place (a link there is replaced,
    never followed)."""
    temporary = entry.folder / f"meta.part{os.getpid()}"
    temporary.unlink(missing_ok=True)
    with os.fdopen(create_private(temporary), "w") as out:
        out.write(json.dumps(meta))
    os.replace(temporary, entry.meta)
