"""A real `hipcli start` in a real pseudo-terminal, driven as a person's terminal drives it.

`TerminalSession` forks hipcli onto a new pty that becomes its controlling terminal (so closing
it sends SIGHUP, as closing a tmux pane or a terminal window does), writes the exact bytes a
terminal sends (keys, bracketed pastes), sends signals, and reads the screen's bytes until some
text shows. Every wait is for a condition, with a generous deadline; no test sleeps for timing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.reliability.support import hipcli_command, run_hipcli

# A routine that ends 2 s after the first frame: a 1 s lead-in and a 1 s hold.
SHORT_ROUTINE = """\
title = "Short"
lead_in = "1s"

[[steps]]
name = "Pigeon"
hold = 1
"""
# One long hold, for what happens during practice.
LONG_ROUTINE = """\
title = "Long"
lead_in = "1s"

[[steps]]
name = "Pigeon"
hold = 600
"""
CHECK_IN = "How do you feel now?"
PASTE_START = b"\x1b[200~"
PASTE_END = b"\x1b[201~"
_ESCAPES = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[P^_][^\x1b]*\x1b\\|.)"
)


def screen_text(data: bytes) -> str:
    """What a terminal shows of `data`, roughly: the text without escape sequences."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


def home(root: Path) -> dict[str, str]:
    """An environment with its own config (holding the two routines) and data dirs."""
    from tests.reliability.support import hipcli_env

    routines = root / "config" / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (routines / "short.toml").write_text(SHORT_ROUTINE, encoding="utf-8")
    (routines / "long.toml").write_text(LONG_ROUTINE, encoding="utf-8")
    (root / "data").mkdir(exist_ok=True)
    return hipcli_env(root, TERM="xterm-256color", HIPCLI_SOUND_COMMAND=None, NO_COLOR=None)


class TerminalSession:
    """One hipcli process on its own pseudo-terminal."""

    def __init__(
        self, args: list[str], env: dict[str, str], *, columns: int = 100, rows: int = 30
    ) -> None:
        command = hipcli_command(*args)
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become hipcli
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                sized = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
                os.execve(command[0], command, sized)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd: int | None = fd
        self.output = bytearray()
        self.status: int | None = None

    # --- reading -------------------------------------------------------------------------------

    def _read(self, timeout: float) -> bool:
        """Read what is there within `timeout`; False once the terminal is gone."""
        if self.fd is None:
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: every process has closed the terminal
            chunk = b""
        if not chunk:
            return False
        self.output += chunk
        return True

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        """Read (so hipcli never blocks writing) until `condition()` holds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what}: {screen_text(bytes(self.output))[-3000:]}")
            if not self._read(0.05):
                if condition():
                    return
                raise AssertionError(f"hipcli ended before {what}: {self.screen()[-3000:]}")

    def wait_for_text(self, text: str, timeout: float = 30.0) -> None:
        """Until `text` has been drawn."""
        self.wait_for(lambda: text in self.screen(), repr(text), timeout)

    def screen(self) -> str:
        """Everything drawn so far, as text."""
        return screen_text(bytes(self.output))

    def wait_for_check_in(self) -> None:
        """Until the check-in is on screen (and ready: its mood row has focus)."""
        self.wait_for_text(CHECK_IN)

    def skip_to_check_in(self) -> None:
        """Once the session shows, `n` through its two segments to the end, then wait for the
        check-in (after its 1.5 s of "Session complete")."""
        self.wait_for_text("Pigeon")
        self.send("nn")
        self.wait_for_check_in()

    # --- writing and signalling ------------------------------------------------------------------

    def send(self, data: bytes | str) -> None:
        """Write bytes as the terminal would, reading meanwhile so neither side blocks."""
        assert self.fd is not None
        view = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
        while view:
            _, writable, _ = select.select([], [self.fd], [], 0.05)
            if writable:
                view = view[os.write(self.fd, view[:4096]) :]
            self._read(0)

    def paste(self, text: str) -> None:
        """A bracketed paste, newlines sent as carriage returns as terminals do."""
        self.send(PASTE_START + text.replace("\n", "\r").encode("utf-8") + PASTE_END)

    def kill(self, number: int) -> None:
        """Send a signal to hipcli."""
        os.kill(self.pid, number)

    def close_terminal(self) -> None:
        """Close the terminal, as closing its window or tmux pane does (the kernel sends SIGHUP)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def wait(self, timeout: float = 60.0) -> int:
        """hipcli's exit code (negative: the signal that ended it)."""
        deadline = time.monotonic() + timeout
        while self.status is None:
            if self.fd is not None:
                self._read(0.05)
            else:
                time.sleep(0.02)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                raise AssertionError(f"hipcli did not end: {self.screen()[-3000:]}")
        return self.status

    def stop(self) -> None:
        """Make sure the process is gone and the terminal closed."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.status = -signal.SIGKILL
        self.close_terminal()

    def state(self) -> str:
        """The process state letter from /proc (R, S, T for stopped...)."""
        text = Path(f"/proc/{self.pid}/stat").read_text()
        return text[text.rindex(")") + 2]


@contextlib.contextmanager
def terminal_session(args: list[str], env: dict[str, str]) -> Any:
    """`with terminal_session([...], env) as term:` — the process never outlives the test."""
    session = TerminalSession(args, env)
    try:
        yield session
    finally:
        session.stop()


def journal_records(env: dict[str, str]) -> list[dict[str, Any]]:
    """Every session in the journal, through `hipcli log --all --format json` (which first brings
    in any draft a stopped session left)."""
    result = run_hipcli("log", "--all", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def drafts(env: dict[str, str]) -> list[Path]:
    """The draft files in the data dir's recovery folder."""
    folder = Path(env["HIPCLI_DATA_DIR"]) / "recovery"
    return sorted(folder.glob("hipcli-draft-*.toml")) if folder.exists() else []


def journal_text(env: dict[str, str]) -> str:
    """The journal file itself."""
    path = Path(env["HIPCLI_DATA_DIR"]) / "journal.toml"
    return path.read_text(encoding="utf-8") if path.exists() else ""


__all__ = [
    "CHECK_IN",
    "TerminalSession",
    "drafts",
    "home",
    "journal_records",
    "journal_text",
    "terminal_session",
]
