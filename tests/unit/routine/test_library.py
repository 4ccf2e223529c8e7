"""The routine library: built-in routines, the user's own, overrides, broken files, did-you-mean."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hipcli import paths
from hipcli.routine import library
from hipcli.routine.library import AmbiguousRoutineError, Source, UnknownRoutineError
from hipcli.routine.model import RoutineError, routine_total_s
from hipcli.routine.validate import load_routine
from tests.conftest import BUILTIN_ROUTINES, REPO, WriteRoutine

BUILTIN_FILES = sorted(BUILTIN_ROUTINES.glob("*.toml"))

REQUIRED_BUILTINS = [
    "pigeon",
    "bound-angle",
    "warrior-ii",
    "lizard",
    "ninety-ninety",
    "figure-four",
    "happy-baby",
    "psoas-release",
    "hip-circles",
    "somatic-shaking",
    "foot-arch",
    "body-scan",
    "box-breathing",
    "four-seven-eight",
    "diaphragmatic",
    "alternate-nostril",
    "morning",
    "full-hip-release",
]

MINE = 'title = "Mine"\n[[steps]]\nname = "Stretch"\nhold = "30s"\n'


# --- the built-in routines ------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=[p.stem for p in BUILTIN_FILES])
def test_every_built_in_routine_validates_with_a_title_summary_and_cues(path: Path) -> None:
    routine = load_routine(path)
    assert routine.title.strip()
    assert routine.summary.strip()
    for step in routine.steps:
        assert step.cue.strip(), f"{path.name}: step {step.name!r} has no cue"


def test_the_built_in_library_has_every_routine_the_foundation_asks_for() -> None:
    names = {path.stem for path in BUILTIN_FILES}
    assert len(names) >= 15
    assert not set(REQUIRED_BUILTINS) - names


def test_the_morning_routine_takes_about_five_minutes() -> None:
    assert 4 * 60 <= routine_total_s(library.load("morning")) <= 6 * 60


def test_the_full_hip_release_takes_fifteen_to_twenty_minutes() -> None:
    assert 15 * 60 <= routine_total_s(library.load("full-hip-release")) <= 20 * 60


def test_alternate_nostril_names_the_nostril_in_every_breathing_cue() -> None:
    routine = library.load("alternate-nostril")
    paced = [step for step in routine.steps if step.breath.paced]
    assert len(paced) >= 4
    for step in paced:
        cue = step.cue.lower()
        assert "nostril" in cue, step.name
        assert "left" in cue, step.name
        assert "right" in cue, step.name


def test_poses_with_sides_have_them_in_the_routines_that_hold_them() -> None:
    for name in ("pigeon", "lizard", "figure-four", "warrior-ii", "ninety-ninety"):
        routine = library.load(name)
        assert any(step.sides for step in routine.steps), name


def test_built_in_routines_are_found_without_any_user_dir(config_dir: Path) -> None:
    assert not (config_dir / "routines").exists()
    files = library.routine_files()
    assert set(REQUIRED_BUILTINS) <= set(files)
    assert all(f.source is Source.BUILT_IN and not f.overrides_builtin for f in files.values())
    assert library.user_routine_files() == []


# --- the user's own routines ----------------------------------------------------------------------


def test_the_user_routines_dir_follows_hipcli_config_dir(config_dir: Path) -> None:
    assert paths.user_routines_dir() == config_dir / "routines"


def test_a_user_routine_is_found_by_its_file_name(write_routine: WriteRoutine) -> None:
    path = write_routine("evening-hips", MINE)
    found = library.resolve("evening-hips")
    assert (found.name, found.path, found.source) == ("evening-hips", path, Source.USER)
    assert not found.overrides_builtin
    assert library.load("evening-hips").title == "Mine"
    assert [f.name for f in library.user_routine_files()] == ["evening-hips"]


def test_a_user_file_with_a_built_in_name_overrides_it_and_says_so(
    write_routine: WriteRoutine,
) -> None:
    path = write_routine("pigeon", MINE)
    found = library.resolve("pigeon")
    assert (found.path, found.source, found.overrides_builtin) == (path, Source.USER, True)
    assert library.load("pigeon").title == "Mine"
    listed = {item.file.name: item for item in library.list_routines()}
    assert listed["pigeon"].file.overrides_builtin
    assert listed["lizard"].file.source is Source.BUILT_IN


def test_a_broken_user_file_is_listed_with_its_error_and_the_rest_still_list(
    write_routine: WriteRoutine,
) -> None:
    write_routine("broken", 'title = "B"\n[[steps]]\nname = "x"\nhodl = 3\n')
    write_routine("garbage", b"\x00\xff\xfe binary")
    write_routine("mine", MINE)
    listed = {item.file.name: item for item in library.list_routines()}
    broken = listed["broken"]
    assert broken.routine is None
    assert broken.error is not None
    assert any("hodl" in str(p) for p in broken.error.problems)
    assert listed["garbage"].routine is None
    assert listed["mine"].routine is not None
    assert listed["pigeon"].routine is not None
    assert set(REQUIRED_BUILTINS) <= set(listed)


def test_loading_a_broken_routine_by_name_raises_its_routine_error(
    write_routine: WriteRoutine,
) -> None:
    write_routine("broken", 'title = "B"\n')
    with pytest.raises(RoutineError):
        library.load("broken")


def test_hidden_files_and_other_extensions_are_not_routines(
    user_routines: Path, write_routine: WriteRoutine
) -> None:
    (user_routines / ".draft.toml").write_text(MINE, encoding="utf-8")
    (user_routines / "notes.txt").write_text("not a routine", encoding="utf-8")
    (user_routines / "pigeon.toml.bak").write_text(MINE, encoding="utf-8")
    write_routine("mine", MINE)
    assert [f.name for f in library.user_routine_files()] == ["mine"]


def test_a_config_dir_that_does_not_exist_is_simply_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIPCLI_CONFIG_DIR", str(tmp_path / "nowhere"))
    assert library.user_routine_files() == []
    assert "pigeon" in library.routine_files()
    assert not (tmp_path / "nowhere").exists()


def test_a_config_path_that_is_a_file_is_simply_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config").write_text("oops", encoding="utf-8")
    monkeypatch.setenv("HIPCLI_CONFIG_DIR", str(tmp_path / "config"))
    assert library.user_routine_files() == []


# --- finding by name ------------------------------------------------------------------------------


def test_an_unknown_name_suggests_the_closest_routine() -> None:
    with pytest.raises(UnknownRoutineError) as caught:
        library.resolve("pigoen")
    assert str(caught.value) == "No routine named 'pigoen'. Did you mean 'pigeon'?"
    assert caught.value.suggestions == ["pigeon"]


def test_a_word_inside_a_name_is_suggested_too() -> None:
    with pytest.raises(UnknownRoutineError) as caught:
        library.resolve("circles")
    assert "hip-circles" in caught.value.suggestions


def test_an_unknown_name_with_nothing_close_points_at_the_listing() -> None:
    with pytest.raises(UnknownRoutineError, match="hipcli routines"):
        library.resolve("qwertyuiop")


def test_an_unknown_name_and_its_suggestions_are_shown_literally(
    write_routine: WriteRoutine,
) -> None:
    """Found by the reliability suite: `hipcli show|start|validate NAME` echoed an unknown
    name (and a suggested file name) raw, escape sequences and all, to the terminal."""
    write_routine("pigeon\x1b]0;x\x07", 'title = "T"\n[[steps]]\nname = "a"\nhold = 1\n')
    with pytest.raises(UnknownRoutineError) as caught:
        library.resolve("pigeon\x1b]0;pwned\x07\x9b")
    message = str(caught.value)
    assert message.startswith("No routine named 'pigeon\\x1b]0;pwned\\x07\\x9b'.")
    assert "'pigeon\\x1b]0;x\\x07'" in message
    assert not any(char in message for char in "\x1b\x07\x9b")
    assert caught.value.name == "pigeon\x1b]0;pwned\x07\x9b"  # the value itself is kept


def test_names_are_found_regardless_of_case_and_spaces() -> None:
    assert library.resolve(" Pigeon ").name == "pigeon"


def test_an_unknown_routine_error_is_a_lookup_error() -> None:
    assert issubclass(UnknownRoutineError, LookupError)


def test_a_user_routine_can_be_suggested(write_routine: WriteRoutine) -> None:
    write_routine("evening-hips", MINE)
    with pytest.raises(UnknownRoutineError) as caught:
        library.resolve("evening-hip")
    assert caught.value.suggestions[0] == "evening-hips"


# --- names people type: aliases and titles -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("butterfly", "bound-angle"),
        ("4-7-8", "four-seven-eight"),
        ("90-90", "ninety-ninety"),
        ("90/90", "ninety-ninety"),
        ("psoas", "psoas-release"),
    ],
)
def test_names_people_actually_type_find_their_routine(typed: str, name: str) -> None:
    assert library.resolve(typed).name == name


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Box breathing", "box-breathing"),  # a title, as written
        ("  4-7-8 BREATHING ", "four-seven-eight"),  # a title, any case
        ("box_breathing", "box-breathing"),  # a name, written with other separators
        ("box breathing", "box-breathing"),
        ("Warrior 2", "warrior-ii"),  # an alias, any case
        ("baddha  konasana", "bound-angle"),
    ],
)
def test_case_spaces_hyphens_and_underscores_do_not_matter(typed: str, name: str) -> None:
    assert library.resolve(typed).name == name


def test_an_alias_of_your_own_routine_finds_it(write_routine: WriteRoutine) -> None:
    write_routine("evening-hips", 'aliases = ["night"]\n' + MINE)
    assert library.resolve("night").name == "evening-hips"
    assert library.resolve("Mine").name == "evening-hips"  # and so does its title


def test_a_routines_name_wins_over_another_routines_alias(write_routine: WriteRoutine) -> None:
    write_routine("butterfly", MINE)
    assert library.resolve("butterfly").name == "butterfly"
    assert library.resolve("baddha konasana").name == "bound-angle"


def test_your_own_routine_wins_an_alias_a_built_in_also_has(write_routine: WriteRoutine) -> None:
    write_routine("my-butterfly", 'aliases = ["butterfly"]\n' + MINE)
    assert library.resolve("butterfly").name == "my-butterfly"


def test_two_of_your_routines_with_one_alias_are_named_instead_of_guessed(
    write_routine: WriteRoutine,
) -> None:
    write_routine("hips-a", 'aliases = ["hips"]\n' + MINE)
    write_routine("hips-b", 'aliases = ["Hips"]\n' + MINE)
    with pytest.raises(AmbiguousRoutineError) as caught:
        library.resolve("hips")
    assert caught.value.suggestions == ["hips-a", "hips-b"]
    assert str(caught.value) == (
        "'hips' could be 'hips-a' or 'hips-b'. Give the name of the one you mean."
    )
    assert isinstance(caught.value, UnknownRoutineError)  # caught like any unknown name


def test_a_near_miss_of_an_alias_suggests_its_routine() -> None:
    with pytest.raises(UnknownRoutineError) as caught:
        library.resolve("butterfy")
    assert str(caught.value) == "No routine named 'butterfy'. Did you mean 'bound-angle'?"


def test_a_word_of_a_title_is_suggested_not_started() -> None:
    with pytest.raises(UnknownRoutineError) as caught:
        library.resolve("nostril")
    assert caught.value.suggestions == ["alternate-nostril"]


def test_a_routine_with_a_mistake_elsewhere_still_answers_to_its_alias(
    write_routine: WriteRoutine,
) -> None:
    write_routine("mine", 'aliases = ["night"]\n' + MINE + "hodl = 3\n")
    found = library.resolve("night")
    assert found.name == "mine"
    with pytest.raises(RoutineError):  # and then says what is wrong with it
        found.load()


def test_a_file_that_is_not_toml_answers_only_to_its_name(write_routine: WriteRoutine) -> None:
    write_routine("garbage", b"\x00\xff aliases = [")
    assert library.resolve("garbage").name == "garbage"
    with pytest.raises(UnknownRoutineError):
        library.resolve("aliases")


def test_text_with_nothing_to_match_finds_nothing() -> None:
    for typed in ("", "   ", "--"):
        with pytest.raises(UnknownRoutineError, match="hipcli routines"):
            library.resolve(typed)


def test_every_built_in_alias_and_title_finds_its_own_routine() -> None:
    for path in BUILTIN_FILES:
        routine = load_routine(path)
        for label in (routine.title, *routine.aliases):
            assert library.resolve(label).name == path.stem, label


def test_no_two_built_in_routines_share_a_title() -> None:
    titles = [load_routine(path).title.casefold() for path in BUILTIN_FILES]
    assert len(set(titles)) == len(titles)


def test_the_docs_list_every_built_in_alias() -> None:
    docs = (REPO / "docs" / "routines.md").read_text(encoding="utf-8")
    section = docs.split("## Names, aliases and titles", 1)[1].split("\n## ", 1)[0]
    table = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (.+?) \|$", section, re.MULTILINE))
    documented = {name: re.sub(r" \(.*\)$", "", cell).split(", ") for name, cell in table.items()}
    actual = {
        p.stem: list(load_routine(p).aliases) for p in BUILTIN_FILES if load_routine(p).aliases
    }
    assert documented == actual


# --- where the built-in routines are --------------------------------------------------------------


def test_built_in_routines_resolve_from_the_source_tree() -> None:
    assert paths.builtin_routines_dir() == BUILTIN_ROUTINES


def test_built_in_routines_resolve_inside_an_installed_package(tmp_path: Path) -> None:
    """A wheel carries `routines/` inside the package (pyproject's force-include): mimic that."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"]["routines"] == "hipcli/routines"

    site = tmp_path / "site-packages"
    shutil.copytree(REPO / "hipcli", site / "hipcli", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(BUILTIN_ROUTINES, site / "hipcli" / "routines")
    code = (
        "from hipcli import paths; from hipcli.routine import library; "
        "print(paths.builtin_routines_dir()); print(library.load('pigeon').title)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    where, title = result.stdout.splitlines()
    assert Path(where) == site / "hipcli" / "routines"
    assert title == "Pigeon"
