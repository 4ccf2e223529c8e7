"""Recovery files: put back once under one lock, never set aside with damage unread, judged one
by one in a shared /tmp (issue 10, items 8–10)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from hipcli.commands import cli
from hipcli.journal.read import read_journal
from hipcli.journal.record import SessionRecord, format_record
from hipcli.journal.recovery import pending_recoveries, recover_into

START = datetime(2026, 11, 21, 7, 30, tzinfo=timezone(timedelta(hours=1)))


def session(n: int) -> SessionRecord:
    return SessionRecord(
        id=f"20261121T0730{n:02d}-{n:06x}",
        routine="pigeon",
        title="Pigeon",
        started_at=START + timedelta(hours=n),
        ended_at=START + timedelta(hours=n, minutes=8),
        planned_s=480,
        active_s=476.0,
        completed=True,
        steps_done=3,
        steps_total=3,
        notes=f"session {n}",
    )


def recovery_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"hipcli-recovered-{name}.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_three_recovers_at_once_add_each_session_exactly_once(data_dir: Path) -> None:
    folder = data_dir / "recovery"
    for n in range(30):
        recovery_file(folder, f"{n}", format_record(session(n)))
    command = [sys.executable, "-m", "hipcli", "recover"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr.decode()
        assert b"No such file" not in stderr
    records = read_journal(data_dir / "journal.toml").records
    assert sorted(r.notes for r in records) == sorted(f"session {n}" for n in range(30))
    assert pending_recoveries() == []
    added = sum(
        int(line.split()[1])
        for out, _ in outputs
        for line in out.decode().splitlines()
        if line.startswith("Added ")
    )
    assert added == 30


def test_a_recovery_file_with_a_damaged_record_is_kept_and_each_problem_named(
    data_dir: Path,
) -> None:
    good, bad = format_record(session(1)), format_record(session(2))
    path = recovery_file(
        data_dir / "recovery", "x", good + "\n" + bad.replace("v = ", "mood = 9\nv = ")
    )
    result = CliRunner().invoke(cli, ["recover"])
    assert result.exit_code == 1
    assert "Added 1 session" in result.stdout
    damaged_line = 1 + (good + "\n").count("\n")
    assert f"{path}:{damaged_line}: mood is 9, but it must be a whole number from 1 to 5" in (
        result.stderr
    )
    assert "is kept" in result.stderr
    assert "hipcli recover" in result.stderr
    assert path.exists()  # never set aside with a session nobody could read
    again = CliRunner().invoke(cli, ["recover"])  # says so again, adds nothing twice
    assert "Nothing to recover" not in again.stdout
    assert "mood is 9" in again.stderr
    assert [r.notes for r in read_journal(data_dir / "journal.toml").records] == ["session 1"]


def test_a_recovery_file_that_recover_already_set_aside_is_not_a_failure(
    data_dir: Path,
) -> None:
    path = recovery_file(data_dir / "recovery", "x", format_record(session(1)))
    journal = data_dir / "journal.toml"
    (first,) = recover_into(journal, [path])
    assert first.sessions == 1
    assert recover_into(journal, [path]) == []  # gone meanwhile: nothing to say, nothing added
    assert len(read_journal(journal).records) == 1


needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="giving a file to another user needs root"
)


@needs_root
def test_another_users_link_in_a_shared_tmp_never_hides_ours(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    (data_dir / "recovery").write_text("")  # the data dir can't take recovery files
    stranger = shared / "hipcli-recovered-20261121T070000-aaaaaa.toml"
    stranger.symlink_to(tmp_path / "nowhere" / "secret.toml")
    os.lchown(stranger, 12345, 12345)
    strangers_file = shared / "hipcli-recovered-20261121T060000-bbbbbb.toml"
    strangers_file.write_text(format_record(session(7)))
    os.chown(strangers_file, 12345, 12345)
    ours = shared / "hipcli-recovered-20261121T080000-cccccc.toml"
    ours.write_text(format_record(session(1)))
    ours.chmod(0o600)
    assert pending_recoveries() == [ours]
    result = CliRunner().invoke(cli, ["recover"])
    assert result.exit_code == 0, result.output
    assert [r.notes for r in read_journal(data_dir / "journal.toml").records] == ["session 1"]
