"""Reading the terminal: a bracketed paste is text, whole and in order, and never a key press.

A workaround for Textual 8.2's input parser (`textual/_xterm_parser.py`). Inside a bracketed
paste (`ESC [200~` … `ESC [201~`) the parser still treats ESC as the start of an escape
sequence: the characters after an ESC go out as *key presses* ahead of the paste (`abc␛xyz`
arrives as the keys `^xyz`, then the paste `abc`); `␛␛` is the Escape key, which ends the
check-in mid-paste; and when a long paste's closing `ESC [201~` is split between two reads that
arrive more than ESCDELAY apart, the ESC becomes an Escape key press too, so a 200 KB paste ended
the app and the rest of the paste went to the shell.

`PasteFirstParser` takes every bracketed paste out of the input before Textual's parser sees it
and hands it on as one `events.Paste` holding exactly the pasted characters; everything outside a
paste goes to Textual's parser unchanged. `TerminalDriver` is Textual's Linux/macOS driver with
this parser; its input loop is Textual's own (`LinuxDriver.run_input_thread`), with one line
changed. It also tells the app when the process is stopped (Ctrl+Z) and continued. Line breaks
(terminals send a carriage return for each pasted newline) and control characters are the
check-in's business: see `NotesArea` and `TagsInput`.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import time
from codecs import getincrementaldecoder
from collections.abc import Iterable

from textual import events
from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
# A terminal that never closes a paste would turn every later key into pasted text; after this
# long with nothing more arriving, the paste is taken as complete.
PASTE_STALL_S = 2.0


def _held_prefix(text: str, marker: str) -> int:
    """How many characters at the end of `text` could be the start of `marker` (0 if none)."""
    for size in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


class PasteSplitter:
    """Splits terminal input into text to parse as keys and whole pastes, keeping their order.

    Pure (no Textual), so the framing can be tested on its own: `feed` returns pieces of
    `("keys", text)` and `("paste", text)`."""

    def __init__(self) -> None:
        self.in_paste = False
        self._paste: list[str] = []
        self._held = ""  # the end of the last read, which may be the start of a marker
        self.last_input = time.monotonic()

    def feed(self, data: str) -> list[tuple[str, str]]:
        """The pieces in `data` that are complete; a possible partial marker is held back."""
        self.last_input = time.monotonic()
        text, self._held = self._held + data, ""
        pieces: list[tuple[str, str]] = []
        while text:
            if self.in_paste:
                end = text.find(PASTE_END)
                if end < 0:
                    keep = _held_prefix(text, PASTE_END)
                    self._paste.append(text[: len(text) - keep])
                    self._held = text[len(text) - keep :]
                    break
                self._paste.append(text[:end])
                pieces.append(("paste", "".join(self._paste)))
                self._paste.clear()
                self.in_paste = False
                text = text[end + len(PASTE_END) :]
            else:
                start = text.find(PASTE_START)
                if start < 0:
                    # Hold back a possible start of a paste marker (`ESC [20`), but never a lone
                    # ESC: that may be the Escape key, which Textual's parser times itself.
                    keep = _held_prefix(text, PASTE_START)
                    if keep < 2:
                        keep = 0
                    if len(text) > keep:
                        pieces.append(("keys", text[: len(text) - keep]))
                    self._held = text[len(text) - keep :]
                    break
                if start:
                    pieces.append(("keys", text[:start]))
                self.in_paste = True
                text = text[start + len(PASTE_START) :]
        return pieces

    def flush(self, *, stalled: bool) -> list[tuple[str, str]]:
        """What is held back, once no more input is coming: a held partial marker becomes keys
        (it was not a marker after all); a stalled or cut-off paste is handed on as it is."""
        pieces: list[tuple[str, str]] = []
        if self.in_paste:
            if not stalled:
                return pieces
            self._paste.append(self._held)
            pieces.append(("paste", "".join(self._paste)))
            self._paste.clear()
            self.in_paste = False
        elif self._held:
            pieces.append(("keys", self._held))
        self._held = ""
        return pieces


class PasteFirstParser(XTermParser):
    """Textual's parser behind a `PasteSplitter`: pastes never reach the key parser."""

    def __init__(self, debug: bool = False) -> None:
        self.splitter = PasteSplitter()
        super().__init__(debug)

    def _pieces(self, pieces: list[tuple[str, str]]) -> Iterable[Message]:
        for kind, text in pieces:
            if kind == "paste":
                yield events.Paste(text)
            elif text:  # never "": that tells Textual's parser the input has ended
                yield from super().feed(text)

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # end of input: whatever is held back, then the end itself
            yield from self._pieces(self.splitter.flush(stalled=True))
            yield from super().feed(data)
            return
        yield from self._pieces(self.splitter.feed(data))

    def tick(self) -> Iterable[Message]:
        idle = time.monotonic() - self.splitter.last_input
        if idle >= 0.05:
            yield from self._pieces(self.splitter.flush(stalled=idle >= PASTE_STALL_S))
        yield from super().tick()


class TerminalDriver(LinuxDriver):
    """Textual's Linux/macOS driver, reading input through `PasteFirstParser`, and telling the
    app (`process_stopping`, `process_continued`) when Ctrl+Z stops it and `fg` continues it,
    so that the time spent stopped is not counted as practice.

    It also outlives its terminal. A closing window hangs the terminal up: the kernel sends
    SIGHUP and SIGCONT, and from then on every write fails (EIO). Textual's driver answered that
    SIGCONT by starting full-screen mode again on the dead terminal, whose new writer thread died
    on its first write; the app's next 30 writes then filled that thread's queue and blocked the
    main thread for ever, before the SIGHUP handler could record the session (found in tmux: a
    closed pane left hipcli running, sometimes with its session unrecorded). Here full-screen
    mode resumes only after a stop (Ctrl+Z), and writes to a writer that has died go nowhere."""

    _stopped = False  # Ctrl+Z has stopped the process, and full-screen mode must resume

    def _sigtstp_application(self, *args: object) -> None:
        hook = getattr(self._app, "process_stopping", None)
        if callable(hook):
            hook()
        self._stopped = True
        super()._sigtstp_application(*args)

    def _sigcont_application(self, *args: object) -> None:
        if self._stopped:  # not the SIGCONT that comes with a hangup, or a bare `kill -CONT`
            self._stopped = False
            super()._sigcont_application(*args)
        hook = getattr(self._app, "process_continued", None)
        if callable(hook):
            hook()

    def _writer_alive(self) -> bool:
        writer = self._writer_thread
        return writer is not None and writer.is_alive()

    def write(self, data: str) -> None:
        if self._writer_thread is None or self._writer_alive():
            super().write(data)
        # else: the terminal is gone (the writer died on EIO); there is nothing to show it on

    def close(self) -> None:
        if self._writer_thread is None or self._writer_alive():
            super().close()

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual 8.2's loop; only the parser differs)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = PasteFirstParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    unicode_data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break  # stdin is a pipe at its end
                    for event in parser.feed(unicode_data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass
