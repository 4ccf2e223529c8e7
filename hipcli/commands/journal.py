"""The journal's place: `hipcli journal` (what it is made of, file by file) and, from
`hipcli.commands.journal_move`, `hipcli journal move DIR` (to a folder shared between machines).
How it works: docs/sync.md."""

from __future__ import annotations

import os
import shutil
import textwrap
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import examples, fail, journal_location_or_exit, plural
from hipcli.commands.journal_move import (
    ENVIRONMENT_FOLDER,
    move_command,
    say,
    settings_file,
    settings_or_exit,
    shown,
)
from hipcli.literal import visible

if TYPE_CHECKING:
    from hipcli.journal.status import FileSummary, JournalSummary
    from hipcli.settings import Settings


@click.group(
    "journal",
    invoke_without_command=True,
    epilog=examples(
        ("hipcli journal", "where your journal is, file by file"),
        ("hipcli journal move ~/Sync/hipcli", "keep it in a folder your machines share"),
    ),
)
@click.pass_context
def journal_group(ctx: click.Context) -> None:
    """Where your journal is, and keeping one journal across machines in a synced folder."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(status_command)


@journal_group.command("status")
def status_command() -> None:
    """Show where the journal is and what it is made of, file by file."""
    from hipcli.journal.record import JournalError
    from hipcli.journal.status import summarise

    settings = settings_or_exit()
    location = journal_location_or_exit(None, settings)
    try:
        summary = summarise(location)
    except JournalError as error:
        fail(visible(str(error)))
    if not location.is_folder:
        sessions = summary.files[0].sessions if summary.files else 0
        say(f"Your journal is one file: {shown(location.path)} ({plural(sessions, 'session')}).")
        say(
            "To keep one journal across your machines in a synced folder (docs/sync.md says "
            "how):\n  hipcli journal move ~/Sync/hipcli"
        )
        return
    _folder_status(summary, settings)


def _folder_status(summary: JournalSummary, settings: Settings) -> None:
    location = summary.location
    assert location.folder is not None
    origin = (
        ENVIRONMENT_FOLDER
        if os.environ.get(ENVIRONMENT_FOLDER)
        else f"journal_dir in {settings_file()}"
    )
    say(f"Your journal is the folder {shown(location.folder)} ({origin}).")
    named = "its device setting" if settings.device else "its host name"
    say(
        f"This machine is {location.device!r} (from {named}) and writes "
        f"{visible(location.path.name)}; every file below is read as one journal.\n"
    )
    rows = [(_file_name(item), _file_sessions(item), _file_note(item)) for item in summary.files]
    if not rows:
        click.echo("  (no sessions yet)")
    width = max((len(name) for name, _, _ in rows), default=0)
    count_width = max((len(count) for _, count, _ in rows), default=0)
    columns = max(40, min(100, shutil.get_terminal_size((100, 24)).columns))
    for name, count, note in rows:
        row = f"  {name.ljust(width)}  {count.rjust(count_width)}"
        if note and len(row) + 2 + len(note) > columns:
            click.echo(row.rstrip())
            click.echo(  # under the row, on a narrow terminal
                textwrap.fill(
                    note,
                    columns,
                    initial_indent="    ",
                    subsequent_indent="    ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
        else:
            click.echo(f"{row}  {note}".rstrip())
    say(f"\n{plural(summary.sessions, 'session')} in all, each counted once.")
    for line in _advice(summary, settings):
        say(line)


def _file_name(item: FileSummary) -> str:
    if item.file.kind == "history":
        return shown(item.file.path)
    return visible(item.file.path.name)


def _file_sessions(item: FileSummary) -> str:
    return "can't be read" if item.unreadable else plural(item.sessions, "session")


def _file_note(item: FileSummary) -> str:
    file = item.file
    if file.kind == "history":
        copied = " (all of them also in the folder)" if item.sessions and not item.new_here else ""
        return f"your journal of before, read as this machine's history{copied}"
    if file.kind == "conflict":
        only = f", {item.new_here} found only here" if item.new_here else ""
        return f"a {file.made_by} conflict copy of {visible(file.device)}.toml{only}"
    if item.last is None:
        return ""
    return f"newest {item.last.astimezone():%a %d %b %Y}"


def _advice(summary: JournalSummary, settings: Settings) -> list[str]:
    lines = []
    for item in summary.files:
        name = _file_name(item)
        if item.unreadable:
            lines.append(f"{visible(item.unreadable)}")
        if item.damaged:
            lines.append(
                f"{name} has {plural(item.damaged, 'damaged record')}: `hipcli log` names "
                "the lines; the other sessions are read as usual."
            )
        if item.file.kind == "conflict" and not item.unreadable:
            if item.new_here:
                lines.append(
                    f"{name} holds sessions found in no other file. hipcli reads them as part "
                    "of your journal, so keep the file."
                )
            else:
                lines.append(
                    f"Every session in {name} is also in the other files; you may delete it "
                    "if you like (hipcli never deletes anything)."
                )
    if summary.passed_over:
        names = ", ".join(visible(path.name) for path in summary.passed_over)
        lines.append(f"Passed over (sync tools' temporary files and the like): {names}")
    lines.extend(visible(note) for note in summary.notes)
    if not settings.device:
        lines.append(
            "This machine's name comes from its host name. If two of your machines share a "
            'host name, give each its own: add a line like device = "study" to '
            f"{settings_file()}."
        )
    return ["", *lines] if lines else []


journal_group.add_command(move_command)
