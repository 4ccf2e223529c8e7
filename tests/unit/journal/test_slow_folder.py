"""A journal folder on a slow or stuck network drive never holds a session's save for long: the
session goes to a recovery file, and a write that lands later is never a second session."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from hipcli.journal.append import append_session
from hipcli.journal.checkin import pending_recoveries, recover_into, save_session
from hipcli.journal.read import read_journal
from tests.journal_records import make_record


def test_a_journal_that_does_not_answer_in_time_gives_way_to_a_recovery_file(
    data_dir: Path, tmp_path: Path
) -> None:
    journal = tmp_path / "Sync" / "laptop.toml"
    append_session(journal, make_record(0))
    # what a stuck drive looks like from here: the append can't get on (held by another open)
    stuck = os.open(journal, os.O_RDWR)
    fcntl.flock(stuck, fcntl.LOCK_EX)
    try:
        result = save_session(make_record(1), journal, deadline_s=0.2)
    finally:
        fcntl.flock(stuck, fcntl.LOCK_UN)
        os.close(stuck)
    assert not result.in_journal
    assert result.saved_to is not None
    assert result.saved_to.parent == data_dir / "recovery"
    assert f"{journal} did not answer within 0.2 seconds" in result.problem
    assert [r.id for r in read_journal(result.saved_to).records] == ["test-000001"]

    # the drive answers: the abandoned write lands after all, and recovery adds nothing twice
    for thread in threading.enumerate():
        if thread.name == "hipcli-journal-write":
            thread.join(30)
    (recovered,) = recover_into(journal, pending_recoveries())
    assert recovered.sessions == 0
    assert recovered.problem == ""
    assert [r.id for r in read_journal(journal).records] == ["test-000000", "test-000001"]
    assert pending_recoveries() == []


def test_a_journal_that_answers_in_time_takes_the_session_as_before(tmp_path: Path) -> None:
    journal = tmp_path / "Sync" / "laptop.toml"
    result = save_session(make_record(0), journal, deadline_s=30)
    assert result.in_journal
    assert journal.stat().st_mode & 0o777 == 0o600
