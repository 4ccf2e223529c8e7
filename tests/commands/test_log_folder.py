"""`hipcli log` and `hipcli recover` with a journal folder shared between machines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hipcli.commands import cli
from hipcli.journal.append import append_session
from hipcli.journal.read import read_journal
from tests.journal_records import make_record


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A journal folder for this machine, "laptop"; the other machine is "desktop"."""
    folder = tmp_path / "Sync" / "hipcli"
    monkeypatch.setenv("HIPCLI_JOURNAL_DIR", str(folder))
    monkeypatch.setenv("HIPCLI_DEVICE", "laptop")
    monkeypatch.setenv("TZ", "UTC")
    return folder


def test_log_says_which_machine_each_session_came_from(folder: Path) -> None:
    append_session(folder / "laptop.toml", make_record(0, notes="bedroom"))
    append_session(folder / "desktop.toml", make_record(1, notes="study"))
    result = run("log", "--oneline")
    assert result.exit_code == 0
    header, newest, oldest = result.output.splitlines()[:3]
    assert header.split() == ["When", "Routine", "Length", "Status", "Mood", "Machine", "Notes"]
    assert "desktop" in newest
    assert "study" in newest
    assert "laptop" in oldest
    assert "bedroom" in oldest
    entries = run("log").output  # the entries end their heading with the machine
    assert entries.startswith(
        "Sun 22 Nov 2026 07:30 · Pigeon · 8m 36s · completed · mood after: good · desktop\n"
    )
    assert run("log", "--all").output == entries.replace("\n\nShowing", "\n\nShowing")


def test_one_machines_sessions_need_no_machine_column(folder: Path) -> None:
    append_session(folder / "laptop.toml", make_record(0))
    append_session(folder / "laptop.toml", make_record(1))
    assert "Machine" not in run("log", "--oneline").output
    assert "laptop" not in run("log").output


def test_device_shows_one_machines_sessions(folder: Path) -> None:
    append_session(folder / "laptop.toml", make_record(0, notes="bedroom"))
    append_session(folder / "desktop.toml", make_record(1, notes="study"))
    result = run("log", "--device", "desktop", "--all", "--format", "json")
    assert [record["notes"] for record in json.loads(result.output)] == ["study"]


def test_an_unknown_device_is_a_usage_mistake_with_a_suggestion(folder: Path) -> None:
    append_session(folder / "desktop.toml", make_record(1))
    result = CliRunner().invoke(cli, ["log", "--device", "deskop"])
    assert result.exit_code == 2
    assert "no machine named 'deskop'" in result.output
    assert "Did you mean 'desktop'?" in result.output
    assert "Machines: desktop, laptop." in result.output


def test_device_on_a_single_journal_explains_the_folder(data_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["log", "--device", "laptop"])
    assert result.exit_code == 2
    assert "this journal is a single file" in result.output


def test_a_damaged_record_names_its_file_and_line_and_hides_nothing(folder: Path) -> None:
    append_session(folder / "laptop.toml", make_record(0))
    append_session(folder / "desktop.toml", make_record(1))
    torn_at = len((folder / "desktop.toml").read_text().splitlines()) + 2
    with open(folder / "desktop.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[[session]]\nv = 1\nroutine = "pig')  # a torn tail
    append_session(folder / "desktop.toml", make_record(2))
    for args in (["log"], ["log", "--all", "--format", "csv"], ["log", "--stats"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0
        assert f"{folder / 'desktop.toml'}:{torn_at}: " in result.stderr
        assert "this record was skipped" in result.stderr
    exported = json.loads(run("log", "--all", "--format", "json").stdout)
    assert [record["id"] for record in exported] == [make_record(i).id for i in (2, 1, 0)]


def test_every_format_shows_each_session_once_with_conflict_copies(folder: Path) -> None:
    for index in range(3):
        append_session(folder / "laptop.toml", make_record(index))
    conflict = folder / "laptop.sync-conflict-20261201-073012-ABCDEF7.toml"
    conflict.write_bytes((folder / "laptop.toml").read_bytes())
    append_session(conflict, make_record(3, notes="only in the conflict copy"))
    (folder / ".syncthing.laptop.toml.tmp").write_text("[[session]]\nhalf")
    exported = json.loads(run("log", "--all", "--format", "json").stdout)
    assert [record["id"] for record in exported] == [make_record(i).id for i in (3, 2, 1, 0)]
    csv_rows = list(csv.reader(io.StringIO(run("log", "--all", "--format", "csv").stdout)))
    assert len(csv_rows) == 1 + 4
    stats = json.loads(run("log", "--stats", "--format", "json").stdout)
    assert stats["sessions_total"] == 4


def test_recover_puts_sessions_into_this_machines_file(folder: Path, data_dir: Path) -> None:
    recovery = data_dir / "recovery"
    recovery.mkdir()
    append_session(recovery / "hipcli-recovered-test-000005.toml", make_record(5))
    result = run("recover")
    assert result.exit_code == 0
    assert [record.id for record in read_journal(folder / "laptop.toml").records] == ["test-000005"]


def test_a_mistake_in_the_settings_is_shown_before_anything_is_read(config_dir: Path) -> None:
    (config_dir / "config.toml").write_text('jounral_dir = "~/Sync"\n')
    result = CliRunner().invoke(cli, ["log"])
    assert result.exit_code == 1
    assert "unknown setting 'jounral_dir'" in result.output
    assert "journal_dir" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["log", "--all", "--format", "json"],
        ["log", "--stats", "--format", "json"],
        ["log", "--all", "--format", "markdown"],
        ["progress", "--format", "json"],
        ["progress", "pigeon"],
    ],
)
def test_a_journal_split_between_machines_reads_like_the_one_file(
    args: list[str], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.progress_journal import JOURNAL

    monkeypatch.setenv("TZ", "UTC")
    single = tmp_path / "single.toml"
    folder = tmp_path / "Sync"
    for index, record in enumerate(JOURNAL):
        append_session(single, record)
        append_session(folder / ("laptop.toml" if index % 2 else "desktop.toml"), record)
        if index < 3:  # a conflict copy repeating the first sessions
            append_session(folder / "desktop.sync-conflict-20261201-073012-ABCDEF7.toml", record)
    one_file = run(*args, "--journal", str(single)).stdout
    monkeypatch.setenv("HIPCLI_JOURNAL_DIR", str(folder))
    monkeypatch.setenv("HIPCLI_DEVICE", "laptop")
    assert run(*args).stdout == one_file


def test_recover_adds_nothing_the_folder_already_holds(folder: Path, data_dir: Path) -> None:
    recovery = data_dir / "recovery"
    recovery.mkdir()
    append_session(recovery / "hipcli-recovered-test-000005.toml", make_record(5))
    append_session(recovery / "hipcli-recovered-test-000006.toml", make_record(6))
    # the laptop's write of session 5 landed after all, and reached a conflict copy
    append_session(folder / "laptop.sync-conflict-20261201-073012-ABCDEF7.toml", make_record(5))
    result = run("recover")
    assert result.exit_code == 0
    assert [record.id for record in read_journal(folder / "laptop.toml").records] == ["test-000006"]
    exported = json.loads(run("log", "--all", "--format", "json").stdout)
    assert [record["id"] for record in exported] == ["test-000006", "test-000005"]


def test_importing_what_the_folder_has_creates_no_file_for_this_machine(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    append_session(folder / "desktop.toml", make_record(0))
    exported = tmp_path / "all.json"
    exported.write_text(run("log", "--all", "--format", "json").stdout)
    monkeypatch.setenv("HIPCLI_DEVICE", "tablet")
    result = run("import", str(exported))
    assert result.exit_code == 0
    assert "1 session is already there" in result.output
    assert sorted(path.name for path in folder.iterdir()) == ["desktop.toml"]
    append_session(folder / "desktop.toml", make_record(1))
    exported.write_text(run("log", "--all", "--format", "json").stdout)
    (folder / "desktop.toml").unlink()
    assert "Added 2 sessions" in run("import", str(exported)).output
    assert [r.id for r in read_journal(folder / "tablet.toml").records] == [
        "test-000000",
        "test-000001",
    ]
