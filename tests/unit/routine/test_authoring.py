"""Writing routines, the pure parts: safe names, the template, copies and their titles, the
editor and the edit-until-valid loop (the commands: tests/commands/test_new_and_edit.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest

from hipcli.practice.timeline import build_timeline
from hipcli.problems import Problem
from hipcli.routine import authoring
from hipcli.routine import editor as editing
from hipcli.routine.library import RoutineFile, Source
from hipcli.routine.model import BREATH_KEYS, ROUTINE_KEYS, STEP_KEYS, routine_total_s
from hipcli.routine.validate import parse_routine
from tests.conftest import BUILTIN_ROUTINES, SIMPLE_ROUTINE, WriteRoutine

STEP_ONLY = '[[steps]]\nname = "Rest"\nhold = "2m"\n'
GOOD_ROUTINE = 'title = "Edited"\n\n[[steps]]\nname = "Rest"\nhold = "2m"\n'
BROKEN_ROUTINE = 'title = "Edited"\n\n[[steps]]\nname = "Rest"\nhodl = "2m"\n'


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a", "evening-hips", "hips_2", "9-to-5", "x" * 60])
def test_plain_lowercase_stems_are_routine_names(name: str) -> None:
    authoring.check_name(name)
    assert authoring.is_routine_name(name)


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("My Hips", "my-hips"), ("my-hips.toml", "my-hips"), ("../evening", "evening")],
)
def test_a_refused_name_comes_with_a_safe_one_to_try(name: str, suggestion: str) -> None:
    with pytest.raises(authoring.RoutineNameError, match=f"Try '{suggestion}'"):
        authoring.check_name(name)


def test_a_control_character_in_a_refused_name_is_shown_not_executed() -> None:
    with pytest.raises(authoring.RoutineNameError) as caught:
        authoring.check_name("a\x1b[31mb")
    assert "\x1b" not in str(caught.value)
    assert "\\x1b" in str(caught.value)


# --- the template ---------------------------------------------------------------------------------


def test_the_template_runs_as_it_is_and_is_as_long_as_it_says() -> None:
    text = authoring.template_text("my-hips")
    routine = parse_routine(text, name="my-hips")
    timeline = build_timeline(routine)
    assert timeline.total_s == routine_total_s(routine) == 5 * 60 + 20
    assert "it runs for 5m 20s" in text
    assert routine.title == "My hips"


def test_the_template_shows_every_key_in_use() -> None:
    document = tomllib.loads(authoring.template_text("my-hips"))
    assert set(document) == set(ROUTINE_KEYS)
    step_keys = {key for step in document["steps"] for key in step}
    assert step_keys == set(STEP_KEYS)
    tables = [s["breath"] for s in document["steps"] if isinstance(s.get("breath"), dict)]
    assert tables
    assert set(tables[0]) == set(BREATH_KEYS)


def test_the_template_explains_itself_and_points_to_the_docs() -> None:
    text = authoring.template_text("my-hips")
    assert "docs/routines.md" in text
    assert authoring.DOCS_URL in text
    assert "hipcli validate my-hips" in text
    assert "hipcli start my-hips" in text
    commented = [line for line in text.splitlines() if "=" in line and "#" in line]
    assert len(commented) >= 12  # the keys carry their explanation on the same line


def test_files_begin_with_a_schema_line_editors_can_open_offline() -> None:
    first = authoring.template_text("x").splitlines()[0]
    assert first == f"#:schema {authoring.schema_uri()}"
    assert first.startswith("#:schema file://")
    assert authoring.schema_uri().endswith("/routine.schema.json")


# --- copies and their titles ----------------------------------------------------------------------


def test_a_title_made_from_the_name_gets_a_number_when_taken() -> None:
    assert authoring.title_for("long-pigeon", ["Pigeon"]) == "Long pigeon"
    assert authoring.title_for("figure_four", ["Figure four"]) == "Figure four (2)"
    assert authoring.title_for("x", ["X", "x (2)"]) == "X (3)"
    assert 'title = "Figure four (2)"' in authoring.template_text("x", title="Figure four (2)")


@pytest.mark.parametrize(
    ("title_line", "kept"),
    [
        ('title = "Old"   # shown in lists', "# shown in lists"),
        ("title = 'Old'", ""),
        ('title = """\nOld"""', ""),
        ("title = '''Old'''", ""),
        ('title = "Old \\"quoted\\""', ""),
    ],
)
def test_the_title_is_replaced_however_it_is_written(title_line: str, kept: str) -> None:
    source = RoutineFile("old", Path("old.toml"), Source.USER)
    text = f"# old: mine.\n{title_line}\naliases = [\n  'a',\n]\n" + STEP_ONLY
    copy = authoring.copy_text(text, source=source, name="new", title='New "one"')
    routine = parse_routine(copy, name="new")
    assert (routine.title, routine.aliases) == ('New "one"', ())
    assert kept in copy


@pytest.mark.parametrize("path", sorted(BUILTIN_ROUTINES.glob("*.toml")), ids=lambda p: p.stem)
def test_a_copy_of_every_builtin_runs_the_same_as_the_builtin(path: Path) -> None:
    source = RoutineFile(path.stem, path, Source.BUILT_IN)
    copy = authoring.copy_text(path.read_text(encoding="utf-8"), source=source, name="mine")
    assert copy.startswith("#:schema ")
    assert copy.splitlines()[1].startswith("# mine: ")
    assert parse_routine(copy, name="mine") == source.load()._replace(name="mine")


def test_a_copy_keeps_windows_line_endings_and_drops_an_old_schema_line() -> None:
    source = RoutineFile("old", Path("old.toml"), Source.USER)
    text = "#:schema https://example.org/old.json\r\n# old: mine.\r\n" + SIMPLE_ROUTINE.replace(
        "\n", "\r\n"
    )
    copy = authoring.copy_text(text, source=source, name="new", schema_uri_text="file:///s.json")
    assert copy.startswith("#:schema file:///s.json\r\n# new: mine.\r\n# Made from your routine")
    assert "example.org" not in copy
    assert parse_routine(copy, name="new").title == "Simple"


# --- the schema line ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["#:schema https://example.org/routine.schema.json", "#:schema ./my.json", "# title"],
)
def test_other_first_lines_are_left_alone(line: str, write_routine: WriteRoutine) -> None:
    path = write_routine("mine", f"{line}\n{SIMPLE_ROUTINE}")
    assert authoring.refresh_schema_line(path) is False
    assert path.read_text(encoding="utf-8") == f"{line}\n{SIMPLE_ROUTINE}"


# --- the editor and the loop, without a process ---------------------------------------------------


def test_the_editor_is_visual_then_editor_then_a_fallback() -> None:
    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in ("nano", "vi") else None

    env = {"VISUAL": "code --wait", "EDITOR": "vim"}
    assert editing.resolve_editor(env, which).argv == ("code", "--wait")
    assert editing.resolve_editor({"EDITOR": "vim -u NONE"}, which).argv == ("vim", "-u", "NONE")
    fallback = editing.resolve_editor({"VISUAL": "  "}, which)
    assert fallback.argv == ("/usr/bin/nano",)


def test_no_editor_at_all_says_how_to_set_one() -> None:
    with pytest.raises(editing.EditorError, match="Set VISUAL or EDITOR"):
        editing.resolve_editor({}, lambda name: None)


def test_an_editor_variable_with_broken_quotes_is_reported() -> None:
    with pytest.raises(editing.EditorError, match=r"\$EDITOR .* Check its quotes"):
        editing.resolve_editor({"EDITOR": "'vim"}, lambda name: None)


def test_the_loop_reopens_the_editor_until_the_file_is_good(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(SIMPLE_ROUTINE, encoding="utf-8")
    versions = iter([BROKEN_ROUTINE, GOOD_ROUTINE])
    shown: list[Sequence[Problem]] = []

    def launch(editor: editing.Editor, target: Path) -> None:
        target.write_text(next(versions), encoding="utf-8")

    def edit_again(problems: Sequence[Problem]) -> bool:
        shown.append(problems)
        return True

    outcome = editing.edit_until_valid(
        path,
        name="mine",
        editor=editing.Editor(("ed",), "$EDITOR"),
        edit_again=edit_again,
        launch=launch,
    )
    assert outcome.routine is not None
    assert outcome.routine.title == "Edited"
    assert outcome.changed
    assert [p.key for p in shown[0]] == ["steps[1]", "steps[1].hodl"]


def test_answering_no_keeps_the_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(SIMPLE_ROUTINE, encoding="utf-8")

    def launch(editor: editing.Editor, target: Path) -> None:
        target.write_text(BROKEN_ROUTINE, encoding="utf-8")

    outcome = editing.edit_until_valid(
        path,
        name="mine",
        editor=editing.Editor(("ed",), "$EDITOR"),
        edit_again=lambda problems: False,
        launch=launch,
    )
    assert outcome.routine is None
    assert len(outcome.problems) == 2
    assert path.read_text(encoding="utf-8") == BROKEN_ROUTINE


def test_a_second_editor_run_that_fails_restores_the_first_runs_text(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(SIMPLE_ROUTINE, encoding="utf-8")
    runs = []

    def launch(editor: editing.Editor, target: Path) -> None:
        runs.append(target)
        target.write_text(BROKEN_ROUTINE if len(runs) == 1 else "oops", encoding="utf-8")
        if len(runs) == 2:
            raise editing.EditorError("The editor `ed` exited with status 1.")

    with pytest.raises(editing.EditorError):
        editing.edit_until_valid(
            path,
            name="mine",
            editor=editing.Editor(("ed",), "$EDITOR"),
            edit_again=lambda problems: True,
            launch=launch,
        )
    assert path.read_text(encoding="utf-8") == BROKEN_ROUTINE


# --- purity ---------------------------------------------------------------------------------------


def test_authoring_is_pure_no_textual_and_no_work_at_import(tmp_path: Path) -> None:
    probe = (
        "import sys, hipcli.routine.authoring, hipcli.routine.editor; "
        "print('textual' in sys.modules, 'click' in sys.modules)"
    )
    env = {**os.environ, "HIPCLI_CONFIG_DIR": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["False", "False"]
    assert not (tmp_path / "config").exists()
