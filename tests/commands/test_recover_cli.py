"""`hipcli recover` and the reminder in `hipcli log`: sessions kept in recovery files go back
into the journal (saving and recovery themselves: tests/unit/journal/test_checkin.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from hipcli.commands import cli
from hipcli.journal.checkin import CheckIn, pending_recoveries, save_session, session_record
from hipcli.journal.read import read_journal
from hipcli.journal.record import SessionRecord
from hipcli.practice.session import SessionSummary
from hipcli.routine.validate import parse_routine

START = datetime(2026, 11, 21, 7, 30, tzinfo=timezone(timedelta(hours=1)))
ROUTINE = parse_routine('title = "Pigeon"\n[[steps]]\nname = "Pigeon"\nhold = 60\n', name="pigeon")


def record(notes: str = "Felt calmer.") -> SessionRecord:
    summary = SessionSummary(
        planned_s=65, active_s=64.9, completed=True, steps_done=1, steps_total=1
    )
    return session_record(
        ROUTINE,
        summary,
        started_at=START,
        ended_at=START + timedelta(seconds=65),
        check_in=CheckIn(mood=4, mood_before=2, tags=("calm",), notes=notes),
    )


def test_log_mentions_waiting_recoveries_and_recover_puts_them_back(data_dir: Path) -> None:
    a_file = data_dir / "not-a-folder"
    a_file.write_text("")
    saved = save_session(record("from the bad day"), a_file / "journal.toml")
    assert saved.saved_to is not None
    runner = CliRunner()
    logged = runner.invoke(cli, ["log"])
    assert "1 session could not be written" in logged.stderr
    assert "hipcli recover" in logged.stderr

    recovered = runner.invoke(cli, ["recover"])
    assert recovered.exit_code == 0, recovered.output
    assert "Added 1 session" in recovered.stdout
    journal = data_dir / "journal.toml"
    assert [r.notes for r in read_journal(journal).records] == ["from the bad day"]
    assert pending_recoveries() == []
    assert "could not be written" not in runner.invoke(cli, ["log"]).stderr


def test_recover_with_nothing_waiting_says_so() -> None:
    result = CliRunner().invoke(cli, ["recover"])
    assert result.exit_code == 0
    assert "Nothing to recover" in result.stdout


def test_a_recovery_kept_in_the_home_dir_is_mentioned_too(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`hipcli log` only looked in `<data>/recovery/`: when the data dir itself could not be
    written, the session went to the home dir and was never mentioned again."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HIPCLI_DATA_DIR", str(data_dir / "a-file" / "data"))
    (data_dir / "a-file").write_text("")
    result = save_session(record("kept at home"), data_dir / "a-file" / "journal.toml")
    assert result.saved_to is not None
    assert result.saved_to.parent == home
    assert pending_recoveries() == [result.saved_to]
    logged = CliRunner().invoke(cli, ["log"])
    assert "1 session could not be written" in logged.stderr
