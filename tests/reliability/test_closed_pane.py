"""Closing the tmux pane a session runs in: the session is recorded and hipcli ends.

Found by hand in tmux: a closed pane sometimes left `hipcli start` running for ever, and once
before its session was recorded. The hangup's SIGCONT made Textual's driver start full-screen
mode again on the dead terminal; its new writer thread died on the first write (EIO) and the
app's next writes filled that thread's queue, blocking the main thread. A pseudo-terminal closed
by hand (`tests/reliability/terminal.py`) did not bring it about, so this runs tmux itself, as a
person's terminal does, several times over (it came about one time in three).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.support import hipcli_command
from tests.reliability.terminal import home, journal_records

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it on Debian)"
)


def _tmux(socket: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30, check=False
    )


def _wait_for(
    condition: Callable[[], bool], what: str, timeout: float = 30.0, shown: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}{shown}")
        time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return state[state.rindex(")") + 2] != "Z"


@pytest.mark.parametrize("attempt", range(4))
def test_a_closed_pane_records_the_session_and_hipcli_ends(tmp_path: Path, attempt: int) -> None:
    env = home(tmp_path)
    env.pop("COLUMNS", None)  # the pane's own size, not the pipes' 120 columns
    socket = f"hipcli-test-{os.getpid()}-{attempt}"
    command = " ".join(shlex.quote(part) for part in ["exec", *hipcli_command("start", "long")])
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    started = _tmux(
        socket,
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "24",
        f"env -i {exports} sh -c {shlex.quote(command)}",
    )
    assert started.returncode == 0, started.stderr
    pid = 0
    try:
        pid = int(_tmux(socket, "display-message", "-p", "#{pane_pid}").stdout.strip())

        def counting_down() -> bool:
            screen = _tmux(socket, "capture-pane", "-p").stdout
            return "Pigeon" in screen and re.search(r"\b9:\d\d left", screen) is not None

        _wait_for(counting_down, "the hold's countdown")
        _tmux(socket, "kill-pane")  # its only pane: the server ends too, as a closed window does
        _wait_for(lambda: not _running(pid), "hipcli to end after its pane closed", timeout=20)
    finally:
        _tmux(socket, "kill-server")
        if pid and _running(pid):
            os.kill(pid, 9)
    (record,) = journal_records(env)
    assert record["routine"] == "long"
    assert record["completed"] is False
