"""The pager, as git uses it: on a terminal, output longer than the screen goes through
`$PAGER` (else `less -FRX`); to a pipe, or with `--no-pager`, it is printed directly.

The output is held back only until it is longer than the screen; then the pager starts and
everything, held and still to come, streams into it, so a long `hipcli log --all` shows its first
screen at once. `LESS` gets `FRX` when it is unset (quit if one screen, keep colours, leave the
text on the screen), as git does; an empty `PAGER` or `cat` means no pager.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import subprocess

DEFAULT_PAGER = "less -FRX"


def pager_command(environ: dict[str, str] | None = None) -> str | None:
    """The pager to run, or None: `$PAGER`, else `less -FRX` when `less` is installed."""
    environ = dict(os.environ) if environ is None else environ
    chosen = environ.get("PAGER")
    if chosen is None:
        return DEFAULT_PAGER if shutil.which("less") else None
    if not chosen.strip() or chosen.strip() == "cat":
        return None
    return chosen


class PagedOutput(io.TextIOBase):
    """A text stream that holds the output until it is longer than `height` lines, then starts
    the pager and streams into it; `close` prints what was held if it fitted a screen."""

    def __init__(self, stream: TextIO, command: str, height: int) -> None:
        super().__init__()
        self._stream = stream
        self._command = command
        self._height = height
        self._held: list[str] = []
        self._lines = 0
        self._pager: subprocess.Popen[str] | None = None
        self._direct = False  # the pager could not start: print directly
        self._interrupt: Any = None
        self.gone = False  # the person quit the pager before the end

    def isatty(self) -> bool:
        """Output still goes to a terminal (through the pager)."""
        return True

    def fileno(self) -> int:
        """The terminal's descriptor (for its size)."""
        return self._stream.fileno()

    def write(self, text: str) -> int:
        """Hold, or pass to the pager once there is more than a screen."""
        if self.gone:
            return len(text)
        if self._direct:
            return self._stream.write(text)
        if self._pager is None:
            self._held.append(text)
            self._lines += text.count("\n")
            if self._lines < self._height:
                return len(text)
            text = "".join(self._held)
            self._held.clear()
            if not self._start():
                self._direct = True
                return self._stream.write(text)
        try:
            assert self._pager is not None
            assert self._pager.stdin is not None
            self._pager.stdin.write(text)
        except (BrokenPipeError, OSError):
            self.gone = True  # `q` in less: stop writing, quietly
        return len(text)

    def _start(self) -> bool:
        import subprocess  # deferred: output to a pipe, or that fits a screen, starts no pager

        environ = dict(os.environ)
        environ.setdefault("LESS", "FRX")
        environ.setdefault("LV", "-c")
        try:
            # the person's own $PAGER (or less), run as every tool runs it
            self._pager = subprocess.Popen(
                shlex.split(self._command),
                stdin=subprocess.PIPE,
                env=environ,
                text=True,
                encoding=getattr(self._stream, "encoding", None) or "utf-8",
                errors="backslashreplace",
            )
        except (OSError, ValueError):  # not found, or an unbalanced quote in $PAGER
            return False
        # Ctrl+C belongs to the pager now (less uses it), as with git: hipcli just waits
        self._interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        return True

    def close(self) -> None:
        """Print what was held (it fitted a screen), or let the pager finish."""
        if self.closed:
            return
        if self._pager is None:
            self._stream.write("".join(self._held))
            self._stream.flush()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                assert self._pager.stdin is not None
                self._pager.stdin.close()
            self._pager.wait()
            signal.signal(signal.SIGINT, self._interrupt)
        super().close()


@contextlib.contextmanager
def paged(*, enabled: bool) -> Iterator[TextIO]:  # a PagedOutput is a TextIO for writing
    """stdout, through the pager when `enabled`, stdout is a terminal and a pager is set."""
    command = pager_command() if enabled else None
    stream = sys.stdout
    try:
        terminal = stream.isatty()
    except ValueError:
        terminal = False
    if command is None or not terminal:
        yield stream
        return
    height = shutil.get_terminal_size((80, 24)).lines
    output = PagedOutput(stream, command, max(2, height - 1))
    try:
        yield output  # type: ignore[misc]
    finally:
        output.close()
