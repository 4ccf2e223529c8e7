"""Appending to the journal: one `write` under an advisory lock, then fsync; never a rewrite.

The file is created 0600 in a 0700 folder; a partial write (a full disk) is rolled back.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from hipcli.files import not_regular_message
from hipcli.journal.record import JournalError, SessionRecord, format_record

# How long an append waits for another hipcli process to finish its own append (readers wait
# less: see hipcli.journal.read).
APPEND_LOCK_TIMEOUT_S = 10.0


def os_error_message(path: Path, exc: OSError, doing: str) -> str:
    """A calm sentence for a failed read or write of the journal, saying what to do next."""
    code = exc.errno
    if code == errno.EISDIR:
        return (
            f"{path} is a directory, not a journal file. Name a file instead, "
            f"e.g. --journal {path / 'journal.toml'}."
        )
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"hipcli is not allowed to {doing} {path} (permission denied). Check its "
            "permissions, or keep the journal elsewhere with --journal PATH."
        )
    if code == errno.EROFS:
        return (
            f"{path} is on a read-only file system, so hipcli can't {doing} it. "
            "Use --journal PATH to keep the journal somewhere writable."
        )
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"There is no space left on the disk that holds {path}. Free some space and "
            "try again; nothing already in the journal was changed."
        )
    if code == errno.ENOTDIR:
        return f"Part of the path {path} is a file, not a directory; hipcli can't {doing} it."
    if code == errno.ELOOP:
        return f"{path} is a loop of symbolic links; hipcli can't {doing} it."
    reason = exc.strerror or str(exc)
    return f"hipcli could not {doing} {path}: {reason}."


def dangling_link_message(path: Path) -> str | None:
    """A message if `path` is a symbolic link to nothing (an unmounted drive, a moved file)."""
    try:
        target = os.readlink(path)
    except OSError:  # not a link (or gone meanwhile): the caller's own error says enough
        return None
    return (
        f"{path} is a link to {target}, which doesn't exist. Reconnect or restore it, or "
        "remove the link to start a new journal there."
    )


def _make_dirs(directory: Path) -> None:
    """Create the missing directories, each 0700 (the journal is private); leave others be."""
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    for item in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it first: fine
            os.mkdir(item, 0o700)


def _open_for_append(path: Path) -> tuple[int, bool]:
    """Open the journal for appending, creating it (0600) and its directory if missing.

    Only a regular file is a journal: a FIFO would block the write forever and a device would
    swallow the session, so those are refused with a message naming the path. (O_NONBLOCK lets
    the open itself return for a FIFO; it changes nothing for a regular file.)"""
    flags = os.O_RDWR | os.O_APPEND | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        fd, created = os.open(path, flags), False
    except FileNotFoundError:
        dangling = dangling_link_message(path)
        if dangling:
            # never create a file behind a broken link: it may point at an unmounted drive
            raise JournalError(dangling, path) from None
        _make_dirs(path.parent)
        try:
            fd, created = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o600), True
        except FileExistsError:  # another process created it between our two opens
            fd, created = os.open(path, flags), False
    problem = not_regular_message(path, os.fstat(fd).st_mode, "a journal")
    if problem:
        os.close(fd)
        raise JournalError(problem, path)
    return fd, created


def take_lock(fd: int, how: int, timeout_s: float) -> Literal["held", "busy", "unsupported"]:
    """Take an flock, retrying until `timeout_s`: "held", "busy" (timed out) or "unsupported"."""
    deadline = time.monotonic() + timeout_s
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, how | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return "busy"
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        except OSError:
            # flock unsupported here (some network file systems): go on without it, as a
            # single append-mode write still lands whole on local and most remote disks
            return "unsupported"
        else:
            return "held"


def _write_all(fd: int, data: bytes) -> None:
    """Write all of `data`, looping on partial writes."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    """Make a newly created file's directory entry durable (best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return  # the record itself is written and fsynced; only the entry's durability is lost
    try:
        with contextlib.suppress(OSError):  # some file systems refuse fsync on a directory
            os.fsync(fd)
    finally:
        os.close(fd)


class LockedJournal:
    """A journal held under its exclusive lock: read it whole, append records, nothing else.

    Recovery reads the ids already in the journal and appends the missing sessions under one
    lock, so two hipcli processes can never both decide that a session is missing."""

    def __init__(self, fd: int, path: Path, lock: Literal["held", "unsupported"]) -> None:
        self._fd = fd
        self.path = path
        self.lock = lock

    def contents(self) -> bytes:
        """Everything in the journal now (no other hipcli writes while the lock is held)."""
        size = os.fstat(self._fd).st_size
        parts, offset = [], 0
        while offset < size:
            part = os.pread(self._fd, min(1 << 24, size - offset), offset)
            if not part:
                break
            parts.append(part)
            offset += len(part)
        return b"".join(parts)

    def append(self, record: SessionRecord) -> None:
        """Append one record in one write, fsynced; a failed write is taken back. ValueError
        for a record that format_record refuses."""
        self.append_text(format_record(record))

    def append_text(self, text: str) -> None:
        """Append one record's text, as format_record wrote it."""
        fd = self._fd
        data = text.encode("utf-8")
        size = os.fstat(fd).st_size
        if size:
            # a blank line between records; one more newline if the file ends mid-line
            # (a torn write, a hand edit), so that our header starts a line of its own
            data = (b"\n" if os.pread(fd, 1, size - 1) == b"\n" else b"\n\n") + data
        try:
            _write_all(fd, data)
            os.fsync(fd)
        except OSError:
            # take back our own partial record (a full disk), so no torn record is left behind;
            # if even that fails, the next read reports it and the next append starts afresh
            if self.lock == "held":  # without the lock, bytes after `size` may be another's
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)
            raise


@contextlib.contextmanager
def locked_journal(path: Path) -> Iterator[LockedJournal]:
    """The journal opened (created 0600 if missing) and locked for appending; JournalError
    (never OSError) when it can't be, or when a write inside fails."""
    path = Path(path)
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
        yield LockedJournal(fd, path, lock)
    except OSError as exc:
        raise JournalError(os_error_message(path, exc, "write to"), path) from exc
    finally:
        os.close(fd)  # also releases the lock
    if created:
        _fsync_dir(path.parent)


def append_session(path: Path, record: SessionRecord) -> None:
    """Append one record to the journal: one locked write, fsynced. Raises JournalError
    (never OSError); ValueError only for a record that format_record refuses."""
    text = format_record(record)  # a refused record raises before the journal is even opened
    with locked_journal(path) as journal:
        journal.append_text(text)
