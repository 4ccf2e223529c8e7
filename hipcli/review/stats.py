"""Practice stats for `hipcli log --stats`, gathered in one pass over the sessions, in any order.

A session's day is the day it started in its own time zone (`select.session_day`); a day counts
once however many sessions it holds. The current streak counts back from today, or from
yesterday when there is no session yet today (the day isn't over). "What helps" compares mood
before and after, only where at least `HELPS_MIN` sessions have both. Memory grows with the days
practised and the routines and tags used, never with the number of sessions. The JSON keys are
listed in docs/log.md.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol


class Session(Protocol):
    """What the stats count of a session: a SessionRecord, or only these (`stats_rows`)."""

    @property
    def started_at(self) -> datetime: ...
    @property
    def active_s(self) -> float: ...
    @property
    def completed(self) -> bool: ...
    @property
    def mood(self) -> int | None: ...
    @property
    def mood_before(self) -> int | None: ...
    @property
    def routine(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...


TREND_LENGTH = 30  # check-ins drawn in the mood trend
TOP_ROUTINES = 3
HELPS_MIN = 3  # sessions with both moods before a routine or tag is said to help


@dataclass
class DayTotals:
    """What one day holds."""

    sessions: int = 0
    seconds: float = 0.0
    mood_sum: int = 0
    moods: int = 0
    both: int = 0  # sessions with a mood before and after
    before_sum: int = 0
    after_sum: int = 0

    @property
    def minutes(self) -> float:
        """Minutes practised that day."""
        return self.seconds / 60


@dataclass
class GroupTotals:
    """What one routine or tag adds up to."""

    name: str  # the routine's name, or the tag as first written
    title: str = ""
    sessions: int = 0
    seconds: float = 0.0
    change_sum: int = 0
    both: int = 0

    @property
    def minutes(self) -> float:
        """Minutes practised."""
        return self.seconds / 60

    @property
    def mood_change(self) -> float | None:
        """The average change from mood before to after, or None under HELPS_MIN sessions."""
        return round(self.change_sum / self.both, 2) if self.both >= HELPS_MIN else None


@dataclass(frozen=True)
class RoutineCount:
    """How often one routine was practised."""

    routine: str
    title: str
    sessions: int
    minutes: float


@dataclass
class PracticeStats:
    """Everything `--stats` shows."""

    today: date
    days: dict[date, DayTotals]  # every day with practice
    routines: list[GroupTotals]  # most practised first
    tags: list[GroupTotals]  # most used first
    sessions_total: int = 0
    seconds_total: float = 0.0
    completed_total: int = 0
    mood_trend: tuple[int, ...] = ()  # the last TREND_LENGTH moods after, oldest first
    mood_sum: int = 0
    mood_sessions: int = 0
    change_sum: int = 0
    mood_change_sessions: int = 0
    streak: tuple[int, str | None, int] = (0, None, 0)  # current, through, longest

    @property
    def minutes_total(self) -> float:
        """Minutes practised altogether."""
        return self.seconds_total / 60

    @property
    def days_practised(self) -> int:
        """How many different days hold a session."""
        return len(self.days)

    def window(self, days: int) -> tuple[int, float, int]:
        """(sessions, minutes, days practised) in the `days` days up to and including today."""
        first = self.today - timedelta(days=days - 1)
        chosen = [t for d, t in self.days.items() if first <= d <= self.today]
        return (
            sum(t.sessions for t in chosen),
            sum(t.seconds for t in chosen) / 60,
            len(chosen),
        )

    @property
    def mood_average(self) -> float | None:
        """The average mood after a session, or None."""
        return round(self.mood_sum / self.mood_sessions, 2) if self.mood_sessions else None

    @property
    def mood_change_average(self) -> float | None:
        """The average of mood after minus mood before, where both were given."""
        if not self.mood_change_sessions:
            return None
        return round(self.change_sum / self.mood_change_sessions, 2)

    def top_routines(self) -> list[RoutineCount]:
        """The most practised routines."""
        return [
            RoutineCount(g.name, g.title, g.sessions, g.minutes)
            for g in self.routines[:TOP_ROUTINES]
        ]

    def helps(self) -> list[GroupTotals]:
        """Routines and tags with a mood change to tell, the greatest rise first."""
        found = [g for g in (*self.routines, *self.tags) if g.mood_change is not None]
        return sorted(found, key=lambda g: (-(g.mood_change or 0.0), -g.both))


@dataclass
class StatsBuilder:
    """Adds sessions one at a time; `finish` gives the stats."""

    days: dict[date, DayTotals] = field(default_factory=dict)
    routines: dict[str, GroupTotals] = field(default_factory=dict)
    tags: dict[str, GroupTotals] = field(default_factory=dict)
    trend: list[tuple[datetime, int, int]] = field(default_factory=list)  # a heap
    sessions: int = 0
    completed: int = 0
    seconds: float = 0.0
    mood_sum: int = 0
    moods: int = 0
    change_sum: int = 0
    both: int = 0

    def add(self, record: Session) -> None:
        """Count one session."""
        day = record.started_at.date()
        totals = self.days.get(day)
        if totals is None:
            totals = self.days[day] = DayTotals()
        active = record.active_s
        totals.sessions += 1
        totals.seconds += active
        self.seconds += active
        if record.completed:
            self.completed += 1
        mood, before = record.mood, record.mood_before
        change = None
        if mood is not None:
            totals.mood_sum += mood
            totals.moods += 1
            self.mood_sum += mood
            self.moods += 1
            trend = self.trend
            if len(trend) < TREND_LENGTH:
                heapq.heappush(trend, (record.started_at, self.sessions, mood))
            elif record.started_at >= trend[0][0]:  # newer than the oldest kept: keep it
                heapq.heapreplace(trend, (record.started_at, self.sessions, mood))
            if before is not None:
                change = mood - before
                totals.both += 1
                totals.before_sum += before
                totals.after_sum += mood
                self.change_sum += change
                self.both += 1
        self.sessions += 1
        routine = self.routines.get(record.routine)
        if routine is None:
            routine = self.routines[record.routine] = GroupTotals(record.routine)
        routine.title = record.title or record.routine
        routine.sessions += 1
        routine.seconds += active
        if change is not None:
            routine.change_sum += change
            routine.both += 1
        if record.tags:
            self._add_tags(record.tags, active, change)

    def _add_tags(self, tags: tuple[str, ...], active: float, change: int | None) -> None:
        for key, tag in {tag.casefold(): tag for tag in tags}.items():
            group = self.tags.get(key)
            if group is None:
                group = self.tags[key] = GroupTotals(tag)
            _count_in(group, active, change)

    def finish(self, today: date) -> PracticeStats:
        """The stats as seen on `today`."""
        return PracticeStats(
            today=today,
            days=dict(sorted(self.days.items())),
            routines=sorted(self.routines.values(), key=lambda g: (-g.sessions, g.name)),
            tags=sorted(self.tags.values(), key=lambda g: (-g.sessions, g.name.casefold())),
            sessions_total=self.sessions,
            seconds_total=self.seconds,
            completed_total=self.completed,
            mood_trend=tuple(mood for _, _, mood in sorted(self.trend)),
            mood_sum=self.mood_sum,
            mood_sessions=self.moods,
            change_sum=self.change_sum,
            mood_change_sessions=self.both,
            streak=streaks(set(self.days), today),
        )


def _count_in(group: GroupTotals, seconds: float, change: int | None) -> None:
    group.sessions += 1
    group.seconds += seconds
    if change is not None:
        group.change_sum += change
        group.both += 1


def compute_stats(records: Iterable[Session], today: date) -> PracticeStats:
    """The stats of `records` (any order) as seen on `today`."""
    builder = StatsBuilder()
    for record in records:
        builder.add(record)
    return builder.finish(today)


def streaks(days: set[date], today: date) -> tuple[int, str | None, int]:
    """(current streak, "today"/"yesterday"/None, longest streak) over the days practised."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    yesterday = today - timedelta(days=1)
    anchor = today if today in days else yesterday if yesterday in days else None
    current = 0
    cursor = anchor
    while cursor is not None and cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    through = None if anchor is None else "today" if anchor == today else "yesterday"
    return current, through, longest


def stats_to_json(stats: PracticeStats) -> dict[str, Any]:
    """The stats as one JSON-ready object (keys documented in docs/log.md)."""
    current, through, longest = stats.streak
    week, month = stats.window(7), stats.window(30)
    day_list = list(stats.days)
    return {
        "today": stats.today.isoformat(),
        "current_streak_days": current,
        "streak_through": through,
        "practised_today": through == "today",
        "longest_streak_days": longest,
        "days_practised": stats.days_practised,
        "sessions_total": stats.sessions_total,
        "minutes_total": round(stats.minutes_total, 1),
        "completed_total": stats.completed_total,
        "sessions_last_7_days": week[0],
        "minutes_last_7_days": round(week[1], 1),
        "sessions_last_30_days": month[0],
        "minutes_last_30_days": round(month[1], 1),
        "first_session_date": day_list[0].isoformat() if day_list else None,
        "last_session_date": day_list[-1].isoformat() if day_list else None,
        "top_routines": [
            {
                "routine": r.routine,
                "title": r.title,
                "sessions": r.sessions,
                "minutes": round(r.minutes, 1),
            }
            for r in stats.top_routines()
        ],
        "mood_average": stats.mood_average,
        "mood_sessions": stats.mood_sessions,
        "mood_trend": list(stats.mood_trend),
        "mood_change_average": stats.mood_change_average,
        "mood_change_sessions": stats.mood_change_sessions,
        "days": [
            {
                "date": day.isoformat(),
                "sessions": totals.sessions,
                "minutes": round(totals.minutes, 1),
                "mood": round(totals.mood_sum / totals.moods, 2) if totals.moods else None,
            }
            for day, totals in stats.days.items()
        ],
        "routines": [
            {
                "routine": g.name,
                "title": g.title,
                "sessions": g.sessions,
                "minutes": round(g.minutes, 1),
                "mood_change": g.mood_change,
            }
            for g in stats.routines
        ],
        "tags": [
            {"tag": g.name, "sessions": g.sessions, "mood_change": g.mood_change}
            for g in stats.tags
        ],
    }
