"""`hipcli start --plain` as a real process: on a pseudo-terminal (keys without Enter, a typed
check-in), with standard output to a pipe on TERM=dumb, and with no terminal at all. The lines
come in order, the journal record is exact, and nothing terminal-active reaches the output."""

from __future__ import annotations

import io
import os
import pty
import queue
import select
import signal
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pexpect
import pytest
from conftest import WriteRoutine

from hipcli.commands.plain.session import NO_ANSWERS
from hipcli.commands.plain.terminal import Gone, Interrupted, Terminal
from hipcli.journal.draft import read_draft
from hipcli.journal.places import waiting_drafts
from hipcli.journal.read import read_journal
from hipcli.journal.record import SessionRecord
from hipcli.practice.plain import HELP_LINE, MOOD_PROMPT, NOTES_PROMPT, TAGS_PROMPT
from tests.reliability.support import find_unsafe_bytes
from tests.unit.sound.test_player import Recorder, eventually

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")

WAIT_S = 30  # for a line to come; generous, the machine may be busy

# Long enough that nothing moves on by itself while the test presses keys.
KEYED = """
title = "Pigeon"
lead_in = "30s"
rest = "15s"
switch = "10s"

[[steps]]
name = "Pigeon, upright"
hold = "60s"
sides = ["left", "right"]
cue = "Stay up on your hands."

[[steps]]
name = "Child's pose"
hold = "60s"
"""

# Short enough to run to its end by itself: 1 + 1 + 1 + 1 + 1 + 1 = 6 seconds.
QUICK = """
title = "Quick"
lead_in = "1s"
rest = "1s"
switch = "1s"

[[steps]]
name = "Lunge"
hold = 1
sides = ["left", "right"]
cue = "Knee over the ankle."

[[steps]]
name = "Child's pose"
hold = 1
"""
QUICK_LINES = [
    "Get ready: Lunge, left side, in 1 second.",
    "Lunge, left side. Hold 1 second.",
    "Knee over the ankle.",
    "Switch to the right side, 1 second.",
    "Lunge, right side. Hold 1 second.",
    "Rest, 1 second. Next: Child's pose.",
    "Child's pose. Hold 1 second.",
    "Session complete: 6 seconds.",
]
PASTE = "pasted \x1b]0;title\x07 \x1b[31mred"


@pytest.fixture(autouse=True)
def bell_not_tones(config_dir: Path) -> None:
    """The terminal bell, so that what is printed does not depend on the sound players of the
    machine (a player without a sound card says so in a line); one test asks for tones."""
    (config_dir / "config.toml").write_text('sound = "bell"\n', encoding="utf-8")


def hipcli(*args: str) -> list[str]:
    return [sys.executable, "-m", "hipcli", *args]


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "HIPCLI_PLAIN"}
    return {**env, "TERM": "xterm-256color", "PYTHONUTF8": "1", **extra}


def spawn(*args: str, **env: str) -> pexpect.spawn:
    command = hipcli(*args)
    child = pexpect.spawn(
        command[0],
        command[1:],
        env=environment(**env),
        timeout=WAIT_S,
        dimensions=(40, 120),
        encoding="utf-8",
    )
    child.logfile_read = _Log()
    return child


class _Log(list[str]):
    """Everything the terminal received (pexpect writes its reads here)."""

    def write(self, data: str) -> None:
        self.append(data)

    def flush(self) -> None:
        """Nothing buffered."""


def terminal_text(child: pexpect.spawn) -> bytes:
    """What the terminal showed, with its own line ends and hipcli's bells taken out."""
    shown = "".join(child.logfile_read).encode("utf-8", errors="surrogateescape")
    return shown.replace(b"\r\n", b"\n").replace(b"\a", b"")


def expect_lines(child: pexpect.spawn, *lines: str) -> None:
    for line in lines:
        child.expect_exact(line)


def only_record(journal: Path) -> SessionRecord:
    contents = read_journal(journal)
    assert contents.problems == []
    (record,) = contents.records
    return record


def test_on_a_terminal_keys_act_without_enter_and_the_check_in_is_typed(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("keyed", KEYED)
    journal = tmp_path / "journal.toml"
    child = spawn("start", "keyed", "--plain", "--journal", str(journal))
    expect_lines(
        child,
        "Pigeon: 2 steps, 3 minutes 55 seconds. Press question mark for the keys.",
        "Get ready: Pigeon, upright, left side, in 30 seconds.",
    )
    mode = termios.tcgetattr(child.child_fd)
    assert not mode[3] & (termios.ICANON | termios.ECHO)  # keys at once, not echoed
    child.send("?")
    expect_lines(child, HELP_LINE)
    child.send(" ")
    expect_lines(child, "Paused. Press space to carry on.")
    child.send(" ")
    child.expect(r"Carrying on: \d+ seconds left\.")
    child.send("n")
    expect_lines(
        child, "Skipping ahead.", "Pigeon, upright, left side. Hold 1 minute.", "Stay up on"
    )
    child.send("+")
    child.expect(r"15 seconds added: 1 minute 1\d seconds left\.")
    child.send("n")
    expect_lines(child, "Skipping ahead.", "Switch to the right side, 10 seconds.")
    child.send("b")
    # within its first seconds, back goes to the hold before; later, it starts this part again
    child.expect_exact(["Going back.", "Starting this part again."])
    child.send("q")
    expect_lines(child, "End now? y/n")
    child.send("n")
    expect_lines(child, "Carrying on:")
    child.send("q")
    expect_lines(child, "End now? y/n")
    child.send("y")
    expect_lines(child, "Ending now.", "Session ended: ")
    expect_lines(child, MOOD_PROMPT)
    mode = termios.tcgetattr(child.child_fd)
    assert mode[3] & termios.ICANON, "the check-in reads lines, with the terminal's editing"
    assert mode[3] & termios.ECHO
    child.sendline("7")
    expect_lines(child, '"7" is not one of the moods.', MOOD_PROMPT)
    child.sendline("4")
    expect_lines(child, "Mood: good, 4.", TAGS_PROMPT)
    child.sendline("release, calm")
    expect_lines(child, "Tags: release, calm.", NOTES_PROMPT)
    child.sendline("Left side tighter.")
    child.sendline(PASTE)
    child.sendline("")
    expect_lines(child, "Notes kept, 2 lines.", f"Saved to {journal}.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    record = only_record(journal)
    assert (record.routine, record.title, record.completed) == ("keyed", "Pigeon", False)
    assert (record.planned_s, record.steps_done, record.steps_total) == (235, 0, 2)
    assert (record.mood, record.mood_before, record.tags) == (4, None, ("release", "calm"))
    assert record.notes == "Left side tighter.\npasted \\x1b]0;title\\x07 \\x1b[31mred"
    shown = terminal_text(child)
    assert b"\x1b" not in shown  # the pasted escapes were echoed as ^[, never raw
    assert find_unsafe_bytes(shown) == []


def test_on_a_terminal_a_quick_routine_runs_to_its_end_and_is_recorded_exactly(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("quick", QUICK)
    journal = tmp_path / "journal.toml"
    child = spawn("start", "quick", "--plain", "--journal", str(journal))
    expect_lines(child, "Quick: 2 steps, 6 seconds.", *QUICK_LINES, MOOD_PROMPT)
    child.sendline("5")
    expect_lines(child, TAGS_PROMPT)
    child.sendline("")
    expect_lines(child, NOTES_PROMPT)
    child.sendeof()  # Ctrl+D: no notes
    expect_lines(child, f"Saved to {journal}.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = only_record(journal)
    assert (record.completed, record.planned_s, record.active_s) == (True, 6, 6.0)
    assert (record.steps_done, record.steps_total, record.mood) == (2, 2, 5)
    assert (record.tags, record.notes) == ((), "")
    assert [(hold.step, hold.side, hold.held_s) for hold in record.holds] == [
        ("Lunge", "left", 1),
        ("Lunge", "right", 1),
        ("Child's pose", None, 1),
    ]
    assert b"\x1b" not in terminal_text(child)


def test_the_terminal_is_given_back_as_it_was_when_the_terminal_closes(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("quick", QUICK)
    journal = tmp_path / "journal.toml"
    child = spawn("start", "quick", "--plain", "--journal", str(journal))
    expect_lines(child, MOOD_PROMPT)
    child.sendline("2")
    expect_lines(child, TAGS_PROMPT)
    child.sendline("heavy")
    expect_lines(child, NOTES_PROMPT)
    child.sendline("Typed before the window closed.")
    child.expect_exact("Typed before the window closed.")  # the echo: the line is in
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    record = only_record(journal)
    assert (record.mood, record.tags) == (2, ("heavy",))
    assert record.notes == "Typed before the window closed."


def test_sigterm_in_practice_ends_and_records_it_and_restores_the_terminal(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("keyed", KEYED)
    journal = tmp_path / "journal.toml"
    child = spawn("start", "keyed", "--plain", "--journal", str(journal))
    expect_lines(child, "Get ready:")
    child.kill(signal.SIGTERM)
    expect_lines(child, "Ending now.", "Session ended: ", f"Saved to {journal}.")
    child.expect(pexpect.EOF)
    mode = termios.tcgetattr(child.child_fd)
    assert mode[3] & termios.ICANON, "the terminal is back in its line mode"
    assert mode[3] & termios.ECHO
    child.close()
    assert child.exitstatus == 0
    assert only_record(journal).completed is False


# --- standard output to a pipe, TERM=dumb: plain by itself ---------------------------------------


class PipedSession:
    """hipcli with the keyboard on a pseudo-terminal and standard output to a pipe."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            args,
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output = bytearray()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.output.extend(raw)
            self.lines.put(raw.decode("utf-8").rstrip("\n"))
        self.lines.put(None)

    def expect(self, *lines: str) -> None:
        for line in lines:
            got = self.lines.get(timeout=WAIT_S)
            assert got == line

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())
        # the terminal echoes what is typed; read it off so it never fills up
        while select.select([self.master], [], [], 0)[0]:
            if not os.read(self.master, 4096):
                break

    def finish(self) -> int:
        code = self.process.wait(timeout=WAIT_S)
        os.close(self.master)
        return code


def test_stdout_to_a_pipe_on_term_dumb_is_plain_by_itself_with_keys_and_check_in(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("keyed", KEYED)
    journal = tmp_path / "journal.toml"
    session = PipedSession(
        hipcli("start", "keyed", "--journal", str(journal)), environment(TERM="dumb")
    )
    session.expect(
        "Pigeon: 2 steps, 3 minutes 55 seconds. Press question mark for the keys.",
        "Get ready: Pigeon, upright, left side, in 30 seconds.",
    )
    session.type("n")
    session.expect(
        "Skipping ahead.", "Pigeon, upright, left side. Hold 1 minute.", "Stay up on your hands."
    )
    session.type(" ")
    session.expect("Paused. Press space to carry on.")
    session.type("q")
    session.expect("End now? y/n")
    session.type("y")
    session.expect("Ending now.")
    assert session.lines.get(timeout=WAIT_S).startswith("Session ended: ")
    session.expect(MOOD_PROMPT)  # on a line of its own: the answer is typed elsewhere
    session.type("3\n")
    session.expect("Mood: okay, 3.", TAGS_PROMPT)
    session.type("calm\n")
    session.expect("Tags: calm.", NOTES_PROMPT)
    session.type("One line.\n\n")
    session.expect("Notes kept, 1 line.", f"Saved to {journal}.")
    assert session.finish() == 0
    record = only_record(journal)
    assert (record.completed, record.mood, record.tags, record.notes) == (
        False,
        3,
        ("calm",),
        "One line.",
    )
    assert find_unsafe_bytes(bytes(session.output)) == []  # no ESC, no bell, nothing


def test_with_no_terminal_at_all_the_session_runs_and_records_itself(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("quick", QUICK)
    journal = tmp_path / "journal.toml"
    result = subprocess.run(
        hipcli("start", "quick", "--journal", str(journal)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=environment(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == [
        "Quick: 2 steps, 6 seconds. No keyboard here, so the session runs on its own.",
        *QUICK_LINES,
        MOOD_PROMPT,
        NO_ANSWERS[Gone.CLOSED],
        f"Saved to {journal}.",
        "You completed Quick for the first time.",  # as after a full-screen session
    ]
    assert result.stderr == b""
    assert find_unsafe_bytes(result.stdout) == []
    record = only_record(journal)
    assert (record.completed, record.active_s, record.mood) == (True, 6.0, None)


def test_answers_can_come_from_a_pipe(write_routine: WriteRoutine, tmp_path: Path) -> None:
    write_routine("quick", QUICK)
    journal = tmp_path / "journal.toml"
    result = subprocess.run(
        hipcli("start", "quick", "--journal", str(journal)),
        input=b"very good\nmorning, \x1b[31mred\nFirst.\nSecond.\n",  # ends without a blank line
        capture_output=True,
        env=environment(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[-5:-1] == [
        "Tags: morning, \\x1b[31mred.",
        NOTES_PROMPT,
        "Notes kept, 2 lines.",  # the end of the input ends the notes, as Ctrl+D does
        f"Saved to {journal}.",
    ]
    assert b"\x1b" not in result.stdout
    record = only_record(journal)
    assert (record.mood, record.tags, record.notes) == (
        5,
        ("morning", "\\x1b[31mred"),
        "First.\nSecond.",
    )


def test_hipcli_plain_setting_and_no_plain_choose_the_face(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("quick", QUICK)
    journal = tmp_path / "journal.toml"
    plain = spawn("start", "quick", "--journal", str(journal), HIPCLI_PLAIN="1")
    expect_lines(plain, "Quick: 2 steps, 6 seconds.")
    plain.kill(signal.SIGTERM)
    plain.expect(pexpect.EOF)
    plain.close()
    forced = subprocess.run(
        hipcli("start", "quick", "--no-plain", "--journal", str(journal)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=environment(),
        timeout=60,
        check=False,
    )
    assert forced.returncode == 1
    assert b"needs a terminal" in forced.stderr


# --- the terminal object itself, on pipes -------------------------------------------------------


class Output(io.StringIO):
    """A standard output that is not a terminal, with an encoding of choice."""

    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def test_a_silent_pipe_is_given_up_on_and_a_closed_one_at_once() -> None:
    read, write = os.pipe()
    try:
        with Terminal(read, Output(), answer_wait_s=0.2) as terminal:
            assert terminal.keys is False
            assert terminal.ask("Tags:") is None
            assert terminal.gone is Gone.QUIET
            assert terminal.ask("Notes:") is None  # not asked again
        os.close(write)
        with Terminal(read, Output()) as terminal:
            assert terminal.ask("Tags:") is None
            assert terminal.gone is Gone.CLOSED
    finally:
        os.close(read)


def test_lines_from_a_pipe_are_read_one_per_question() -> None:
    read, write = os.pipe()
    os.write(write, b"4\r\nrelease\nlast line without an end")
    os.close(write)
    out = Output()
    with Terminal(read, out) as terminal:
        assert [terminal.ask("?"), terminal.ask("?"), terminal.ask(None)] == [
            "4\r",
            "release",
            "last line without an end",
        ]
        assert terminal.ask("?") is None
    os.close(read)
    assert out.getvalue() == "?\n?\n"  # a prompt is a line of its own off a terminal; and
    # once the input has ended, nothing more is asked


def test_a_signal_at_a_question_interrupts_it_and_typed_lines_come_first() -> None:
    # What the process started with: default_int_handler, or SIG_IGN when a shell without job
    # control started the tests in the background (`pytest &`).
    before = signal.getsignal(signal.SIGINT)
    read, write = os.pipe()
    os.write(write, b"typed before the signal\n")
    try:
        with Terminal(read, Output()) as terminal:
            os.kill(os.getpid(), signal.SIGINT)
            assert terminal.ask("Notes:") == "typed before the signal"
            with pytest.raises(Interrupted) as interrupted:
                terminal.ask(None)
            assert interrupted.value.number == signal.SIGINT
    finally:
        os.close(read)
        os.close(write)
    assert signal.getsignal(signal.SIGINT) is before  # given back


def test_every_line_is_shown_literally_and_fits_the_terminals_encoding() -> None:
    out = Output("ascii")
    with open(os.devnull, "rb") as nothing, Terminal(nothing.fileno(), out) as terminal:
        terminal.say("In… \x1b]0;title\x07 \x9b2J")
        terminal.ring()  # not a terminal: no bell
    assert out.getvalue() == "In... \\x1b]0;title\\x07 \\x9b2J\n"


def test_a_reader_that_went_away_does_not_end_the_session() -> None:
    read, write = os.pipe()
    os.close(read)
    with (
        open(os.devnull, "rb") as nothing,
        open(write, "w", encoding="utf-8") as stream,
        Terminal(nothing.fileno(), stream) as terminal,
    ):
        terminal.say("Nobody is reading this.")
        terminal.say("Nor this.")


def test_the_sounds_and_voice_are_the_full_screens(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("quick", QUICK)
    journal = tmp_path / "journal.toml"
    sound, speech = Recorder(tmp_path, "sound"), Recorder(tmp_path, "speech")
    result = subprocess.run(
        hipcli(
            "start", "quick", "--plain", "--sound", "tones", "--voice", "--journal", str(journal)
        ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=environment(HIPCLI_SOUND_COMMAND=sound.line, HIPCLI_SPEECH_COMMAND=speech.line),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    played = [Path(argv[0]).name.split("-")[0] for _, argv in sound.calls()]
    assert played == ["hold", "switch", "hold", "rest", "hold", "complete"]
    assert [argv for _, argv in speech.calls()] == [
        ["Get ready. Lunge, left side."],
        ["Lunge, left side, 1 second."],
        ["Switch sides."],
        ["Lunge, right side, 1 second."],
        ["Rest."],
        ["Child's pose, 1 second."],
        ["Session complete."],
    ]
    assert b"\a" not in result.stdout  # tones played: no bell, and never on a pipe


def test_answers_typed_before_kill_9_reach_the_journal_with_the_next_command(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    write_routine("quick", QUICK)
    journal = tmp_path / "journal.toml"
    child = spawn("start", "quick", "--plain", "--journal", str(journal))
    expect_lines(child, MOOD_PROMPT)
    (draft,) = waiting_drafts()  # on disk before the first question
    child.sendline("2")
    expect_lines(child, TAGS_PROMPT)
    child.sendline("heavy, tears")
    expect_lines(child, NOTES_PROMPT)
    child.sendline("Typed just before the end.")
    child.expect_exact("Typed just before the end.")
    eventually(lambda: read_draft(draft)[0].notes == "Typed just before the end.", "notes kept")
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert not journal.exists()  # nothing appended: hipcli had no time to
    after = subprocess.run(
        hipcli("log", "--journal", str(journal)),
        capture_output=True,
        env=environment(),
        timeout=60,
        check=False,
    )
    assert after.returncode == 0, after.stderr
    assert b"was still at its check-in when hipcli stopped" in after.stderr
    record = only_record(journal)
    assert (record.mood, record.tags) == (2, ("heavy", "tears"))
    assert record.notes == "Typed just before the end."
    assert waiting_drafts() == []
