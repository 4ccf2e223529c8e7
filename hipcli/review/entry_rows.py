"""`hipcli log --all` (entries) written straight from each record's text (issue 13: views of the
whole journal within 2.5x of reading the journal at all).

A record that takes the journal's fast path (`hipcli.journal.fast`: its text exactly as hipcli
writes it) is checked as `record_from_groups` checks it and then written as its entry without
building a SessionRecord: the heading is its time's text and a few parts kept for the
sessions that repeat them (the title, moods and status, the length of the length), the tags are
kept by the text of their list, and only the notes are made visible and wrapped for each
session. Anything unusual (an escape the fast path refuses, a heading squeezed to its date and
title) is written from the record, by `entries.entry_text`, as records in any other layout are.
Tests check every entry both ways against `entries.entry_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from hipcli.journal.fast import (
    Groups,
    checked_start,
    holds_of,
    record_from_groups,
    string_text,
    tags_of,
)
from hipcli.journal.record import MAX_SESSION_S
from hipcli.literal import visible
from hipcli.review.entries import (
    HeadingParts,
    body_layout,
    entry_text,
    heading_from,
    lengths,
    note_text,
    tag_lines,
)
from hipcli.review.layout import Paint
from hipcli.review.words import when_text

KEPT = 4096  # texts kept of each kind (lengths, titles, lists of tags)
HEADINGS_KEPT = 1 << 14  # headings (a title, moods, status and sizes: a few thousand kinds)
MOODS: dict[str | None, int | None] = {None: None, **{str(mood): mood for mood in range(1, 6)}}
UNSEEN: Any = object()  # (what a cache gives for a text not yet seen)


class TextRow:
    """One session as a view writes it, made straight from the journal's text: its id and
    start (for the order) and its text."""

    __slots__ = ("id", "started_at", "text")

    def __init__(self, ident: str, started_at: datetime, text: str) -> None:
        self.id = ident
        self.started_at = started_at
        self.text = text


K = TypeVar("K")
V = TypeVar("V")


def _remember(kept: dict[K, V], key: K, value: V) -> None:
    if len(kept) >= KEPT:
        kept.clear()
    kept[key] = value


class Repeated:
    """What most records repeat, each read once (bounded): the lengths of an `active_s`'s
    text (None: not a valid length), a title's visible text (None: an escape the fast path
    refuses), whether a holds block is read by the fast path, the days of start times."""

    def __init__(self) -> None:
        self.lengths: dict[str, tuple[str, str] | None] = {}
        self.titles: dict[str, str | None] = {}
        self.holds: dict[str | None, bool] = {None: True}
        self.days: dict[str, str] = {}

    def length(self, active: str) -> tuple[str, str] | None:
        value = float(active)
        found = lengths(value) if 0 <= value <= MAX_SESSION_S else None  # (false for nan)
        _remember(self.lengths, active, found)
        return found

    def title(self, body: str) -> str | None:
        text = string_text(body) if "\\" in body else body
        shown = None if text is None else visible(text)
        _remember(self.titles, body, shown)
        return shown

    def holds_read(self, block: str) -> bool:
        found = holds_of(block) is not None
        _remember(self.holds, block, found)
        return found

    def day(self, started: str, started_at: datetime) -> str:
        day = when_text(started_at)[:-6]  # (less its " 07:30")
        _remember(self.days, started[:10], day)
        return day


Build = Callable[[Groups, int], TextRow | None]
# a heading as (style, before the time, between the time and the length, after the length):
# the heading is `before + when + between + length + after` (None: the slow path writes it)
Template = tuple[int, str, str, str] | None
_WHEN, _LENGTH = "\x01", "\x02"  # (visible text holds no control characters)


Key = tuple[str, bool, str | None, str | None, int, int, int]


def _template(key: Key, width: int, paint: Paint) -> Template:
    """A heading with stand-ins for its time and length, cut at them."""
    title, completed, before, after, when_size, long_size, short_size = key
    whens = (_WHEN * when_size, _WHEN * when_size, _WHEN * 16, _WHEN * 10)
    parts = HeadingParts(
        whens,
        title,
        (_LENGTH * long_size, _LENGTH * short_size),
        completed,
        MOODS[before],
        MOODS[after],
    )
    line = heading_from(parts, width, paint, squeeze=True)
    if line is None or _LENGTH not in line:
        return None  # the date and title alone: written from the record
    begin = line.index(_WHEN)
    size = line.count(_WHEN)
    style = 3 if size == 10 else 2 if size == 16 else 0  # (the long time: 20 or 21 cells)
    middle = line.index(_LENGTH)
    return style, line[:begin], line[begin + size : middle], line[middle + line.count(_LENGTH) :]


def entry_builder(width: int, paint: Paint) -> Build:
    """What a reader makes of each record that takes the fast path: its entry (see the
    module's docstring), or None when the record isn't valid (the reader then reports it)."""
    pad, size = body_layout(width)
    texts = Repeated()
    templates: dict[Key, Template] = {}
    tag_texts: dict[str, str | None] = {"[]": ""}

    def from_record(groups: Groups, line: int) -> TextRow | None:
        record = record_from_groups(groups, line)
        if record is None:
            return None
        return TextRow(record.id, record.started_at, entry_text(record, width, paint))

    def tags_text(block: str) -> str | None:
        tags = tags_of(block)
        text = (
            None
            if tags is None
            else "".join(line + "\n" for line in tag_lines(tags, size, pad, paint))
        )
        if len(tag_texts) >= KEPT:
            tag_texts.clear()
            tag_texts["[]"] = ""
        tag_texts[block] = text
        return text

    # (the caches' lookups, found once: each record looks in every one)
    lengths_get, titles_get, holds_get = texts.lengths.get, texts.titles.get, texts.holds.get
    days_get, tags_get, templates_get = texts.days.get, tag_texts.get, templates.get

    def build(groups: Groups, line: int) -> TextRow | None:
        (
            version, routine, title, started, ended, planned, active, completed, done, total,
            before, mood, tags, notes, holds, ident,
        ) = groups  # fmt: skip
        length = lengths_get(active, UNSEEN)
        if length is UNSEEN:
            length = texts.length(active)
        shown = titles_get(title or routine, UNSEEN)
        if shown is UNSEEN:
            shown = texts.title(title or routine)
        tag_text = tags_get(tags, UNSEEN)
        if tag_text is UNSEEN:
            tag_text = tags_text(tags)
        read = holds_get(holds)
        if read is None:
            read = texts.holds_read(holds)
        if (
            length is None
            or shown is None
            or tag_text is None
            or not read
            or "\\" in routine
            or "\\" in ident
        ):
            return from_record(groups, line)  # (None, or the record with what it holds)
        if "\\" in notes:
            notes = string_text(notes)
            if notes is None:
                return from_record(groups, line)
        started_at = checked_start(version, ident, routine, started, ended, done, total, planned)
        if started_at is None:
            return None
        day = days_get(started[:10]) or texts.day(started, started_at)
        long, short = length
        key: Key = (shown, completed == "true", before, mood, len(day) + 6, len(long), len(short))
        template = templates_get(key, UNSEEN)
        if template is UNSEEN:
            template = _template(key, width, paint)
            if len(templates) >= HEADINGS_KEPT:
                templates.clear()
            templates[key] = template
        if template is None:
            return from_record(groups, line)
        style, head, middle, tail = template
        if style == 0:
            when = f"{day} {started[11:16]}"
        else:
            when = started[:16] if style == 2 else started[:10]
        text = f"{head}{when}{middle}{long if style < 2 else short}{tail}\n{tag_text}"
        if notes and not notes.isspace():
            text += note_text(notes, size, pad)
        return TextRow(ident, started_at, text)

    return build
