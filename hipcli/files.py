"""Opening files that a person named, safely: regular files only, never a FIFO or a device.

A FIFO named as a journal or a routine blocks a read (or a write) forever, and `/dev/zero` is
endless; both are refused with a message that names the path. Shared by the routine and journal
layers, so it imports only the standard library.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a file of this mode is, in words: "a regular file", "a named pipe (FIFO)", ..."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def not_regular_message(path: Path | str, mode: int, what: str) -> str | None:
    """A calm sentence when `path` (of `mode`, as fstat says) is not a regular file; else None."""
    if stat.S_ISREG(mode):
        return None
    return (
        f"{path} is {file_kind(mode)}, not a regular file, so hipcli can't use it as {what}. "
        "Name a regular file instead."
    )


class NotRegularFileError(Exception):
    """The path names something other than a regular file; `str(e)` says what and where,
    `kind` says what it is instead ("a named pipe (FIFO)")."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def open_regular(path: Path | str, what: str, flags: int = os.O_RDONLY) -> int:
    """A file descriptor for `path`, which must be a regular file (after links are followed).

    Opened without blocking, so a FIFO can't hang the open; raises `NotRegularFileError` naming
    the path for anything but a regular file, and OSError as `os.open` does."""
    fd = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    problem = not_regular_message(path, mode, what)
    if problem:
        os.close(fd)
        if stat.S_ISDIR(mode):  # callers already say what to do about a directory
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        raise NotRegularFileError(problem, file_kind(mode))
    return fd


def read_regular(path: Path | str, what: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most `limit` + 1 of them (so a caller can tell that a
    file is too big without reading all of it)."""
    fd = open_regular(path, what)
    with os.fdopen(fd, "rb") as handle:
        return handle.read() if limit is None else handle.read(limit + 1)
