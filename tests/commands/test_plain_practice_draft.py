"""`hipcli start --plain` keeps its session in a draft from the moment practice starts: at each
segment boundary and every `KEEP_EVERY_S` of practice, on the injected clock, the same draft as
the check-in's, and exactly one record at the end."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from hipcli.commands.plain.session import PlainSession
from hipcli.commands.plain.terminal import Key, Signal
from hipcli.journal.draft import DraftContents, read_draft
from hipcli.journal.live import KEEP_EVERY_S
from hipcli.journal.places import waiting_drafts
from hipcli.journal.read import read_journal
from tests.fake_clock import FakeClock
from tests.plain_support import ScriptedConsole, plain_session
from tests.tui_support import HOLD_ROUTINE, routine

SETTLE_S = 30.0  # a generous deadline for the draft's writer thread (a condition, not a sleep)


class DraftWatchingConsole(ScriptedConsole):
    """Notes, each time the session waits for a key, the drafts on disk once written."""

    plain: PlainSession

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.seen: list[tuple[float, list[DraftContents]]] = []

    def wait(self, timeout: float | None) -> list[Key | Signal]:
        practice = self.plain.keeper.practice
        assert practice is not None
        assert practice.settle(SETTLE_S)
        self.seen.append((self.clock.now - self.start, [read_draft(p) for p in waiting_drafts()]))
        return super().wait(timeout)

    def at(self, seconds: float) -> DraftContents:
        """The one draft on disk when the session waited at `seconds` into practice."""
        (contents,) = next(drafts for moment, drafts in self.seen if moment == seconds)
        return contents


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.toml"


def watched(
    journal: Path, script: list[tuple[float, str | int]], answers: list[str]
) -> tuple[DraftWatchingConsole, PlainSession]:
    clock = FakeClock()
    console = DraftWatchingConsole(clock, script, answers)
    console.plain = plain_session(routine(HOLD_ROUTINE), journal, clock, console, mood_before=True)
    return console, console.plain


def test_the_draft_is_written_as_practice_starts_and_at_each_boundary(journal: Path) -> None:
    console, plain = watched(journal, [(100, "q"), (100, "y")], ["3", "", "", ""])
    plain.run()
    start = console.at(0.0)
    assert start.practising
    assert (start.record.active_s, start.record.completed, start.record.mood_before) == (
        0.0,
        False,
        3,
    )
    left = console.at(5.0)  # the lead-in is over: the left side began
    assert (left.record.active_s, [h.side for h in left.record.holds]) == (5.0, ["left"])
    switch = console.at(95.0)  # the left side ran its 90 s: the switch
    assert switch.record.active_s == 95.0
    assert [(h.side, h.held_s) for h in switch.record.holds] == [("left", 90)]
    assert {start.record.id, left.record.id, switch.record.id} == {switch.record.id}
    assert waiting_drafts() == []  # appended once at the end, then gone
    (record,) = read_journal(journal).records
    assert record.id == start.record.id
    assert (record.active_s, record.completed) == (100.0, False)


def test_between_boundaries_the_draft_is_kept_up_to_date_every_so_often(journal: Path) -> None:
    console, plain = watched(journal, [(80, "q"), (80, "y")], ["", "", "", ""])
    plain.run()
    kept = sorted({d.record.active_s for _, drafts in console.seen for d in drafts})
    # the start, the left side's start, then every KEEP_EVERY_S within the 90 s hold
    assert kept == [0.0, 5.0, 5.0 + KEEP_EVERY_S, 5.0 + 2 * KEEP_EVERY_S]
    assert len(read_journal(journal).records) == 1


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_practice_appends_the_same_session_once(journal: Path, number: int) -> None:
    console, plain = watched(journal, [(50, number)], ["2"])
    plain.run()
    during = console.at(35.0)  # kept every KEEP_EVERY_S: 5 s, then 35 s
    assert waiting_drafts() == []
    (record,) = read_journal(journal).records
    assert record.id == during.record.id
    assert (record.active_s, record.completed, record.mood_before) == (50.0, False, 2)


def test_a_paused_session_is_not_written_again_and_again(journal: Path) -> None:
    script: list[tuple[float, str | int]] = [(20, " "), (620, " "), (625, "q"), (625, "y")]
    console, plain = watched(journal, script, ["", "", "", ""])
    plain.run()
    paused = [drafts for moment, drafts in console.seen if 35 <= moment < 620]
    assert len(paused) > 10  # the loop woke during the pause, every KEEP_EVERY_S at least...
    assert {d.record.active_s for drafts in paused for d in drafts} == {20.0}
    practice = plain.keeper.practice
    assert practice is not None
    assert practice.written == 3  # ...but wrote only at 0 s, 5 s and 35 s (20 s practised)
    (record,) = read_journal(journal).records
    assert record.active_s == 25.0
