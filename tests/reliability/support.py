"""What every part of the reliability suite shares: running hipcli as a real process (on a pipe or
on a pseudo-terminal), finding bytes a terminal would act on, hostile text, and child processes
that are always killed."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILTIN_ROUTINES = REPO / "routines"

# Terminal-active text: C0 controls but tab and newline, DEL, C1 controls (as UTF-8 and as raw
# bytes), and the invisible bidi controls that reorder what a terminal shows.
_UNSAFE_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# What hipcli itself may send to a terminal: SGR colour codes only.
_SGR = re.compile(rb"\x1b\[[0-9;]*m")

HOSTILE_TEXTS: tuple[str, ...] = (
    "[bold]bold?[/bold] [link=https://evil.example/]click[/link] [/] [red",
    "\x1b[31mred\x1b[0m and \x1b[2J\x1b[H cleared",
    "\x1b]0;pwned window title\x07",  # OSC 0: sets the window title
    "\x1b]2;pwned title\x1b\\",  # OSC 2, string terminator ESC \
    "\x1b]52;c;cm0gLXJmIH4K\x07",  # OSC 52: writes the clipboard
    "\x1b]8;;https://evil.example/\x1b\\a link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1bP+q544e\x1b\\ DCS",
    "\x9b31m C1 CSI \x9d0;c1 title\x9c \x85 NEL",
    "bell\x07 back\x08space cr\rreturn nul\x00 del\x7f vt\x0b ff\x0c",
    "\u202eevil\u202c \u2066isolate\u2069 \u200fmark \u061c",
    "🧘🏽\u200d♀️ שלום عليكم café",
    '"""triple""" [[session]] \\ back\\slash',
)
LONG_LINE = "long " * 20_000  # 100,000 characters on one line


def find_unsafe(text: str) -> list[str]:
    """The terminal-active characters in `text`, as escapes (empty when it is safe to print)."""
    return sorted({f"U+{ord(char):04X}" for char in _UNSAFE_TEXT.findall(text)})


def find_unsafe_bytes(data: bytes, *, allow_sgr: bool = False) -> list[str]:
    """The same for raw output bytes, read as UTF-8; a stray byte 0x80-0x9f (a C1 control to an
    8-bit terminal) counts too. With `allow_sgr`, hipcli's own colour codes are allowed."""
    if allow_sgr:
        data = _SGR.sub(b"", data)
    text = data.decode("utf-8", errors="surrogateescape")
    stray = {f"byte 0x{ord(char) - 0xDC00:02x}" for char in re.findall("[\udc80-\udc9f]", text)}
    return find_unsafe(text) + sorted(stray)


def hipcli_env(root: Path, **overrides: str | None) -> dict[str, str]:
    """An environment for a hipcli process with its own config and data dirs under `root`, no
    colour settings of the caller's, and `overrides` (None removes a variable)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        HIPCLI_CONFIG_DIR=str(root / "config"),
        HIPCLI_DATA_DIR=str(root / "data"),
        COLUMNS="120",
        PYTHONDONTWRITEBYTECODE="1",
        PAGER="cat",  # no pager: on a pseudo-terminal, less would wait for a key
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def hipcli_command(*args: str) -> list[str]:
    """The command line of a hipcli process: the module, as `python -m hipcli` runs it."""
    return [sys.executable, "-m", "hipcli", *args]


def run_hipcli(
    *args: str,
    env: dict[str, str],
    input: bytes | None = None,
    timeout: float = 60.0,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run hipcli to the end on pipes (stdin /dev/null unless `input`); raise on a hang."""
    return subprocess.run(
        hipcli_command(*args),
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        env=env,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )


def assert_calm(result: subprocess.CompletedProcess[bytes], codes: Sequence[int] = (0, 1)) -> None:
    """The process ended with one of DESIGN.md's codes and printed no traceback."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert result.returncode in codes, (result.returncode, stderr[-3000:])


def run_on_terminal(
    args: Sequence[str],
    env: dict[str, str],
    *,
    timeout: float = 30.0,
    columns: int = 120,
    rows: int = 40,
    stdin_tty: bool = True,
) -> tuple[int, bytes]:
    """Run a command with stdout and stderr on a pseudo-terminal (and stdin too, unless
    `stdin_tty` is false): its exit code and every byte it sent to the terminal."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        list(args),
        stdin=slave if stdin_tty else subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env={**env, "COLUMNS": str(columns), "LINES": str(rows)},
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{args} did not end within {timeout} s: {bytes(output)!r}")
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if not chunk:
                    break
                output += chunk
        return process.wait(timeout=max(1.0, deadline - time.monotonic())), bytes(output)
    finally:
        stop(process)
        os.close(master)


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Kill a child process (and its process group, if it leads one) unless it has ended."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if os.getpgid(process.pid) == process.pid:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


class Children:
    """Child processes started for a test, all killed when it ends, however it ends."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, args: Sequence[str], **options: object) -> subprocess.Popen[bytes]:
        """Start a child process and remember it."""
        process: subprocess.Popen[bytes] = subprocess.Popen(list(args), **options)  # type: ignore[call-overload]
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        """Kill every child still running."""
        for process in self.processes:
            stop(process)
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()


@contextlib.contextmanager
def children() -> Iterator[Children]:
    """`with children() as kids:` — every process started with `kids.start` dies at the end."""
    kids = Children()
    try:
        yield kids
    finally:
        kids.stop_all()


def cpu_hogs(count: int) -> Children:
    """Start `count` processes that spin on a core each (the caller stops them)."""
    kids = Children()
    for _ in range(count):
        kids.start(
            [sys.executable, "-c", "while True: pass"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
    return kids
