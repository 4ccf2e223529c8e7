"""The plain session's pure parts: lines written to be heard, keys, and the check-in's answers.

`hipcli start --plain` runs a session as lines that only grow downwards, for screen readers,
braille displays, `TERM=dumb` and scripts. Everything here is pure: no clock of its own, no
terminal, no sound. `PlainRunner` walks the engine's `Session` with the cue plan's `CuePlanner`
(the same two the full screen uses, so there is one timer and one wording of each moment) and
turns the clock's progress and each key into `Said` values: a line to print, and the cue whose
sound and words go with it. The face that owns the terminal (`hipcli.commands.plain`) prints
the lines, plays the cues, and asks `wait_s()` how long it may wait for a key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from hipcli.literal import one_line, visible
from hipcli.practice.cues import Cue, CueKind, CuePlanner, say_duration, step_text
from hipcli.practice.session import (
    Event,
    Session,
    SessionState,
    SleepDetected,
    StopNoticed,
)
from hipcli.practice.timeline import SegmentKind


class Action(StrEnum):
    """What a key asks of a session."""

    PAUSE = "pause"
    NEXT = "next"
    BACK = "back"
    EXTEND = "extend"
    CUE = "cue"
    END = "end"
    HELP = "help"


# The session's keys, as in the full screen (DESIGN.md); capitals too, for a Caps Lock left on.
KEYS: Mapping[str, Action] = {
    " ": Action.PAUSE,
    "n": Action.NEXT,
    "N": Action.NEXT,
    "b": Action.BACK,
    "B": Action.BACK,
    "+": Action.EXTEND,
    "=": Action.EXTEND,
    "c": Action.CUE,
    "C": Action.CUE,
    "q": Action.END,
    "Q": Action.END,
    "?": Action.HELP,
}
ESCAPE = "\x1b"
YES = frozenset({"y", "Y"})
NO = frozenset({"n", "N", "q", "Q", ESCAPE, "\r", "\n"})

HELP_LINE = (
    "Keys: space pauses or carries on, n next, b back, plus adds 15 seconds, c says the cue "
    "again, q ends, question mark lists these keys."
)
PAUSED = "Paused. Press space to carry on."
ASK_END = "End now? y/n"
ASK_END_AGAIN = "Press y to end now, or n to carry on."
ENDING = "Ending now."
STILL_PAUSED = "Still paused. Press space to carry on."
OTHER_KEY = "Press question mark for the keys."
PASTED = "Pasted text does nothing during the session. Press question mark for the keys."
SLEPT = (
    "Your computer seemed to sleep, or its clock jumped, so the session paused where it was. "
    "Press space when you are ready to carry on."
)
STOPPED = "hipcli was stopped, so the session paused where it was. Press space to carry on."
STOPPED_NO_KEYS = "hipcli was stopped for a while. The session carries on from where it was."
# A calm reading pace (150 words a minute; screen readers are often set faster): breath words
# wait this long for a hold's first lines to be heard.
READING_WORDS_PER_S = 2.5
SLEPT_NO_KEYS = (
    "Your computer seemed to sleep, or its clock jumped. The session carries on from where it was."
)


# What one read from the keyboard brings is a key or two; this many characters or more at once
# is a paste (without bracketed paste a terminal sends pasted text as if typed), not keys.
PASTE_MIN = 4
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|O.?|.)?", re.DOTALL)


def keys_in(text: str) -> list[str]:
    """The keys in what one read from the keyboard brought, in order: each escape sequence
    (an arrow, a function key) whole, each other character alone, and a paste as one piece."""
    if len(_ESCAPE_SEQUENCE.sub("", text)) >= PASTE_MIN:
        return [text]
    keys: list[str] = []
    position = 0
    while position < len(text):
        match = _ESCAPE_SEQUENCE.match(text, position)
        end = match.end() if match else position + 1
        keys.append(text[position:end])
        position = end
    return keys


@dataclass(frozen=True, slots=True)
class Said:
    """One thing the plain session says: a `line` to print, and the `cue` (sound and words) that
    goes with it. A breath phase without `--breath-words` has a cue but no line."""

    line: str | None
    cue: Cue | None = None


def opening_line(session: Session, *, keys: bool) -> str:
    """The first line: the routine, its steps and length, and how to hear the keys."""
    routine = session.timeline.routine
    steps = len(routine.steps)
    about = (
        f"{visible(routine.title)}: {steps} step{'' if steps == 1 else 's'}, "
        f"{say_duration(session.timeline.total_s)}."
    )
    if keys:
        return f"{about} Press question mark for the keys."
    return f"{about} No keyboard here, so the session runs on its own."


def left_line(session: Session) -> str:
    """ "45 seconds left." for the current segment, rounded up as a countdown is."""
    return f"{say_duration(math.ceil(session.remaining_s() - 1e-9))} left"


class PlainRunner:
    """A session run as plain lines: the engine and the cue plan, driven by a clock and keys.

    Call `start()` once, then `tick()` whenever the clock may have moved (at the latest after
    `wait_s()` seconds) and `press(key)` for each key. Each returns what to say, in order.
    `keys=False` is a session without a keyboard: nothing waits for a key that cannot come.
    """

    def __init__(
        self,
        session: Session,
        planner: CuePlanner,
        *,
        breath_words: bool = False,
        keys: bool = True,
    ) -> None:
        self.session = session
        self.planner = planner
        self.breath_words = breath_words
        self.keys = keys
        self.asking_end = False
        self._paused_to_ask = False
        self._last_line: str | None = None
        self._reading = (-1, 0.0)  # (segment, seconds its first lines take to read aloud)

    @property
    def finished(self) -> bool:
        """Whether the session has ended (completed or early)."""
        return self.session.state is SessionState.FINISHED

    def start(self) -> list[Said]:
        """Start the session: the opening line, then the first segment's."""
        said = [Said(opening_line(self.session, keys=self.keys))]
        return self._said(said + self._after(self.session.start()))

    def tick(self) -> list[Said]:
        """Bring the session up to the clock: the moments that came since the last call."""
        return self._said(self._after(self.session.update()))

    def wait_s(self) -> float | None:
        """Seconds until something is due (a segment's end, a moment in it); None when the
        session waits only for a key (paused, or asking whether to end)."""
        if self.session.state is not SessionState.RUNNING:
            return None
        remaining = self.session.remaining_s()
        due = self.planner.next_due_s(self.session)
        return remaining if due is None else min(remaining, due)

    def press(self, key: str) -> list[Said]:
        """What one key does, confirmed in one line (then any moment it brought on)."""
        if self.finished:
            return []
        if len(key) > 1 and not key.startswith(ESCAPE):
            return self._said([Said(PASTED)], once=True)
        if self.asking_end:
            return self._said(self._answer_end(key))
        action = KEYS.get(key)
        if action is None:
            # Escape sequences (arrows, function keys) and stray keys: a hint, never repeated.
            return self._said([Said(OTHER_KEY)], once=True)
        return self._said(self._act(action))

    def pause(self) -> list[Said]:
        """Pause a running session (the terminal is being suspended, say): the line to say."""
        if self.session.state is not SessionState.RUNNING:
            return []
        self.session.pause()
        return self._said([Said(PAUSED)])

    def end_now(self) -> list[Said]:
        """End early without asking (Ctrl+C): what was practised is kept."""
        if self.finished:
            return []
        self.asking_end = False
        return self._said([Said(ENDING), *self._after(self.session.end())])

    # --- the keys ---------------------------------------------------------------------------------

    def _act(self, action: Action) -> list[Said]:
        session = self.session
        paused = session.state is SessionState.PAUSED
        match action:
            case Action.PAUSE:
                session.toggle_pause()
                if session.state is SessionState.PAUSED:
                    return [Said(PAUSED)]
                return [Said(f"Carrying on: {left_line(session)}."), *self._after([])]
            case Action.NEXT:
                line = "Skipping ahead" + (", still paused." if paused else ".")
                return [Said(line), *self._after(session.next())]
            case Action.BACK:
                index = session.index
                events = session.back()
                line = "Starting this part again" if session.index == index else "Going back"
                return [Said(line + (", still paused." if paused else ".")), *self._after(events)]
            case Action.EXTEND:
                session.extend()
                line = f"15 seconds added: {left_line(session)}."
                return [Said(line), *self._after([])]
            case Action.CUE:
                segment = session.segment
                text = step_text(segment)
                name = " ".join(segment.step.name.split())
                return [Said(text or f"{visible(name)} has no cue.")]
            case Action.END:
                self.asking_end = True
                self._paused_to_ask = session.state is SessionState.RUNNING
                if self._paused_to_ask:
                    session.pause()
                return [Said(ASK_END)]
            case Action.HELP:
                return [Said(HELP_LINE)]

    def _answer_end(self, key: str) -> list[Said]:
        if key in YES:
            return self.end_now()
        if key not in NO:
            return [Said(ASK_END_AGAIN)]
        self.asking_end = False
        if not self._paused_to_ask:
            return [Said(STILL_PAUSED)]
        self.session.resume()
        return [Said(f"Carrying on: {left_line(self.session)}."), *self._after([])]

    # --- from events to lines ---------------------------------------------------------------------

    def _after(self, events: list[Event]) -> list[Said]:
        said: list[Said] = []
        stopped = any(isinstance(event, StopNoticed) for event in events)
        if stopped or any(isinstance(event, SleepDetected) for event in events):
            if self.keys:
                said.append(Said(STOPPED if stopped else SLEPT))
            else:
                # Nobody can press space: carry on where the session stopped.
                self.session.resume()
                said.append(Said(STOPPED_NO_KEYS if stopped else SLEPT_NO_KEYS))
        for cue in self.planner.after(events, self.session):
            said.extend(self._cue(cue))
        return said

    def _cue(self, cue: Cue) -> list[Said]:
        if cue.is_breath:
            return [Said(cue.line if self._breath_heard() else None, cue)]
        said = [Said(cue.line, cue)]
        if cue.kind is CueKind.HOLD and not self._after_switch():
            text = step_text(self.session.segment)
            if text:
                said.append(Said(text))
        if cue.kind is CueKind.HOLD:
            words = sum(len((item.line or "").split()) for item in said)
            self._reading = (self.session.index, words / READING_WORDS_PER_S)
        return said

    def _breath_heard(self) -> bool:
        """Whether a breath word is worth a line now: asked for, and not while the hold's own
        lines are still being read aloud (a screen reader queues what it reads, and "In…" heard
        twenty seconds late paces the breath wrong)."""
        if not self.breath_words:
            return False
        index, reading_s = self._reading
        return index != self.session.index or self.session.elapsed_s() + 1e-6 >= reading_s

    def _after_switch(self) -> bool:
        # The other side of a step: its cue was said a moment ago, and read aloud it can take
        # half a minute of the hold; `c` says it again for whoever wants it.
        index = self.session.index
        return index > 0 and self.session.timeline.segments[index - 1].kind is SegmentKind.SWITCH

    def _said(self, said: list[Said], *, once: bool = False) -> list[Said]:
        if once and said and said[0].line == self._last_line:
            return []
        for item in said:
            if item.line is not None:
                self._last_line = item.line
        return said


# --- the check-in's answers -----------------------------------------------------------------------

MOOD_PROMPT = "How do you feel now? 1 very low … 5 very good (Enter to skip):"
MOOD_BEFORE_PROMPT = (
    "Before you begin, how do you feel right now? 1 very low … 5 very good (Enter to skip):"
)
TAGS_PROMPT = "Tags (comma-separated, Enter to skip):"
NOTES_PROMPT = "Notes (end with an empty line, or Ctrl+D):"
# A mood asked this many times without an answer it can use is left out (a script feeding
# something else must not loop forever).
MOOD_TRIES = 3
_MOOD_DIGIT = re.compile(r"[1-5]\.?")


@dataclass(frozen=True, slots=True)
class MoodAnswer:
    """A typed mood: `mood` (None when skipped), or a `problem` to say before asking again."""

    mood: int | None = None
    problem: str = ""


def read_mood(text: str, words: Mapping[int, str]) -> MoodAnswer:
    """A mood from a typed line: 1 to 5, or its word ("good"); empty skips; anything else is
    a calm problem that shows what was typed literally."""
    typed = " ".join(text.split())
    if not typed:
        return MoodAnswer()
    if _MOOD_DIGIT.fullmatch(typed):
        return MoodAnswer(int(typed[0]))
    by_word = {word.casefold(): mood for mood, word in words.items()}
    if typed.casefold() in by_word:
        return MoodAnswer(by_word[typed.casefold()])
    shown = one_line(typed, 40)
    return MoodAnswer(
        problem=f'"{shown}" is not one of the moods. '
        "Type a number from 1 to 5, or press Enter to skip."
    )


def answer_text(line: str) -> str:
    """A typed or pasted line as it is kept: a trailing carriage return dropped, control
    characters (an escape sequence in a paste) as visible text, so what is seen is what is saved."""
    return visible(line.removesuffix("\r"), keep_newlines=True)
