"""The progress command: `hipcli progress [POSE]`, each pose and side over weeks."""

from __future__ import annotations

import shutil
import sys

import click

from hipcli.commands.common import (
    color_wanted,
    examples,
    journal_location_or_exit,
    print_problems,
)


@click.command(
    "progress",
    epilog=examples(
        ("hipcli progress", "every pose you have held"),
        ("hipcli progress pigeon", "one pose, or a routine's poses, by week"),
        ("hipcli progress pigeon --weeks 12", "the last twelve weeks"),
        ("hipcli progress --since 3m --format json", ""),
    ),
)
@click.argument("pose", required=False)
@click.option(
    "--since",
    metavar="WHEN",
    help="Only sessions from this day on: 2026-11-01, today, yesterday, or 7d, 2w, 3m, 1y.",
)
@click.option(
    "--weeks",
    type=click.IntRange(1, 520),
    metavar="N",
    help="Only the last N weeks (this week included); the chart shows them.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--journal",
    type=click.Path(dir_okay=True),
    help="Read this journal file instead of the default one (or the journal folder).",
)
def progress_command(
    pose: str | None, since: str | None, weeks: int | None, fmt: str, journal: str | None
) -> None:
    """Each pose and side over weeks: time held, planned against held, longest holds.

    POSE is a step's name across routines (Pigeon), or a routine's name, alias or title.
    """
    from hipcli.review.progress_report import ProgressRequest, run_progress
    from hipcli.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        print_problems(error.problems)
        sys.exit(1)
    request = ProgressRequest(
        journal=journal_location_or_exit(journal, settings),
        pose=pose,
        since=since,
        weeks=weeks,
        fmt=fmt,  # type: ignore[arg-type]
        celebrate=settings.celebrate,
    )
    width = shutil.get_terminal_size((100, 24)).columns
    sys.exit(run_progress(request, sys.stdout, sys.stderr, color=color_wanted(), width=width))
