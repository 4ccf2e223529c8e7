"""The Textual app that runs one session: (optional mood before) → practice → check-in → saved.

One factory, `SessionApp`, serves the CLI and the tests alike; tests inject the clocks. The app
owns the engine's `Session`; screens only show it and forward keys. From the moment practice
starts the session is in a draft file, kept up to date as it goes: the engine says when a
segment begins, and once the new segment is on screen the app hands the session as it is to
`hipcli.journal.live.PracticeDraft`, whose own thread writes it (also every `KEEP_EVERY_S`, so
nothing touches the disk on the event loop while practice goes on). The moment practice ends
the same draft takes the session as it ended (fsynced) before any question is asked, and what is
typed at the check-in is kept in it as it goes (`hipcli.journal.draft`). Whatever way the app
ends — check-in saved, Escape, Ctrl+C, Ctrl+Q, SIGTERM/SIGHUP from a closing terminal, even a
crash — the session is appended exactly once, with every answer typed so far: by the check-in,
by the signal handler, or by `finish()` afterwards; after `kill -9`, during practice or at the
check-in, the next hipcli command does it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from hipcli.literal import visible
from hipcli.practice.session import Clock, Session, SessionState
from hipcli.practice.timeline import build_timeline
from hipcli.routine.durations import format_duration
from hipcli.routine.model import Routine
from hipcli.sound import QUIET, CuePlayer, SoundSetup
from hipcli.tui.session_screen import SessionScreen
from hipcli.tui.themes import THEME_NAMES, THEMES

if TYPE_CHECKING:
    from textual.timer import Timer

    from hipcli.journal.checkin import CheckIn, SaveResult
    from hipcli.journal.draft import Draft
    from hipcli.journal.live import PracticeDraft
    from hipcli.journal.record import SessionRecord
    from hipcli.tui.checkin_screen import CheckInAnswers, CheckInScreen

# How long typed answers may wait before they are written into the draft: at most this stale
# after a `kill -9` (the issue allows about a second).
DRAFT_EVERY_S = 0.5


def _preload_check_in() -> None:
    import hipcli.tui.checkin_screen  # noqa: F401


def local_now() -> datetime:
    """The current time, timezone-aware in the local zone."""
    return datetime.now().astimezone()


# The check-in's modules are imported where they are used, not here: the first frame of a
# session should not wait for them (~50 ms with the journal).
class SessionApp(App["SaveResult"]):
    """Runs one routine and records it in the journal."""

    CSS_PATH = "hipcli.tcss"
    TITLE = "hipcli"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]  # noqa: RUF012 - Textual's API
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-short"),
        (16, "-medium"),
        (24, "-tall"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        # Ctrl+Z stops hipcli like any terminal program (`fg` brings it back, paused); not a
        # priority binding, so that in the notes it stays the text area's undo.
        Binding("ctrl+z", "suspend_process", "Suspend", show=False),
    ]

    def __init__(
        self,
        routine: Routine,
        *,
        journal: Path,
        quiet: bool = False,
        sound: SoundSetup | None = None,
        player: CuePlayer | None = None,
        theme: str = "dark",
        ask_mood_before: bool = False,
        clock: Clock = time.monotonic,
        wall: Clock | None = time.time,
        now: Callable[[], datetime] = local_now,
        end_pause_s: float = 1.5,
        on_started: Callable[[], object] | None = None,
    ) -> None:
        driver_class = None
        if sys.platform != "win32":
            # Textual's driver with a parser that keeps a bracketed paste whole (see there)
            from hipcli.tui.terminal_input import TerminalDriver

            driver_class = TerminalDriver
        # The ansi theme draws with the terminal's own palette: its colours pass through as they
        # are rather than being converted to RGB.
        super().__init__(driver_class=driver_class, ansi_color=True if theme == "ansi" else None)
        self.routine = routine
        self.journal = journal
        self.quiet = quiet
        # Without a choice made from the settings, the terminal bell marks changes (or nothing).
        self.player = player or CuePlayer(sound or (QUIET if quiet else SoundSetup(sound="bell")))
        for custom in THEMES:
            self.register_theme(custom)
        # Set without its watcher: the stylesheet is first parsed with this theme's variables,
        # instead of being parsed again (~10 ms) just after it for a theme change.
        chosen = self.get_theme(THEME_NAMES.get(theme, THEME_NAMES["dark"]))
        assert chosen is not None
        self.set_reactive(App.theme, chosen.name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(chosen.dark, "-dark-mode", update=False)
        self.set_class(not chosen.dark, "-light-mode", update=False)
        self.ask_mood_before = ask_mood_before
        self.session = Session(build_timeline(routine), clock=clock, wall=wall)
        self.session.on_segment = self._segment_began
        self._now = now
        self.end_pause_s = end_pause_s  # how long "Session complete" shows before the check-in
        self.on_started = on_started  # once the session's first frame is on screen
        self.started_at: datetime | None = None
        self.mood_before: int | None = None
        self.saved: SaveResult | None = None
        self.draft: Draft | None = None
        self._ended: SessionRecord | None = None  # the session as it ended, before any answer
        self._check_in_screen: CheckInScreen | None = None
        self._answers: CheckInAnswers | None = None
        self._draft_due = False
        self.practice: PracticeDraft | None = None  # the draft while practice goes on
        self._moment_due = False
        self._every: Timer | None = None

    def get_default_screen(self) -> Screen[Any]:
        # Without a question first, the session screen is the app's own first screen: pushed on
        # top of Textual's blank default one, the first frame waited for both to be styled and
        # laid out (~15 ms).
        if self.ask_mood_before:
            return super().get_default_screen()
        self.started_at = self._now()
        return self._session_screen()

    def on_mount(self) -> None:
        self._install_signal_handlers()
        if self.ask_mood_before:
            from hipcli.tui.checkin_screen import MoodBeforeScreen

            self.push_screen(MoodBeforeScreen(visible(self.routine.title)), self._begin)

    def on_ready(self) -> None:
        # Read a moment after the first frame rather than before it: the check-in's text widgets
        # cost ~25 ms to import, which the first frame need not wait for.
        self.set_timer(2.0, _preload_check_in)

    def _begin(self, mood_before: int | None) -> None:
        self.mood_before = mood_before
        self.started_at = self._now()
        self.push_screen(self._session_screen())

    def _session_screen(self) -> SessionScreen:
        return SessionScreen(
            self.session,
            on_over=self.session_over,
            player=self.player,
            on_finished=self.practice_finished,
            on_started=self.on_started,
            end_pause_s=self.end_pause_s,
        )

    def _install_signal_handlers(self) -> None:
        # A closing terminal (SIGHUP) or `kill` (SIGTERM) must not lose the session, and must not
        # wait for a check-in nobody is there to answer.
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(number, self.end_without_check_in)
        except (NotImplementedError, RuntimeError, ValueError):
            return  # not the main thread (tests) or a platform without them: nothing to install

    # --- the draft while practice goes on ---------------------------------------------------------

    def _practice_draft(self) -> PracticeDraft:
        if self.practice is None:
            from hipcli.journal.live import PracticeDraft

            self.practice = PracticeDraft(
                self.routine,
                self.journal,
                started_at=self.started_at or self._now(),
                mood_before=self.mood_before,
                clock=self.session.clock,
            )
        return self.practice

    def _segment_began(self) -> None:
        # Told by the engine in the middle of the screen's tick: the moment is taken once the
        # new segment is on screen and its sounds have started, never before them.
        if not self._moment_due:
            self._moment_due = True
            self.call_after_refresh(self._segment_moment)

    def _segment_moment(self) -> None:
        self._moment_due = False
        if self.keep_moment() and self._every is not None:
            self._every.reset()  # the next periodic keep comes KEEP_EVERY_S after this one

    def keep_moment(self) -> bool:
        """Hand the session as it is now to its draft's writer (it returns at once; the writing
        happens in the writer's thread). False once practice is over."""
        if self._ended is not None or self.saved is not None:
            return False
        if self.session.state not in (SessionState.RUNNING, SessionState.PAUSED):
            return False
        practice = self._practice_draft()
        practice.keep(self.session.summary(), self._now())
        if self._every is None:
            self._every = self.set_interval(practice.every_s, self.keep_moment, name="draft")
        return True

    def practice_finished(self) -> None:
        """The engine finished: the session as it ended goes into its draft now (the one kept
        during practice, under the same id), fsynced, before any question is asked."""
        from hipcli.journal.checkin import CheckIn

        if self._ended is not None or self.saved is not None:
            return
        if self._every is not None:
            self._every.stop()
        self._ended = self._record(CheckIn(mood_before=self.mood_before))
        # None where no place takes a draft (every one refused it): the check-in's own save, and
        # the signal handlers, still record the session; only a kill -9 could lose it then.
        self.draft = self._practice_draft().hand_over(self._ended)

    def session_over(self) -> None:
        """The engine finished (completed or ended early): offer the check-in."""
        from hipcli.tui.checkin_screen import CheckInScreen

        self.practice_finished()
        summary = self.session.summary()
        heading = "Session complete." if summary.completed else "You ended early, and that is fine."
        detail = (
            f"{visible(self.routine.title)} · {format_duration(summary.active_s)} practised · "
            f"{summary.steps_done} of {summary.steps_total} steps"
        )
        self._check_in_screen = CheckInScreen(heading, detail, on_change=self._answers_changed)
        self.push_screen(self._check_in_screen, self._checked_in)

    def _answers_changed(self, answers: CheckInAnswers) -> None:
        # Kept in memory at once (a signal saves them), and in the draft within DRAFT_EVERY_S.
        self._answers = answers
        if self.draft is not None and not self._draft_due:
            self._draft_due = True
            self.set_timer(DRAFT_EVERY_S, self._keep_draft)

    async def _keep_draft(self) -> None:
        self._draft_due = False
        draft = self.draft
        if draft is None or self.saved is not None:
            return
        record = self._record(self._check_in())
        # fsync can take a while on a slow disk; typing goes on meanwhile
        await asyncio.to_thread(draft.keep, record)

    def _check_in(self, answers: CheckInAnswers | None = None) -> CheckIn:
        """The answers as they stand: the check-in screen's own, if it is open."""
        from hipcli.journal.checkin import CheckIn

        screen = self._check_in_screen
        if answers is None and screen is not None and screen.is_attached:
            answers = screen.answers(skipped=True)
        answers = answers or self._answers
        if answers is None:
            return CheckIn(mood_before=self.mood_before)
        return CheckIn(answers.mood, self.mood_before, answers.tags, answers.notes)

    def _record(self, check_in: CheckIn) -> SessionRecord:
        """The session's one record with these answers (the same id and times every time)."""
        if self._ended is not None:
            return dataclasses.replace(
                self._ended, mood=check_in.mood, tags=check_in.tags, notes=check_in.notes
            )
        return self._practice_draft().record(self.session.summary(), self._now(), check_in)

    def _checked_in(self, answers: CheckInAnswers | None) -> None:
        self.exit(self.save(self._check_in(answers)))

    def save(self, check_in: CheckIn) -> SaveResult:
        """Record the session once; later calls return the first result."""
        from hipcli.journal.checkin import save_session

        if self.saved is None:
            if self.session.state is not SessionState.FINISHED:
                self.session.end()
            self.practice_finished()  # ended by a signal or Ctrl+Q: into the draft kept so far
            record = self._record(check_in)
            if self.draft is not None:
                self.saved = self.draft.finish(record)
            else:
                self.saved = save_session(record, self.journal)
        return self.saved

    def end_without_check_in(self) -> None:
        """Save what was practised, and anything typed at the check-in, and leave (signals and
        Ctrl+Q)."""
        self.exit(self.finish())

    def finish(self) -> SaveResult | None:
        """Save the session if it started and was not saved yet; the result, or None.

        Every sound and voice of the session ends here too.
        """
        self.player.close()
        if self.saved is None and self.session.state is SessionState.READY:
            return None
        return self.save(self._check_in())

    async def action_quit(self) -> None:
        self.end_without_check_in()

    def process_stopping(self) -> None:
        """Ctrl+Z (SIGTSTP): the time the process spends stopped is not practice (the driver
        calls this from its signal handler, so it only notes the moment)."""
        self.session.note_stop()

    def process_continued(self) -> None:
        """`fg` (SIGCONT): the session stays paused where it stopped (see SessionScreen)."""
        self.session.note_continue()
