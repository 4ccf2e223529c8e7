"""The journal folder: machines' names, which files hold sessions, and merging them as one."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from hipcli.journal import folder
from hipcli.journal.append import append_session
from hipcli.journal.folder import JournalFile, classify, list_folder, merge, safe_device_name
from hipcli.journal.record import JournalContents, JournalProblem
from tests.journal_records import START, make_record


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("laptop", "laptop"),
        ("Anna's MacBook Air", "annas-macbook-air"),
        ("Jürgen-PC", "jurgen-pc"),
        ("study  desk (2)", "study-desk-2"),
        ("--weird..name__", "weird-name"),
        ("CON", "con-machine"),
        ("lpt1", "lpt1-machine"),
        ("💜", ""),
        ("x" * 80, "x" * 48),
    ],
)
def test_device_names_are_safe_for_every_file_system_and_sync_tool(given: str, name: str) -> None:
    assert safe_device_name(given) == name


def test_the_default_device_name_comes_from_the_host_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.setattr(socket, "gethostname", lambda: "Annas-MacBook-Air.local")
    assert folder.host_device_name() == "annas-macbook-air"
    monkeypatch.setattr(socket, "gethostname", lambda: "")
    assert folder.host_device_name() == folder.FALLBACK_DEVICE


@pytest.mark.parametrize(
    ("name", "device", "tool"),
    [
        ("laptop.sync-conflict-20261201-073012-ABCDEF7.toml", "laptop", "Syncthing"),
        ("laptop (Anna's conflicted copy 2026-12-01).toml", "laptop", "Dropbox or Nextcloud"),
        ("laptop (conflicted copy 2026-12-01 073012).toml", "laptop", "Dropbox or Nextcloud"),
        ("laptop (Case Conflict).toml", "laptop", "Dropbox or Nextcloud"),
        ("laptop (Anna's conflicted copy 2026-12-01) (1).toml", "laptop", "Dropbox or Nextcloud"),
        ("laptop_conflict-20261201-073012.toml", "laptop", "ownCloud"),
        ("laptop 2.toml", "laptop", "iCloud or Google Drive"),
        ("laptop (1).toml", "laptop", "iCloud or Google Drive"),
    ],
)
def test_conflict_copies_are_read_as_copies_of_their_machines_file(
    name: str, device: str, tool: str
) -> None:
    assert classify(name) == JournalFile(Path(name), device, "conflict", tool)


def test_each_machines_own_file_is_a_device_file_and_other_toml_files_are_read_too() -> None:
    assert classify("desktop.toml") == JournalFile(Path("desktop.toml"), "desktop", "device")
    assert classify("My Old Journal.toml") == JournalFile(
        Path("My Old Journal.toml"), "My Old Journal", "other"
    )


@pytest.mark.parametrize(
    "name",
    [
        ".syncthing.laptop.toml.tmp",
        "~syncthing~laptop.toml.tmp",
        ".dropbox",
        ".dropbox.attr",
        ".laptop.toml.~1a2b3c",
        "laptop.toml.part",
        "._sync_a1b2c3.db",
        ".owncloudsync.log",
        ".~lock.laptop.toml#",
        ".laptop.toml.icloud",
        ".stfolder",
        "laptop.toml~",
        "notes.txt",
        "~laptop.toml",
    ],
)
def test_sync_tools_temporary_and_hidden_files_are_not_part_of_the_journal(name: str) -> None:
    assert classify(name) is None


def test_a_listing_holds_the_journal_files_best_first_and_passes_over_the_rest(
    tmp_path: Path,
) -> None:
    for name in (
        "laptop.sync-conflict-20261201-073012-ABCDEF7.toml",
        "laptop.toml",
        "desktop.toml",
        ".syncthing.desktop.toml.tmp",
        "readme.txt",
        ".tablet.toml.icloud",
    ):
        (tmp_path / name).write_text("")
    (tmp_path / "subfolder.toml").mkdir()
    os.mkfifo(tmp_path / "pipe.toml")
    listing = list_folder(tmp_path)
    assert [(file.path.name, file.kind) for file in listing.files] == [
        ("desktop.toml", "device"),
        ("laptop.toml", "device"),
        ("laptop.sync-conflict-20261201-073012-ABCDEF7.toml", "conflict"),
    ]
    assert {path.name for path in listing.passed_over} == {
        ".syncthing.desktop.toml.tmp",
        "subfolder.toml",
        "pipe.toml",
    }
    (note,) = listing.notes
    assert note.startswith("tablet.toml is in iCloud Drive but not yet downloaded")


def test_a_folder_that_is_not_there_yet_is_an_empty_journal(tmp_path: Path) -> None:
    assert list_folder(tmp_path / "not-yet").files == []


def part(
    name: str, kind: str, *indexes: int, **fields: object
) -> tuple[JournalFile, JournalContents]:
    device = name.split(".")[0]
    records = [make_record(index, **fields) for index in indexes]  # type: ignore[arg-type]
    return JournalFile(Path(name), device, kind), JournalContents(records, [])  # type: ignore[arg-type]


def test_merging_keeps_each_session_once_from_the_machines_own_file() -> None:
    merged = merge(
        [
            part(
                "laptop.sync-conflict-20261201-073012-ABCDEF7.toml", "conflict", 0, 1, 2, notes="c"
            ),
            part("desktop.toml", "device", 3, 4),
            part("laptop.toml", "device", 0, 1, notes="own"),
        ]
    )
    assert [record.id for record in merged.records] == [make_record(i).id for i in range(5)]
    assert [record.notes for record in merged.records[:3]] == ["own", "own", "c"]
    assert merged.devices == {
        make_record(i).id: d for i, d in enumerate(["laptop"] * 3 + ["desktop"] * 2)
    }


def test_merging_orders_the_sessions_by_when_they_ended_across_files() -> None:
    late = make_record(9, started_at=START + timedelta(days=1, hours=1))
    merged = merge(
        [
            (
                JournalFile(Path("a.toml"), "a", "device"),
                JournalContents([make_record(0), late], []),
            ),
            (JournalFile(Path("b.toml"), "b", "device"), JournalContents([make_record(1)], [])),
        ]
    )
    assert [record.id for record in merged.records] == ["test-000000", "test-000001", "test-000009"]


def test_problems_keep_their_line_and_name_their_file() -> None:
    damaged = JournalContents([make_record(1)], [JournalProblem(12, "missing id")])
    merged = merge(
        [
            (JournalFile(Path("/f/a.toml"), "a", "device"), JournalContents([make_record(0)], [])),
            (JournalFile(Path("/f/b.toml"), "b", "device"), damaged),
        ]
    )
    assert len(merged.records) == 2
    assert merged.problems == [JournalProblem(12, "missing id", path=Path("/f/b.toml"))]


def test_a_real_folder_reads_as_one_journal(tmp_path: Path) -> None:
    from hipcli.journal.location import folder_location, read_all

    append_session(tmp_path / "laptop.toml", make_record(0))
    append_session(tmp_path / "desktop.toml", make_record(1))
    append_session(tmp_path / "laptop (conflicted copy 2026-12-01 073012).toml", make_record(2))
    contents = read_all(folder_location(tmp_path, "laptop"))
    assert [record.id for record in contents.records] == [make_record(i).id for i in range(3)]
    assert contents.problems == []
