"""The draft a session is kept in while it is practised (hipcli.journal.live): written by one
background thread, the latest state winning, under the id the journal record will have; the same
draft becomes the check-in's when practice ends, and the session is appended exactly once."""

from __future__ import annotations

import dataclasses
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from hipcli.journal import draft as draft_module
from hipcli.journal import live
from hipcli.journal.draft import DraftError, collect_drafts, draft_text, read_draft
from hipcli.journal.live import PracticeDraft
from hipcli.journal.places import waiting_drafts
from hipcli.journal.read import read_journal
from hipcli.journal.record import SessionRecord
from hipcli.practice.session import Session
from hipcli.practice.timeline import build_timeline
from tests.fake_clock import START, FakeClock
from tests.tui_support import HOLD_ROUTINE, routine

SETTLE_S = 30.0  # a generous deadline for the writer thread; the tests wait for a condition


def practising(clock: FakeClock, journal: Path) -> tuple[Session, PracticeDraft]:
    pigeon = routine(HOLD_ROUTINE, "pigeon")
    session = Session(build_timeline(pigeon), clock=clock, wall=None)
    practice = PracticeDraft(pigeon, journal, started_at=START, mood_before=2, clock=clock)
    session.start()
    return session, practice


def keep(practice: PracticeDraft, session: Session, clock: FakeClock) -> None:
    practice.keep(session.summary(), clock.datetime())
    assert practice.settle(SETTLE_S)


def on_disk(practice: PracticeDraft) -> SessionRecord:
    assert practice.draft is not None
    contents = read_draft(practice.draft.path)
    assert contents.practising
    return contents.record


def ended(practice: PracticeDraft, session: Session, clock: FakeClock) -> SessionRecord:
    session.end()
    return practice.record(session.summary(), clock.datetime())


def test_the_session_as_it_is_goes_into_a_private_draft_as_an_ended_early_record(
    data_dir: Path,
) -> None:
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    keep(practice, session, clock)
    record = on_disk(practice)
    assert (record.completed, record.active_s, record.holds) == (False, 0.0, ())
    assert (record.mood_before, record.mood, record.tags, record.notes) == (2, None, (), "")
    assert record.id == practice.session_id
    assert practice.draft is not None
    assert practice.draft.path.stat().st_mode & 0o777 == 0o600
    assert not journal.exists()  # the journal is written once, at the end

    clock.advance(5.0 + 40.0)  # the lead-in, then 40 s of the left side
    session.update()
    keep(practice, session, clock)
    record = on_disk(practice)
    assert record.active_s == 45.0
    assert record.ended_at == START + timedelta(seconds=45)
    assert [(hold.side, hold.held_s) for hold in record.holds] == [("left", 40)]
    assert record.id == practice.session_id
    assert len(waiting_drafts()) == 1


def test_the_end_of_practice_makes_the_same_draft_the_check_ins_and_one_record_follows(
    data_dir: Path,
) -> None:
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    keep(practice, session, clock)
    written = practice.draft
    clock.advance(100.0)
    last = ended(practice, session, clock)
    draft = practice.hand_over(last)
    assert draft is written  # not a second draft
    assert waiting_drafts() == [draft.path]
    contents = read_draft(draft.path)
    assert (contents.record, contents.practising) == (last, False)
    draft.keep(dataclasses.replace(last, mood=4))
    result = draft.finish(dataclasses.replace(last, mood=4, notes="Open."))
    assert result.in_journal
    (record,) = read_journal(journal).records
    assert (record.id, record.mood, record.notes) == (practice.session_id, 4, "Open.")
    assert waiting_drafts() == []
    assert list((data_dir / "recovery").iterdir()) == []  # no lock, no temporary file left


def test_a_session_that_ended_before_any_draft_was_written_gets_one_at_the_end(
    data_dir: Path,
) -> None:
    clock = FakeClock()
    session, practice = practising(clock, data_dir / "journal.toml")
    draft = practice.hand_over(ended(practice, session, clock))
    assert draft is not None
    assert read_draft(draft.path).record.id == practice.session_id


def test_a_killed_session_is_brought_in_once_as_ended_early_with_its_time(
    data_dir: Path,
) -> None:
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    clock.advance(125.0)
    session.update()
    keep(practice, session, clock)
    assert practice.draft is not None
    os.close(practice.draft._lock_fd)  # type: ignore[arg-type]  # what kill -9 does to the lock
    (collected,) = collect_drafts()
    assert collected.practising
    assert collected.result is not None
    assert collected.result.in_journal
    assert collect_drafts() == []
    (record,) = read_journal(journal).records
    assert (record.completed, record.active_s, record.mood_before) == (False, 125.0, 2)
    assert record.id == practice.session_id


def test_only_the_latest_state_is_written_when_states_come_faster_than_the_disk(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    session, practice = practising(clock, data_dir / "journal.toml")
    keep(practice, session, clock)
    disk_free = threading.Event()
    writing = threading.Event()
    replace = draft_module._replace

    def slow_replace(path: Path, text: str) -> None:
        writing.set()
        assert disk_free.wait(SETTLE_S)
        replace(path, text)

    monkeypatch.setattr(draft_module, "_replace", slow_replace)
    clock.advance(10.0)
    session.update()
    practice.keep(session.summary(), clock.datetime())  # the writer takes this one, and waits
    assert writing.wait(SETTLE_S)
    for _ in range(5):  # meanwhile five more states come: only the last matters
        clock.advance(10.0)
        session.update()
        practice.keep(session.summary(), clock.datetime())
    disk_free.set()
    assert practice.settle(SETTLE_S)
    assert on_disk(practice).active_s == 60.0
    assert practice.written == 3  # the first, the one under way, and the last of the five


def test_a_state_no_different_from_the_last_is_not_written_again(data_dir: Path) -> None:
    clock = FakeClock()
    session, practice = practising(clock, data_dir / "journal.toml")
    clock.advance(20.0)
    session.pause()
    keep(practice, session, clock)
    clock.advance(600.0)  # paused: nothing practised, nothing new to write
    keep(practice, session, clock)
    assert practice.written == 1


def test_the_periodic_keep_is_due_every_so_often_on_the_sessions_clock(data_dir: Path) -> None:
    clock = FakeClock()
    session, practice = practising(clock, data_dir / "journal.toml")
    assert practice.due()  # nothing kept yet
    keep(practice, session, clock)
    assert not practice.due()
    assert practice.due_in_s() == live.KEEP_EVERY_S
    clock.advance(live.KEEP_EVERY_S - 1)
    assert practice.due_in_s() == 1.0
    clock.advance(1.0)
    assert practice.due()


def test_practice_goes_on_when_no_place_takes_a_draft_and_the_end_still_saves(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = data_dir / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(draft_module, "recovery_places", lambda: [blocked / "recovery"])
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    keep(practice, session, clock)  # no error reaches the session
    assert (practice.draft, practice.written) == (None, 0)
    last = ended(practice, session, clock)
    assert practice.hand_over(last) is None
    from hipcli.journal.checkin import save_session

    assert save_session(last, journal).in_journal  # what the faces do without a draft
    assert len(read_journal(journal).records) == 1


def test_two_sessions_at_once_each_keep_their_own_draft(data_dir: Path) -> None:
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    first, first_practice = practising(clock, journal)
    second, second_practice = practising(clock, journal)
    keep(first_practice, first, clock)
    keep(second_practice, second, clock)
    assert first_practice.session_id != second_practice.session_id
    assert len(waiting_drafts()) == 2
    assert collect_drafts() == []  # both still practised: another hipcli leaves them alone
    assert len(waiting_drafts()) == 2
    for session, practice in ((first, first_practice), (second, second_practice)):
        clock.advance(30.0)
        last = ended(practice, session, clock)
        draft = practice.hand_over(last)
        assert draft is not None
        draft.finish(last)
    records = read_journal(journal).records
    assert sorted(r.id for r in records) == sorted(
        [first_practice.session_id, second_practice.session_id]
    )
    assert waiting_drafts() == []


def test_a_draft_updated_after_its_lock_is_lost_is_not_appended_twice(data_dir: Path) -> None:
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    clock.advance(50.0)
    session.update()
    keep(practice, session, clock)
    draft = practice.draft
    assert draft is not None
    # Someone tidies the folder and removes the lock file; another hipcli then takes the draft
    # for an orphan and brings it in, while its session is still being practised.
    draft.path.with_suffix(".lock").unlink()
    (collected,) = collect_drafts()
    assert collected.result is not None
    assert collected.result.in_journal
    clock.advance(50.0)
    session.update()
    keep(practice, session, clock)  # the lock is not the draft's own any more: nothing written
    assert waiting_drafts() == []
    last = ended(practice, session, clock)
    handed = practice.hand_over(last)
    assert handed is draft
    result = handed.finish(last)
    assert result.in_journal
    assert collect_drafts() == []
    (record,) = read_journal(journal).records  # one record, never two
    assert record.id == practice.session_id
    assert journal.read_text().count("[[session]]") == 1


def test_a_write_that_comes_after_the_end_never_brings_the_draft_back(data_dir: Path) -> None:
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    keep(practice, session, clock)
    last = ended(practice, session, clock)
    draft = practice.hand_over(last)
    assert draft is not None
    draft.finish(last)
    assert not draft.keep(last, practising=True)  # a late write of the writer: refused
    practice.keep(session.summary(), clock.datetime())  # and the writer is gone
    assert waiting_drafts() == []
    assert collect_drafts() == []
    assert len(read_journal(journal).records) == 1


def test_a_hung_write_does_not_hold_up_the_end_and_its_draft_is_removed_after(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    places = [data_dir / "recovery", data_dir / "elsewhere"]
    places[1].mkdir(mode=0o700)
    monkeypatch.setattr(draft_module, "recovery_places", lambda: places)
    monkeypatch.setattr(live, "HAND_OVER_WAIT_S", 0.0)
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    keep(practice, session, clock)
    disk_back = threading.Event()
    writing = threading.Event()
    replace = draft_module._replace

    def hung_replace(path: Path, text: str) -> None:
        if threading.current_thread().name == "hipcli-draft":
            writing.set()
            assert disk_back.wait(SETTLE_S)
        replace(path, text)

    monkeypatch.setattr(draft_module, "_replace", hung_replace)
    clock.advance(10.0)
    practice.keep(session.summary(), clock.datetime())
    assert writing.wait(SETTLE_S)
    stuck = practice.draft
    assert stuck is not None
    last = ended(practice, session, clock)
    draft = practice.hand_over(last)  # the writer is still stuck
    assert draft is not None
    assert draft is not stuck
    assert draft.path.parent == places[1]
    disk_back.set()
    assert practice._thread is not None
    practice._thread.join(SETTLE_S)
    assert not stuck.path.exists()  # the stuck one removed once its write returned
    assert not stuck.path.with_suffix(".lock").exists()
    assert draft.path.exists()
    draft.finish(last)
    assert collect_drafts() == []
    assert len(read_journal(journal).records) == 1


def test_a_draft_says_when_it_was_written_and_an_unknown_moment_is_reported(
    data_dir: Path,
) -> None:
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    record = practice.record(session.summary(), clock.datetime())
    assert 'during = "practice"' in draft_text(record, journal, practising=True)
    assert 'during = "check-in"' in draft_text(record, journal)
    folder = data_dir / "recovery"
    folder.mkdir(mode=0o700)
    odd = folder / "hipcli-draft-odd.toml"
    odd.write_text(draft_text(record, journal).replace('"check-in"', '"yoga"'))
    with pytest.raises(DraftError, match="neither"):
        read_draft(odd)
    older = folder / "hipcli-draft-older.toml"  # written by a hipcli before `during` existed
    older.write_text(draft_text(record, journal).replace('during = "check-in"\n', ""))
    assert read_draft(older).practising is False


def test_every_moment_of_a_session_makes_a_record_the_journal_takes(data_dir: Path) -> None:
    clock = FakeClock()
    journal = data_dir / "journal.toml"
    session, practice = practising(clock, journal)
    for _ in range(30):  # every ten seconds through the routine's 270 s, and past its end
        clock.advance(10.0)
        session.update()
        record = practice.record(session.summary(), clock.datetime())
        text = draft_text(record, journal, practising=True)
        assert text.count("[[session]]") == 1
        assert record.id == practice.session_id
