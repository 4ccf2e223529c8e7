"""The command line: routines, show, validate, --help, --version; output safe on pipes and ttys."""

from __future__ import annotations

import errno
import importlib.metadata
import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hipcli.commands import cli
from hipcli.commands.common import color_wanted
from hipcli.practice.timeline import build_timeline
from hipcli.routine import library
from hipcli.routine.durations import format_clock, format_duration
from hipcli.routine.model import routine_total_s
from tests.conftest import REPO, WriteRoutine

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BOX_DRAWING = re.compile(r"[\u2500-\u257f]")

GOOD = 'title = "Good"\n[[steps]]\nname = "Stretch"\nhold = "30s"\ncue = "Easy."\n'
BAD = (
    'title = "Bad"\n'  # 1
    'breath = "extended-exhail"\n'  # 2
    "[[steps]]\n"  # 3
    'name = "Stretch"\n'  # 4
    "hodl = 30\n"  # 5
    "[[steps]]\n"  # 6
    'name = "Lunge"\n'  # 7
    'hold = "0s"\n'  # 8
)

EVIL_TITLE = "[bold]x[/bold] \x1b]0;pwned\x07"
EVIL = (
    'title = "[bold]x[/bold] \\u001b]0;pwned\\u0007"\n'
    'summary = "[red]s[/red] \\u001b[31mred"\n'
    "[[steps]]\n"
    'name = "[blink]n[/blink] \\u001b[31mname"\n'
    'hold = "10s"\n'
    'sides = ["\\u001b[31mleft", "[i]right[/i]"]\n'
    'cue = "\\u001b]52;c;Y2xpcA==\\u0007 cue [b]text[/b]"\n'
)


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def assert_plain(text: str) -> None:
    """No raw escape byte, no colour and no box drawing: fit for a pipe."""
    assert "\x1b" not in text
    assert not ANSI.search(text)
    assert not BOX_DRAWING.search(text)


# --- help and version -----------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_the_commands_with_examples(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    for command in ("routines", "show", "validate"):
        assert command in result.stdout
    assert "Examples:" in result.stdout
    assert "hipcli show" in result.stdout
    assert "no medical advice" in result.stdout


@pytest.mark.parametrize("command", ["routines", "show", "validate"])
def test_each_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"hipcli {command}" in result.stdout


def test_version_comes_from_the_package_metadata() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"hipcli, version {importlib.metadata.version('hipcli')}"


def test_an_unknown_command_is_a_usage_error() -> None:
    result = run("strech")
    assert result.exit_code == 2


# --- routines -------------------------------------------------------------------------------------


def test_routines_lists_every_routine_with_its_length_steps_and_source() -> None:
    result = run("routines")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "title", "length", "steps", "breath", "source"]
    rows = {line.split()[0]: line for line in lines[1:] if line.strip()}
    for item in library.list_routines():
        assert item.routine is not None, item.error
        row = rows[item.file.name]
        assert format_duration(routine_total_s(item.routine)) in row
        assert f" {len(item.routine.steps)} " in row
        assert row.rstrip().endswith("built-in")
    assert "Pigeon" in rows["pigeon"]


def test_routines_tells_where_your_own_routines_go(user_routines: Path) -> None:
    result = run("routines")
    assert str(user_routines) in result.stderr
    assert str(user_routines) not in result.stdout  # stdout stays a clean table for pipes


def test_routines_json_has_the_fields_scripts_need() -> None:
    result = run("routines", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    by_name = {item["name"]: item for item in data}
    pigeon = by_name["pigeon"]
    assert set(pigeon) >= {
        "name",
        "title",
        "summary",
        "total_s",
        "steps",
        "breath",
        "source",
        "overrides_builtin",
        "path",
    }
    loaded = library.load("pigeon")
    assert pigeon["total_s"] == routine_total_s(loaded)
    assert pigeon["steps"] == len(loaded.steps)
    assert (pigeon["source"], pigeon["overrides_builtin"]) == ("built-in", False)
    assert Path(pigeon["path"]).name == "pigeon.toml"


def test_a_user_routine_that_overrides_a_built_in_is_marked(write_routine: WriteRoutine) -> None:
    write_routine("pigeon", GOOD)
    table = run("routines").stdout
    (row,) = [line for line in table.splitlines() if line.startswith("pigeon ")]
    assert "Good" in row
    assert "user (overrides built-in)" in row
    data = {item["name"]: item for item in json.loads(run("routines", "--format", "json").stdout)}
    assert (data["pigeon"]["source"], data["pigeon"]["overrides_builtin"]) == ("user", True)
    assert data["pigeon"]["title"] == "Good"


def test_a_broken_user_routine_is_listed_as_broken_with_its_first_error(
    write_routine: WriteRoutine,
) -> None:
    write_routine("mine", BAD)
    write_routine("good", GOOD)
    result = run("routines")
    assert result.exit_code == 0
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("mine ")]
    assert "broken: unknown breath pattern" in row
    assert "(line 2)" in row
    assert any(line.startswith("good ") for line in result.stdout.splitlines())
    assert any(line.startswith("pigeon ") for line in result.stdout.splitlines())
    data = {item["name"]: item for item in json.loads(run("routines", "--format", "json").stdout)}
    assert "extended-exhail" in data["mine"]["error"]
    assert "title" not in data["mine"]


# --- show -----------------------------------------------------------------------------------------


def test_show_prints_every_segment_with_its_start_and_the_total() -> None:
    result = run("show", "pigeon")
    assert result.exit_code == 0
    out = result.stdout
    loaded = library.load("pigeon")
    timeline = build_timeline(loaded)
    assert out.startswith(loaded.title + "\n")
    assert loaded.summary in out
    lines = out.splitlines()
    position = 0
    for segment in timeline.segments:  # in order, each with its offset and length
        position = next(
            i
            for i in range(position, len(lines))
            if lines[i].split()[:1] == [format_clock(segment.start_s)] and segment.label in lines[i]
        )
        assert format_duration(segment.duration_s) in lines[position]
    assert "Switch to right" in out
    assert "Get ready" in out
    assert "Rest" in out
    assert f"Total {format_duration(timeline.total_s)}" in out


def test_show_an_unknown_routine_suggests_the_closest_and_exits_2() -> None:
    result = run("show", "pigoen")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "No routine named 'pigoen'. Did you mean 'pigeon'?"


def test_show_a_broken_routine_prints_its_problems_and_exits_1(
    write_routine: WriteRoutine,
) -> None:
    path = write_routine("mine", BAD)
    result = run("show", "mine")
    assert result.exit_code == 1
    assert f"{path}:5: steps[1].hodl: unknown key 'hodl'" in result.stderr
    assert "Traceback" not in result.output


# --- validate -------------------------------------------------------------------------------------


def test_validate_without_routines_of_your_own_says_so_kindly(user_routines: Path) -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert "no routines of your own" in result.stdout
    assert str(user_routines) in result.stdout


def test_validate_checks_every_user_routine_and_prints_every_problem(
    write_routine: WriteRoutine,
) -> None:
    good = write_routine("good", GOOD)
    bad = write_routine("bad", BAD)
    result = run("validate")
    assert result.exit_code == 1
    assert f"ok  {good}" in result.stdout
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(bad))]
    assert problems == [
        f'{bad}:2: breath: unknown breath pattern "extended-exhail". '
        "Did you mean 'extended-exhale'?",
        f"{bad}:3: steps[1]: missing 'hold'. Add a line like hold = \"60s\".",
        f"{bad}:5: steps[1].hodl: unknown key 'hodl'. Did you mean 'hold'?",
        f"{bad}:8: steps[2].hold: must be between 1s and 1h, found 0s",
    ]
    assert "4 problems in 1 file." in result.stderr


def test_validate_good_files_by_path_and_name_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    result = run("validate", str(path), "pigeon")
    assert result.exit_code == 0
    assert f"ok  {path}" in result.stdout
    assert result.stderr == ""


def test_validate_a_file_that_does_not_exist_is_a_problem(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope.toml"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_validate_an_unknown_name_is_a_usage_error() -> None:
    result = run("validate", "pigoen")
    assert result.exit_code == 2
    assert "Did you mean 'pigeon'?" in result.stderr


def test_validate_json_lists_each_problem_with_its_location(write_routine: WriteRoutine) -> None:
    bad = write_routine("bad", BAD)
    write_routine("good", GOOD)
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(p["line"], p["key"]) for p in problems] == [
        (2, "breath"),
        (3, "steps[1]"),
        (5, "steps[1].hodl"),
        (8, "steps[2].hold"),
    ]
    assert all(p["file"] == str(bad) for p in problems)
    assert problems[2]["hint"] == "Did you mean 'hold'?"
    assert set(problems[0]) == {"file", "line", "column", "key", "message", "hint"}


def test_validate_json_of_a_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('title = "x"\nhold = = 3\n', encoding="utf-8")
    result = run("validate", "--format", "json", str(path))
    (problem,) = json.loads(result.stdout)
    assert (problem["line"], problem["column"]) == (2, 8)


def test_validate_json_of_good_files_is_an_empty_list(write_routine: WriteRoutine) -> None:
    write_routine("good", GOOD)
    result = run("validate", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


# --- text from files is shown literally -----------------------------------------------------------


def test_markup_and_escape_sequences_from_a_routine_are_shown_as_text(
    write_routine: WriteRoutine,
) -> None:
    write_routine("evil", EVIL)
    for args in (("routines",), ("show", "evil")):
        result = run(*args)
        assert result.exit_code == 0
        assert_plain(result.stdout)
        assert "[bold]x[/bold] \\x1b]0;pwned\\x07" in result.stdout
    shown = run("show", "evil").stdout
    assert "[red]s[/red] \\x1b[31mred" in shown
    assert "[blink]n[/blink] \\x1b[31mname · \\x1b[31mleft" in shown
    assert "Switch to [i]right[/i]" in shown


def test_escape_sequences_in_problems_are_shown_as_text(write_routine: WriteRoutine) -> None:
    write_routine(
        "evil", 'title = "T"\n"\\u001b]0;pwned\\u0007" = 1\n[[steps]]\nname="a"\nhold=1\n'
    )
    result = run("validate")
    assert result.exit_code == 1
    assert "\\x1b]0;pwned\\x07" in result.stderr
    assert "\x1b" not in result.output
    data = run("validate", "--format", "json").stdout
    assert "\x1b" not in data
    assert json.loads(data)[0]["key"] == "\x1b]0;pwned\x07"


def test_routines_json_escapes_control_characters(write_routine: WriteRoutine) -> None:
    write_routine("evil", EVIL)
    out = run("routines", "--format", "json").stdout
    assert "\x1b" not in out
    data = {item["name"]: item for item in json.loads(out)}
    assert data["evil"]["title"] == EVIL_TITLE


def test_escape_sequences_in_a_routine_file_name_are_shown_as_text(
    write_routine: WriteRoutine,
) -> None:
    write_routine("evil\x1b]0;pwned\x07", GOOD)
    assert "\x1b" not in run("routines").stdout
    assert "\x1b" not in run("show", "evil\x1b]0;pwned\x07").stdout


def test_piped_output_has_no_colour_or_box_drawing(write_routine: WriteRoutine) -> None:
    write_routine("bad", BAD)
    for args in (("routines",), ("show", "full-hip-release"), ("validate",), ("--help",)):
        result = run(*args)
        assert_plain(result.stdout)
        assert_plain(result.stderr)


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert color_wanted(_Stream(True)) is True
    assert color_wanted(_Stream(False)) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert color_wanted(_Stream(True)) is False
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: an empty NO_COLOR does not count
    assert color_wanted(_Stream(True)) is True


# --- whole processes ------------------------------------------------------------------------------


def hipcli_process(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hipcli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=REPO,
        timeout=30,
    )


def test_python_m_hipcli_runs_the_same_command() -> None:
    result = hipcli_process("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"hipcli, version {importlib.metadata.version('hipcli')}"


def test_a_whole_process_with_an_unknown_routine_exits_2_without_a_traceback() -> None:
    result = hipcli_process("show", "pigoen")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "No routine named 'pigoen'. Did you mean 'pigeon'?"


def test_a_whole_process_into_a_pipe_prints_a_plain_table() -> None:
    result = hipcli_process("routines")
    assert result.returncode == 0
    assert_plain(result.stdout)
    assert result.stdout.splitlines()[0].split()[0] == "name"


def run_in_terminal(*args: str, env: dict[str, str]) -> bytes:
    """Run hipcli with a pseudo-terminal as stdout and stderr; return all it wrote."""
    master, slave = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "hipcli", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", **env},
        cwd=REPO,
    )
    os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 20)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError as error:  # EIO: the child closed the terminal
                if error.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        process.wait(timeout=20)
    return b"".join(chunks)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_terminal_there_is_colour_unless_no_color_is_set(
    write_routine: WriteRoutine,
) -> None:
    write_routine("evil", EVIL)
    coloured = run_in_terminal("routines", env={})
    assert b"\x1b[" in coloured  # the table's header style: the test can see colour
    plain = run_in_terminal("routines", env={"NO_COLOR": "1"})
    assert b"\x1b" not in plain
    assert b"pigeon" in plain
    for out in (coloured, plain, run_in_terminal("show", "evil", env={})):
        assert b"\x1b]" not in out
        assert b"\x07" not in out
        assert b"\x1b[31m" not in out
        assert b"\x1b[5m" not in out
        assert b"[bold]x[/bold]" in out
