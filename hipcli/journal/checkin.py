"""From a finished session to a saved journal record, without losing what the person wrote.

The check-in's answers and the engine's summary become one `SessionRecord`; `save_session` (in
`hipcli.journal.recovery`, re-exported here) appends it to the journal once, and when that fails
(a read-only disk, a full disk, a journal path that is a directory) writes it to a recovery file
instead and says where. While it is practised and while the check-in is open the session waits in
a draft file (`hipcli.journal.live`, `hipcli.journal.draft`). No Textual here: the TUI and the
signal handlers call the same code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hipcli.journal.holds import MAX_HOLD_S, Hold
from hipcli.journal.record import SessionRecord, new_session_id
from hipcli.journal.recovery import (
    Recovered,
    SaveResult,
    pending_recoveries,
    recover_into,
    recovery_dir,
    recovery_places,
    save_session,
)
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
    session_id: str | None = None,
) -> SessionRecord:
    """The journal record of one session; `session_id` when the session has one already (its
    draft was kept under it while it was practised), else a new one."""
    # Whole seconds: a journal is read by people, and microseconds say nothing to them.
    started_at = started_at.replace(microsecond=0)
    ended_at = ended_at.replace(microsecond=0)
    return SessionRecord(
        id=session_id or new_session_id(started_at),
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


__all__ = [
    "CheckIn",
    "Recovered",
    "SaveResult",
    "describe_save",
    "home_relative",
    "parse_tags",
    "pending_recoveries",
    "recover_into",
    "recovery_dir",
    "recovery_places",
    "save_session",
    "session_record",
]
