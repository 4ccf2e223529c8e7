"""The plain session's one journal record: made when practice ends, answers added as they come,
saved exactly once, however the session ends.

It uses the journal's own functions (`session_record`, `save_session`), the same ones the full
screen's check-in uses, so both faces write the same record the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hipcli.journal.checkin import CheckIn, SaveResult, save_session, session_record
from hipcli.journal.record import SessionRecord
from hipcli.practice.session import Session, SessionState
from hipcli.routine.model import Routine


class SessionKeeper:
    """Keeps one session's record: `begin()` when practice starts, `ended()` when it ends,
    `answer()` for each answer of the check-in, `save()` once at the end (or on any way out)."""

    def __init__(
        self,
        routine: Routine,
        session: Session,
        journal: Path,
        *,
        now: Callable[[], datetime],
    ) -> None:
        self.routine = routine
        self.session = session
        self.journal = journal
        self._now = now
        self.check_in = CheckIn()
        self.started_at: datetime | None = None
        self.saved: SaveResult | None = None
        self._ended: SessionRecord | None = None

    def begin(self, mood_before: int | None = None) -> None:
        """Practice starts now (after the optional question before it)."""
        self.check_in = dataclasses.replace(self.check_in, mood_before=mood_before)
        self.started_at = self._now()

    def ended(self) -> SessionRecord:
        """Practice is over: the session's record as it stands, before any answer."""
        if self._ended is None:
            if self.session.state is not SessionState.FINISHED:
                self.session.end()
            self._ended = self._record(self.check_in)
        return self._ended

    def answer(self, mood: int | None, tags: tuple[str, ...], notes: str) -> None:
        """The check-in's answers so far (kept for the save, whatever ends the session)."""
        self.check_in = dataclasses.replace(self.check_in, mood=mood, tags=tags, notes=notes)

    def save(self) -> SaveResult | None:
        """Record the session once, with every answer so far; later calls return the first
        result. None when practice never started (nothing to record)."""
        if self.saved is None:
            if self.started_at is None:
                return None
            ended = self.ended()
            record = dataclasses.replace(
                ended,
                mood=self.check_in.mood,
                tags=self.check_in.tags,
                notes=self.check_in.notes,
            )
            self.saved = save_session(record, self.journal)
        return self.saved

    def _record(self, check_in: CheckIn) -> SessionRecord:
        return session_record(
            self.routine,
            self.session.summary(),
            started_at=self.started_at or self._now(),
            ended_at=self._now(),
            check_in=check_in,
        )
