"""Appending many records at once (`hipcli import`): under the journal's one exclusive lock, read
the ids already there, then append the records that are new in a single write, fsynced, taken
back whole if the write fails. Two imports at once can't both add a session: the second waits
for the lock and then sees the first one's ids. Nothing already in the journal is changed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from hipcli.journal.append import (
    APPEND_LOCK_TIMEOUT_S,
    _fsync_dir,
    _open_for_append,
    _write_all,
    os_error_message,
    take_lock,
)
from hipcli.journal.chunks import parse_chunk, split_chunks
from hipcli.journal.record import JournalError, SessionRecord, format_record


@dataclass(frozen=True)
class BulkResult:
    """What an import did (or would do): the records added, those whose id was already there."""

    added: list[SessionRecord]
    present: list[SessionRecord]


def _read_all(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    parts, offset = [], 0
    while offset < size:
        part = os.pread(fd, min(1 << 24, size - offset), offset)
        if not part:
            break
        parts.append(part)
        offset += len(part)
    return b"".join(parts)


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
    path = Path(path)
    texts = {record.id: format_record(record) for record in records}  # refusals raise first
    try:
        fd, created = _open_for_append(path)
    except OSError as exc:
        raise JournalError(os_error_message(path, exc, "write to"), path) from exc
    try:
        lock = take_lock(fd, fcntl.LOCK_EX, APPEND_LOCK_TIMEOUT_S)
        if lock == "busy":
            raise JournalError(
                f"{path} is held by another hipcli process that hasn't finished writing. "
                "Try again in a moment.",
                path,
            )
        known = ids_in(_read_all(fd)) | known
        added = [record for record in records if record.id not in known]
        present = [record for record in records if record.id in known]
        if added:
            size = os.fstat(fd).st_size
            data = "\n".join(texts[record.id] for record in added).encode("utf-8")
            if size:
                data = (b"\n" if os.pread(fd, 1, size - 1) == b"\n" else b"\n\n") + data
            try:
                _write_all(fd, data)
                os.fsync(fd)
            except OSError:
                if lock == "held":  # take back our own partial write; nothing of another's
                    with contextlib.suppress(OSError):
                        os.ftruncate(fd, size)
                raise
    except OSError as exc:
        raise JournalError(os_error_message(path, exc, "write to"), path) from exc
    finally:
        os.close(fd)
    if created:
        _fsync_dir(path.parent)
    return BulkResult(added, present)
