"""`journal move` records its choice in the settings file without disturbing a line of it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hipcli.journal.append import append_session
from hipcli.journal.location import folder_location
from hipcli.journal.move import copy_history, record_journal_dir, setting_line
from hipcli.journal.read import read_journal
from hipcli.settings import load_settings
from tests.journal_records import make_record

USER_SETTINGS = "# my settings\nmood_before = true   # ask me first\n\nbell = false  # quiet house"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def test_the_line_is_appended_and_every_other_line_stays_as_it_was(home: Path) -> None:
    settings = home / "config.toml"
    settings.write_text(USER_SETTINGS)
    change = record_journal_dir(settings, home / "Sync" / "hipcli")
    assert change.outcome == "added"
    text = settings.read_text()
    assert text.startswith(USER_SETTINGS + "\n")
    assert text.endswith('\njournal_dir = "~/Sync/hipcli"\n')
    loaded = load_settings(settings, environ={})
    assert (loaded.mood_before, loaded.bell, loaded.journal_dir) == (True, False, "~/Sync/hipcli")


def test_a_missing_settings_file_is_created_private_with_the_line(home: Path) -> None:
    settings = home / "config" / "hipcli" / "config.toml"
    assert record_journal_dir(settings, Path("/srv/sync/hipcli")).outcome == "added"
    assert load_settings(settings, environ={}).journal_dir == "/srv/sync/hipcli"
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600


def test_a_linked_settings_file_stays_linked(home: Path) -> None:
    dotfiles = home / "dotfiles" / "hipcli.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("bell = false\n")
    settings = home / "config.toml"
    settings.symlink_to(dotfiles)
    record_journal_dir(settings, home / "Sync")
    assert settings.is_symlink()
    assert load_settings(dotfiles, environ={}).journal_dir == "~/Sync"


def test_the_same_folder_already_set_changes_nothing(home: Path) -> None:
    settings = home / "config.toml"
    settings.write_text('journal_dir = "~/Sync"\n')
    (home / "Sync").mkdir()
    assert record_journal_dir(settings, home / "Sync").outcome == "already"
    assert settings.read_text() == 'journal_dir = "~/Sync"\n'


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('bell = false\njournal_dir = "~/Dropbox/hipcli"\n', "line 2 already sets journal_dir"),
        ("bell = flase\n", "it has a TOML mistake"),
        ("bell = false\n[sound]\nvolume = 3\n", "it holds tables or lists"),
    ],
)
def test_a_file_hipcli_cannot_safely_add_to_is_left_alone_with_the_line_to_add(
    home: Path, text: str, reason: str
) -> None:
    settings = home / "config.toml"
    settings.write_text(text)
    change = record_journal_dir(settings, home / "Sync")
    assert change.outcome == "left"
    assert reason in change.reason
    assert change.line == 'journal_dir = "~/Sync"'
    assert settings.read_text() == text


def test_a_folder_outside_the_home_folder_is_written_in_full_and_quoted(home: Path) -> None:
    assert (
        setting_line(Path('/mnt/nas/"odd" folder')) == 'journal_dir = "/mnt/nas/\\"odd\\" folder"'
    )


def test_copying_keeps_ids_skips_what_the_folder_has_and_never_touches_the_old_file(
    tmp_path: Path, data_dir: Path
) -> None:
    old = data_dir / "journal.toml"
    for index in range(4):
        append_session(old, make_record(index))
    with open(old, "a", encoding="utf-8") as handle:
        handle.write("\n[[session]]\nv = 1\n")  # a damaged record stays where it is
    before = old.read_bytes()
    location = folder_location(tmp_path / "sync", "laptop")
    append_session(tmp_path / "sync" / "desktop.toml", make_record(3))  # already in the folder
    first = copy_history(old, location)
    assert (first.added, first.already, len(first.damaged)) == (3, 1, 1)
    again = copy_history(old, location)
    assert (again.added, again.already) == (0, 4)
    assert [r.id for r in read_journal(location.path).records] == [
        make_record(i).id for i in range(3)
    ]
    assert old.read_bytes() == before


def test_a_dry_run_says_what_would_become_of_the_file_and_writes_nothing(home: Path) -> None:
    missing = home / "config.toml"
    assert record_journal_dir(missing, home / "Sync", dry_run=True).outcome == "added"
    assert not missing.exists()
    missing.write_text("bell = false\n")
    assert record_journal_dir(missing, home / "Sync", dry_run=True).outcome == "added"
    assert missing.read_text() == "bell = false\n"
