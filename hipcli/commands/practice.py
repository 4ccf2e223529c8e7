"""The practice command: `hipcli start`.

The only command that imports Textual, and only once the routine is found and checked.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import (
    complete_routine,
    fail,
    find_routine_or_exit,
    print_problems,
)
from hipcli.literal import visible
from hipcli.routine.durations import format_duration

if TYPE_CHECKING:
    from hipcli.journal.checkin import SaveResult


@click.command(
    "start",
    epilog="\b\nExamples:\n  hipcli start pigeon\n  hipcli start morning --quiet\n"
    "  hipcli start box-breathing --mood-before\n\n"
    "Keys: space pause · n next · b back · + 15 s more · q end · ? help.\n"
    "At the end: 1-5 mood, Tab to tags and notes, Ctrl+S to save, Escape to skip.",
)
@click.argument("routine", shell_complete=complete_routine)
@click.option(
    "--journal",
    type=click.Path(),
    help="Record the session in this journal file instead of the default one.",
)
@click.option("--quiet", is_flag=True, help="No terminal bell between segments and at the end.")
@click.option(
    "--mood-before/--no-mood-before",
    default=None,
    help="Ask how you feel before the session too (setting: mood_before).",
)
def start_command(routine: str, journal: str | None, quiet: bool, mood_before: bool | None) -> None:
    """Practise a routine: timed holds, sides, breathing guide, then a short check-in."""
    from hipcli import paths
    from hipcli.routine.model import RoutineError
    from hipcli.settings import load_settings

    file = find_routine_or_exit(routine)
    try:
        loaded = file.load()
        settings = load_settings()
    except RoutineError as error:
        print_problems(error.problems)
        sys.exit(1)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(
            "hipcli start needs a terminal to show the session in. "
            f"Try `hipcli show {visible(routine)}` to see the routine instead.",
            1,
        )
    if os.environ.get("TERM") == "dumb":
        fail(
            "hipcli start draws a full-screen session, which a dumb terminal (TERM=dumb) cannot "
            f"show. Try it in a regular terminal; `hipcli show {visible(routine)}` lists the "
            "routine here.",
            1,
        )
    from hipcli.tui import run_session  # deferred: Textual is the slowest import by far

    result = run_session(
        loaded,
        journal=paths.journal_path(journal),
        quiet=quiet or not settings.bell,
        ask_mood_before=settings.mood_before if mood_before is None else mood_before,
    )
    if result is None:
        click.echo("The session did not start, so nothing was recorded.")
        return
    click.echo(session_line(result))
    if not result.in_journal:
        sys.exit(1)


def session_line(result: SaveResult) -> str:
    """The one-line summary printed after a session."""
    from hipcli.journal.checkin import describe_save, home_relative
    from hipcli.journal.record import MOOD_WORDS

    record = result.record
    parts = [visible(record.title), f"{format_duration(record.active_s)} practised"]
    if not record.completed:
        parts.append("ended early")
    if record.mood is not None:
        parts.append(f"mood: {MOOD_WORDS[record.mood]} ({record.mood})")
    where = (
        f"saved to {home_relative(result.journal)}" if result.in_journal else describe_save(result)
    )
    return " · ".join([*parts, where])
