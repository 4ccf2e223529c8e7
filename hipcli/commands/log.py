"""The journal command `hipcli log` (`hipcli recover` is in `hipcli.commands.recovery`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import (
    color_wanted,
    complete_routine,
    fail,
    journal_location_or_exit,
)
from hipcli.commands.recovery import mention_recoveries
from hipcli.literal import visible

if TYPE_CHECKING:
    from hipcli.journal.location import JournalLocation


def _session_count(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """`-n N` as a whole number of sessions, 1 or more, or a calm usage message (exit 2)."""
    from hipcli.review.log import LIMIT_HINT

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
    epilog="\b\nExamples:\n  hipcli log                      your last 20 sessions\n"
    "  hipcli log --since 7d --stats   how the last week went\n"
    "  hipcli log --grep calmer        sessions whose notes or tags mention it\n"
    "  hipcli log --all --format csv > practice.csv",
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
)
@click.option("--stats", is_flag=True, help="Streaks, totals and your mood over time.")
@click.option(
    "--device",
    metavar="NAME",
    help="Only sessions from this machine (with a journal folder: journal_dir).",
)
@click.option(
    "--journal",
    type=click.Path(dir_okay=True),
    help="Read this journal file instead of the default one.",
)
def log_command(
    limit: int,
    show_all: bool,
    routine: str | None,
    since: str | None,
    until: str | None,
    grep: str | None,
    fmt: str,
    stats: bool,
    device: str | None,
    journal: str | None,
) -> None:
    """Look back over your sessions: recent entries, filters, streaks, mood, exports."""
    from hipcli.review.log import LogRequest, run_log

    location = journal_location_or_exit(journal)
    if device is not None:
        check_device(location, device)
    request = LogRequest(
        journal=location,
        limit=None if show_all else limit,
        routine=routine,
        since=since,
        until=until,
        grep=grep,
        fmt=fmt,  # type: ignore[arg-type]
        stats=stats,
        device=device,
    )
    code = run_log(request, sys.stdout, sys.stderr, color=color_wanted())
    mention_recoveries()
    sys.exit(code)


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
        machines = location.devices()
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
