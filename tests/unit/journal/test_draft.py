"""The draft a session is kept in while its check-in is open, and the sweep that brings in the
drafts of stopped sessions (issue 10, items 1–2): one record per session, never two."""

from __future__ import annotations

import dataclasses
import fcntl
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hipcli.journal.draft import Draft, collect_drafts, draft_text, read_draft
from hipcli.journal.read import read_journal
from hipcli.journal.record import SessionRecord
from hipcli.journal.recovery import append_once, save_session

START = datetime(2026, 11, 21, 7, 30, tzinfo=timezone(timedelta(hours=1)))


def ended(ident: str = "20261121T073000-abc123") -> SessionRecord:
    return SessionRecord(
        id=ident,
        routine="pigeon",
        title="Pigeon",
        started_at=START,
        ended_at=START + timedelta(minutes=8),
        planned_s=480,
        active_s=476.0,
        completed=True,
        steps_done=3,
        steps_total=3,
    )


def answered(record: SessionRecord) -> SessionRecord:
    return dataclasses.replace(record, mood=4, tags=("tight",), notes="Left hip tight.")


def test_a_draft_is_private_and_holds_the_session_and_its_journal(data_dir: Path) -> None:
    journal = data_dir / "journal.toml"
    draft = Draft.begin(ended(), journal)
    assert draft.path.parent == data_dir / "recovery"
    assert draft.path.stat().st_mode & 0o777 == 0o600
    assert (data_dir / "recovery").stat().st_mode & 0o777 == 0o700
    assert read_draft(draft.path) == (ended(), journal, False)  # written at the check-in
    assert not journal.exists()  # the journal is only written once, when the check-in ends


def test_answers_kept_in_the_draft_reach_the_journal_as_one_record(data_dir: Path) -> None:
    journal = data_dir / "journal.toml"
    draft = Draft.begin(ended(), journal)
    assert draft.keep(dataclasses.replace(ended(), mood=3))
    assert draft.keep(answered(ended()))
    assert read_draft(draft.path)[0] == answered(ended())
    result = draft.finish(answered(ended()))
    assert result.in_journal
    assert [r.notes for r in read_journal(journal).records] == ["Left hip tight."]
    assert not draft.path.exists()
    assert not draft.path.with_suffix(".lock").exists()
    assert not draft.keep(ended())  # a finished draft is never written again
    assert not draft.path.exists()
    assert draft.finish(ended()) is result


def test_the_draft_of_a_killed_session_is_brought_in_once(data_dir: Path) -> None:
    journal = data_dir / "journal.toml"
    draft = Draft.begin(ended(), journal)
    draft.keep(answered(ended()))
    os.close(draft._lock_fd)  # what kill -9 does: the lock goes with the process
    (collected,) = collect_drafts()
    assert collected.result is not None
    assert collected.result.in_journal
    assert collect_drafts() == []
    (record,) = read_journal(journal).records
    assert record.notes == "Left hip tight."


def test_a_crash_between_append_and_removing_the_draft_never_doubles_the_session(
    data_dir: Path,
) -> None:
    journal = data_dir / "journal.toml"
    draft = Draft.begin(answered(ended()), journal)
    assert append_once(journal, answered(ended()))  # appended, then the process died
    os.close(draft._lock_fd)
    (collected,) = collect_drafts()
    assert collected.result is not None
    assert collected.result.in_journal
    assert len(read_journal(journal).records) == 1
    assert not draft.path.exists()
    assert not append_once(journal, answered(ended()))
    assert save_session(answered(ended()), journal).in_journal
    assert len(read_journal(journal).records) == 1


def test_the_draft_of_an_open_check_in_is_left_alone(data_dir: Path) -> None:
    journal = data_dir / "journal.toml"
    draft = Draft.begin(ended(), journal)  # its session is still at the check-in, here
    assert collect_drafts() == []
    assert draft.path.exists()
    assert not journal.exists()
    draft.finish(answered(ended()))
    assert len(read_journal(journal).records) == 1


def test_a_damaged_draft_is_kept_and_reported(data_dir: Path) -> None:
    journal = data_dir / "journal.toml"
    folder = data_dir / "recovery"
    folder.mkdir(mode=0o700)
    damaged = folder / "hipcli-draft-x.toml"
    text = draft_text(ended(), journal).replace("steps_done = 3", "steps_done = 9")
    damaged.write_text(text)
    os.chmod(damaged, 0o600)
    (collected,) = collect_drafts()
    assert collected.result is None
    assert "steps_done (9) is more than steps_total (3)" in collected.problem
    header = text.splitlines().index("[[session]]") + 1
    assert f"line {header}:" in collected.problem  # the [[session]] header
    assert damaged.exists()


def test_a_draft_whose_journal_cannot_be_written_becomes_a_recovery_file(
    data_dir: Path,
) -> None:
    blocked = data_dir / "blocked"
    blocked.mkdir()  # a directory where the journal should be
    draft = Draft.begin(answered(ended()), blocked)
    os.close(draft._lock_fd)
    (collected,) = collect_drafts()
    assert collected.result is not None
    assert collected.result.saved_to is not None
    assert collected.result.saved_to.name.startswith("hipcli-recovered-")
    assert not draft.path.exists()
    (record,) = read_journal(collected.result.saved_to).records
    assert record.notes == "Left hip tight."


def test_the_lock_of_an_open_draft_is_held_by_its_session(data_dir: Path) -> None:
    draft = Draft.begin(ended(), data_dir / "journal.toml")
    fd = os.open(draft.path.with_suffix(".lock"), os.O_RDWR)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)
        draft.finish(ended())
