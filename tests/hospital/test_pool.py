"""Several large files, or one big file's parts, read on a process pool (`prices --jobs
2`): Ctrl-C and SIGTERM end the run and its workers at once, with the documented exit code
and no traceback, and the workers end themselves, quietly, when the command is killed
outright (SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hospital"
_BESIDE = Path(sys.executable).parent / "iopcost"
IOPCOST = str(_BESIDE) if _BESIDE.exists() else "iopcost"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A 60 MB standard-charges file (the tall example's rows, over and over): some
    seconds of reading each."""
    lines = (FIXTURES / "v2.0.0_tall_example_v2.2-dictionary.csv").read_text().splitlines(True)
    path = tmp_path_factory.mktemp("pool") / "large.csv"
    path.write_text("".join(lines[:3]) + "".join(lines[3:]) * 10_000)
    return str(path)


@pytest.fixture(scope="module")
def big(large: str) -> str:
    """One 240 MB file: read in parts by the workers (some seconds)."""
    lines = Path(large).read_bytes().splitlines(True)
    path = Path(large).with_name("big.csv")
    with path.open("wb") as out:
        out.write(b"".join(lines[:3]))
        for _copy in range(4):
            out.write(b"".join(lines[3:]))
    return str(path)


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -signal.SIGKILL)],
)
@pytest.mark.parametrize("files", ["four large files", "one big file"])
def test_the_pool_ends_with_the_command(
    request: pytest.FixtureRequest, files: str, signum: int, code: int
) -> None:
    """Mid-way through four large files (or one big file's parts), the command and both
    workers are gone within two seconds of the signal (a worker, busy with its file, is
    ended by the command on Ctrl-C or SIGTERM and ends itself on finding the command
    killed), and no worker writes a traceback (its results' pipe broken)."""
    sources = (
        [request.getfixturevalue("large")] * 4
        if files != "one big file"
        else [request.getfixturevalue("big")]
    )
    command = subprocess.Popen(
        [IOPCOST, "prices", *sources, "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while len(workers := _children(command.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2, "the pool never started"
    time.sleep(0.5)  # each worker is inside its file now
    assert command.poll() is None, "the files were read before the signal"
    sent = time.monotonic()
    command.send_signal(signum)
    stdout, stderr = command.communicate(timeout=10)
    while any(map(_running, workers)) and time.monotonic() - sent < 10:
        time.sleep(0.02)
    ended = time.monotonic() - sent
    assert command.returncode == code
    assert not any(map(_running, workers)), "a worker outlived the command"
    assert ended < 2.0, f"the workers took {ended:.2f} s to end"
    assert stdout == "" and "Traceback" not in stderr
