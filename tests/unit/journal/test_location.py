"""Where the journal is: one file as before, or a folder with a file per machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcli import paths
from hipcli.journal.append import append_session
from hipcli.journal.folder import holds_sessions
from hipcli.journal.location import (
    JournalLocation,
    folder_location,
    journal_location,
    read_all,
    read_latest,
)
from hipcli.journal.record import JournalError, format_record
from hipcli.settings import Settings
from tests.journal_records import make_record


def test_without_journal_dir_the_single_journal_is_read_and_written_as_before(
    data_dir: Path,
) -> None:
    location = journal_location()
    assert location == JournalLocation(data_dir / "journal.toml")
    assert not location.is_folder


def test_with_journal_dir_this_machine_writes_its_own_file_in_the_folder(
    tmp_path: Path, data_dir: Path
) -> None:
    settings = Settings(journal_dir=str(tmp_path / "sync"), device="Study PC")
    location = journal_location(settings=settings)
    assert location.path == tmp_path / "sync" / "study-pc.toml"
    assert location.folder == tmp_path / "sync"
    assert location.device == "study-pc"
    assert location.history == data_dir / "journal.toml"


def test_the_environment_names_the_folder_and_the_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIPCLI_JOURNAL_DIR", str(tmp_path / "sync"))
    monkeypatch.setenv("HIPCLI_DEVICE", "desktop")
    assert journal_location().path == tmp_path / "sync" / "desktop.toml"


def test_the_device_defaults_to_the_host_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    monkeypatch.setattr(socket, "gethostname", lambda: "Bedroom-Laptop.fritz.box")
    location = journal_location(settings=Settings(journal_dir=str(tmp_path)))
    assert location.path == tmp_path / "bedroom-laptop.toml"


def test_a_relative_journal_dir_is_taken_from_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    location = journal_location(settings=Settings(journal_dir="Sync/hipcli", device="a"))
    assert location.folder == tmp_path / "Sync" / "hipcli"
    tilde = journal_location(settings=Settings(journal_dir="~/Sync/hipcli", device="a"))
    assert tilde.folder == tmp_path / "Sync" / "hipcli"


def test_the_journal_option_names_one_file_even_with_a_folder(tmp_path: Path) -> None:
    settings = Settings(journal_dir=str(tmp_path / "sync"), device="laptop")
    location = journal_location(str(tmp_path / "other.toml"), settings=settings)
    assert location == JournalLocation(tmp_path / "other.toml")


def test_a_device_setting_without_letters_or_digits_is_refused_kindly(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match='Choose a name like device = "laptop"'):
        journal_location(settings=Settings(journal_dir=str(tmp_path), device="💜💜"))


def test_a_folder_that_holds_the_data_dir_journal_reads_it_once(data_dir: Path) -> None:
    location = folder_location(data_dir, "laptop")
    assert location.history is None
    append_session(data_dir / "journal.toml", make_record(0))
    assert [record.id for record in read_all(location).records] == ["test-000000"]


def test_the_single_journal_of_before_stays_part_of_the_history(
    tmp_path: Path, data_dir: Path
) -> None:
    append_session(data_dir / "journal.toml", make_record(0))
    append_session(data_dir / "journal.toml", make_record(1))
    location = folder_location(tmp_path, "laptop")
    append_session(location.path, make_record(1))  # copied with its id kept
    append_session(tmp_path / "desktop.toml", make_record(2))
    contents = read_all(location)
    assert [record.id for record in contents.records] == [make_record(i).id for i in range(3)]
    assert contents.devices == {
        "test-000000": "laptop",
        "test-000001": "laptop",
        "test-000002": "desktop",
    }


def test_a_file_that_cannot_be_read_is_reported_and_hides_no_other(tmp_path: Path) -> None:
    location = folder_location(tmp_path, "laptop")
    append_session(location.path, make_record(0))
    (tmp_path / "desktop.toml").symlink_to(tmp_path / "unmounted" / "desktop.toml")
    contents = read_all(location)
    assert [record.id for record in contents.records] == ["test-000000"]
    (problem,) = contents.problems
    assert problem.line == 0
    assert problem.path == tmp_path / "desktop.toml"
    assert "which doesn't exist" in problem.message


def test_the_latest_sessions_come_from_every_machines_file(tmp_path: Path) -> None:
    location = folder_location(tmp_path, "laptop")
    for index in range(0, 30, 2):
        append_session(location.path, make_record(index))
    for index in range(1, 30, 2):
        append_session(tmp_path / "desktop.toml", make_record(index))
    latest = read_latest(location, 5)
    assert [record.id for record in latest.records] == [make_record(i).id for i in range(25, 30)]
    assert not latest.reached_start
    assert read_latest(location, 100).reached_start


def test_one_machines_sessions_with_its_conflict_copies(tmp_path: Path) -> None:
    location = folder_location(tmp_path, "laptop")
    append_session(location.path, make_record(0))
    append_session(tmp_path / "desktop.toml", make_record(1))
    append_session(tmp_path / "desktop.sync-conflict-20261201-073012-ABCDEF7.toml", make_record(2))
    ids = [record.id for record in read_all(location, device="Desktop").records]
    assert ids == ["test-000001", "test-000002"]
    assert location.devices() == ["desktop", "laptop"]


def test_a_folder_that_cannot_be_listed_says_so(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with pytest.raises(JournalError, match="can't look into the journal folder"):
        read_all(folder_location(not_a_folder, "laptop"))


def test_reading_a_plain_path_is_reading_one_file(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    append_session(path, make_record(0))
    assert [record.id for record in read_all(path).records] == ["test-000000"]
    assert paths.journal_path(str(path)) == path


def test_the_machines_are_those_whose_files_hold_sessions(tmp_path: Path) -> None:
    location = folder_location(tmp_path, "laptop")
    assert location.devices() == []  # this machine has saved nothing yet
    append_session(tmp_path / "desktop.toml", make_record(0))
    (tmp_path / "tablet.toml").write_text("")
    (tmp_path / "phone.toml").write_text("# a file begun by hand\n")
    assert location.devices() == ["desktop"]
    append_session(location.path, make_record(1))
    assert location.devices() == ["desktop", "laptop"]


def test_a_session_far_into_a_file_still_counts(tmp_path: Path) -> None:
    padding = "# " + "x" * 100 + "\n"
    (tmp_path / "desktop.toml").write_text(padding * 2000 + format_record(make_record(0)))
    assert holds_sessions(tmp_path / "desktop.toml")
    for start in range(65530, 65540):  # "[[session]]" across the end of the first 64 KiB read
        (tmp_path / "split.toml").write_text("#" + "x" * (start - 2) + "\n" + "[[session]]\n")
        assert holds_sessions(tmp_path / "split.toml"), start
    assert not holds_sessions(tmp_path / "missing.toml")
    assert not holds_sessions(tmp_path)  # a folder, not a file
