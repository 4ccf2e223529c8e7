"""The browser's list of sessions (`hipcli.tui.browse_list.SessionList`): every line fits its
width whatever the titles hold, titles are shown literally, a click moves and opens, and
`--grep` opens the browser filtered."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from hipcli.journal.record import format_record
from hipcli.tui.browse import BrowserApp
from hipcli.tui.browse_list import SessionList
from hipcli.tui.browse_session import SessionScreen
from tests.journal_records import make_record
from tests.tui.test_browse import TODAY, at, read_whole, write

HOSTILE_TITLE = "[bold]Pigeon[/bold] \x1b[31mred\x1b[0m"
WIDE_TITLE = "股関節をゆっくり開くための長い朝のルーティン🙂" * 2


def journal_with_titles(path: Path, *titles: str) -> Path:
    records = [
        make_record(index, started_at=at(TODAY - timedelta(days=index)), title=title)
        for index, title in enumerate(titles)
    ]
    path.write_text("\n".join(format_record(r) for r in reversed(records)), encoding="utf-8")
    return path


def lines(listing: SessionList) -> list[str]:
    return [listing.render_line(y).text for y in range(listing.size.height)]


async def test_titles_are_shown_literally_in_the_list(tmp_path: Path) -> None:
    journal = journal_with_titles(tmp_path / "journal.toml", HOSTILE_TITLE)
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(80, 30)) as pilot:  # the list is 80 wide: room for it all
        await read_whole(app)
        await pilot.pause()
        drawn = "\n".join(lines(app.query_one(SessionList)))
        assert "[bold]Pigeon[/bold] \\x1b[31mred\\x1b[0m" in drawn
        assert "\x1b" not in drawn


@pytest.mark.parametrize("width", [40, 59, 60, 80, 100, 120])
async def test_every_line_fits_the_list_even_with_a_long_wide_title(
    tmp_path: Path, width: int
) -> None:
    journal = journal_with_titles(tmp_path / "journal.toml", WIDE_TITLE, "Frog")
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(width, 30)) as pilot:
        await read_whole(app)
        await pilot.pause()
        listing = app.query_one(SessionList)
        drawn = lines(listing)
        assert all(cell_len(line) == listing.scrollable_content_region.width for line in drawn)
        assert drawn[1].rstrip().endswith("○") or "…" in drawn[1]  # cut, never wrapped
        assert "Frog" in drawn[2]


async def test_a_click_moves_to_a_session_and_a_second_click_opens_it(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_whole(app)
        listing = app.query_one(SessionList)
        await pilot.click(SessionList, offset=(5, 3))  # the heading, then sessions 0, 1, 2
        await pilot.pause()
        assert listing.cursor_row == 2
        assert not isinstance(app.screen, SessionScreen)
        await pilot.click(SessionList, offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.record.notes == "note 37"


async def test_the_cursor_stays_on_screen_as_it_moves_down_a_long_list(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_whole(app)
        listing = app.query_one(SessionList)
        await pilot.press(*["down"] * 30)
        await pilot.pause()
        assert listing.cursor_row == 30
        top = round(listing.scroll_y)
        assert top <= 30 < top + listing.scrollable_content_region.height - 1
        assert (TODAY - timedelta(days=30)).isoformat() in lines(listing)[30 - top + 1]


async def test_grep_opens_the_browser_filtered_and_escape_clears_it(journal: Path) -> None:
    app = BrowserApp(journal, today=TODAY, filter_text="Frog")
    async with app.run_test(size=(100, 30)) as pilot:
        await read_whole(app)
        await pilot.pause()
        listing = app.query_one(SessionList)
        assert listing.row_count == 13
        await pilot.press("escape")
        await pilot.pause()
        assert listing.row_count == 40


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    write(path, 40)
    return path
