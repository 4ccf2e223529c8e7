"""Records for journal and log tests: one factory with calm defaults, overridable per field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hipcli.journal.record import SessionRecord

START = datetime(2026, 11, 21, 7, 30, 12, tzinfo=UTC)


def make_record(index: int = 0, **fields: Any) -> SessionRecord:
    """A valid record; `index` makes the id and start time distinct (one day apart each)."""
    started = fields.pop("started_at", START + timedelta(days=index))
    values: dict[str, Any] = {
        "id": f"test-{index:06d}",
        "routine": "pigeon",
        "title": "Pigeon",
        "started_at": started,
        "ended_at": started + timedelta(minutes=8, seconds=28),
        "planned_s": 480,
        "active_s": 516.4,
        "completed": True,
        "steps_done": 3,
        "steps_total": 3,
        "mood": 4,
        "tags": ("release",),
        "notes": "Left side tighter.\nFelt calmer after.",
    }
    values.update(fields)
    return SessionRecord(**values)
