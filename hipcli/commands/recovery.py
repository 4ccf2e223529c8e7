"""Sessions that wait outside the journal: `hipcli recover`, the line `hipcli log` adds about
recovery files, and the drafts of stopped sessions that every command brings in first."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import journal_location_or_exit, plural
from hipcli.literal import visible

if TYPE_CHECKING:
    from hipcli.journal.location import JournalLocation

# Shell completion runs hipcli on every Tab press; it must print nothing but the completions.
_COMPLETION_VARIABLE = "_HIPCLI_COMPLETE"


def bring_in_drafts() -> None:
    """Append the drafts of sessions whose hipcli was stopped during practice or at the check-in
    (`kill -9`, a power cut, a flat battery), and say so on stderr. Costs a directory listing
    when there are none."""
    from hipcli.journal.places import waiting_drafts

    if os.environ.get(_COMPLETION_VARIABLE):
        return
    try:
        if not waiting_drafts():
            return
    except RuntimeError:  # no home: the command itself says what to set
        return
    from hipcli.journal.checkin import describe_save, home_relative
    from hipcli.journal.draft import collect_drafts

    for collected in collect_drafts():
        where = visible(str(collected.path))
        if collected.result is None:
            click.echo(
                f"A session kept in {where} while its check-in was open can't be added to your "
                f"journal: it {visible(collected.problem)}. The file is kept; fix it, or delete "
                "it if that session doesn't matter.",
                err=True,
            )
            continue
        record = collected.result.record
        where = "in practice" if collected.practising else "at its check-in"
        session = (
            f"Your {visible(record.title)} session of "
            f"{record.started_at.strftime('%d %b %H:%M')} was still {where} when hipcli stopped"
        )
        if not collected.result.in_journal:
            click.echo(f"{session}. {describe_save(collected.result)}.", err=True)
        elif collected.practising:
            click.echo(
                f"{session}; it is in {home_relative(collected.result.journal)} now, "
                f"as ended early after {practised_words(record.active_s)} of practice.",
                err=True,
            )
        else:
            click.echo(
                f"{session}; it is in {home_relative(collected.result.journal)} now, "
                "with what you had written.",
                err=True,
            )


def practised_words(active_s: float) -> str:
    """How long a session stopped during practice had been practised: "12 minutes"."""
    from hipcli.review.words import time_words

    if active_s < 0.5:
        return "less than a second"
    return time_words(active_s / 60)


def mention_open_journal(journal: Path) -> None:
    """One calm line (stderr) when others on this machine may read the journal; hipcli never
    changes a file's permissions on its own (it creates the journal 0600)."""
    import stat

    try:
        mode = journal.stat().st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) and mode & 0o077:
        click.echo(
            f"\nOthers on this computer can read your journal ({visible(str(journal))} is "
            f"{stat.filemode(mode)}). To keep it to yourself: chmod 600 "
            f"{visible(shlex.quote(str(journal)))}",
            err=True,
        )


def mention_recoveries() -> None:
    """Say (on stderr, so exports stay clean) when sessions wait in recovery files."""
    from hipcli.journal.recovery import pending_recoveries  # (not checkin: it needs the engine)

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
    from hipcli.journal.checkin import pending_recoveries, recover_into

    # first: without it there is nowhere to recover to (in a journal folder: this machine's file)
    location = journal_location_or_exit(journal)
    target = location.path
    waiting = pending_recoveries()
    results = (
        recover_into(target, waiting, known_elsewhere=_sessions_in_folder(location))
        if waiting
        else []
    )
    if not results:
        click.echo("Nothing to recover: every session is in your journal.")
        return
    failed = False
    for result in results:
        name = visible(str(result.path))
        if result.problem:
            failed = True
            click.echo(f"{name}: {visible(result.problem)}", err=True)
            continue
        if result.sessions or not result.damaged:
            click.echo(
                f"Added {plural(result.sessions, 'session')} from {visible(result.path.name)} "
                f"to {visible(str(target))}."
            )
        if result.damaged:
            failed = True
            for problem in result.damaged:
                click.echo(f"{name}:{problem.line}: {visible(problem.message)}", err=True)
            damaged = "record" if len(result.damaged) == 1 else "records"
            click.echo(
                f"{name} is kept, because of the damaged {damaged} "
                "above (the sessions that could be read are in your journal, and won't be added "
                "twice). Fix the file by hand, or delete it if those sessions don't matter; "
                "then run `hipcli recover` again.",
                err=True,
            )
    sys.exit(1 if failed else 0)


def _sessions_in_folder(location: JournalLocation) -> set[str]:
    """The ids of the sessions in every file of a journal folder (a session that is in another
    machine's file, or a conflict copy, is in the journal already)."""
    from hipcli.journal.location import read_all
    from hipcli.journal.record import JournalError

    if not location.is_folder:
        return set()
    try:
        return {record.id for record in read_all(location).records}
    except JournalError:  # the folder can't be listed: the append itself will say why
        return set()
