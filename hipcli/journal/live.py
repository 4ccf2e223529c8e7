"""A session's draft while it is practised: on disk from the moment practice starts and kept up
to date as it goes, so that a `kill -9`, a power cut, the OOM killer or a flat battery twenty
minutes in never loses the session.

As practice starts, at each segment boundary (a new pose, side or switch) and otherwise every
`KEEP_EVERY_S` while practice goes on, the face that runs the session (the full screen or the
plain lines) hands `PracticeDraft.keep` the session as it is at that moment: its active time and
holds so far, not completed, the mood before if one was given, no answers. One background thread
writes it into the session's draft (`hipcli.journal.draft`: an atomic replace, fsynced), under
the id the final record will have. The face only takes a snapshot and hands it over, and never
waits for a disk; the thread keeps only the latest state, so a slow disk coalesces writes
instead of queueing them, and the last state handed over is the one on disk.

When practice ends, `hand_over` waits for a write under way and makes the same draft the
check-in's, holding the session as it ended; there is never a second draft. If hipcli is killed
before that, the next hipcli command appends the draft as ended early (`collect_drafts`). If no
place takes a draft (read-only, a full disk), practice goes on undisturbed, and the end saves
the session as it always has.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipcli.journal.checkin import CheckIn
    from hipcli.journal.draft import Draft
    from hipcli.journal.record import SessionRecord
    from hipcli.practice.session import SessionSummary
    from hipcli.routine.model import Routine

# Between segment boundaries, the draft is brought up to date at least this often while the
# session is practised: at most this much practice is lost to a `kill -9` or a power cut.
KEEP_EVERY_S = 30.0
# The longest the end of practice waits for a write under way (a disk that hangs): after it the
# session gets a fresh draft instead, and the stuck one is removed once its write returns.
HAND_OVER_WAIT_S = 5.0


class PracticeDraft:
    """One session's draft while it is practised, written by one background thread.

    `keep` and `due` are for the face's own thread (the event loop, the plain loop); the writer
    thread starts with the first `keep` and ends with `hand_over`. The clock is the session's
    (injected in tests); it only says when the next periodic keep is due."""

    def __init__(
        self,
        routine: Routine,
        journal: Path,
        *,
        started_at: datetime,
        mood_before: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        every_s: float = KEEP_EVERY_S,
    ) -> None:
        self.routine = routine
        self.journal = journal
        self.started_at = started_at
        self.mood_before = mood_before
        self.every_s = every_s
        self._clock = clock
        self._state = threading.Condition()  # guards everything below that the writer touches
        self._pending: tuple[SessionSummary, datetime] | None = None
        self._writing = False
        self._over = False  # handed over (or closed): nothing more is written by the thread
        self._abandoned = False  # the hand-over stopped waiting for the thread's write
        self._finished = False  # the thread has seen the hand-over and ends
        self._thread: threading.Thread | None = None
        self._draft: Draft | None = None
        self._id: str | None = None
        self._kept_at: float | None = None  # when the last state was handed over, on the clock
        self._last: SessionSummary | None = None
        self.written = 0  # states that reached the disk

    @property
    def session_id(self) -> str:
        """The session's id: its drafts' and its journal record's (made when first needed)."""
        with self._state:
            if self._id is None:
                from hipcli.journal.record import new_session_id

                self._id = new_session_id(self.started_at.replace(microsecond=0))
            return self._id

    @property
    def draft(self) -> Draft | None:
        """The draft written so far (None until a place took one)."""
        with self._state:
            return self._draft

    def record(
        self, summary: SessionSummary, ended_at: datetime, check_in: CheckIn | None = None
    ) -> SessionRecord:
        """The session's one record: as it stands in `summary`, at `ended_at`, with `check_in`
        (by default only the mood before), under the session's id."""
        from hipcli.journal.checkin import CheckIn, session_record

        return session_record(
            self.routine,
            summary,
            started_at=self.started_at,
            ended_at=ended_at,
            check_in=check_in or CheckIn(mood_before=self.mood_before),
            session_id=self.session_id,
        )

    # --- while practice goes on -------------------------------------------------------------------

    def due(self) -> bool:
        """Whether the periodic keep is due (`every_s` since the last state was handed over)."""
        return self.due_in_s() <= 0

    def due_in_s(self) -> float:
        """Seconds until the periodic keep is due (0 when it is, or before the first keep)."""
        if self._kept_at is None:
            return 0.0
        return max(0.0, self._kept_at + self.every_s - self._clock())

    def keep(self, summary: SessionSummary, at: datetime) -> None:
        """Hand the session as it is `at` this moment to the writer, and return at once. A state
        no different from the last one handed over (a pause) is not written again."""
        self._kept_at = self._clock()
        if summary == self._last:
            return
        self._last = summary
        with self._state:
            if self._over:
                return
            self._pending = (summary, at)  # a state not yet written is replaced: the last wins
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._write_on, name="hipcli-draft", daemon=True
                )
                self._thread.start()
            self._state.notify_all()

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every state handed over is written (or failed); False after `timeout`."""
        with self._state:
            return self._state.wait_for(
                lambda: self._pending is None and not self._writing, timeout
            )

    def _write_on(self) -> None:
        """The writer thread: the latest state handed over, each in turn, until the hand-over."""
        while True:
            with self._state:
                self._state.wait_for(lambda: self._pending is not None or self._over)
                if self._over or self._pending is None:
                    self._finished = True
                    # the end of practice stopped waiting for this thread (a hung disk) and
                    # gave the session a new draft: this one is not needed any more
                    stale = self._draft if self._abandoned else None
                    self._state.notify_all()
                    break
                summary, at = self._pending
                self._pending, self._writing = None, True
            try:
                self._write(self.record(summary, at))
            finally:
                with self._state:
                    self._writing = False
                    self._state.notify_all()
        if stale is not None:
            stale.discard()

    def _write(self, record: SessionRecord) -> None:
        from hipcli.journal.draft import Draft, DraftError

        draft = self.draft
        if draft is not None:
            if draft.keep(record, practising=True):
                self.written += 1
            return  # failed: the last state written stays whole; the next moment tries again
        try:
            draft = Draft.begin(record, self.journal, practising=True)
        except (DraftError, ValueError):
            return  # no place takes a draft now: practice goes on; the next moment tries again
        with self._state:
            self._draft = draft
            self.written += 1

    # --- when practice ends -----------------------------------------------------------------------

    def hand_over(self, ended: SessionRecord) -> Draft | None:
        """Practice is over: stop the writer and keep `ended` (the session as it ended, under
        `session_id`) in the same draft, fsynced, before any question is asked; or, where no
        draft was written yet, in a new one. The draft, or None where no place takes one."""
        from hipcli.journal.draft import Draft, DraftError

        with self._state:
            self._over, self._pending = True, None
            self._state.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(HAND_OVER_WAIT_S)
        with self._state:
            self._abandoned = thread is not None and not self._finished
            draft = None if self._abandoned else self._draft
        if draft is not None:
            # a failed write leaves the state of practice in it, which is better than nothing
            draft.keep(ended)
            return draft
        try:
            return Draft.begin(ended, self.journal)
        except (DraftError, ValueError):
            return None
