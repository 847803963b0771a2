"""The installed command: its entry point, and through a subprocess pipes, signals, bytes."""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# The console script installed beside this interpreter (the venv's bin/).
_BESIDE = Path(sys.executable).parent / "iopcost"
IOPCOST = str(_BESIDE) if _BESIDE.exists() else (shutil.which("iopcost") or "iopcost")
ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "COLUMNS")
}


def cmd(*args: str) -> list[str]:
    return [IOPCOST, *args]


@contextmanager
def on_a_terminal() -> Iterator[tuple[int, list[bytes]]]:
    """A pseudo-terminal for a child process to write to, and what it wrote.

    The terminal is read while the child runs (or its writes would block) and
    until the child closes it, after the with-block.
    """
    leader, follower = pty.openpty()
    seen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        yield follower, seen
    finally:
        os.close(follower)
        reader.join(timeout=30)
        os.close(leader)


def test_console_script_is_installed() -> None:
    """`pip install` puts an iopcost command on PATH."""
    assert Path(IOPCOST).is_file() or shutil.which(IOPCOST), "no iopcost console script"


def test_family_command_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`iopcost compare --weeks 8 --sessions 3` from any directory: a table, exit 0."""
    done = subprocess.run(
        cmd("compare", "--weeks", "8", "--sessions", "3"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=ENV,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "$28,000" in done.stdout and "not quotes" in done.stdout
    assert done.stderr == ""


def test_python_dash_m() -> None:
    """`python -m iopcost` is the same program."""
    done = subprocess.run(
        [sys.executable, "-m", "iopcost", "compare", "-f", "json"],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["levels"][0]["id"] == "inpatient"


def test_entry_point_runs_the_app_as_iopcost(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The console script's entry point runs the app under its name and exits with its code."""
    from iopcost.__main__ import main

    monkeypatch.setattr(sys, "argv", ["anything", "--version"])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("iopcost ")
    monkeypatch.setattr(sys, "argv", ["anything", "compare", "--wekes", "3"])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 2
    assert "Usage: iopcost compare" in capsys.readouterr().err


def test_machine_path_does_not_import_rich() -> None:
    """JSON output never loads Rich."""
    code = "import sys; sys.argv=['iopcost','compare','-f','json']\nfrom iopcost.__main__ import main\ntry: main()\nexcept SystemExit: pass\nprint('RICH' if any(m.startswith('rich') for m in sys.modules) else 'NORICH', file=sys.stderr)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=False
    )
    assert done.stderr.strip() == "NORICH"


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_machine_formats_same_bytes_on_a_terminal(fmt: str) -> None:
    """json, csv and tsv are the same bytes to a terminal as to a pipe."""
    piped = subprocess.run(
        cmd("compare", "-f", fmt), capture_output=True, env=ENV, check=True
    ).stdout
    env = {**ENV, "FORCE_COLOR": "1", "COLUMNS": "40"}
    with on_a_terminal() as (terminal, seen):
        proc = subprocess.Popen(
            cmd("compare", "-f", fmt), stdout=terminal, stderr=subprocess.DEVNULL, env=env
        )
        proc.wait()
    # The terminal driver turns \n into \r\n; undo that before comparing.
    assert b"".join(seen).replace(b"\r\n", b"\n") == piped


def test_closed_pipe_is_quiet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`iopcost batch big.csv | head -3` ends quietly, with no traceback."""
    big = tmp_path / "big.csv"
    big.write_text("weeks\n" + "8\n" * 200_000)
    producer = subprocess.Popen(
        cmd("batch", str(big)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
    )
    assert producer.stdout is not None
    head = [producer.stdout.readline() for _ in range(3)]
    producer.stdout.close()
    _, err = producer.communicate(timeout=60)
    assert head[0].startswith(b"row,id,level")
    assert producer.returncode == 0
    assert err == b""


def test_ctrl_c_exits_130_quietly(write) -> None:  # type: ignore[no-untyped-def]
    """Interrupted while waiting for input: exit 130, no traceback."""
    proc = subprocess.Popen(
        cmd("batch"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
    )
    assert proc.stdin is not None
    proc.stdin.write(b"weeks\n1\n")
    proc.stdin.flush()
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_batch_streams_from_a_slow_producer() -> None:
    """Results of a piped scenario appear before the input ends."""
    with subprocess.Popen(
        cmd("batch"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(b"weeks\n2\n")
        proc.stdin.flush()
        lines = [proc.stdout.readline() for _ in range(4)]
        assert lines[1].startswith(b"1,,inpatient,14,")
        proc.stdin.close()
        proc.wait(timeout=30)


def test_progress_bar_only_on_a_terminal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With stderr on a terminal and a file as input, a progress bar shows there;
    the estimates on stdout are the same either way."""
    big = tmp_path / "cases.csv"
    big.write_text("weeks\n" + "8\n" * 20_000)
    plain = subprocess.run(cmd("batch", str(big)), capture_output=True, env=ENV, check=True)
    assert plain.stderr == b""
    with on_a_terminal() as (terminal, seen):
        proc = subprocess.Popen(
            cmd("batch", str(big)),
            stdout=subprocess.PIPE,
            stderr=terminal,
            env={**ENV, "TERM": "xterm"},
        )
        out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0
    shown = b"".join(seen)
    assert b"pricing scenarios" in shown
    assert b" rows" in shown
    assert out == plain.stdout


# The entry point, run as the console script runs it, telling the test through a
# pipe the moment it has taken over Ctrl-C (its first SIGINT handler). What
# happens before that, while the interpreter itself starts, is Python's own.
HANDSHAKE = """
import os, signal, sys
ready = int(sys.argv.pop(1))
install = signal.signal

def told(signum, handler):
    previous = install(signum, handler)
    global ready
    if signum == signal.SIGINT and ready >= 0:
        os.write(ready, b"r")
        os.close(ready)
        ready = -1
    return previous

signal.signal = told
from iopcost.__main__ import main
main()
"""


def handshake(proc: subprocess.Popen[bytes], read_end: int) -> None:
    """Wait (at most 30 s) for the child to say it is ready; a child that never says so
    is a failure, not a hang."""
    import select

    try:
        ready, _, _ = select.select([read_end], [], [], 30)
        if not ready:
            proc.kill()
            pytest.fail("the child never reached the handshake")
        assert os.read(read_end, 1) == b"r"
    finally:
        os.close(read_end)


@pytest.mark.parametrize("delay", [0.0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.4])
def test_ctrl_c_during_start_up_exits_130_quietly(delay: float) -> None:
    """Ctrl-C at any moment once the entry point runs (while Typer and the rest are still
    imported, or while batch waits for input): exit 130, no traceback."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-c", HANDSHAKE, str(write_end), "batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    handshake(proc, read_end)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err, err


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["sigint", "sigterm"]
)
@pytest.mark.parametrize("continue_on_error", [False, True], ids=["stop", "continue"])
def test_interrupted_batch_writes_whole_scenarios(
    tmp_path: Path, signum: int, code: int, continue_on_error: bool
) -> None:
    """A batch stopped by a signal writes only whole scenarios and says how far it got."""
    big = tmp_path / "cases.csv"
    big.write_text("id,weeks\n" + "".join(f"c{n},8\n" for n in range(400_000)))
    args = ["batch", str(big), *(["--continue-on-error"] * continue_on_error)]
    proc = subprocess.Popen(cmd(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    assert proc.stdout is not None
    first = os.read(proc.stdout.fileno(), 65536)  # it has started writing
    time.sleep(0.2)  # and now waits for this reader: the pipe is full
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    header, *lines = (first + out).decode().splitlines()
    assert header.startswith("row,id,level")
    assert len(lines) % 3 == 0, len(lines)  # three rows a scenario, never fewer
    written = len(lines) // 3
    last = int(lines[-1].split(",")[0]) if lines else 0
    said = err.decode()
    assert f"interrupted after {written} scenarios; last row {last}" in said, said
    assert ("scenarios," in said) == continue_on_error
    assert "Traceback" not in said


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["compare"], ["compare", "-f", "json"], ["levels"], ["plan", "-h"]],
    ids=lambda a: " ".join(a),
)
def test_output_that_cannot_be_written(args: list[str]) -> None:
    """`> /dev/full`: one line naming the cause, exit 1, no traceback."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(cmd(*args), stdout=full, stderr=subprocess.PIPE, env=ENV)
    assert done.returncode == 1
    assert done.stderr.decode().strip().splitlines() == [
        "Error: cannot write the output (No space left on device)."
    ]


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["compare"], ["compare", "-f", "json"], ["plan", "iop:2"]],
    ids=lambda a: " ".join(a),
)
def test_reader_that_stops_early_is_not_a_failure(args: list[str]) -> None:
    """`iopcost compare | true`: the reader closed the pipe; exit 0, nothing on stderr."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(cmd(*args), stdout=write, stderr=subprocess.PIPE, env=ENV)
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


def test_batch_at_a_terminal_says_what_it_waits_for() -> None:
    """`iopcost batch` typed at a terminal with nothing piped in explains itself on stderr."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            cmd("batch"), stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
        )
        time.sleep(0.5)
        os.write(leader, b"weeks\n2\n\x04")
        out, err = proc.communicate(timeout=30)
    finally:
        os.close(follower)
        os.close(leader)
    assert b"Reading scenarios from the keyboard" in err and b"Ctrl-D" in err
    assert out.startswith(b"row,id,level")


# As HANDSHAKE, but told when the command line has taken over SIGTERM (its root callback).
TERM_HANDSHAKE = HANDSHAKE.replace("signal.SIGINT and ready", "signal.SIGTERM and ready")


def test_sigterm_during_prices_exits_143_leaving_no_file(tmp_path: Path) -> None:
    """SIGTERM while prices reads a file from a pipe: exit 143, nothing written, no
    temporary file left."""
    read_end, write_end = os.pipe()
    out = tmp_path / "local.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-c", TERM_HANDSHAKE, str(write_end), "prices", "-", "-o", str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        pass_fds=(write_end,),
        cwd=tmp_path,
    )
    os.close(write_end)
    handshake(proc, read_end)
    assert proc.stdin is not None
    proc.stdin.write(b"hospital_name,last_updated_on,version\n")  # and more never comes
    proc.stdin.flush()
    time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []
