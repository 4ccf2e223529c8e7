"""A small journal whose progress figures were worked out by hand (see tests/unit/review/
test_progress.py for the table and the sums); shared by the progress tests."""

from __future__ import annotations

from datetime import UTC, datetime

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord
from tests.journal_records import make_record


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 12, 0, tzinfo=UTC)


def session(day: int, routine: str, title: str, *holds: Hold, **fields: object) -> SessionRecord:
    return make_record(day, routine=routine, title=title, started_at=at(day), holds=holds, **fields)


JOURNAL = [
    session(
        3,
        "pigeon",
        "Pigeon",
        Hold("Pigeon", "left", 60, 60),
        Hold("Pigeon", "right", 60, 45, True),
        Hold("Child's pose", None, 60, 60),
    ),
    session(
        5,
        "morning",
        "Morning hips",
        Hold("Lizard", "left", 45, 45),
        Hold("Lizard", "right", 45, 45),
        Hold("pigeon ", "Left", 60, 75),  # another routine's spelling: the same pose and side
        Hold("pigeon ", "right", 60, 60),
    ),
    session(
        10,
        "pigeon",
        "Pigeon",
        Hold("Pigeon", "left", 60, 90),
        Hold("Pigeon", "right", 60, 60),
        Hold("Child's pose", None, 60, 30),
        completed=False,
    ),
    make_record(12, started_at=at(12), v=1),  # from before holds
    session(17, "frog", "Frog", Hold("Frog", None, 120, 120)),
]
