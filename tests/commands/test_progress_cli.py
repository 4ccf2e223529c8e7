"""`hipcli progress` as people run it (whole processes, real pipes), and the line worth noticing
printed after a session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from hipcli.commands.practice import closing_lines
from hipcli.journal.append import append_session
from hipcli.journal.checkin import SaveResult
from hipcli.journal.folder import SUFFIX
from hipcli.journal.holds import Hold
from hipcli.journal.location import folder_location
from tests.progress_journal import JOURNAL, at


def hipcli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hipcli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "TZ": "UTC", **(env or {})},
    )


@pytest.fixture
def journal(data_dir: Path) -> Path:
    path = data_dir / "journal.toml"
    for record in JOURNAL:
        append_session(path, record)
    return path


def test_progress_reads_the_default_journal_and_pipes_plainly(journal: Path) -> None:
    result = hipcli("progress")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == "Poses you have held, most recent first"
    assert "left 3m 45s · right 2m 45s" in result.stdout
    assert "\x1b" not in result.stdout
    assert "█" not in result.stdout


def test_no_color_keeps_a_forced_terminal_plain(journal: Path) -> None:
    result = hipcli("progress", "pigeon", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert "Held per week, the last 8 weeks" in result.stdout


def test_the_json_list_goes_to_a_pipe_whole(journal: Path) -> None:
    result = hipcli("progress", "--format", "json")
    data = json.loads(result.stdout)
    assert [(entry["step"], entry["side"]) for entry in data["poses"]][:3] == [
        ("Frog", None),
        ("Pigeon", "left"),
        ("Pigeon", "right"),
    ]


def test_one_pose_as_json_has_its_weeks(journal: Path) -> None:
    result = hipcli("progress", "Pigeon", "--since", "2026-11-02", "--format", "json")
    data = json.loads(result.stdout)
    assert data["step"] == "Pigeon"
    assert data["weeks"][0]["week"] == "2026-11-02"
    assert [side["side"] for side in data["weeks"][0]["sides"]] == ["left", "right"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pigoen",), "Did you mean 'Pigeon'?"),
        (("--weeks", "0"), "--weeks"),
        (("--since", "next week"), "is not a date hipcli understands"),
        (("--format", "csv"), "--format"),
    ],
)
def test_usage_mistakes_are_exit_2_with_one_calm_message(
    journal: Path, args: tuple[str, ...], message: str
) -> None:
    result = hipcli("progress", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_celebrate_false_leaves_out_what_is_worth_noticing(journal: Path, config_dir: Path) -> None:
    assert "Noticed lately" in hipcli("progress").stdout
    (config_dir / "config.toml").write_text("celebrate = false\n", encoding="utf-8")
    result = hipcli("progress")
    assert result.returncode == 0
    assert "Noticed" not in result.stdout


def test_a_broken_settings_file_is_named_not_a_traceback(journal: Path, config_dir: Path) -> None:
    (config_dir / "config.toml").write_text("celebrat = false\n", encoding="utf-8")
    result = hipcli("progress")
    assert result.returncode == 1
    assert "Did you mean 'celebrate'?" in result.stderr


def test_a_journal_folder_is_read_whole_every_machine_counts(tmp_path: Path) -> None:
    folder = tmp_path / "synced"
    for device, records in (("laptop", JOURNAL[:3]), ("phone", JOURNAL[3:])):
        for record in records:
            append_session(folder / f"{device}{SUFFIX}", record)
    env = {"HIPCLI_JOURNAL_DIR": str(folder), "HIPCLI_DEVICE": "laptop"}
    data = json.loads(hipcli("progress", "--format", "json", env=env).stdout)
    assert data["poses"][0]["step"] == "Frog"  # from the phone
    assert data["poses"][1]["sessions"] == 3  # Pigeon, left: the laptop's three sessions


def test_after_a_session_the_whole_folder_is_its_history(tmp_path: Path) -> None:
    folder = tmp_path / "synced"
    for record in JOURNAL:  # every earlier session was on the phone
        append_session(folder / f"phone{SUFFIX}", record)
    location = folder_location(folder, "laptop")
    result = saved(location.path)  # the laptop's first session in this folder
    lines = closing_lines(result, celebrate=True, journal=location)
    assert lines[-1] == "Your longest Pigeon hold on the left so far: 2m 00s."
    assert closing_lines(result, celebrate=True)[-1].startswith("You completed Pigeon")


def test_help_lists_the_options_and_an_example() -> None:
    result = hipcli("progress", "--help")
    assert result.returncode == 0
    for text in ("--since", "--weeks", "--format", "--journal", "hipcli progress pigeon"):
        assert text in result.stdout


# --- after a session -------------------------------------------------------------------------


LONGER = (Hold("Pigeon", "left", 60, 120), Hold("Pigeon", "right", 60, 60))


def saved(journal: Path, holds: tuple[Hold, ...] = LONGER, ident: str = "new") -> SaveResult:
    """A session on 19 November just saved: by default, Pigeon's left side held longer than
    ever."""
    record = replace(
        JOURNAL[2],
        id=ident,
        started_at=at(19),
        ended_at=at(19) + timedelta(minutes=5),
        completed=True,
        holds=holds,
    )
    append_session(journal, record)
    return SaveResult(record, journal, journal)


def test_a_true_victory_follows_the_summary_line(journal: Path) -> None:
    lines = closing_lines(saved(journal), celebrate=True)
    assert len(lines) == 2
    assert lines[0].startswith("Pigeon · ")
    assert lines[1] == "Your longest Pigeon hold on the left so far: 2m 00s."


def test_no_victory_line_when_celebrating_is_off_or_nothing_is_true(journal: Path) -> None:
    result = saved(journal)
    assert len(closing_lines(result, celebrate=False)) == 1
    plain = saved(journal, (Hold("Pigeon", "left", 60, 60),), "plain")
    assert len(closing_lines(plain, celebrate=True)) == 1


def test_a_session_kept_in_a_recovery_file_still_gets_its_line(journal: Path) -> None:
    result = saved(journal)
    elsewhere = SaveResult(result.record, journal.with_name("missing.toml"), None, "disk full")
    lines = closing_lines(elsewhere, celebrate=True)
    assert lines[-1].startswith("You completed Pigeon")  # an empty journal: a first completion
