"""The journal's error, on its own so that a command can catch it without loading the record
model (`hipcli start` asks where the journal is before its first frame, and reads nothing)."""

from __future__ import annotations

from pathlib import Path


class JournalError(Exception):
    """The journal can't be read or written; `str(e)` is a calm message naming the path."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
