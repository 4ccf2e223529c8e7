"""The practice screen: countdown, pose and side, cue, breathing guide, what is next, progress.

It shows the engine's state and turns keys into engine operations; after every operation the
cue plan (`hipcli.practice.cues`) says which sounds and words are due, and the `CuePlayer` plays
them in the background. The rows are shared out by `hipcli.tui.layout` whenever the terminal's
size or the cue changes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual._context import active_app
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer

from hipcli.literal import visible
from hipcli.practice.session import (
    Event,
    Session,
    SessionFinished,
    SessionState,
    SleepDetected,
    StopNoticed,
)
from hipcli.practice.timeline import SegmentKind
from hipcli.routine.durations import format_clock, format_duration
from hipcli.sound import CuePlayer
from hipcli.tui.breath_guide import RESTING_WORDS, BreathGuide
from hipcli.tui.countdown import POSE_LINES, Countdown, PoseLine, clock_text, side_of
from hipcli.tui.layout import cue_width, first_classes, layout_classes, session_layout
from hipcli.tui.widgets import CueText, HeaderLine, LiteralStatic, SessionProgress, StatusLine

if TYPE_CHECKING:
    from hipcli.practice.cues import CuePlanner

# The screen wakes when something it shows or plays changes (the next second of the countdown,
# the breathing guide's next step, a cue's moment, the segment's end), and at least this often.
MAX_WAIT_S = 1.0
LATE_S = 0.002  # wake a hair after the moment, so the new value is there to show
SOUNDS_WAIT_S = 1.0  # the longest the clock waits for the session's sound files to be made

PAUSE_NOTICES: dict[type[Event], str] = {  # pauses the person did not ask for
    StopNoticed: "hipcli was stopped (Ctrl+Z) and is back. The session paused where it stopped, "
    "so the time away is not counted. Press space when you are ready to carry on.",
    SleepDetected: "Your computer seemed to sleep (or its clock jumped), so the session paused "
    "where it was. Press space when you are ready to carry on.",
}


class SessionScreen(Screen[None]):
    """Shows the session the app is running and turns key presses into engine operations."""

    # Priority bindings: the app runs each in the order the keys came, against the screen that is
    # on top at that key (as ordinary bindings they ran after a round trip through the screen,
    # so `q` `n` in one burst answered the end dialog with the `n` meant for the session).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause", key_display="space", priority=True),
        Binding("space", "resume", "Resume", key_display="space", priority=True),
        Binding("n", "next", "Next", priority=True),
        Binding("b", "back", "Back", priority=True),
        Binding("plus,equals_sign", "extend", "+15s", key_display="+", priority=True),
        Binding("c", "show_cue", "Cue", priority=True),
        Binding("q", "request_end", "End", priority=True),
        Binding("question_mark", "help", "Keys", key_display="?", priority=True),
        Binding("ctrl+c", "end_now", "End", show=False, priority=True),
    ]

    def __init__(
        self,
        session: Session,
        *,
        on_over: Callable[[], object],
        player: CuePlayer,
        on_finished: Callable[[], object] | None = None,
        on_started: Callable[[], object] | None = None,
        end_pause_s: float = 0.0,
    ) -> None:
        # The classes the first frame needs, from the start: each one added after mounting would
        # restyle every widget on the screen once more before that frame.
        app = active_app.get()
        first = first_classes(
            app.size,
            visible(session.segment.step.cue),
            self.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or [],
            self.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS or [],
        )
        super().__init__(classes=" ".join([f"-{session.segment.kind.value}", *first]))
        self.session = session
        # What the app decides, passed in, so the screen never imports the app (no import circle).
        self.on_over = on_over
        self.player = player
        self._planner: CuePlanner | None = None
        self.on_finished = on_finished  # at once when the engine finishes, before the pause
        self.on_started = on_started  # once the first frame is on screen, as the clock starts
        self.end_pause_s = end_pause_s
        self._shown_segment = -1
        self._next_tick: Timer | None = None
        self._paused_for_dialog = False
        self._started = False
        self._sounds_due = 0.0
        self._painted_at: float | None = None  # the first frame, on the session's clock

    def compose(self) -> ComposeResult:
        routine = self.session.timeline.routine
        yield HeaderLine(visible(routine.title), id="header")
        with Vertical(id="centre"):
            yield PoseLine(id="segment-label")
            yield Countdown(id="countdown")
            yield StatusLine(id="status")
            yield CueText(id="cue")
            yield BreathGuide(id="breath", classes="-natural")  # until the clock starts
        yield LiteralStatic("", id="next")
        yield SessionProgress(id="progress")

    def on_mount(self) -> None:
        # Looked up once: the tick runs ten times a second and should do almost nothing.
        self._countdown = self.query_one(Countdown)
        self._label = self.query_one(PoseLine)
        self._status = self.query_one(StatusLine)
        self._cue = self.query_one(CueText)
        self._guide = self.query_one(BreathGuide)
        self._progress = self.query_one(SessionProgress)
        self.show_state()
        self.call_after_refresh(self.start)  # should the first paint (below) not start the clock

    def _compositor_refresh(self) -> None:
        # Textual's paint (private; pinned by tests/tui/test_first_frame.py). The clock starts just
        # after the first: 10-20 ms before Ready, so no hold is shorter than it looks.
        super()._compositor_refresh()
        if not self._started and self.is_current:
            self._painted_at = self._painted_at or self.session.clock()
            self.call_next(self.start)

    def start(self, *, wait_for_sounds: bool = True) -> None:
        """Start once the first sounds' files are made (at most SOUNDS_WAIT_S); a key: at once."""
        if not self._started:
            self._started = True
            if self.on_started is not None:
                self.on_started()
            from hipcli.practice.cues import breath_tone_lengths

            lengths = breath_tone_lengths(self.session.timeline)
            first = self.session.segment.kind.value
            if self.player.made_already(lengths, first):  # no wait: the clock starts at the frame
                self.call_next(self.player.prepare, lengths, first)
            else:
                self.player.prepare(lengths, first)
                self._painted_at = None  # waiting for the files is not practice
            self._sounds_due = time.monotonic() + SOUNDS_WAIT_S
            self.call_next(self._add_footer)  # once the clock runs
        if self.session.state is not SessionState.READY:
            return
        if wait_for_sounds and not self.player.ready() and time.monotonic() < self._sounds_due:
            self.set_timer(0.01, self.start)
            return
        self.handle_events(self.session.start(at=self._painted_at))
        self.tick()

    def _add_footer(self) -> None:
        from hipcli.tui.footer import add_footer

        add_footer(self)

    def on_resize(self) -> None:
        from hipcli.tui.footer import fit_footer

        fit_footer(self)
        self.fit_layout()

    @property
    def planner(self) -> CuePlanner:
        """Which sounds and words are due when (made when first needed, after the first frame)."""
        if self._planner is None:
            from hipcli.practice.cues import CueOptions, CuePlanner

            self._planner = CuePlanner(CueOptions(breath=self.player.setup.breath))
        return self._planner

    def fit_layout(self) -> None:
        """Share the rows between countdown, cue and guide for this size and this cue."""
        width, height = self.size
        if not width or not height:
            return
        paused = self.session.state is SessionState.PAUSED
        needed = self._cue.lines_needed(cue_width(width))
        layout = session_layout(width, height, needed, paused=paused)
        self._countdown.styles.height = layout.countdown
        self._cue.styles.height = layout.cue
        self._guide.styles.height = layout.guide
        # One batch: each change of the screen's classes restyles every widget on it.
        self.update_classes(layout_classes(layout))

    def tick(self) -> None:
        """Bring the engine up to the clock, show its state, and wake again when it changes."""
        self.handle_events(self.session.update())
        self._check_sound()
        self.show_state()
        self._schedule_next_tick()

    def _schedule_next_tick(self) -> None:
        # One timer at the next moment something changes, not a 10 Hz tick: a hold costs a few
        # wake-ups a second, and every boundary and cue is met to the millisecond.
        if self._next_tick is not None:
            self._next_tick.stop()
            self._next_tick = None
        wait = self.next_wait_s()
        if wait is not None:
            self._next_tick = self.set_timer(wait + LATE_S, self.tick, name="tick")

    def next_wait_s(self) -> float | None:
        """Seconds until the screen next shows or plays something new (None once finished)."""
        if self.session.state is SessionState.FINISHED:
            return None
        if self.session.state is not SessionState.RUNNING:
            return MAX_WAIT_S
        remaining = self.session.remaining_s()
        # The countdown (and the time left in the routine) show whole seconds, rounded up.
        candidates = [MAX_WAIT_S, remaining, remaining - (math.ceil(remaining - 1e-9) - 1)]
        due = self.planner.next_due_s(self.session)
        if due is not None:
            candidates.append(due)
        guide = self._guide.seconds_to_change(self.session.breath())
        if guide is not None:
            candidates.append(guide)
        return max(0.0, min(candidates))

    def handle_events(self, events: list[Event]) -> None:
        """Play what the cue plan says is due, finish at the end, explain a pause."""
        ring = False
        read_cues = self.player.setup.read_cues
        for cue in self.planner.after(events, self.session):
            words = None if cue.is_breath else cue.words(read_cues=read_cues)
            ring = self.player.play(cue.sound, words, cue.duration_s) or ring
        if ring:
            self.app.bell()
        for event in events:
            if isinstance(event, SessionFinished):
                self.show_state()
                if self.on_finished is not None:
                    self.on_finished()  # on disk now, before the check-in asks anything
                # The end is painted at once ("Session complete") and stays a moment before
                # the check-in opens: a calm close, and composing the check-in never delays it.
                if event.completed and self.end_pause_s > 0:
                    self.set_timer(self.end_pause_s, self.on_over)
                else:
                    self.call_after_refresh(self.on_over)
                return
            notice = PAUSE_NOTICES.get(type(event))
            if notice is not None:
                self.player.silence()
                self.notify(notice, title="Paused", timeout=10)
                self.refresh_bindings()  # space now offers "Resume"

    def _check_sound(self) -> None:
        notices, ring = self.player.check()
        for notice in notices:
            self.notify(notice, title="Sound", timeout=10)
        if ring:
            self.app.bell()

    # --- showing the state ------------------------------------------------------------------------

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
        self._countdown.update(clock_text(session.remaining_s()))
        paused = session.state is SessionState.PAUSED
        if self._status.show_paused(paused):
            self.fit_layout()  # a short terminal shows the status line only while paused
        self.set_class(paused, "-paused")
        self._guide.show_cue(
            session.breath() if session.state is SessionState.RUNNING else None,
            "Paused" if paused else RESTING_WORDS[segment.kind.value],
        )
        self._progress.show_progress(
            session.progress(), f"{format_clock(session.remaining_total_s())} left"
        )

    def _show_end(self) -> None:
        if self.session.completed:
            self._countdown.update("0")
        ending = "Session complete" if self.session.completed else "Session ended"
        self._label.show(ending)
        self._countdown.side = None
        self._guide.show_cue(None, "Take a moment")
        self._progress.show_progress(self.session.progress(), "done")
        self.remove_class("-paused")

    def _show_segment(self) -> None:
        session = self.session
        segment = session.segment
        routine = session.timeline.routine
        step_number = min(segment.step_index + 1, len(routine.steps))
        self.query_one(HeaderLine).step = f"Step {step_number} of {len(routine.steps)}"
        name = visible(" ".join(segment.step.name.split()))
        side = side_of(visible(segment.side) if segment.side else None)
        sided = segment.kind in (SegmentKind.HOLD, SegmentKind.SWITCH)
        self._label.show(POSE_LINES[segment.kind].format(name=name), side if sided else None)
        self._countdown.side = side if sided else None
        # Every segment shows the cue of the hold it belongs to or leads into: its reading window.
        self._cue.show(visible(segment.step.cue, keep_newlines=False))
        following = session.next_segment
        next_text = (
            f"Next: {following.label} · {format_duration(following.duration_s)}"
            if following
            else "Next: the end — a moment to check in"
        )
        self.query_one("#next", LiteralStatic).show(visible(next_text))
        self.update_classes({f"-{kind.value}": segment.kind is kind for kind in SegmentKind})
        self.fit_layout()

    # --- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space offers "Pause" while running and "Resume" while paused."""
        paused = self.session.state is SessionState.PAUSED
        return {"pause": not paused, "resume": paused}.get(action, True)

    def action_pause(self) -> None:
        self.start(wait_for_sounds=False)
        self.session.pause()
        self.player.silence()
        self.tick()
        self.refresh_bindings()

    def action_resume(self) -> None:
        self.start(wait_for_sounds=False)
        self.session.resume()
        self.tick()
        self.refresh_bindings()

    def action_next(self) -> None:
        self.start(wait_for_sounds=False)
        self.handle_events(self.session.next())
        self.tick()

    def action_back(self) -> None:
        self.start(wait_for_sounds=False)
        self.handle_events(self.session.back())
        self._shown_segment = -1
        self.tick()

    def action_extend(self) -> None:
        self.start(wait_for_sounds=False)
        before = self.session.segment_length_s
        self.session.extend()
        added = self.session.segment_length_s - before
        if added:
            total = self.session.segment_length_s - self.session.segment.duration_s
            self._status.flash(f"+{format_duration(added)} added · {format_duration(total)} extra")
        self.tick()

    def action_help(self) -> None:
        from hipcli.tui.dialogs import HelpScreen  # deferred: dialogs load when first opened

        self.app.push_screen(HelpScreen())

    def action_show_cue(self) -> None:
        from hipcli.tui.dialogs import CueScreen

        segment = self.session.segment
        self.app.push_screen(
            CueScreen(visible(" ".join(segment.step.name.split())), visible(segment.step.cue))
        )

    def action_request_end(self) -> None:
        from hipcli.tui.dialogs import ConfirmEndScreen

        # The session waits while the question is asked: nothing runs on behind the dialog.
        self._paused_for_dialog = self.session.state is SessionState.RUNNING
        if self._paused_for_dialog:
            self.action_pause()

        def decided(end: bool | None) -> None:
            if end:
                self.action_end_now()
            elif self._paused_for_dialog:
                self.action_resume()
            self._paused_for_dialog = False

        self.app.push_screen(ConfirmEndScreen(), decided)

    def action_end_now(self) -> None:
        """End early at once (Ctrl+C, or `q` confirmed): the time practised so far is kept."""
        self.start(wait_for_sounds=False)
        self.handle_events(self.session.end())
