"""Shell completion (click's, for bash, zsh and fish): subcommands, options and routine names."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from hipcli.commands import cli
from tests.conftest import REPO, SIMPLE_ROUTINE, WriteRoutine

COMPLETE_VAR = "_HIPCLI_COMPLETE"


def complete(line: str, shell: str = "bash") -> list[str]:
    """What `hipcli` offers for the last word of `line`, through click's completion protocol."""
    words = line.split(" ")
    env = {
        COMPLETE_VAR: f"{shell}_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    if shell == "fish":  # fish sends the line up to the cursor, and the word being completed
        env.update(COMP_WORDS=line, COMP_CWORD=words[-1])
    result = CliRunner().invoke(cli, [], env=env, prog_name="hipcli")
    assert result.exit_code == 0, result.output
    if shell == "zsh":  # type, value, help: three lines each
        lines = result.stdout.splitlines()
        return [lines[i + 1] for i in range(0, len(lines), 3)]
    if shell == "fish":  # "type,value\thelp"
        return [line.split(",", 1)[1].split("\t")[0] for line in result.stdout.splitlines()]
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]  # "type,value"


def test_subcommands_complete() -> None:
    offered = complete("hipcli ")
    for command in ("start", "log", "routines", "show", "validate", "new", "edit", "schema"):
        assert command in offered
    assert complete("hipcli ed") == ["edit"]


def test_options_complete() -> None:
    assert complete("hipcli new mine --") == ["--from", "--force", "--help"]
    assert "--format" in complete("hipcli validate --")


@pytest.mark.parametrize(
    "line",
    [
        "hipcli start my-",
        "hipcli show my-",
        "hipcli edit my-",
        "hipcli validate my-",
        "hipcli new copy --from my-",
        "hipcli log --routine my-",
    ],
)
def test_the_users_own_routines_complete(line: str, write_routine: WriteRoutine) -> None:
    write_routine("my-evening", SIMPLE_ROUTINE)
    assert complete(line) == ["my-evening"]


def test_builtin_and_user_routines_complete_together(write_routine: WriteRoutine) -> None:
    write_routine("pigeon-long", SIMPLE_ROUTINE)
    assert complete("hipcli start pig") == ["pigeon", "pigeon-long"]


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("hipcli start butt", ["bound-angle"]),  # an alias
        ("hipcli show 90", ["ninety-ninety"]),  # an alias and the title "90/90"
        ("hipcli edit Box", ["box-breathing"]),  # the title "Box breathing"; no name has "Box"
        ("hipcli start pso", ["psoas-release"]),  # a name comes first when one fits
    ],
)
def test_an_alias_or_title_completes_to_the_name_it_finds(line: str, offered: list[str]) -> None:
    assert complete(line) == offered


def test_typing_nothing_close_completes_nothing() -> None:
    assert complete("hipcli start zzz") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_routine_names(shell: str, write_routine: WriteRoutine) -> None:
    write_routine("my-evening", SIMPLE_ROUTINE)
    assert complete("hipcli edit my-", shell) == ["my-evening"]


def test_the_real_command_answers_the_bash_protocol(write_routine: WriteRoutine) -> None:
    write_routine("my-evening", SIMPLE_ROUTINE)
    env = {
        **os.environ,
        COMPLETE_VAR: "bash_complete",
        "COMP_WORDS": "hipcli start my-",
        "COMP_CWORD": "2",
    }
    result = subprocess.run(
        [sys.executable, "-m", "hipcli"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["plain,my-evening"]


def readme_completion_lines() -> dict[str, str]:
    """The install line for each shell, from the README's "Shell completion" section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Shell completion", 1)[1].split("\n## ", 1)[0]
    lines = {}
    for shell in ("bash", "zsh", "fish"):
        match = re.search(rf"^.*{COMPLETE_VAR}={shell}_source hipcli.*$", section, re.MULTILINE)
        assert match, f"no install line for {shell} in the README"
        lines[shell] = match.group(0)
    return lines


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_readme_install_line_produces_a_completion_script(shell: str) -> None:
    assert shell in readme_completion_lines()
    result = CliRunner().invoke(cli, [], env={COMPLETE_VAR: f"{shell}_source"}, prog_name="hipcli")
    assert result.exit_code == 0
    assert "_hipcli_completion" in result.stdout
    assert f"{COMPLETE_VAR}={shell}_complete" in result.stdout
