"""`hipcli schema` and `hipcli validate --format json`/`-`: what editors, hooks and scripts use
(the schema's agreement with the loader: tests/unit/routine/test_schema.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from hipcli.commands import cli
from hipcli.routine import authoring
from tests.conftest import SIMPLE_ROUTINE, WriteRoutine

SCHEMA: dict[str, Any] = json.loads(authoring.schema_text())
STEP_TOML = '[[steps]]\nname = "Lunge"\nhold = "30s"\n'


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, prog_name="hipcli")


def test_hipcli_schema_prints_it() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
    assert result.stdout.endswith("}\n")
    uri = run("schema", "--uri")
    assert uri.stdout.strip() == authoring.schema_uri()


def test_validate_json_names_file_line_column_key_and_message(tmp_path: Path) -> None:
    path = tmp_path / "anywhere.txt"  # any path, any name: pre-commit hooks and editors pass paths
    path.write_text('title = "T"\nbreath = "boxy"\n' + STEP_TOML + "hodl = 1\n", encoding="utf-8")
    result = run("validate", "--format", "json", str(path))
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(p["line"], p["key"]) for p in problems] == [(2, "breath"), (6, "steps[1].hodl")]
    assert set(problems[0]) == {"file", "line", "column", "key", "message", "hint"}
    assert problems[0]["file"] == str(path)
    assert problems[1]["message"] == "unknown key 'hodl'"
    assert problems[1]["hint"] == "Did you mean 'hold'?"


def test_validate_json_gives_a_column_for_toml_syntax_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('title = "T\n', encoding="utf-8")
    problems = json.loads(run("validate", "--format", "json", str(path)).stdout)
    assert problems[0]["line"] == 1
    assert isinstance(problems[0]["column"], int)


def test_validate_json_of_good_files_is_an_empty_list(write_routine: WriteRoutine) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    for argument in (str(path), "mine", "pigeon"):
        result = run("validate", "--format", "json", argument)
        assert result.exit_code == 0
        assert json.loads(result.stdout) == []


def test_validate_reads_standard_input_for_editors() -> None:
    result = run("validate", "--format", "json", "-", stdin='title = "T"\n' + STEP_TOML + "x=1\n")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["file"] == "<stdin>"
    assert problem["key"] == "steps[1].x"
    ok = run("validate", "-", stdin=SIMPLE_ROUTINE)
    assert ok.exit_code == 0
    assert ok.stdout == "ok  <stdin>\n"


def test_validate_of_a_path_without_toml_suffix_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "routine"
    path.write_text(SIMPLE_ROUTINE, encoding="utf-8")
    assert run("validate", str(path)).exit_code == 0
    missing = run("validate", str(tmp_path / "missing"))
    assert missing.exit_code == 1
    assert "does not exist" in missing.stderr
