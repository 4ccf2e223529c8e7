"""A stand-in for the terminal of a plain session, driven by a fake clock: keys and signals at
set moments, typed answers in order, and every line said."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from hipcli.commands.plain.session import CueSounds, PlainSession
from hipcli.commands.plain.terminal import Gone, Interrupted, Key, Signal
from hipcli.journal.checkin import SaveResult
from hipcli.practice.cues import Cue
from hipcli.practice.session import Event, Session
from hipcli.practice.timeline import Timeline
from hipcli.routine.model import Routine
from tests.fake_clock import FakeClock

# (seconds from the start, a key like "n", or a signal number)
Script = Sequence[tuple[float, str | int]]


class ScriptedConsole:
    """Keys and signals at moments of a fake clock; answers typed in order (None: Ctrl+D, or the
    end of input when `closed`; an int: a signal while the question waits)."""

    def __init__(
        self,
        clock: FakeClock,
        script: Script = (),
        answers: Sequence[str | int | None] = (),
        *,
        keys: bool = True,
        closed: bool = False,
    ) -> None:
        self.clock = clock
        self.start = clock.now
        self.script = list(script)
        self.answers = list(answers)
        self.keys = keys
        self.closed = closed
        self.gone: Gone | None = None
        self.lines: list[str] = []
        self.prompts: list[str] = []
        self.rings = 0
        self.suspended = 0

    def say(self, line: str) -> None:
        self.lines.append(line)

    def ring(self) -> None:
        self.rings += 1

    def suspend(self) -> None:
        self.suspended += 1

    def wait(self, timeout: float | None) -> list[Key | Signal]:
        if self.script:
            at, what = self.script[0]
            due = self.start + at
            if timeout is None or due <= self.clock.now + timeout:
                self.script.pop(0)
                self.clock.now = max(self.clock.now, due)
                return [Signal(what) if isinstance(what, int) else Key(what)]
        if timeout is None:
            raise AssertionError("the session waits for a key that will never come")
        self.clock.advance(timeout)
        return []

    def ask(self, prompt: str | None) -> str | None:
        if self.gone is not None:
            return None
        if prompt is not None:
            self.prompts.append(prompt)
            self.lines.append(prompt)
        if not self.answers:
            if self.closed:
                self.gone = Gone.CLOSED
                return None
            raise AssertionError(f"no answer scripted for {prompt!r}")
        answer = self.answers.pop(0)
        if isinstance(answer, int):
            raise Interrupted(answer)
        if answer is None and self.closed:
            self.gone = Gone.CLOSED
        return answer


class CountingSounds:
    """The session's sounds as the terminal bell plays them (a ring for each change, none for
    a breath), noting what was played and when it was silenced."""

    breath = False
    polled = False

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self.played: list[str] = []
        self.log: list[str] = []  # "hold", "silence", … in order
        self.prepared = False
        self.silenced = 0
        self.closed = False

    def prepare(self, timeline: Timeline) -> None:
        self.prepared = True

    def play(self, cue: Cue) -> bool:
        if cue.sound is not None:
            self.played.append(cue.sound)
            self.log.append(cue.sound)
        return not self.quiet and cue.sound is not None and not cue.is_breath

    def silence(self) -> None:
        self.silenced += 1
        self.log.append("silence")

    def notices(self) -> tuple[list[str], bool]:
        return [], False

    def close(self, *, let_finish: bool = False) -> None:
        self.closed = True


def plain_session(
    routine: Routine,
    journal: Path,
    clock: FakeClock,
    console: ScriptedConsole,
    *,
    sounds: CueSounds | None = None,
    breath_words: bool = False,
    mood_before: bool = False,
    closing: Callable[[SaveResult], list[str]] | None = None,
) -> PlainSession:
    return PlainSession(
        routine,
        journal=journal,
        console=console,
        sounds=sounds or CountingSounds(),
        breath_words=breath_words,
        ask_mood_before=mood_before,
        clock=clock,
        wall=None,
        now=clock.datetime,
        closing=closing,
    )


def record_events(session: Session, clock: FakeClock) -> list[tuple[float, Event]]:
    """Note every event the session reports, with the fake time it came at, whoever drives it."""
    noted: list[tuple[float, Event]] = []
    depth = [0]  # `end()` calls `update()`: only the outer call's events are the face's
    for name in ("start", "update", "next", "back", "end"):
        method = getattr(session, name)

        def noting(method=method, **options):  # type: ignore[no-untyped-def]
            depth[0] += 1
            try:
                events = method(**options)  # start(at=...)
            finally:
                depth[0] -= 1
            if depth[0] == 0:
                noted.extend((round(clock.now - 1000.0, 6), event) for event in events)
            return events

        setattr(session, name, noting)
    return noted
