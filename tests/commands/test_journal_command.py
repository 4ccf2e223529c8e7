"""`hipcli journal` and `hipcli journal move`, as a person runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hipcli.commands import cli
from hipcli.journal.append import append_session
from hipcli.journal.read import read_journal
from tests.journal_records import make_record


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def flat(result: Result) -> str:
    """The output with its wrapping undone: prose is wrapped to the terminal."""
    return " ".join(result.output.split())


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HIPCLI_DEVICE", "laptop")
    return tmp_path


@pytest.fixture
def old_journal(data_dir: Path) -> Path:
    journal = data_dir / "journal.toml"
    for index in range(3):
        append_session(journal, make_record(index))
    return journal


def test_moving_writes_into_the_folder_and_keeps_the_old_journal_as_history(
    home: Path, config_dir: Path, old_journal: Path
) -> None:
    (config_dir / "config.toml").write_text("bell = false  # quiet house\n")
    before = old_journal.read_bytes()
    result = run("journal", "move", str(home / "Sync" / "hipcli"))
    assert result.exit_code == 0, result.output
    assert 'Added journal_dir = "~/Sync/hipcli" to' in flat(result)
    assert "writes its sessions to ~/Sync/hipcli/laptop.toml" in flat(result)
    assert "Your 3 earlier sessions stay in" in flat(result)
    assert "hipcli journal move ~/Sync/hipcli --copy" in flat(result)
    assert (config_dir / "config.toml").read_text().startswith("bell = false  # quiet house\n")
    assert (home / "Sync" / "hipcli").stat().st_mode & 0o777 == 0o700
    append_session(home / "Sync" / "hipcli" / "desktop.toml", make_record(7))
    exported = json.loads(run("log", "--all", "--format", "json").stdout)
    assert [record["id"] for record in exported] == [make_record(i).id for i in (7, 2, 1, 0)]
    assert old_journal.read_bytes() == before


def test_copy_puts_the_earlier_sessions_into_this_machines_file_once(
    home: Path, old_journal: Path
) -> None:
    before = old_journal.read_bytes()
    folder = home / "Sync"
    assert run("journal", "move", str(folder), "--copy").exit_code == 0
    again = run("journal", "move", str(folder), "--copy")
    assert again.exit_code == 0
    assert "Copied 0 sessions" in flat(again)
    assert "3 were there already" in flat(again)
    assert "already the folder ~/Sync" in flat(again)
    assert len(read_journal(folder / "laptop.toml").records) == 3
    assert old_journal.read_bytes() == before
    assert len(json.loads(run("log", "--all", "--format", "json").stdout)) == 3


def test_a_dry_run_changes_nothing(home: Path, config_dir: Path, old_journal: Path) -> None:
    result = run("journal", "move", str(home / "Sync"), "--copy", "--dry-run")
    assert result.exit_code == 0
    assert "Would copy the 3 sessions" in flat(result)
    assert "Would add this line to" in flat(result)
    assert '\n  journal_dir = "~/Sync"\n' in result.output
    assert not (home / "Sync").exists()
    assert not (config_dir / "config.toml").exists()


def test_moving_to_another_folder_is_explained_not_done(home: Path, config_dir: Path) -> None:
    (config_dir / "config.toml").write_text('journal_dir = "~/Dropbox/hipcli"\n')
    result = run("journal", "move", str(home / "Sync"))
    assert result.exit_code == 1
    assert "already the folder ~/Dropbox/hipcli" in flat(result)
    assert 'journal_dir = "~/Sync"' in flat(result)
    assert (config_dir / "config.toml").read_text() == 'journal_dir = "~/Dropbox/hipcli"\n'


def test_a_settings_file_with_a_mistake_stops_the_move_before_anything_changes(
    home: Path, config_dir: Path
) -> None:
    (config_dir / "config.toml").write_text("bell = false\n[extra]\n")
    result = run("journal", "move", str(home / "Sync"))
    assert result.exit_code == 1
    assert "unknown setting 'extra'" in flat(result)
    assert not (home / "Sync").exists()
    assert (config_dir / "config.toml").read_text() == "bell = false\n[extra]\n"


def test_a_file_is_no_folder(home: Path) -> None:
    (home / "notes.txt").write_text("")
    result = run("journal", "move", str(home / "notes.txt"))
    assert result.exit_code == 2  # click: FOLDER must be a folder
    assert "notes.txt" in flat(result)


def test_status_of_a_single_journal_says_how_to_share_it(old_journal: Path) -> None:
    result = run("journal")
    assert result.exit_code == 0
    assert "Your journal is one file" in flat(result)
    assert "(3 sessions)" in flat(result)
    assert "hipcli journal move ~/Sync/hipcli" in flat(result)


def test_status_of_a_folder_lists_each_file_and_what_to_do_with_copies(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = home / "Sync"
    monkeypatch.setenv("HIPCLI_JOURNAL_DIR", str(folder))
    append_session(folder / "laptop.toml", make_record(0))
    append_session(folder / "desktop.toml", make_record(1))
    conflict = folder / "desktop.sync-conflict-20261201-073012-ABCDEF7.toml"
    append_session(conflict, make_record(1))
    append_session(conflict, make_record(2))
    spare = folder / "laptop (conflicted copy 2026-12-01 073012).toml"
    append_session(spare, make_record(0))
    (folder / ".syncthing.desktop.toml.tmp").write_text("")
    result = run("journal", "status")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Your journal is the folder ~/Sync (HIPCLI_JOURNAL_DIR)."
    assert "This machine is 'laptop' (from its device setting) and writes laptop.toml" in flat(
        result
    )
    assert any(line.split()[:3] == [conflict.name, "2", "sessions"] for line in lines)
    assert "a Syncthing conflict copy of desktop.toml, 1 found only here" in flat(result)
    assert "3 sessions in all, each counted once." in flat(result)
    assert f"{conflict.name} holds sessions found in no other file" in flat(result)
    assert f"Every session in {spare.name} is also in the other files" in flat(result)
    assert "Passed over (sync tools' temporary files and the like): .syncthing" in flat(result)


def test_two_moves_at_once_add_each_session_and_the_setting_once(
    home: Path, old_journal: Path, config_dir: Path
) -> None:
    import os
    import subprocess
    import sys

    for index in range(3, 200):
        append_session(old_journal, make_record(index))
    folder = home / "Sync"
    copies = [
        subprocess.Popen(
            [sys.executable, "-m", "hipcli", "journal", "move", str(folder), "--copy"],
            env={**os.environ},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for copy in copies:
        _, errors = copy.communicate(timeout=120)
        assert copy.returncode == 0, errors
    ids = [record.id for record in read_journal(folder / "laptop.toml").records]
    assert sorted(ids) == [make_record(i).id for i in range(200)]
    assert (config_dir / "config.toml").read_text().count("journal_dir =") == 1
