"""Two machines, one journal folder: 2 × 500 sessions saved at once, folders exchanged with
rsync while both write, conflict copies planted, a torn record — every session shown exactly
once on both machines, none lost."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.sync.machines import Machine, session_ids

SESSIONS = 500
needs_rsync = pytest.mark.skipif(
    shutil.which("rsync") is None, reason="rsync is not installed (apt-get install -y rsync)"
)


def finish(*writers: subprocess.Popen[str]) -> None:
    for writer in writers:
        _, errors = writer.communicate(timeout=300)
        assert writer.returncode == 0, errors


def assert_each_session_once(machine: Machine, expected: set[str]) -> str:
    """Every expected session in the machine's `log --all --format json`, each once; its
    stderr is returned for the caller to look at."""
    records, stderr = machine.exported()
    ids = [record["id"] for record in records]
    assert len(ids) == len(set(ids)), "a session is shown twice"
    assert set(ids) == expected, (
        f"missing {sorted(expected - set(ids))[:5]}, extra {sorted(set(ids) - expected)[:5]}"
    )
    started = [record["started_at"] for record in records]
    assert started == sorted(started, reverse=True)  # merged by time, newest first
    return stderr


def test_two_machines_saving_at_once_into_one_folder_show_every_session_once(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Sync" / "hipcli"
    laptop = Machine.set_up(tmp_path / "laptop", "laptop", folder)
    desktop = Machine.set_up(tmp_path / "desktop", "desktop", folder)
    finish(laptop.start_writer(SESSIONS), desktop.start_writer(SESSIONS))
    expected = set(session_ids("laptop", SESSIONS) + session_ids("desktop", SESSIONS))
    for machine in (laptop, desktop):
        assert assert_each_session_once(machine, expected) == ""
    assert sorted(path.name for path in folder.iterdir()) == ["desktop.toml", "laptop.toml"]
    laptops_file = (folder / "laptop.toml").read_text()
    assert "desktop-" not in laptops_file  # one writer per file
    assert (folder / "laptop.toml").stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700


def exchange(laptop: Machine, desktop: Machine) -> None:
    """One round of a sync tool, played by rsync: each machine's files (its own and the Dropbox
    copies named after it, which only it writes) flow from that machine to the other, never
    back, so a newer copy is never overwritten by an older one; other conflict copies flow both
    ways. (A copy going back could race the writer: copied out, appended to, then overwritten
    by the older copy coming back within the same round.)"""
    for source, target, own in ((laptop, desktop, "desktop"), (desktop, laptop, "laptop")):
        subprocess.run(
            [
                "rsync",
                "-a",
                f"--exclude=/{own}.toml",
                f"--exclude=/{own} (*",
                f"{source.folder}/",
                f"{target.folder}/",
            ],
            check=True,
            capture_output=True,
        )


@needs_rsync
def test_folders_exchanged_with_rsync_while_both_write_lose_nothing_and_double_nothing(
    tmp_path: Path,
) -> None:
    laptop = Machine.set_up(tmp_path / "laptop", "laptop", tmp_path / "laptop" / "Sync")
    desktop = Machine.set_up(tmp_path / "desktop", "desktop", tmp_path / "desktop" / "Sync")
    for machine in (laptop, desktop):
        machine.folder.mkdir(mode=0o700)
    dropbox_copy = "laptop (Anna's conflicted copy 2026-01-02).toml"
    writers = [
        # the laptop's sessions 100-104 are found only in a Dropbox conflict copy, and a write
        # was cut short after its 250th session
        laptop.start_writer(SESSIONS, "--torn-after", "250", "--divert", f"100:105={dropbox_copy}"),
        desktop.start_writer(SESSIONS),
    ]
    rounds, planted = 0, False
    while True:
        exchange(laptop, desktop)
        rounds += 1
        if not planted and (desktop.folder / "desktop.toml").exists():
            # Syncthing met two versions of the desktop's file: its conflict copy holds a
            # snapshot of sessions that are all in desktop.toml too
            snapshot = desktop.folder / "desktop.sync-conflict-20260102-073012-ABCDEF7.toml"
            shutil.copyfile(desktop.folder / "desktop.toml", snapshot)
            planted = True
        if all(writer.poll() is not None for writer in writers):
            break
    finish(*writers)
    exchange(laptop, desktop)
    assert planted

    expected = set(session_ids("laptop", SESSIONS) + session_ids("desktop", SESSIONS))
    torn_line = _torn_record_line(laptop.folder / "laptop.toml")
    for machine in (laptop, desktop):
        stderr = assert_each_session_once(machine, expected)
        assert f"{machine.folder / 'laptop.toml'}:{torn_line}: " in stderr
        assert "this record was skipped" in stderr
        stats = json.loads(machine.hipcli("log", "--stats", "--format", "json").stdout)
        assert stats["sessions_total"] == 2 * SESSIONS
        exported_csv = machine.hipcli("log", "--all", "--format", "csv").stdout
        assert len(list(csv.DictReader(io.StringIO(exported_csv)))) == 2 * SESSIONS
        only_laptop = json.loads(
            machine.hipcli("log", "--all", "--format", "json", "--device", "laptop").stdout
        )
        assert {record["id"] for record in only_laptop} == set(session_ids("laptop", SESSIONS))
        newest = machine.hipcli("log", "-n", "4", "--oneline").stdout.splitlines()
        assert "Machine" in newest[0]
        assert [line.split()[9] for line in newest[1:5]] == ["desktop", "laptop"] * 2
    assert (desktop.folder / dropbox_copy).exists()
    assert rounds >= 1
    print(f"{rounds} rsync rounds while both machines wrote")


def _torn_record_line(path: Path) -> int:
    """The line of the half record the laptop's writer left."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if line == 'id = "laptop-0250"':
            return number + 2  # the blank line, then the torn record's header
    raise AssertionError("the 250th session is not in the laptop's file")
