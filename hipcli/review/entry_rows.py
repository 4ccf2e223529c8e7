"""`hipcli log --all` (entries) written straight from the journal's text (issue 13: views of the
whole journal within 2.5x of reading the journal at all).

The records of a region that take the journal's fast path (`hipcli.journal.fast`: their text
exactly as hipcli writes it) are checked as `record_from_groups` checks them and written as
entries without building a SessionRecord, a column at a time (`region_rows`): the heading is
a template (kept for the title, moods, status and the size of its time and length) with the
record's time and length put in, the tags are kept by the text of their list, and the region's
notes are read and wrapped together (`entries.note_texts`). Anything unusual (an escape the fast
path refuses, a heading squeezed to its date and title) is written from the record, by
`entries.entry_text`, as records in any other layout are. Tests check every entry both ways
against `entries.entry_text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from operator import add, itemgetter
from typing import Any

from hipcli.journal.fast import Groups, record_from_groups, tags_of
from hipcli.journal.record import MAX_SESSION_S
from hipcli.journal.strings import string_text
from hipcli.literal import visible
from hipcli.review.entries import (
    HeadingParts,
    body_layout,
    entry_text,
    heading_from,
    lengths,
    note_texts,
    tag_lines,
)
from hipcli.review.layout import Paint
from hipcli.review.region_rows import (
    DATE,
    Builder,
    Memo,
    TextRow,
    checked_region,
    escaped,
    notes_of,
    odd,
    text_rows,
    titles_of,
)
from hipcli.review.words import when_text

HEADINGS_KEPT = 1 << 14  # headings (a title, moods, status and sizes: a few thousand kinds)
MOODS: dict[str | None, int | None] = {None: None, **{str(mood): mood for mood in range(1, 6)}}
# a length in the heading: the long and compact texts and their sizes (None: not a valid length)
Length = tuple[str, str, int, int] | None
_NO_LENGTH = ("", "", 0, 0)


def length_of(active: str) -> Length:
    """The heading's texts of an `active_s` value (as the journal has it)."""
    value = float(active)
    if not 0 <= value <= MAX_SESSION_S:  # (false for nan)
        return None
    long, short = lengths(value)
    return long, short, len(long), len(short)


def title_of(body: str) -> str | None:
    """A title's visible text, from its text in the journal (None: an escape the fast path
    refuses)."""
    text = string_text(body) if "\\" in body else body
    return None if text is None else visible(text)


def day_of(date: str) -> str:
    """ "Sat 21 Nov 2026", from a `started_at` value's date ("2026-11-21")."""
    return when_text(datetime.fromisoformat(date))[:-6]  # (less its " 00:00")


# a heading as (style, before the time, between the time and the length, after the length):
# the heading is `before + when + between + length + after` (None: the slow path writes it)
Template = tuple[int, str, str, str] | None
_WHEN, _LENGTH = "\x01", "\x02"  # (visible text holds no control characters)
_NO_TEMPLATE = (0, "", "", "")
# What a heading shows but the time and length (title, completed, moods before and after)...
Heading = tuple[str, str, str | None, str | None]
# ... and the sizes it is made for: of the day and long length together (the long time, then
# the long length), and of the short length (in the compact styles). The template depends on
# nothing else: how much room the title is left, and which style fits.
Key = tuple[Heading, int, int]
# (a heading in a compact style, which shows the short length: made for its size too)
COMPACT = "compact"


def _template(key: Key, width: int, paint: Paint) -> Template:
    """A heading with stand-ins for its time and length, cut at them."""
    (title, completed, before, after), day_and_long, short_size = key
    when_size = day_and_long - 1 + 6  # (the day, " 07:30"; the long length one cell of it)
    whens = (_WHEN * when_size, _WHEN * when_size, _WHEN * 16, _WHEN * 10)
    parts = HeadingParts(
        whens,
        title,
        (_LENGTH, _LENGTH * short_size),
        completed == "true",
        MOODS[before],
        MOODS[after],
    )
    line = heading_from(parts, width, paint, squeeze=True)
    if line is None or _LENGTH not in line:
        return None  # the date and title alone: written from the record
    begin = line.index(_WHEN)
    size = line.count(_WHEN)
    style = 3 if size == 10 else 2 if size == 16 else 0  # (the long time: 21 cells or more)
    middle = line.index(_LENGTH)
    return style, line[:begin], line[begin + size : middle], line[middle + line.count(_LENGTH) :]


_LONG_SIZE, _SHORT_SIZE = itemgetter(2), itemgetter(3)


def entry_builder(width: int, paint: Paint) -> Builder:
    """What a reader makes of the records that take the fast path: their entries (see the
    module's docstring), a region at a time, or None when one isn't valid (the reader then
    goes record by record, and reports it)."""
    pad, size = body_layout(width)

    def tags_text(block: str) -> str | None:
        tags = tags_of(block)
        if not tags:
            return None if tags is None else ""
        return "".join(line + "\n" for line in tag_lines(tags, size, pad, paint))

    lengths_, titles, days = Memo(length_of), Memo(title_of), Memo(day_of)
    tag_texts: Memo[str, str | None] = Memo(tags_text)
    templates: Memo[Key, Template] = Memo(lambda key: _template(key, width, paint), HEADINGS_KEPT)

    def long_form(sizes: tuple[Heading, int]) -> Template | str:
        """The template of a heading in a long style (whatever the short length), else
        COMPACT."""
        template = _template((*sizes, 1), width, paint)
        return template if template is None or template[0] == 0 else COMPACT

    long_forms: Memo[tuple[Heading, int], Template | str] = Memo(
        long_form, HEADINGS_KEPT, mark=COMPACT
    )

    def from_record(groups: Groups) -> str | None:
        record = record_from_groups(groups, 0)
        return None if record is None else entry_text(record, width, paint)

    def many(groups: Sequence[Groups]) -> list[TextRow] | None:
        region = checked_region(groups)
        if region is None:
            return None
        started = region.started
        length: list[Any] = lengths_.column(region.active)
        shown: list[Any] = titles.column(titles_of(region))
        tag_text: list[Any] = tag_texts.column(region.tags)
        read, refused = notes_of(region)
        notes: list[Any] = read
        places = odd(
            (length, shown, tag_text, notes),
            (_NO_LENGTH, "", "", ""),
            escaped(region),
            (lengths_.unusual, titles.unusual, tag_texts.unusual, refused),
        )
        day = days.column(list(map(DATE, started)))
        heading = zip(shown, region.completed, region.before, region.mood, strict=True)
        sizes = list(zip(heading, map(add, map(len, day), map(_LONG_SIZE, length)), strict=True))
        template: list[Any] = long_forms.column(sizes)
        if long_forms.unusual and COMPACT in template:  # (a narrow terminal: see `COMPACT`)
            keys = zip(sizes, map(_SHORT_SIZE, length), strict=True)
            template = templates.column([(*both, short) for both, short in keys])
        if (templates.unusual or long_forms.unusual) and None in template:
            places = odd((template,), (_NO_TEMPLATE,), places)
        heads = [
            f"{head}{day_}{start[10:16]}{middle}{long}{tail}\n{tags}"
            if style == 0
            else f"{head}{start[:16] if style == 2 else start[:10]}{middle}{short}{tail}\n{tags}"
            for (style, head, middle, tail), day_, start, (long, short, _, _), tags in zip(
                template, day, started, length, tag_text, strict=True
            )
        ]
        texts = list(map(add, heads, note_texts(notes, size, pad)))
        for place in places:
            text = from_record(groups[place])
            if text is None:
                return None
            texts[place] = text
        return text_rows(region.ident, region.starts, texts)

    return Builder(many)
