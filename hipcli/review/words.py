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


# The texts of lengths, days and times already written (a view of the whole journal writes the
# same few thousand again and again: a few hundred thousand times on 100,000 sessions).
_LENGTHS: dict[int, str] = {}
_DAYS: dict[int, str] = {}
_COMPACT_DAYS: dict[int, str] = {}
_ISO_DAYS: dict[int, str] = {}
_KEPT = 4096
_CLOCKS: dict[int, str] = {}


def length_text(seconds: float) -> str:
    """A session's length, short: "45s", "8m 36s", "1h 05m"."""
    whole = max(0, math.floor(seconds + 0.5))
    text = _LENGTHS.get(whole)
    if text is None:
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            text = f"{hours}h {minutes:02d}m"
        else:
            text = f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"
        if len(_LENGTHS) >= _KEPT:
            _LENGTHS.clear()
        _LENGTHS[whole] = text
    return text


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
    ordinal = moment.toordinal()  # (of its own calendar day)
    day = _DAYS.get(ordinal)
    if day is None:
        month = MONTHS_SHORT[moment.month - 1]
        day = f"{WEEKDAYS[moment.weekday()]} {moment.day} {month} {moment.year}"
        _remember(_DAYS, ordinal, day)
    return day + " " + _clock(moment)


def when_compact(moment: datetime) -> str:
    """The same, shorter: "Sat 2026-11-21 07:30"."""
    ordinal = moment.toordinal()
    day = _COMPACT_DAYS.get(ordinal)
    if day is None:
        day = f"{WEEKDAYS[moment.weekday()]} {moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        _remember(_COMPACT_DAYS, ordinal, day)
    return day + " " + _clock(moment)


def date_text(moment: datetime) -> str:
    """ "2026-11-21", in the moment's own time zone."""
    ordinal = moment.toordinal()
    day = _ISO_DAYS.get(ordinal)
    if day is None:
        day = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        _remember(_ISO_DAYS, ordinal, day)
    return day


def date_time_text(moment: datetime) -> str:
    """ "2026-11-21 07:30"."""
    return date_text(moment) + " " + _clock(moment)


def _clock(moment: datetime) -> str:
    """ "07:30"."""
    minute = moment.hour * 60 + moment.minute
    text = _CLOCKS.get(minute)
    if text is None:
        text = _CLOCKS[minute] = f"{moment.hour:02d}:{moment.minute:02d}"
    return text


def _remember(texts: dict[int, str], key: int, text: str) -> None:
    if len(texts) >= _KEPT:
        texts.clear()
    texts[key] = text


def mood_word(mood: int) -> str:
    """ "good" for 4."""
    return MOOD_WORDS[mood]


def mood_change_words(change: float) -> str:
    """An average change in mood, plainly: "rose by 1.2", "stayed about the same"."""
    if abs(change) < 0.05:
        return "stayed about the same"
    return f"{'rose' if change > 0 else 'fell'} by {abs(change):.1f}"
