"""From a finished session to a saved record: tags, the record, recovery files and recovering
them (the commands: tests/commands/test_recover_cli.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hipcli.journal.checkin import (
    CheckIn,
    SaveResult,
    describe_save,
    home_relative,
    parse_tags,
    pending_recoveries,
    recover_into,
    save_session,
    session_record,
)
from hipcli.journal.read import read_journal
from hipcli.journal.record import SessionRecord
from hipcli.practice.session import SessionSummary
from hipcli.routine.validate import parse_routine

START = datetime(2026, 11, 21, 7, 30, tzinfo=timezone(timedelta(hours=1)))
ROUTINE = parse_routine('title = "Pigeon"\n[[steps]]\nname = "Pigeon"\nhold = 60\n', name="pigeon")


def record(notes: str = "Felt calmer.", started: datetime = START) -> SessionRecord:
    summary = SessionSummary(
        planned_s=65, active_s=64.9, completed=True, steps_done=1, steps_total=1
    )
    return session_record(
        ROUTINE,
        summary,
        started_at=started,
        ended_at=started + timedelta(seconds=65),
        check_in=CheckIn(mood=4, mood_before=2, tags=("calm",), notes=notes),
    )


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("", ()),
        ("release, calm", ("release", "calm")),
        (" release ,, Calm, calm ,release", ("release", "Calm")),
        ("a  lot   of   space", ("a lot of space",)),
    ],
)
def test_tags_are_split_on_commas_trimmed_and_not_repeated(
    typed: str, tags: tuple[str, ...]
) -> None:
    assert parse_tags(typed) == tags


def test_the_record_carries_the_summary_and_the_answers() -> None:
    made = record()
    assert (made.routine, made.title, made.planned_s, made.active_s) == (
        "pigeon",
        "Pigeon",
        65,
        64.9,
    )
    assert (made.mood, made.mood_before, made.tags) == (4, 2, ("calm",))
    assert made.completed
    assert made.steps_done == made.steps_total == 1


def test_saving_appends_to_the_journal(data_dir: Path) -> None:
    journal = data_dir / "journal.toml"
    result = save_session(record(), journal)
    assert result.in_journal
    assert describe_save(result) == f"Saved to {journal}"
    assert read_journal(journal).records[0].notes == "Felt calmer."


def test_a_journal_that_cannot_be_written_sends_the_session_to_a_recovery_file(
    data_dir: Path,
) -> None:
    blocked = data_dir / "journal.toml"
    blocked.mkdir()  # a directory where the journal should be
    result = save_session(record("Keep these words, please."), blocked)
    assert not result.in_journal
    assert result.saved_to is not None
    assert result.saved_to.parent == data_dir / "recovery"
    assert "safe in" in describe_save(result)
    assert read_journal(result.saved_to).records[0].notes == "Keep these words, please."
    assert pending_recoveries() == [result.saved_to]


def test_recovering_twice_never_adds_a_session_twice(data_dir: Path) -> None:
    journal = data_dir / "journal.toml"
    made = record()
    save_session(made, journal)
    copy = data_dir / "recovery" / f"hipcli-recovered-{made.id}.toml"
    copy.parent.mkdir()
    save_session(made, copy)  # the same session, also in a recovery file
    (result,) = recover_into(journal, [copy])
    assert (result.sessions, result.problem) == (0, "")
    assert len(read_journal(journal).records) == 1


# --- found by the reliability suite (tests/reliability/test_env_faults.py) ----------------------


HOME_VARIABLES = (
    "HOME",
    "HIPCLI_DATA_DIR",
    "HIPCLI_CONFIG_DIR",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
)


def test_without_a_home_a_refused_session_still_reaches_the_temp_dir(no_home: Path) -> None:
    """It crashed: the list of recovery places was built up front, and `paths.data_dir()` and
    `Path.home()` raise without a home, so the typed notes were lost with a traceback."""
    blocked = no_home / "journal.toml"
    blocked.mkdir()
    result = save_session(record("still here"), blocked)
    assert result.saved_to is not None
    assert result.saved_to.parent == no_home
    assert read_journal(result.saved_to).records[0].notes == "still here"
    assert pending_recoveries() == [result.saved_to]


def test_where_the_session_went_is_said_literally(tmp_path: Path) -> None:
    """Found by the reliability suite: the line after a session printed the journal path, the
    recovery path and the journal's error raw, so a path holding an escape sequence reached the
    terminal (tests/reliability/test_injection.py)."""
    odd = tmp_path / "\x1b]0;pwned\x07" / "journal.toml"
    recovery = tmp_path / "\x9b2J" / "hipcli-recovered-x.toml"
    saved = SaveResult(record(), odd, odd)
    kept = SaveResult(record(), odd, recovery, f"{odd} is on a read-only file system")
    lost = SaveResult(record(), odd, None, f"{odd}: \u202eno space")
    lines = [describe_save(result) for result in (saved, kept, lost)]
    for line in [*lines, home_relative(odd)]:
        assert not any(char in line for char in "\x1b\x07\x9b\u202e")
        assert "\\x1b]0;pwned\\x07" in line


def test_the_record_keeps_whole_seconds() -> None:
    made = record(started=START.replace(microsecond=784455))
    assert made.started_at.microsecond == 0
    assert made.ended_at.microsecond == 0
