"""The pure parts of the session screen: block digits, fitting a cue, sharing out the rows."""

from __future__ import annotations

import tomllib

import pytest
from conftest import BUILTIN_ROUTINES

from hipcli.tui.bigtext import (
    SEGMENTS,
    digit_size,
    render_arrow,
    render_digits,
    render_word,
    text_width,
)
from hipcli.tui.countdown import clock_text, side_of
from hipcli.tui.cue_fit import ELLIPSIS, fit_cue, safety_sentences, sentences
from hipcli.tui.layout import session_layout
from tests.tui.built_in_safety import SAFETY_BY_STEP

PIGEON_UPRIGHT = (
    "From hands and knees, slide the knee of the side shown forward towards the same wrist and "
    "let the shin rest at whatever angle is comfortable. Slide the other leg straight back. If "
    "the hip of the bent leg floats, put a cushion or block under it so you are not tipping to "
    "one side. Stay up on your hands and soften the belly on every exhale. If the knee "
    "complains, back out, or lie down and do figure four instead."
)


# --- block digits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 4, 5, 7, 9, 12, 16])
def test_digits_are_as_tall_as_asked_and_all_as_wide_as_each_other(rows: int) -> None:
    size = digit_size(rows)
    assert size.height <= 2 * rows
    for digit in SEGMENTS:
        lines = render_digits(digit, rows)
        assert len(lines) == rows
        assert {len(line) for line in lines} == {size.width}
    assert text_width("12:30", size) == len(render_digits("12:30", rows)[0])


def test_from_five_rows_up_the_strokes_sit_on_whole_cells() -> None:
    for rows in (5, 7, 9, 13):
        assert not any(c in "▀▄" for line in render_digits("0123456789", rows) for c in line)


def test_every_digit_looks_different() -> None:
    for rows in (3, 5, 9):
        drawn = {render_digits(d, rows) for d in SEGMENTS}
        assert len(drawn) == 10


def test_an_eight_at_five_rows_is_a_bold_block_figure() -> None:
    assert render_digits("8", 5) == (
        "███████",
        "██   ██",
        "███████",
        "██   ██",
        "███████",
    )


def test_arrows_point_the_way_they_say() -> None:
    left, right = render_arrow("left", 5), render_arrow("right", 5)
    assert left == tuple(line[::-1] for line in right)
    middle = len(left) // 2
    assert left[middle] == "█████"  # the point reaches the left edge
    assert left[0].startswith(" ")  # the top narrows towards the base on the right
    assert left[0].endswith("█")
    assert right[0].startswith("█")
    assert right[0].endswith(" ")


def test_side_words_come_in_block_letters_or_not_at_all() -> None:
    word = render_word("LEFT", 1)
    assert word is not None
    assert len(word) == 3
    assert render_word("RIGHT", 2) is not None
    assert render_word("CLOCKWISE", 1) is None  # letters the small alphabet does not have


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(90, "1:30"), (60, "1:00"), (59.2, "1:00"), (59.0, "59"), (45, "45"), (5, "5"), (0, "0")],
)
def test_under_a_minute_the_countdown_shows_the_seconds_alone(seconds: float, shown: str) -> None:
    assert clock_text(seconds) == shown


def test_the_side_reads_by_position_and_word() -> None:
    assert side_of("left").marker == "◀ LEFT"  # type: ignore[union-attr]
    assert side_of("right foot").marker == "RIGHT FOOT ▶"  # type: ignore[union-attr]
    assert side_of("clockwise").marker == "↻ CLOCKWISE"  # type: ignore[union-attr]
    assert side_of("counterclockwise").marker == "↺ COUNTERCLOCKWISE"  # type: ignore[union-attr]
    assert side_of("front").pointing is None  # type: ignore[union-attr]
    assert side_of(None) is None


# --- fitting a cue --------------------------------------------------------------------------------


def test_a_cue_that_fits_is_shown_whole() -> None:
    fitted = fit_cue(PIGEON_UPRIGHT, 76, 6)
    assert not fitted.cut
    assert " ".join(fitted.lines) == PIGEON_UPRIGHT


def test_a_cut_cue_shows_the_cut_and_keeps_the_safety_sentence_whole() -> None:
    fitted = fit_cue(PIGEON_UPRIGHT, 40, 4)
    assert fitted.cut
    assert len(fitted.lines) == 4
    assert all(len(line) <= 40 for line in fitted.lines)
    shown = " ".join(fitted.lines)
    assert shown.startswith("From hands and knees")
    assert ELLIPSIS in shown
    assert shown.endswith(
        "If the knee complains, back out, or lie down and do figure four instead."
    )


def test_when_only_the_safety_sentence_fits_it_is_what_is_shown() -> None:
    shown = " ".join(fit_cue(PIGEON_UPRIGHT, 40, 2).lines)
    assert shown == "… If the knee complains, back out, or lie down and do figure four instead."


def test_a_cue_without_safety_advice_is_cut_at_its_end() -> None:
    text = " ".join(["Let the breath move the ribs."] * 10)
    fitted = fit_cue(text, 30, 2)
    assert fitted.cut
    assert fitted.lines[-1].endswith(ELLIPSIS)


def test_safety_sentences_are_found_by_what_they_say() -> None:
    assert safety_sentences(PIGEON_UPRIGHT) == [
        "If the knee complains, back out, or lie down and do figure four instead."
    ]
    assert safety_sentences("Four breaths, then stop. Stop if you feel dizzy.") == [
        "Stop if you feel dizzy."
    ]
    assert sentences("One.  Two!\nThree?") == ["One.", "Two!", "Three?"]


def built_in_cues() -> list[tuple[str, str, str]]:
    """(routine, step name, cue) of every step of every built-in routine."""
    found = []
    for path in sorted(BUILTIN_ROUTINES.glob("*.toml")):
        steps = tomllib.loads(path.read_text(encoding="utf-8"))["steps"]
        names = [step["name"] for step in steps]
        assert len(set(names)) == len(names), f"{path.stem}: two steps share a name"
        found += [(path.stem, step["name"], step.get("cue", "")) for step in steps]
    return found


def test_the_safety_rule_finds_exactly_the_safety_sentences_of_every_built_in_cue() -> None:
    cues = built_in_cues()
    for routine, step, cue in cues:
        expected = list(SAFETY_BY_STEP.get((routine, step), ()))
        assert safety_sentences(cue) == expected, f"{routine}: {step}"
    listed = set(SAFETY_BY_STEP)
    assert listed <= {(routine, step) for routine, step, _ in cues}, "a listed step is gone"


@pytest.mark.parametrize(
    ("text", "safety"),
    [
        ("Bend the knee. Never force it.", ["Never force it."]),
        (
            "Fold forward only as far as is comfortable.",
            ["Fold forward only as far as is comfortable."],
        ),
        ("Flex the foot to protect the knee. Breathe.", ["Flex the foot to protect the knee."]),
        (
            "Hold for 4. If it feels too long, breathe less.",
            ["If it feels too long, breathe less."],
        ),
        ("Notice any tingling. Rest on a tender spot.", []),
        ("Put a cushion under the hip if it floats.", []),
        ("Four breaths, then stop.", []),
    ],
)
def test_a_users_cue_has_its_warnings_found_and_its_sensations_left_alone(
    text: str, safety: list[str]
) -> None:
    assert safety_sentences(text) == safety


@pytest.mark.parametrize("paused", [False, True], ids=["running", "paused"])
@pytest.mark.parametrize(("routine", "step"), sorted(SAFETY_BY_STEP), ids=lambda part: str(part))
def test_at_40_by_12_every_built_in_safety_sentence_is_on_screen(
    routine: str, step: str, paused: bool
) -> None:
    cue = next(c for r, s, c in built_in_cues() if (r, s) == (routine, step))
    layout = session_layout(40, 12, len(fit_cue(cue, 40, 1000).lines), paused=paused)
    shown = " ".join(fit_cue(cue, layout.cue_width, layout.cue).lines)
    for sentence in SAFETY_BY_STEP[routine, step]:
        assert sentence in shown


def test_a_safety_sentence_keeps_its_place_in_a_cut_cue() -> None:
    cue = (
        "Only if it feels easy: lower onto the forearms, or rest them on a block or cushion. "
        "Otherwise stay on your hands; the pose works just as well there. Let the head be "
        "heavy and the shoulders drop away from the ears. Stop if you feel sharp pain."
    )
    shown = " ".join(fit_cue(cue, 40, 4).lines)
    assert shown.startswith("Only if it feels easy: lower onto the forearms")
    assert shown.endswith(f"{ELLIPSIS} Stop if you feel sharp pain.")


def test_a_cut_leaves_a_few_words_of_a_sentence_or_none() -> None:
    cue = (
        "Sit upright with the shoulders relaxed. Rest the left hand in your lap. Bring the "
        "right hand to the face. If you feel lightheaded, lower the hand and breathe normally."
    )
    for rows in range(2, 5):
        shown = " ".join(fit_cue(cue, 40, rows).lines)
        before_cut = shown.split(ELLIPSIS)[0].split(".")[-1].split()
        assert not 0 < len(before_cut) < 3, shown


# --- sharing out the rows -------------------------------------------------------------------------


def test_at_80_by_24_the_longest_built_in_cue_fits_beside_a_countdown_of_five_rows_or_more() -> (
    None
):
    layout = session_layout(80, 24, 6, paused=False)
    assert layout.cue == 6
    assert layout.countdown >= 5
    rows = (
        3 + layout.top + layout.next + layout.status + layout.guide + layout.countdown + layout.cue
    )
    assert rows <= 24


def test_at_40_lines_the_countdown_takes_over_a_third() -> None:
    layout = session_layout(120, 40, 5, paused=False)
    assert layout.countdown >= 13
    assert layout.gaps


def test_a_tiny_terminal_keeps_the_countdown_and_the_cue_and_lets_go_of_the_rest() -> None:
    layout = session_layout(40, 12, 12, paused=False)
    assert layout.countdown == 3
    assert (layout.top, layout.next, layout.status) == (False, False, False)
    assert layout.cue == 4
    paused = session_layout(40, 12, 12, paused=True)
    assert paused.status
    assert paused.cue == 4  # "Paused" takes the row of the guide's bar, not one of the cue's
    assert paused.guide == 1
