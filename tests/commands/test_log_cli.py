"""`hipcli log` as people run it: whole processes, real pipes, the default journal location."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipcli.journal.append import append_session
from hipcli.journal.read import read_journal
from hipcli.journal.record import format_record
from tests.journal_records import make_record


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
    return data_dir / "journal.toml"


def test_a_fresh_install_says_how_to_begin(journal: Path) -> None:
    result = hipcli("log")
    assert result.returncode == 0
    assert "No sessions in your journal yet" in result.stdout
    assert "hipcli start pigeon" in result.stdout
    assert result.stderr == ""
    assert not journal.exists()  # looking never creates anything


def test_log_reads_the_default_journal_and_pipes_plainly(journal: Path) -> None:
    append_session(journal, make_record(0, notes="First \x1b[31mred\x1b[0m [bold]x[/bold]"))
    append_session(journal, make_record(1, title="Frog"))
    result = hipcli("log", "--oneline")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["When", "Routine", "Length", "Status", "Mood", "Notes"]
    assert lines[1].startswith("Sun 2026-11-22 07:30  Frog")  # COLUMNS=120, by the fixture
    assert "First \\x1b[31mred\\x1b[0m [bold]x[/bold]" in lines[2]
    entries = hipcli("log").stdout
    assert entries.startswith(
        "Sun 22 Nov 2026 07:30 · Frog · 8m 36s · completed · mood after: good\n"
    )
    assert "    First \\x1b[31mred\\x1b[0m [bold]x[/bold]" in entries
    assert "\x1b" not in result.stdout
    assert "●" not in result.stdout


def test_no_color_is_honoured_even_when_colour_is_forced(journal: Path) -> None:
    append_session(journal, make_record(0))
    result = hipcli("log", env={"NO_COLOR": "1"})
    assert "\x1b" not in result.stdout


def test_json_export_of_everything(journal: Path) -> None:
    for i in range(25):
        append_session(journal, make_record(i))
    result = hipcli("log", "--all", "--format", "json")
    data = json.loads(result.stdout)
    assert len(data) == 25
    assert data[0]["id"] == "test-000024"


def test_filters_and_stats_from_the_command_line(journal: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.toml"
    append_session(other, make_record(0, routine="frog", notes="felt calmer"))
    append_session(other, make_record(1))
    result = hipcli(
        "log",
        "--journal",
        str(other),
        "--routine",
        "frog",
        "--grep",
        "CALM",
        "--since",
        "2026-11-01",
        "--until",
        "2026-12-31",
        "-n",
        "5",
        "--oneline",
    )
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 2
    stats = json.loads(hipcli("log", "--journal", str(other), "--stats", "--format", "json").stdout)
    assert stats["sessions_total"] == 2


def test_a_bad_date_is_a_usage_error_without_a_traceback(journal: Path) -> None:
    result = hipcli("log", "--since", "fortnight")
    assert result.returncode == 2
    assert "--since 'fortnight' is not a date" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_journal_that_is_a_directory_is_exit_1(tmp_path: Path) -> None:
    result = hipcli("log", "--journal", str(tmp_path))
    assert result.returncode == 1
    assert "is a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_damage_is_reported_on_stderr_and_the_rest_shown(journal: Path) -> None:
    append_session(journal, make_record(0))
    with open(journal, "ab") as handle:
        handle.write(b"\n[[session]]\nmood = 9\n")
    append_session(journal, make_record(1))
    result = hipcli("log", "--oneline")
    assert result.returncode == 0
    assert f"{journal}:" in result.stderr
    assert "this record was skipped" in result.stderr
    assert len(result.stdout.splitlines()) == 3
    assert len(read_journal(journal).records) == 2


def test_a_closed_pipe_is_quiet(journal: Path) -> None:
    journal.write_text("\n".join(format_record(make_record(i)) for i in range(300)))
    process = subprocess.Popen(
        [sys.executable, "-m", "hipcli", "log", "--all"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err


@pytest.mark.parametrize("value", ["0", "-1", "lots"])
def test_n_zero_or_not_a_number_says_what_a_person_needs_not_clicks_range(
    journal: Path, value: str
) -> None:
    result = hipcli("log", "-n", value)
    assert result.returncode == 2
    assert "is not in the range" not in result.stderr
    assert result.stderr == (
        "hipcli: -n takes how many recent sessions to show, 1 or more: -n 5 shows the last "
        "five, --all shows every one.\n"
    )


def test_since_help_names_today_and_yesterday() -> None:
    result = hipcli("log", "--help")
    since = result.stdout[result.stdout.index("--since") :]
    assert "today" in since.split("--until")[0]
    assert "yesterday" in since.split("--until")[0]
