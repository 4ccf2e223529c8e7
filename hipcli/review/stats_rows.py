"""The stats of the whole journal read with fewer steps (issue 13: `--stats` within 2.5x of
reading the journal at all): of each record in hipcli's own layout (`hipcli.journal.fast`) only
what the stats count is made, after checking the record exactly as `record_from_groups` checks
it. A record this doesn't read itself is read by `record_from_groups` (a SessionRecord, which
the stats count alike); tests check both ways against each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import cast

from hipcli.journal.fast import Groups, checked_start, holds_of, record_from_groups, tags_of
from hipcli.journal.record import (
    MAX_SESSION_S,
    JournalProblem,
    SessionRecord,
)
from hipcli.journal.stream import stream_in_order_batches
from hipcli.journal.strings import string_text
from hipcli.review.select import Filters, LogRequest, ProblemSink

_MOODS: dict[str | None, int | None] = {None: None, **{str(mood): mood for mood in range(1, 6)}}


class Practised:
    """What the stats count of one session (`stats.StatsBuilder.add` takes it, or a record)."""

    __slots__ = (
        "active_s", "completed", "id", "mood", "mood_before", "routine", "started_at", "tags",
        "title",
    )  # fmt: skip

    def __init__(
        self,
        ident: str,
        started_at: datetime,
        active_s: float,
        completed: bool,
        mood: int | None,
        mood_before: int | None,
        routine: str,
        title: str,
        tags: tuple[str, ...],
    ) -> None:
        self.id = ident
        self.started_at = started_at
        self.active_s = active_s
        self.completed = completed
        self.mood = mood
        self.mood_before = mood_before
        self.routine = routine
        self.title = title
        self.tags = tags


# Lengths practised, and tags and holds blocks, read once each (most records repeat them): a
# length's value (None: not a valid length); the tags of a block (a block the fast path refuses
# is not kept); the holds blocks found valid.
_KEPT = 4096
_ACTIVE: dict[str, float | None] = {}
_TAGS: dict[str, tuple[str, ...]] = {"[]": ()}
_HOLDS: set[str | None] = {None}


def _active(text: str) -> float | None:
    value = float(text)
    if len(_ACTIVE) >= _KEPT:
        _ACTIVE.clear()
    kept = _ACTIVE[text] = value if 0 <= value <= MAX_SESSION_S else None  # (false for nan)
    return kept


def _record(groups: Groups, line: int) -> SessionRecord | None:
    """The record itself, after keeping its tags and holds blocks for the records that repeat
    them."""
    tags, holds = groups[12], groups[14]
    if tags not in _TAGS:
        found = tags_of(tags)
        if found is not None:
            if len(_TAGS) >= _KEPT:
                _TAGS.clear()
                _TAGS["[]"] = ()
            _TAGS[tags] = found
    if holds not in _HOLDS and holds_of(holds) is not None:
        if len(_HOLDS) >= _KEPT:
            _HOLDS.clear()
            _HOLDS.add(None)
        _HOLDS.add(holds)
    return record_from_groups(groups, line)


def practised(groups: Groups, line: int) -> Practised | SessionRecord | None:
    """What the stats count of a record read by the fast path (None: not valid, see
    `read.Build`). Written for speed: what it checks is what `record_from_groups` checks."""
    (
        version, routine, title, started, ended, planned, active, completed, done, total,
        before, mood, tags, notes, holds, ident,
    ) = groups  # fmt: skip
    active_s = _ACTIVE.get(active) or _active(active)
    tag_values = _TAGS.get(tags)
    if (
        active_s is None
        or tag_values is None
        or holds not in _HOLDS
        or "\\" in routine + ident
        or ("\\" in notes and ("\\u" in notes or "\\U" in notes))
    ):
        return _record(groups, line)
    if "\\" in title:
        title = string_text(title)
        if title is None:  # a surrogate escape: the record path says so
            return None
    started_at = checked_start(version, ident, routine, started, ended, done, total, planned)
    if started_at is None:
        return None
    return Practised(
        ident,
        started_at,
        active_s,
        completed == "true",
        _MOODS[mood],
        _MOODS[before],
        routine,
        title,
        tag_values,
    )


def whole_journal(
    request: LogRequest, filters: Filters, on_problem: ProblemSink
) -> Iterator[Practised | SessionRecord]:
    """What the stats count of every session of the journal (no filters: they test records),
    in the order they were saved; its problems to `on_problem` as they are met."""
    batches = stream_in_order_batches(
        request.journal, practised, device=request.device, lines=False
    )
    for batch in batches:
        if any(type(item) is JournalProblem for item in batch):
            for item in batch:
                if isinstance(item, JournalProblem):
                    on_problem(item)
                else:
                    filters.records_seen += 1
                    yield cast(Practised | SessionRecord, item)
            continue
        filters.records_seen += len(batch)
        yield from cast(list[Practised | SessionRecord], batch)
