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

from collections.abc import Callable, Sequence
from datetime import datetime
from operator import add, itemgetter, le
from typing import Any, NamedTuple

from hipcli.journal.fast import Groups, tags_of
from hipcli.journal.record import MAX_SESSION_S, SessionRecord
from hipcli.journal.strings import string_text
from hipcli.literal import visible
from hipcli.review.entries import (
    HeadingParts,
    body_layout,
    entry_text,
    heading_from,
    lengths,
    note_texts,
    note_texts_read,
    tag_lines,
)
from hipcli.review.layout import Paint, measure
from hipcli.review.region_rows import (
    Builder,
    Memo,
    Region,
    TextRow,
    checked_region,
    escaped,
    finished_rows,
    notes_of,
    odd,
    titles_of,
)
from hipcli.review.words import length_text, when_text

HEADINGS_KEPT = 1 << 14  # headings (a title, moods, status and sizes: a few thousand kinds)
# a mood as the match has it (one that isn't there: b"" from `findall`, None from a match)
MOODS: dict[bytes | None, int | None] = {
    None: None,
    b"": None,
    **{str(mood).encode(): mood for mood in range(1, 6)},
}
# a length in the heading: the long and compact texts and their sizes (None: not a valid length)
Length = tuple[str, str, int, int] | None


def length_of(active: bytes) -> Length:
    """The heading's texts of an `active_s` value (as the journal has it)."""
    value = float(active)
    if not 0 <= value <= MAX_SESSION_S:  # (false for nan)
        return None
    long, short = lengths(value)
    return long, short, len(long), len(short)


def long_length(active: bytes) -> str | None:
    """The heading's long length of an `active_s` value (None: not a valid length; the pattern
    reads only numbers of digits, 0 or more)."""
    value = float(active)
    return length_text(value) if value <= MAX_SESSION_S else None


def title_of(body: bytes) -> str | None:
    """A title's visible text, from its text in the journal (None: an escape the fast path
    refuses, or not UTF-8)."""
    try:
        decoded = body.decode()
    except UnicodeDecodeError:
        return None
    text = string_text(decoded) if "\\" in decoded else decoded
    return None if text is None else visible(text)


def day_of(date: bytes) -> str:
    """ "Sat 21 Nov 2026", from a `started_at` value's date (b"2026-11-21")."""
    return when_text(datetime.fromisoformat(date.decode()))[:-6]  # (less its " 00:00")


# a heading as (style, before the time, between the time and the length, after the length):
# the heading is `before + when + between + length + after` (None: the slow path writes it)
Template = tuple[int, str, str, str] | None
_WHEN, _LENGTH = "\x01", "\x02"  # (visible text holds no control characters)
_NO_TEMPLATE = (0, "", "", "")
_NO_LENGTH = ("", "", 0, 0)
# a template looked up by its sizes too, and the length it shows (see `entry_builder`)
Sized = tuple[tuple[int, str, str, str], str]
# What a heading shows but the time and length (title, completed, moods before and after)...
Heading = tuple[str, bytes, bytes | None, bytes | None]
# ... and the sizes it is made for: of the day and long length together (the long time, then
# the long length), and of the short length (in the compact styles). The template depends on
# nothing else: how much room the title is left, and which style fits.
Key = tuple[Heading, int, int]
# (a heading in a compact style, which shows the short length: made for its size too. A
# compact style at one size is one at every larger size, the same whatever the size: such a
# template is looked up as at the largest, `SIZES[1]`, by its short length alone)
COMPACT = "compact"


def _template(key: Key, width: int, paint: Paint, machine: str = "") -> Template:
    """A heading with stand-ins for its time and length, cut at them (`machine`, made visible:
    at its end, and None where it has no room there, as `entries.heading` writes it)."""
    (title, completed, before, after), day_and_long, short_size = key
    when_size = day_and_long - 1 + 6  # (the day, " 07:30"; the long length one cell of it)
    whens = (_WHEN * when_size, _WHEN * when_size, _WHEN * 16, _WHEN * 10)
    parts = HeadingParts(
        whens,
        title,
        (_LENGTH, _LENGTH * short_size),
        completed == b"true",
        MOODS[before],
        MOODS[after],
    )
    line = heading_from(parts, width, paint, machine, squeeze=not machine)
    if line is None or _LENGTH not in line:
        return None  # the date and title alone: written from the record
    begin = line.index(_WHEN)
    size = line.count(_WHEN)
    style = 3 if size == 10 else 2 if size == 16 else 0  # (the long time: 21 cells or more)
    middle = line.index(_LENGTH)
    return style, line[:begin], line[begin + size : middle], line[middle + line.count(_LENGTH) :]


# The sizes a heading's day and long length take together (`Key`): the day "Sat 1 Nov 2026"
# or "Sat 21 Nov 2026" (a year of four digits, `YEARS`), the length "0s" to "168h 00m".
SIZES = (14 + 2, 15 + 8)
# A heading in the longest style whatever the size, up to a size: (that size, then as in
# `Template`); a size of -1 for a heading looked up by its sizes too (`_BY_SIZES`), -2 for one
# in a compact style whatever the size (`_COMPACT_ONLY`: the long styles leave its title too
# little room at the smallest size, so at every size; its template depends on the short
# length alone: whether it is compact is looked up once, at the smallest size, and its
# template as `COMPACT` says)
Form = tuple[int, str, str, str]
_BY_SIZES: Form = (-1, "", "", "")
_COMPACT_ONLY: Form = (-2, "", "", "")
_LIMIT = itemgetter(0)
_LONG_SIZE, _SHORT_SIZE = itemgetter(2), itemgetter(3)
LENGTHS_KEPT = 1 << 15  # long lengths, by `active_s` as the journal has it


def entry_builder(width: int, paint: Paint, machine: str = "") -> Builder:
    """What a reader makes of the records that take the fast path: their entries (see the
    module's docstring), a region at a time, or None when one isn't valid (the reader then
    goes record by record, and reports it). With `machine` (a journal folder's file) each
    heading ends with it (where it has no room, the entry is written from its record)."""
    return entry_builders(width, paint)(machine)


def entry_builders(width: int, paint: Paint) -> Callable[[str], Builder]:
    """`entry_builder` for each machine of a journal folder: the texts that don't depend on
    the machine (days, lengths, titles, tags) kept once for all of them."""
    pad, size = body_layout(width)

    def tags_text(block: bytes) -> str | None:
        try:
            tags = tags_of(block.decode())
        except UnicodeDecodeError:
            return None
        if not tags:
            return None if tags is None else ""
        return "".join(line + "\n" for line in tag_lines(tags, size, pad, paint))

    shared = Shared(
        Memo(length_of),
        Memo(title_of),
        Memo(day_of),
        Memo(long_length, LENGTHS_KEPT),
        Memo(tags_text),
    )
    return lambda machine: _builder(width, paint, machine, shared)


class Shared(NamedTuple):
    """The texts the builders of a folder's machines keep once for all of them."""

    lengths: Memo[bytes, Length]
    titles: Memo[bytes, str | None]
    days: Memo[bytes, str]
    longs: Memo[bytes, str | None]
    tags: Memo[bytes, str | None]


def _builder(width: int, paint: Paint, machine: str, shared: Shared) -> Builder:
    """An `entry_builder` for `machine`, with the texts it shares with other machines'."""
    pad, size = body_layout(width)
    lengths_, titles, days, longs, tag_texts = shared
    shown_machine = visible(machine)
    templates: Memo[Key, Template] = Memo(
        lambda key: _template(key, width, paint, shown_machine), HEADINGS_KEPT
    )

    def form(heading: Heading) -> Form:
        """The template of a heading in the longest style, and the largest size (of its day and
        long length) up to which it is the same (`SIZES`: the title is not cut shorter)."""
        low = _template((heading, SIZES[0], 1), width, paint, shown_machine)
        if low is None:
            return _BY_SIZES
        if low[0] != 0:
            return _COMPACT_ONLY
        plain: Template = low
        if paint.on:
            plain = _template((heading, SIZES[0], 1), width, Paint(False), shown_machine)
        assert plain is not None
        limit = min(SIZES[1], width - 6 - measure(plain[1] + plain[2] + plain[3]))
        if limit < SIZES[0]:
            return _BY_SIZES
        # (the same at both ends: the same between them, as the room for the title only
        # shrinks with the size, and the title is cut no shorter)
        if limit > SIZES[0] and _template((heading, limit, 1), width, paint, shown_machine) != low:
            return _BY_SIZES
        return limit, low[1], low[2], low[3]

    def long_form(sizes: tuple[Heading, int]) -> Template | str:
        """The template of a heading in a long style (whatever the short length), else
        COMPACT."""
        template = _template((*sizes, 1), width, paint, shown_machine)
        return template if template is None or template[0] == 0 else COMPACT

    forms: Memo[Heading, Form] = Memo(form, HEADINGS_KEPT)
    long_forms: Memo[tuple[Heading, int], Template | str] = Memo(
        long_form, HEADINGS_KEPT, mark=COMPACT
    )

    def from_record(record: SessionRecord) -> str:
        return entry_text(record, width, paint, machine)

    def sized(heading: Heading, day: str, active: bytes) -> Sized | None:
        """A heading's template by its sizes too (`Form`), and the length it shows (in a
        compact style, the short one); None where it is written from the record."""
        length = lengths_[active]
        if length is None:
            return None
        key = (heading, SIZES[0] if forms[heading] is _COMPACT_ONLY else len(day) + length[2])
        form = long_forms[key]
        if form is COMPACT:
            form = templates[(heading, SIZES[1], length[3])]  # (see `COMPACT`)
        if not isinstance(form, tuple):
            return None
        return form, length[1] if form[0] else length[0]

    def by_sizes(sized_: Sized, day: str, start: str) -> str:
        """A heading line (and its newline) from `sized`."""
        (style, head, middle, tail), length = sized_
        if style == 0:
            return f"{head}{day}{start[10:16]}{middle}{length}{tail}\n"
        return f"{head}{start[:16] if style == 2 else start[:10]}{middle}{length}{tail}\n"

    def region_by_sizes(
        groups: Sequence[Groups],
        region: Region,
        headings: list[Heading],
        form: list[Form],
        day: list[str],
        notes: list[str],
        tag_text: list[str],
        places: list[int],
    ) -> list[TextRow] | None:
        """`many` where most headings are looked up by their sizes too: a column at a time."""
        length: list[Any] = lengths_.column(region.active)
        if lengths_.unusual and None in length:  # (past a week: from its record, which says so)
            places = odd((length,), (_NO_LENGTH,), places)
        size = map(add, map(len, day), map(_LONG_SIZE, length))
        sizes = [
            (heading, SIZES[0] if form_ is _COMPACT_ONLY else size_)
            for heading, form_, size_ in zip(headings, form, size, strict=True)
        ]
        template: list[Any] = long_forms.column(sizes)
        if long_forms.unusual and COMPACT in template:  # (a narrow terminal: see `COMPACT`)
            keys = zip(sizes, map(_SHORT_SIZE, length), template, strict=True)
            template = templates.column(
                [
                    (heading, SIZES[1] if form_ is COMPACT else size, short)
                    for (heading, size), short, form_ in keys
                ]
            )
        if (templates.unusual or long_forms.unusual) and None in template:
            places = odd((template,), (_NO_TEMPLATE,), places)
        texts = [
            f"{head}{day_}{start[10:16]}{middle}{long}{tail}\n{tags}{note}"
            if style == 0
            else f"{head}{start[:16] if style == 2 else start[:10]}{middle}{short}{tail}"
            f"\n{tags}{note}"
            for (style, head, middle, tail), day_, start, (long, short, _, _), tags, note in zip(
                template, day, region.started, length, tag_text, notes, strict=True
            )
        ]
        return finished_rows(groups, region, texts, places, from_record)

    def many(groups: Sequence[Groups]) -> list[TextRow] | None:
        region = checked_region(groups)
        if region is None:
            return None
        started = region.started
        long: list[Any] = longs.column(region.active)
        shown: list[Any] = titles.column(titles_of(region))
        tag_text: list[Any] = tag_texts.column(region.tags)
        notes: Any  # (texts, or before `odd` the notes read: None where one is refused)
        wrapped = note_texts_read(region.notes, size, pad)
        if wrapped is None:  # (read one by one, then wrapped: see `note_texts`)
            notes, refused = notes_of(region)
        else:
            notes, refused = wrapped, False
        places = odd(
            (long, shown, tag_text, notes),
            ("", "", "", ""),
            escaped(region),
            (longs.unusual, titles.unusual, tag_texts.unusual, refused),
        )
        if wrapped is None:
            notes = note_texts(notes, size, pad)
        day = days.column(region.dates)
        headings = list(zip(shown, region.completed, region.before, region.mood, strict=True))
        template = forms.column(headings)
        sizes = list(map(add, map(len, day), map(len, long)))
        resized: list[int] = []
        if not all(map(le, sizes, map(_LIMIT, template))):  # (a narrow terminal, a long title)
            resized = [index for index, form in enumerate(template) if sizes[index] > form[0]]
            if len(resized) * 4 > len(template):  # (most: the region as a whole)
                return region_by_sizes(
                    groups, region, headings, template, day, notes, tag_text, places
                )
            # (their templates in a long style, by their sizes: the others one by one)
            keys = [
                (headings[index], SIZES[0] if template[index] is _COMPACT_ONLY else sizes[index])
                for index in resized
            ]
            for index, long_form_ in zip(resized, long_forms.column(keys), strict=True):
                template[index] = long_form_ if isinstance(long_form_, tuple) else _BY_SIZES
            if long_forms.unusual:
                resized = [index for index in resized if template[index] is _BY_SIZES]
            else:
                resized = []
        texts = [
            f"{head}{day_}{start[10:16]}{middle}{length}{tail}\n{tags}{note}"
            for (_, head, middle, tail), day_, start, length, tags, note in zip(
                template, day, started, long, tag_text, notes, strict=True
            )
        ]
        for index in resized:
            by_size = sized(headings[index], day[index], region.active[index])
            if by_size is None:
                places.append(index)
            else:
                texts[index] = by_sizes(by_size, day[index], started[index]) + (
                    tag_text[index] + notes[index]
                )
        return finished_rows(groups, region, texts, places, from_record)

    return Builder(many)
