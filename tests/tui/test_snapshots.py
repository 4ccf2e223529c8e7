"""Snapshots of the screens a person sees: every kind of segment at 120×40, 80×24 and 40×12 in the
dark and light themes and under NO_COLOR, the ANSI theme, the breath's phases, a cut cue, the
help and the end dialog (each at the three sizes, dark, light and NO_COLOR), the check-in.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`, and
look at the report (`snapshot_report.html`) before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUILTIN_ROUTINES
from textual.pilot import Pilot

from hipcli.routine.validate import load_routine
from hipcli.tui.app import SessionApp
from tests.tui.test_from_the_mat import KINDS_AT
from tests.tui_support import HOLD_ROUTINE, FakeClock, advance, routine

SnapCompare = Callable[..., bool]
SIZES = {"120x40": (120, 40), "80x24": (80, 24), "40x12": (40, 12)}
KINDS = [*KINDS_AT, "paused"]


def _app(
    tmp_path: Path, seconds: float, *, theme: str = "dark", text: str = HOLD_ROUTINE
) -> tuple[SessionApp, Callable[[Pilot[Any]], Awaitable[None]]]:
    clock = FakeClock()
    app = SessionApp(
        routine(text),
        journal=tmp_path / "journal.toml",
        quiet=True,
        theme=theme,
        clock=clock,
        wall=None,
        now=clock.datetime,
        end_pause_s=0.0,
    )

    async def move_clock(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        advance(app, clock, seconds)
        await pilot.pause()

    return app, move_clock


def _at(kind: str) -> tuple[float, list[str]]:
    """Seconds into HOLD_ROUTINE for a kind of segment, and the keys that make it ("paused")."""
    if kind == "paused":
        return KINDS_AT["hold"], ["space"]
    return KINDS_AT[kind], []


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("kind", KINDS)
def test_segment(
    snap_compare: SnapCompare, tmp_path: Path, kind: str, size: str, theme: str
) -> None:
    seconds, keys = _at(kind)
    app, move_clock = _app(tmp_path, seconds, theme=theme)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=move_clock, press=keys)


@pytest.mark.parametrize("kind", KINDS)
def test_segment_in_the_ansi_theme(snap_compare: SnapCompare, tmp_path: Path, kind: str) -> None:
    seconds, keys = _at(kind)
    app, move_clock = _app(tmp_path, seconds, theme="ansi")
    assert snap_compare(app, terminal_size=(80, 24), run_before=move_clock, press=keys)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("kind", KINDS)
def test_segment_with_no_color(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    size: str,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    seconds, keys = _at(kind)
    app, move_clock = _app(tmp_path, seconds)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=move_clock, press=keys)


# Box breathing, 4-4-4-4, after the 5 s lead-in: each phase 2 s in.
BOX_PHASES = {"inhale": 2.0, "hold": 6.0, "exhale": 10.0, "hold-empty": 14.0}


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no-color"])
@pytest.mark.parametrize("phase", list(BOX_PHASES))
def test_breath_phase(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    phase: str,
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    text = HOLD_ROUTINE.replace("extended-exhale", "box")
    app, move_clock = _app(tmp_path, 5.0 + BOX_PHASES[phase], text=text)
    assert snap_compare(app, terminal_size=(100, 30), run_before=move_clock)


def test_a_long_cue_cut_at_40x12_keeps_its_safety_sentence(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    clock = FakeClock()
    app = SessionApp(
        load_routine(BUILTIN_ROUTINES / "pigeon.toml"),
        journal=tmp_path / "journal.toml",
        quiet=True,
        clock=clock,
        wall=None,
        now=clock.datetime,
        end_pause_s=0.0,
    )

    async def into_pigeon_upright(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        advance(app, clock, 10 + 45 + 10 + 45 + 15 + 5)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(40, 12), run_before=into_pigeon_upright)


@pytest.mark.parametrize("size", ["80x24", "40x12"])
def test_the_whole_cue(snap_compare: SnapCompare, tmp_path: Path, size: str) -> None:
    app, move_clock = _app(tmp_path, KINDS_AT["hold"])
    assert snap_compare(app, terminal_size=SIZES[size], run_before=move_clock, press=["c"])


LOOKS = ["dark", "light", "no-color"]  # the two themes, and the dark one under NO_COLOR


def _look(look: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The theme for `look`, with NO_COLOR set for "no-color"."""
    if look == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
        return "dark"
    return look


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("size", list(SIZES))
def test_help(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: str,
    look: str,
) -> None:
    app, move_clock = _app(tmp_path, KINDS_AT["hold"], theme=_look(look, monkeypatch))
    assert snap_compare(
        app, terminal_size=SIZES[size], run_before=move_clock, press=["question_mark"]
    )


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("size", list(SIZES))
def test_end_dialog(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: str,
    look: str,
) -> None:
    app, move_clock = _app(tmp_path, KINDS_AT["hold"], theme=_look(look, monkeypatch))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=move_clock, press=["q"])


def test_check_in(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, move_clock = _app(tmp_path, 5.0 + 30.0)
    assert snap_compare(app, terminal_size=(100, 30), run_before=move_clock, press=["ctrl+c", "4"])


def test_check_in_tiny_terminal(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, move_clock = _app(tmp_path, 5.0 + 30.0)
    assert snap_compare(app, terminal_size=(40, 12), run_before=move_clock, press=["ctrl+c", "2"])
