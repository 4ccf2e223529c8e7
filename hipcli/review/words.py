"""The words every view uses for times, lengths, days and moods, in one place.

Month and weekday names are English and locale-independent (not strftime), like every other
message of hipcli.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from hipcli.journal.record import MOOD_WORDS

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_SHORT = tuple(month[:3] for month in MONTHS)


def count(number: int, word: str) -> str:
    """ "1 session", "3 sessions"."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def length_text(seconds: float) -> str:
    """A session's length, short: "45s", "8m 36s", "1h 05m"."""
    hours, rest = divmod(max(0, math.floor(seconds + 0.5)), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def time_words(minutes: float) -> str:
    """Time practised for people: "52 seconds", "38 minutes", "2 hours 10 minutes".

    Under a minute it is said in seconds (a 52 s session is not "1 minute"); from a minute on,
    in whole minutes, rounded half up."""
    seconds = max(0, math.floor(minutes * 60 + 0.5))
    if 0 < seconds < 60:
        return count(seconds, "second")
    hours, rest = divmod(math.floor(minutes + 0.5), 60)
    if not hours:
        return count(rest, "minute")
    return count(hours, "hour") + (f" {count(rest, 'minute')}" if rest else "")


def day_words(day: date) -> str:
    """ "21 November 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def day_short(day: date) -> str:
    """ "21 Nov"."""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]}"


def when_text(moment: datetime) -> str:
    """When a session started, in its own time zone: "Sat 21 Nov 2026 07:30"."""
    return (
        f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS_SHORT[moment.month - 1]} "
        f"{moment.year} {moment.hour:02d}:{moment.minute:02d}"
    )


def when_compact(moment: datetime) -> str:
    """The same, shorter: "Sat 2026-11-21 07:30"."""
    return f"{WEEKDAYS[moment.weekday()]} {moment:%Y-%m-%d %H:%M}"


def mood_word(mood: int) -> str:
    """ "good" for 4."""
    return MOOD_WORDS[mood]


def mood_change_words(change: float) -> str:
    """An average change in mood, plainly: "rose by 1.2", "stayed about the same"."""
    if abs(change) < 0.05:
        return "stayed about the same"
    return f"{'rose' if change > 0 else 'fell'} by {abs(change):.1f}"
