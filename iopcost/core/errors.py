"""The problems a user can fix, each with the exit code that reports it."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class IopcostError(Exception):
    """A problem explained in plain words; the command line prints it and exits."""

    exit_code = EXIT_FAILURE
    # How the command line begins the message on stderr.
    prefix = "Error: "


class DataFileError(IopcostError):
    """A cost, insurance or batch input file that cannot be read or used."""


class OutputError(IopcostError):
    """A report or standard output that cannot be written."""


class InvalidValue(IopcostError):
    """A value that does not fit, in the core's own words.

    `subject` says what the value is ("weeks", "sessions", "per_week", "step",
    "deductible", "coinsurance", ...) and `level` which level it is for, if any;
    whoever read the value (a flag, a file cell) names where it came from.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, subject: str, level: str | None = None) -> None:
        super().__init__(message)
        self.subject = subject
        self.level = level


class SettingError(IopcostError):
    """An environment variable whose value cannot be used: refused like a bad option."""

    exit_code = EXIT_USAGE


class OwnOutput(IopcostError):
    """An input that is also where the output goes (a redirection back onto it): refused
    before it is read, as a command line that cannot work."""

    exit_code = EXIT_USAGE


class UsageProblem(IopcostError):
    """A command-line value that does not fit: reported like any bad option."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option
