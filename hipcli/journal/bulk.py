"""Appending many records at once (`hipcli import`): under the journal's one exclusive lock, read
the ids already there, then append the records that are new in a single write, fsynced, taken
back whole if the write fails (`hipcli.journal.append.locked_journal`, as recovery does). Two
imports at once can't both add a session: the second waits for the lock and then sees the first
one's ids. Nothing already in the journal is changed.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from hipcli.journal.append import locked_journal
from hipcli.journal.chunks import parse_chunk, split_chunks
from hipcli.journal.record import SessionRecord, format_record


@dataclass(frozen=True)
class BulkResult:
    """What an import did (or would do): the records added, those whose id was already there."""

    added: list[SessionRecord]
    present: list[SessionRecord]


def ids_in(data: bytes) -> set[str]:
    """The ids of the readable records in journal text."""
    ids = set()
    for start, end, is_record in split_chunks(data):
        if is_record:
            found = parse_chunk(data[start:end], 0, True)
            if isinstance(found, SessionRecord):
                ids.add(found.id)
    return ids


def append_new(
    path: Path, records: Sequence[SessionRecord], known: Set[str] = frozenset()
) -> BulkResult:
    """Append the records whose ids are neither in the journal file nor in `known` (the other
    files of a journal folder), in one locked write, fsynced. Raises JournalError (never
    OSError); ValueError for a record format_record refuses, before anything is written."""
    texts = {record.id: format_record(record) for record in records}  # refusals raise first
    if all(record.id in known for record in records):
        # nothing to add: don't create this machine's file in a journal folder for nothing
        return BulkResult([], list(records))
    with locked_journal(Path(path)) as journal:
        there = ids_in(journal.contents()) | known
        added = [record for record in records if record.id not in there]
        present = [record for record in records if record.id in there]
        if added:
            # one write: the records joined by a blank line, as appends leave them
            journal.append_text("\n".join(texts[record.id] for record in added))
    return BulkResult(added, present)
