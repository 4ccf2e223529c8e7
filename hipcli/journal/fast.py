"""The journal's fast path: one regular expression for a whole record exactly as
`format_record` writes it, read without tomllib. Anything else (a record with unknown fields, or
edited by hand in another layout) is left to tomllib by `hipcli.journal.read`; tests check that
the two agree wherever the fast path answers.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from datetime import datetime
from typing import Any

from hipcli.journal.holds import MAX_HOLD_S, MAX_HOLDS, Hold
from hipcli.journal.record import MAX_SESSION_S, MAX_STEPS_RECORDED, YEARS, SessionRecord
from hipcli.journal.strings import NotFast as _NotFast
from hipcli.journal.strings import read_escapes as _text

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
    # the seal, and the end of the record: the next one's header line, or the end of the text
    # (a region's, a file's): whatever else follows belongs to this record in TOML
    rf"id = {_TEXT}(?:\n+(?=\[\[session\]\]\n)|\n*\Z)"
)
_HOLD_PATTERN = (
    rf"    \{{ step = ({_STRING}), (?:side = ({_STRING}), )?planned_s = ({_COUNT}), "
    rf"held_s = ({_COUNT}), skipped = (true|false) \}},\n"
)


@functools.cache
def _record_regex() -> re.Pattern[str]:
    # compiled on first use: processes that only write never pay for it
    _check_fields()  # before the first record is built from a match
    return re.compile(_RECORD_PATTERN)


@functools.cache
def _tag_regex() -> re.Pattern[str]:
    return re.compile(rf"    ({_STRING}),\n")


@functools.cache
def _hold_regex() -> re.Pattern[str]:
    return re.compile(_HOLD_PATTERN)


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


def _string(quoted: str) -> str:
    return _text(quoted[1:-1])


# The record's fields in the order the dataclass declares them: `_check_fields` checks it, so a
# new field fails loudly here (in every test) rather than landing in the wrong slot.
_FIELD_ORDER = (
    "id", "routine", "title", "started_at", "ended_at", "planned_s", "active_s", "completed",
    "steps_done", "steps_total", "mood", "mood_before", "tags", "notes", "v", "holds", "extra",
    "line",
)  # fmt: skip


class _Filling:
    """A SessionRecord being filled: the same slots, in the same order, set by plain assignment
    (a frozen dataclass sets each field through `object.__setattr__`, three times as slow, which
    tells on 100,000 records), then made the SessionRecord it is (`_build`)."""

    __slots__ = _FIELD_ORDER

    def __init__(
        self,
        id: str,
        routine: str,
        title: str,
        started_at: datetime,
        ended_at: datetime,
        planned_s: int,
        active_s: float,
        completed: bool,
        steps_done: int,
        steps_total: int,
        mood: int | None,
        mood_before: int | None,
        tags: tuple[str, ...],
        notes: str,
        v: int,
        holds: tuple[Hold, ...] | None,
        extra: dict[str, Any],
        line: int,
    ) -> None:
        self.id = id
        self.routine = routine
        self.title = title
        self.started_at = started_at
        self.ended_at = ended_at
        self.planned_s = planned_s
        self.active_s = active_s
        self.completed = completed
        self.steps_done = steps_done
        self.steps_total = steps_total
        self.mood = mood
        self.mood_before = mood_before
        self.tags = tags
        self.notes = notes
        self.v = v
        self.holds = holds
        self.extra = extra
        self.line = line


@functools.cache
def _check_fields() -> None:
    """Raise unless SessionRecord has `_Filling`'s fields and slots, in the same order."""
    names = tuple(field.name for field in dataclasses.fields(SessionRecord))
    if names != _FIELD_ORDER or SessionRecord.__slots__ != _FIELD_ORDER:
        raise RuntimeError(f"SessionRecord's fields are now {names}: update hipcli.journal.fast")


_become = object.__setattr__  # (a frozen dataclass refuses its own __setattr__)


# Numbers and tags as written: most records repeat a few (steps, planned lengths, the version,
# lengths practised, lists of tags), each read once (bounded caches).
_KEPT = 4096
_INTS: dict[str, int] = {}
_FLOATS: dict[str, float] = {}
_TAGS: dict[str, tuple[str, ...]] = {"[]": ()}
_MOODS: dict[str | None, int | None] = {
    None: None,
    "": None,
    **{str(mood): mood for mood in range(1, 6)},
}


def _int(text: str) -> int:
    if len(_INTS) >= _KEPT:
        _INTS.clear()
    value = _INTS[text] = int(text)
    return value


def _float(text: str) -> float:
    if len(_FLOATS) >= _KEPT:
        _FLOATS.clear()
    value = _FLOATS[text] = float(text)
    return value


def _tags(block: str) -> tuple[str, ...]:
    tags = tuple(map(_string, _tag_regex().findall(block)))
    if len(_TAGS) >= _KEPT:
        _TAGS.clear()
        _TAGS["[]"] = ()
    _TAGS[block] = tags
    return tags


def tags_of(block: str) -> tuple[str, ...] | None:
    """The tags of a record's `tags` block (as the pattern matched it), read as
    `record_from_groups` reads them; None when it would refuse them."""
    try:
        found = _TAGS.get(block)
        return _tags(block) if found is None else found
    except _NotFast:
        return None


def holds_of(block: str) -> tuple[Hold, ...] | None:
    """The holds of a record's `holds` block, likewise; None when it would refuse them."""
    try:
        return _holds_block(block)
    except _NotFast:
        return None


def fast_record(text: str, line: int = 0) -> SessionRecord | None:
    """The record, if `text` is exactly as format_record writes it and valid; else None."""
    match = _record_regex().fullmatch(text)
    return None if match is None else record_from_groups(match.groups(), line)


def record_pattern() -> re.Pattern[str]:
    """The pattern of one whole record as format_record writes it (`record_from_groups`)."""
    return _record_regex()


@functools.cache
def record_pattern_bytes() -> re.Pattern[bytes]:
    """`record_pattern` for undecoded bytes (on valid UTF-8 it matches where that does)."""
    return re.compile(_check_fields() or _RECORD_PATTERN.encode("ascii"))


Groups = tuple[Any, ...]  # a match's groups: str, or None (or "", from `findall`) for a part
# that isn't there (a mood, the holds: no part that is there can be "")


_parse = datetime.fromisoformat
_LOW, _HIGH = YEARS


def record_from_groups(groups: Groups, line: int = 0) -> SessionRecord | None:
    """The record the pattern matched (its groups), if its values are valid; else None (the
    slow path then says what is wrong). Written for speed: every view of the whole journal
    reads each record through here (a SessionRecord filled as `_Filling`, numbers and tags from
    caches)."""
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
    ) = groups
    ints = _INTS
    try:
        started_at = _parse(started)
        ended_at = _parse(ended)
        steps_done = ints.get(done) or _int(done)
        steps_total = ints.get(total) or _int(total)
        planned_s = ints.get(planned) or _int(planned)
        active_s = _FLOATS.get(active) or _float(active)
        if "\\" in notes:
            notes = _text(notes)
        if "\\" in routine:
            routine = _text(routine)
        if "\\" in title:
            title = _text(title)
        if "\\" in ident:
            ident = _text(ident)
        tag_values = _TAGS.get(tags)
        filling = _Filling(
            ident,
            routine,
            title,
            started_at,
            ended_at,
            planned_s,
            active_s,
            completed == "true",
            steps_done,
            steps_total,
            _MOODS[mood],
            _MOODS[mood_before],
            _tags(tags) if tag_values is None else tag_values,
            notes,
            ints.get(version) or _int(version),
            _holds_block(holds) if holds else None,
            {},
            line,
        )
    except (ValueError, _NotFast):  # 30 February, a surrogate escape: the slow path says so
        return None
    if (
        ended_at >= started_at
        and steps_done <= steps_total <= MAX_STEPS_RECORDED
        and version != "0"
        # year 1, 1e308: out of the bounds hipcli can place, the slow path says what is wrong
        and _LOW <= started_at.year <= _HIGH
        and _LOW <= ended_at.year <= _HIGH
        and 0 <= active_s <= MAX_SESSION_S  # (false for nan; inf is more than a week)
        and planned_s <= MAX_SESSION_S
        and ident.strip()
        and routine.strip()
    ):
        _become(filling, "__class__", SessionRecord)  # the same layout: see _Filling
        return filling  # type: ignore[return-value]
    return None


_FIRST, _AFTER = f"{YEARS[0]:04d}", f"{YEARS[1] + 1:04d}"  # (years compared as text)


def checked_start(
    version: str,
    ident: str,
    routine: str,
    started: str,
    ended: str,
    done: str,
    total: str,
    planned: str,
) -> datetime | None:
    """When a session began, from the text of a record in hipcli's own layout, if its times,
    steps and names pass the checks `record_from_groups` makes; else None (the fast writers of
    rows and stats then leave the record to the full path, which reports it)."""
    try:
        started_at = datetime.fromisoformat(started)
        ended_at = datetime.fromisoformat(ended)
    except ValueError:  # 30 February
        return None
    if not (
        ended_at >= started_at
        and _FIRST <= started < _AFTER
        and _FIRST <= ended < _AFTER
        and version != "0"
        and int(done) <= int(total) <= MAX_STEPS_RECORDED
        and int(planned) <= MAX_SESSION_S
        and ident.strip()
        and routine.strip()
    ):
        return None
    return started_at
