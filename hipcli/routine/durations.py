"""Durations as people write them in routine files (`"90s"`, `"1m30s"`, `"2m"`, `90`) ⇄ seconds."""

from __future__ import annotations

import re

from hipcli.problems import type_name

_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
# Units in falling order, each at most once: "1h5m", "1m30s", "90s". Spaces between parts are fine.
_DURATION = re.compile(
    r"^\s*(?:(\d{1,6})\s*h)?\s*(?:(\d{1,6})\s*m)?\s*(?:(\d{1,9})\s*s)?\s*$", re.ASCII
)

DURATION_HINT = 'a duration like "90s", "1m30s", "2m" or a whole number of seconds'


class DurationError(ValueError):
    """A value that is not a duration; the message says what was expected."""


def parse_duration(value: object) -> int:
    """Return whole seconds for an int or a text like "1m30s"; raise DurationError otherwise."""
    if isinstance(value, bool):  # bool is an int subclass: `hold = true` is a mistake, not 1 s
        raise DurationError(f"expected {DURATION_HINT}, found {type_name(value)}")
    if isinstance(value, int):
        if value < 0:
            raise DurationError(f"expected {DURATION_HINT}, found a negative number ({value})")
        return value
    if isinstance(value, float):
        raise DurationError(f"expected {DURATION_HINT}, found {value!r} (whole seconds only)")
    if isinstance(value, str):
        text = value.strip().lower()
        if text.isascii() and text.isdigit():
            raise DurationError(
                f'expected {DURATION_HINT}, found the text "{value}" (write {text} or "{text}s")'
            )
        match = _DURATION.match(text)
        if match and any(match.groups()):
            hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
            return hours * 3600 + minutes * 60 + seconds
        raise DurationError(f'expected {DURATION_HINT}, found "{value}"')
    raise DurationError(f"expected {DURATION_HINT}, found {type_name(value)}")


def format_duration(seconds: float) -> str:
    """Format seconds compactly and readably: 0s, 45s, 1m 30s, 2m, 1h 5m."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs}s")
    return " ".join(parts)


def format_clock(seconds: float) -> str:
    """Format seconds as a countdown clock: 0:05, 1:30, 1:02:03 (rounded up, as countdowns are)."""
    whole = max(0, int(-(-seconds // 1)))  # ceil: a countdown shows 0:01 until the very end
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
