"""Text from files (names, cues, notes) shown literally: never markup, never terminal control.

Rich markup is avoided by rendering `rich.text.Text` (or Textual `Content`) rather than markup
strings. What is left is control characters: an escape sequence in a cue could recolour the
terminal, set its title or write to the clipboard. `visible()` turns each one into a printable
escape like `\\x1b`, so a person sees exactly what is in the file and the terminal executes nothing.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, and the invisible bidi controls that reorder what is displayed
# (right-to-left *letters* are fine and pass through untouched).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEPING_LINES = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escape_code(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Each unsafe character and its escape, for str.translate: one pass in C however many there are
# (a note of three million ESC characters took seconds and gigabytes with a callback per match).
_CODES = [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F)]
_CODES += list(range(0x2066, 0x206A))
_ESCAPES = {code: _escape_code(code) for code in _CODES}
_ESCAPES_KEEPING_LINES = {code: text for code, text in _ESCAPES.items() if code not in (9, 10)}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """Return `text` with control characters shown as escapes (`\\x1b`), safe to print."""
    if keep_newlines:
        text = text.replace("\r\n", "\n")
        if _UNSAFE_KEEPING_LINES.search(text) is None:
            return text
        return text.translate(_ESCAPES_KEEPING_LINES)
    # isprintable() is false for every unsafe character (and a few harmless ones, like a
    # no-break space): a quick pass in C before the pattern
    if text.isprintable() or _UNSAFE.search(text) is None:
        return text
    return text.translate(_ESCAPES)


def one_line(text: str, width: int) -> str:
    """`text` as one visible line of at most `width` characters, cut with an ellipsis."""
    flat = " ".join(text.split())  # newlines and runs of spaces become single spaces
    flat = visible(flat)
    return flat if len(flat) <= width else flat[: max(0, width - 1)] + "…"


def toml_value(value: object, limit: int = 40) -> str:
    """A value read from a TOML file as the person wrote it (`2026-11-24`, `true`, `"calm"`,
    `[1, 2]`), never Python's repr (`datetime.date(2026, 11, 24)`); cut to `limit` characters."""
    text = _toml_value(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _toml_value(value: object) -> str:
    import datetime as dt
    import json
    import math

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**60 else f"{str(value)[:30]}…"  # no giant str()
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value[:10]) + "]"
    if isinstance(value, dict):
        pairs = list(value.items())[:10]
        return "{ " + ", ".join(f"{key} = {_toml_value(item)}" for key, item in pairs) + " }"
    return str(value)
