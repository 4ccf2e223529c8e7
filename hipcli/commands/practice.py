"""The practice command: `hipcli start`.

The only command that imports Textual, and only once the routine is found and checked.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import (
    complete_routine,
    examples,
    fail,
    find_routine_or_exit,
    journal_location_or_exit,
    print_problems,
)
from hipcli.literal import visible
from hipcli.routine.durations import format_duration
from hipcli.settings import SOUNDS, THEMES

if TYPE_CHECKING:
    from hipcli.journal.checkin import SaveResult
    from hipcli.journal.location import JournalLocation


@click.command(
    "start",
    epilog=examples(
        ("hipcli start pigeon", ""),
        ("hipcli start butterfly", "a routine's alias or title finds it too"),
        ("hipcli start morning --quiet", "no sound, no voice"),
        ("hipcli start pigeon --voice", "speak each pose and side"),
        ("hipcli start lizard --theme light", ""),
        ("hipcli start box-breathing --mood-before", ""),
        ("hipcli start pigeon --plain", "lines for a screen reader or a simple terminal"),
    )
    + "\n\nKeys: space pause · n next · b back · + 15 s more · c whole cue · q end · ? help.\n"
    "At the end: 1-5 mood, Tab to tags and notes, Ctrl+S to save, Escape to skip.",
)
# Not required by click, so that `hipcli start` alone can offer the routines instead of a bare
# "Missing argument"; the metavar keeps the usage line honest.
@click.argument("routine", required=False, metavar="ROUTINE", shell_complete=complete_routine)
@click.option(
    "--journal",
    type=click.Path(),
    help="Record the session in this journal file instead of the default one.",
)
@click.option("--quiet", is_flag=True, help="No sound and no voice at all.")
@click.option(
    "--sound",
    type=click.Choice(SOUNDS),
    help="tones: soft chimes for each change; bell: the terminal bell; none (setting: sound).",
)
@click.option(
    "--voice/--no-voice",
    default=None,
    help="Speak each pose and side as it begins (setting: voice).",
)
@click.option(
    "--theme",
    type=click.Choice(THEMES),
    help="Colours: dark, light, or ansi for your terminal's own palette (setting: theme).",
)
@click.option(
    "--mood-before/--no-mood-before",
    default=None,
    help="Ask how you feel before the session too (setting: mood_before).",
)
@click.option(
    "--plain/--no-plain",
    default=None,
    help="Plain lines instead of the full screen, for screen readers and simple terminals "
    "(chosen by itself on TERM=dumb, without a terminal, or with the plain setting).",
)
@click.option("--breath-words", is_flag=True, help="In plain mode, say each breath: In… hold… out…")
def start_command(
    routine: str | None,
    journal: str | None,
    quiet: bool,
    sound: str | None,
    voice: bool | None,
    theme: str | None,
    mood_before: bool | None,
    plain: bool | None,
    breath_words: bool,
) -> None:
    """Practise a routine: timed holds, sides, a breathing guide, and a check-in at the end.

    ROUTINE is a routine's name, one of its aliases or its title (`hipcli routines` lists them).
    """
    from hipcli.routine.model import RoutineError
    from hipcli.settings import SettingsError, load_settings
    from hipcli.sound import choose_sound

    if routine is None:
        from hipcli.commands.routines import start_menu

        fail(start_menu(), 2)
    file = find_routine_or_exit(routine)
    try:
        loaded = file.load()
        settings = load_settings()
    except (RoutineError, SettingsError) as error:
        print_problems(error.problems)
        sys.exit(1)
    location = journal_location_or_exit(journal, settings)
    if plain_wanted(plain, settings_plain=settings.plain):
        gc.enable()  # resting since hipcli.__main__ (the full screen: after its first frame)
        from hipcli.commands.plain import run_plain_session  # deferred: only plain mode needs it

        saved = run_plain_session(
            loaded,
            journal=location.path,
            sound=choose_sound(settings, sound=sound, voice=voice, quiet=quiet),
            ask_mood_before=settings.mood_before if mood_before is None else mood_before,
            breath_words=breath_words,
            closing=lambda result: worth_noticing(
                result, celebrate=settings.celebrate, journal=location
            ),
        )
        if saved is None:
            click.echo("The session did not start, so nothing was recorded.")
        elif not saved.in_journal:
            sys.exit(1)
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(
            "hipcli start needs a terminal to show the session in. "
            f"Try `hipcli show {visible(file.name)}` to see the routine instead.",
            1,
        )
    if os.environ.get("TERM") == "dumb":
        fail(
            "hipcli start draws a full-screen session, which a dumb terminal (TERM=dumb) cannot "
            f"show. Try it in a regular terminal; `hipcli show {visible(file.name)}` lists the "
            "routine here.",
            1,
        )
    from hipcli.tui import run_session  # deferred: Textual is the slowest import by far

    result = run_session(
        loaded,
        journal=location.path,
        sound=choose_sound(settings, sound=sound, voice=voice, quiet=quiet),
        theme=theme or settings.theme,
        ask_mood_before=settings.mood_before if mood_before is None else mood_before,
    )
    if result is None:
        click.echo("The session did not start, so nothing was recorded.")
        return
    for line in closing_lines(result, celebrate=settings.celebrate, journal=location):
        click.echo(line)
    if not result.in_journal:
        sys.exit(1)


def plain_wanted(option: bool | None, *, settings_plain: bool) -> bool:
    """Plain lines or the full screen: `--plain`/`--no-plain` decide; otherwise plain on
    TERM=dumb, when standard input or output is not a terminal, or with the plain setting (or
    HIPCLI_PLAIN=1)."""
    if option is not None:
        return option
    return (
        settings_plain
        or os.environ.get("TERM") == "dumb"
        or not (sys.stdin.isatty() and sys.stdout.isatty())
    )


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


def closing_lines(
    result: SaveResult, *, celebrate: bool, journal: JournalLocation | None = None
) -> list[str]:
    """What is printed after a session: the summary line, and with the `celebrate` setting on,
    at most one short line worth noticing, judged against the whole `journal` (every machine's
    file in a journal folder; by default the file the session went to)."""
    return [session_line(result), *worth_noticing(result, celebrate=celebrate, journal=journal)]


def worth_noticing(
    result: SaveResult, *, celebrate: bool, journal: JournalLocation | None = None
) -> list[str]:
    """The line worth noticing about the session, if `celebrate` is on and one is true."""
    victory = victory_line(result, journal) if celebrate else None
    return [victory] if victory else []


def victory_line(result: SaveResult, journal: JournalLocation | None = None) -> str | None:
    """One short line worth noticing about the session just saved, when one is true (see
    `hipcli.review.victories`); None when nothing is, or the journal can't be read."""
    from hipcli.journal.location import read_all
    from hipcli.journal.record import JournalError
    from hipcli.review.victories import session_victory

    try:
        # damaged records are for `hipcli log` to report; here they are simply not history
        history = read_all(journal if journal is not None else result.journal).records
    except JournalError:
        history = []
    victory = session_victory(result.record, history)
    return visible(victory.text) if victory is not None else None
