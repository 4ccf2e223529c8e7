"""A whole plain session over a fake clock: lines, keys, signals, the check-in and the record."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from hipcli.commands.plain.session import NO_ANSWERS, SKIP_REST, saved_line
from hipcli.commands.plain.terminal import Gone
from hipcli.commands.practice import plain_wanted
from hipcli.journal.draft import read_draft
from hipcli.journal.places import waiting_drafts
from hipcli.journal.read import read_journal
from hipcli.journal.record import SessionRecord
from hipcli.practice.plain import (
    MOOD_BEFORE_PROMPT,
    MOOD_PROMPT,
    NOTES_PROMPT,
    PAUSED,
    TAGS_PROMPT,
)
from tests.fake_clock import START, FakeClock
from tests.plain_support import CountingSounds, ScriptedConsole, plain_session
from tests.tui_support import HOLD_ROUTINE, ONE_SECOND_ROUTINE, routine


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.toml"


def test_a_whole_session_runs_as_lines_and_the_check_in_is_recorded(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, answers=["4", "release, calm", "Left side tighter.", ""])
    result = plain_session(routine(ONE_SECOND_ROUTINE), journal, clock, console).run()
    assert console.lines == [
        "Tiny [bold]hips[/bold]: 2 steps, 6 seconds. Press question mark for the keys.",
        "Get ready: Pigeon, left side, in 1 second.",
        "Pigeon, left side. Hold 1 second.",
        "Slide the knee forward and soften.",
        "Switch to the right side, 1 second.",
        "Pigeon, right side. Hold 1 second.",
        "Rest, 1 second. Next: Constructive rest.",
        "Constructive rest. Hold 1 second.",
        "Session complete: 6 seconds.",
        MOOD_PROMPT,
        "Mood: good, 4.",
        TAGS_PROMPT,
        "Tags: release, calm.",
        NOTES_PROMPT,
        "Notes kept, 1 line.",
        f"Saved to {journal}.",
    ]
    assert result is not None
    assert result.in_journal
    (record,) = read_journal(journal).records
    assert (record.mood, record.tags, record.notes) == (
        4,
        ("release", "calm"),
        "Left side tighter.",
    )
    assert (record.completed, record.active_s, record.planned_s) == (True, 6.0, 6)
    assert (record.steps_done, record.steps_total) == (2, 2)
    assert record.started_at == START
    assert record.ended_at == START.replace(second=6)


def test_a_bad_mood_is_asked_again_calmly_and_three_misses_leave_it_out(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, [(0, "q"), (0, "y")], ["7", "great", "\x1b[31m", "", ""])
    plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    assert console.prompts == [MOOD_PROMPT] * 3 + [TAGS_PROMPT, NOTES_PROMPT]
    problems = [line for line in console.lines if "is not one of the moods" in line]
    assert problems == [
        '"7" is not one of the moods. Type a number from 1 to 5, or press Enter to skip.',
        '"great" is not one of the moods. Type a number from 1 to 5, or press Enter to skip.',
        '"\\x1b[31m" is not one of the moods. Type a number from 1 to 5, or press Enter to skip.',
    ]
    assert "Leaving the mood out." in console.lines
    assert read_journal(journal).records[0].mood is None


def test_keys_act_on_the_engine_and_the_record_holds_what_was_practised(journal: Path) -> None:
    clock = FakeClock()
    script = [(35, " "), (95, " "), (96, "+"), (100, "n"), (101, "q"), (102, "y")]
    console = ScriptedConsole(clock, script, ["", "", ""])
    plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    said = console.lines
    assert said[said.index(PAUSED) + 1] == "Carrying on: 1 minute left."
    assert "15 seconds added: 1 minute 14 seconds left." in said
    assert said[said.index("Skipping ahead.") + 1] == "Switch to the right side, 10 seconds."
    assert said[-6:-4] == ["Ending now.", "Session ended: 41 seconds practised."]
    (record,) = read_journal(journal).records
    # lead-in 5 + 35 s of the left hold (the pause is not practice) + 1 s of the switch
    assert record.active_s == pytest.approx(41.0)
    assert record.completed is False


def test_ctrl_c_in_practice_ends_it_and_still_offers_the_check_in(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, [(20, signal.SIGINT)], ["2", "", ""])
    plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    assert "Session ended: 20 seconds practised." in console.lines
    assert read_journal(journal).records[0].mood == 2


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_closing_terminal_or_kill_records_the_session_without_questions(
    journal: Path, number: int
) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, [(12, number)])
    result = plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    assert console.prompts == []
    assert console.lines[-2:] == ["Session ended: 12 seconds practised.", f"Saved to {journal}."]
    assert result is not None
    (record,) = read_journal(journal).records
    assert (record.completed, record.active_s) == (False, 12.0)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_answers_typed_before_the_terminal_closed_are_kept(journal: Path, number: int) -> None:
    clock = FakeClock()
    answers: list[str | int | None] = ["3", "heavy", "typed before it closed", number]
    console = ScriptedConsole(clock, [(0, "q"), (0, "y")], answers)
    plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    (record,) = read_journal(journal).records
    assert (record.mood, record.tags, record.notes) == (3, ("heavy",), "typed before it closed")


def test_ctrl_c_at_the_check_in_skips_the_rest_and_keeps_what_was_typed(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, [(0, "q"), (0, "y")], ["5", signal.SIGINT])
    plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    assert SKIP_REST in console.lines
    assert NOTES_PROMPT not in console.prompts
    assert read_journal(journal).records[0].mood == 5


def test_without_a_keyboard_or_answers_the_session_runs_and_records_itself(
    journal: Path,
) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, keys=False, closed=True)
    result = plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    assert console.lines[0].endswith("No keyboard here, so the session runs on its own.")
    assert console.prompts == [MOOD_PROMPT]  # asked once; the closed input answers nothing
    assert console.lines[-2:] == [NO_ANSWERS[Gone.CLOSED], f"Saved to {journal}."]
    assert result is not None
    (record,) = read_journal(journal).records
    assert (record.completed, record.active_s, record.mood) == (True, 270.0, None)


def test_ctrl_d_ends_the_notes_and_keeps_each_line(journal: Path) -> None:
    clock = FakeClock()
    answers = ["", "", "one", "  two, indented", "three \x1b]0;title\x07", None]
    console = ScriptedConsole(clock, [(0, "q"), (0, "y")], answers)
    plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    notes = read_journal(journal).records[0].notes
    assert notes == "one\n  two, indented\nthree \\x1b]0;title\\x07"
    assert "Notes kept, 3 lines." in console.lines


def test_the_question_before_is_asked_and_ctrl_c_there_starts_nothing(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, [(0, "q"), (0, "y")], ["2", "4", "", ""])
    plain_session(routine(HOLD_ROUTINE), journal, clock, console, mood_before=True).run()
    assert console.prompts[0] == MOOD_BEFORE_PROMPT
    (record,) = read_journal(journal).records
    assert (record.mood_before, record.mood) == (2, 4)

    other = journal.with_name("other.toml")
    console = ScriptedConsole(clock, answers=[signal.SIGINT])
    result = plain_session(routine(HOLD_ROUTINE), other, clock, console, mood_before=True).run()
    assert result is None
    assert not other.exists()


def test_each_change_rings_or_plays_and_a_pause_silences(journal: Path) -> None:
    clock = FakeClock()
    sounds = CountingSounds()
    console = ScriptedConsole(clock, [(2.5, " "), (3, " ")], ["", "", ""])
    plain_session(routine(ONE_SECOND_ROUTINE), journal, clock, console, sounds=sounds).run()
    assert sounds.played == ["hold", "switch", "hold", "rest", "hold", "complete"]
    assert console.rings == 6
    assert sounds.log == [
        "hold",
        "switch",
        "silence",  # the pause, 2.5 s in (during the switch), is quiet at once
        "hold",
        "rest",
        "hold",
        "silence",  # the end quiets the last words for its own chime
        "complete",
    ]
    assert sounds.prepared
    assert sounds.closed


def test_quiet_plays_nothing(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, answers=["", "", ""])
    plain_session(
        routine(ONE_SECOND_ROUTINE), journal, clock, console, sounds=CountingSounds(quiet=True)
    ).run()
    assert console.rings == 0


def test_ctrl_z_pauses_before_the_stop_and_says_so_after(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, [(10, signal.SIGTSTP), (50, " ")], ["", "", ""])
    session = plain_session(routine(HOLD_ROUTINE), journal, clock, console)
    session.run()
    assert console.suspended == 1
    assert console.lines.count(PAUSED) == 1
    assert read_journal(journal).records[0].active_s == pytest.approx(270.0)


def test_breath_words_are_lines_only_when_asked(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, [(30, "q"), (30, "y")], ["", "", ""])
    plain_session(routine(HOLD_ROUTINE), journal, clock, console, breath_words=True).run()
    # extended exhale, 4 in and 8 out, from the hold's start at 5 s: in at 5, 17 and 29, out at
    # 9 and 21. The hold's two lines (31 words) are heard by about 17.4 s: words from 21 s on.
    assert console.lines[4:7] == ["Out…", "In…", "End now? y/n"]


def test_the_saved_line_names_the_journal_or_where_the_session_is_kept(tmp_path: Path) -> None:
    clock = FakeClock()
    blocked = tmp_path / "journal-is-a-folder"
    blocked.mkdir()
    console = ScriptedConsole(clock, [(0, "q"), (0, "y")], ["", "", ""])
    result = plain_session(routine(HOLD_ROUTINE), blocked, clock, console).run()
    assert result is not None
    assert not result.in_journal
    assert console.lines[-1] == saved_line(result)
    assert "Your session and notes are safe in" in console.lines[-1]


def test_a_line_worth_noticing_comes_after_the_saved_line(journal: Path) -> None:
    clock = FakeClock()
    console = ScriptedConsole(clock, [(0, "q"), (0, "y")], ["", "", ""])
    plain_session(
        routine(HOLD_ROUTINE),
        journal,
        clock,
        console,
        closing=lambda result: [f"{result.record.title}: your first session."],
    ).run()
    assert console.lines[-2:] == [f"Saved to {journal}.", "Pigeon: your first session."]


# --- durability: the same draft as the full screen's check-in ------------------------------------


class WatchingConsole(ScriptedConsole):
    """Notes, at each question, the drafts waiting on disk and what they hold."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.seen: list[list[SessionRecord]] = []

    def ask(self, prompt: str | None) -> str | None:
        self.seen.append([read_draft(path)[0] for path in waiting_drafts()])
        return super().ask(prompt)


def test_the_session_is_on_disk_before_the_first_question_and_each_answer_goes_into_it(
    journal: Path,
) -> None:
    clock = FakeClock()
    console = WatchingConsole(
        clock, [(0, "q"), (0, "y")], ["4", "release", "First line.", "Second.", ""]
    )
    result = plain_session(routine(HOLD_ROUTINE), journal, clock, console).run()
    first, after_mood, after_tags, after_line, _ = console.seen
    (draft,) = first  # before the mood was asked: the session, no answers yet
    assert (draft.completed, draft.mood) == (False, None)
    assert [d.mood for d in after_mood] == [4]
    assert [d.tags for d in after_tags] == [("release",)]
    assert [d.notes for d in after_line] == ["First line."]
    assert waiting_drafts() == []  # appended once, then the draft is gone
    (record,) = read_journal(journal).records
    assert result is not None
    assert record.id == draft.id
    assert record.notes == "First line.\nSecond."


@pytest.mark.parametrize(
    ("option", "setting", "term", "terminals", "plain"),
    [
        (None, False, "xterm-256color", True, False),  # a terminal: the full screen
        (None, True, "xterm-256color", True, True),  # plain = true (or HIPCLI_PLAIN=1)
        (None, False, "dumb", True, True),
        (None, False, "xterm-256color", False, True),  # output to a pipe, or no keyboard
        (True, False, "xterm-256color", True, True),  # --plain
        (False, True, "dumb", False, False),  # --no-plain, whatever else is true
    ],
)
def test_plain_lines_are_chosen_where_the_full_screen_cannot_be_used_or_is_not_wanted(
    monkeypatch: pytest.MonkeyPatch,
    option: bool | None,
    setting: bool,
    term: str,
    terminals: bool,
    plain: bool,
) -> None:
    monkeypatch.setenv("TERM", term)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: terminals)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminals)
    assert plain_wanted(option, settings_plain=setting) is plain
