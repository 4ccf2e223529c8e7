"""The plain session's one journal record: on disk from the moment practice starts, kept up to
date as it goes, each answer kept as it comes, appended exactly once however the session ends.

It uses the journal's own mechanism, the same one the full screen uses (`hipcli.journal.live`
and `hipcli.journal.draft`): as practice starts the session goes into a draft file, and at each
segment boundary, and at least every `KEEP_EVERY_S` of practice, the session as it is then is
written into it by a background thread (the loop only hands it over). When practice ends the
same draft takes the session as it ended (fsynced) before any question is asked; each answer is
written into the draft as it is given; the end appends the record once and removes the draft. If
hipcli is killed outright (`kill -9`), during practice or at the check-in, the next hipcli
command appends the draft. Where no draft can be written at all, practice goes on as ever and the
final save still records the session (`save_session`), as the full screen does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hipcli.journal.checkin import CheckIn, SaveResult, save_session
from hipcli.journal.draft import Draft
from hipcli.journal.live import PracticeDraft
from hipcli.journal.record import SessionRecord
from hipcli.practice.session import Session, SessionState
from hipcli.routine.model import Routine

PRACTISING = (SessionState.RUNNING, SessionState.PAUSED)


class SessionKeeper:
    """Keeps one session's record: `begin()` when practice starts, `moment()` as it goes on,
    `ended()` when it ends, `answer()` for each answer of the check-in, `save()` once at the end
    (or on any way out)."""

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
        self.practice: PracticeDraft | None = None  # the draft while practice goes on
        self._ended: SessionRecord | None = None
        self._moment_due = False

    def begin(self, mood_before: int | None = None) -> None:
        """Practice starts now (after the optional question before it)."""
        self.check_in = dataclasses.replace(self.check_in, mood_before=mood_before)
        self.started_at = self._now()
        self.practice = PracticeDraft(
            self.routine,
            self.journal,
            started_at=self.started_at,
            mood_before=mood_before,
            clock=self.session.clock,
        )
        self.session.on_segment = self._segment_began

    def _segment_began(self) -> None:
        self._moment_due = True  # (told by the engine mid-step: `moment()` takes it afterwards)

    def moment(self) -> None:
        """While practice goes on: at a segment boundary, or `KEEP_EVERY_S` after the last time,
        hand the session as it is now to its draft's writer (which returns at once)."""
        due, self._moment_due = self._moment_due, False
        practice = self.practice
        if practice is None or self._ended is not None or self.session.state not in PRACTISING:
            return
        if due or practice.due():
            practice.keep(self.session.summary(), self._now())

    def next_moment_s(self) -> float | None:
        """Seconds until `moment()` has something to do (None while there is no practice)."""
        practice = self.practice
        if practice is None or self._ended is not None or self.session.state not in PRACTISING:
            return None
        return 0.0 if self._moment_due else practice.due_in_s()

    def ended(self) -> SessionRecord:
        """Practice is over: the session as it ended goes into its draft (the one kept during
        practice, under the same id), fsynced, before any question is asked."""
        if self._ended is None:
            if self.session.state is not SessionState.FINISHED:
                self.session.end()
            practice = self._practice()
            self._ended = practice.record(self.session.summary(), self._now(), self.check_in)
            # None where no place takes a draft: the save at the end (and on a signal) still
            # records the session; only a kill -9 during the check-in could lose it then.
            self.draft = practice.hand_over(self._ended)
        return self._ended

    def _practice(self) -> PracticeDraft:
        if self.practice is None:  # ended before `begin()`: a draft of its own, as ever
            self.practice = PracticeDraft(
                self.routine,
                self.journal,
                started_at=self.started_at or self._now(),
                mood_before=self.check_in.mood_before,
                clock=self.session.clock,
            )
        return self.practice

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
