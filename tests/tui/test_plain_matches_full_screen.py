"""One engine, one cue plan: the full screen and the plain lines, driven by the same fake clock
and the same keys, see the same events and write the same record."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hipcli.journal.read import read_journal
from hipcli.practice.session import SegmentStarted, SessionFinished, SessionState
from hipcli.tui.checkin_screen import CheckInScreen
from hipcli.tui.dialogs import ConfirmEndScreen
from tests.plain_support import ScriptedConsole, plain_session, record_events
from tests.tui_support import HOLD_ROUTINE, FakeClock, advance, make_app, routine

# (seconds from the start, key): pause and carry on, 15 s more, skip the rest of the hold and the
# switch, back to the switch, then let the routine run to its end.
KEYS = [(35.0, " "), (50.0, " "), (51.0, "+"), (60.0, "n"), (61.0, "n"), (62.0, "b")]
TEXTUAL_KEYS = {" ": "space", "+": "plus", "n": "n", "b": "b", "q": "q", "y": "y"}
STEP_S = 1.0  # the full screen's clock moves in steps, as its own timer's ticks would
END_S = 400.0
ANSWERS = ["4", "release, calm", "Left side tighter.", "Felt calmer.", ""]


async def test_the_full_screen_and_plain_lines_share_events_and_record(tmp_path: Path) -> None:
    # The full screen.
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "full.toml", clock)
    full_events = record_events(app.session, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        for at, key in [*KEYS, (END_S, "")]:
            while clock.now - 1000.0 < at - 1e-9 and app.session.state is not SessionState.FINISHED:
                advance(app, clock, min(STEP_S, at - (clock.now - 1000.0)))
            if key:
                await pilot.press(TEXTUAL_KEYS[key])
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("4", "tab", *"release, calm", "tab")
        await pilot.press(*"Left side tighter.", "enter", *"Felt calmer.", "ctrl+s")
        await pilot.pause()
    assert app.return_value is not None
    full = app.return_value.record

    # The plain lines, from a clock that starts at the same moment.
    clock = FakeClock()
    console = ScriptedConsole(clock, KEYS, ANSWERS)
    session = plain_session(routine(HOLD_ROUTINE), tmp_path / "plain.toml", clock, console)
    plain_events = record_events(session.session, clock)
    result = session.run()
    assert result is not None
    plain = result.record

    assert plain_events == full_events
    kinds = [type(event) for _, event in plain_events]
    # six segments, and the switch and the right side once more after going back
    assert kinds.count(SegmentStarted) == 8
    # the switch again from 62 s, 10 s; the right side 90 s; rest 15 s; child's pose 60 s
    assert plain_events[-1] == (237.0, SessionFinished(completed=True))
    assert dataclasses.replace(plain, id="") == dataclasses.replace(full, id="")
    (full_read,) = read_journal(tmp_path / "full.toml").records
    (plain_read,) = read_journal(tmp_path / "plain.toml").records
    assert dataclasses.replace(plain_read, id="") == dataclasses.replace(full_read, id="")
    assert (plain.mood, plain.tags, plain.notes) == (
        4,
        ("release", "calm"),
        "Left side tighter.\nFelt calmer.",
    )


async def test_ending_early_is_the_same_in_both(tmp_path: Path) -> None:
    keys = [(40.0, "q"), (40.0, "y")]
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, tmp_path / "full.toml", clock)
    full_events = record_events(app.session, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 40.0)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmEndScreen)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is not None

    clock = FakeClock()
    console = ScriptedConsole(clock, keys, ["", "", ""])
    session = plain_session(routine(HOLD_ROUTINE), tmp_path / "plain.toml", clock, console)
    plain_events = record_events(session.session, clock)
    result = session.run()
    assert result is not None
    assert [e for _, e in plain_events] == [e for _, e in full_events]
    assert plain_events[-1] == (40.0, SessionFinished(completed=False))
    full = app.return_value.record
    assert dataclasses.replace(result.record, id="") == dataclasses.replace(full, id="")
