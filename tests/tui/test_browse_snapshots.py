"""Snapshots of the journal browser at the sizes people use: 100×30, 80×24, 40×12, filtered,
a session opened, and without colour. Update after an intended change with
`python -m pytest tests/tui/test_browse_snapshots.py --snapshot-update`, and look at the report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from hipcli.tui.browse import BrowserApp
from tests.tui.test_browse import TODAY, read_whole, write

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(tmp_path: Path) -> BrowserApp:
    journal = tmp_path / "journal.toml"
    write(journal, 40)
    return BrowserApp(journal, today=TODAY)


async def whole_journal(pilot: Pilot[int]) -> None:
    """The browser as it is once the journal is read (a moment after its first screen)."""
    assert isinstance(pilot.app, BrowserApp)
    await read_whole(pilot.app)


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (40, 12)])
def test_browser(snap_compare: SnapCompare, app: BrowserApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, press=["down"], run_before=whole_journal)


def test_browser_filtered_by_tag(snap_compare: SnapCompare, app: BrowserApp) -> None:
    assert snap_compare(
        app, terminal_size=(100, 30), press=["slash", *"#grief", "enter"], run_before=whole_journal
    )


def test_browser_with_a_session_opened(snap_compare: SnapCompare, app: BrowserApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), press=["enter"], run_before=whole_journal)


def test_browser_without_colour(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    journal = tmp_path / "journal.toml"
    write(journal, 40)
    app = BrowserApp(journal, today=TODAY)
    assert snap_compare(app, terminal_size=(100, 30), run_before=whole_journal)
