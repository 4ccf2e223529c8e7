"""Practice stats for `hipcli log --stats`: streaks, totals, routines used most, mood.

Days are local calendar days of each session's start; a day counts once however many sessions it
holds. The current streak counts back from today, or from yesterday when there is no session yet
today (the streak is still alive until today ends; the output says so). The keys of the JSON
form are listed in `docs/log.md`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TextIO

from hipcli.journal.record import MOOD_WORDS, SessionRecord
from hipcli.literal import visible

SPARK_BLOCKS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
TREND_LENGTH = 30  # check-ins drawn in the mood trend
TOP_ROUTINES = 3


@dataclass(frozen=True)
class RoutineCount:
    """How often one routine was practised."""

    routine: str
    title: str
    sessions: int
    minutes: float


@dataclass(frozen=True)
class PracticeStats:
    """Everything `--stats` shows, computed from a list of records."""

    today: date
    current_streak_days: int
    streak_through: str | None  # "today", "yesterday", or None when there is no streak
    longest_streak_days: int
    days_practised: int
    sessions_total: int
    minutes_total: float
    completed_total: int
    sessions_last_7_days: int
    minutes_last_7_days: float
    sessions_last_30_days: int
    minutes_last_30_days: float
    first_session_date: date | None
    last_session_date: date | None
    top_routines: tuple[RoutineCount, ...]
    mood_average: float | None
    mood_sessions: int
    mood_trend: tuple[int, ...]  # oldest first
    mood_change_average: float | None
    mood_change_sessions: int


def _streaks(days: set[date], today: date) -> tuple[int, str | None, int]:
    """(current streak, "today"/"yesterday"/None, longest streak) over the days practised."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
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


def _minutes(records: Sequence[SessionRecord]) -> float:
    # exact here, rounded only for JSON: a 52 s session is 52 seconds, not 0.9 minutes
    return sum(record.active_s for record in records) / 60


def compute_stats(records: Sequence[SessionRecord], today: date) -> PracticeStats:
    """The stats of `records` (any order) as seen on `today` (local dates)."""
    ordered = sorted(records, key=lambda record: record.started_at)
    local_days = [record.started_at.astimezone().date() for record in ordered]
    current, through, longest = _streaks(set(local_days), today)
    week = [
        r
        for r, day in zip(ordered, local_days, strict=True)
        if today - day < timedelta(7) and day <= today
    ]
    month = [
        r
        for r, day in zip(ordered, local_days, strict=True)
        if today - day < timedelta(30) and day <= today
    ]
    counts = Counter(record.routine for record in ordered)
    titles = {record.routine: record.title or record.routine for record in ordered}
    top = tuple(
        RoutineCount(name, titles[name], count, _minutes([r for r in ordered if r.routine == name]))
        for name, count in counts.most_common(TOP_ROUTINES)
    )
    moods = [record.mood for record in ordered if record.mood is not None]
    changes = [
        record.mood - record.mood_before
        for record in ordered
        if record.mood is not None and record.mood_before is not None
    ]
    return PracticeStats(
        today=today,
        current_streak_days=current,
        streak_through=through,
        longest_streak_days=longest,
        days_practised=len(set(local_days)),
        sessions_total=len(ordered),
        minutes_total=_minutes(ordered),
        completed_total=sum(1 for record in ordered if record.completed),
        sessions_last_7_days=len(week),
        minutes_last_7_days=_minutes(week),
        sessions_last_30_days=len(month),
        minutes_last_30_days=_minutes(month),
        first_session_date=min(local_days) if local_days else None,
        last_session_date=max(local_days) if local_days else None,
        top_routines=top,
        mood_average=round(sum(moods) / len(moods), 2) if moods else None,
        mood_sessions=len(moods),
        mood_trend=tuple(moods[-TREND_LENGTH:]),
        mood_change_average=round(sum(changes) / len(changes), 2) if changes else None,
        mood_change_sessions=len(changes),
    )


def stats_to_json(stats: PracticeStats) -> dict[str, Any]:
    """The stats as one JSON-ready object (keys documented in docs/log.md)."""

    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "today": stats.today.isoformat(),
        "current_streak_days": stats.current_streak_days,
        "streak_through": stats.streak_through,
        "practised_today": stats.streak_through == "today",
        "longest_streak_days": stats.longest_streak_days,
        "days_practised": stats.days_practised,
        "sessions_total": stats.sessions_total,
        "minutes_total": round(stats.minutes_total, 1),
        "completed_total": stats.completed_total,
        "sessions_last_7_days": stats.sessions_last_7_days,
        "minutes_last_7_days": round(stats.minutes_last_7_days, 1),
        "sessions_last_30_days": stats.sessions_last_30_days,
        "minutes_last_30_days": round(stats.minutes_last_30_days, 1),
        "first_session_date": iso(stats.first_session_date),
        "last_session_date": iso(stats.last_session_date),
        "top_routines": [
            {
                "routine": r.routine,
                "title": r.title,
                "sessions": r.sessions,
                "minutes": round(r.minutes, 1),
            }
            for r in stats.top_routines
        ],
        "mood_average": stats.mood_average,
        "mood_sessions": stats.mood_sessions,
        "mood_trend": list(stats.mood_trend),
        "mood_change_average": stats.mood_change_average,
        "mood_change_sessions": stats.mood_change_sessions,
    }


def sparkline(moods: Sequence[int]) -> str:
    """Moods 1-5 drawn as blocks, one character each: ▁ ▃ ▄ ▆ █."""
    return "".join(SPARK_BLOCKS.get(mood, "?") for mood in moods)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def time_words(minutes: float) -> str:
    """Time practised for people: "52 seconds", "38 minutes", "2 hours 10 minutes".

    Under a minute it is said in seconds (a 52 s session is not "1 minute"); from a minute on,
    in whole minutes, rounded half up."""
    seconds = max(0, math.floor(minutes * 60 + 0.5))
    if 0 < seconds < 60:
        return _count(seconds, "second")
    hours, rest = divmod(math.floor(minutes + 0.5), 60)
    if not hours:
        return _count(rest, "minute")
    return _count(hours, "hour") + (f" {_count(rest, 'minute')}" if rest else "")


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # not strftime: locale-independent


def _day_words(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def stats_lines(stats: PracticeStats) -> list[tuple[str, str]]:
    """The stats as (label, sentence) pairs, in the order they are shown."""
    streak = stats.current_streak_days
    if stats.streak_through == "today":
        now = (
            f"{_count(streak, 'day')} in a row, today included."
            if streak > 1
            else "You practised today — a new streak begins."
        )
    elif stats.streak_through == "yesterday":
        now = (
            f"{_count(streak, 'day')} in a row through yesterday — practise today to keep it going."
            if streak > 1
            else "You practised yesterday — practise today to make it two days in a row."
        )
    else:
        now = "No streak right now — a session today starts a new one."
    lines = [
        ("Streak", now),
        ("Longest streak", _count(stats.longest_streak_days, "day") + "."),
        (
            "Last 7 days",
            f"{_count(stats.sessions_last_7_days, 'session')}, "
            f"{time_words(stats.minutes_last_7_days)}.",
        ),
        (
            "Last 30 days",
            f"{_count(stats.sessions_last_30_days, 'session')}, "
            f"{time_words(stats.minutes_last_30_days)}.",
        ),
    ]
    since = f", since {_day_words(stats.first_session_date)}" if stats.first_session_date else ""
    lines.append(
        (
            "Altogether",
            f"{_count(stats.sessions_total, 'session')} on "
            f"{_count(stats.days_practised, 'day')}, "
            f"{time_words(stats.minutes_total)}{since}.",
        )
    )
    if stats.top_routines:
        lines.append(
            (
                "Most practised",
                ", ".join(f"{r.title} ({r.sessions})" for r in stats.top_routines) + ".",
            )
        )
    if stats.mood_average is not None:
        word = MOOD_WORDS[min(5, max(1, round(stats.mood_average)))]
        lines.append(
            (
                "Mood after",
                f"{stats.mood_average:.1f} of 5 on average ({word}), "
                f"from {_count(stats.mood_sessions, 'check-in')}.",
            )
        )
        lines.append(
            (
                "Mood trend",
                f"{sparkline(stats.mood_trend)}  the last "
                f"{_count(len(stats.mood_trend), 'check-in')}, oldest first.",
            )
        )
    change = stats.mood_change_average
    if change is not None:
        how = "stayed the same"
        if change:
            how = f"{'rose' if change > 0 else 'fell'} by {abs(change):.1f}"
        lines.append(
            (
                "Before → after",
                f"Your mood {how} on average across "
                f"{_count(stats.mood_change_sessions, 'session')} with both.",
            )
        )
    return lines


def render_stats(stats: PracticeStats, out: TextIO, *, color: bool, heading: str) -> None:
    """Write the stats as text: a heading, then aligned label and sentence lines."""
    # routine titles come from the journal: no control character may reach the terminal
    lines = [(label, visible(sentence)) for label, sentence in stats_lines(stats)]
    label_width = max(len(label) for label, _ in lines)
    if not color:
        out.write(f"{heading}\n\n")
        for label, sentence in lines:
            out.write(f"  {label.ljust(label_width)}  {sentence}\n")
        return
    from rich.console import Console  # deferred: plain output never needs Rich
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False, markup=False, emoji=False)
    console.print(Text(heading, style="bold"))
    console.print()
    for label, sentence in lines:
        line = Text("  ")
        line.append(label.ljust(label_width), style="dim")
        line.append("  ")
        sentence_text = Text(sentence)
        if label == "Mood trend":
            sentence_text.stylize("cyan", 0, len(stats.mood_trend))
        line.append_text(sentence_text)
        console.print(line)
