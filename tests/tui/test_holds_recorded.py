"""The keys pressed in a session end up in the journal's holds."""

from __future__ import annotations

from pathlib import Path

from hipcli.journal.holds import Hold
from hipcli.journal.read import read_journal
from hipcli.tui.checkin_screen import CheckInScreen
from tests.tui_support import HOLD_ROUTINE, FakeClock, advance, make_app


async def test_extending_skipping_pausing_and_ending_early_are_recorded_hold_by_hold(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "journal.toml"
    clock = FakeClock()
    app = make_app(HOLD_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        advance(app, clock, 5.0)  # the lead-in: now on the left side, 90 s
        await pilot.press("plus")  # 105 s
        advance(app, clock, 40.0)
        await pilot.press("space")  # a long pause is not held time
        advance(app, clock, 300.0)
        await pilot.press("space")
        advance(app, clock, 65.0)  # the left side ran out: 105 s held; now the switch
        advance(app, clock, 10.0 + 20.0)  # twenty seconds into the right side
        await pilot.press("n")  # skipped after 20 s
        advance(app, clock, 15.0 + 7.0)  # the rest, then seven seconds of child's pose
        await pilot.press("q", "y")
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
    (record,) = read_journal(journal).records
    assert record.completed is False
    assert record.holds == (
        Hold("Pigeon, folded forward", "left", 90, 105, False),
        Hold("Pigeon, folded forward", "right", 90, 20, True),
        Hold("Child's pose", None, 60, 7, False),
    )
