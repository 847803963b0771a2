"""Opening a standard-charges file: a path or standard input, plain, gzipped or zipped."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.text import STDIN_NAME, clean
from iopcost.files.text_file import STDIN

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
# A zip archive with nothing in it is only its end record.
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


class _Reading(io.RawIOBase):
    """One reading of spooled standard input, at its own place in it (reads by offset), so
    that two readings (JSON's two passes, or lines counted while reading) never move each
    other; the spool itself is closed with its Source."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = os.pread(self.fd, len(view), self.at)
        view[: len(data)] = data
        self.at += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        start = {os.SEEK_SET: 0, os.SEEK_CUR: self.at, os.SEEK_END: os.fstat(self.fd).st_size}
        self.at = max(0, start[whence] + offset)
        return self.at

    def tell(self) -> int:
        return self.at


def _spooled(stream: IO[bytes]) -> IO[bytes]:
    """Standard input kept in a temporary file, kept open for the Source's life (a file
    with no name: nothing is left behind, whatever ends the run)."""
    import tempfile

    try:
        spool = tempfile.TemporaryFile()  # noqa: SIM115
    except OSError as exc:
        raise _spool_problem(exc) from None
    try:
        while chunk := _read(stream):
            spool.write(chunk)
        spool.flush()
    except OSError as exc:  # writing the spool
        spool.close()
        raise _spool_problem(exc) from None
    except BaseException:
        spool.close()
        raise
    return spool


def _read(stream: IO[bytes]) -> bytes:
    try:
        return stream.read(1 << 20)
    except OSError as exc:
        raise DataFileError(
            _("standard input cannot be read ({why}).", why=exc.strerror or exc)
        ) from None


def _spool_problem(exc: OSError) -> DataFileError:
    import tempfile

    return DataFileError(
        _(
            "standard input cannot be kept in a temporary file in {folder} ({why}); set "
            "TMPDIR to a folder with room, or give the file's path instead.",
            folder=clean(tempfile.gettempdir()),
            why=exc.strerror or exc,
        )
    )


class Source:
    """A file that can be opened more than once, decompressed, each opening reading from
    its own place; standard input is spooled first."""

    def __init__(
        self,
        path: str,
        *,
        stdin: IO[bytes] | None = None,
        name: str | None = None,
        jobs: int = 1,
    ) -> None:
        # A downloaded file is named by its address, not by its place in the cache.
        self.name = name or (STDIN_NAME if path == STDIN else path)
        self.path = path
        # How many processes may read it at once (a big plain CSV is read in parts).
        self.jobs = jobs
        self.spool: IO[bytes] | None = None
        if path == "-":
            self.spool = _spooled(stdin or sys.stdin.buffer)
        self.kind = self._sniff()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of standard input's spool, if any (a named file is opened per reading)."""
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def _raw(self) -> IO[bytes]:
        if self.spool is not None:
            return io.BufferedReader(_Reading(self.spool.fileno()), 1 << 16)
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            raise DataFileError(
                _("{name} does not exist; check the path.", name=self.name)
            ) from None
        except IsADirectoryError:
            raise DataFileError(
                _("{name} is a directory; give a .csv or .json file.", name=self.name)
            ) from None
        except OSError as exc:
            raise DataFileError(
                _("{name} cannot be read ({strerror}).", name=self.name, strerror=exc.strerror)
            ) from None

    def plain_size(self) -> int | None:
        """The size of a plain file on disk, that can be read from its middle (None for
        a compressed file or standard input)."""
        if self.spool is not None or self.kind != "plain":
            return None
        try:
            return os.stat(self.path).st_size
        except OSError:
            return None

    def _sniff(self) -> str:
        with self._raw() as raw:
            head = raw.read(4)
        if head.startswith(GZIP_MAGIC):
            return "gzip"
        if head.startswith(ZIP_MAGIC):
            return "zip"
        if head.startswith(EMPTY_ZIP_MAGIC):
            raise DataFileError(
                _("{name} is an empty zip archive; get the file again.", name=self.name)
            )
        return "plain"

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """The file's bytes, decompressed, from the start."""
        import gzip
        import zipfile

        with self._raw() as raw:
            if self.kind == "gzip":
                with gzip.GzipFile(fileobj=raw) as unzipped:
                    yield unzipped  # type: ignore[misc]
            elif self.kind == "zip":
                try:
                    archive = zipfile.ZipFile(raw)
                except zipfile.BadZipFile as exc:
                    raise DataFileError(
                        _("{name} is not a readable zip file ({exc}).", name=self.name, exc=exc)
                    ) from None
                with archive:
                    members = [m for m in archive.infolist() if not m.is_dir()]
                    if any(m.filename == "[Content_Types].xml" for m in members):
                        raise DataFileError(
                            _(
                                "{name} looks like an Excel workbook (.xlsx) or another Office "
                                "file: "
                                "save it as CSV.",
                                name=self.name,
                            )
                        )
                    if len(members) != 1:
                        raise DataFileError(
                            _(
                                "{name} holds {members} files; a zip must hold exactly one "
                                "standard-charges file.",
                                name=self.name,
                                members=len(members),
                            )
                        )
                    with archive.open(members[0]) as member:
                        yield member
            else:
                yield raw


@contextmanager
def read_errors(name: str) -> Iterator[None]:
    """Turn what a damaged or compressed file raises into one plain sentence."""
    import zipfile
    import zlib

    try:
        yield
    except EOFError:
        raise DataFileError(
            _("{name} ends too early (a truncated download?); get it again.", name=name)
        ) from None
    except zipfile.BadZipFile as exc:
        raise DataFileError(
            _("{name} is not a readable zip file ({exc}).", name=name, exc=exc)
        ) from None
    except zlib.error as exc:
        raise DataFileError(
            _("{name} is not a readable gzip or zip file ({exc}).", name=name, exc=exc)
        ) from None
    except RuntimeError as exc:  # zipfile: an encrypted member
        if "encrypted" in str(exc) or "password" in str(exc):
            raise DataFileError(
                _("{name} holds an encrypted file; unzip it with its password first.", name=name)
            ) from None
        raise
    except OSError as exc:
        if "gzip" in str(exc).lower() or "crc" in str(exc).lower():
            raise DataFileError(
                _("{name} is not a readable gzip file ({exc}).", name=name, exc=exc)
            ) from None
        raise DataFileError(_("{name} cannot be read ({exc}).", name=name, exc=exc)) from None
