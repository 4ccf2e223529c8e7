"""Progress per pose, side by side: the figures of `hipcli progress`, from the journal's holds.

A pose is a step's name across routines ("Pigeon" in `pigeon` and in `morning` is one pose),
matched without regard to case or spacing. Every figure here comes from the `holds` of v2
records; records from before holds add nothing to a pose. Days and weeks are local: a week
begins on Monday. Pure: records in, figures out. Documented for users in docs/progress.md.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord

# A hold within this many seconds of its plan was held as planned (whole seconds are rounded).
AS_PLANNED_TOLERANCE_S = 1


# Both are called for every hold of every session, and the names repeat: cached, they cost
# a dictionary look-up (a third of the time of `hipcli progress` on 10,000 sessions otherwise).
@functools.lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """How pose and side names are matched: any case, any spacing."""
    return " ".join(name.split()).casefold()


@functools.lru_cache(maxsize=8192)
def display_name(name: str) -> str:
    """A name as shown: on one line, without spaces around it or runs of them."""
    return " ".join(name.split())


def week_of(day: date) -> date:
    """The Monday that begins the week of `day`."""
    return day - timedelta(days=day.weekday())


def local_day(moment: datetime) -> date:
    """The local calendar day of a moment."""
    return moment.astimezone().date()


@dataclass
class HoldTally:
    """The holds of one pose on one side (or of a pose altogether): counts and times."""

    sessions: int = 0
    held: list[int] = field(default_factory=list)
    unskipped: list[int] = field(default_factory=list)
    planned_s: int = 0
    skipped: int = 0
    extended: int = 0
    shorter: int = 0
    as_planned: int = 0
    longest_s: int | None = None  # of the holds not skipped: a skipped hold is no best
    longest_at: datetime | None = None
    last_session: str = ""

    def add(self, hold: Hold, record: SessionRecord) -> None:
        """Count one hold of `record`."""
        if record.id != self.last_session:
            self.sessions += 1
            self.last_session = record.id
        self.held.append(hold.held_s)
        self.planned_s += hold.planned_s
        if hold.skipped:
            self.skipped += 1
        else:
            self.unskipped.append(hold.held_s)
            if hold.held_s > hold.planned_s + AS_PLANNED_TOLERANCE_S:
                self.extended += 1
            elif hold.held_s < hold.planned_s - AS_PLANNED_TOLERANCE_S:
                self.shorter += 1
            else:
                self.as_planned += 1
            # the first time it was reached counts
            if self.longest_s is None or hold.held_s > self.longest_s:
                self.longest_s, self.longest_at = hold.held_s, record.started_at

    def merged(self, sides: Iterable[HoldTally]) -> HoldTally:
        """The tally of a pose altogether from those of its sides; its sessions are this
        tally's (a session holding both sides counts once)."""
        parts = list(sides)
        together = HoldTally(self.sessions, last_session=self.last_session)
        for part in parts:
            together.held += part.held
            together.unskipped += part.unskipped
            together.planned_s += part.planned_s
            together.skipped += part.skipped
            together.extended += part.extended
            together.shorter += part.shorter
            together.as_planned += part.as_planned
        reached = [
            (part.longest_s, part.longest_at)
            for part in parts
            if part.longest_s is not None and part.longest_at is not None
        ]
        if reached:  # the longest of all sides, and the first time any side reached it
            longest = max(held for held, _ in reached)
            together.longest_s = longest
            together.longest_at = min(at for held, at in reached if held == longest)
        return together

    @property
    def holds(self) -> int:
        """How many holds were counted."""
        return len(self.held)

    @property
    def total_s(self) -> int:
        """All the time held."""
        return sum(self.held)

    @property
    def median_s(self) -> float:
        """The typical hold: the median of the holds not skipped (of all, if all were)."""
        values = self.unskipped or self.held
        return float(statistics.median(values)) if values else 0.0


@dataclass
class PoseProgress:
    """One pose: its figures altogether and per side, the routines it is in, when last held."""

    key: str
    step: str  # as the newest session spells it
    all: HoldTally = field(default_factory=HoldTally)
    sides: dict[str | None, HoldTally] = field(default_factory=dict)  # first seen first
    side_names: dict[str | None, str | None] = field(default_factory=dict)
    routines: dict[str, str] = field(default_factory=dict)  # name key -> title, first seen first
    last_at: datetime | None = None
    last_place: int = 0  # where it came in the newest session that held it

    @property
    def has_sides(self) -> bool:
        """Whether the pose is held on sides (left and right, or others)."""
        return any(key is not None for key in self.sides)

    def side_items(self) -> list[tuple[str | None, HoldTally]]:
        """(side as spelt last, tally) in the order the sides were first held."""
        return [(self.side_names[key], tally) for key, tally in self.sides.items()]


_Names = tuple[str, str | None, str, str | None]  # pose and side keys; as shown


def pose_progress(records: Iterable[SessionRecord], only: str | None = None) -> list[PoseProgress]:
    """Every pose held in `records` (or only the one whose key is `only`), the most recently
    held first."""
    ordered = sorted((record for record in records if record.holds), key=_started)
    poses: dict[str, PoseProgress] = {}
    # Sessions that went alike share their list of holds, and the lists their Hold values (the
    # journal's reader shares equal ones): the names in each distinct list are worked out once.
    # (Keyed by id: every list and hold stays alive in `ordered` meanwhile.)
    plans: dict[int, list[tuple[int, Hold, _Names]]] = {}
    named: dict[int, _Names] = {}
    for record in ordered:
        plan = plans.get(id(record.holds))
        if plan is None:
            plan = plans[id(record.holds)] = []
            for place, hold in enumerate(record.holds or ()):
                names = named.get(id(hold))
                if names is None:
                    names = named[id(hold)] = _names(hold)
                if only is None or names[0] == only:
                    plan.append((place, hold, names))
        started, title = record.started_at, ""
        for place, hold, (key, side, step, side_name) in plan:
            pose = poses.get(key)
            if pose is None:
                pose = poses[key] = PoseProgress(key, step)
            pose.step = step
            if pose.last_at != started:
                pose.last_at, pose.last_place = started, place
            if pose.all.last_session != record.id:
                pose.all.sessions += 1
                pose.all.last_session = record.id
                if not title:
                    title = display_name(record.title) or display_name(record.routine)
                pose.routines.setdefault(name_key(record.routine), title)
            tally = pose.sides.get(side)
            if tally is None:
                tally = pose.sides[side] = HoldTally()
            tally.add(hold, record)
            pose.side_names[side] = side_name
    for pose in poses.values():
        pose.all = pose.all.merged(pose.sides.values())
    return sorted(poses.values(), key=_newest_first)


def _started(record: SessionRecord) -> datetime:
    return record.started_at


def _names(hold: Hold) -> _Names:
    """A hold's pose and side as matched (`name_key`) and as shown (`display_name`)."""
    if hold.side is None:
        return name_key(hold.step), None, display_name(hold.step), None
    return (
        name_key(hold.step),
        name_key(hold.side),
        display_name(hold.step),
        display_name(hold.side),
    )


def _newest_first(pose: PoseProgress) -> tuple[float, int, str]:
    assert pose.last_at is not None
    return (-pose.last_at.timestamp(), pose.last_place, pose.key)


def poses_to_json(poses: Sequence[PoseProgress]) -> dict[str, Any]:
    """`hipcli progress --format json`: one entry per pose and side (see docs/progress.md)."""
    entries = []
    for pose in poses:
        for side, tally in pose.side_items():
            entries.append(
                {
                    "step": pose.step,
                    "side": side,
                    "sessions": tally.sessions,
                    "total_s": tally.total_s,
                    "median_s": tally.median_s,
                    "longest_s": tally.longest_s,
                    "longest_on": local_day(tally.longest_at).isoformat()
                    if tally.longest_at
                    else None,
                    "planned_s": tally.planned_s,
                    "skipped": tally.skipped,
                }
            )
    return {"poses": entries}


# --- one pose over weeks ---------------------------------------------------------------------


@dataclass(frozen=True)
class WeekHeld:
    """The time held in one week (from Monday), per side key (None: no sides)."""

    week: date
    held_s: dict[str | None, int]


def weeks_held(
    records: Iterable[SessionRecord], pose_key: str, first_week: date, last_week: date
) -> list[WeekHeld]:
    """Time held of one pose per week and side, every week from `first_week` to `last_week`
    (Mondays), including weeks without it."""
    totals: dict[date, dict[str | None, int]] = {}
    # the local midnights the weeks begin and end at: comparing moments is cheaper than
    # finding each session's local day
    begin = datetime.combine(first_week, time()).astimezone()
    end = datetime.combine(last_week + timedelta(weeks=1), time()).astimezone()
    for record in records:
        if not begin <= record.started_at < end:
            continue
        week = week_of(local_day(record.started_at))
        for hold in record.holds or ():
            if name_key(hold.step) == pose_key:
                side = name_key(hold.side) if hold.side is not None else None
                sides = totals.setdefault(week, {})
                sides[side] = sides.get(side, 0) + hold.held_s
    weeks = []
    week = first_week
    while week <= last_week:
        weeks.append(WeekHeld(week, totals.get(week, {})))
        week += timedelta(weeks=1)
    return weeks


def pose_to_json(pose: PoseProgress, weeks: Sequence[WeekHeld]) -> dict[str, Any]:
    """One pose over weeks, for `hipcli progress POSE --format json` (see docs/progress.md)."""
    tally = pose.all
    return {
        "step": pose.step,
        "routines": list(pose.routines.values()),
        "sessions": tally.sessions,
        "holds": tally.holds,
        "total_s": tally.total_s,
        "planned_s": tally.planned_s,
        "median_s": tally.median_s,
        "as_planned": tally.as_planned,
        "extended": tally.extended,
        "shorter": tally.shorter,
        "skipped": tally.skipped,
        "sides": poses_to_json([pose])["poses"],
        "weeks": [
            {
                "week": week.week.isoformat(),
                "sides": [
                    {"side": name, "held_s": week.held_s.get(key, 0)}
                    for key, name in pose.side_names.items()
                ],
            }
            for week in weeks
        ],
    }
