"""The plain session's terminal: keys without Enter, typed lines, signals, and safe lines out.

`Terminal` is the only place that touches the terminal in plain mode. While practising, the
keyboard is in cbreak mode (each key arrives at once, not echoed; Ctrl+C and Ctrl+Z still work);
for the check-in's questions it is back in the ordinary line mode, so the terminal's (and the
screen reader's) own line editing works. The settings found at the start are put back on every
way out: the end, an exception, Ctrl+C, SIGTERM, SIGHUP, and around Ctrl+Z. Signals are only
noted by their handlers (a self-pipe wakes the wait); the session acts on them at a safe point.

Every line out goes through `hipcli.literal.visible`, so no escape sequence (no ESC byte) can
reach standard output, whatever a routine or a paste holds. Nothing waits forever for input
that cannot come: without a keyboard there are no keys, a closed standard input is noticed at
once, and an open pipe that stays silent is given up on after `ANSWER_WAIT_S`.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import signal
import sys
import termios
import time
from dataclasses import dataclass
from enum import StrEnum
from types import FrameType
from typing import Any, TextIO

from hipcli.literal import visible
from hipcli.practice.plain import keys_in

# An answer from a pipe (not a person at a keyboard) that has not come after this long will not.
ANSWER_WAIT_S = 60.0
_HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_STOPPING = (signal.SIGTERM, signal.SIGHUP)
# Typography that a non-UTF-8 terminal cannot show, as it is best written there.
_PLAIN_TYPOGRAPHY = str.maketrans({"…": "...", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-"})


@dataclass(frozen=True, slots=True)
class Key:
    """A key (or an escape sequence, or a paste) from the keyboard."""

    text: str


@dataclass(frozen=True, slots=True)
class Signal:
    """A signal that arrived: SIGINT (Ctrl+C), SIGTERM, SIGHUP, SIGTSTP (Ctrl+Z) or SIGCONT."""

    number: int


class Interrupted(Exception):
    """A signal arrived while a question waited for its answer."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


class Gone(StrEnum):
    """Why no more answers can come from standard input."""

    CLOSED = "closed"  # end of file on a pipe or a file
    QUIET = "quiet"  # a pipe that stayed silent for ANSWER_WAIT_S


class Terminal:
    """Standard input and output for a plain session; use it as a context manager."""

    def __init__(
        self,
        stdin: int = 0,
        stdout: TextIO | None = None,
        *,
        answer_wait_s: float = ANSWER_WAIT_S,
    ) -> None:
        self._in = stdin
        self._out = stdout or sys.stdout
        self.answer_wait_s = answer_wait_s
        self.keys = _isatty(stdin)  # keys act without Enter only on a terminal
        self.gone: Gone | None = None
        self._saved: list[Any] | None = None
        self._cbreak = False
        self._pending: list[int] = []
        self._handlers: dict[int, Any] = {}
        self._wakeup: tuple[int, int] | None = None
        self._old_wakeup_fd = -1
        self._buffer = b""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._writing = True
        encoding = (getattr(self._out, "encoding", None) or "").lower().replace("_", "-")
        self._utf8 = encoding in ("utf-8", "utf8")
        self._bell = self._out.isatty() and os.environ.get("TERM") != "dumb"
        # A question stays open on its line only where the person types on the terminal it is
        # shown on (the answer is echoed after it); otherwise the prompt is a line of its own.
        self.prompt_ends_line = not (self.keys and self._out.isatty())

    # --- entering and leaving ---------------------------------------------------------------------

    def __enter__(self) -> Terminal:
        read, write = os.pipe()
        for fd in (read, write):
            os.set_blocking(fd, False)
        self._wakeup = (read, write)
        self._old_wakeup_fd = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        signals = [*_HANDLED, signal.SIGCONT, *([signal.SIGTSTP] if self.keys else [])]
        for number in signals:
            self._handlers[number] = signal.signal(number, self._caught)
        if self.keys:
            try:
                self._saved = termios.tcgetattr(self._in)
            except termios.error:
                self.keys = False
            # Keys from the first moment: a key pressed as the first line appears acts, and is
            # never echoed (a question switches to lines while it asks).
            self._set_mode(cbreak=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._restore()
        for number, handler in self._handlers.items():
            signal.signal(number, handler)
        self._handlers.clear()
        signal.set_wakeup_fd(self._old_wakeup_fd)
        if self._wakeup is not None:
            for fd in self._wakeup:
                os.close(fd)
            self._wakeup = None

    def _caught(self, number: int, frame: FrameType | None) -> None:
        # Only noted here: the session acts on it where it is safe to (see `wait` and `ask`).
        self._pending.append(number)

    def _set_mode(self, *, cbreak: bool) -> None:
        if self._saved is None:
            return
        mode = [*self._saved]
        mode[6] = list(self._saved[6])
        if cbreak:
            # Keys at once and unechoed; ISIG stays on, so Ctrl+C and Ctrl+Z are still signals.
            mode[3] &= ~(termios.ICANON | termios.ECHO)
            mode[6][termios.VMIN] = 1
            mode[6][termios.VTIME] = 0
        else:
            # Lines with the terminal's own editing, and control characters echoed as ^[ so a
            # pasted escape sequence is seen, never acted on.
            mode[3] |= termios.ICANON | termios.ECHO | termios.ECHOCTL
        with contextlib.suppress(termios.error, OSError):  # a terminal that is gone (SIGHUP)
            termios.tcsetattr(self._in, termios.TCSADRAIN, mode)
        self._cbreak = cbreak

    def _restore(self) -> None:
        if self._saved is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self._in, termios.TCSADRAIN, self._saved)
        self._cbreak = False

    def suspend(self) -> None:
        """Ctrl+Z: give the terminal back as it was, stop, and take it up again on `fg`."""
        was_cbreak = self._cbreak
        self._restore()
        os.kill(os.getpid(), signal.SIGSTOP)
        # ... stopped here until the shell continues us ...
        self._set_mode(cbreak=was_cbreak)

    # --- lines out --------------------------------------------------------------------------------

    def say(self, line: str) -> None:
        """Print one line (shown literally: control characters become visible text)."""
        self._write(visible(line) + "\n")

    def ring(self) -> None:
        """The terminal bell, where it is a sound (not on a pipe, not on TERM=dumb)."""
        if self._bell:
            self._write("\a")

    def _write(self, text: str) -> None:
        if not self._writing:
            return
        if not self._utf8:
            text = text.translate(_PLAIN_TYPOGRAPHY)
        try:
            self._out.write(text)
            self._out.flush()
        except OSError:
            # The reader went away (a closed pipe, a hung-up terminal). The session goes on, and
            # is recorded; later lines have nowhere to go.
            self._writing = False
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self._out.fileno())
                os.close(devnull)

    # --- keys -------------------------------------------------------------------------------------

    def wait(self, timeout: float | None) -> list[Key | Signal]:
        """Wait up to `timeout` seconds (None: until something comes) for keys or signals."""
        if self.keys and not self._cbreak:
            self._set_mode(cbreak=True)
        arrived: list[Key | Signal] = [Signal(n) for n in self._take_signals()]
        if arrived:
            return arrived
        watched = [self._wakeup_fd()] + ([self._in] if self.keys else [])
        ready = _select(watched, timeout)
        arrived = [Signal(n) for n in self._take_signals()]
        if self.keys and self._in in ready:
            text = self._read_keys()
            if text:
                arrived.extend(Key(key) for key in keys_in(text))
        return arrived

    def _read_keys(self) -> str:
        try:
            data = os.read(self._in, 1024)
        except OSError:
            data = b""
        if not data:  # the terminal went away: no more keys (SIGHUP is on its way)
            self.keys = False
            return ""
        return self._decoder.decode(data)

    def _wakeup_fd(self) -> int:
        assert self._wakeup is not None, "use Terminal as a context manager"
        return self._wakeup[0]

    def _take_signals(self) -> list[int]:
        with contextlib.suppress(OSError):
            while os.read(self._wakeup_fd(), 512):
                pass
        taken, self._pending = self._pending, []
        if signal.SIGCONT in taken:  # continued after a stop we did not see: take the keys again
            self._set_mode(cbreak=self._cbreak)
        return taken

    # --- questions --------------------------------------------------------------------------------

    def ask(self, prompt: str | None) -> str | None:
        """Print `prompt` (None: the next line of an answer) and read one typed line; None at
        the end of input (Ctrl+D) or when no answer can come (`gone` says why). Raises
        Interrupted for Ctrl+C, SIGTERM and SIGHUP."""
        if self.gone is not None:
            return None
        self._set_mode(cbreak=False)
        if prompt is not None:
            self._write(visible(prompt) + ("\n" if self.prompt_ends_line else " "))
        try:
            line = self._read_line()
        except Interrupted:
            if not self.prompt_ends_line:
                self._write("\n")  # after the ^C the terminal echoed on the question's line
            raise
        if line is None and prompt is not None and not self.prompt_ends_line:
            self._write("\n")  # Ctrl+D echoes no newline: the next line starts on its own
        return line

    def _read_line(self) -> str | None:
        deadline = None if self.keys else time.monotonic() + self.answer_wait_s
        while b"\n" not in self._buffer:
            # Lines already typed are taken in before a signal is acted on: an answer entered
            # just before the terminal closed is an answer.
            if self._pending:
                timeout: float | None = 0.0
            elif deadline is None:
                timeout = None
            else:
                timeout = max(0.0, deadline - time.monotonic())
            ready = _select([self._wakeup_fd(), self._in], timeout)
            if self._in in ready:
                try:
                    data = os.read(self._in, 4096)
                except OSError:
                    data = b""
                if not data:
                    return self._end_of_input()
                self._buffer += data
                continue
            for number in self._take_signals():
                if number == signal.SIGTSTP:
                    self.suspend()
                elif number != signal.SIGCONT:
                    raise Interrupted(number)
            if deadline is not None and time.monotonic() >= deadline:
                self.gone = Gone.QUIET
                return None
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode("utf-8", errors="replace")

    def _end_of_input(self) -> str | None:
        rest, self._buffer = self._buffer, b""
        if not self.keys:
            self.gone = Gone.CLOSED  # a pipe or a file: nothing more will come
        if rest:  # a last line without its newline
            return rest.decode("utf-8", errors="replace")
        return None


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _select(fds: list[int], timeout: float | None) -> list[int]:
    try:
        ready, _, _ = select.select(fds, [], [], timeout)
    except (OSError, ValueError):  # a descriptor closed under us
        return []
    return ready
