"""The cue plan: which sound, which words and which plain line belong to which moment of a session.

Pure: no clock of its own, no sound, no terminal. Every face drives it the same way: after each
call into the `Session` that returns events (`start`, `update`, `next`, `back`, `end`), hand
those events and the session to `CuePlanner.after()` and act on the `Cue` values it returns::

    planner = CuePlanner(CueOptions(breath=settings.breath_sound))
    for cue in planner.after(session.update(), session):
        player.play(cue.sound)                    # a tone name, or None for silence
        speech.say(cue.words(read_cues=True))     # the words to speak, or None
        print(cue.line)                           # one plain line, written to be heard

What a face does with a cue is its own choice: the full screen plays `sound` and speaks
`words()`; a line-by-line runner prints `line` (and `reading`, the step's cue text) as well.

The plan follows the session, not a schedule: a pause holds every moment back (the session's
elapsed time stands still), `n` and `b` announce the segment they land on, `+` moves the "last
ten seconds" moment later (and says it again if it was already said), and when several changes
arrive at once (a stalled terminal, a quick run of `n`) only the latest is announced: cues replace
each other, they never pile up. `next_due_s()` says how long until the next moment inside the
segment, so a face can aim a timer at it instead of polling. `plan()` lists every cue of an
uninterrupted session with its time, for tests and previews.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from hipcli.literal import visible
from hipcli.practice.breath import BreathPhase
from hipcli.practice.session import (
    Event,
    SegmentStarted,
    Session,
    SessionFinished,
    SessionState,
)
from hipcli.practice.timeline import Segment, SegmentKind, Timeline

# Inside a hold: "half way" only in holds of at least this long (in a short hold it is noise, and
# it would crowd "last ten seconds"), and "last ten seconds" only where the hold is long enough
# for that to be news rather than an echo of its start.
HALFWAY_MIN_S = 40
LAST_TEN_S = 10
LAST_TEN_MIN_S = 30
# Float slack when comparing a moment with the session's elapsed time.
_EPSILON = 1e-6


class CueKind(StrEnum):
    """What a cue marks. The value is also the name of its sound (see `Cue.sound`)."""

    LEAD_IN = "lead-in"  # the session begins with its get-ready time
    HOLD = "hold"  # a hold begins
    SWITCH = "switch"  # change sides
    REST = "rest"  # a rest between steps begins
    HALFWAY = "halfway"  # a hold is half done
    LAST_TEN = "last-ten"  # ten seconds of the hold left
    COMPLETE = "complete"  # the routine ran to its end
    ENDED = "ended"  # the person ended the session early
    INHALE = "inhale"  # a paced breath: breathe in (a rising tone lasting the phase)
    BREATH_HOLD = "breath-hold"  # hold the breath in (silence)
    EXHALE = "exhale"  # breathe out (a falling tone lasting the phase)
    HOLD_EMPTY = "hold-empty"  # hold with the lungs empty (silence)


# The kinds that have a sound; the others are silent (words and lines only).
SOUNDED = frozenset(
    {
        CueKind.HOLD,
        CueKind.SWITCH,
        CueKind.REST,
        CueKind.HALFWAY,
        CueKind.LAST_TEN,
        CueKind.COMPLETE,
        CueKind.INHALE,
        CueKind.EXHALE,
    }
)
BREATH_KINDS = frozenset({CueKind.INHALE, CueKind.BREATH_HOLD, CueKind.EXHALE, CueKind.HOLD_EMPTY})
_BREATH_CUES = {
    BreathPhase.INHALE: (CueKind.INHALE, "In…"),
    BreathPhase.HOLD: (CueKind.BREATH_HOLD, "Hold…"),
    BreathPhase.EXHALE: (CueKind.EXHALE, "Out…"),
    BreathPhase.HOLD_AFTER: (CueKind.HOLD_EMPTY, "Hold…"),
}


@dataclass(frozen=True, slots=True)
class Cue:
    """One moment to mark: a sound, words to speak, a plain line.

    `line` is a sentence written to be read or heard ("Rest, 15 seconds. Next: Child's pose.").
    `speech` is the short announcement for the voice ("Rest"), or None when there is nothing to
    say. `reading` is the step's cue text where this is the moment to read it aloud (the lead-in,
    rest or, where there is none, the hold itself); empty otherwise. `duration_s` is how long a
    breath phase lasts (its tone lasts as long); 0 for other cues. All text is safe to print:
    control characters from routine files are shown as escapes.
    """

    kind: CueKind
    line: str
    speech: str | None = None
    reading: str = ""
    duration_s: float = 0.0

    @property
    def sound(self) -> str | None:
        """The name of the sound to play ("hold", "switch", … "inhale"), or None for silence."""
        return self.kind.value if self.kind in SOUNDED else None

    @property
    def is_breath(self) -> bool:
        """Whether this marks a phase of a paced breath (frequent; faces may leave them out)."""
        return self.kind in BREATH_KINDS

    def words(self, *, read_cues: bool = False) -> str | None:
        """What the voice says: the announcement, then the step's cue text if `read_cues`."""
        parts = [self.speech] if self.speech else []
        if read_cues and self.reading:
            parts.append(self.reading)
        return " ".join(parts) or None


@dataclass(frozen=True, slots=True)
class CueOptions:
    """Which of the optional moments to mark.

    `halfway` and `last_ten` mark those moments of a hold (holds of at least `HALFWAY_MIN_S`
    and `LAST_TEN_MIN_S`); `breath` marks every phase of a paced breath during holds.
    """

    halfway: bool = True
    last_ten: bool = True
    breath: bool = False


@dataclass(frozen=True, slots=True)
class PlannedCue:
    """A cue and when it comes, in seconds from the start of an uninterrupted session."""

    at_s: float
    cue: Cue


def say_duration(seconds: float) -> str:
    """A duration as it is said: "1 minute", "1 minute 30 seconds", "45 seconds", "1 hour"."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{count} {unit}{'' if count == 1 else 's'}"
        for count, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if count
    ]
    return " ".join(parts) or "0 seconds"


def hold_name(segment: Segment) -> str:
    """The pose and side as they are said: "Pigeon, upright, left side", "Child's pose"."""
    name = visible(" ".join(segment.step.name.split()))
    return f"{name}, {visible(segment.side)} side" if segment.side else name


def step_text(segment: Segment) -> str:
    """The step's cue text as one line, safe to print ("" when the step has none)."""
    return visible(" ".join(segment.step.cue.split()))


def segment_cue(timeline: Timeline, index: int, length_s: float | None = None) -> Cue:
    """The cue that marks the start of segment `index` (lasting `length_s`, default as planned)."""
    segment = timeline.segments[index]
    length = say_duration(segment.duration_s if length_s is None else length_s)
    upcoming = _next_hold(timeline, index)
    match segment.kind:
        case SegmentKind.LEAD_IN:
            target = hold_name(upcoming) if upcoming else visible(segment.step.name)
            return Cue(
                CueKind.LEAD_IN,
                f"Get ready: {target}, in {length}.",
                f"Get ready. {target}.",
                step_text(segment),
            )
        case SegmentKind.HOLD:
            name = hold_name(segment)
            return Cue(
                CueKind.HOLD,
                f"{name}. Hold {length}.",
                f"{name}, {length}.",
                step_text(segment) if _reads_at_hold(timeline, index) else "",
            )
        case SegmentKind.SWITCH:
            side = f"the {visible(segment.side)} side" if segment.side else "the other side"
            return Cue(CueKind.SWITCH, f"Switch to {side}, {length}.", "Switch sides.")
        case SegmentKind.REST:
            following = f" Next: {hold_name(upcoming)}." if upcoming else ""
            return Cue(CueKind.REST, f"Rest, {length}.{following}", "Rest.", step_text(segment))


def _next_hold(timeline: Timeline, index: int) -> Segment | None:
    return next((s for s in timeline.segments[index:] if s.kind is SegmentKind.HOLD), None)


def _reads_at_hold(timeline: Timeline, index: int) -> bool:
    """A step's cue is read at its first hold only when no lead-in or rest came just before.

    Lead-ins, rests and switches carry the index of the step they lead into, so a segment of the
    same step just before this hold is a reading window (or an earlier side, already read).
    """
    return (
        index == 0 or timeline.segments[index - 1].step_index != timeline.segments[index].step_index
    )


def end_cue(completed: bool, active_s: float) -> Cue:
    """The cue for the end of a session: complete (with a sound), or ended early (silent)."""
    if completed:
        return Cue(
            CueKind.COMPLETE, f"Session complete: {say_duration(active_s)}.", "Session complete."
        )
    return Cue(CueKind.ENDED, f"Session ended: {say_duration(active_s)} practised.")


class CuePlanner:
    """Turns a session's events and progress into cues; one planner per session.

    Call `after(events, session)` after every call into the session that can change it, with the
    events that call returned (an empty list from a quiet `update()` is fine: that is when the
    moments inside a hold are found).
    """

    def __init__(self, options: CueOptions | None = None) -> None:
        self.options = options or CueOptions()
        self._visit: int | None = None  # the segment the moments below belong to
        self._said: set[CueKind] = set()
        self._breath_key: tuple[int, BreathPhase] | None = None

    def after(self, events: Sequence[Event], session: Session) -> list[Cue]:
        """The cues due now, given the `events` the session just reported and where it is."""
        finished = next((e for e in reversed(events) if isinstance(e, SessionFinished)), None)
        if finished is not None:
            self._visit = None
            return [end_cue(finished.completed, session.active_s())]
        cues: list[Cue] = []
        started = next((e for e in reversed(events) if isinstance(e, SegmentStarted)), None)
        if started is not None:
            # Only the latest segment is announced; its moments already behind it stay unsaid.
            self._visit = started.index
            self._said = set()
            self._breath_key = None
            cues.append(segment_cue(session.timeline, started.index, session.segment_length_s))
            self._moments_due(session)
        elif self._visit != session.index or session.state is not SessionState.RUNNING:
            return []
        else:
            cues.extend(self._moments_due(session))
        if session.state is SessionState.RUNNING:
            cues.extend(self._breath_due(session))
        return cues

    def next_due_s(self, session: Session) -> float | None:
        """Seconds of practice until the next moment inside this segment, or None if none is left.

        The segment's own end is not included: `session.remaining_s()` says when that comes.
        """
        if session.state is not SessionState.RUNNING or self._visit != session.index:
            return None
        elapsed = session.elapsed_s()
        times = [at - elapsed for kind, at in self._moments(session) if kind not in self._said]
        if self.options.breath:
            cue = session.breath()
            if cue is not None:
                times.append(cue.remaining_s)
        upcoming = [max(0.0, t) for t in times if t > -_EPSILON]
        return min(upcoming) if upcoming else None

    # --- moments inside a hold --------------------------------------------------------------------

    def _moments(self, session: Session) -> list[tuple[CueKind, float]]:
        """(kind, elapsed seconds) of the optional moments of the current segment, in order."""
        if session.segment.kind is not SegmentKind.HOLD:
            return []
        length = session.segment_length_s
        moments = []
        if self.options.halfway and length >= HALFWAY_MIN_S:
            moments.append((CueKind.HALFWAY, length / 2))
        if self.options.last_ten and length >= LAST_TEN_MIN_S:
            moments.append((CueKind.LAST_TEN, length - LAST_TEN_S))
        return sorted(moments, key=lambda moment: moment[1])

    def _moments_due(self, session: Session) -> list[Cue]:
        elapsed = session.elapsed_s()
        due: list[tuple[CueKind, float]] = []
        for kind, at in self._moments(session):
            if at > elapsed + _EPSILON:
                # Time was added (`+`) after this moment was marked: it comes again, later.
                self._said.discard(kind)
            elif kind not in self._said:
                due.append((kind, at))
                self._said.add(kind)
        if not due:
            return []
        kind, _ = due[-1]  # several at once (a stall): only the latest is worth saying
        # Rounded up, as the countdown on screen is: 22.5 s left reads "23 seconds".
        remaining = say_duration(math.ceil(session.segment_length_s - elapsed - _EPSILON))
        if kind is CueKind.HALFWAY:
            return [Cue(kind, f"Half way: {remaining} left.", "Half way.")]
        return [Cue(kind, f"{LAST_TEN_S} seconds left.", "Last ten seconds.")]

    def _breath_due(self, session: Session) -> list[Cue]:
        if not self.options.breath:
            return []
        breath = session.breath()
        if breath is None:
            return []
        cycle = session.segment.breath.cycle_s
        key = (math.floor((session.elapsed_s() + _EPSILON) / cycle), breath.phase)
        if key == self._breath_key:
            return []
        self._breath_key = key
        kind, line = _BREATH_CUES[breath.phase]
        return [Cue(kind, line, duration_s=breath.length_s)]


def breath_tone_lengths(timeline: Timeline) -> set[float]:
    """The lengths of the inhale and exhale tones a session's paced holds can ask for."""
    return {
        length
        for segment in timeline.segments
        if segment.kind is SegmentKind.HOLD and segment.breath.paced
        for length in (segment.breath.inhale, segment.breath.exhale)
        if length > 0
    }


def plan(timeline: Timeline, options: CueOptions | None = None) -> list[PlannedCue]:
    """Every cue of `timeline` run from start to end without pauses or skips, with its time.

    The same planner the faces use, driven over a virtual clock: what this lists is what a
    session plays, not a second description of it.
    """
    now = [0.0]
    session = Session(timeline, clock=lambda: now[0], wall=None)
    planner = CuePlanner(options)
    planned = [PlannedCue(0.0, cue) for cue in planner.after(session.start(), session)]
    while session.state is SessionState.RUNNING:
        step = session.remaining_s()
        due = planner.next_due_s(session)
        if due is not None:
            step = min(step, due)
        now[0] += max(step, _EPSILON)
        planned.extend(PlannedCue(now[0], cue) for cue in planner.after(session.update(), session))
    return planned
