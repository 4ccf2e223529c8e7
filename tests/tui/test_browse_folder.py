"""`hipcli log --browse` on a journal folder: every machine's sessions, each once, and which
machine a session came from in its notes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Static

from hipcli.journal.append import append_session
from hipcli.journal.location import folder_location
from hipcli.tui.browse import BrowserApp
from hipcli.tui.browse_list import SessionList
from hipcli.tui.browse_session import SessionScreen
from tests.journal_records import make_record

TODAY = date(2026, 11, 30)


def notes_text(app: BrowserApp) -> str:
    return str(app.query_one("#notes", Static).render())


async def test_the_browser_shows_every_machines_sessions_once_and_where_each_was(
    tmp_path: Path,
) -> None:
    for index in range(6):
        append_session(
            tmp_path / ("laptop.toml" if index % 2 else "desktop.toml"), make_record(index)
        )
    conflict = tmp_path / "desktop.sync-conflict-20261201-073012-ABCDEF7.toml"
    conflict.write_bytes((tmp_path / "desktop.toml").read_bytes())
    app = BrowserApp(folder_location(tmp_path, "laptop"), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.query_one(SessionList).row_count == 6
        assert "8m 36s · completed · on laptop" in notes_text(app)  # the newest, test-000005
        await pilot.press("down")
        assert "on desktop" in notes_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
        assert "on desktop" in str(app.screen.query_one("#session-text", Static).render())


async def test_one_machines_journal_names_no_machine(tmp_path: Path) -> None:
    for index in range(3):
        append_session(tmp_path / "laptop.toml", make_record(index))
    app = BrowserApp(folder_location(tmp_path, "laptop"), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert " · on " not in notes_text(app)


async def test_this_machine_without_a_file_is_not_named_beside_another(tmp_path: Path) -> None:
    for index in range(3):
        append_session(tmp_path / "desktop.toml", make_record(index))
    (tmp_path / "tablet.toml").write_text("")  # a machine that has saved nothing
    app = BrowserApp(folder_location(tmp_path, "laptop"), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert " · on " not in notes_text(app)
        append_session(tmp_path / "laptop.toml", make_record(3))
    app = BrowserApp(folder_location(tmp_path, "laptop"), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "· on laptop" in notes_text(app)
