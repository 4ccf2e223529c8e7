"""The plain session's one journal record: on disk the moment practice ends, each answer kept as
it comes, appended exactly once however the session ends.

It uses the journal's own mechanism, the same one the full screen's check-in uses
(`hipcli.journal.draft`): when practice ends the session goes into a draft file (fsynced) before
any question is asked; each answer is written into the draft as it is given; the end appends
the record once and removes the draft. If hipcli is killed outright (`kill -9`), the next hipcli
command appends the draft. Where no draft can be written at all, the final save still records
the session (`save_session`), as the full screen does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hipcli.journal.checkin import CheckIn, SaveResult, save_session, session_record
from hipcli.journal.draft import Draft, DraftError
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
        self.draft: Draft | None = None
        self._ended: SessionRecord | None = None

    def begin(self, mood_before: int | None = None) -> None:
        """Practice starts now (after the optional question before it)."""
        self.check_in = dataclasses.replace(self.check_in, mood_before=mood_before)
        self.started_at = self._now()

    def ended(self) -> SessionRecord:
        """Practice is over: the session goes to disk (a draft) before any question is asked."""
        if self._ended is None:
            if self.session.state is not SessionState.FINISHED:
                self.session.end()
            self._ended = session_record(
                self.routine,
                self.session.summary(),
                started_at=self.started_at or self._now(),
                ended_at=self._now(),
                check_in=self.check_in,
            )
            try:
                self.draft = Draft.begin(self._ended, self.journal)
            except (DraftError, ValueError):
                # Nowhere takes a draft: the save at the end (and on a signal) still records
                # the session; only a kill -9 during the check-in could lose it now.
                self.draft = None
        return self._ended

    def answer(self, mood: int | None, tags: tuple[str, ...], notes: str) -> None:
        """The check-in's answers so far: kept for the save, and in the draft at once."""
        self.check_in = dataclasses.replace(self.check_in, mood=mood, tags=tags, notes=notes)
        if self.draft is not None and self.saved is None:
            self.draft.keep(self._record())

    def save(self) -> SaveResult | None:
        """Record the session once, with every answer so far; later calls return the first
        result. None when practice never started (nothing to record)."""
        if self.saved is None:
            if self.started_at is None:
                return None
            self.ended()
            record = self._record()
            if self.draft is not None:
                self.saved = self.draft.finish(record)
            else:
                self.saved = save_session(record, self.journal)
        return self.saved

    def _record(self) -> SessionRecord:
        """The session's one record with the answers so far (the same id and times each time)."""
        return dataclasses.replace(
            self.ended(),
            mood=self.check_in.mood,
            tags=self.check_in.tags,
            notes=self.check_in.notes,
        )
