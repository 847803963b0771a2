"""The problems a user can fix, each with the exit code that reports it."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class IopcostError(Exception):
    """A problem explained in plain words; the command line prints it and exits."""

    exit_code = EXIT_FAILURE


class DataFileError(IopcostError):
    """A cost, insurance or batch input file that cannot be read or used."""


class OutputError(IopcostError):
    """A report that cannot be written where it was asked for."""


class UsageProblem(IopcostError):
    """A command-line value that does not fit: reported like any bad option."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option
