"""The full screen keeps its session in a draft from the moment practice starts (issue 10's
"nothing lost, ever"): at each segment boundary and every so often, on the injected clock; the
same draft becomes the check-in's, and the journal gets exactly one record."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcli.journal.draft import DraftContents, read_draft
from hipcli.journal.live import KEEP_EVERY_S
from hipcli.journal.places import waiting_drafts
from hipcli.journal.read import read_journal
from hipcli.tui.app import SessionApp
from hipcli.tui.checkin_screen import CheckInScreen
from tests.tui_support import HOLD_ROUTINE, START, FakeClock, advance, make_app

SETTLE_S = 30.0  # a generous deadline for the draft's writer thread (a condition, not a sleep)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.toml"


def the_draft(app: SessionApp) -> DraftContents:
    """The one draft on disk, once the writer has written what it was handed."""
    assert app.practice is not None
    assert app.practice.settle(SETTLE_S)
    (path,) = waiting_drafts()
    return read_draft(path)


def held(contents: DraftContents) -> list[tuple[str | None, int]]:
    return [(hold.side, hold.held_s) for hold in contents.record.holds]


async def test_the_draft_is_written_as_practice_starts_and_at_each_segment_boundary(
    journal: Path,
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()  # the first frame; the clock starts
        await pilot.pause()  # the moment is taken once the first segment is on screen
        started = the_draft(app)
        assert started.practising
        assert (started.record.completed, started.record.active_s) == (False, 0.0)
        assert started.record.started_at == START
        assert not journal.exists()
        advance(app, clock, 5.0)  # the lead-in ends: the left side begins
        await pilot.pause()
        left = the_draft(app)
        assert (left.record.active_s, held(left)) == (5.0, [("left", 0)])
        advance(app, clock, 90.0)  # the left side ends: the switch
        await pilot.pause()
        switch = the_draft(app)
        assert (switch.record.active_s, held(switch)) == (95.0, [("left", 90)])
        assert switch.record.ended_at == START.replace(minute=31, second=35)
        assert switch.record.id == started.record.id == left.record.id
        assert (switch.record.mood, switch.record.notes, switch.record.tags) == (None, "", ())
        await pilot.press("q", "y")
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
    (record,) = read_journal(journal).records
    assert record.id == started.record.id


async def test_nothing_is_written_before_the_first_frame_and_the_clock_starts(
    journal: Path,
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    at_the_clock_start: list[tuple[object, list[Path]]] = []
    # on_started: once the first frame is painted, as the clock starts
    app.on_started = lambda: at_the_clock_start.append((app.practice, waiting_drafts()))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        assert at_the_clock_start == [(None, [])]  # no writer, no file, before that moment
        assert app.practice is not None
        assert the_draft(app).record.active_s == 0.0  # written just after it
        await pilot.press("ctrl+q")


async def test_between_boundaries_the_draft_is_brought_up_to_date_every_so_often(
    journal: Path,
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 5.0)
        await pilot.pause()
        assert the_draft(app).record.active_s == 5.0
        advance(app, clock, KEEP_EVERY_S + 1)  # the same hold, no boundary
        await pilot.pause()
        assert the_draft(app).record.active_s == 5.0
        assert app.keep_moment()  # what the app's timer does every KEEP_EVERY_S
        assert the_draft(app).record.active_s == 5.0 + KEEP_EVERY_S + 1
        assert held(the_draft(app)) == [("left", round(KEEP_EVERY_S + 1))]
        await pilot.press("q", "y")
        assert not app.keep_moment()  # practice is over: the check-in owns the draft
        await pilot.press("escape")
    assert len(read_journal(journal).records) == 1


async def test_the_end_of_practice_keeps_the_same_draft_and_the_save_leaves_none(
    journal: Path,
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 20.0)
        await pilot.pause()
        during = the_draft(app)
        await pilot.press("q", "y")
        assert isinstance(app.screen, CheckInScreen)
        (path,) = waiting_drafts()  # the same file, not a second one
        at_check_in = read_draft(path)
        assert not at_check_in.practising
        assert at_check_in.record.id == during.record.id
        assert at_check_in.record.active_s == 20.0
        await pilot.press("4", "ctrl+s")
    assert waiting_drafts() == []
    (record,) = read_journal(journal).records
    assert (record.id, record.mood, record.completed) == (during.record.id, 4, False)
    assert journal.read_text().count("[[session]]") == 1


async def test_the_mood_before_is_in_the_draft_from_the_start(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock, mood_before=True)
    async with app.run_test() as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.pause()
        assert the_draft(app).record.mood_before == 2
        await pilot.press("ctrl+c", "escape")
    (record,) = read_journal(journal).records
    assert record.mood_before == 2


async def test_a_signal_during_practice_appends_the_session_once_and_removes_its_draft(
    journal: Path,
) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 50.0)
        await pilot.pause()
        during = the_draft(app)
        advance(app, clock, 10.0)
        app.end_without_check_in()  # what SIGTERM and SIGHUP do
        await pilot.pause()
    assert waiting_drafts() == []
    (record,) = read_journal(journal).records
    assert record.id == during.record.id
    assert (record.completed, record.active_s) == (False, 60.0)
