"""Shared pieces for the TUI tests: a fake clock, small routines, an app factory, a driver."""

from __future__ import annotations

from pathlib import Path

from hipcli.routine.model import Routine
from hipcli.routine.validate import parse_routine
from hipcli.tui.app import SessionApp
from hipcli.tui.session_screen import SessionScreen
from tests.fake_clock import START, FakeClock

__all__ = ["START", "FakeClock"]


ONE_SECOND_ROUTINE = """
title = "Tiny [bold]hips[/bold]"
lead_in = "1s"
rest = "1s"
switch = "1s"
breath = "box"

[[steps]]
name = "Pigeon"
hold = 1
sides = ["left", "right"]
cue = "Slide the knee forward and soften."

[[steps]]
name = "Constructive rest"
hold = 1
breath = "natural"
"""

HOLD_ROUTINE = """
title = "Pigeon"
lead_in = "5s"
switch = "10s"
rest = "15s"
breath = "extended-exhale"

[[steps]]
name = "Pigeon, folded forward"
hold = "90s"
sides = ["left", "right"]
cue = "Slide the knee towards the same wrist, square the hips, and soften on every exhale. \
If the knee complains, back out."

[[steps]]
name = "Child's pose"
hold = "60s"
cue = "Knees wide, forehead down, arms long."
"""


def routine(text: str, name: str = "tiny") -> Routine:
    return parse_routine(text, name=name, file=f"{name}.toml")


def make_app(
    text: str, journal: Path, clock: FakeClock, *, quiet: bool = True, mood_before: bool = False
) -> SessionApp:
    return SessionApp(
        routine(text),
        journal=journal,
        quiet=quiet,
        ask_mood_before=mood_before,
        clock=clock,
        wall=None,
        now=clock.datetime,
        end_pause_s=0.0,  # the pause before the check-in has a test of its own
    )


def session_screen(app: SessionApp) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen), f"expected the session screen, found {screen}"
    return screen


def advance(app: SessionApp, clock: FakeClock, seconds: float) -> None:
    """Move the clock and let the session screen catch up, as its timer would."""
    clock.advance(seconds)
    session_screen(app).tick()
