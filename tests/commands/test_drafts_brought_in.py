"""What the next hipcli command says when it brings in the draft of a session whose hipcli was
stopped: during practice (added as ended early, with the time practised) or at its check-in."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hipcli.commands.recovery import bring_in_drafts
from hipcli.journal.checkin import home_relative
from hipcli.journal.draft import Draft
from hipcli.journal.read import read_journal
from hipcli.journal.record import SessionRecord

START = datetime(2026, 11, 21, 7, 30, tzinfo=timezone(timedelta(hours=1)))


def stopped(active_s: float, *, completed: bool = False) -> SessionRecord:
    return SessionRecord(
        id="20261121T073000-abc123",
        routine="pigeon",
        title="Pigeon",
        started_at=START,
        ended_at=START + timedelta(seconds=active_s),
        planned_s=1800,
        active_s=active_s,
        completed=completed,
        steps_done=1,
        steps_total=3,
    )


def killed(record: SessionRecord, journal: Path, *, practising: bool) -> None:
    draft = Draft.begin(record, journal, practising=practising)
    assert draft._lock_fd is not None
    os.close(draft._lock_fd)  # what kill -9 does: the lock goes with the process


@pytest.mark.parametrize(
    ("active_s", "words"),
    [
        (754.0, "13 minutes"),
        (52.4, "52 seconds"),
        (3725.0, "1 hour 2 minutes"),
        (0.1, "less than a second"),
    ],
)
def test_a_session_stopped_during_practice_is_said_to_be_added_as_ended_early(
    data_dir: Path, capsys: pytest.CaptureFixture[str], active_s: float, words: str
) -> None:
    journal = data_dir / "journal.toml"
    killed(stopped(active_s), journal, practising=True)
    bring_in_drafts()
    assert capsys.readouterr().err == (
        "Your Pigeon session of 21 Nov 07:30 was still in practice when hipcli stopped; it is in "
        f"{home_relative(journal)} now, as ended early after {words} of practice.\n"
    )
    (record,) = read_journal(journal).records
    assert (record.completed, record.active_s) == (False, active_s)
    bring_in_drafts()  # once only
    assert capsys.readouterr().err == ""
    assert len(read_journal(journal).records) == 1


def test_a_session_stopped_at_its_check_in_is_said_to_be_added_with_what_was_written(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = data_dir / "journal.toml"
    record = dataclasses.replace(stopped(1800.0, completed=True), mood=4, notes="Open.")
    killed(record, journal, practising=False)
    bring_in_drafts()
    assert capsys.readouterr().err == (
        "Your Pigeon session of 21 Nov 07:30 was still at its check-in when hipcli stopped; it "
        f"is in {home_relative(journal)} now, with what you had written.\n"
    )
    assert read_journal(journal).records[0].notes == "Open."
