"""From a finished session to a saved journal record, without losing what the person wrote.

The check-in's answers and the engine's summary become one `SessionRecord`; `save_session` appends
it to the journal, and when that fails (a read-only disk, a full disk, a journal path that is a
directory) writes it to a recovery file instead and says where. No Textual here: the TUI and the
signal handlers call the same code.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hipcli import paths
from hipcli.journal.append import append_session
from hipcli.journal.deadline import SAVE_DEADLINE_S, within
from hipcli.journal.holds import MAX_HOLD_S, Hold
from hipcli.journal.record import JournalError, SessionRecord, new_session_id
from hipcli.literal import visible
from hipcli.practice.session import HoldRun, SessionSummary
from hipcli.routine.model import Routine

MAX_TAGS = 20
MAX_TAG_LENGTH = 40


@dataclass(frozen=True, slots=True)
class CheckIn:
    """What the person said about a session; everything is optional."""

    mood: int | None = None
    mood_before: int | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""


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


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags from what a person typed: split on commas, trimmed, empty and repeated ones dropped."""
    seen: dict[str, str] = {}
    for raw in text.split(","):
        tag = " ".join(raw.split())[:MAX_TAG_LENGTH]
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())[:MAX_TAGS]


def session_record(
    routine: Routine,
    summary: SessionSummary,
    *,
    started_at: datetime,
    ended_at: datetime,
    check_in: CheckIn,
) -> SessionRecord:
    """The journal record of one session."""
    # Whole seconds: a journal is read by people, and microseconds say nothing to them.
    started_at = started_at.replace(microsecond=0)
    ended_at = ended_at.replace(microsecond=0)
    return SessionRecord(
        id=new_session_id(started_at),
        routine=routine.name,
        title=routine.title,
        started_at=started_at,
        ended_at=max(ended_at, started_at),
        planned_s=summary.planned_s,
        active_s=summary.active_s,
        completed=summary.completed,
        steps_done=summary.steps_done,
        steps_total=summary.steps_total,
        mood=check_in.mood,
        mood_before=check_in.mood_before,
        tags=check_in.tags,
        notes=check_in.notes,
        holds=tuple(record_hold(hold) for hold in summary.holds),
    )


def record_hold(hold: HoldRun) -> Hold:
    """A hold as the journal keeps it: whole seconds (a hold of 59.6 s was a minute's hold)."""
    held = min(round(hold.held_s), MAX_HOLD_S)  # a day of `+` presses is still a record, not lost
    return Hold(hold.step, hold.side, min(hold.planned_s, MAX_HOLD_S), held, hold.skipped)


def recovery_dir() -> Path:
    """Where records go when the journal cannot take them: `<data>/recovery/`."""
    return paths.data_dir() / "recovery"


def save_session(
    record: SessionRecord, journal: Path, *, deadline_s: float = SAVE_DEADLINE_S
) -> SaveResult:
    """Append `record` to `journal`; if that fails, or takes longer than `deadline_s` (a slow
    network folder), write it to a recovery file and say where."""
    try:
        within(deadline_s, lambda: append_session(journal, record), journal)
    except (JournalError, ValueError) as error:  # ValueError: a record the journal refuses
        problem = str(error)
    else:
        return SaveResult(record, journal, journal)
    # The data dir may be what failed, so try places in turn until one takes the record.
    places = recovery_places()
    for directory in places:
        target = directory / f"hipcli-recovered-{record.id}.toml"
        try:
            if directory.name == "recovery" and directory is places[0]:  # ours to create
                directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            append_session(target, record)
        except (JournalError, OSError, ValueError) as error:
            problem = f"{problem}; {target} also failed ({error})"
            continue
        return SaveResult(record, journal, target, problem.split("; ")[0])
    return SaveResult(record, journal, None, problem)


def recovery_places() -> list[Path]:
    """Where a record the journal refused is kept, in the order tried: `<data>/recovery/`, the
    home directory, the temporary directory. (Without HOME, the first two may be unknown.)"""
    places = []
    for place in (recovery_dir, Path.home, lambda: Path(tempfile.gettempdir())):
        try:
            places.append(place())
        except RuntimeError:  # paths.NoHomeError, or Path.home() without HOME or passwd entry
            continue
    return places


def pending_recoveries() -> list[Path]:
    """Recovery files of this user waiting to be put back into the journal, wherever
    `save_session` left them (see `recovery_places`)."""
    found: set[Path] = set()
    for place in recovery_places():
        try:
            found.update(
                path
                for path in place.glob("hipcli-recovered-*.toml")
                if path.is_file() and path.stat().st_uid == os.getuid()  # /tmp is shared
            )
        except OSError:
            continue
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Recovered:
    """What `recover` did with one recovery file."""

    path: Path
    sessions: int
    problem: str = ""


def recover_into(journal: Path, files: list[Path]) -> list[Recovered]:
    """Append each recovery file's sessions to `journal`, then set the file aside as `.done`.

    Sessions already in the journal (same id) are not added twice, so running it again after an
    interruption is safe. A file is only set aside once all its sessions are in the journal.
    """
    from hipcli.journal.read import read_journal

    try:
        known = {record.id for record in read_journal(journal).records}
    except JournalError as error:
        return [Recovered(path, 0, str(error)) for path in files]
    results = []
    for path in files:
        try:
            contents = read_journal(path)
            added = 0
            for record in contents.records:
                if record.id not in known:
                    append_session(journal, record)
                    known.add(record.id)
                    added += 1
            path.rename(path.with_name(path.name + ".done"))
        except (JournalError, OSError, ValueError) as error:
            results.append(Recovered(path, 0, str(error)))
            continue
        results.append(Recovered(path, added))
    return results


def describe_save(result: SaveResult) -> str:
    """One calm line on where the session went (after the summary line), shown literally: paths
    and messages may hold any character (see `hipcli.literal`)."""
    if result.in_journal:
        return f"Saved to {visible(str(result.journal))}"
    if result.saved_to is not None:
        return (
            f"The journal could not be written ({visible(result.problem)}). "
            f"Your session and notes are safe in {visible(str(result.saved_to))}"
        )
    return f"The session could not be saved anywhere ({visible(result.problem)})."


def home_relative(path: Path) -> str:
    """`path` with the home directory shown as ~, for shorter messages (shown literally)."""
    try:
        return visible("~" + os.sep + str(path.relative_to(Path.home())))
    except (ValueError, RuntimeError):
        return visible(str(path))
