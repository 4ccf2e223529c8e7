"""Fitting a cue into the rows the screen can give it, without ever hiding its safety sentence.

A cue that fits is shown whole. One that does not (a small terminal, a long cue of the user's
own) is cut where the cut is visible, with "…", and the sentences that keep a person safe ("If the
knee complains, back out", "Stop if you feel dizzy") are kept whole after the cut: what goes is
the middle of the instructions, never the warning. The whole cue is one key away (`c`).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

ELLIPSIS = "…"
# Words that mark a sentence as the cue's safety advice (checked against every built-in routine
# by tests/tui/test_cues_on_screen.py).
SAFETY = re.compile(
    r"\b(pain|complain|dizz|light-?headed|head feels light|strain|pinch|numb|overwhelm|"
    r"(?<!then )stop\b|ease off|back off|back out|come out|skip it|twist|sensitive|sharp|"
    r"fine to (stop|come out|let go|bring))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


@dataclass(frozen=True, slots=True)
class FittedCue:
    """The lines to show, and whether anything of the cue was left out."""

    lines: tuple[str, ...]
    cut: bool


def sentences(text: str) -> list[str]:
    """The sentences of a cue, each with its own full stop."""
    flat = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(flat) if s] if flat else []


def safety_sentences(text: str) -> list[str]:
    """The sentences of `text` that carry safety advice."""
    return [s for s in sentences(text) if SAFETY.search(s)]


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or []


def fit_cue(text: str, width: int, rows: int) -> FittedCue:
    """`text` in at most `rows` lines of `width` columns, cut visibly where it must be."""
    width = max(8, width)
    every = sentences(text)
    whole = _wrap(" ".join(every), width)
    if len(whole) <= rows:
        return FittedCue(tuple(whole), False)
    if rows <= 0:
        return FittedCue((), bool(every))
    safety = [s for s in every if SAFETY.search(s)]
    rest = [s for s in every if not SAFETY.search(s)]
    tail = " ".join(safety)
    if tail:
        tail_alone = _wrap(f"{ELLIPSIS} {tail}", width)
        if len(tail_alone) >= rows:
            # Only the safety advice fits (or not even that): show it, from its beginning.
            return FittedCue(tuple(_shorten(tail_alone, rows, width)), True)
    words = " ".join(rest).split()
    # The most words from the start of the instructions that still leave room for the rest.
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if len(_wrap(_joined(words[:middle], tail), width)) <= rows:
            low = middle
        else:
            high = middle - 1
    return FittedCue(tuple(_wrap(_joined(words[:low], tail), width)), True)


def _joined(head: list[str], tail: str) -> str:
    parts = [" ".join(head)] if head else []
    parts.append(ELLIPSIS)
    if tail:
        parts.append(tail)
    return " ".join(parts)


def _shorten(lines: list[str], rows: int, width: int) -> list[str]:
    if len(lines) <= rows:
        return lines
    kept = lines[:rows]
    last = kept[-1]
    kept[-1] = (last[: width - 2] if len(last) > width - 2 else last) + " " + ELLIPSIS
    return kept
