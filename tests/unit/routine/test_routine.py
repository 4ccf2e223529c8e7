"""Routine files: parsing, defaults, and every problem located by file, line, key and hint."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hipcli.problems import Problem
from hipcli.routine.model import (
    BREATH_PATTERNS,
    MAX_FILE_BYTES,
    NATURAL,
    BreathPattern,
    Routine,
    RoutineError,
    routine_total_s,
)
from hipcli.routine.validate import key_path_text, load_routine, parse_routine

FILE = "my-hips.toml"
STEP = '[[steps]]\nname = "Lunge"\nhold = "30s"\n'


def parse(text: str | bytes) -> Routine:
    return parse_routine(text, name="my-hips", file=FILE)


def problems_of(text: str | bytes) -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        parse(text)
    return list(caught.value.problems)


def only_problem(text: str | bytes) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def with_title(body: str) -> str:
    return f'title = "T"\n{body}'


# --- valid routines -------------------------------------------------------------------------------

FULL = """\
# A routine using every key.
title = "My hips"
summary = "Low lunge and pigeon."
lead_in = "7s"
rest = "20s"
switch = "6s"
breath = "extended-exhale"

[[steps]]
name = "Low lunge"
hold = "45s"
sides = ["left", "right"]
breath = "natural"
cue = "Front knee over the ankle."

[[steps]]
name = "Pigeon"
hold = "1m30s"
sides = ["left", "right"]
switch = "10s"
rest = "30s"
breath = { inhale = 4, hold = 2, exhale = 6, hold_after = 1 }
cue = \"\"\"
Slide the knee forward. \\
Soften on every exhale.\\
\"\"\"

[[steps]]
name = "Child's pose"
hold = 60
"""


def test_a_routine_with_every_key_reads_as_written() -> None:
    routine = parse(FULL)
    assert routine.name == "my-hips"
    assert routine.title == "My hips"
    assert routine.summary == "Low lunge and pigeon."
    assert routine.lead_in_s == 7
    assert routine.breath is BREATH_PATTERNS["extended-exhale"]
    lunge, pigeon, child = routine.steps
    assert (lunge.name, lunge.hold_s, lunge.sides) == ("Low lunge", 45, ("left", "right"))
    assert lunge.breath is NATURAL
    assert lunge.cue == "Front knee over the ankle."
    assert (lunge.rest_s, lunge.switch_s) == (20, 6)
    assert (pigeon.hold_s, pigeon.switch_s, pigeon.rest_s) == (90, 10, 30)
    assert pigeon.breath == BreathPattern("custom", 4, 2, 6, 1)
    assert pigeon.cue == "Slide the knee forward. Soften on every exhale."
    assert child.hold_s == 60
    assert child.sides == ()
    assert child.cue == ""
    assert child.breath is BREATH_PATTERNS["extended-exhale"]  # the routine's breath
    assert (child.rest_s, child.switch_s) == (20, 6)


def test_keys_left_out_take_their_documented_defaults() -> None:
    routine = parse(with_title(STEP))
    assert routine.summary == ""
    assert routine.lead_in_s == 5
    assert routine.breath is NATURAL
    (step,) = routine.steps
    assert (step.rest_s, step.switch_s, step.sides, step.cue) == (10, 5, (), "")
    assert step.breath is NATURAL


def test_a_step_overrides_breath_rest_and_switch_for_itself_only() -> None:
    routine = parse(
        with_title(
            'rest = "10s"\nswitch = "5s"\nbreath = "box"\n'
            + STEP
            + 'rest = "1m"\nswitch = "0s"\nbreath = "4-7-8"\nsides = ["a", "b"]\n'
            + STEP
        )
    )
    first, second = routine.steps
    assert (first.rest_s, first.switch_s, first.breath.name) == (60, 0, "4-7-8")
    assert (second.rest_s, second.switch_s, second.breath.name) == (10, 5, "box")


@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("natural", (0, 0, 0, 0)),
        ("diaphragmatic", (4, 0, 6, 0)),
        ("box", (4, 4, 4, 4)),
        ("4-7-8", (4, 7, 8, 0)),
        ("coherent", (5.5, 0, 5.5, 0)),
        ("extended-exhale", (4, 0, 8, 0)),
    ],
)
def test_named_breath_patterns_have_their_documented_counts(
    name: str, counts: tuple[float, ...]
) -> None:
    routine = parse(with_title(f'breath = "{name}"\n' + STEP))
    pattern = routine.steps[0].breath
    assert (pattern.inhale, pattern.hold, pattern.exhale, pattern.hold_after) == counts
    assert pattern.paced is (name != "natural")


def test_pattern_names_ignore_case_and_surrounding_spaces() -> None:
    assert parse(with_title('breath = " Box "\n' + STEP)).breath.name == "box"


def test_a_custom_breath_needs_only_inhale_and_exhale() -> None:
    routine = parse(with_title("breath = { inhale = 4, exhale = 6.5 }\n" + STEP))
    assert routine.breath == BreathPattern("custom", 4, 0, 6.5, 0)
    assert routine.breath.describe() == "4-0-6.5-0"


def test_a_step_breath_can_be_a_sub_table() -> None:
    routine = parse(with_title(STEP + "[steps.breath]\ninhale = 3\nexhale = 5\n"))
    assert routine.steps[0].breath == BreathPattern("custom", 3, 0, 5, 0)


def test_patterns_describe_themselves_for_listings() -> None:
    assert BREATH_PATTERNS["box"].describe() == "box 4-4-4-4"
    assert BREATH_PATTERNS["coherent"].describe() == "coherent 5.5-0-5.5-0"
    assert NATURAL.describe() == "natural"


def test_a_bom_and_windows_line_endings_are_fine() -> None:
    text = with_title(STEP).replace("\n", "\r\n")
    assert parse(b"\xef\xbb\xbf" + text.encode()).title == "T"
    assert parse("\ufeff" + text).title == "T"


def test_the_total_is_lead_in_holds_per_side_switches_and_rests_between_steps() -> None:
    # 7 + (45*2 + 6) + 20 + (90*2 + 10) + 30 + 60 ; no rest after the last step
    assert routine_total_s(parse(FULL)) == 7 + 96 + 20 + 190 + 30 + 60


def test_key_paths_count_steps_from_one() -> None:
    assert key_path_text(("steps", 1, "hold")) == "steps[2].hold"
    assert key_path_text(("steps", 0, "breath", "inhale")) == "steps[1].breath.inhale"
    assert key_path_text(("title",)) == "title"


def test_an_empty_key_is_shown_as_toml_writes_it_never_as_nothing() -> None:
    """Found by the reliability fuzz: an empty key (`"" = 1`) gave a problem with no key at all,
    and under a table header with an escaped name, no line either."""
    assert key_path_text(("",)) == '""'
    assert key_path_text(("steps", 0, "")) == 'steps[1].""'
    problem = only_problem(with_title(STEP + '"" = 1\n'))
    assert (problem.key, problem.line) == ('steps[1].""', 5)


# --- problems: where and what ---------------------------------------------------------------------


def test_a_problem_reads_file_line_key_message_and_hint() -> None:
    problem = only_problem(with_title(STEP + "hodl = 3\n"))
    assert str(problem) == f"{FILE}:5: steps[1].hodl: unknown key 'hodl'. Did you mean 'hold'?"


def test_an_unknown_step_key_suggests_the_closest_known_key() -> None:
    problem = only_problem(with_title(STEP + "sieds = ['l', 'r']\n"))
    assert (problem.key, problem.line, problem.hint) == (
        "steps[1].sieds",
        5,
        "Did you mean 'sides'?",
    )


def test_an_unknown_top_level_key_suggests_the_closest_known_key() -> None:
    problem = only_problem(with_title('lead-in = "5s"\n' + STEP))
    assert (problem.key, problem.line, problem.hint) == ("lead-in", 2, "Did you mean 'lead_in'?")


def test_an_unknown_key_with_nothing_close_lists_the_known_keys() -> None:
    problem = only_problem(with_title(STEP + "colour = 'red'\n"))
    assert "Known keys here: name, hold, sides, cue" in problem.hint


def test_an_unknown_key_in_a_breath_table_is_named_with_its_full_path() -> None:
    problem = only_problem(with_title(STEP + "breath = { inhale = 4, exhail = 6, exhale = 6 }\n"))
    assert problem.key == "steps[1].breath.exhail"
    assert problem.hint == "Did you mean 'exhale'?"


def test_an_unknown_breath_pattern_suggests_the_closest_name() -> None:
    problem = only_problem(with_title('breath = "extended-exhail"\n' + STEP))
    assert (problem.key, problem.line) == ("breath", 2)
    assert problem.message == 'unknown breath pattern "extended-exhail"'
    assert problem.hint == "Did you mean 'extended-exhale'?"


def test_an_unknown_breath_pattern_with_nothing_close_lists_the_names() -> None:
    problem = only_problem(with_title(STEP + 'breath = "ujjayi"\n'))
    assert problem.key == "steps[1].breath"
    assert "Named patterns: natural, diaphragmatic, box, 4-7-8, coherent" in problem.hint


@pytest.mark.parametrize(
    ("body", "key", "found"),
    [
        ('title = 5\n[[steps]]\nname = "a"\nhold = 5\n', "title", "a number (5)"),
        (with_title("summary = [1]\n" + STEP), "summary", "a list"),
        (with_title("lead_in = true\n" + STEP), "lead_in", "a true/false value (true)"),
        (with_title("rest = 1.5\n" + STEP), "rest", "1.5"),
        (with_title("switch = {s = 1}\n" + STEP), "switch", "a table"),
        (with_title("breath = 4\n" + STEP), "breath", "a number (4)"),
        (with_title('steps = "many"\n'), "steps", ""),
        (with_title("steps = [1, 2]\n"), "steps", ""),
        (with_title('[steps]\nname = "a"\nhold = 5\n'), "steps", ""),
        (with_title('[[steps]]\nname = 3\nhold = "5s"\n'), "steps[1].name", "a number (3)"),
        (with_title('[[steps]]\nname = "a"\nhold = "five"\n'), "steps[1].hold", '"five"'),
        (with_title(STEP + 'sides = "left"\n'), "steps[1].sides", 'the text "left"'),
        (with_title(STEP + 'sides = ["left", 2]\n'), "steps[1].sides[2]", "a number (2)"),
        (with_title(STEP + 'sides = ["left", ""]\n'), "steps[1].sides[2]", 'the text ""'),
        (with_title(STEP + "cue = {}\n"), "steps[1].cue", "a table"),
        (
            with_title(STEP + "breath = { inhale = '4', exhale = 6 }\n"),
            "steps[1].breath.inhale",
            "4",
        ),
        (
            with_title(STEP + "breath = { inhale = true, exhale = 6 }\n"),
            "steps[1].breath.inhale",
            "true/false",
        ),
        (with_title(STEP + "breath = [4, 6]\n"), "steps[1].breath", "a list"),
        (with_title(STEP + "rest = 1979-05-27\n"), "steps[1].rest", "date"),
    ],
)
def test_a_wrong_type_is_reported_at_its_key_with_what_was_found(
    body: str, key: str, found: str
) -> None:
    problem = only_problem(body)
    assert problem.key == key
    assert problem.line is not None
    assert found in problem.message


def test_a_missing_title_is_reported_with_how_to_add_it() -> None:
    problem = only_problem(STEP)
    assert problem.message == "missing 'title'"
    assert 'title = "' in problem.hint


def test_a_routine_without_steps_says_how_to_add_one() -> None:
    problem = only_problem('title = "T"\n')
    assert problem.message == "no steps"
    assert "[[steps]]" in problem.hint


def test_an_empty_steps_list_is_reported() -> None:
    problem = only_problem(with_title("steps = []\n"))
    assert (problem.key, problem.line, problem.message) == ("steps", 2, "is empty")


def test_a_step_without_name_or_hold_is_reported_at_its_table() -> None:
    problems = problems_of(with_title(STEP + '\n[[steps]]\ncue = "c"\n'))
    assert {(p.key, p.message, p.line) for p in problems} == {
        ("steps[2]", "missing 'name'", 6),
        ("steps[2]", "missing 'hold'", 6),
    }


def test_a_blank_title_is_reported_as_empty() -> None:
    assert only_problem('title = "  "\n' + STEP).message == "is empty"


@pytest.mark.parametrize(
    ("line", "key", "message"),
    [
        ('hold = "0s"', "steps[1].hold", "must be between 1s and 1h, found 0s"),
        ("hold = 0", "steps[1].hold", "must be between 1s and 1h, found 0s"),
        ('hold = "10h"', "steps[1].hold", "must be between 1s and 1h, found 10h"),
        ("hold = 99999999999999999999", "steps[1].hold", "must be between 1s and 1h"),
        ("hold = -5", "steps[1].hold", "negative"),
        ('rest = "11m"', "steps[1].rest", "must be between 0s and 10m, found 11m"),
        ('switch = "3m"', "steps[1].switch", "must be between 0s and 2m, found 3m"),
    ],
)
def test_step_durations_out_of_bounds_are_refused(line: str, key: str, message: str) -> None:
    text = with_title(STEP.replace('hold = "30s"\n', "") + line + "\n")
    if not line.startswith("hold"):
        text += 'hold = "30s"\n'
    problem = only_problem(text)
    assert (problem.key, problem.line) == (key, 4)
    assert message in problem.message


def test_a_hold_of_exactly_one_hour_is_allowed() -> None:
    assert parse(with_title('[[steps]]\nname = "a"\nhold = "1h"\n')).steps[0].hold_s == 3600


@pytest.mark.parametrize(
    ("line", "key"),
    [('lead_in = "6m"', "lead_in"), ('rest = "1h"', "rest"), ('switch = "2m1s"', "switch")],
)
def test_routine_durations_out_of_bounds_are_refused(line: str, key: str) -> None:
    problem = only_problem(with_title(line + "\n" + STEP))
    assert (problem.key, problem.line) == (key, 2)
    assert problem.message.startswith("must be between")


@pytest.mark.parametrize(
    ("table", "key", "found"),
    [
        ("{ inhale = 0, exhale = 6 }", "inhale", "found 0"),
        ("{ inhale = 31, exhale = 6 }", "inhale", "found 31"),
        ("{ inhale = 4, exhale = 0.5 }", "exhale", "found 0.5"),
        ("{ inhale = 4, exhale = 6, hold = -1 }", "hold", "found -1"),
        ("{ inhale = 4, exhale = 6, hold_after = 60 }", "hold_after", "found 60"),
        ("{ inhale = inf, exhale = 6 }", "inhale", "found inf"),
        ("{ inhale = 4, exhale = nan }", "exhale", "found nan"),
        ("{ inhale = 4, exhale = -inf }", "exhale", "found -inf"),
    ],
)
def test_breath_counts_out_of_range_are_refused(table: str, key: str, found: str) -> None:
    problem = only_problem(with_title(STEP + f"breath = {table}\n"))
    assert problem.key == f"steps[1].breath.{key}"
    assert problem.line == 5
    assert "seconds" in problem.message
    assert found in problem.message


def test_a_custom_breath_without_inhale_or_exhale_is_reported() -> None:
    problems = problems_of(with_title(STEP + "breath = { hold = 2 }\n"))
    assert {p.message for p in problems} == {"missing 'inhale'", "missing 'exhale'"}
    assert all(p.key == "steps[1].breath" for p in problems)


def test_side_names_must_differ_ignoring_case() -> None:
    problem = only_problem(with_title(STEP + 'sides = ["Left", "left"]\n'))
    assert (problem.key, problem.line) == ("steps[1].sides", 5)
    assert problem.message == '"left" is listed twice'
    assert problem.hint


@pytest.mark.parametrize("sides", ["[]", '["a", "b", "c", "d", "e"]'])
def test_a_step_has_one_to_four_sides(sides: str) -> None:
    problem = only_problem(with_title(STEP + f"sides = {sides}\n"))
    assert problem.key == "steps[1].sides"
    assert "expected 1 to 4 sides" in problem.message


# --- aliases --------------------------------------------------------------------------------------


def test_aliases_are_read_in_order_and_trimmed() -> None:
    routine = parse(with_title('aliases = ["butterfly", " baddha konasana "]\n' + STEP))
    assert routine.aliases == ("butterfly", "baddha konasana")


def test_a_routine_without_aliases_has_none() -> None:
    assert parse(with_title(STEP)).aliases == ()
    assert parse(with_title("aliases = []\n" + STEP)).aliases == ()


@pytest.mark.parametrize(
    ("value", "key", "message"),
    [
        ('"fly"', "aliases", 'expected a list like ["butterfly"], found the text "fly"'),
        ("[4]", "aliases[1]", 'expected a name people type, like "butterfly", found a number (4)'),
        ('["ok", "  "]', "aliases[2]", "expected a name people type, like \"butterfly\", found "
         'the text "  "'),
        ('["--"]', "aliases[1]", 'expected a name people type, like "butterfly", found the text '
         '"--"'),
        (f'["{"x" * 41}"]', "aliases[1]", "is 41 characters long; at most 40 fit"),
        (str([f"a{i}" for i in range(11)]), "aliases", "has 11 aliases; at most 10 fit"),
    ],
)  # fmt: skip
def test_alias_mistakes_are_located_by_line_and_key(value: str, key: str, message: str) -> None:
    problem = only_problem(with_title(f"aliases = {value}\n" + STEP))
    assert (problem.file, problem.line, problem.key) == (FILE, 2, key)
    assert problem.message == message


def test_an_alias_listed_twice_ignoring_case_and_spaces_is_reported() -> None:
    problem = only_problem(with_title('aliases = ["Box breathing", "box-breathing"]\n' + STEP))
    assert (problem.line, problem.key) == (2, "aliases")
    assert problem.message == '"box-breathing" is listed twice'
    assert "do not make a different alias" in problem.hint


def test_a_misspelt_aliases_key_gets_a_did_you_mean() -> None:
    problem = only_problem(with_title('alias = ["butterfly"]\n' + STEP))
    assert problem.message == "unknown key 'alias'"
    assert problem.hint == "Did you mean 'aliases'?"


def test_a_routine_has_at_most_a_hundred_steps() -> None:
    problem = only_problem(with_title(STEP * 101))
    assert problem.key == "steps"
    assert "at most 100" in problem.message


def test_a_routine_longer_than_four_hours_is_refused() -> None:
    problem = only_problem(with_title('[[steps]]\nname = "a"\nhold = "1h"\n' * 5))
    assert "a routine is at most 4h" in problem.message


def test_over_long_text_is_refused() -> None:
    problem = only_problem(f'title = "{"x" * 81}"\n' + STEP)
    assert (problem.key, problem.line) == ("title", 1)
    assert "at most 80" in problem.message


def test_every_problem_in_a_file_is_reported_together_sorted_by_line() -> None:
    text = (
        "title = 5\n"  # 1
        'lead_in = "5x"\n'  # 2
        "[[steps]]\n"  # 3
        'name = "a"\n'  # 4
        "hodl = 5\n"  # 5
        "[[steps]]\n"  # 6
        'name = "b"\n'  # 7
        'hold = "0s"\n'  # 8
        'breath = "boxx"\n'  # 9
    )
    problems = problems_of(text)
    assert [(p.line, p.key) for p in problems] == [
        (1, "title"),
        (2, "lead_in"),
        (3, "steps[1]"),  # missing hold
        (5, "steps[1].hodl"),
        (8, "steps[2].hold"),
        (9, "steps[2].breath"),
    ]
    assert all(p.file == FILE for p in problems)
    assert str(RoutineError(problems)).count("\n") == len(problems) - 1


def test_a_problem_in_a_breath_sub_table_points_at_its_line() -> None:
    text = with_title(STEP + STEP + "[steps.breath]\ninhale = 4\nexhale = 100\n")
    problem = only_problem(text)
    assert (problem.key, problem.line) == ("steps[2].breath.exhale", 10)


def test_a_dotted_key_problem_points_at_its_line() -> None:
    problem = only_problem(with_title(STEP + "breath.inhale = 4\nbreath.exhale = 99\n"))
    assert (problem.key, problem.line) == ("steps[1].breath.exhale", 6)


def test_lines_inside_a_multi_line_cue_do_not_confuse_the_line_numbers() -> None:
    text = with_title(
        "[[steps]]\n"  # 2
        'name = "a"\n'  # 3
        'cue = """\n'  # 4
        "[[steps]]\n"  # 5: text, not a table
        "hodl = 3\n"  # 6: text, not a key
        '"""\n'  # 7
        "hodl = 0\n"  # 8
        "hold = 5\n"  # 9
        "[[steps]]\n"  # 10
        'name = "b"\n'  # 11
        "hold = 0\n"  # 12
    )
    problems = problems_of(text)
    assert [(p.line, p.key) for p in problems] == [(8, "steps[1].hodl"), (12, "steps[2].hold")]


def test_a_literal_multi_line_cue_does_not_confuse_the_line_numbers() -> None:
    text = with_title(STEP + "cue = '''\nit's\n[[steps]]\n'''\nhodl = 1\n")
    assert only_problem(text).line == 9


def test_triple_quotes_inside_a_one_line_string_do_not_confuse_the_line_numbers() -> None:
    text = with_title(STEP + 'cue = \'say """ here\'\nhodl = 1\n')
    assert only_problem(text).line == 6


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_inside_a_string_do_not_shift_the_line_numbers(
    separator: str,
) -> None:
    """Found by the reliability fuzz: `str.splitlines()` also ends a line at U+2028 and friends
    (pasted from a web page into a cue), so every problem below one pointed at the wrong line."""
    text = with_title(STEP + f'cue = "one{separator}two"\nhodl = 1\n')
    assert only_problem(text).line == 6


# --- files that are not routines at all -----------------------------------------------------------


@pytest.mark.parametrize("data", [b"", "", "   \n\t\n", b"\xef\xbb\xbf", "\ufeff\n  \n"])
def test_an_empty_file_says_how_to_start(data: str | bytes) -> None:
    problem = only_problem(data)
    assert problem.message == "is empty"
    assert "title" in problem.hint


def test_invalid_utf8_is_reported_with_its_line() -> None:
    problem = only_problem(b'title = "T"\n\n# caf\xe9\n')
    assert (problem.message, problem.line) == ("is not UTF-8 text", 3)
    assert "UTF-8" in problem.hint


def test_binary_garbage_is_a_routine_error() -> None:
    problem = only_problem(bytes(range(256)) * 4)
    assert problem.file == FILE


def test_a_toml_syntax_error_names_line_and_column() -> None:
    problem = only_problem('title = "T"\n[[steps]]\nname = = "a"\n')
    assert (problem.line, problem.column) == (3, 8)
    assert problem.message.startswith("TOML syntax: ")
    assert str(problem).startswith(f"{FILE}:3:8: TOML syntax: ")
    assert problem.hint


def test_an_unterminated_string_is_a_syntax_error_on_its_line() -> None:
    problem = only_problem('title = "T\n[[steps]]\n')
    assert problem.line == 1
    assert problem.column is not None


def test_a_syntax_error_at_the_end_of_the_file_still_names_a_line() -> None:
    problem = only_problem('title = "T"\nsteps = [\n  { name = "a", hold = 5 },')
    assert problem.message.startswith("TOML syntax: ")
    assert (problem.line, problem.column) == (3, 28)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 5000,
        "a = " + "[" * 5000 + "]" * 5000,
        "a = " + "{ b = " * 3000 + "1" + " }" * 3000,
        "[" + "a." * 3000 + "b]\n",
    ],
    ids=["open-arrays", "closed-arrays", "inline-tables", "dotted-table-header"],
)
def test_deeply_nested_values_are_a_routine_error(text: str) -> None:
    assert problems_of(text)


def test_a_ten_megabyte_file_is_refused_quickly_without_parsing(tmp_path: Path) -> None:
    data = with_title(STEP).encode() + b"# " + b"x" * (10 * 1024 * 1024) + b"\n"
    started = time.perf_counter()
    problem = only_problem(data)
    path = tmp_path / "huge.toml"
    path.write_bytes(data)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert time.perf_counter() - started < 1.0
    assert f"at most {MAX_FILE_BYTES:,} bytes" in problem.message
    assert "bytes" in caught.value.problems[0].message


def test_integers_too_long_to_read_are_a_routine_error() -> None:
    problem = only_problem(with_title(STEP + "rest = 1" + "0" * 5000 + "\n"))
    assert "number" in problem.message


def test_a_breath_count_too_big_for_a_float_is_out_of_range() -> None:
    problem = only_problem(
        with_title(STEP + "breath = { inhale = 1" + "0" * 400 + ", exhale = 6 }\n")
    )
    assert problem.key == "steps[1].breath.inhale"


# --- reading files --------------------------------------------------------------------------------


def test_a_file_is_named_by_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "evening-hips.toml"
    path.write_text(with_title(STEP), encoding="utf-8")
    routine = load_routine(path)
    assert routine.name == "evening-hips"


def test_problems_in_a_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(with_title(STEP + "hodl = 1\n"), encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(caught.value).startswith(f"{path}:5: ")


@pytest.mark.parametrize(("make", "message"), [("missing", "does not exist"), ("dir", "directory")])
def test_a_path_that_is_not_a_readable_file_is_a_routine_error(
    tmp_path: Path, make: str, message: str
) -> None:
    path = tmp_path / "x.toml"
    if make == "dir":
        path.mkdir()
    with pytest.raises(RoutineError, match=message):
        load_routine(path)


# --- anything a person can put in a file: a routine or a RoutineError, nothing else ---------------


PROPERTY_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KNOWN_KEYS = [
    "title",
    "summary",
    "lead_in",
    "rest",
    "switch",
    "breath",
    "steps",
    "name",
    "hold",
    "sides",
    "cue",
    "inhale",
    "exhale",
    "hold_after",
    "hodl",
    "tittle",
    "side",
    "",
]
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8))
scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 1, 3600, 3601, 2**63 - 1, -(2**63), 10**400, -(10**400)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["90s", "1m30s", "0s", "10h", "90", "box", "4-7-8", "natural", "coherent"]),
    st.sampled_from(
        [
            datetime.datetime(2026, 11, 21, 7, 30),
            datetime.datetime(2026, 11, 21, 7, 30, tzinfo=datetime.UTC),
            datetime.date(1979, 5, 27),
            datetime.time(7, 30),
        ]
    ),
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)


def dumps_or_reject(document: dict[str, object]) -> str:
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError):  # something TOML cannot say (e.g. an int past 4300 digits)
        assume(False)
        raise  # not reached: assume(False) stops the example


def assert_routine_or_routine_error(data: str | bytes) -> None:
    """The loader's whole contract: a Routine, or a RoutineError whose problems are located."""
    routine: Routine | None = None
    problems: tuple[Problem, ...] = ()
    try:
        routine = parse_routine(data, name="fuzz", file="fuzz.toml")
    except RoutineError as error:
        problems = error.problems
    if routine is None:
        assert problems
        for problem in problems:
            assert problem.file == "fuzz.toml"
            assert problem.message
            assert str(problem)
        return
    assert isinstance(routine, Routine)
    assert routine.title.strip()
    assert routine.steps
    assert 1 <= routine_total_s(routine) <= 4 * 3600


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_a_routine_or_a_routine_error(data: bytes) -> None:
    assert_routine_or_routine_error(data)


@PROPERTY_SETTINGS
@given(st.dictionaries(keys, toml_values, max_size=8))
def test_arbitrary_toml_documents_are_a_routine_or_a_routine_error(document: dict) -> None:
    text = dumps_or_reject(document)
    assert_routine_or_routine_error(text)
    assert_routine_or_routine_error(text.encode())


def valid_value(key: str, nested: st.SearchStrategy[object] | None) -> st.SearchStrategy[object]:
    """A valid value for `key`; with `nested`, its parts are sometimes replaced by it."""

    def part(valid: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
        return valid if nested is None else st.one_of(valid, valid, valid, nested)

    durations = st.one_of(st.integers(1, 120), st.sampled_from(["30s", "1m30s", "2m", "0s"]))
    breaths = st.one_of(
        st.sampled_from(list(BREATH_PATTERNS)),
        st.fixed_dictionaries(
            {"inhale": part(st.integers(1, 30)), "exhale": part(st.floats(1, 30))},
            optional={"hold": part(st.integers(0, 30)), "hold_after": part(st.floats(0, 30))},
        ),
    )
    words = st.text(st.characters(codec="utf-8"), min_size=1, max_size=20)
    return {
        "title": words,
        "summary": st.text(max_size=40),
        "name": words,
        "cue": st.text(max_size=40),
        "sides": st.lists(part(words), min_size=1, max_size=4, unique_by=str.casefold)
        if nested is None
        else st.lists(part(words), min_size=0, max_size=5),
        "breath": breaths,
    }.get(key, durations if key != "hold" else st.one_of(st.integers(1, 600), durations))


@st.composite
def near_valid_table(
    draw: st.DrawFn, required: list[str], optional: list[str], broken: bool
) -> dict[str, object]:
    """A table of the right keys with valid values; when `broken`, some are mutated, misspelt,
    dropped or joined by a stray key."""
    table: dict[str, object] = {}
    for key in required + optional:
        if key in optional and draw(st.booleans()):
            continue
        action = "valid"
        if broken:
            action = draw(st.sampled_from(["valid"] * 4 + ["mutate", "drop", "typo"]))
        if action == "drop":
            continue
        value = draw(
            toml_values if action == "mutate" else valid_value(key, scalars if broken else None)
        )
        name = key
        if action == "typo":
            name = draw(st.sampled_from([key[:-1], key + "s", key[::-1], key.upper()]))
        table[name] = value
    if broken and draw(st.integers(0, 4)) == 0:
        table[draw(keys)] = draw(toml_values)
    return table


@st.composite
def near_valid_routines(draw: st.DrawFn) -> dict[str, object]:
    """Routine skeletons: about half clean, half with mutated values and keys."""
    broken = draw(st.booleans())
    document = draw(
        near_valid_table(["title"], ["summary", "lead_in", "rest", "switch", "breath"], broken)
    )
    steps = st.lists(
        near_valid_table(["name", "hold"], ["sides", "cue", "breath", "rest", "switch"], broken),
        min_size=0 if broken else 1,
        max_size=3,
    )
    if broken and draw(st.integers(0, 9)) == 0:
        steps = toml_values
    document["steps"] = draw(steps)
    return document


@PROPERTY_SETTINGS
@given(near_valid_routines())
def test_near_valid_routines_are_a_routine_or_a_routine_error(document: dict) -> None:
    assert_routine_or_routine_error(dumps_or_reject(document))


def test_the_near_valid_generator_also_makes_valid_routines() -> None:
    """Guard against a generator that only ever produces errors (and so tests little)."""
    made: list[bool] = []

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(near_valid_routines())
    def collect(document: dict) -> None:
        try:
            parse_routine(dumps_or_reject(document), name="n")
        except RoutineError:
            made.append(False)
        else:
            made.append(True)

    collect()
    assert any(made)
    assert not all(made)
