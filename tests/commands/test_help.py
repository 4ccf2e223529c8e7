"""`hipcli --help` and each command's help: summaries that fit, examples in one column."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner, Result

from hipcli.commands import COMMANDS, SUMMARIES, cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="hipcli")


def section(text: str, heading: str) -> list[str]:
    """The lines under `heading` up to the next blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_every_command_has_a_short_summary_of_its_own() -> None:
    assert list(SUMMARIES) == list(COMMANDS)
    assert len(set(SUMMARIES.values())) == len(SUMMARIES)


def test_each_command_is_found_under_its_own_name() -> None:
    context = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None
        assert command.name == name
    assert cli.get_command(context, "nosuch") is None


def test_a_mistyped_command_is_offered_the_one_meant() -> None:
    result = run("stat")
    assert result.exit_code == 2
    assert "No such command 'stat'" in result.output
    assert "Did you mean 'start'?" in result.output


def test_starting_a_session_imports_no_other_command_family() -> None:
    code = (
        "import sys; from hipcli.commands import cli; import click; "
        "cli.get_command(click.Context(cli), 'start'); "
        "print(sorted(m for m in sys.modules if m.startswith('hipcli.commands.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for family in ("authoring", "importing", "journal", "log", "progress", "sound_check"):
        assert f"'hipcli.commands.{family}'" not in loaded
    assert "'hipcli.commands.practice'" in loaded


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_the_command_summaries_are_never_cut(columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    listed = section(run("--help").stdout, "Commands:")
    assert [line.split()[0] for line in listed] == list(SUMMARIES)  # in the order of use
    for line in listed:
        name, summary = line.split(maxsplit=1)
        assert summary == SUMMARIES[name]
        assert "..." not in line
        assert len(line) <= columns


def examples_columns(text: str) -> set[int]:
    """Where the description starts on each example line that has one."""
    starts = set()
    for line in section(text, "Examples:"):
        match = re.match(r"^(\s+\S+(?: \S+)*)( {2,})\S", line)
        if match:
            starts.add(match.end(2))
    return starts


@pytest.mark.parametrize(
    "command", [[], *([name] for name in ("start", "show", "validate", "new", "edit", "schema"))]
)
def test_the_examples_line_up_in_one_column(command: list[str]) -> None:
    starts = examples_columns(run(*command, "--help").stdout)
    assert len(starts) == 1, starts


@pytest.mark.parametrize("command", [[], *([name] for name in SUMMARIES)])
def test_help_fits_an_80_column_terminal(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run(*command, "--help")
    assert result.exit_code == 0
    long = [line for line in result.stdout.splitlines() if len(line) > 80]
    assert long == []
