"""`hipcli journal move DIR`: keep the journal in a folder shared between machines, and the
helpers the `journal` commands share. How it works: docs/sync.md; what changes on disk:
`hipcli.journal.move`."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import examples, fail, journal_location_or_exit, plural
from hipcli.literal import visible

if TYPE_CHECKING:
    from hipcli.journal.location import JournalLocation
    from hipcli.journal.move import SettingChange
    from hipcli.settings import Settings

ENVIRONMENT_FOLDER = "HIPCLI_JOURNAL_DIR"


def settings_or_exit() -> Settings:
    """The settings, or their problems printed calmly and exit code 1."""
    from hipcli.commands.common import print_problems
    from hipcli.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as error:
        print_problems(error.problems)
        sys.exit(1)


def say(text: str, *, err: bool = False) -> None:
    """Prose for people, wrapped to the terminal (at most 100 columns); a line that begins with
    two spaces (a command or a settings line to copy) is left whole."""
    width = max(40, min(100, shutil.get_terminal_size((100, 24)).columns))
    lines = [
        line
        if line.startswith("  ") or not line
        else textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
        for line in text.split("\n")
    ]
    click.echo("\n".join(lines), err=err)


def shown(path: Path) -> str:
    from hipcli.journal.checkin import home_relative

    return home_relative(path)


def settings_file() -> str:
    from hipcli.settings import settings_path

    return shown(settings_path())


@click.command(
    "move",
    short_help="Keep the journal in a folder shared between your machines.",
    epilog=examples(
        ("hipcli journal move ~/Sync/hipcli", "write into it from now on"),
        ("hipcli journal move ~/Sync/hipcli --copy", "and copy earlier sessions in"),
        ("hipcli journal move ~/Sync/hipcli --dry-run", "only say what would happen"),
    ),
)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--copy",
    is_flag=True,
    help="Also copy the sessions of your single journal into this machine's file in the "
    "folder (ids kept), so your other machines see them too.",
)
@click.option("--dry-run", is_flag=True, help="Say what would happen, and change nothing.")
def move_command(folder: Path, copy: bool, dry_run: bool) -> None:
    """Keep the journal in FOLDER, one file per machine, for a folder that Syncthing, Dropbox,
    iCloud Drive, Nextcloud or git shares between your machines.

    This machine writes its sessions to its own file there from now on; the settings file gains
    a journal_dir line. Your single journal is never changed or deleted: it stays part of this
    machine's history, or with --copy its sessions are copied into the folder too.
    """
    settings = settings_or_exit()
    location = journal_location_or_exit(None, settings)
    target = Path(os.path.abspath(folder.expanduser()))
    sys.exit(carry_out_move(location, target, copy=copy, dry_run=dry_run))


def other_folder_message(location: JournalLocation, target: Path) -> str:
    """Why moving from one journal folder to another is left to the person, and how."""
    from hipcli.journal.move import setting_line

    assert location.folder is not None
    where = (
        f"set {ENVIRONMENT_FOLDER} to it"
        if os.environ.get(ENVIRONMENT_FOLDER)
        else f"change the journal_dir line in {settings_file()} to:\n  "
        + visible(setting_line(target))
    )
    return (
        f"Your journal is already the folder {shown(location.folder)}. To use "
        f"{visible(str(target))} instead, copy every file of that folder into it as they are "
        f"(each machine's file), then {where}"
    )


def carry_out_move(location: JournalLocation, target: Path, *, copy: bool, dry_run: bool) -> int:
    """Move this machine's writing into the folder `target`; the exit code."""
    from hipcli import paths
    from hipcli.journal.location import folder_location
    from hipcli.journal.move import folder_text

    already = location.folder is not None and _same(location.folder, target)
    if location.folder is not None and not already:
        fail(other_folder_message(location, target))
    if target.exists() and not target.is_dir():
        fail(f"{visible(str(target))} is a file, not a folder. Name a folder for the journal.")
    if not dry_run:
        problem = _make_folder(target)
        if problem:
            fail(problem)
    moved = folder_location(target, location.device or _device_or_exit())
    if not already:
        _say_about_existing_file(moved)
    old = paths.journal_path()
    old_sessions = _count_sessions(old)
    if copy and old_sessions:
        _copy_or_exit(old, moved, old_sessions, dry_run=dry_run)
    code = _record_setting(target, dry_run=dry_run)
    shared = visible(folder_text(target))
    if already:
        say(
            f"Your journal is already the folder {shown(target)}; this machine "
            f"({moved.device!r}) writes {visible(moved.path.name)} there."
        )
    else:
        say(
            f"{'This' if dry_run else 'From now on this'} machine ({moved.device!r}) "
            f"{'would write' if dry_run else 'writes'} its sessions to {shown(moved.path)}."
        )
    if old_sessions and not copy:
        say(
            f"Your {plural(old_sessions, 'earlier session')} stay in {shown(old)}, unchanged; "
            "on this machine hipcli reads them together with the folder. To share them with "
            f"your other machines too:\n  hipcli journal move {shared} --copy"
        )
    if not already:
        say(
            "On each of your other machines, once the folder is synced there, run this "
            f"(docs/sync.md has the details):\n  hipcli journal move {shared}"
        )
    return code


def _copy_or_exit(old: Path, moved: JournalLocation, sessions: int, *, dry_run: bool) -> None:
    from hipcli.journal.record import JournalError

    if dry_run:
        say(
            f"Would copy the {plural(sessions, 'session')} of {shown(old)} into "
            f"{shown(moved.path)} (ids kept, those already in the folder skipped)."
        )
        return
    try:
        _report_copy(old, moved)
    except JournalError as error:
        fail(f"{visible(str(error))}\nNothing else was changed; run this again once it is fixed.")


def _record_setting(target: Path, *, dry_run: bool) -> int:
    """Write journal_dir into the settings file (or say the line to add); the exit code."""
    from hipcli.journal.move import record_journal_dir
    from hipcli.settings import settings_path

    environment = os.environ.get(ENVIRONMENT_FOLDER)
    if environment and not _same(Path(environment).expanduser(), target):
        say(
            f"Note: {ENVIRONMENT_FOLDER} is set in your environment and names another folder; "
            "while it is set, it wins over the settings file."
        )
    change = record_journal_dir(settings_path(), target, dry_run=dry_run)
    if dry_run and change.outcome == "added":
        say(f"Would add this line to {shown(change.path)}:\n  {visible(change.line)}")
        return 0
    return _report_setting(change)


def _same(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return Path(os.path.abspath(one)) == Path(os.path.abspath(other))


def _device_or_exit() -> str:
    from hipcli.journal.location import device_name
    from hipcli.journal.record import JournalError

    try:
        return device_name(settings_or_exit().device)
    except JournalError as error:
        fail(visible(str(error)))


def _make_folder(target: Path) -> str | None:
    """Create the folder (private, 0700) if missing; a calm sentence if it can't be used."""
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        return f"hipcli can't create the folder {visible(str(target))} ({error.strerror})."
    if not os.access(target, os.W_OK | os.X_OK):
        return f"hipcli is not allowed to write into {visible(str(target))}. Check its permissions."
    return None


def _count_sessions(path: Path) -> int:
    from hipcli.journal.read import read_journal
    from hipcli.journal.record import JournalError

    try:
        return len(read_journal(path).records)
    except JournalError:
        return 0


def _say_about_existing_file(moved: JournalLocation) -> None:
    if not moved.path.exists():
        return
    sessions = _count_sessions(moved.path)
    say(
        f"{shown(moved.path)} is already there ({plural(sessions, 'session')}). If it is "
        "this machine's, all is well: hipcli goes on adding to it. If another machine has the "
        f'same name, give this one its own with a line like device = "study" in '
        f"{settings_file()}, then run this again."
    )


def _report_copy(old: Path, moved: JournalLocation) -> None:
    from hipcli.journal.move import copy_history

    copied = copy_history(old, moved)
    already = f"; {copied.already} were there already" if copied.already else ""
    say(
        f"Copied {plural(copied.added, 'session')} from {shown(old)} into "
        f"{shown(moved.path)}, ids kept{already}. {shown(old)} is unchanged."
    )
    for problem in copied.damaged:
        say(
            f"{shown(old)}:{problem.line}: {visible(problem.message)} — not copied; it stays "
            "only in the old file.",
            err=True,
        )


def _report_setting(change: SettingChange) -> int:
    if change.outcome == "added":
        say(
            f"Added {visible(change.line)} to {shown(change.path)}; your other settings are as "
            "they were."
        )
        return 0
    if change.outcome == "already":
        return 0
    todo = (
        f"Change line {change.replaces} to" if change.replaces else "Add this line to it yourself"
    )
    say(
        f"hipcli left {shown(change.path)} as it is: {visible(change.reason)}. {todo}, so "
        f"that hipcli uses the folder:\n  {visible(change.line)}",
        err=True,
    )
    return 1
