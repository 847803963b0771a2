"""The `iopcost` command's entry point; also runs as `python -m iopcost`."""

import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    # Ctrl-C before a command has set up its own handling (while Typer and the
    # rest are imported): end at once, quietly, as interrupted.
    import os

    os._exit(130)


class _Closed:
    """Standard output when it was closed before the start: every write fails as a
    closed descriptor would, so that the commands say so in their own words."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        """Nothing was written."""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")


def main() -> None:
    """Run the command line.

    Ctrl-C from this first line on exits 130 without a traceback: at once
    until the root callback hands Ctrl-C back to Python (as KeyboardInterrupt,
    which the commands handle) just before a command runs, so that no Ctrl-C
    reaches Click's own handling while it parses. The cyclic garbage collector
    is paused while Typer, pydantic and PyYAML are imported (tens of thousands
    of long-lived objects and no cycles worth collecting); the root callback
    turns it back on too. Standard output is flushed here, so that a full disk
    or a closed pipe, even after --help or --version, is one plain line or a
    quiet exit, never a traceback.
    """
    signal.signal(signal.SIGINT, _interrupted)
    if sys.stdout is None:
        # Started with standard output closed (`>&-`): writing to it fails in words;
        # a command that writes a file (-o) works.
        sys.stdout = _Closed()
    import gc

    gc.disable()
    from iopcost.cli import app, quiet_stdout, speak_first

    if not speak_first(sys.argv[1:]):
        sys.exit(2)

    code: str | int | None = 0
    try:
        try:
            app(prog_name="iopcost")
        except SystemExit as exc:
            code = exc.code
            # Typer's own handling of a closed pipe (while writing help)
            # exits 1 after wrapping stdout; a closed pipe is not a failure.
            if code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
                code = 0
        except KeyboardInterrupt:
            code = 130
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`| head`), here while help was written.
        quiet_stdout()
        code = 0
    except OSError as exc:
        # Only writing help or the version is left outside the commands' own
        # handling of errors: standard output cannot be written.
        quiet_stdout()
        from iopcost.cli.app import say_cannot_write

        say_cannot_write(exc)
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
