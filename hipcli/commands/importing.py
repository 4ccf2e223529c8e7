"""The import command: `hipcli import FILE` brings hipcli's own JSON or CSV exports back in."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import examples, plural
from hipcli.literal import visible

if TYPE_CHECKING:
    from hipcli.journal.bulk import BulkResult


@click.command(
    "import",
    epilog=examples(
        ("hipcli import practice.json --dry-run", "see what would come in"),
        ("hipcli import practice.json", "add what isn't in yet"),
        ("hipcli import old-laptop.csv --journal ~/journal.toml", ""),
    ),
)
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--dry-run", is_flag=True, help="Say what would be added; change nothing.")
@click.option(
    "--journal",
    type=click.Path(dir_okay=True),
    help="Add them to this journal file instead of the default one.",
)
def import_command(file: str, dry_run: bool, journal: str | None) -> None:
    """Bring sessions back in from `hipcli log --format json` or `--format csv`."""
    from pathlib import Path

    from hipcli.commands.common import journal_location_or_exit
    from hipcli.journal.bulk import BulkResult, append_new
    from hipcli.journal.record import JournalError, SessionRecord
    from hipcli.journal.stream import stream_in_order
    from hipcli.review.importing import ImportFileError, read_export

    source = Path(file).expanduser()
    location = journal_location_or_exit(journal)  # in a journal folder: this machine's file
    target = location.path
    shown = visible(str(source))
    try:
        found = read_export(source)
    except ImportFileError as error:
        click.echo(f"hipcli: {shown} {visible(str(error))}", err=True)
        sys.exit(1)
    for problem in found.problems:
        click.echo(
            f"{shown}: {problem.where}: {visible(problem.message)} — not imported.", err=True
        )
    # oldest first, as the journal grows: exported again, they come out in the same order
    records = sorted(reversed(found.records), key=lambda record: record.started_at)
    try:
        # every id already in the journal: (in a folder) the other machines' files too; this
        # machine's own file is read again under its lock, just before the write
        known = {item.id for item in stream_in_order(location) if isinstance(item, SessionRecord)}
        if dry_run:
            result = BulkResult(
                [r for r in records if r.id not in known], [r for r in records if r.id in known]
            )
        else:
            result = append_new(target, records, known)
    except JournalError as error:
        click.echo(f"hipcli: {visible(str(error))}", err=True)
        sys.exit(1)
    except ValueError as error:  # a record hipcli would not write (checked like a session)
        click.echo(f"hipcli: {visible(str(error))}; nothing was imported.", err=True)
        sys.exit(1)
    where = visible(location.describe())
    click.echo(_summary(result, len(found.problems), found.repeated, dry_run, where))
    sys.exit(1 if found.problems else 0)


def _summary(result: BulkResult, problems: int, repeated: int, dry_run: bool, target: str) -> str:
    """What the import did, in a few plain lines."""
    added = len(result.added)
    if dry_run:
        lines = [f"Would add {plural(added, 'session')} to {target} (nothing written: --dry-run)."]
    elif added:
        lines = [f"Added {plural(added, 'session')} to {target}."]
    else:
        lines = [f"Nothing new to add to {target}."]
    if result.present:
        were = "is" if len(result.present) == 1 else "are"
        lines.append(f"{plural(len(result.present), 'session')} {were} already there: skipped.")
    if repeated:
        lines.append(f"{plural(repeated, 'session')} appeared twice in the file: taken once.")
    if problems:
        lines.append(
            f"{plural(problems, 'record')} with problems (above) stayed out; fix them in the "
            "file and import it again: what is already in comes in only once."
        )
    return "\n".join(lines)
