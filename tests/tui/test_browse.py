"""`hipcli log --browse` driven by Pilot: the list, the notes, the calendar following each other,
Enter, the filter, quitting, the first screen of a long journal, small windows, NO_COLOR."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from hipcli.journal.record import format_record
from hipcli.review.select import Recent
from hipcli.tui.browse import BrowserApp
from hipcli.tui.browse_list import SessionList
from hipcli.tui.browse_session import SessionScreen
from hipcli.tui.calendar import Calendar
from tests.journal_records import make_record

TODAY = date(2026, 11, 21)
HOSTILE = "[bold]not bold[/bold] \x1b[31mred\x1b[0m \x1b]0;pwned\x07 \u202eevil"


def at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC)


def write(journal: Path, count: int) -> None:
    """`count` sessions, one a day back from TODAY, routines in turn; the newest has hostile
    notes; every fifth is tagged #grief."""
    names = [("pigeon", "Pigeon"), ("frog", "Frog"), ("lizard", "Lizard")]
    records = []
    for index in range(count):
        routine, title = names[index % 3]
        records.append(
            make_record(
                index,
                started_at=at(TODAY - timedelta(days=count - 1 - index)),
                routine=routine,
                title=title,
                tags=("grief",) if index % 5 == 0 else (),
                notes=HOSTILE if index == count - 1 else f"note {index}",
            )
        )
    journal.write_text("\n".join(format_record(r) for r in records), encoding="utf-8")


def notes_text(app: BrowserApp) -> str:
    return str(app.query_one("#notes", Static).render())


async def read_whole(app: BrowserApp) -> None:
    """Wait until the browser has read the whole journal (a moment after its first screen)."""
    await asyncio.wait_for(app.whole_journal_shown.wait(), 60)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    write(path, 40)
    return path


async def test_it_opens_on_the_newest_session_with_its_notes_shown_literally(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_whole(app)
        await pilot.pause()
        table = app.query_one(SessionList)
        assert table.row_count == 40
        assert table.has_focus
        text = notes_text(app)
        assert "[bold]not bold[/bold]" in text
        assert "\\x1b[31mred" in text
        assert "\\u202eevil" in text
        assert "\x1b" not in text
        assert app.query_one(Calendar).selected == TODAY


async def test_the_calendar_and_the_notes_follow_the_list(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_whole(app)
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.query_one(Calendar).selected == TODAY - timedelta(days=2)
        assert "note 37" in notes_text(app)


async def test_the_list_follows_the_calendar(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_whole(app)
        await pilot.press("tab")
        assert app.query_one(Calendar).has_focus
        await pilot.press("left", "up")  # a week back, then a day before that
        await pilot.pause()
        assert app.query_one(Calendar).selected == TODAY - timedelta(days=8)
        assert app.query_one(SessionList).cursor_row == 8
        assert "note 31" in notes_text(app)


async def test_enter_opens_a_session_and_escape_brings_the_list_back(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_whole(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.record.notes == "note 38"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SessionScreen)


async def test_slash_filters_by_text_routine_or_tag_and_escape_clears(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_whole(app)
        table = app.query_one(SessionList)
        await pilot.press("slash")
        assert app.query_one("#filter", Input).has_focus
        await pilot.press(*"frog")
        await pilot.pause()
        assert table.row_count == 13
        assert all(record.routine == "frog" for record in app.shown)
        await pilot.press("enter")
        assert table.has_focus
        assert table.row_count == 13
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 40
        await pilot.press("slash", *"#grief")
        await pilot.pause()
        assert table.row_count == 8
        await pilot.press("backspace", *"x" * 3)
        await pilot.pause()
        assert table.row_count == 0
        assert "No sessions match" in notes_text(app)


async def test_words_typed_in_one_go_after_slash_all_go_into_the_filter(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_whole(app)
        # one burst, as a fast typist or a paste sends it: every key waits in the queue before
        # `/` is acted on, and a slash inside the filter is text
        for key, character in [("slash", "/"), ("f", "f"), ("slash", "/"), ("r", "r")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert app.query_one("#filter", Input).value == "f/r"
        assert app.query_one("#filter", Input).has_focus


async def test_q_quits(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_whole(app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)


async def test_a_long_journal_shows_its_newest_sessions_first_and_the_last_30_days_whole(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "long.toml"
    write(journal, 500)
    first = BrowserApp(journal, today=TODAY, load_rest=False)  # the first screen alone
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # a screenful (30 lines), and every session of the last 30 days (one a day here)
        assert 31 <= first.query_one(SessionList).row_count < 500
        assert first.shown[-1].started_at.date() <= TODAY - timedelta(days=30)
        assert [r.id for r in first.shown[:2]] == ["test-000499", "test-000498"]
        summary = str(first.query_one("#summary", Static).render())
        assert summary.startswith("Practice on 30 of the last 30 days")
        assert "so far" in str(first.query_one("#summary", Static).render())
        assert "Reading the rest" not in first.query_one(Calendar).picture().plain


@pytest.mark.parametrize(
    ("size", "classes"), [((100, 30), {"-wide", "-tall"}), ((40, 12), {"-narrow", "-short"})]
)
async def test_the_first_frame_is_laid_out_for_the_windows_size(
    journal: Path, size: tuple[int, int], classes: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at_mount: list[set[str]] = []  # the screen's classes as the first sessions are read
    read_first_screen = BrowserApp._read_first_screen

    def noting(app: BrowserApp, problems: list[object]) -> Recent:
        at_mount.append(set(app.screen.classes))
        return read_first_screen(app, problems)

    monkeypatch.setattr(BrowserApp, "_read_first_screen", noting)
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=size):
        assert classes <= at_mount[0]


async def test_a_big_journal_reaches_its_full_state_and_the_cursor_keeps_its_session(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "big.toml"
    write(journal, 3000)
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        listing = app.query_one(SessionList)
        await pilot.press("down", "down")  # before or after the rest arrives, the same session
        await asyncio.wait_for(app.whole_journal_shown.wait(), 60)
        await pilot.pause()
        assert listing.row_count == 3000
        assert listing.cursor_row == 2
        assert "note 2997" in notes_text(app)
        assert app.query_one(Calendar).selected == TODAY - timedelta(days=2)
        assert "Reading the rest" not in app.query_one(Calendar).picture().plain
        summary = str(app.query_one("#summary", Static).render())
        assert "3000 sessions" in summary
        assert "so far" not in summary
        await pilot.press("end")
        await pilot.pause()
        assert listing.cursor_row == 2999
        assert "note 0" in notes_text(app)
        assert app.query_one(Calendar).selected == TODAY - timedelta(days=2999)
        await pilot.press("slash", *"#grief")
        await pilot.pause()
        assert listing.row_count == 600


async def test_a_small_window_keeps_the_list_and_hides_the_calendar(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(40, 12)) as pilot:
        await read_whole(app)
        await pilot.pause()
        assert not app.query_one(Calendar).display or app.query_one(Calendar).region.height == 0
        assert app.query_one(SessionList).row_count == 40
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_no_color_draws_the_calendar_in_glyphs(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_whole(app)
        await pilot.pause()
        drawn = app.query_one(Calendar).picture().plain
        assert "░" in drawn or "▒" in drawn
        assert "■" not in drawn


async def test_an_empty_journal_says_how_to_begin(tmp_path: Path) -> None:
    app = BrowserApp(tmp_path / "none.toml", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "hipcli start pigeon" in notes_text(app)


async def test_a_journal_that_cannot_be_read_says_so_and_exits_1(tmp_path: Path) -> None:
    app = BrowserApp(tmp_path, today=TODAY)  # a directory
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "is a directory" in notes_text(app)
        await pilot.press("q")
    assert app.unreadable


async def test_end_and_home_go_to_the_oldest_and_newest_session(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_whole(app)
        table = app.query_one(SessionList)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 39
        assert "note 0" in notes_text(app)  # the notes and the calendar follow
        assert app.query_one(Calendar).selected == TODAY - timedelta(days=39)
        await pilot.press("pageup")
        await pilot.pause()
        assert 0 < table.cursor_row < 39
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert app.query_one(Calendar).selected == TODAY
        await pilot.press("pagedown")
        await pilot.pause()
        assert 0 < table.cursor_row < 39
        assert f"note {39 - table.cursor_row}" in notes_text(app)


@pytest.mark.parametrize("width", [40, 60, 80, 81, 100, 120])
async def test_month_names_over_the_calendar_are_whole(tmp_path: Path, width: int) -> None:
    december = date(2026, 12, 3)  # December's name stands over the last week
    journal = tmp_path / "journal.toml"
    journal.write_text(format_record(make_record(0, started_at=at(december))), encoding="utf-8")
    app = BrowserApp(journal, today=december)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        calendar = app.query_one(Calendar)
        months = calendar.picture().plain.splitlines()[0]
        assert len(months) <= calendar.size.width
        assert months.endswith("Dec")
        assert all(len(word) == 3 for word in months.split())


async def test_a_mood_given_alone_says_whether_before_or_after(tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    records = [
        make_record(0, started_at=at(TODAY - timedelta(days=1)), mood=None, mood_before=2),
        make_record(1, started_at=at(TODAY), mood=1),
    ]
    journal.write_text("\n".join(format_record(r) for r in records), encoding="utf-8")
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "mood after: very low" in notes_text(app)
        await pilot.press("down")
        assert "mood before: low" in notes_text(app)
