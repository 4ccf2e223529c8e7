"""Fitting a cue into the rows the screen can give it, without ever hiding its safety sentence.

A cue that fits is shown whole. One that does not (a small terminal, a long cue of the user's
own) is cut where the cut is visible, with "…", and the sentences that keep a person safe ("If the
knee complains, back out", "Stop if you feel dizzy", "only as far as feels easy") are kept whole,
in their place: what goes is the end of the instructions, never the warning. The whole cue is
one key away (`c`).
"""

from __future__ import annotations

import functools
import re
import textwrap
from typing import NamedTuple

ELLIPSIS = "…"
MIN_WORDS = 3  # the fewest words of a sentence worth showing before its cut
# What marks a sentence as the cue's safety advice: a sign to do less, a way out (or a slow way
# up), or a limit on how far to go. Built-in cues are written so that each such sentence says
# so in these words; tests/tui/test_from_the_mat.py holds, written out by hand, the safety
# sentences of every built-in cue, checks this finds exactly those, and that each stays on
# screen at 40×12. Words that only describe a sensation ("tingling", "tender spot") or a prop
# ("a cushion under the hip") are not safety advice.
_SAFETY = r"""\b(
    # a sign to do less
    pain|complain|dizz|light-?headed|head\ feels\ light|strain|pinch|numb|overwhelm|sharp|
    sensitive|twists?\b|feels?\ tight|feels?\ (too\ )?long\b|too\ (much|long|slow|far|hard)\b|
    # a way out, or a slow way up
    (?<!then\ )stop\b|ease\ (off|back)|back\ (off|out)|come\ (out|up\ slowly)|get\ up\ slowly|
    skip\ it|fine\ to\ |before\ you\ (sit|stand|get)\ up|
    # a limit on how far to go
    never|only\ (if|as\ far|as\ much|a\ little)|protect|rather\ than\ (forc|strain|push)|
    kind(er)?\ to\ the|if\ your\ balance
    )"""


@functools.cache
def _safety() -> re.Pattern[str]:
    # Compiled when a cue is first cut (or asked for its safety sentences), not at import: the
    # session's first frame need not wait for it.
    return re.compile(_SAFETY, re.IGNORECASE | re.VERBOSE)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


# A NamedTuple, not a dataclass: defined before the session's first frame, it costs a fifth.
class FittedCue(NamedTuple):
    """The lines to show, and whether anything of the cue was left out."""

    lines: tuple[str, ...]
    cut: bool


def sentences(text: str) -> list[str]:
    """The sentences of a cue, each with its own full stop."""
    flat = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(flat) if s] if flat else []


def safety_sentences(text: str) -> list[str]:
    """The sentences of `text` that carry safety advice."""
    return [s for s in sentences(text) if _safety().search(s)]


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or []


def fit_cue(text: str, width: int, rows: int) -> FittedCue:
    """`text` in at most `rows` lines of `width` columns, cut visibly where it must be.

    The sentences stay in their order. Safety sentences are always whole; of the others, as
    many words as fit are kept from the start, and "…" stands where the rest was left out.
    """
    width = max(8, width)
    every = sentences(text)
    whole = _wrap(" ".join(every), width)
    if len(whole) <= rows:
        return FittedCue(tuple(whole), False)
    if rows <= 0:
        return FittedCue((), bool(every))
    parts = [(sentence, bool(_safety().search(sentence))) for sentence in every]
    if any(safe for _, safe in parts):
        safety_alone = _wrap(_kept(parts, 0), width)
        if len(safety_alone) >= rows:
            # Only the safety advice fits (or not even that): show it, from its beginning.
            return FittedCue(tuple(_shorten(safety_alone, rows, width)), True)
    # The most words of the instructions, from their start, that leave room for the safety.
    low, high = 0, sum(len(sentence.split()) for sentence, safe in parts if not safe)
    while low < high:
        middle = (low + high + 1) // 2
        if len(_wrap(_kept(parts, middle), width)) <= rows:
            low = middle
        else:
            high = middle - 1
    return FittedCue(tuple(_wrap(_kept(parts, low), width)), True)


def _kept(parts: list[tuple[str, bool]], words: int) -> str:
    """The cue with every safety sentence and the first `words` words of the others, in their
    order, and "…" where the first of the others is cut (the rest of them go)."""
    pieces: list[str] = []
    cut = False
    for sentence, safe in parts:
        if safe:
            pieces.append(sentence)
            continue
        if cut:
            continue
        own = sentence.split()
        taken = min(words, len(own))
        if taken < min(MIN_WORDS, len(own)):
            taken = 0  # "Bring …" says nothing: a sentence is kept from a few words up
        pieces += own[:taken]
        words -= taken
        if taken < len(own):
            pieces.append(ELLIPSIS)
            cut = True
    return " ".join(pieces)


def _shorten(lines: list[str], rows: int, width: int) -> list[str]:
    if len(lines) <= rows:
        return lines
    kept = lines[:rows]
    last = kept[-1]
    kept[-1] = (last[: width - 2] if len(last) > width - 2 else last) + " " + ELLIPSIS
    return kept
