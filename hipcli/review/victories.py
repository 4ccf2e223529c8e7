"""Small victories, said kindly: facts about a session worth noticing, and only true ones.

A `VictoryTracker` walks the journal in the order sessions started and says, for each session,
what was true of it given everything before it: the first time a routine was completed, the
longest hold so far of a pose on a side, a side catching up with the other, coming back after a
break, a round number of sessions this month. The end of a session shows the first of these
(`PRIORITY`), `hipcli progress` lists them; the words never push, blame or promise anything.
Pure; documented for users in docs/progress.md.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord
from hipcli.review.progress import display_name, local_day, name_key
from hipcli.review.words import length_text

BREAK = timedelta(days=14)  # this long without a session is a break
MONTH_STEP = 5  # every fifth session of a month is a round number
LONGEST_MARGIN_S = 5  # a new longest hold is at least this much longer than the last
CATCH_UP_WINDOW = timedelta(days=28)  # the sessions a side is compared over
CATCH_UP_SESSIONS = 2  # at least this many sessions of the pose in the window
CATCH_UP_GAP = 0.10  # a side is behind when its typical time is this much shorter (and 5 s)


_HoldKey = tuple[str, str | None]  # (pose, side) as matched: `name_key` of each


class Kind(StrEnum):
    """What kind of fact a victory is."""

    WELCOME_BACK = "welcome-back"
    FIRST_COMPLETION = "first-completion"
    LONGEST_HOLD = "longest-hold"
    SIDE_CATCHING_UP = "side-catching-up"
    SESSIONS_THIS_MONTH = "sessions-this-month"


PRIORITY = tuple(Kind)  # the end of a session says the first that is true


@dataclass(frozen=True, slots=True)
class Victory:
    """One fact about one session, with a short kind sentence (not yet made `visible`)."""

    kind: Kind
    at: datetime  # when the session started
    session: str  # its id
    text: str
    step: str | None = None  # the pose it is about, if any
    side: str | None = None


class _SideWindow:
    """One pose's sessions held on both sides, in the last CATCH_UP_WINDOW: per side, the sum
    and count of the time held, kept as sessions come and go (no re-adding for each session)."""

    def __init__(self) -> None:
        self.sessions: deque[tuple[datetime, dict[str, int]]] = deque()
        self.total: dict[str, int] = {}
        self.count: dict[str, int] = {}

    def since(self, moment: datetime) -> None:
        """Let go of the sessions before `moment`."""
        while self.sessions and self.sessions[0][0] < moment:
            _, held = self.sessions.popleft()
            for side, seconds in held.items():
                self.total[side] -= seconds
                self.count[side] -= 1

    def add(self, moment: datetime, held: dict[str, int]) -> None:
        self.sessions.append((moment, held))
        for side, seconds in held.items():
            self.total[side] = self.total.get(side, 0) + seconds
            self.count[side] = self.count.get(side, 0) + 1

    def typical(self, side: str) -> float | None:
        """The mean time held on `side` per session, or None when it was not held."""
        count = self.count.get(side, 0)
        return self.total[side] / count if count else None


class VictoryTracker:
    """Feed it sessions in the order they started; it tells what each one achieved."""

    def __init__(self) -> None:
        self._completed: set[str] = set()
        self._longest: dict[_HoldKey, int] = {}
        self._seen: dict[int, tuple[tuple[Hold, ...], list[tuple[_HoldKey, int]]]] = {}
        self._last_at: datetime | None = None
        self._month: tuple[int, int] | None = None
        self._month_sessions = 0
        self._sided: dict[str, _SideWindow] = {}
        # pose -> (when, whether a side was catching up) for its sessions in the last window
        self._shown: dict[str, deque[tuple[datetime, bool]]] = {}

    def observe(self, record: SessionRecord) -> list[Victory]:
        """What is worth noticing about `record` (in `PRIORITY` order); then remember it."""
        sided = _sided_holds(record)
        day = local_day(record.started_at)
        found = [
            *self._welcome_back(record),
            *self._first_completion(record),
            *self._longest_hold(record),
            *self._catching_up(record, sided),
            *self._month_count(record, day),
        ]
        self._remember(record, sided, day)
        return found

    def learn(self, record: SessionRecord, *, long_ago: bool = False) -> None:
        """Take in `record` without saying anything about it (the history before the sessions
        in question). A session `long_ago` (a window or more before any of those) can't weigh
        on a side catching up, so it is only remembered for the other kinds."""
        sided = {} if long_ago else _sided_holds(record)
        if sided:  # whether a side was catching up then counts for the sessions after it
            self._catching_up(record, sided)
        # (long ago is months before any session in question: its month is none of theirs)
        self._remember(record, sided, None if long_ago else local_day(record.started_at))

    def learn_long_ago(self, records: Sequence[SessionRecord]) -> None:
        """Take in, all at once, sessions (in start order) a window or more before any session
        in question, and before any other it takes in: the same as `learn(long_ago=True)` for
        each, with each routine and each list of holds looked at once, not once a session."""
        completed = {record.routine for record in records if record.completed}
        self._completed.update(name_key(routine) for routine in completed)
        # the longest of all holds is the longest of the distinct ones: sessions that went
        # alike share their holds (the journal's reader shares equal ones), looked at once
        lists = {id(record.holds): record.holds for record in records if record.holds}
        distinct = {id(hold): hold for holds in lists.values() for hold in holds}
        longest = self._longest
        for key, best in _longest_of(distinct.values()):
            if best > longest.get(key, -1):
                longest[key] = best
        if records:
            self._last_at = records[-1].started_at

    def _bests(self, holds: tuple[Hold, ...] | None) -> list[tuple[_HoldKey, int]]:
        """The longest hold not skipped of each pose and side in `holds`. Sessions share their
        list of holds when they went alike (the journal's reader shares equal lists): each
        list is looked at once (kept with the list, so that its id can't be another's)."""
        if not holds:
            return []
        kept = self._seen.get(id(holds))
        if kept is None or kept[0] is not holds:
            kept = self._seen[id(holds)] = (holds, _longest_of(holds))
        return kept[1]

    def _remember(
        self, record: SessionRecord, sided: dict[str, dict[str, int]], day: date | None
    ) -> None:
        if record.completed:
            self._completed.add(name_key(record.routine))
        longest = self._longest
        for key, best in self._bests(record.holds):
            if best > longest.get(key, -1):
                longest[key] = best
        self._last_at = record.started_at
        if day is not None:
            month = (day.year, day.month)
            self._month_sessions = self._month_sessions + 1 if month == self._month else 1
            self._month = month
        for pose, held in sided.items():
            self._sided.setdefault(pose, _SideWindow()).add(record.started_at, held)

    # --- each kind -------------------------------------------------------------------------------

    def _welcome_back(self, record: SessionRecord) -> list[Victory]:
        if self._last_at is None or record.started_at - self._last_at < BREAK:
            return []
        return [
            Victory(Kind.WELCOME_BACK, record.started_at, record.id, "Welcome back to the mat.")
        ]

    def _first_completion(self, record: SessionRecord) -> list[Victory]:
        if not record.completed or name_key(record.routine) in self._completed:
            return []
        title = display_name(record.title) or record.routine
        return [
            Victory(
                Kind.FIRST_COMPLETION,
                record.started_at,
                record.id,
                f"You completed {title} for the first time.",
            )
        ]

    def _longest_hold(self, record: SessionRecord) -> list[Victory]:
        best: tuple[int, Victory] | None = None
        for hold in record.holds or ():
            side = name_key(hold.side) if hold.side is not None else None
            before = self._longest.get((name_key(hold.step), side))
            if hold.skipped or before is None or hold.held_s < before + LONGEST_MARGIN_S:
                continue
            where = f" on the {display_name(hold.side)}" if hold.side is not None else ""
            victory = Victory(
                Kind.LONGEST_HOLD,
                record.started_at,
                record.id,
                f"Your longest {display_name(hold.step)} hold{where} so far: "
                f"{length_text(hold.held_s)}.",
                hold.step,
                hold.side,
            )
            gain = hold.held_s - before
            if best is None or gain > best[0]:
                best = (gain, victory)
        return [best[1]] if best else []

    def _catching_up(
        self, record: SessionRecord, sided: dict[str, dict[str, int]]
    ) -> list[Victory]:
        found: list[Victory] = []
        for pose, held in sided.items():
            sides = self._caught_up_side(pose, held, record.started_at)
            shown = self._shown.setdefault(pose, deque())
            while shown and shown[0][0] < record.started_at - CATCH_UP_WINDOW:
                shown.popleft()
            # told when it shows, not again while it showed in the window before: a trend is
            # said once, and each session's answer depends on two windows of history only
            quiet = not any(caught for _, caught in shown)
            shown.append((record.started_at, sides is not None))
            if sides is None or not quiet or found:
                continue
            pose_names, side_names = _names(record)
            step, behind, ahead = pose_names[pose], side_names[sides[0]], side_names[sides[1]]
            found.append(
                Victory(
                    Kind.SIDE_CATCHING_UP,
                    record.started_at,
                    record.id,
                    f"Your {behind} side is catching up with the {ahead} in {step}.",
                    step,
                    behind,
                )
            )
        return found

    def _caught_up_side(
        self, pose: str, held: dict[str, int], moment: datetime
    ) -> tuple[str, str] | None:
        """(the side behind, the side ahead) when the side behind lately held as long as the
        other this time, and as long as the other usually does; else None."""
        window = self._sided.get(pose)
        if window is None:
            return None
        window.since(moment - CATCH_UP_WINDOW)
        if len(window.sessions) < CATCH_UP_SESSIONS:
            return None
        typical = {side: window.typical(side) for side in held}
        if any(value is None for value in typical.values()):
            return None  # a side new to this pose: nothing to compare with
        behind = min(held, key=lambda side: (typical[side], side))
        ahead = max(held, key=lambda side: (typical[side], side))
        low, high = typical[behind] or 0.0, typical[ahead] or 0.0
        if high - low < max(5.0, CATCH_UP_GAP * high):
            return None
        if held[behind] >= held[ahead] and held[behind] >= high:
            return behind, ahead
        return None

    def _month_count(self, record: SessionRecord, day: date) -> list[Victory]:
        count = self._month_sessions + 1 if (day.year, day.month) == self._month else 1
        if count % MONTH_STEP:
            return []
        return [
            Victory(
                Kind.SESSIONS_THIS_MONTH,
                record.started_at,
                record.id,
                f"That makes {count} sessions this month.",
            )
        ]


def _longest_of(holds: Iterable[Hold]) -> list[tuple[_HoldKey, int]]:
    """(pose, side) -> the longest hold not skipped: a skipped hold is no personal best, nor
    the one to beat."""
    longest: dict[_HoldKey, int] = {}
    for hold in holds:
        if not hold.skipped:
            key = (name_key(hold.step), name_key(hold.side) if hold.side is not None else None)
            longest[key] = max(longest.get(key, -1), hold.held_s)
    return list(longest.items())


def _sided_holds(record: SessionRecord) -> dict[str, dict[str, int]]:
    """Per pose held on two sides or more in `record`: seconds held per side."""
    poses: dict[str, dict[str, int]] = {}
    for hold in record.holds or ():
        if hold.side is not None:
            sides = poses.setdefault(name_key(hold.step), {})
            side = name_key(hold.side)
            sides[side] = sides.get(side, 0) + hold.held_s
    return {pose: sides for pose, sides in poses.items() if len(sides) >= 2}


def _names(record: SessionRecord) -> tuple[dict[str, str], dict[str, str]]:
    """Pose keys and side keys of `record` -> the names as the record spells them."""
    poses: dict[str, str] = {}
    sides: dict[str, str] = {}
    for hold in record.holds or ():
        poses.setdefault(name_key(hold.step), display_name(hold.step))
        if hold.side is not None:
            sides.setdefault(name_key(hold.side), display_name(hold.side))
    return poses, sides


def in_start_order(records: Iterable[SessionRecord]) -> list[SessionRecord]:
    """The records sorted by when they started (the file is in the order they ended)."""
    return sorted(records, key=lambda record: record.started_at)


def _started(record: SessionRecord) -> datetime:
    return record.started_at


def _learn_history(
    tracker: VictoryTracker, earlier: Sequence[SessionRecord], since: datetime
) -> None:
    """Take in `earlier` (in start order, all before `since`): the sessions of the two windows
    before `since` one by one (a side catching up is judged over a window, and whether it
    already showed, over the window before), those before them at once."""
    recent = bisect.bisect_left(earlier, since - 2 * CATCH_UP_WINDOW, key=_started)
    tracker.learn_long_ago(earlier[:recent])
    for record in earlier[recent:]:
        tracker.learn(record)


def session_victory(record: SessionRecord, journal: Sequence[SessionRecord]) -> Victory | None:
    """The one fact to say at the end of `record`'s session, given the journal (which may hold
    `record` itself, and sessions from other machines after it): the first in `PRIORITY`."""
    tracker = VictoryTracker()
    earlier = [
        other
        for other in in_start_order(journal)
        if other.id != record.id and other.started_at <= record.started_at
    ]
    _learn_history(tracker, earlier, record.started_at)
    found = tracker.observe(record)
    return found[0] if found else None


def noticed(records: Iterable[SessionRecord], since: datetime | None = None) -> list[Victory]:
    """Every fact about every session (from `since` on), newest first, judged against all the
    sessions before each one."""
    tracker = VictoryTracker()
    ordered = in_start_order(records)
    first = 0
    if since is not None:
        first = bisect.bisect_left(ordered, since, key=_started)
        _learn_history(tracker, ordered[:first], since)
    found: list[Victory] = []
    for record in ordered[first:]:
        found.extend(tracker.observe(record))
    # newest session first; a session's own facts stay in PRIORITY order (the sort is stable)
    return sorted(found, key=lambda victory: victory.at, reverse=True)
