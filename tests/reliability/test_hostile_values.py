"""Hostile values, files, streams and paths (issue 10, items 11–16): each a calm message and an
exit code from DESIGN.md, never a traceback or a hang, and never a change the person did not ask
for."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from hipcli.commands import cli
from hipcli.journal.record import format_record, record_from_table
from hipcli.journal.recovery import recover_into, save_session
from hipcli.routine.authoring import write_atomic
from tests.journal_records import make_record
from tests.reliability.support import assert_calm, hipcli_command, hipcli_env, run_hipcli

GOOD = format_record(make_record(0, notes="the good one"))


def hostile(**fields: str) -> str:
    """The good record's text with some lines replaced, as a hand edit would."""
    lines = GOOD.splitlines()
    for name, value in fields.items():
        lines = [f"{name} = {value}" if line.startswith(f"{name} = ") else line for line in lines]
    return "\n".join(lines).replace('id = "', 'id = "x') + "\n"


HOSTILE = {
    "a 400-digit active_s": hostile(active_s="1" + "0" * 400),
    "year 1 with an offset": hostile(started_at="0001-01-01 00:00:00+01:00"),
    "year 1 without one": hostile(started_at="0001-01-01T00:00:00"),
    "year 9999 with an offset": hostile(ended_at="9999-12-31 23:59:59-01:00"),
    "year 9999 without one": hostile(
        started_at="9999-12-31T23:00:00", ended_at="9999-12-31T23:59:59"
    ),
    "active_s of 1e308": hostile(active_s="1e308"),
}


@pytest.mark.parametrize("view", [[], ["--stats"], ["--since", "7d"], ["--format", "json"]])
def test_values_that_overflowed_every_log_view_are_reported_and_skipped(
    tmp_path: Path, view: list[str]
) -> None:
    journal = tmp_path / "journal.toml"
    texts = list(HOSTILE.values())
    texts.insert(3, hostile(active_s="1e308").replace('id = "x', 'id = "y'))  # two of them
    journal.write_text(GOOD + "\n" + "\n".join(texts), encoding="utf-8")
    result = CliRunner().invoke(cli, ["log", "--all", "--journal", str(journal), *view])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert result.stderr.count("this record was skipped") == len(texts)
    assert "years 1900 to 2999" in result.stderr
    assert "from 0 to 604800 (a week)" in result.stderr
    if view == ["--format", "json"]:
        assert '"the good one"' in result.stdout
    assert re.search(r"\d{60}", result.stdout) is None  # no 300-digit length


def test_a_recovery_file_with_an_overflowing_value_is_reported_and_kept(data_dir: Path) -> None:
    folder = data_dir / "recovery"
    folder.mkdir(mode=0o700)
    path = folder / "hipcli-recovered-x.toml"
    path.write_text(GOOD + "\n" + HOSTILE["active_s of 1e308"], encoding="utf-8")
    (result,) = recover_into(data_dir / "journal.toml", [path])
    assert result.sessions == 1
    assert [p.message[:22] for p in result.damaged] == ["active_s is 1e+308, bu"]
    assert path.exists()


def test_a_fifo_or_a_device_is_refused_never_waited_on(tmp_path: Path, data_dir: Path) -> None:
    env = hipcli_env(tmp_path)
    fifo = tmp_path / "journal.toml"
    os.mkfifo(fifo)
    for args in (
        ["log", "--journal", str(fifo)],
        ["log", "--journal", "/dev/zero"],
        ["validate", str(fifo)],
        ["validate", "/dev/zero"],
    ):
        result = run_hipcli(*args, env=env, timeout=30)
        assert_calm(result, codes=(1,))
        assert str(args[-1]).encode() in result.stderr
        assert b"named pipe (FIFO)" in result.stderr or b"character device" in result.stderr
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    (routines / "zero.toml").symlink_to("/dev/zero")
    (routines / "pipe.toml").symlink_to(fifo)
    listed = run_hipcli("routines", env=env, timeout=30)
    assert_calm(listed)
    assert b"zero" in listed.stdout
    assert b"character device" in listed.stdout
    shown = run_hipcli("show", "pipe", env=env, timeout=30)
    assert_calm(shown, codes=(1,))
    assert b"named pipe (FIFO)" in shown.stderr
    saved = save_session(make_record(1, notes="kept"), fifo, deadline_s=10)
    assert saved.saved_to is not None
    assert saved.saved_to != fifo
    assert "named pipe (FIFO)" in saved.problem


@pytest.mark.parametrize(
    ("shell", "says", "code"),
    [
        ("{hipcli} log >&-", b"standard output is closed", 1),
        ("{hipcli} log --format json >&-", b"standard output is closed", 1),
        ("echo x | {hipcli} validate - <&-", b"<stdin>: is empty", 1),
        ("{hipcli} log --journal '~nosuchuser/j.toml'", b"no user 'nosuchuser'", 2),
        ("HIPCLI_DATA_DIR='~nosuchuser/d' {hipcli} log", b"HIPCLI_DATA_DIR is", 1),
        ("HIPCLI_CONFIG_DIR='~nosuchuser/c' {hipcli} routines", b"HIPCLI_CONFIG_DIR is", 1),
        ("HIPCLI_CONFIG_DIR=/tmp/{long} {hipcli} new x </dev/null", b"too long", 1),
        ("{hipcli} new {long} </dev/null", b"cannot be a routine name", 2),
    ],
)
def test_closed_streams_unknown_users_and_long_names_are_calm(
    tmp_path: Path, shell: str, says: bytes, code: int
) -> None:
    command = " ".join(hipcli_command())
    script = shell.format(hipcli=command, long="n" * 300)
    result = subprocess.run(
        ["bash", "-c", script],
        env=hipcli_env(tmp_path),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    assert says in result.stderr, result.stderr.decode()
    assert result.returncode == code, result.stderr.decode()


def test_editing_a_linked_routine_writes_through_the_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "evening.toml"
    target.write_text('title = "Evening"\n')
    target.chmod(0o640)
    link = tmp_path / "evening.toml"
    link.symlink_to(target)
    write_atomic(link, 'title = "Evening, edited"\n')
    assert link.is_symlink()
    assert target.read_text() == 'title = "Evening, edited"\n'
    assert target.stat().st_mode & 0o777 == 0o640


def test_under_umask_000_new_folders_and_routines_are_not_world_writable(
    tmp_path: Path,
) -> None:
    config = tmp_path / "a" / "b" / "config"
    env = hipcli_env(tmp_path, HIPCLI_CONFIG_DIR=str(config))
    result = subprocess.run(
        hipcli_command("new", "evening"),
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        preexec_fn=lambda: os.umask(0),  # the umask is the point
        timeout=60,
        check=False,
    )
    assert_calm(result, codes=(0,))
    for folder in (tmp_path / "a", tmp_path / "a" / "b", config, config / "routines"):
        assert folder.stat().st_mode & 0o022 == 0, folder
    assert (config / "routines" / "evening.toml").stat().st_mode & 0o777 == 0o644


def test_a_journal_others_can_read_gets_one_calm_line_and_is_not_changed(
    data_dir: Path,
) -> None:
    journal = data_dir / "journal.toml"
    journal.write_text(GOOD, encoding="utf-8")
    journal.chmod(0o644)
    result = CliRunner().invoke(cli, ["log"])
    assert result.exit_code == 0
    assert result.stderr.count("chmod 600") == 1
    assert journal.stat().st_mode & 0o777 == 0o644  # never changed without asking
    journal.chmod(0o600)
    assert "chmod" not in CliRunner().invoke(cli, ["log"]).stderr


def test_a_problem_shows_the_value_as_it_was_written_not_pythons_repr() -> None:
    table = {
        "id": "x",
        "routine": "pigeon",
        "title": "Pigeon",
        "started_at": date(2026, 11, 24),
        "ended_at": date(2026, 11, 24),
        "planned_s": True,
        "active_s": float("nan"),
        "completed": "yes",
        "steps_done": 1,
        "steps_total": 1,
        "tags": [1, date(2026, 1, 2)],
    }
    message = record_from_table(table)
    assert isinstance(message, str)
    assert "started_at is 2026-11-24," in message
    assert "planned_s is true," in message
    assert "active_s is nan," in message
    assert 'completed is "yes",' in message
    assert "tags is [1, 2026-01-02]," in message
    assert "datetime" not in message
