"""Snapshots of the screens a person sees: a hold in each breath phase, the check-in, 40×12.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`, and look at
the report (`snapshot_report.html`) before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui_support import HOLD_ROUTINE, FakeClock, advance, make_app

SnapCompare = Callable[..., bool]


def _app_at(seconds: float, tmp_path: Path) -> tuple[Any, Callable[[Pilot[Any]], Awaitable[None]]]:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "journal.toml", clock)

    async def move_clock(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        advance(app, clock, seconds)
        await pilot.pause()

    return app, move_clock


@pytest.mark.parametrize(
    ("seconds", "phase"),
    [
        (2.0, "lead-in"),
        (5.0 + 2.0, "inhale"),
        (5.0 + 4.0 + 4.0, "exhale"),
    ],
)
def test_hold_screen(snap_compare: SnapCompare, tmp_path: Path, seconds: float, phase: str) -> None:
    app, move_clock = _app_at(seconds, tmp_path)
    assert snap_compare(app, terminal_size=(100, 30), run_before=move_clock), phase


def test_box_breathing_hold_phase(snap_compare: SnapCompare, tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE.replace("extended-exhale", "box"), tmp_path / "j.toml", clock)

    async def move_clock(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        advance(app, clock, 5.0 + 5.5)  # 1.5 s into the hold after the inhale
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=move_clock)


def test_paused_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, move_clock = _app_at(5.0 + 30.0, tmp_path)
    assert snap_compare(app, terminal_size=(100, 30), run_before=move_clock, press=["space"])


def test_tiny_terminal(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, move_clock = _app_at(5.0 + 2.0, tmp_path)
    assert snap_compare(app, terminal_size=(40, 12), run_before=move_clock)


def test_check_in(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, move_clock = _app_at(5.0 + 30.0, tmp_path)
    assert snap_compare(app, terminal_size=(100, 30), run_before=move_clock, press=["ctrl+c", "4"])


def test_check_in_tiny_terminal(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, move_clock = _app_at(5.0 + 30.0, tmp_path)
    assert snap_compare(app, terminal_size=(40, 12), run_before=move_clock, press=["ctrl+c", "2"])


def test_confirm_end_dialog(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, move_clock = _app_at(5.0 + 30.0, tmp_path)
    assert snap_compare(app, terminal_size=(100, 30), run_before=move_clock, press=["q"])
