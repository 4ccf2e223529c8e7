"""The Textual app that runs one session: (optional mood before) → practice → check-in → saved.

One factory, `SessionApp`, serves the CLI and the tests alike; tests inject the clocks. The app
owns the engine's `Session`; screens only show it and forward keys. Whatever way the app ends —
check-in saved, Escape, Ctrl+C, SIGTERM/SIGHUP from a closing terminal, even a crash — the session
is saved exactly once: by the check-in, by the signal handler, or by `finish()` afterwards.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from hipcli.literal import visible
from hipcli.practice.session import Clock, Session, SessionState
from hipcli.practice.timeline import build_timeline
from hipcli.routine.durations import format_duration
from hipcli.routine.model import Routine
from hipcli.sound import QUIET, CuePlayer, SoundSetup
from hipcli.tui.session_screen import SessionScreen
from hipcli.tui.themes import THEME_NAMES, THEMES

if TYPE_CHECKING:
    from hipcli.journal.checkin import CheckIn, SaveResult
    from hipcli.tui.checkin_screen import CheckInAnswers


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
    ) -> None:
        super().__init__()
        self.routine = routine
        self.journal = journal
        self.quiet = quiet
        # Without a choice made from the settings, the terminal bell marks changes (or nothing).
        self.player = player or CuePlayer(sound or (QUIET if quiet else SoundSetup(sound="bell")))
        for custom in THEMES:
            self.register_theme(custom)
        self.theme = THEME_NAMES.get(theme, THEME_NAMES["dark"])
        self.ask_mood_before = ask_mood_before
        self.session = Session(build_timeline(routine), clock=clock, wall=wall)
        self._now = now
        self.end_pause_s = end_pause_s  # how long "Session complete" shows before the check-in
        self.started_at: datetime | None = None
        self.mood_before: int | None = None
        self.saved: SaveResult | None = None

    def on_mount(self) -> None:
        self._install_signal_handlers()
        if self.ask_mood_before:
            from hipcli.tui.checkin_screen import MoodBeforeScreen

            self.push_screen(MoodBeforeScreen(visible(self.routine.title)), self._begin)
        else:
            self._begin(None)

    def _begin(self, mood_before: int | None) -> None:
        self.mood_before = mood_before
        self.started_at = self._now()
        self.push_screen(
            SessionScreen(
                self.session,
                on_over=self.session_over,
                player=self.player,
                end_pause_s=self.end_pause_s,
            )
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

    def session_over(self) -> None:
        """The engine finished (completed or ended early): offer the check-in."""
        from hipcli.tui.checkin_screen import CheckInScreen

        summary = self.session.summary()
        heading = "Session complete." if summary.completed else "You ended early, and that is fine."
        detail = (
            f"{visible(self.routine.title)} · {format_duration(summary.active_s)} practised · "
            f"{summary.steps_done} of {summary.steps_total} steps"
        )
        self.push_screen(CheckInScreen(heading, detail), self._checked_in)

    def _checked_in(self, answers: CheckInAnswers | None) -> None:
        from hipcli.journal.checkin import CheckIn

        if answers is None:
            self.exit(self.save(CheckIn(mood_before=self.mood_before)))
            return
        self.exit(self.save(CheckIn(answers.mood, self.mood_before, answers.tags, answers.notes)))

    def save(self, check_in: CheckIn) -> SaveResult:
        """Record the session once; later calls return the first result."""
        from hipcli.journal.checkin import save_session, session_record

        if self.saved is None:
            if self.session.state is not SessionState.FINISHED:
                self.session.end()
            started = self.started_at or self._now()
            self.saved = save_session(
                session_record(
                    self.routine,
                    self.session.summary(),
                    started_at=started,
                    ended_at=self._now(),
                    check_in=check_in,
                ),
                self.journal,
            )
        return self.saved

    def end_without_check_in(self) -> None:
        """Save what was practised, without questions, and leave (signals and Ctrl+Q)."""
        self.exit(self.finish())

    def finish(self) -> SaveResult | None:
        """Save the session if it started and was not saved yet; the result, or None.

        Every sound and voice of the session ends here too.
        """
        from hipcli.journal.checkin import CheckIn

        self.player.close()
        if self.saved is None and self.session.state is SessionState.READY:
            return None
        return self.save(CheckIn(mood_before=self.mood_before))

    async def action_quit(self) -> None:
        self.end_without_check_in()
