"""Nothing typed at the check-in is lost, however the terminal goes (issue 10, items 1–7).

Each test runs the real `hipcli start` on its own pseudo-terminal, sends the bytes a terminal
sends and the signals a closing terminal or `kill` sends, then reads the journal the way a person
would (`hipcli log`). The journal must hold exactly one record per session, with the answers.
"""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path

import pytest

from tests.reliability.terminal import (
    drafts,
    home,
    journal_records,
    journal_text,
    terminal_session,
)

ANSWERS = "4\ttight, tears\tLeft hip tight."


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return home(tmp_path)


def typed_answers_are_in(record: dict[str, object]) -> None:
    assert record["mood"] == 4
    assert record["tags"] == ["tight", "tears"]
    assert record["notes"] == "Left hip tight."


def test_a_finished_session_is_on_disk_before_the_check_in_asks_anything(
    env: dict[str, str],
) -> None:
    with terminal_session(["start", "short"], env) as term:
        term.skip_to_check_in()
        (draft,) = drafts(env)  # written and fsynced before the question was drawn
        assert draft.stat().st_mode & 0o777 == 0o600
        term.kill(signal.SIGKILL)
        assert term.wait() == -signal.SIGKILL
    (record,) = journal_records(env)
    assert record["completed"] is True
    assert record["mood"] is None
    assert drafts(env) == []
    assert len(journal_records(env)) == 1  # brought in once, never again
    assert journal_text(env).count("[[session]]") == 1


def test_answers_typed_a_moment_before_kill_9_are_kept(env: dict[str, str]) -> None:
    with terminal_session(["start", "short"], env) as term:
        term.skip_to_check_in()
        term.send(ANSWERS)
        # the draft takes what was typed within half a second; wait for it, then kill
        term.wait_for(
            lambda: any("Left hip tight." in d.read_text() for d in drafts(env)), "the draft"
        )
        term.kill(signal.SIGKILL)
        term.wait()
    (record,) = journal_records(env)
    typed_answers_are_in(record)


@pytest.mark.parametrize(
    "way_out",
    [
        "SIGTERM",
        "closed terminal (SIGHUP)",
        "Ctrl+Q",
        # also pinned in-process by tests/tui; here as real processes in the long run
        pytest.param("SIGHUP", marks=pytest.mark.slow),
        pytest.param("Escape", marks=pytest.mark.slow),
        pytest.param("Ctrl+C", marks=pytest.mark.slow),
        pytest.param("Ctrl+S", marks=pytest.mark.slow),
    ],
)
def test_typed_answers_survive_every_way_out(env: dict[str, str], way_out: str) -> None:
    with terminal_session(["start", "short"], env) as term:
        term.skip_to_check_in()
        term.send(ANSWERS)
        term.wait_for_text("Left hip tight.")
        if way_out == "SIGTERM":
            term.kill(signal.SIGTERM)
        elif way_out == "SIGHUP":
            term.kill(signal.SIGHUP)
        elif way_out.startswith("closed terminal"):
            term.close_terminal()
        else:
            term.send(
                {"Ctrl+Q": b"\x11", "Escape": b"\x1b", "Ctrl+C": b"\x03", "Ctrl+S": b"\x13"}[
                    way_out
                ]
            )
        term.wait()
    assert drafts(env) == []  # appended by hipcli itself, not left for the next command
    (record,) = journal_records(env)
    typed_answers_are_in(record)
    assert journal_text(env).count("[[session]]") == 1


def test_keys_typed_in_one_burst_land_in_their_fields(env: dict[str, str]) -> None:
    with terminal_session(["start", "short"], env) as term:
        term.skip_to_check_in()
        term.send(ANSWERS + "\x13")  # one write: mood, Tab, tags, Tab, notes, Ctrl+S
        assert term.wait() == 0
    (record,) = journal_records(env)
    typed_answers_are_in(record)


def test_a_pasted_text_keeps_its_lines(env: dict[str, str]) -> None:
    with terminal_session(["start", "short"], env) as term:
        term.skip_to_check_in()
        term.send("\t\t")
        term.paste("Hips open.\nRight side tight.\n\nBreathing slower.")
        term.send("\x13")
        assert term.wait() == 0
    (record,) = journal_records(env)
    assert record["notes"] == "Hips open.\nRight side tight.\n\nBreathing slower."


def test_escape_bytes_in_a_paste_are_text_in_order_never_a_key(env: dict[str, str]) -> None:
    with terminal_session(["start", "short"], env) as term:
        term.skip_to_check_in()
        term.send("\t\t")
        term.paste("abc\x1bxyz then \x1b\x1b twice, \x1b[31m red")
        term.send("!")  # the app is still there, typing after the paste
        term.wait_for_text("!")
        term.send("\x13")
        assert term.wait() == 0
    (record,) = journal_records(env)
    assert record["notes"] == "abc\\x1bxyz then \\x1b\\x1b twice, \\x1b[31m red!"


def test_a_200_kb_paste_arrives_whole_and_the_app_stays(env: dict[str, str]) -> None:
    lines = [
        f"line {n}: breathe in slowly, breathe out longer, soften the hip" for n in range(3400)
    ]
    text = "\n".join(lines)
    assert len(text) > 200_000
    with terminal_session(["start", "short"], env) as term:
        term.skip_to_check_in()
        term.send("\t\t")
        term.paste(text)
        term.send("\x13")
        assert term.wait(timeout=120) == 0
    (record,) = journal_records(env)
    assert record["notes"] == text


def test_help_then_a_burst_of_keys_closes_it_once(env: dict[str, str]) -> None:
    with terminal_session(["start", "long"], env) as term:
        term.wait_for_text("Pigeon")
        term.send("?\x1b[B\x1b[B\x1b[Bxyz")  # `?` and keys arriving in the same read
        # keys that reach the help while it closes are its own; once it has gone, `q` asks
        for _ in range(20):
            term.send("q")
            with contextlib.suppress(AssertionError):
                term.wait_for_text("End the session now?", timeout=1.0)
                break
        term.wait_for_text("End the session now?")
        term.send("yy")  # answered twice in one read: the dialog closes once
        term.wait_for_check_in()
        term.send("\x1b")
        assert term.wait() == 0
        assert "Traceback" not in term.screen()
        assert "ScreenStackError" not in term.screen()
    (record,) = journal_records(env)
    assert record["completed"] is False


def test_a_stopped_session_resumes_paused_with_a_notice(env: dict[str, str]) -> None:
    with terminal_session(["start", "long"], env) as term:
        term.wait_for_text("Pigeon")
        term.send("\x1a")  # Ctrl+Z, as the terminal sends it to a full-screen program
        term.wait_for(lambda: term.state() == "T", "the process stopped")
        term.kill(signal.SIGCONT)  # what `fg` sends
        term.wait_for_text("is not counted")
        assert "Paused" in term.screen()
        term.send("q")
        term.wait_for_text("End the session now?")
        term.send("y")
        term.wait_for_check_in()
        term.send("\x1b")
        assert term.wait() == 0
    (record,) = journal_records(env)
    assert record["completed"] is False


def test_plain_mode_keeps_the_session_and_answers_through_kill_9(env: dict[str, str]) -> None:
    with terminal_session(["start", "short", "--plain"], env) as term:
        term.wait_for_text("How do you feel now?")
        assert len(drafts(env)) == 1  # on disk before the question
        term.send("4\r")
        term.wait_for(lambda: any("mood = 4" in d.read_text() for d in drafts(env)), "mood 4")
        term.kill(signal.SIGKILL)
        term.wait()
    (record,) = journal_records(env)
    assert record["mood"] == 4
    assert record["completed"] is True


def test_closing_the_terminal_during_practice_records_it_and_hipcli_ends(
    env: dict[str, str],
) -> None:
    # SIGHUP, then the hangup (SIGHUP and SIGCONT again, and every write failing), as tmux does
    # when a pane closes; tests/reliability/test_closed_pane.py runs tmux itself.
    with terminal_session(["start", "long"], env) as term:
        term.wait_for(lambda: "9:5" in term.screen(), "the hold's countdown running")
        term.kill(signal.SIGHUP)
        term.close_terminal()
        term.wait(timeout=30)
    (record,) = journal_records(env)
    assert record["completed"] is False
    assert record["routine"] == "long"
