"""The journal commands: `hipcli log` and `hipcli recover`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import (
    color_wanted,
    complete_routine,
    fail,
    plural,
)
from hipcli.literal import visible

if TYPE_CHECKING:
    pass


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
    journal: str | None,
) -> None:
    """Look back over your sessions: recent entries, filters, streaks, mood, exports."""
    from hipcli import paths
    from hipcli.review.log import LogRequest, run_log

    request = LogRequest(
        journal=paths.journal_path(journal),
        limit=None if show_all else limit,
        routine=routine,
        since=since,
        until=until,
        grep=grep,
        fmt=fmt,  # type: ignore[arg-type]
        stats=stats,
    )
    code = run_log(request, sys.stdout, sys.stderr, color=color_wanted())
    mention_recoveries()
    sys.exit(code)


def mention_recoveries() -> None:
    """Say (on stderr, so exports stay clean) when sessions wait in recovery files."""
    from hipcli.journal.checkin import pending_recoveries

    waiting = pending_recoveries()
    if waiting:
        verb = "is" if len(waiting) == 1 else "are"
        click.echo(
            f"\n{plural(len(waiting), 'session')} could not be written to the journal and "
            f"{verb} kept safe in {visible(str(waiting[0].parent))}. "
            "`hipcli recover` adds them to your journal.",
            err=True,
        )


@click.command("recover", epilog="\b\nExample:\n  hipcli recover")
@click.option(
    "--journal",
    type=click.Path(dir_okay=True),
    help="Add them to this journal file instead of the default one.",
)
def recover_command(journal: str | None) -> None:
    """Add sessions that were kept in recovery files (when the journal could not be written)."""
    from hipcli import paths
    from hipcli.journal.checkin import pending_recoveries, recover_into

    target = paths.journal_path(journal)  # first: without it there is nowhere to recover to
    waiting = pending_recoveries()
    if not waiting:
        click.echo("Nothing to recover: every session is in your journal.")
        return
    failed = False
    for result in recover_into(target, waiting):
        if result.problem:
            failed = True
            click.echo(f"{visible(str(result.path))}: {visible(result.problem)}", err=True)
        else:
            click.echo(
                f"Added {plural(result.sessions, 'session')} from {visible(result.path.name)} "
                f"to {visible(str(target))}."
            )
    sys.exit(1 if failed else 0)
