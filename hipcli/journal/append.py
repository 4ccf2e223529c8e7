"""Appending to the journal: one `write` under an advisory lock, then fsync; never a rewrite.

The file is created 0600 in a 0700 folder; a partial write (a full disk) is rolled back.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from pathlib import Path
from typing import Literal

from hipcli.journal.record import JournalError, SessionRecord, format_record

# How long an append waits for another hipcli process to finish its own append (readers wait
# less: see hipcli.journal_read).
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
    """Open the journal for appending, creating it (0600) and its directory if missing."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CLOEXEC
    try:
        return os.open(path, flags), False
    except FileNotFoundError:
        dangling = dangling_link_message(path)
        if dangling:
            # never create a file behind a broken link: it may point at an unmounted drive
            raise JournalError(dangling, path) from None
    _make_dirs(path.parent)
    try:
        return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o600), True
    except FileExistsError:  # another process created it between our two opens
        return os.open(path, flags), False


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


def append_session(path: Path, record: SessionRecord) -> None:
    """Append one record to the journal: one locked write, fsynced. Raises JournalError
    (never OSError); ValueError only for a record that format_record refuses."""
    path = Path(path)
    data = format_record(record).encode("utf-8")
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
            if lock == "held":  # without the lock, bytes after `size` may be another's
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)
            raise
    except OSError as exc:
        raise JournalError(os_error_message(path, exc, "write to"), path) from exc
    finally:
        os.close(fd)  # also releases the lock
    if created:
        _fsync_dir(path.parent)
