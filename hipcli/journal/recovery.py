"""Where a session goes when the journal can't take it, and how it comes back.

`save_session` appends a record to the journal once (a session already there, by id, is not added
again), or writes it to a recovery file and says where. `recover_into` puts recovery files back
under one lock on the journal: reading the ids already there, appending the missing sessions and
setting the files aside all happen while no other hipcli can write, so three `hipcli recover` at
once add each session exactly once. Recovery files live in `<data>/recovery/`, else the home
directory, else the temporary directory, which may be shared: each candidate file is judged on its
own (a regular file, owned by this user, never followed through a link).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hipcli.journal.append import LockedJournal, locked_journal, os_error_message
from hipcli.journal.deadline import SAVE_DEADLINE_S, within
from hipcli.journal.places import RECOVERY_PREFIX, own_files, recovery_dir, recovery_places
from hipcli.journal.record import (
    JournalContents,
    JournalError,
    JournalProblem,
    SessionRecord,
    format_record,
)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """Where a record ended up: the journal, a recovery file, or (at worst) nowhere."""

    record: SessionRecord
    journal: Path
    saved_to: Path | None
    problem: str = ""  # why the journal could not take it, when it could not

    @property
    def in_journal(self) -> bool:
        """Whether the record is in the journal itself."""
        return self.saved_to == self.journal


def read_own_file(path: Path) -> bytes:
    """The bytes of one of this user's regular files, never followed through a link; OSError
    otherwise (FileNotFoundError when it is gone, PermissionError when it isn't ours)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            raise PermissionError(f"{path} is not a regular file of yours")
        return handle.read()


def parse_records(data: bytes) -> JournalContents:
    """Every record in `data` (a small journal-like file) and the problems, with their lines."""
    from hipcli.journal.read import parse_chunk, split_chunks

    records: list[SessionRecord] = []
    problems: list[JournalProblem] = []
    line, counted = 1, 0
    for start, end, is_record in split_chunks(data):
        line += data.count(b"\n", counted, start)
        counted = start
        result = parse_chunk(data[start:end], line, is_record)
        if isinstance(result, SessionRecord):
            records.append(result)
        elif result is not None:
            problems.append(result)
    return JournalContents(records, problems)


def _id_spellings(ident: str) -> list[bytes]:
    """How an id can appear in a journal: as it is, and as TOML escapes it in a string."""
    import tomli_w

    quoted = tomli_w.dumps({"id": ident}).split("=", 1)[1].strip()[1:-1]
    return list({ident.encode("utf-8", "surrogatepass"), quoted.encode("utf-8", "replace")})


def ids_in(data: bytes, wanted: Iterable[str]) -> set[str]:
    """Which of the `wanted` ids are ids of records in the journal text `data`.

    A plain search rules an id out at memory speed; only an id whose text is found somewhere
    (in practice: a session that is really there) costs a parse of the records around it."""
    candidates = {
        ident for ident in wanted if any(spelling in data for spelling in _id_spellings(ident))
    }
    if not candidates:
        return set()
    from hipcli.journal.read import parse_chunk, split_chunks

    found: set[str] = set()
    for start, end, is_record in split_chunks(data):
        chunk = data[start:end]
        if is_record and any(s in chunk for c in candidates for s in _id_spellings(c)):
            result = parse_chunk(chunk, 0, True)
            if isinstance(result, SessionRecord) and result.id in candidates:
                found.add(result.id)
    return found


def append_once(journal: Path, record: SessionRecord) -> bool:
    """Append `record` unless a record with its id is already in the journal, deciding under the
    journal's lock; True when it was appended. JournalError or ValueError as append_session."""
    text = format_record(record)
    with locked_journal(journal) as locked:
        if ids_in(locked.contents(), [record.id]):
            return False
        locked.append_text(text)
    return True


def _write_new_file(path: Path, text: str) -> None:
    """Create `path` (0600, never through a link, never over an existing file) holding `text`."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
        os.fsync(fd)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    os.close(fd)
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def write_recovery_file(record: SessionRecord) -> tuple[Path | None, str]:
    """Keep `record` in a new recovery file in the first place that takes it: its path, or None
    and what went wrong in each place."""
    text = format_record(record)
    places = recovery_places()
    failures = []
    for directory in places:
        target = directory / f"{RECOVERY_PREFIX}{record.id}.toml"
        try:
            if directory.name == "recovery" and directory is places[0]:  # ours to create
                directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                _write_new_file(target, text)
            except FileExistsError:  # the same session kept before, or a stranger's file
                target = directory / f"{RECOVERY_PREFIX}{record.id}-{os.urandom(3).hex()}.toml"
                _write_new_file(target, text)
        except OSError as error:
            failures.append(f"{target} also failed ({error.strerror or error})")
            continue
        return target, ""
    return None, "; ".join(failures)


def save_session(
    record: SessionRecord, journal: Path, *, deadline_s: float = SAVE_DEADLINE_S
) -> SaveResult:
    """Append `record` to `journal` once; if that fails, or takes longer than `deadline_s` (a
    slow network folder), write it to a recovery file and say where. Saving a session that is
    already in the journal (same id) adds nothing."""
    try:
        within(deadline_s, lambda: append_once(journal, record), journal)
    except (JournalError, ValueError) as error:  # ValueError: a record the journal refuses
        problem = str(error)
    else:
        return SaveResult(record, journal, journal)
    try:
        kept, failures = write_recovery_file(record)
    except ValueError as error:  # a record no file can hold
        return SaveResult(record, journal, None, f"{problem}; {error}")
    if kept is None:
        return SaveResult(record, journal, None, f"{problem}; {failures}" if failures else problem)
    return SaveResult(record, journal, kept, problem)


def pending_recoveries() -> list[Path]:
    """Recovery files of this user waiting to be put back into the journal, wherever
    `save_session` left them (see `recovery_places`)."""
    return own_files(recovery_places(), RECOVERY_PREFIX, ".toml")


@dataclass(frozen=True, slots=True)
class Recovered:
    """What `recover` did with one recovery file."""

    path: Path
    sessions: int
    problem: str = ""  # why the file could not be used at all
    damaged: tuple[JournalProblem, ...] = ()  # records in it that could not be read; file kept

    @property
    def set_aside(self) -> bool:
        """Whether the file was renamed `.done` (all of its sessions are in the journal)."""
        return not (self.problem or self.damaged)


def _recover_file(locked: LockedJournal, known: set[str], path: Path) -> Recovered | None:
    try:
        contents = parse_records(read_own_file(path))
    except FileNotFoundError:
        return None  # another `hipcli recover` set it aside meanwhile: nothing left to do
    except OSError as error:
        return Recovered(path, 0, f"can't be read ({error.strerror or error})")
    added = 0
    for record in contents.records:
        if record.id not in known:
            locked.append(record)
            known.add(record.id)
            added += 1
    if contents.problems:  # kept: a file is never set aside with a record nobody could read
        return Recovered(path, added, damaged=tuple(contents.problems))
    # FileNotFoundError: set aside by another `hipcli recover` after we read it (the ids kept us
    # apart, so nothing was added twice)
    with contextlib.suppress(FileNotFoundError):
        path.rename(path.with_name(path.name + ".done"))
    return Recovered(path, added)


def recover_into(
    journal: Path, files: list[Path], *, known_elsewhere: Iterable[str] = ()
) -> list[Recovered]:
    """Append each recovery file's sessions to `journal`, then set the file aside as `.done`.

    All under one lock on the journal: sessions already in it (same id), or in
    `known_elsewhere` (the other files of a journal folder), are not added twice, so running it
    again, or three at once, is safe. A file with a damaged record is never set
    aside: its good sessions are added, and the damage is reported with its line. A file another
    `recover` already set aside is left out of the results.
    """
    results: list[Recovered] = []
    try:
        with locked_journal(journal) as locked:
            data = locked.contents()
            wanted: set[str] = set()
            for path in files:
                with contextlib.suppress(OSError):
                    wanted.update(r.id for r in parse_records(read_own_file(path)).records)
            known = ids_in(data, wanted) | wanted.intersection(known_elsewhere)
            for path in files:
                try:
                    outcome = _recover_file(locked, known, path)
                except OSError as error:  # the journal's disk filled up, or went away
                    outcome = Recovered(path, 0, os_error_message(journal, error, "write to"))
                except (JournalError, ValueError) as error:
                    outcome = Recovered(path, 0, str(error))
                if outcome is not None:
                    results.append(outcome)
    except JournalError as error:
        return [Recovered(path, 0, str(error)) for path in files]
    return results


__all__ = [
    "RECOVERY_PREFIX",
    "Recovered",
    "SaveResult",
    "append_once",
    "ids_in",
    "own_files",
    "pending_recoveries",
    "read_own_file",
    "recover_into",
    "recovery_dir",
    "recovery_places",
    "save_session",
    "write_recovery_file",
]
