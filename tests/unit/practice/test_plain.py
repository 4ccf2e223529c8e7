"""The plain session's pure parts: lines written to be heard, keys confirmed, answers read."""

from __future__ import annotations

import pytest
from conftest import BUILTIN_ROUTINES
from fake_clock import FakeClock

from hipcli.journal.record import MOOD_WORDS
from hipcli.practice.cues import CueKind, CueOptions, CuePlanner
from hipcli.practice.plain import (
    ASK_END,
    HELP_LINE,
    OTHER_KEY,
    PASTED,
    PAUSED,
    SLEPT,
    SLEPT_NO_KEYS,
    STOPPED,
    STOPPED_NO_KEYS,
    MoodAnswer,
    PlainRunner,
    Said,
    answer_text,
    keys_in,
    read_mood,
)
from hipcli.practice.session import Session, SessionState
from hipcli.practice.timeline import build_timeline
from hipcli.routine.model import BREATH_PATTERNS, NATURAL, Routine, Step
from hipcli.routine.validate import load_routine

UPRIGHT_CUE = "Stay up on your hands and soften the belly."
# lead-in 10 | Pigeon, upright left 60 | switch 10 | right 60 | rest 15 | Child's pose 30 = 185 s
PIGEON = Routine(
    name="pigeon",
    title="Pigeon",
    lead_in_s=10,
    steps=(
        Step("Pigeon, upright", 60, ("left", "right"), UPRIGHT_CUE, NATURAL, 15, 10),
        Step("Child's pose", 30, (), "", BREATH_PATTERNS["box"], 15, 10),
    ),
)


class Runner:
    """A plain runner over a fake clock; `wait()` is what the terminal loop does between keys."""

    def __init__(
        self,
        routine: Routine = PIGEON,
        *,
        keys: bool = True,
        breath_words: bool = False,
        wall: FakeClock | None = None,
    ) -> None:
        self.clock = FakeClock()
        self.session = Session(build_timeline(routine), clock=self.clock, wall=wall)
        planner = CuePlanner(CueOptions(breath=breath_words))
        self.runner = PlainRunner(self.session, planner, breath_words=breath_words, keys=keys)
        self.said: list[Said] = list(self.runner.start())

    def wait(self, seconds: float) -> list[str]:
        """Let `seconds` pass as the loop would: waking at each moment the runner asks for."""
        target = self.clock.now + seconds
        lines: list[str] = []
        while self.clock.now < target - 1e-9:
            due = self.runner.wait_s()
            step = target - self.clock.now if due is None else min(due, target - self.clock.now)
            self.clock.advance(step)
            lines += self._take(self.runner.tick())
        return lines

    def press(self, *keys: str) -> list[str]:
        lines: list[str] = []
        for key in keys:
            lines += self._take(self.runner.press(key))
        return lines

    def _take(self, said: list[Said]) -> list[str]:
        self.said += said
        return [item.line for item in said if item.line is not None]

    def lines(self) -> list[str]:
        return [item.line for item in self.said if item.line is not None]


def test_a_session_reads_as_the_lines_a_person_hears() -> None:
    runner = Runner()
    runner.wait(185)
    assert runner.lines() == [
        "Pigeon: 2 steps, 3 minutes 5 seconds. Press question mark for the keys.",
        "Get ready: Pigeon, upright, left side, in 10 seconds.",
        "Pigeon, upright, left side. Hold 1 minute.",
        UPRIGHT_CUE,
        "Half way: 30 seconds left.",
        "10 seconds left.",
        "Switch to the right side, 10 seconds.",
        "Pigeon, upright, right side. Hold 1 minute.",  # its cue was said a moment ago
        "Half way: 30 seconds left.",
        "10 seconds left.",
        "Rest, 15 seconds. Next: Child's pose.",
        "Child's pose. Hold 30 seconds.",
        "10 seconds left.",
        "Session complete: 3 minutes 5 seconds.",
    ]
    assert runner.runner.finished


def test_the_built_in_pigeon_ends_with_its_whole_length_said() -> None:
    routine = load_routine(BUILTIN_ROUTINES / "pigeon.toml")
    runner = Runner(routine)
    runner.wait(build_timeline(routine).total_s)
    assert runner.lines()[-1] == "Session complete: 8 minutes 55 seconds."


def test_the_runner_wakes_at_each_moment_not_on_a_tick() -> None:
    runner = Runner()
    assert runner.runner.wait_s() == pytest.approx(10.0)  # the lead-in's end
    runner.wait(10)
    assert runner.runner.wait_s() == pytest.approx(30.0)  # half way through the hold


def test_each_line_comes_with_its_cue_and_the_step_text_is_a_line_of_its_own() -> None:
    runner = Runner()
    runner.wait(10)
    hold, text = runner.said[-2:]
    assert hold.cue is not None
    assert hold.cue.kind is CueKind.HOLD
    assert hold.cue.sound == "hold"
    assert (text.line, text.cue) == (UPRIGHT_CUE, None)


def test_space_pauses_and_carries_on_and_each_is_confirmed_in_one_line() -> None:
    runner = Runner()
    runner.wait(25)
    assert runner.press(" ") == [PAUSED]
    assert runner.runner.wait_s() is None  # nothing is due while paused: wait for a key
    assert runner.wait(100) == []
    assert runner.session.elapsed_s() == pytest.approx(15.0)
    assert runner.press(" ") == ["Carrying on: 45 seconds left."]
    assert runner.wait(15) == ["Half way: 30 seconds left."]


def test_next_back_and_more_time_say_what_they_did() -> None:
    runner = Runner()
    assert runner.press("n") == [
        "Skipping ahead.",
        "Pigeon, upright, left side. Hold 1 minute.",
        UPRIGHT_CUE,
    ]
    runner.wait(5)
    assert runner.press("+") == ["15 seconds added: 1 minute 10 seconds left."]
    assert runner.press("b")[0] == "Starting this part again."
    assert runner.press("b")[:2] == [
        "Going back.",
        "Get ready: Pigeon, upright, left side, in 10 seconds.",
    ]


def test_keys_while_paused_stay_paused_and_say_so() -> None:
    runner = Runner()
    runner.press(" ")
    assert runner.press("n")[0] == "Skipping ahead, still paused."
    assert runner.session.state is SessionState.PAUSED


def test_q_asks_first_and_pauses_while_it_asks() -> None:
    runner = Runner()
    runner.wait(20)
    assert runner.press("q") == [ASK_END]
    assert runner.session.state is SessionState.PAUSED
    assert runner.press("x") == ["Press y to end now, or n to carry on."]
    assert runner.press("n") == ["Carrying on: 50 seconds left."]
    assert runner.session.state is SessionState.RUNNING
    runner.press("q")
    assert runner.press("y") == ["Ending now.", "Session ended: 20 seconds practised."]
    assert runner.runner.finished
    assert runner.session.completed is False


@pytest.mark.parametrize("key", ["n", "N", "\x1b", "\r"])
def test_no_escape_or_enter_keep_going(key: str) -> None:
    runner = Runner()
    runner.press("q")
    assert runner.press(key)[0].startswith("Carrying on")


def test_asking_while_paused_leaves_the_session_paused() -> None:
    runner = Runner()
    runner.press(" ", "q")
    assert runner.press("n") == ["Still paused. Press space to carry on."]
    assert runner.session.state is SessionState.PAUSED


def test_question_mark_lists_the_keys_in_one_line() -> None:
    assert Runner().press("?") == [HELP_LINE]
    assert "\n" not in HELP_LINE


def test_a_stray_key_gets_a_hint_once_and_a_paste_does_nothing() -> None:
    runner = Runner()
    assert runner.press("x") == [OTHER_KEY]
    assert runner.press("z", "\x1b[A") == []  # the same hint is not said again
    assert runner.press("rm -rf /") == [PASTED]
    assert runner.session.index == 0


def test_ctrl_c_ends_at_once_without_asking() -> None:
    runner = Runner()
    runner.wait(12)
    said = runner.runner.end_now()
    assert [s.line for s in said] == ["Ending now.", "Session ended: 12 seconds practised."]


def test_breath_words_come_only_when_asked_and_the_cue_always() -> None:
    quiet = Runner()
    quiet.wait(185)
    assert "In…" not in quiet.lines()
    worded = Runner(breath_words=True)
    worded.wait(185 - 30 + 17)  # into the box-breathing hold: in 4, hold 4, out 4, hold 4
    # "Child's pose. Hold 30 seconds." takes about 2.4 s to hear: the first "In…" is a tone only
    assert worded.lines()[-5:] == [
        "Child's pose. Hold 30 seconds.",
        "Hold…",
        "Out…",
        "Hold…",
        "In…",
    ]
    breath = [s for s in worded.said if s.cue is not None and s.cue.is_breath]
    assert [(s.cue.kind, s.line) for s in breath if s.cue] == [
        (CueKind.INHALE, None),
        (CueKind.BREATH_HOLD, "Hold…"),
        (CueKind.EXHALE, "Out…"),
        (CueKind.HOLD_EMPTY, "Hold…"),
        (CueKind.INHALE, "In…"),
    ]


def test_breath_words_wait_until_the_holds_lines_can_have_been_heard() -> None:
    cue = " ".join(["word"] * 25)  # with "Pace. Hold 1 minute.": 29 words, 11.6 s read aloud
    paced = Routine(
        name="paced",
        title="Paced",
        lead_in_s=0,
        steps=(Step("Pace", 60, (), cue, BREATH_PATTERNS["box"], 0, 0),),
    )
    runner = Runner(paced, breath_words=True)
    runner.wait(20)
    # from the first phase after 11.6 s on: hold (empty) at 12 s, in at 16 s, hold at 20 s
    assert runner.lines()[-4:] == [cue, "Hold…", "In…", "Hold…"]
    assert runner.runner.press("c")  # the cue said again does not hold the breath words back
    assert runner.wait(4) == ["Out…"]


def test_a_sleep_pauses_with_keys_and_carries_on_without_them() -> None:
    for keys, line, state in (
        (True, SLEPT, SessionState.PAUSED),
        (False, SLEPT_NO_KEYS, SessionState.RUNNING),
    ):
        wall = FakeClock(1_700_000_000.0)
        runner = Runner(keys=keys, wall=wall)
        runner.clock.advance(5)
        wall.advance(3600)  # the lid was closed for an hour
        said = runner.runner.tick()
        assert [s.line for s in said] == [line]
        assert runner.session.state is state
        assert runner.session.elapsed_s() == pytest.approx(0.0)


def test_without_a_keyboard_the_first_line_says_the_session_runs_on_its_own() -> None:
    first = Runner(keys=False).lines()[0]
    assert (
        first
        == "Pigeon: 2 steps, 3 minutes 5 seconds. No keyboard here, so the session runs on its own."
    )


def test_text_from_the_routine_is_shown_literally() -> None:
    routine = Routine(
        name="evil",
        title="Evil\x1b]0;owned\x07",
        lead_in_s=0,
        steps=(Step("Hip\x1b[2J", 5, ("le\x9bft",), "Soft\x1b[31m", NATURAL, 0, 0),),
    )
    runner = Runner(routine)
    runner.wait(5)
    assert all("\x1b" not in line and "\x9b" not in line for line in runner.lines())
    assert runner.lines()[1] == "Hip\\x1b[2J, le\\x9bft side. Hold 5 seconds."


# --- keys from one read of the keyboard -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("n", ["n"]),
        ("nb", ["n", "b"]),
        (" + ", [" ", "+", " "]),
        ("\x1b", ["\x1b"]),
        ("\x1b[A\x1b[B", ["\x1b[A", "\x1b[B"]),
        ("\x1bOP", ["\x1bOP"]),
        ("release, calm", ["release, calm"]),
    ],
)
def test_keys_are_single_characters_escape_sequences_or_a_paste(text: str, keys: list[str]) -> None:
    assert keys_in(text) == keys


# --- answers at the check-in ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "mood"),
    [("4", 4), (" 2 ", 2), ("5.", 5), ("good", 4), ("Very  GOOD", 5), ("", None), ("  ", None)],
)
def test_a_mood_is_a_number_or_its_word_and_empty_skips(typed: str, mood: int | None) -> None:
    assert read_mood(typed, MOOD_WORDS) == MoodAnswer(mood)


@pytest.mark.parametrize("typed", ["7", "0", "45", "great", "４", "\x1b[31m4"])
def test_anything_else_is_a_calm_re_ask_showing_what_was_typed(typed: str) -> None:
    answer = read_mood(typed, MOOD_WORDS)
    assert answer.mood is None
    assert answer.problem.endswith("Type a number from 1 to 5, or press Enter to skip.")
    assert "\x1b" not in answer.problem


def test_a_long_answer_is_cut_in_the_re_ask() -> None:
    assert len(read_mood("x" * 500, MOOD_WORDS).problem) < 140


def test_typed_answers_keep_their_text_and_show_control_characters() -> None:
    assert answer_text("Left side tighter.\r") == "Left side tighter."
    assert answer_text("tab\there") == "tab\there"
    assert answer_text("pasted \x1b]52;c;bad\x07") == "pasted \\x1b]52;c;bad\\x07"


def test_c_says_the_steps_cue_again_and_a_step_without_one_says_so() -> None:
    runner = Runner()
    assert runner.press("c") == [UPRIGHT_CUE]  # in the lead-in: the cue of the step ahead
    runner.wait(10 + 60 + 10 + 60 + 15)
    assert runner.press("c") == ["Child's pose has no cue."]


def test_the_cue_follows_a_hold_but_not_the_other_side_just_after_a_switch() -> None:
    runner = Runner()
    runner.wait(10 + 60 + 10)
    assert runner.lines()[-2:] == [
        "Switch to the right side, 10 seconds.",
        "Pigeon, upright, right side. Hold 1 minute.",
    ]
    assert runner.press("c") == [UPRIGHT_CUE]  # for whoever wants it again
    runner.press("b")  # back, into the switch
    runner.press("b")  # and into the left side again: its cue comes with it
    assert runner.lines()[-2:] == ["Pigeon, upright, left side. Hold 1 minute.", UPRIGHT_CUE]


def test_a_stop_it_did_not_see_pauses_with_keys_and_carries_on_without_them() -> None:
    for keys, line, state in (
        (True, STOPPED, SessionState.PAUSED),
        (False, STOPPED_NO_KEYS, SessionState.RUNNING),
    ):
        runner = Runner(keys=keys)
        runner.wait(5)
        runner.clock.advance(120)  # kill -STOP, and two minutes later kill -CONT
        runner.session.note_continue()
        assert [s.line for s in runner.runner.tick()] == [line]
        assert runner.session.state is state
        assert runner.session.elapsed_s() == pytest.approx(5.0)  # the stop is not practice
