"""The journal's fast path: one regular expression for a whole record exactly as
`format_record` writes it, read without tomllib. Anything else (a record with unknown fields, or
edited by hand in another layout) is left to tomllib by `hipcli.journal.read`; tests check that
the two agree wherever the fast path answers.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable
from datetime import datetime
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from hipcli.journal.holds import MAX_HOLD_S, MAX_HOLDS, Hold
from hipcli.journal.record import MAX_SESSION_S, YEARS, SessionRecord

# The fast path: one regular expression for a whole record exactly as format_record writes it
# (a record with unknown fields, or edited by hand in another layout, goes to tomllib). Every
# piece matches only text that tomllib reads the same way: basic strings with TOML's escapes,
# datetimes in tomllib's ranges, integers without leading zeros.
_CHAR = r'[^"\\\x00-\x08\x0a-\x1f\x7f]'
# Possessive (`*+`): a string never gives back what it matched, so the engine keeps no state per
# character or escape. (With plain `*`, a note of three million escapes took 3 GB to match.)
_BODY = rf'{_CHAR}*+(?:\\(?:[btnfr"\\]|u[0-9A-Fa-f]{{4}}|U[0-9A-Fa-f]{{8}}){_CHAR}*+)*+'
_STRING = rf'"{_BODY}"'
_TEXT = rf'"({_BODY})"'  # a string's text between its quotes, as a group
_MOMENT = (
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]) (?:[01][0-9]|2[0-3])"
    r":[0-5][0-9]:[0-5][0-9](?:\.[0-9]{6})?[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]"
)
_COUNT = r"0|[1-9][0-9]{0,15}"
_RECORD_PATTERN = (
    rf"\[\[session\]\]\nv = ({_COUNT})\nroutine = {_TEXT}\ntitle = {_TEXT}\n"
    rf"started_at = ({_MOMENT})\nended_at = ({_MOMENT})\nplanned_s = ({_COUNT})\n"
    r"active_s = ((?:0|[1-9][0-9]*)(?:\.[0-9]+(?:e[+-]?[0-9]+)?|e[+-]?[0-9]+))\n"
    rf"completed = (true|false)\nsteps_done = ({_COUNT})\nsteps_total = ({_COUNT})\n"
    r"(?:mood_before = ([1-5])\n)?(?:mood = ([1-5])\n)?"
    rf"tags = (\[\]|\[\n(?:    {_STRING},\n)*+\])\nnotes = {_TEXT}\n"
    # each hold is one line: its text is checked by _holds_block, not twice
    r"(?:holds = (\[\]|\[\n(?:    \{[^\n]*\},\n)*+\])\n)?"
    rf"id = {_TEXT}\n*"
)
_HOLD_PATTERN = (
    rf"    \{{ step = ({_STRING}), (?:side = ({_STRING}), )?planned_s = ({_COUNT}), "
    rf"held_s = ({_COUNT}), skipped = (true|false) \}},\n"
)
_ESCAPE = re.compile(r'\\(?:([btnfr"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))')
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


@functools.cache
def _record_regex() -> re.Pattern[str]:
    # compiled on first use: processes that only write never pay for it
    return re.compile(_RECORD_PATTERN)


@functools.cache
def _tag_regex() -> re.Pattern[str]:
    return re.compile(rf"    ({_STRING}),\n")


@functools.cache
def _hold_regex() -> re.Pattern[str]:
    return re.compile(_HOLD_PATTERN)


def _fast_holds(text: str | None) -> tuple[Hold, ...] | None:
    """The holds of the fast path's match, or raise _NotFast for values tomllib must judge."""
    if text is None:
        return None
    return _holds_block(text)


# Most sessions repeat the holds of earlier ones (a routine held as planned), and Hold values are
# immutable: a block, or a hold, read once is shared, which halves the time of reading holds.
@functools.lru_cache(maxsize=1024)
def _holds_block(text: str) -> tuple[Hold, ...]:
    """`[` newline, one hold a line exactly as `holds_text` writes it, `]`."""
    regex = _hold_regex()
    position, end = len("[\n"), len(text) - len("]")
    holds: list[Hold] = []
    while position < end:
        match = regex.match(text, position)
        if match is None or len(holds) == MAX_HOLDS:
            raise _NotFast
        holds.append(_hold(*match.groups()))
        position = match.end()
    return tuple(holds)


@functools.lru_cache(maxsize=4096)
def _hold(step: str, side: str, planned: str, held: str, skipped: str) -> Hold:
    hold = Hold(
        _string(step), _string(side) if side else None, int(planned), int(held), skipped == "true"
    )
    if (
        not hold.step.strip()
        or (hold.side is not None and not hold.side.strip())
        or hold.planned_s > MAX_HOLD_S
        or hold.held_s > MAX_HOLD_S
    ):
        raise _NotFast
    return hold


class _NotFast(Exception):
    """The fast path doesn't handle this text; tomllib will."""


def _unescape(match: re.Match[str]) -> str:
    simple, short, long = match.groups()
    if simple:
        return _SIMPLE_ESCAPES[simple]
    code = int(short or long, 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _NotFast  # not a Unicode scalar value: tomllib reports it
    return chr(code)


_SURROGATE = re.compile(r"\\u[dD][89abAB]")


def _text(body: str) -> str:
    """A basic string's text (between its quotes, checked by the pattern) with its escapes read.

    JSON's decoder reads TOML's escapes but `\\U` (and it would join or keep surrogates, which
    TOML refuses), so those few go through `_ESCAPE`; the rest, however dense, at C speed."""
    if "\\" not in body:
        return body
    if "\\U" in body or _SURROGATE.search(body):
        return _ESCAPE.sub(_unescape, body)
    text: str = scanstring(f'{body}"', 0, False)[0]  # JSON's string reader, in C
    return text


def _string(quoted: str) -> str:
    return _text(quoted[1:-1])


# The record's fields in the order the dataclass declares them: `_setters` checks it, so a new
# field fails loudly here (in every test) rather than landing in the wrong slot.
_FIELD_ORDER = (
    "id", "routine", "title", "started_at", "ended_at", "planned_s", "active_s", "completed",
    "steps_done", "steps_total", "mood", "mood_before", "tags", "notes", "v", "holds", "extra",
    "line",
)  # fmt: skip


@functools.cache
def _setters() -> tuple[Callable[[SessionRecord, Any], None], ...]:
    names = tuple(field.name for field in dataclasses.fields(SessionRecord))
    if names != _FIELD_ORDER:
        raise RuntimeError(f"SessionRecord's fields are now {names}: update hipcli.journal.fast")
    return tuple(getattr(SessionRecord, name).__set__ for name in names)


def _build(values: tuple[Any, ...]) -> SessionRecord:
    """A SessionRecord from its values in field order, its slots filled directly: the
    dataclass's own frozen __init__ costs three times as much, which tells on 100,000 records.
    The values come from `record_from_match`, which has checked them as __init__ would not."""
    record: SessionRecord = object.__new__(SessionRecord)
    for setter, value in zip(_setters(), values, strict=True):
        setter(record, value)
    return record


def fast_record(text: str, line: int = 0) -> SessionRecord | None:
    """The record, if `text` is exactly as format_record writes it and valid; else None."""
    match = _record_regex().fullmatch(text)
    return None if match is None else record_from_match(match, line)


def record_pattern() -> re.Pattern[str]:
    """The pattern of one whole record as format_record writes it (`record_from_match`)."""
    return _record_regex()


def record_from_match(match: re.Match[str], line: int = 0) -> SessionRecord | None:
    """The record the pattern matched, if its values are valid; else None (the slow path
    then says what is wrong)."""
    (
        version,
        routine,
        title,
        started,
        ended,
        planned,
        active,
        completed,
        done,
        total,
        mood_before,
        mood,
        tags,
        notes,
        holds,
        ident,
    ) = match.groups()
    try:
        started_at = datetime.fromisoformat(started)
        ended_at = datetime.fromisoformat(ended)
        steps_done, steps_total, active_s = int(done), int(total), float(active)
        if "\\" in routine:
            routine = _text(routine)
        if "\\" in title:
            title = _text(title)
        if "\\" in ident:
            ident = _text(ident)
        values: tuple[Any, ...] = (
            ident,
            routine,
            title,
            started_at,
            ended_at,
            int(planned),
            active_s,
            completed == "true",
            steps_done,
            steps_total,
            int(mood) if mood else None,
            int(mood_before) if mood_before else None,
            tuple(map(_string, _tag_regex().findall(tags))) if tags != "[]" else (),
            _text(notes) if "\\" in notes else notes,
            int(version),
            _fast_holds(holds),
            {},
            line,
        )
    except (ValueError, _NotFast):  # 30 February, a surrogate escape: the slow path says so
        return None
    valid = (
        ended_at >= started_at
        and steps_done <= steps_total
        and values[14] >= 1
        and math.isfinite(active_s)
        # year 1, 1e308: out of the bounds hipcli can place, the slow path says what is wrong
        and YEARS[0] <= started_at.year <= YEARS[1]
        and YEARS[0] <= ended_at.year <= YEARS[1]
        and 0 <= active_s <= MAX_SESSION_S
        and values[5] <= MAX_SESSION_S
        and ident.strip()
        and routine.strip()
    )
    return _build(values) if valid else None
