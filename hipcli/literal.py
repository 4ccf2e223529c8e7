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


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """Return `text` with control characters shown as escapes (`\\x1b`), safe to print."""
    if keep_newlines:
        return _UNSAFE_KEEPING_LINES.sub(_escape, text.replace("\r\n", "\n"))
    return _UNSAFE.sub(_escape, text)


def one_line(text: str, width: int) -> str:
    """`text` as one visible line of at most `width` characters, cut with an ellipsis."""
    flat = " ".join(text.split())  # newlines and runs of spaces become single spaces
    flat = visible(flat)
    return flat if len(flat) <= width else flat[: max(0, width - 1)] + "…"
