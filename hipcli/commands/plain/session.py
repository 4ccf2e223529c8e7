"""A whole plain session: the optional question before, practice as lines, the check-in as
plain prompts, and the one journal record.

`PlainSession` joins the pure `PlainRunner` (engine and cue plan) to a `Console` (the terminal,
or a test's stand-in) and to the session's sounds, and keeps the record with `SessionKeeper`.
The loop never counts ticks: it waits for a key at most until the engine's next deadline or the
cue plan's next moment, so a session ends on its planned time however rarely it wakes.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from hipcli.commands.plain.keeper import SessionKeeper
from hipcli.commands.plain.terminal import Gone, Interrupted, Key, Signal
from hipcli.journal.checkin import SaveResult, describe_save, home_relative, parse_tags
from hipcli.journal.record import MOOD_WORDS
from hipcli.practice.cues import Cue, CueOptions, CuePlanner, breath_tone_lengths
from hipcli.practice.plain import (
    MOOD_BEFORE_PROMPT,
    MOOD_PROMPT,
    MOOD_TRIES,
    NOTES_PROMPT,
    TAGS_PROMPT,
    PlainRunner,
    Said,
    answer_text,
    read_mood,
)
from hipcli.practice.session import Clock, Session, SessionState
from hipcli.practice.timeline import Timeline, build_timeline
from hipcli.routine.model import Routine
from hipcli.sound import CuePlayer

# How long the end's chime and words may go on playing after the session has nothing to ask.
FINISH_GRACE_S = 3.0
# How often the loop looks at the sound player's notices (a player that failed) at the latest.
NOTICE_EVERY_S = 1.0

NO_ANSWERS = {
    Gone.CLOSED: "Standard input is closed, so the check-in is skipped. The session is recorded.",
    Gone.QUIET: "No answer came for a minute, so the check-in is skipped. The session is recorded.",
}
REST_QUIET = "No more came for a minute, so the rest of the check-in is skipped."
SKIP_REST = "Skipping the rest of the check-in. What you typed is kept."
MOOD_LEFT_OUT = "Leaving the mood out."


class Console(Protocol):
    """Where a plain session reads keys and answers and writes its lines."""

    keys: bool  # whether keys act at once (a keyboard in cbreak mode)
    gone: Gone | None  # why no more answers can come, if they cannot

    def say(self, line: str) -> None: ...
    def ring(self) -> None: ...
    def wait(self, timeout: float | None) -> list[Key | Signal]: ...
    def ask(self, prompt: str | None) -> str | None: ...
    def suspend(self) -> None: ...


class CueSounds(Protocol):
    """The session's sounds and voice, as the plain session uses them."""

    breath: bool  # whether breath phases have a sound (then the cue plan marks them)
    polled: bool  # whether `notices()` can have something to say

    def play(self, cue: Cue) -> bool:
        """Start the cue's sound and words; True when the terminal bell should ring."""
        ...

    def prepare(self, timeline: Timeline) -> None: ...
    def silence(self) -> None: ...
    def notices(self) -> tuple[list[str], bool]: ...
    def close(self, *, let_finish: bool = False) -> None: ...


class PlayerSounds:
    """The session's `CuePlayer` (tones, the bell, the voice; see `hipcli.sound`), played the
    way the full screen plays it: the same sound and words for each cue."""

    polled = True

    def __init__(self, player: CuePlayer) -> None:
        self.player = player
        self.breath = player.setup.breath

    def prepare(self, timeline: Timeline) -> None:
        """Make the session's sound files ahead, so each plays the moment it is due."""
        self.player.prepare(breath_tone_lengths(timeline))

    def play(self, cue: Cue) -> bool:
        words = None if cue.is_breath else cue.words(read_cues=self.player.setup.read_cues)
        return self.player.play(cue.sound, words, cue.duration_s)

    def silence(self) -> None:
        self.player.silence()

    def notices(self) -> tuple[list[str], bool]:
        return self.player.check()

    def close(self, *, let_finish: bool = False) -> None:
        """End every sound and voice; with `let_finish`, the last ones (the end's chime and
        words) may first play to their end, for a moment."""
        channels = self.player.channels
        deadline = time.monotonic() + FINISH_GRACE_S
        if let_finish:
            channels.wait_idle(FINISH_GRACE_S)  # the last sounds asked for have started
        while let_finish and time.monotonic() < deadline:
            if not any(channels.playing(channel) for channel in ("sound", "voice")):
                break
            time.sleep(0.05)
        self.player.close()


def local_now() -> datetime:
    """The current time, timezone-aware in the local zone."""
    return datetime.now().astimezone()


class _Stop(Exception):
    """SIGTERM or SIGHUP: record the session and leave."""


class PlainSession:
    """One routine practised as plain lines and recorded in the journal."""

    def __init__(
        self,
        routine: Routine,
        *,
        journal: Path,
        console: Console,
        sounds: CueSounds,
        breath_words: bool = False,
        ask_mood_before: bool = False,
        clock: Clock = time.monotonic,
        wall: Clock | None = time.time,
        now: Callable[[], datetime] = local_now,
        closing: Callable[[SaveResult], list[str]] | None = None,
    ) -> None:
        self.console = console
        self.closing = closing  # lines to say after the saved line (one worth noticing, say)
        self.sounds = sounds
        self.ask_mood_before = ask_mood_before
        self.session = Session(build_timeline(routine), clock=clock, wall=wall)
        planner = CuePlanner(CueOptions(breath=breath_words or sounds.breath))
        self.runner = PlainRunner(
            self.session, planner, breath_words=breath_words, keys=console.keys
        )
        self.keeper = SessionKeeper(routine, self.session, journal, now=now)
        self._answered = False  # whether any question got an answer (even an empty one)
        self._sounding = False  # whether sounds may be playing (the session was running)

    def run(self) -> SaveResult | None:
        """Run the session to its end and record it; the result, or None if it never started.

        However it ends (the check-in answered or skipped, Ctrl+C, SIGTERM, SIGHUP, even an
        error), the session is recorded once, with every answer given so far.
        """
        finished = False
        try:
            mood_before = self._mood_before()
            self.keeper.begin(mood_before)
            self._practise()
            self._check_in()
            finished = True
        except (_Stop, _NotStarted):
            pass
        finally:
            self.sounds.close(let_finish=finished)
            result = self.keeper.save()
        if result is not None:
            self.console.say(saved_line(result))
            for line in self.closing(result) if self.closing else []:
                self.console.say(line)
        return result

    # --- before and during practice ---------------------------------------------------------------

    def _mood_before(self) -> int | None:
        if not self.ask_mood_before:
            return None
        try:
            return self._ask_mood(MOOD_BEFORE_PROMPT)
        except Interrupted:
            raise _NotStarted from None

    def _practise(self) -> None:
        self.sounds.prepare(self.session.timeline)
        self._emit(self.runner.start())
        while not self.runner.finished:
            self.keeper.moment()  # into the draft, at a boundary and now and then (a thread writes)
            for item in self.console.wait(self._timeout()):
                if isinstance(item, Key):
                    self._emit(self.runner.press(item.text))
                else:
                    self._signal(item.number)
            self._emit(self.runner.tick())
            self._notices()

    def _timeout(self) -> float | None:
        wait = self.runner.wait_s()
        if self.sounds.polled:
            wait = NOTICE_EVERY_S if wait is None else min(wait, NOTICE_EVERY_S)
        draft = self.keeper.next_moment_s()
        if draft is not None:
            wait = draft if wait is None else min(wait, draft)
        return wait

    def _signal(self, number: int) -> None:
        if number == signal.SIGINT:
            self._emit(self.runner.end_now())
        elif number == signal.SIGCONT:
            # Continued: after a stop that was not ours (kill -STOP), the time stopped is not
            # practice; the session pauses where it stopped and says so (see PlainRunner).
            self.session.note_continue()
        elif number == signal.SIGTSTP:
            paused = self.runner.pause()
            self.sounds.silence()  # before the stop: a stopped session makes no sound
            self._sounding = False
            self.console.suspend()
            self._emit(paused)  # said when the session is back on screen
        else:  # SIGTERM, SIGHUP: the session ends here, and is recorded
            self._emit(self.runner.end_now())
            raise _Stop

    def _emit(self, said: list[Said]) -> None:
        if self.session.state is not SessionState.RUNNING and self._sounding:
            self.sounds.silence()  # paused (a key, a sleep) or over: quiet at once
        self._sounding = self.session.state is SessionState.RUNNING
        for item in said:
            if item.line is not None:
                self.console.say(item.line)
            if item.cue is not None and self.sounds.play(item.cue):
                self.console.ring()

    def _notices(self) -> None:
        if not self.sounds.polled:
            return
        notices, ring = self.sounds.notices()
        for notice in notices:
            self.console.say(notice)
        if ring:
            self.console.ring()

    # --- the check-in -----------------------------------------------------------------------------

    def _check_in(self) -> None:
        self.keeper.ended()
        mood: int | None = None
        tags: tuple[str, ...] = ()
        notes: list[str] = []
        try:
            mood = self._ask_mood(MOOD_PROMPT)
            self.keeper.answer(mood, tags, "")
            typed = self._ask(TAGS_PROMPT)
            tags = parse_tags(answer_text(typed or ""))
            if tags:
                self.console.say(f"Tags: {', '.join(tags)}.")
            self.keeper.answer(mood, tags, "")
            prompt: str | None = NOTES_PROMPT
            while line := self._ask(prompt):
                prompt = None
                notes.append(answer_text(line))
                self.keeper.answer(mood, tags, _notes(notes))
        except Interrupted as interrupted:
            if interrupted.number != signal.SIGINT:
                raise _Stop from None
            self.console.say(SKIP_REST)
            return
        gone = self.console.gone
        if gone is not None and (not self._answered or gone is Gone.QUIET):
            # (input that ends after some answers ends the notes, as Ctrl+D does)
            self.console.say(NO_ANSWERS[gone] if not self._answered else REST_QUIET)
        if _notes(notes):
            count = len(_notes(notes).splitlines())
            self.console.say(f"Notes kept, {count} line{'' if count == 1 else 's'}.")

    def _ask(self, prompt: str | None) -> str | None:
        typed = self.console.ask(prompt)
        self._answered = self._answered or typed is not None
        return typed

    def _ask_mood(self, prompt: str) -> int | None:
        for _ in range(MOOD_TRIES):
            typed = self._ask(prompt)
            if typed is None:
                return None
            answer = read_mood(typed, MOOD_WORDS)
            if not answer.problem:
                if answer.mood is not None:
                    self.console.say(f"Mood: {MOOD_WORDS[answer.mood]}, {answer.mood}.")
                return answer.mood
            self.console.say(answer.problem)
        self.console.say(MOOD_LEFT_OUT)
        return None


class _NotStarted(Exception):
    """Ctrl+C (or a signal) at the question before practice: nothing to record."""


def _notes(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def saved_line(result: SaveResult) -> str:
    """The last line: where the session was saved (or, calmly, where it is kept instead)."""
    if result.in_journal:
        return f"Saved to {home_relative(result.journal)}."
    return describe_save(result) + "."
