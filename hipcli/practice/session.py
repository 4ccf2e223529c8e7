"""The session: a timeline walked against an injected clock.

No Textual here. The session never counts ticks: each segment's end is a deadline computed from
when it started, its planned length, any extension and the time spent paused, and a segment that
ends on time hands its deadline to the next one as that one's start. However often (or rarely)
the UI calls `update()`, a 30-minute routine ends on its planned deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from hipcli.practice.breath import BreathCue, breath_cue

# what a session did, segment by segment; importable from here as well
from hipcli.practice.runs import HoldRun as HoldRun
from hipcli.practice.runs import LeftBy as LeftBy
from hipcli.practice.runs import SegmentRun as SegmentRun
from hipcli.practice.runs import holds_of
from hipcli.practice.timeline import Segment, Timeline

Clock = Callable[[], float]

EXTEND_S = 15
# `b` restarts the current segment after this long in it, and goes to the previous one before.
BACK_RESTARTS_AFTER_S = 3.0
# A larger gap than this between the monotonic and the wall clock means the machine slept.
SLEEP_TOLERANCE_S = 3.0


class SessionState(StrEnum):
    """Where a session is in its life."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class PauseReason(StrEnum):
    """Why a session is paused."""

    USER = "user"
    SLEEP = "sleep"
    STOPPED = "stopped"  # the process was stopped (Ctrl+Z, SIGTSTP) and continued


@dataclass(frozen=True, slots=True)
class SegmentStarted:
    """The session moved to a new segment."""

    index: int
    segment: Segment


@dataclass(frozen=True, slots=True)
class SessionFinished:
    """The session ended: by reaching the end (`completed`) or early."""

    completed: bool


@dataclass(frozen=True, slots=True)
class SleepDetected:
    """The clocks disagreed (the machine slept); the session paused itself."""

    gap_s: float


@dataclass(frozen=True, slots=True)
class StopNoticed:
    """The process was stopped (Ctrl+Z) and has continued; the session paused where it stopped."""

    stopped_s: float


Event = SegmentStarted | SessionFinished | SleepDetected | StopNoticed
STOP_TOLERANCE_S = 1.0  # a SIGCONT this long after the last update: stopped by a silent SIGSTOP


class SessionSummary(NamedTuple):
    """The record of what was done, ready to become a journal entry."""

    planned_s: int
    active_s: float
    completed: bool
    steps_done: int
    steps_total: int
    runs: tuple[SegmentRun, ...] = ()
    holds: tuple[HoldRun, ...] = ()


class Session:
    """A routine being practised: its timeline walked against a monotonic clock.

    The UI calls `update()` as often as it likes and shows the state; key presses become
    `toggle_pause()`, `next()`, `back()`, `extend()` and `end()`. Pass a fake `clock` (and `wall`)
    in tests; `wall=None` turns sleep detection off.
    """

    def __init__(
        self,
        timeline: Timeline,
        clock: Clock = time.monotonic,
        wall: Clock | None = time.time,
        sleep_tolerance_s: float = SLEEP_TOLERANCE_S,
    ) -> None:
        if not timeline.segments:
            raise ValueError("a session needs at least one segment")
        self.timeline = timeline
        self.clock = clock
        self._wall = wall
        self._sleep_tolerance_s = sleep_tolerance_s
        self.state = SessionState.READY
        self.pause_reason: PauseReason | None = None
        self.completed = False
        self.index = 0
        self._segment_start = 0.0
        self._segment_paused = 0.0
        self._segment_extra = 0
        self._paused_at: float | None = None
        self._ended_at: float | None = None
        self._active_before = 0.0  # active seconds in segments already left
        self._runs: list[SegmentRun] = []
        self._steps_done: set[int] = set()
        self._last_seen: tuple[float, float] | None = None
        self._last_update = 0.0
        self._stopped_at: float | None = None  # set from a signal handler, applied by the next call
        self.on_segment: Callable[[], object] | None = None  # told as each segment begins

    # --- reading the state ------------------------------------------------------------------------

    @property
    def segment(self) -> Segment:
        """The current segment."""
        return self.timeline.segments[self.index]

    @property
    def next_segment(self) -> Segment | None:
        """The segment after this one, or None on the last."""
        segments = self.timeline.segments
        return segments[self.index + 1] if self.index + 1 < len(segments) else None

    @property
    def segment_length_s(self) -> float:
        """The current segment's length, extensions included."""
        return self.segment.duration_s + self._segment_extra

    def _now(self) -> float:
        if self.state is SessionState.PAUSED and self._paused_at is not None:
            return self._paused_at
        if self.state is SessionState.FINISHED and self._ended_at is not None:
            return self._ended_at
        return self.clock()

    def elapsed_s(self) -> float:
        """Active seconds spent in the current segment (pauses excluded)."""
        if self.state is SessionState.READY:
            return 0.0
        return max(0.0, self._now() - self._segment_start - self._segment_paused)

    def remaining_s(self) -> float:
        """Seconds left in the current segment."""
        if self.state is SessionState.FINISHED and self.completed:
            return 0.0  # exactly: a countdown rounds up, and 1e-12 left would show as 0:01
        return max(0.0, self.segment_length_s - self.elapsed_s())

    def remaining_total_s(self) -> float:
        """Seconds left in the whole routine from here, as planned."""
        later = sum(s.duration_s for s in self.timeline.segments[self.index + 1 :])
        return self.remaining_s() + later

    def planned_total_s(self) -> int:
        """The routine's planned length, with the extensions of each segment's latest visit."""
        latest = {run.index: run.extended_s for run in self._runs}
        latest[self.index] = self._segment_extra  # revisiting a segment starts it unextended
        return self.timeline.total_s + sum(latest.values())

    def progress(self) -> float:
        """Fraction of the routine behind us, 0..1."""
        total = self.planned_total_s()
        if self.state is SessionState.FINISHED and self.completed:
            return 1.0
        return min(1.0, max(0.0, 1.0 - self.remaining_total_s() / total)) if total else 1.0

    def active_s(self) -> float:
        """Seconds practised so far, pauses excluded."""
        if self.state is SessionState.FINISHED:
            return self._active_before  # the last segment's time was recorded when it was left
        return self._active_before + self.elapsed_s()

    def breath(self) -> BreathCue | None:
        """The breath cue now, or None when this segment is not paced."""
        return breath_cue(self.segment.breath, self.elapsed_s())

    def summary(self) -> SessionSummary:
        """What was done so far (complete once the session has finished)."""
        return SessionSummary(
            planned_s=self.timeline.total_s,
            active_s=round(self.active_s(), 1),
            completed=self.completed,
            steps_done=len(self._steps_done),
            steps_total=len(self.timeline.routine.steps),
            runs=tuple(self._runs),
            holds=self.holds(),
        )

    def holds(self) -> tuple[HoldRun, ...]:
        """Every hold reached so far, in the order of the routine (see `HoldRun`)."""
        runs = self._runs
        if self.state in (SessionState.RUNNING, SessionState.PAUSED):
            # the visit under way counts as far as it got, for a summary taken mid-session
            elapsed = min(self.elapsed_s(), self.segment_length_s)
            visit = SegmentRun(
                self.index, self.segment.duration_s, self._segment_extra, elapsed, LeftBy.END
            )
            runs = [*runs, visit]
        return holds_of(self.timeline, runs)

    # --- driving it -------------------------------------------------------------------------------

    def start(self, at: float | None = None) -> list[Event]:
        """Start the clock on the first segment: now, or from `at` (read earlier from `clock`)."""
        if self.state is not SessionState.READY:
            return []
        now = self.clock()
        self.state, self._last_update = SessionState.RUNNING, now
        self._remember_clocks(now)
        return self._enter(0, at=now if at is None else min(at, now))

    def note_stop(self) -> None:
        """The process is about to be stopped (SIGTSTP, Ctrl+Z); the time stopped is not practice.
        Only noted (signal handlers call it): the next call that drives the session pauses it."""
        if self._stopped_at is None:
            self._stopped_at = self.clock()

    def note_continue(self) -> None:
        """The process continued (SIGCONT); after a silent SIGSTOP, pause at the last update."""
        if self._stopped_at is None and self.clock() - self._last_update > STOP_TOLERANCE_S:
            self._stopped_at = self._last_update

    def _apply_stop(self, now: float) -> list[Event]:
        at, self._stopped_at = self._stopped_at, None
        if at is None or self.state is not SessionState.RUNNING:
            return []
        events = self._catch_up(at)  # segments that ran out before the stop were practised
        if self.state is SessionState.RUNNING:
            self.pause(PauseReason.STOPPED, at=at)
            events.append(StopNoticed(max(0.0, now - at)))
        return events

    def update(self) -> list[Event]:
        """Bring the session up to the clock's time; return what happened since the last call."""
        if self.state in (SessionState.READY, SessionState.FINISHED):
            return []
        now = self.clock()
        events = self._apply_stop(now)
        slept = self._check_sleep(now)
        if slept is not None:
            events.append(slept)
        self._last_update = now
        return events + self._catch_up(now)

    def _catch_up(self, now: float) -> list[Event]:
        events: list[Event] = []
        while self.state is SessionState.RUNNING:
            deadline = self._segment_start + self._segment_paused + self.segment_length_s
            if now < deadline:
                break
            events.extend(self._leave(LeftBy.TIME, at=deadline, actual=self.segment_length_s))
        return events

    def toggle_pause(self) -> list[Event]:
        """Pause a running session, or resume a paused one."""
        if events := self._apply_stop(self.clock()):
            return events  # the key after a Ctrl+Z finds the session already paused
        if self.state is SessionState.RUNNING:
            self.pause()
        elif self.state is SessionState.PAUSED:
            self.resume()
        return []

    def pause(self, reason: PauseReason = PauseReason.USER, at: float | None = None) -> None:
        """Stop the clock for this session (at `at`, default now)."""
        if self._stopped_at is not None:
            self._apply_stop(self.clock())  # stopped by Ctrl+Z before: pause from then
        if self.state is not SessionState.RUNNING:
            return
        self._paused_at = self.clock() if at is None else at
        self.state = SessionState.PAUSED
        self.pause_reason = reason

    def resume(self) -> None:
        """Start the clock again where it stopped."""
        self._stopped_at = None  # a stop while paused changes nothing
        if self.state is not SessionState.PAUSED or self._paused_at is None:
            return
        now = self.clock()
        self._segment_paused += max(0.0, now - self._paused_at)
        self._paused_at = None
        self.state = SessionState.RUNNING
        self.pause_reason = None
        self._remember_clocks(now)

    def next(self) -> list[Event]:
        """Skip to the next segment (on the last one, finish the routine)."""
        if self.state not in (SessionState.RUNNING, SessionState.PAUSED):
            return []
        events = self._apply_stop(self.clock())
        return events + self._leave(LeftBy.NEXT, at=self._now(), actual=self.elapsed_s())

    def back(self) -> list[Event]:
        """Restart this segment, or go to the previous one when this one has only just begun."""
        if self.state not in (SessionState.RUNNING, SessionState.PAUSED):
            return []
        events = self._apply_stop(self.clock())
        elapsed = self.elapsed_s()
        target = (
            self.index if elapsed > BACK_RESTARTS_AFTER_S or self.index == 0 else self.index - 1
        )
        self._record_run(LeftBy.BACK, elapsed)
        return events + self._enter(target, at=self._now())

    def extend(self, seconds: int = EXTEND_S) -> None:
        """Give the current segment more time."""
        if self.state in (SessionState.RUNNING, SessionState.PAUSED):
            self._segment_extra += seconds

    def end(self) -> list[Event]:
        """End the session early; what was practised so far is kept."""
        if self.state not in (SessionState.RUNNING, SessionState.PAUSED):
            return []
        # Catch up first: segments whose deadlines passed since the last update() were practised
        # in full, and must not be cut short to the current segment's length.
        events = self.update()
        if any(isinstance(event, SessionFinished) for event in events):
            return events  # the routine ran out before the key came in: it is complete
        at = self._now()
        self._record_run(LeftBy.END, self.elapsed_s())
        return [*events, *self._finish(completed=False, at=at)]

    # --- the inner workings -----------------------------------------------------------------------

    def _leave(self, left_by: LeftBy, *, at: float, actual: float) -> list[Event]:
        self._record_run(left_by, actual)
        if self.timeline.is_last_hold_of_step(self.index):
            self._steps_done.add(self.segment.step_index)
        if self.index + 1 >= len(self.timeline.segments):
            return self._finish(completed=True, at=at)
        return self._enter(self.index + 1, at=at)

    def _enter(self, index: int, *, at: float) -> list[Event]:
        self.index = index
        self._segment_start = at
        self._segment_paused = 0.0
        self._segment_extra = 0
        if self.state is SessionState.PAUSED:
            self._paused_at = at  # moving while paused stays paused, at the new segment's start
        if self.on_segment is not None:
            self.on_segment()  # a listener only notes it: one catch-up may pass several
        return [SegmentStarted(index, self.segment)]

    def _record_run(self, left_by: LeftBy, actual: float) -> None:
        actual = max(0.0, min(actual, self.segment_length_s))
        self._active_before += actual
        self._runs.append(
            SegmentRun(self.index, self.segment.duration_s, self._segment_extra, actual, left_by)
        )

    def _finish(self, *, completed: bool, at: float) -> list[Event]:
        # The elapsed time of the final segment now lives in _active_before; the segment's start
        # is kept, so that its remaining time (and the progress) stay where they ended.
        self._ended_at = at
        self._paused_at = None
        self.state = SessionState.FINISHED
        self.completed = completed
        return [SessionFinished(completed)]

    def _remember_clocks(self, now: float) -> None:
        self._last_seen = (now, self._wall()) if self._wall is not None else None

    def _check_sleep(self, now: float) -> SleepDetected | None:
        if self._wall is None:
            return None
        wall = self._wall()
        previous = self._last_seen
        self._last_seen = (now, wall)
        if previous is None or self.state is not SessionState.RUNNING:
            return None
        gap = (wall - previous[1]) - (now - previous[0])
        if abs(gap) <= self._sleep_tolerance_s:
            return None
        # Stop the clock where we last saw it, so no hold races ahead over the lost time.
        self.pause(PauseReason.SLEEP, at=max(previous[0], self._segment_start))
        return SleepDetected(gap)
