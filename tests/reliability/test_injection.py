"""Terminal injection: Rich/Textual markup, ANSI CSI and OSC sequences (window title, clipboard,
hyperlinks), C0 and C1 controls, bidi overrides and very long lines, in every place where text
from a file or a journal reaches the screen: shown literally, never acted on by the terminal.

Checked on pipes (no terminal-active byte at all) and on a pseudo-terminal (nothing but hipcli's
own SGR colour codes), and in the TUI by rendering each screen as Textual sends it to the terminal.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.widgets import Input, TextArea

from hipcli.commands.practice import session_line
from hipcli.journal.append import append_session
from hipcli.journal.checkin import SaveResult
from hipcli.journal.read import read_journal
from hipcli.routine.validate import parse_routine
from hipcli.tui.app import SessionApp
from hipcli.tui.checkin_screen import CheckInScreen
from hipcli.tui.session_screen import SessionScreen
from tests.journal_records import make_record
from tests.reliability.support import (
    HOSTILE_TEXTS,
    LONG_LINE,
    find_unsafe,
    find_unsafe_bytes,
    hipcli_command,
    hipcli_env,
    run_hipcli,
    run_on_terminal,
)
from tests.tui_support import FakeClock, advance

# Every hostile text in one line; a TOML basic string cannot hold raw controls, so the file
# spells them as \uXXXX escapes and the parsed routine holds the real characters.
EVIL = " | ".join(text.replace("\n", " ") for text in HOSTILE_TEXTS)
EVIL_NAME = "evil\x1b]0;pwned\x07\u202e"  # a file stem: names come from file names


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes and backslashes escaped, every control (and bidi
    control) as \\uXXXX, as TOML requires and as a person would write them."""
    escaped = "".join(
        "\\" + char if char in '"\\' else f"\\u{ord(char):04x}" if find_unsafe(char) else char
        for char in text
    )
    return f'"{escaped}"'


def hostile_routine(limit: int = 75) -> str:
    """A valid routine whose every text field is hostile (within the format's length limits)."""
    short = EVIL[:limit]
    return (
        f"title = {toml_string(short)}\n"
        f"summary = {toml_string(EVIL[:480])}\n"
        "lead_in = 1\nrest = 1\nswitch = 1\n"
        "[[steps]]\n"
        f"name = {toml_string(EVIL[20 : 20 + limit])}\n"
        "hold = 1\n"
        f"sides = [{toml_string(EVIL[:30])}, {toml_string('[red]right[/red]')}]\n"
        f"cue = {toml_string(EVIL[:990])}\n"
        "[[steps]]\n"
        f"name = {toml_string(LONG_LINE[:78])}\n"
        "hold = 1\n"
        f"cue = {toml_string(LONG_LINE[:990])}\n"
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A hipcli home with a hostile routine (hostile file name too) and a hostile journal."""
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    (routines / f"{EVIL_NAME}.toml").write_text(hostile_routine(), encoding="utf-8")
    hostile_value = "\x1b]0;pwned\x07 \x9b31m \u202eevil [bold]"
    broken = f'title = "T"\nbreath = {toml_string(hostile_value)}\n{toml_string(hostile_value)}'
    (routines / "broken-evil.toml").write_text(broken + " = 1\n[[steps]]\nname='a'\nhold=1\n")
    journal = tmp_path / "data" / "journal.toml"
    for index, text in enumerate([*HOSTILE_TEXTS, LONG_LINE]):
        append_session(
            journal,
            make_record(
                index,
                routine=EVIL_NAME if index % 2 else "pigeon",
                title=text[:200],
                tags=(text[:40], "[b]tag[/b]"),
                notes=text,
                extra={"place": text[:60]},
            ),
        )
    return tmp_path


LITERAL_MARKERS = ("\\x1b]0;pwned window title\\x07", "[bold]bold?[/bold]", "\\x9b31m", "\\u202e")


# --- the command line, on a pipe --------------------------------------------------------------

PIPE_COMMANDS: list[tuple[str, ...]] = [
    ("routines",),
    ("show", EVIL_NAME),
    ("validate",),
    ("log",),
    ("log", "--all", "--format", "markdown"),
    ("log", "--all", "--stats"),
    ("log", "--stats", "--format", "markdown"),
    ("log", "--routine", EVIL_NAME),
    ("log", "--routine", "\x1b]0;no such\x07"),
    ("log", "--grep", "\x1b]52"),
    ("log", "--since", "\x1b]0;x\x07"),
    ("log", "--format", "\x1b]0;x\x07"),
    ("show", "\x1b]0;no such routine\x07\x9b"),
    ("start", "\x1b]0;no such routine\x07\x9b"),
    ("validate", "\x1b]0;no such routine\x07\x9b"),
    ("new", "x", "--from", "\x1b]0;no such routine\x07\x9b"),
    ("edit", "\x1b]0;no such routine\x07\x9b"),
    ("new", "\x1b]0;bad name\x07"),
]


@pytest.mark.parametrize("args", PIPE_COMMANDS, ids=lambda args: " ".join(args)[:30])
def test_nothing_terminal_active_reaches_a_pipe(home: Path, args: tuple[str, ...]) -> None:
    result = run_hipcli(*args, env=hipcli_env(home))
    assert result.returncode in (0, 1, 2)
    assert b"Traceback" not in result.stderr
    assert find_unsafe_bytes(result.stdout) == []
    assert find_unsafe_bytes(result.stderr) == []


def test_text_from_files_is_shown_literally_not_dropped(home: Path) -> None:
    env = hipcli_env(home)
    shown = run_hipcli("show", EVIL_NAME, env=env).stdout.decode()
    table = run_hipcli("log", "--all", env=env).stdout.decode()
    for marker in LITERAL_MARKERS[:3]:
        assert marker in shown
    for marker in LITERAL_MARKERS:
        assert marker in table


def test_json_exports_keep_the_exact_text_and_escape_every_control(home: Path) -> None:
    result = run_hipcli("log", "--all", "--format", "json", env=hipcli_env(home))
    assert find_unsafe_bytes(result.stdout) == []
    records = json.loads(result.stdout)
    assert sorted(item["notes"] for item in records) == sorted([*HOSTILE_TEXTS, LONG_LINE])
    assert {item["place"] for item in records} == {
        text[:60] for text in (*HOSTILE_TEXTS, LONG_LINE)
    }


def test_csv_to_a_pipe_is_exact_data(home: Path) -> None:
    """As docs/log.md says: CSV is a data export, exact in a file or a pipe."""
    import csv

    result = run_hipcli("log", "--all", "--format", "csv", env=hipcli_env(home))
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode(), newline="")))
    assert sorted(row["notes"] for row in rows) == sorted([*HOSTILE_TEXTS, LONG_LINE])


@pytest.mark.parametrize(
    "args", [("routines", "--format", "json"), ("validate", "--format", "json")]
)
def test_json_of_routines_escapes_c1_controls_and_bidi_overrides(
    home: Path, args: tuple[str, ...]
) -> None:
    result = run_hipcli(*args, env=hipcli_env(home))
    json.loads(result.stdout)
    assert find_unsafe_bytes(result.stdout) == []


def test_start_without_a_terminal_names_a_hostile_routine_literally(home: Path) -> None:
    plain = run_hipcli("start", EVIL_NAME, env=hipcli_env(home))  # plain lines, by itself
    assert plain.returncode == 0
    assert find_unsafe_bytes(plain.stdout) == []
    assert find_unsafe_bytes(plain.stderr) == []
    refused = run_hipcli("start", EVIL_NAME, "--no-plain", env=hipcli_env(home))
    assert refused.returncode == 1
    assert find_unsafe_bytes(refused.stderr) == []


# --- the command line, on a terminal ----------------------------------------------------------

TERMINAL_COMMANDS: list[tuple[str, ...]] = [
    ("routines",),
    ("show", EVIL_NAME),
    ("validate",),
    ("log",),
    ("log", "--all", "--format", "csv"),
    ("log", "--stats", "--format", "csv"),
    ("log", "--all", "--format", "json"),
    ("log", "--all", "--format", "markdown"),
    ("log", "--all", "--stats"),
]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", TERMINAL_COMMANDS, ids=lambda args: " ".join(args))
def test_only_hipclis_own_colour_codes_reach_a_terminal(home: Path, args: tuple[str, ...]) -> None:
    code, output = run_on_terminal(
        hipcli_command(*args), hipcli_env(home, TERM="xterm-256color"), stdin_tty=False
    )
    assert code in (0, 1)
    assert b"Traceback" not in output
    # the terminal itself turns each \n into \r\n (onlcr); any other \r would be hipcli's
    assert find_unsafe_bytes(output.replace(b"\r\n", b"\n"), allow_sgr=True) == []


# --- the one-line summary after a session -----------------------------------------------------


def test_the_summary_line_shows_a_hostile_title_literally(tmp_path: Path) -> None:
    record = make_record(0, title=EVIL[:200])
    journal = tmp_path / "journal.toml"
    line = session_line(SaveResult(record, journal, journal))
    assert find_unsafe(line) == []
    assert "[bold]bold?[/bold]" in line


def test_the_summary_line_shows_a_hostile_journal_path_literally(tmp_path: Path) -> None:
    record = make_record(0)
    odd = tmp_path / "\x1b]0;pwned\x07" / "journal.toml"
    assert find_unsafe(session_line(SaveResult(record, odd, odd))) == []
    recovery = tmp_path / "\x9b2J" / "hipcli-recovered-x.toml"
    saved = SaveResult(record, odd, recovery, f"{odd} is on a read-only file system")
    assert find_unsafe(session_line(saved)) == []


# --- the TUI --------------------------------------------------------------------------------


def screen_text(app: SessionApp) -> str:
    """Every character Textual would send to the terminal for the current screen, outside its
    own control sequences: as `App.export_screenshot` renders it."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    # the same private calls App.export_screenshot makes
    update = app.screen._compositor.render_update(
        full=True,
        screen_stack=app._background_screens,
    )
    assert update is not None
    return "".join(segment.text for segment in console.render(update) if not segment.control)


def hostile_app(journal: Path, clock: FakeClock) -> SessionApp:
    routine = parse_routine(hostile_routine(), name=EVIL_NAME, file=f"{EVIL_NAME}.toml")
    return SessionApp(
        routine,
        journal=journal,
        quiet=True,
        ask_mood_before=True,
        clock=clock,
        wall=None,
        now=clock.datetime,
        end_pause_s=0.0,  # "Session complete" waits on the real clock; not needed here
    )


async def test_every_screen_of_a_session_shows_hostile_text_literally(tmp_path: Path) -> None:
    clock = FakeClock()
    journal = tmp_path / "journal.toml"
    app = hostile_app(journal, clock)
    seen: list[str] = []
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        seen.append(screen_text(app))  # the mood-before screen, with the title
        await pilot.press("3", "enter")
        await pilot.pause()
        for _ in range(20):
            if not isinstance(app.screen, SessionScreen):
                break
            seen.append(screen_text(app))
            await pilot.press("question_mark")
            seen.append(screen_text(app))  # the help dialog over the session
            await pilot.press("escape")
            advance(app, clock, 1.0)
            await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        seen.append(screen_text(app))
        await pilot.press("4", "ctrl+s")
    for text in seen:
        assert find_unsafe(text) == []
    everything = "".join(seen)
    assert "\\x1b]52;c;cm0gLXJmIH4K\\x07" in everything
    assert "\\x9b31m C1 CSI \\x9d0;c1 title\\x9c" in everything
    assert "[bold]bold?[/bold]" in everything
    assert "[red]right[/red]" in everything
    (record,) = read_journal(journal).records
    assert record.title == parse_routine(hostile_routine(), name="x").title  # stored exactly


@pytest.mark.parametrize("field", ["#notes", "#tags"])
async def test_text_pasted_into_the_check_in_is_shown_literally(tmp_path: Path, field: str) -> None:
    """Found by this suite; fixed in hipcli/tui/checkin_screen.py (pinned in test_tui.py too)."""
    clock = FakeClock()
    journal = tmp_path / "journal.toml"
    app = hostile_app(journal, clock)
    pasted = "\x1b]0;pwned\x07 \x1b]52;c;cm0K\x07 \x9b2J \u202eevil"
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("enter", "ctrl+c")
        assert isinstance(app.screen, CheckInScreen)
        widget = app.screen.query_one(field, TextArea if field == "#notes" else Input)
        widget.focus()
        widget.post_message(events.Paste(pasted))
        await pilot.pause()
        assert find_unsafe(screen_text(app)) == []
