"""Finding a routine from the command line: `hipcli start` alone offers them; names, aliases and
titles find a routine the same way in every command that takes one."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hipcli.commands import cli
from hipcli.routine import library
from tests.conftest import SIMPLE_ROUTINE, WriteRoutine

ROUTINE_COMMANDS = [
    ["show"],
    ["validate"],
    ["start"],
    ["edit"],
    ["new", "my-copy", "--from"],
]


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, prog_name="hipcli")


# --- hipcli start with no routine -----------------------------------------------------------------


def menu_cells(text: str) -> dict[str, str]:
    """name -> length, from the columns of the menu."""
    return dict(re.findall(r"(\S+)\s+(\d+m|\d+s)(?=\s|$)", text))


def test_start_without_a_routine_lists_the_routines_with_their_lengths_and_exits_2() -> None:
    result = run("start")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Missing argument" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "Which routine would you like to start? For example: hipcli start pigeon"
    cells = menu_cells(result.stderr)
    assert set(cells) == set(library.routine_files())
    assert cells["full-hip-release"] == "19m"  # 18m 40s, to the minute
    assert cells["morning"] == "5m"
    assert lines[-1].startswith("`hipcli routines` lists their titles")


@pytest.mark.parametrize("columns", [40, 80, 100, 200])
def test_start_without_a_routine_fits_the_terminal_in_a_few_lines(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = run("start").stderr.splitlines()
    menu = [line for line in lines if line.startswith("  ")]
    assert all(len(line) <= min(columns, 100) for line in menu)
    if columns >= 80:
        assert all(len(line) <= 80 for line in lines)
        assert len(menu) <= 8  # three columns of the 22 built-ins
        assert len(lines) <= 12


def test_start_without_a_routine_reads_each_column_downwards() -> None:
    first_column = [line.split()[0] for line in run("start").stderr.splitlines()[2:10]]
    assert first_column == sorted(first_column)
    assert first_column[0] == "alternate-nostril"


def test_start_without_a_routine_leaves_out_broken_ones_and_says_where_to_look(
    write_routine: WriteRoutine,
) -> None:
    write_routine("mine", SIMPLE_ROUTINE)
    write_routine("broken", 'title = "B"\n')
    result = run("start")
    assert result.exit_code == 2
    cells = menu_cells(result.stderr)
    assert cells["mine"] == "2m"
    assert "broken" not in cells
    assert (
        "1 routine of yours cannot start until it is fixed; `hipcli validate` shows why."
        in result.stderr
    )


def test_start_without_a_routine_shows_file_names_literally(write_routine: WriteRoutine) -> None:
    write_routine("evil\x1b[31m", SIMPLE_ROUTINE)
    result = run("start")
    assert "\x1b" not in result.stderr
    assert "evil\\x1b[31m" in result.stderr


def test_start_help_still_names_the_routine_argument() -> None:
    assert "Usage: hipcli start [OPTIONS] ROUTINE\n" in run("start", "--help").stdout


# --- the same names everywhere --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("butterfly", "Bound angle (butterfly)"),
        ("4-7-8", "4-7-8 breathing"),
        ("90-90", "90/90"),
        ("90/90", "90/90"),
        ("psoas", "Psoas release: rest and lunge"),
        ("Box Breathing", "Box breathing"),
    ],
)
def test_show_finds_a_routine_by_the_name_people_type(typed: str, title: str) -> None:
    result = run("show", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == title
    assert result.stderr == ""  # an exact alias or title says nothing odd


def test_show_lists_a_routines_aliases() -> None:
    assert "Also found as: butterfly, baddha konasana\n" in run("show", "bound-angle").stdout


def test_routines_json_carries_the_aliases() -> None:
    listed = {item["name"]: item for item in json.loads(run("routines", "--format", "json").stdout)}
    assert listed["ninety-ninety"]["aliases"] == ["90-90"]
    assert listed["pigeon"]["aliases"] == []


def test_validate_finds_by_alias_and_by_a_title_with_a_slash(tmp_path: Path) -> None:
    result = run("validate", "psoas", "90/90")
    assert result.exit_code == 0, result.output
    assert [line.rsplit("/", 1)[1] for line in result.stdout.splitlines()] == [
        "psoas-release.toml",
        "ninety-ninety.toml",
    ]
    missing = run("validate", str(tmp_path / "90" / "90"))  # a path that is no file stays a path
    assert missing.exit_code == 1
    assert "does not exist" in missing.stderr


def test_start_finds_by_alias_before_it_asks_for_a_terminal() -> None:
    result = run("start", "butterfly", "--no-plain")
    assert result.exit_code == 1  # found: only the missing terminal stops the full screen
    assert "Try `hipcli show bound-angle`" in result.stderr


def test_edit_finds_a_built_in_by_alias_and_edits_a_copy(config_dir: Path, tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nfor f; do :; done\nprintf "\\n# mine\\n" >> "$f"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    result = run("edit", "psoas", env={"VISUAL": str(editor), "EDITOR": ""})
    assert result.exit_code == 0, result.output
    assert "'psoas-release' is a built-in routine" in result.stdout
    assert (config_dir / "routines" / "psoas-release.toml").is_file()


def test_new_from_an_alias_copies_the_routine_it_finds(config_dir: Path) -> None:
    result = run("new", "long-fly", "--from", "butterfly")
    assert result.exit_code == 0, result.output
    assert "a copy of the built-in routine 'bound-angle'" in result.stdout


@pytest.mark.parametrize("command", ROUTINE_COMMANDS, ids=lambda c: " ".join(c))
def test_a_near_miss_gets_the_same_did_you_mean_in_every_command(
    command: list[str], config_dir: Path
) -> None:
    result = run(*command, "butterfy", env={"VISUAL": "false"})
    assert result.exit_code == 2
    assert result.stderr.strip() == "No routine named 'butterfy'. Did you mean 'bound-angle'?"
    assert not (config_dir / "routines").exists()


@pytest.mark.parametrize("command", ROUTINE_COMMANDS, ids=lambda c: " ".join(c))
def test_an_alias_two_routines_share_is_a_question_in_every_command(
    command: list[str], write_routine: WriteRoutine
) -> None:
    write_routine("hips-a", 'aliases = ["hips"]\n' + SIMPLE_ROUTINE)
    write_routine("hips-b", 'aliases = ["hips"]\n' + SIMPLE_ROUTINE)
    result = run(*command, "hips", env={"VISUAL": "false"})
    assert result.exit_code == 2
    assert "'hips' could be 'hips-a' or 'hips-b'." in result.stderr
