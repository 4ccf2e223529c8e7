"""Dates people type for `--since` and `--until`: `2026-11-01`, `today`, `yesterday`, or a span
back from today: `7d` (days), `2w` (weeks), `3m` (calendar months), `1y` (years).

A span names the day that long ago: on 2026-11-21, `7d` is 2026-11-14 and `1m` is 2026-10-21
(clamped to the month's last day: `1m` on 31 March is 28 or 29 February). Both bounds include
their day, so `--since 7d` shows this day last week up to now.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_SPAN = re.compile(r"(\d{1,5})\s*([dwmy])", re.IGNORECASE)


class WhenError(ValueError):
    """A date that could not be understood; `str(e)` says what would work."""


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to the end of shorter months."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    if year < 1:
        raise OverflowError("before the year 1")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _day(value: str, today: date) -> date | None:
    """The day a lower-cased, stripped value names, or None."""
    if value == "today":
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    span = _SPAN.fullmatch(value)
    try:
        if span is None:
            return date.fromisoformat(value)
        count, unit = int(span[1]), span[2]
        if unit == "d":
            return today - timedelta(days=count)
        if unit == "w":
            return today - timedelta(weeks=count)
        return months_before(today, count * (12 if unit == "y" else 1))
    except (ValueError, OverflowError):  # not a date, or before the year 1
        return None


def parse_when(text: str, today: date, option: str = "--since") -> date:
    """The day `text` names, relative to `today`; raises WhenError with a friendly message."""
    day = _day(text.strip().lower(), today)
    if day is not None:
        return day
    shown = text if len(text) <= 40 else text[:39] + "…"
    raise WhenError(
        f"{option} {shown!r} is not a date hipcli understands. Use a date like 2026-11-01, "
        "'today', 'yesterday', or a span back from today like 7d, 2w, 3m or 1y."
    )


def check_range(since: date | None, until: date | None) -> None:
    """Raise WhenError, kindly, when `since` comes after `until`: no day could match."""
    if since is not None and until is not None and since > until:
        raise WhenError(
            f"--since {since.isoformat()} comes after --until {until.isoformat()}, so no day "
            f"is in between. Perhaps you meant --since {until.isoformat()} "
            f"--until {since.isoformat()}."
        )
