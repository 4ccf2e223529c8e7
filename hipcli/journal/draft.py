"""A session on disk from the moment practice starts: the draft kept while it is practised and
while its check-in is open, and the sweep that brings in drafts whose hipcli was stopped.

As practice starts, the session goes into a draft file (`hipcli-draft-ID.toml`, 0600, next to the
recovery files), under the id its journal record will have, and the draft is kept up to date as
practice goes on (`hipcli.journal.live`: at each segment boundary, and at least every 30 s, in a
background thread), each time as the session was at that moment, ended early. When practice
ends, the same draft takes the session as it ended, fsynced before the check-in shows; what the
person types is written into it as they go (an atomic replace, fsynced each time). However the
session ends — the check-in saved or skipped, a signal, Ctrl+Q — it is appended to the journal
once, as one record with its answers, and then the draft is removed. If hipcli is killed
outright (`kill -9`, a power cut, a flat battery), during practice or at the check-in, the next
hipcli command finds the draft and appends it (`collect_drafts`); the draft says which of the two
it was (`during = "practice"` or `"check-in"`), so the message can say so.

A live session holds an exclusive lock on `hipcli-draft-ID.lock` for as long as its draft exists;
the kernel drops it when the process dies however it dies, so a draft whose lock can be taken is
an orphan, and a draft whose session is still running (in this terminal or another) is never
brought in. Appending checks the journal for the session's id under the journal's own lock, so a
crash between the append and the draft's removal, or a draft brought in while its session was
still writing it, never leaves the session in the journal twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from hipcli.journal.places import DRAFT_PREFIX, recovery_places, waiting_drafts
from hipcli.journal.record import SessionRecord, format_record
from hipcli.journal.recovery import SaveResult, read_own_file, save_session

_HEADERS = {
    False: (
        "# A session whose check-in was open. hipcli adds it to the journal named below as\n"
        "# soon as the check-in ends, or with the next hipcli command if hipcli was stopped\n"
        "# before that.\n"
    ),
    True: (
        "# A session being practised, as it was at `ended_at` below. hipcli adds it to the\n"
        "# journal named below when the session ends, or with the next hipcli command if\n"
        "# hipcli was stopped before that: then as ended early, with the time practised until\n"
        "# that moment.\n"
    ),
}
DURING = {False: "check-in", True: "practice"}  # the `during` line of a draft


class DraftError(Exception):
    """A draft can't be written or read; `str(e)` says why."""


def _lock_path(draft: Path) -> Path:
    return draft.with_suffix(".lock")


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems refuse fsync on a directory
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def draft_text(record: SessionRecord, journal: Path, *, practising: bool = False) -> str:
    """The draft's contents: which journal it belongs to and whether the session was still being
    practised, then the record as the journal has it."""
    import tomli_w

    target = tomli_w.dumps({"journal": str(journal), "during": DURING[practising]})
    return f"{_HEADERS[practising]}{target}\n{format_record(record)}"


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: a new private file, fsynced, renamed over `path`."""
    temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temporary, flags, 0o600)
    try:
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
        os.fsync(fd)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    os.close(fd)
    try:
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_dir(path.parent)


class Draft:
    """One session kept on disk while it is practised and while its check-in is open, by the
    process that practises it.

    `keep` may be called from a worker thread; `finish` from the event loop or a signal handler.
    Once finished (or discarded), a draft is never written again; nor once its lock file is no
    longer the one it holds (removed by hand, say, and the draft perhaps brought in by another
    hipcli: the final save then adds nothing twice, see `finish`)."""

    def __init__(self, path: Path, journal: Path, lock_fd: int, record: SessionRecord) -> None:
        self.path = path
        self.journal = journal
        self._lock_fd: int | None = lock_fd
        self._record = record
        self._guard = threading.RLock()
        self.result: SaveResult | None = None

    @classmethod
    def begin(cls, record: SessionRecord, journal: Path, *, practising: bool = False) -> Draft:
        """Write the draft (fsynced) in the first place that takes it; DraftError if none does.
        `practising`: the session is still being practised (see `hipcli.journal.live`)."""
        text = draft_text(record, journal, practising=practising)
        places = recovery_places()
        failures = []
        for directory in places:
            path = directory / f"{DRAFT_PREFIX}{record.id}.toml"
            lock_fd = None
            try:
                if directory is places[0]:  # <data>/recovery/: ours to create
                    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
                lock_fd = os.open(
                    _lock_path(path),
                    os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                    0o600,
                )
                fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                _replace(path, text)
            except OSError as error:
                if lock_fd is not None:
                    os.close(lock_fd)
                    with contextlib.suppress(OSError):
                        _lock_path(path).unlink()
                failures.append(f"{path} ({error.strerror or error})")
                continue
            return cls(path, journal, lock_fd, record)
        raise DraftError("no place could take the draft: " + "; ".join(failures))

    @property
    def record(self) -> SessionRecord:
        """The session as last kept."""
        return self._record

    def keep(self, record: SessionRecord, *, practising: bool = False) -> bool:
        """Write `record` (the same session: further on, or with the answers so far) into the
        draft; False once the draft is finished or its lock is lost, or when the write failed
        (the previous draft stays whole)."""
        with self._guard:
            if self._lock_fd is None or not self._holds_lock():
                return False
            try:
                _replace(self.path, draft_text(record, self.journal, practising=practising))
            except (OSError, ValueError):
                return False  # the last good draft is still there; the final save is what counts
            self._record = record
            return True

    def _holds_lock(self) -> bool:
        """Whether the lock file beside the draft is still the one this draft holds locked."""
        if self._lock_fd is None:
            return False
        try:
            held = os.fstat(self._lock_fd)
            there = os.stat(_lock_path(self.path), follow_symlinks=False)
        except OSError:
            return False
        return (held.st_dev, held.st_ino) == (there.st_dev, there.st_ino)

    def discard(self) -> None:
        """Remove the draft without appending it: its session is kept by another draft now."""
        with self._guard:
            if self._lock_fd is not None and self._holds_lock():
                _remove(self.path)
            self._release()

    def finish(self, record: SessionRecord) -> SaveResult:
        """Append the session once (or keep it in a recovery file), then remove the draft.
        Later calls return the first result."""
        with self._guard:
            if self.result is not None:
                return self.result
            self._record = record
            result = save_session(record, self.journal)
            if result.saved_to is not None:
                _remove(self.path)
            self._release()
            self.result = result
            return result

    def _release(self) -> None:
        if self._lock_fd is not None:
            if not self.path.exists() and self._holds_lock():
                _remove(_lock_path(self.path))
            os.close(self._lock_fd)
            self._lock_fd = None


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    _fsync_dir(path.parent)


class DraftContents(NamedTuple):
    """What a draft file holds."""

    record: SessionRecord
    journal: Path  # the journal it belongs to
    practising: bool  # written while the session was still being practised (not at its check-in)


def read_draft(path: Path) -> DraftContents:
    """The session in a draft file, the journal it belongs to and when it was written; DraftError
    with what is wrong (and where) for a damaged draft."""
    import tomllib

    from hipcli.journal.record import record_from_table

    try:
        text = read_own_file(path).decode("utf-8")
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DraftError(f"can't be read ({getattr(error, 'strerror', None) or error})") from None
    journal = document.get("journal")
    sessions = document.get("session")
    during = document.get("during", DURING[False])  # drafts of earlier hipclis: the check-in
    if not isinstance(journal, str) or not journal:
        raise DraftError('names no journal (the line `journal = "…"` is missing)')
    if not (isinstance(sessions, list) and len(sessions) == 1 and isinstance(sessions[0], dict)):
        raise DraftError("holds no single [[session]] record")
    if during not in DURING.values():
        raise DraftError('has a `during` line that is neither "practice" nor "check-in"')
    line = 1 + text[: text.find("[[session]]")].count("\n") if "[[session]]" in text else 0
    record = record_from_table(sessions[0], line)
    if isinstance(record, str):
        raise DraftError(f"line {line}: {record}")
    # line 0: bound for the journal, where it will have a line of its own
    return DraftContents(dataclasses.replace(record, line=0), Path(journal), during == "practice")


@dataclass(frozen=True, slots=True)
class Collected:
    """What the sweep did with one orphaned draft: saved (see `result`) or kept with a problem."""

    path: Path
    result: SaveResult | None = None
    problem: str = ""
    practising: bool = False  # its session was stopped during practice, not at the check-in


def _claim(draft: Path) -> int | None:
    """The lock of an orphaned draft, taken; None when its session is still open (or the draft
    was finished meanwhile)."""
    lock = _lock_path(draft)
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC
    created = False
    try:
        fd = os.open(lock, flags)
    except FileNotFoundError:
        try:  # a draft without its lock file: claim it with a new one
            fd, created = os.open(lock, flags | os.O_CREAT | os.O_EXCL, 0o600), True
        except OSError:
            return None
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        info = os.fstat(fd)
        if info.st_nlink == 0 or info.st_uid != os.getuid() or not stat.S_ISREG(info.st_mode):
            raise BlockingIOError  # finished (and unlinked) while we waited, or not ours
        if not draft.exists():  # finished between the listing and now
            if created:
                _remove(lock)
            raise BlockingIOError
    except OSError:
        os.close(fd)
        return None
    return fd


def collect_drafts() -> list[Collected]:
    """Append every orphaned draft to its journal (once: by id, under the journal's lock) and
    remove it; a draft that can't be read is kept and reported. Drafts of sessions whose
    check-in is still open in another terminal are left alone."""
    collected = []
    for draft in waiting_drafts():
        fd = _claim(draft)
        if fd is None:
            continue
        try:
            try:
                record, journal, practising = read_draft(draft)
            except DraftError as error:
                collected.append(Collected(draft, problem=str(error)))
                continue
            result = save_session(record, journal)
            if result.saved_to is not None:
                _remove(draft)
                _remove(_lock_path(draft))
            collected.append(Collected(draft, result, practising=practising))
        finally:
            os.close(fd)
    return collected
