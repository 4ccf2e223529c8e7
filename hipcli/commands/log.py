"""The journal command `hipcli log` (`hipcli recover` is in `hipcli.commands.recovery`)."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import (
    color_wanted,
    complete_routine,
    examples,
    fail,
    journal_location_or_exit,
    print_problems,
)
from hipcli.commands.recovery import mention_open_journal, mention_recoveries
from hipcli.literal import visible

if TYPE_CHECKING:
    from hipcli.journal.location import JournalLocation
    from hipcli.settings import Settings


def _session_count(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """`-n N` as a whole number of sessions, 1 or more, or a calm usage message (exit 2)."""
    from hipcli.review.select import LIMIT_HINT

    del ctx, param
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        fail(f"hipcli: {LIMIT_HINT}", 2)
    return count


@click.command(
    "log",
    epilog=examples(
        ("hipcli log", "your last 20 sessions, notes in full"),
        ("hipcli log --oneline -n 50", "one line each"),
        ("hipcli log --since 7d --stats", "the last week, in pictures"),
        ("hipcli log --grep calmer", "sessions whose notes or tags mention it"),
        ("hipcli log --browse", "browse months of practice"),
        ("hipcli log --all --format csv > practice.csv", ""),
    ),
)
@click.option(
    "-n",
    "--limit",
    metavar="N",
    default="20",
    show_default=True,
    callback=_session_count,
    help="How many recent sessions to show.",
)
@click.option("--all", "show_all", is_flag=True, help="Show every session.")
@click.option("--oneline", is_flag=True, help="One line per session, without the notes in full.")
@click.option("--id", "session_id", metavar="ID", help="One session whole (the start of its id).")
@click.option(
    "--routine",
    metavar="NAME",
    shell_complete=complete_routine,
    help="Only sessions of this routine.",
)
@click.option(
    "--since",
    metavar="WHEN",
    help="From this day on: 2026-11-01, today, yesterday, or 7d, 2w, 3m, 1y back.",
)
@click.option("--until", metavar="WHEN", help="Up to and including this day.")
@click.option("--grep", metavar="TEXT", help="Only sessions whose notes or tags contain TEXT.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
    help="table is for reading; json and csv are every field; markdown a journal to keep.",
)
@click.option("--stats", is_flag=True, help="Pictures of your practice: days, minutes, mood.")
@click.option(
    "--weeks",
    metavar="N",
    type=int,
    default=26,
    show_default=True,
    help="How many weeks the --stats calendar shows.",
)
@click.option("--browse", is_flag=True, help="Browse the journal full-screen.")
@click.option(
    "--device",
    metavar="NAME",
    help="Only sessions from this machine (with a journal folder: journal_dir).",
)
@click.option("--no-pager", is_flag=True, help="Print directly, never through the pager.")
@click.option(
    "--journal",
    type=click.Path(dir_okay=True),
    help="Read this journal file instead of the default one.",
)
def log_command(
    limit: int,
    show_all: bool,
    oneline: bool,
    session_id: str | None,
    routine: str | None,
    since: str | None,
    until: str | None,
    grep: str | None,
    fmt: str,
    stats: bool,
    weeks: int,
    browse: bool,
    device: str | None,
    no_pager: bool,
    journal: str | None,
) -> None:
    """Look back over your sessions: entries, one line each, pictures, exports, a browser."""
    settings = settings_or_exit()
    location = journal_location_or_exit(journal, settings)
    if device is not None:
        check_device(location, device)
    if browse:
        _browse(location, grep)
        return
    # imported here, after the browser's branch: its first frame does not wait for them (~17 ms)
    from hipcli.commands.pager import paged
    from hipcli.review.log import run_log
    from hipcli.review.select import LogRequest

    request = LogRequest(
        journal=location,
        limit=None if show_all else limit,
        routine=routine,
        since=since,
        until=until,
        grep=grep,
        fmt=fmt,  # type: ignore[arg-type]
        stats=stats,
        oneline=oneline,
        session_id=session_id,
        weeks=weeks,
        show_streaks=settings.show_streaks,
        device=device,
    )
    with paged(enabled=not no_pager) as out:
        code = run_log(request, out, sys.stderr, color=color_wanted())
    mention_recoveries()
    mention_open_journal(location.path)
    sys.exit(code)


def settings_or_exit() -> Settings:
    """The settings, or their problems on stderr and exit code 1."""
    from hipcli.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as error:
        print_problems(error.problems)
        sys.exit(1)


def check_device(location: JournalLocation, device: str) -> None:
    """`--device NAME` must name a machine of the journal folder: else a calm usage message
    listing them, with a did-you-mean (exit 2)."""
    import difflib

    from hipcli.journal.folder import safe_device_name
    from hipcli.journal.record import JournalError

    if not location.is_folder:
        fail(
            "hipcli: --device picks the sessions of one machine from a journal folder, and "
            f"this journal is a single file ({visible(location.describe())}). "
            "docs/sync.md says how to share one journal between machines.",
            2,
        )
    try:
        # this machine counts even before its first session is saved in the folder
        machines = sorted({*location.devices(), location.device} - {""})
    except JournalError as error:
        fail(f"hipcli: {visible(str(error))}")
    if safe_device_name(device) in machines:
        return
    close = difflib.get_close_matches(safe_device_name(device), machines, 1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    fail(
        f"hipcli: no machine named {visible(device)!r} in {visible(location.describe())}.{hint} "
        f"Machines: {visible(', '.join(machines))}.",
        2,
    )


def _browse(journal: JournalLocation, text: str | None) -> None:
    """`hipcli log --browse`: the full-screen browser, on a terminal only."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(
            "hipcli log --browse needs a terminal to show the browser in. "
            "`hipcli log` prints the journal instead.",
            1,
        )
    # Loading Textual and the first sessions makes ~200k objects that live as long as the
    # browser; a full garbage collection of them (~30 ms) fell just before the first frame.
    # Collection is paused until the browser has drawn it (run_browser starts it again).
    gc.disable()
    # deferred: Textual (~150 ms) is imported only for the browser, never for the printed views
    from hipcli.tui.browse import run_browser

    sys.exit(run_browser(journal, filter_text=text or ""))
