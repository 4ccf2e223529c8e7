"""What the session's first frame waits for, and what it leaves until after (issue 11's
first-frame target; the time itself is measured in bench/session.py, never here)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import hipcli.tui
from hipcli.practice.session import SessionState
from hipcli.tui import session_screen
from hipcli.tui.app import SessionApp
from hipcli.tui.checkin_screen import MoodBeforeScreen
from hipcli.tui.dialogs import HelpScreen
from hipcli.tui.session_screen import SessionScreen
from hipcli.tui.widgets import HeaderLine
from tests.tui_support import HOLD_ROUTINE, FakeClock, make_app, routine


def style_files(app: SessionApp) -> set[str]:
    """The names of the .tcss files the app's stylesheet has read so far."""
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


async def test_the_session_screen_is_the_first_screen_drawn(journal: Path) -> None:
    # Not pushed over Textual's blank default screen, which the first frame waited for as well.
    app = make_app(HOLD_ROUTINE, journal, FakeClock())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert [type(screen) for screen in app.screen_stack] == [SessionScreen]


async def test_with_the_question_first_the_session_follows_it(journal: Path) -> None:
    app = make_app(HOLD_ROUTINE, journal, FakeClock(), mood_before=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MoodBeforeScreen)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.mood_before == 4
        assert app.session.state is SessionState.RUNNING


async def test_on_started_is_called_once_when_the_clock_starts(journal: Path) -> None:
    calls: list[SessionState] = []
    app = make_app(HOLD_ROUTINE, journal, FakeClock())
    app.on_started = lambda: calls.append(app.session.state)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("n", "space", "space", "b")
        await pilot.pause()
    # Called as the session starts (before the engine's first step), and never again.
    assert calls == [SessionState.READY]


async def test_the_check_in_and_dialog_styles_are_read_when_first_needed(journal: Path) -> None:
    app = make_app(HOLD_ROUTINE, journal, FakeClock())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert style_files(app) == {"hipcli.tcss"}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert style_files(app) == {"hipcli.tcss", "dialogs.tcss"}


TITLE = "A long title for a gentle morning of hip openers and rest"


@pytest.mark.parametrize(
    ("width", "shown"),
    [
        (100, TITLE + " " * (96 - len(TITLE) - 11) + "Step 1 of 2"),  # 96 inside the padding
        (70, TITLE[:53] + "… Step 1 of 2"),  # cut, one space before the step
        (59, " " * 44 + "Step 1 of 2"),  # narrow: the step alone
    ],
)
async def test_the_header_is_one_line_the_title_cut_before_the_step(
    journal: Path, width: int, shown: str
) -> None:
    # One widget for title and step (two Statics in a row container made three nodes to style
    # and lay out before the first frame).
    app = make_app(HOLD_ROUTINE.replace('"Pigeon"', f'"{TITLE}"', 1), journal, FakeClock())
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(HeaderLine)
        assert header.size.height == 1
        assert header.render_line(0).text == shown


def test_garbage_collection_is_back_on_however_the_session_app_ends(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(self: SessionApp) -> None:
        assert not gc.isenabled()  # resting while the first frame is prepared
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(SessionApp, "run", fails)
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        hipcli.tui.run_session(routine(HOLD_ROUTINE), journal=journal, quiet=True)
    assert gc.isenabled()


async def test_the_clock_waits_for_the_sound_files_then_starts(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Made once and cached, the files are ready at once after the first session; the first time,
    # the clock waits for them (at most a second) so that the first cue sounds on time.
    monkeypatch.setattr(session_screen, "SOUNDS_WAIT_S", 60.0)  # a loaded machine can't end it
    app = make_app(HOLD_ROUTINE, journal, FakeClock())
    ready = [False]
    app.player.ready = lambda: ready[0]  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause(0.1)
        assert app.session.state is SessionState.READY
        ready[0] = True
        for _ in range(100):  # the screen looks every 10 ms: wait for it, however slow
            await pilot.pause(0.05)
            if app.session.state is SessionState.RUNNING:
                break
        assert app.session.state is SessionState.RUNNING


async def test_a_key_does_not_wait_for_the_sound_files(journal: Path) -> None:
    app = make_app(HOLD_ROUTINE, journal, FakeClock())
    app.player.ready = lambda: False  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause(0.05)
        await pilot.press("n")
        assert app.session.state is SessionState.RUNNING
        assert app.session.index == 1


async def test_the_clock_starts_right_after_the_first_paint(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Right after the first frame is written, before Textual repaints the screen for its
    # ScreenResume and says Ready (10-20 ms later): the session ends when the first frame plus
    # its length says it does. This also pins the private paint method the screen hooks into.
    states: list[SessionState] = []
    paint = SessionScreen._compositor_refresh

    def recorded(screen: SessionScreen) -> None:
        states.append(screen.session.state)
        paint(screen)

    monkeypatch.setattr(SessionScreen, "_compositor_refresh", recorded)
    app = make_app(HOLD_ROUTINE, journal, FakeClock())
    async with app.run_test() as pilot:
        await pilot.pause()
    assert states[:2] == [SessionState.READY, SessionState.RUNNING]


@pytest.mark.parametrize("made", [True, False])
async def test_with_its_sound_files_made_the_clock_starts_before_the_players_are_prepared(
    journal: Path, made: bool
) -> None:
    # Preparing (the players' modules and threads, the rest of the files) takes 5-30 ms on a
    # loaded machine: with the first files made by an earlier session, the clock does not wait
    # for it; the first time, it prepares first and waits for those files.
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    states: list[SessionState] = []
    app.player.made_already = lambda *args: made  # type: ignore[method-assign]
    app.player.prepare = lambda *args: states.append(app.session.state)  # type: ignore[method-assign]
    starts: list[float | None] = []
    start = app.session.start
    app.session.start = lambda at=None: starts.append(at) or start(at)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause()
    assert states == [SessionState.RUNNING if made else SessionState.READY]
    # From the first frame's moment; after a wait for the files, from the end of the wait.
    assert starts == [clock.now if made else None]
