"""The session app driven like a person would: keys, clicks, the clock moving, the journal after."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea

from hipcli.journal.read import read_journal
from hipcli.practice.session import SessionState
from hipcli.practice.timeline import SegmentKind
from hipcli.tui.breath_guide import BreathGuide
from hipcli.tui.checkin_screen import CheckInScreen, MoodChip, MoodPicker
from hipcli.tui.countdown import Countdown, PoseLine
from hipcli.tui.dialogs import ConfirmEndScreen, HelpScreen
from hipcli.tui.widgets import CueText, HeaderLine
from tests.tui_support import (
    HOLD_ROUTINE,
    ONE_SECOND_ROUTINE,
    FakeClock,
    advance,
    make_app,
    session_screen,
)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.toml"


async def test_a_whole_session_of_one_second_holds_is_checked_in_and_recorded(
    journal: Path,
) -> None:
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # lead-in, left, switch, right, rest, constructive rest: 6 s of practice.
        for _ in range(6):
            advance(app, clock, 1.0)
            await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert app.focused is app.screen.query_one(MoodPicker)
        await pilot.press("4", "tab")
        assert app.focused is app.screen.query_one("#tags", Input)
        await pilot.press(*"release, calm", "tab")
        assert app.focused is app.screen.query_one("#notes", TextArea)
        app.screen.query_one("#notes", TextArea).insert('Left side "tighter".\nFelt 5x calmer.')
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.return_value is not None
    assert app.return_value.in_journal
    contents = read_journal(journal)
    assert contents.problems == []
    (record,) = contents.records
    assert record.mood == 4
    assert record.tags == ("release", "calm")
    assert record.notes == 'Left side "tighter".\nFelt 5x calmer.'
    assert record.completed is True
    assert (record.steps_done, record.steps_total) == (2, 2)
    assert record.active_s == pytest.approx(6.0)
    assert record.planned_s == 6
    assert record.title == "Tiny [bold]hips[/bold]"


async def test_digits_typed_in_the_notes_are_text_not_moods(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.press("n", "n", "n", "n", "n", "n")
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("2", "tab", "tab", "5", "3", "ctrl+s")
    (record,) = read_journal(journal).records
    assert record.mood == 2
    assert record.notes == "53"


async def test_ending_early_asks_first_and_records_the_time_practised(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 5.0 + 30.0)  # lead-in and half a minute of the first hold
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmEndScreen)
        await pilot.press("escape")  # changed my mind
        assert session_screen(app).session.state is SessionState.RUNNING
        await pilot.press("q", "y")
        assert isinstance(app.screen, CheckInScreen)
        assert "ended early" in str(app.screen.heading)
        await pilot.press("escape")
    (record,) = read_journal(journal).records
    assert record.completed is False
    assert record.active_s == pytest.approx(35.0)
    assert record.steps_done == 0
    assert record.mood is None


async def test_escape_keeps_what_was_already_typed(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+c")  # ends at once, no question
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("1", "tab", "tab", *"heavy day", "escape")
    (record,) = read_journal(journal).records
    assert (record.mood, record.notes, record.completed) == (1, "heavy day", False)


async def test_clicking_a_mood_chooses_it(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+c")
        chip = next(c for c in app.screen.query(MoodChip) if c.mood == 5)
        await pilot.click(chip)
        assert app.screen.query_one(MoodPicker).mood == 5
        await pilot.press("ctrl+s")
    assert read_journal(journal).records[0].mood == 5


async def test_space_pauses_the_countdown_and_resumes_it(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 10.0)
        await pilot.press("space")
        advance(app, clock, 600.0)  # a long pause
        screen = session_screen(app)
        assert screen.session.state is SessionState.PAUSED
        assert screen.query_one("#countdown", Countdown).value == "1:25"
        assert screen.has_class("-paused")
        await pilot.press("space")
        advance(app, clock, 1.0)
        assert screen.query_one("#countdown", Countdown).value == "1:24"


async def test_next_back_and_extend_keys_drive_the_engine(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = session_screen(app)
        await pilot.press("n")
        assert screen.session.segment.kind is SegmentKind.HOLD
        await pilot.press("plus")
        assert screen.query_one("#countdown", Countdown).value == "1:45"
        assert "+15s added" in str(screen.query_one("#status").render())
        await pilot.press("b")  # in its first seconds: back to the lead-in
        assert screen.session.segment.kind is SegmentKind.LEAD_IN


@pytest.mark.parametrize(("quiet", "expected"), [(False, 6), (True, 0)])
async def test_the_bell_rings_at_each_change_and_not_when_quiet(
    journal: Path, quiet: bool, expected: int
) -> None:
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock, quiet=quiet)
    rings: list[None] = []
    app.bell = lambda: rings.append(None)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause()
        for _ in range(6):
            advance(app, clock, 1.0)
            await pilot.pause()
        await pilot.press("escape")
    # five segment changes and the end
    assert len(rings) == expected


async def test_the_breathing_guide_follows_the_phases(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        advance(app, clock, 5.0)  # into the hold: extended exhale, 4 in and 8 out
        guide = session_screen(app).query_one(BreathGuide)
        advance(app, clock, 1.0)
        assert guide.label == "▲ Breathe in · 3"
        assert guide.has_class("-inhale")
        small = guide.level
        advance(app, clock, 2.0)
        assert guide.level > small
        advance(app, clock, 2.0)
        assert guide.label == "▼ Breathe out · 7"
        assert guide.has_class("-exhale")


async def test_help_opens_and_any_key_closes_it(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("x")
        session_screen(app)


async def test_mood_before_is_asked_when_the_setting_is_on(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock, mood_before=True)
    async with app.run_test() as pilot:
        await pilot.press("2", "enter")
        session_screen(app)
        await pilot.press("ctrl+c", "4", "ctrl+s")
    record = read_journal(journal).records[0]
    assert (record.mood_before, record.mood) == (2, 4)


async def test_text_from_the_routine_is_shown_literally(journal: Path) -> None:
    clock = FakeClock()
    text = ONE_SECOND_ROUTINE.replace("Slide the knee", "[red]Slide\\u001b]0;pwned\\u0007 the knee")
    app = make_app(text, journal, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        screen = session_screen(app)
        cue = " ".join(screen.query_one(CueText).fitted.lines)
        assert "[red]Slide\\x1b]0;pwned\\x07 the knee" in cue
        assert "Tiny [bold]hips[/bold]" in screen.query_one(HeaderLine).render_line(0).text


async def test_quitting_with_ctrl_q_saves_without_questions(journal: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 20.0)
        await pilot.press("ctrl+q")
    (record,) = read_journal(journal).records
    assert record.completed is False
    assert record.active_s == pytest.approx(20.0)


async def test_a_journal_that_cannot_be_written_leaves_a_recovery_file(tmp_path: Path) -> None:
    clock = FakeClock()
    blocked = tmp_path / "journal-is-a-dir"
    blocked.mkdir()
    app = make_app(ONE_SECOND_ROUTINE, blocked, clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+c", "3", "tab", "tab", *"keep these words", "ctrl+s")
    result = app.return_value
    assert result is not None
    assert not result.in_journal
    assert result.saved_to is not None
    (record,) = read_journal(result.saved_to).records
    assert record.notes == "keep these words"


async def test_a_completed_session_shows_its_end_a_moment_before_the_check_in(
    journal: Path,
) -> None:
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock)
    app.end_pause_s = 0.5
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 6.0)
        await pilot.pause()
        screen = session_screen(app)
        assert screen.query_one("#segment-label", PoseLine).text == "Session complete"
        assert screen.query_one("#countdown", Countdown).value == "0"
        await pilot.pause(0.7)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")


@pytest.mark.parametrize("field", ["#tags", "#notes"])
async def test_a_pasted_escape_sequence_arrives_as_visible_text(journal: Path, field: str) -> None:
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+c")
        widget = app.screen.query_one(field)
        widget.focus()
        widget.post_message(events.Paste("calm\x1b]0;pwned\x07"))
        await pilot.pause()
        await pilot.press("ctrl+s")
    (record,) = read_journal(journal).records
    saved = record.tags[0] if field == "#tags" else record.notes
    assert saved == "calm\\x1b]0;pwned\\x07"
