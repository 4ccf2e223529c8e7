"""The practice screen: countdown, pose and side, cue, breathing guide, what is next, progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Footer

from hipcli.literal import visible
from hipcli.practice.session import (
    Event,
    SegmentStarted,
    Session,
    SessionFinished,
    SessionState,
    SleepDetected,
)
from hipcli.practice.timeline import SegmentKind
from hipcli.routine.durations import format_clock, format_duration
from hipcli.tui.dialogs import ConfirmEndScreen, HelpScreen
from hipcli.tui.widgets import BreathGuide, LiteralStatic, SessionProgress

TICK_S = 0.1

RESTING_WORDS = {
    SegmentKind.LEAD_IN: "Settle in · breathe naturally",
    SegmentKind.SWITCH: "Change sides slowly",
    SegmentKind.REST: "Rest · breathe easy",
    SegmentKind.HOLD: "Breathe naturally",
}


def _preload_check_in() -> None:
    # Imported a moment after the first frame rather than before it: the check-in's text widgets
    # cost ~25 ms to import, which the first frame need not wait for.
    import hipcli.tui.checkin_screen  # noqa: F401


class SessionScreen(Screen[None]):
    """Shows the session the app is running and turns key presses into engine operations."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause", key_display="space"),
        Binding("n", "next", "Next"),
        Binding("b", "back", "Back"),
        Binding("plus,equals_sign", "extend", "+15s", key_display="+"),
        Binding("q", "request_end", "End"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+c", "end_now", "End", show=False, priority=True),
    ]

    def __init__(
        self,
        session: Session,
        *,
        on_over: Callable[[], object],
        quiet: bool = False,
        end_pause_s: float = 0.0,
    ) -> None:
        # The first segment's class from the start: adding it after mounting restyles every node.
        super().__init__(classes=f"-{session.segment.kind.value}")
        self.session = session
        # What the app decides, passed in, so the screen never imports the app (no import circle).
        self.on_over = on_over
        self.quiet = quiet
        self.end_pause_s = end_pause_s
        self._shown_segment = -1
        self._bell_wanted = False
        self._deadline_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        routine = self.session.timeline.routine
        with Vertical(id="top"):
            yield LiteralStatic(visible(routine.title), id="routine-title")
            yield LiteralStatic("", id="step-count")
        with Vertical(id="centre"):
            yield LiteralStatic("", id="segment-label")
            yield Digits("0:00", id="countdown")
            yield LiteralStatic("", id="status")
            yield LiteralStatic("", id="cue")
            yield BreathGuide(id="breath")
        with Vertical(id="bottom"):
            yield LiteralStatic("", id="next")
            yield SessionProgress(id="progress")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        # Looked up once: the tick runs ten times a second and should do almost nothing.
        self._countdown = self.query_one("#countdown", Digits)
        self._status = self.query_one("#status", LiteralStatic)
        self._guide = self.query_one(BreathGuide)
        self._progress = self.query_one(SessionProgress)
        self._status_text = ""
        self.show_state()
        # The clock starts once the first frame is on screen, so no hold is shorter than it looks.
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self.handle_events(self.session.start())
        self.set_interval(TICK_S, self.tick)
        self.tick()
        self.set_timer(2.0, _preload_check_in)

    def on_resize(self) -> None:
        # Below 60 columns the footer's keys only fit without their padding.
        self.query_one(Footer).compact = self.size.width < 60

    def tick(self) -> None:
        """Bring the engine up to the clock and show its state."""
        self.handle_events(self.session.update())
        self.show_state()
        self._aim_at_deadline()

    def _aim_at_deadline(self) -> None:
        # The 10 Hz tick alone would notice a segment's end up to 100 ms late; a one-shot timer
        # at the deadline itself moves on (and rings) on time.
        if self._deadline_timer is not None:
            self._deadline_timer.stop()
            self._deadline_timer = None
        if self.session.state is SessionState.RUNNING:
            remaining = self.session.remaining_s()
            if remaining < 2 * TICK_S:
                self._deadline_timer = self.set_timer(remaining, self.tick, name="deadline")

    def handle_events(self, events: list[Event]) -> None:
        """React to what the engine reports: ring at each change, finish, explain a pause."""
        for event in events:
            if isinstance(event, SegmentStarted) and event.index > 0:
                self._bell_wanted = True
            elif isinstance(event, SessionFinished):
                self._bell_wanted = True
                self.ring()
                self.show_state()
                # The end is painted at once (0:00, "Session complete") and stays a moment before
                # the check-in opens: a calm close, and composing the check-in never delays it.
                if event.completed and self.end_pause_s > 0:
                    self.set_timer(self.end_pause_s, self.on_over)
                else:
                    self.call_after_refresh(self.on_over)
                return
            elif isinstance(event, SleepDetected):
                self.notify(
                    "Your computer seemed to sleep (or its clock jumped), so the session "
                    "paused where it was. Press space when you are ready to carry on.",
                    title="Paused",
                    timeout=10,
                )
        self.ring()

    def ring(self) -> None:
        """Sound the terminal bell once for any cue since the last ring, unless --quiet."""
        if self._bell_wanted and not self.quiet:
            self.app.bell()
        self._bell_wanted = False

    def show_state(self) -> None:
        """Update the widgets from the engine; each one redraws only if what it shows changed."""
        session = self.session
        if session.state is SessionState.FINISHED:
            self._show_end()
            return
        segment = session.segment
        if session.index != self._shown_segment:
            self._shown_segment = session.index
            self._show_segment()
        clock = format_clock(session.remaining_s())
        if clock != self._countdown.value:  # Digits.update redraws even when nothing changed
            self._countdown.update(clock)
        status = ""
        if session.state is SessionState.PAUSED:
            status = "Paused · press space to carry on"
        elif session.segment_length_s > segment.duration_s:
            status = f"+{format_duration(session.segment_length_s - segment.duration_s)} added"
        if status != self._status_text:
            self._status_text = status
            self._status.show(status)
        self.set_class(session.state is SessionState.PAUSED, "-paused")
        self._guide.show_cue(
            session.breath() if session.state is SessionState.RUNNING else None,
            "Paused" if session.state is SessionState.PAUSED else RESTING_WORDS[segment.kind],
        )
        self._progress.show_progress(
            session.progress(), f"{format_clock(session.remaining_total_s())} left"
        )

    def _show_end(self) -> None:
        if self._countdown.value != "0:00" and self.session.completed:
            self._countdown.update("0:00")
        ending = "Session complete" if self.session.completed else "Session ended"
        self.query_one("#segment-label", LiteralStatic).show(ending)
        self._guide.show_cue(None, "Take a moment")
        self._progress.show_progress(self.session.progress(), "done")

    def _show_segment(self) -> None:
        session = self.session
        segment = session.segment
        routine = session.timeline.routine
        step_number = min(segment.step_index + 1, len(routine.steps))
        self.query_one("#step-count", LiteralStatic).show(
            f"Step {step_number} of {len(routine.steps)}"
        )
        self.query_one("#segment-label", LiteralStatic).show(visible(segment.label))
        if segment.kind is SegmentKind.HOLD:
            cue = segment.step.cue
        else:
            cue = f"Coming up: {segment.step.name}" + (
                f" · {segment.side}" if segment.side and segment.kind is SegmentKind.SWITCH else ""
            )
            if segment.kind is not SegmentKind.SWITCH and segment.step.cue:
                cue += f"\n{segment.step.cue}"
        self.query_one("#cue", LiteralStatic).show(visible(cue, keep_newlines=True))
        following = session.next_segment
        next_text = (
            f"Next: {following.label} · {format_duration(following.duration_s)}"
            if following
            else "Next: the end — a moment to check in"
        )
        self.query_one("#next", LiteralStatic).show(visible(next_text))
        for kind in SegmentKind:
            self.set_class(segment.kind is kind, f"-{kind.value}")

    # --- actions ----------------------------------------------------------------------------------

    def action_toggle_pause(self) -> None:
        self.session.toggle_pause()
        self.tick()

    def action_next(self) -> None:
        self.handle_events(self.session.next())
        self.tick()

    def action_back(self) -> None:
        self.handle_events(self.session.back())
        self._shown_segment = -1
        self.tick()

    def action_extend(self) -> None:
        self.session.extend()
        self.tick()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_request_end(self) -> None:
        def decided(end: bool | None) -> None:
            if end:
                self.action_end_now()

        self.app.push_screen(ConfirmEndScreen(), decided)

    def action_end_now(self) -> None:
        """End early at once (Ctrl+C, or `q` confirmed): the time practised so far is kept."""
        self.handle_events(self.session.end())
