"""What the journal is made of, file by file: for `hipcli journal`.

Each file's sessions, the sessions found in it and in no file ranked above it (for a conflict
copy: the sessions that would be lost with it), its newest session and its damaged records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hipcli.journal.folder import JournalFile
from hipcli.journal.location import JournalLocation
from hipcli.journal.read import read_journal
from hipcli.journal.record import JournalError


@dataclass(frozen=True)
class FileSummary:
    """One file of the journal, counted."""

    file: JournalFile
    sessions: int = 0
    new_here: int = 0  # sessions no file ranked above this one holds
    last: datetime | None = None  # when its newest session started
    damaged: int = 0
    unreadable: str = ""  # why the file could not be read at all


@dataclass(frozen=True)
class JournalSummary:
    """The whole journal, file by file."""

    location: JournalLocation
    files: list[FileSummary]
    sessions: int  # each counted once
    passed_over: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def summarise(location: JournalLocation) -> JournalSummary:
    """Read every file of the journal and count it. JournalError when the folder can't be
    listed; a file that can't be read is counted as such."""
    listing = location.listing()
    seen: set[str] = set()
    files = []
    for file in listing.files:
        try:
            contents = read_journal(file.path)
        except JournalError as error:
            files.append(FileSummary(file, unreadable=str(error)))
            continue
        ids = {record.id for record in contents.records}
        files.append(
            FileSummary(
                file,
                sessions=len(contents.records),
                new_here=len(ids - seen),
                last=max((r.started_at for r in contents.records), default=None),
                damaged=sum(problem.in_record for problem in contents.problems),
            )
        )
        seen |= ids
    return JournalSummary(location, files, len(seen), listing.passed_over, listing.notes)
