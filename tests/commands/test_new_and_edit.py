"""`hipcli new` and `hipcli edit`: names refused kindly, templates and copies written, the editor
run and the file checked after it closes (the pure parts: tests/unit/routine/test_authoring.py)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hipcli.commands import cli
from hipcli.routine import authoring
from hipcli.routine.validate import load_routine
from tests.conftest import BUILTIN_ROUTINES, SIMPLE_ROUTINE, WriteRoutine

GOOD_ROUTINE = 'title = "Edited"\n\n[[steps]]\nname = "Rest"\nhold = "2m"\n'
BROKEN_ROUTINE = 'title = "Edited"\n\n[[steps]]\nname = "Rest"\nhodl = "2m"\n'


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, prog_name="hipcli")


@pytest.fixture
def make_editor(tmp_path: Path) -> Callable[[str], str]:
    """Write an executable shell script standing in for an editor; return its path.

    The script gets the file to edit as its last argument ("$f" in the body) and logs its
    arguments, one a line, to <script>.args.
    """

    def make(body: str) -> str:
        script = tmp_path / f"editor-{len(list(tmp_path.glob('editor-*')))}.sh"
        script.write_text(
            "#!/bin/sh\n"
            f'printf "%s\\n" "$@" > "{script}.args"\n'
            "for f; do :; done\n"  # f = the last argument: the file
            f"{body}\n",
            encoding="utf-8",
        )
        script.chmod(0o755)
        return str(script)

    return make


def writes(text: str) -> str:
    """A script body that replaces the edited file with `text`."""
    return f"cat > \"$f\" <<'ROUTINE'\n{text}ROUTINE"


def editor_env(visual: str, editor: str = "") -> dict[str, str]:
    return {"VISUAL": visual, "EDITOR": editor}


# --- hipcli new -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("../escape", "it is a path"),
        ("sub/dir", "it is a path"),
        ("back\\slash", "it is a path"),
        ("..", "it is a path"),
        (".hidden", "hidden file"),
        ("my hips", "it has spaces"),
        ("", "A routine needs a name"),
        ("x" * 61, "61 characters long"),
        ("Pigeon", "capital letters"),
        ("-dash-first", "characters a routine name cannot have"),
        ("my-hips.toml", "leave out '.toml'"),
        ("café", "characters a routine name cannot have"),
    ],
)
def test_new_refuses_names_that_are_not_plain_file_stems(
    name: str, says: str, config_dir: Path
) -> None:
    result = run("new", "--", name)
    assert result.exit_code == 2
    assert says in result.stderr
    assert "lowercase letters, digits, '-' and '_'" in result.stderr
    assert not (config_dir / "routines").exists() or not any((config_dir / "routines").iterdir())


def test_new_writes_the_template_and_says_how_to_edit_and_start_it(config_dir: Path) -> None:
    result = run("new", "evening-hips")
    assert result.exit_code == 0, result.output
    path = config_dir / "routines" / "evening-hips.toml"
    assert str(path) in result.stdout
    assert "hipcli edit evening-hips" in result.stdout
    assert "hipcli start evening-hips" in result.stdout
    assert "5m 20s" in result.stdout
    assert load_routine(path).title == "Evening hips"
    assert stat.S_IMODE((config_dir / "routines").stat().st_mode) == 0o700


def test_new_then_start_finds_the_routine_by_name(config_dir: Path) -> None:
    assert run("new", "evening-hips").exit_code == 0
    shown = run("show", "evening-hips")
    assert shown.exit_code == 0
    assert "Total 5m 20s" in shown.stdout


def test_new_never_overwrites_an_existing_routine(write_routine: WriteRoutine) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    result = run("new", "mine")
    assert result.exit_code == 1
    assert "hipcli edit mine" in result.stderr
    assert "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == SIMPLE_ROUTINE


def test_new_with_force_replaces_the_routine(write_routine: WriteRoutine) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    result = run("new", "mine", "--force")
    assert result.exit_code == 0, result.output
    assert "Replaced" in result.stdout
    assert load_routine(path).title == "Mine"
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp left


def test_new_from_a_builtin_copies_it_with_its_comments(config_dir: Path) -> None:
    builtin = BUILTIN_ROUTINES / "pigeon.toml"
    before = builtin.read_bytes()
    result = run("new", "long-pigeon", "--from", "pigeon")
    assert result.exit_code == 0, result.output
    assert "a copy of the built-in routine 'pigeon'" in result.stdout
    copy = (config_dir / "routines" / "long-pigeon.toml").read_text(encoding="utf-8")
    lines = copy.splitlines()
    assert lines[0].startswith("#:schema file://")
    assert lines[1].startswith("# long-pigeon: a slow opener")
    assert "Made from the built-in routine 'pigeon'" in lines[2]
    assert "copy this file to" not in copy  # the built-in's own note no longer applies
    original = builtin.read_text(encoding="utf-8")
    body = original[original.index("title = ") :].replace('"Pigeon"', '"Long pigeon"', 1)
    assert copy.endswith(body)  # keys and comments kept exactly, with a title of its own
    assert "# The side shown on screen is the leg" in copy
    assert builtin.read_bytes() == before


def test_new_from_a_user_routine_copies_it(write_routine: WriteRoutine, config_dir: Path) -> None:
    write_routine("mine", "# mine: my routine.\n# A note.\n" + SIMPLE_ROUTINE)
    result = run("new", "mine-longer", "--from", "mine")
    assert result.exit_code == 0, result.output
    assert "a copy of your routine 'mine'" in result.stdout
    copy = (config_dir / "routines" / "mine-longer.toml").read_text(encoding="utf-8")
    assert copy.splitlines()[1:4] == [
        "# mine-longer: my routine.",
        "# Made from your routine 'mine' with `hipcli new`; see docs/routines.md.",
        "# A note.",
    ]
    assert load_routine(config_dir / "routines" / "mine-longer.toml").title == "Mine longer"


def test_new_from_an_unknown_routine_suggests_a_name(config_dir: Path) -> None:
    result = run("new", "mine", "--from", "pigoen")
    assert result.exit_code == 2
    assert "Did you mean 'pigeon'?" in result.stderr
    assert not (config_dir / "routines" / "mine.toml").exists()


def test_new_with_a_builtins_name_says_it_takes_the_builtins_place(config_dir: Path) -> None:
    result = run("new", "pigeon")
    assert result.exit_code == 0, result.output
    assert "takes the place of the built-in 'pigeon'" in result.stdout
    assert "user (overrides built-in)" in run("routines").stdout


def test_new_from_a_routine_into_its_own_file_is_refused(write_routine: WriteRoutine) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    result = run("new", "mine", "--from", "mine", "--force")
    assert result.exit_code == 1
    assert "hipcli edit mine" in result.stderr
    assert path.read_text(encoding="utf-8") == SIMPLE_ROUTINE


def test_a_copy_under_a_new_name_gets_a_title_of_its_own(config_dir: Path) -> None:
    result = run("new", "long-pigeon", "--from", "pigeon")
    assert result.exit_code == 0, result.output
    assert "titled 'Long pigeon'" in result.stdout
    assert load_routine(config_dir / "routines" / "long-pigeon.toml").title == "Long pigeon"
    titles = [item["title"] for item in json.loads(run("routines", "--format", "json").stdout)]
    assert "Long pigeon" in titles
    assert titles.count("Pigeon") == 1


def test_a_template_named_like_another_routines_title_gets_a_number(config_dir: Path) -> None:
    result = run("new", "figure_four")
    assert result.exit_code == 0, result.output
    assert "titled 'Figure four (2)'" in result.stdout
    assert load_routine(config_dir / "routines" / "figure_four.toml").title == "Figure four (2)"


def test_no_two_routines_show_the_same_title_after_copying_each_built_in(
    config_dir: Path,
) -> None:
    builtins = sorted(BUILTIN_ROUTINES.glob("*.toml"))
    for path in builtins:
        assert run("new", f"my-{path.stem}", "--from", path.stem).exit_code == 0
        assert run("new", f"{path.stem}_").exit_code == 0  # a template that reads like it
    titles = [item["title"] for item in json.loads(run("routines", "--format", "json").stdout)]
    assert len(titles) == 3 * len(builtins)
    assert len({title.casefold() for title in titles}) == len(titles)


def test_a_copy_that_takes_a_routines_place_keeps_its_title(config_dir: Path) -> None:
    assert run("new", "pigeon", "--from", "pigeon").exit_code == 0
    assert load_routine(config_dir / "routines" / "pigeon.toml").title == "Pigeon"


def test_a_copy_leaves_the_originals_aliases_to_the_original(config_dir: Path) -> None:
    assert run("new", "my-butterfly", "--from", "butterfly").exit_code == 0
    path = config_dir / "routines" / "my-butterfly.toml"
    assert load_routine(path).aliases == ()
    assert '# aliases = ["butterfly", "baddha konasana"]' in path.read_text(encoding="utf-8")
    assert run("show", "butterfly").stdout.startswith("Bound angle (butterfly)\n")


# --- hipcli edit ----------------------------------------------------------------------------------


def test_edit_with_a_good_result_says_so_with_the_length(
    write_routine: WriteRoutine, make_editor: Callable[[str], str]
) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    result = run("edit", "mine", env=editor_env(make_editor(writes(GOOD_ROUTINE))))
    assert result.exit_code == 0, result.output
    assert "Saved mine (2m 5s, 1 step)" in result.stdout
    assert "hipcli start mine" in result.stdout
    assert path.read_text(encoding="utf-8") == GOOD_ROUTINE


def test_edit_with_a_broken_result_shows_the_problems_and_exits_1(
    write_routine: WriteRoutine, make_editor: Callable[[str], str]
) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    result = run("edit", "mine", env=editor_env(make_editor(writes(BROKEN_ROUTINE))))
    assert result.exit_code == 1
    assert f"{path}:5: steps[1].hodl: unknown key 'hodl'. Did you mean 'hold'?" in result.stderr
    assert "saved as it is, with 2 problems" in result.stderr
    assert "hipcli edit mine" in result.stderr
    assert path.read_text(encoding="utf-8") == BROKEN_ROUTINE  # kept, as the user wrote it


def test_an_editor_that_fails_leaves_the_file_as_it_was(
    write_routine: WriteRoutine, make_editor: Callable[[str], str]
) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    editor = make_editor('echo "half a thought" > "$f"\nexit 3')
    result = run("edit", "mine", env=editor_env(editor))
    assert result.exit_code == 1
    assert "exited with status 3" in result.stderr
    assert "left as it was" in result.stderr
    assert path.read_text(encoding="utf-8") == SIMPLE_ROUTINE


def test_an_editor_that_cannot_start_is_reported(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    result = run("edit", "mine", env=editor_env(f"{tmp_path / 'no-such-editor'} --wait"))
    assert result.exit_code == 1
    assert "Could not start the editor" in result.stderr
    assert "from $VISUAL" in result.stderr
    assert path.read_text(encoding="utf-8") == SIMPLE_ROUTINE


def test_an_editor_command_with_arguments_is_split_like_a_shell_would(
    write_routine: WriteRoutine, make_editor: Callable[[str], str]
) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    editor = make_editor(writes(GOOD_ROUTINE))
    result = run("edit", "mine", env=editor_env(f"{editor} --wait 'two words'"))
    assert result.exit_code == 0, result.output
    arguments = Path(f"{editor}.args").read_text(encoding="utf-8").splitlines()
    assert arguments == ["--wait", "two words", str(path)]


def test_visual_comes_before_editor(
    write_routine: WriteRoutine, make_editor: Callable[[str], str]
) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    visual = make_editor(writes(GOOD_ROUTINE))
    editor = make_editor(writes(GOOD_ROUTINE.replace("Edited", "From EDITOR")))
    assert run("edit", "mine", env=editor_env(visual, editor)).exit_code == 0
    assert load_routine(path).title == "Edited"
    assert run("edit", "mine", env=editor_env("", editor)).exit_code == 0  # empty: unset
    assert load_routine(path).title == "From EDITOR"


def test_editing_a_builtin_edits_a_copy_and_never_the_builtin(
    config_dir: Path, make_editor: Callable[[str], str]
) -> None:
    builtin = BUILTIN_ROUTINES / "pigeon.toml"
    before = builtin.read_bytes()
    editor = make_editor('sed -i "s/^title = .*/title = \\"My pigeon\\"/" "$f"')
    result = run("edit", "pigeon", env=editor_env(editor))
    assert result.exit_code == 0, result.output
    copy = config_dir / "routines" / "pigeon.toml"
    assert f"copied it to {copy}" in result.stdout
    assert Path(f"{editor}.args").read_text(encoding="utf-8").strip() == str(copy)
    assert load_routine(copy).title == "My pigeon"
    text = copy.read_text(encoding="utf-8")
    assert text.startswith("#:schema file://")
    assert "Your copy of the built-in routine 'pigeon'" in text
    assert builtin.read_bytes() == before
    assert "user (overrides built-in)" in run("routines").stdout  # the copy is used now


def test_a_builtin_copy_left_unchanged_is_removed_again(
    config_dir: Path, make_editor: Callable[[str], str]
) -> None:
    result = run("edit", "pigeon", env=editor_env(make_editor("true")))
    assert result.exit_code == 0, result.output
    assert "No changes, so the copy was removed" in result.stdout
    assert not (config_dir / "routines" / "pigeon.toml").exists()


def test_a_builtin_copy_is_removed_when_the_editor_fails(
    config_dir: Path, make_editor: Callable[[str], str]
) -> None:
    result = run("edit", "pigeon", env=editor_env(make_editor('echo x > "$f"; exit 1')))
    assert result.exit_code == 1
    assert "The copy was removed; nothing changed." in result.stderr
    assert not (config_dir / "routines" / "pigeon.toml").exists()


def test_edit_of_an_unknown_routine_suggests_names(make_editor: Callable[[str], str]) -> None:
    result = run("edit", "pigoen", env=editor_env(make_editor("true")))
    assert result.exit_code == 2
    assert "Did you mean 'pigeon'?" in result.stderr
    result = run("edit", "nothing-like-it", env=editor_env(make_editor("true")))
    assert result.exit_code == 2
    assert "hipcli new nothing-like-it" in result.stderr


def test_edit_unchanged_user_routine_says_no_changes(
    write_routine: WriteRoutine, make_editor: Callable[[str], str]
) -> None:
    write_routine("mine", SIMPLE_ROUTINE)
    result = run("edit", "mine", env=editor_env(make_editor("true")))
    assert result.exit_code == 0
    assert "No changes to mine (2m 20s, 2 steps)" in result.stdout


def test_edit_points_a_stale_schema_line_at_the_installed_schema(
    write_routine: WriteRoutine, make_editor: Callable[[str], str]
) -> None:
    stale = "#:schema file:///gone/old-venv/hipcli/routine.schema.json\n"
    path = write_routine("mine", stale + SIMPLE_ROUTINE)
    assert run("edit", "mine", env=editor_env(make_editor("true"))).exit_code == 0
    assert path.read_text(encoding="utf-8") == authoring.schema_line() + "\n" + SIMPLE_ROUTINE


# --- on a terminal: "Edit again?" -----------------------------------------------------------------


def edit_on_a_terminal(routine: str, env: dict[str, str], answers: bytes) -> tuple[int, str]:
    """Run `hipcli edit ROUTINE` with a pseudo-terminal as stdin; type `answers` into it."""
    main, secondary = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "hipcli", "edit", routine],
            stdin=secondary,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **env},
        )
        os.write(main, answers)
        out, err = process.communicate(timeout=60)
    finally:
        os.close(main)
        os.close(secondary)
    return process.returncode, out.decode() + err.decode()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_the_user_can_edit_again_or_keep_the_file(
    write_routine: WriteRoutine, make_editor: Callable[[str], str], tmp_path: Path
) -> None:
    path = write_routine("mine", SIMPLE_ROUTINE)
    # First run writes a broken file, every later run a good one.
    counter = tmp_path / "runs"
    editor = make_editor(
        f'if [ -e "{counter}" ]; then {writes(GOOD_ROUTINE)}\n'
        f'else touch "{counter}"; {writes(BROKEN_ROUTINE)}\nfi'
    )
    code, output = edit_on_a_terminal("mine", editor_env(editor), b"y\n")
    assert "Edit again? [Y/n]" in output
    assert code == 0, output
    assert "Saved mine" in output

    counter.unlink()
    code, output = edit_on_a_terminal("mine", editor_env(editor), b"n\n")
    assert code == 1, output
    assert "unknown key 'hodl'" in output
    assert path.read_text(encoding="utf-8") == BROKEN_ROUTINE
