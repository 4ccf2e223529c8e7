"""A region of the journal's records (a few hundred, each as the fast path's pattern matched it)
checked and laid out at once, a column at a time, for the views of the whole journal
(`entry_rows`, `table_rows`): issue 13 asks them to stay within 2.5x of reading the journal at
all, and a step of Python for each field of each record costs more than that.

The pattern is matched on the region's bytes (`fast.record_pattern_bytes`), not on its text:
a region that holds one character beyond the Basic Multilingual Plane (an emoji) decodes to
four bytes a character, and the pattern then reads four times the memory. Only the columns the
views write as they are (starts, ids; the notes as they are read) are decoded, each all at once;
the others are read as bytes, or are keys to texts made once (`Memo`: titles, routines, lengths,
lists of tags, holds, statuses and moods). Each column that may hold a character beyond ASCII
is decoded (a `Memo`'s keys when first seen), which is how the region is known to be UTF-8.

`checked_region` makes every check `fast.checked_start` makes of one record over the region's
columns (most at C speed: `map`, `min`, `max`), and `Memo` finds the texts most records repeat
(titles, lengths, lists of tags, days) with one `map` of a dict's lookups. A region with any
record the checks refuse is None, and the reader then goes record by record (a region of one is
the same code), so that the record is reported where it is.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import datetime
from itertools import repeat
from operator import ge, itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

from hipcli.journal.fast import Groups, holds_of, record_from_groups
from hipcli.journal.record import MAX_SESSION_S, MAX_STEPS_RECORDED, YEARS, SessionRecord
from hipcli.journal.strings import strings_text

KEPT = 4096  # texts kept of each kind (lengths, titles, lists of tags, days)
_FIRST, _AFTER = f"{YEARS[0]:04d}", f"{YEARS[1] + 1:04d}"  # (years compared as text)
_FIRST_B, _AFTER_B = _FIRST.encode(), _AFTER.encode()
DATE = itemgetter(slice(0, 10))  # the date of a `started_at` value: b"2026-11-21"

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """A bounded cache that makes what it hasn't seen: `list(map(memo.__getitem__, keys))`
    looks up a whole column at C speed, and calls `make` only for keys not seen yet.
    `unusual` counts the values it has made that are None or `mark` (the records a region's
    writer leaves to the slow path), and never goes down: while it is 0, no column it gives
    holds one, and the column need not be searched for them."""

    def __init__(self, make: Callable[[K], V], kept: int = KEPT, mark: object = None) -> None:
        super().__init__()
        self.make, self.kept, self.mark = make, kept, mark
        self.unusual = 0

    def __missing__(self, key: K) -> V:
        value = self.make(key)
        if len(self) >= self.kept:
            self.clear()
        self[key] = value
        if value is None or value is self.mark:
            self.unusual += 1
        return value

    def column(self, keys: Sequence[K]) -> list[V]:
        """The value of each key."""
        return list(map(self.__getitem__, keys))


class Region(NamedTuple):
    """The columns of a region's records that the views write (each record's, in the journal's
    order): decoded, or the match's bytes (see the module's docstring); and each record's
    start."""

    routine: tuple[bytes, ...]
    title: tuple[bytes, ...]
    started: list[str]
    active: tuple[bytes, ...]
    completed: tuple[bytes, ...]  # b"true", b"false"
    before: tuple[bytes | None, ...]  # b"1" to b"5"; b"" (or None) where there is none
    mood: tuple[bytes | None, ...]
    tags: tuple[bytes, ...]
    notes: tuple[bytes, ...]  # as between their quotes, the escapes not read yet (`notes_of`)
    ident: list[str]
    starts: list[datetime]
    dates: list[bytes]  # the date of each start, as the journal has it: b"2026-11-21"


def texts_of(column: Sequence[bytes]) -> list[str]:
    """Each of a column's texts, decoded all at once (UnicodeDecodeError: one isn't UTF-8). A
    string in the journal holds no control character as it is: joined by one, they are split
    at it again. (The joint, a byte of ASCII, also ends whatever a text leaves unfinished.)"""
    return b"\x1f".join(column).decode().split("\x1f")


def _holds_read(block: bytes | None) -> bool:
    """Whether a record's holds (none: None, or b"" from `findall`) are read by the fast path."""
    if not block:
        return True
    try:
        return holds_of(block.decode()) is not None
    except UnicodeDecodeError:
        return False


_HOLDS: Memo[bytes | None, bool] = Memo(_holds_read)


def _named(routine: bytes) -> bool:
    """Whether a routine's name (as the journal has it) is UTF-8 and more than white space."""
    try:
        return not routine.decode().isspace() and routine != b""
    except UnicodeDecodeError:
        return False


_NAMED: Memo[bytes, bool] = Memo(_named)


def checked_region(groups: Sequence[Groups]) -> Region | None:
    """The region's columns, if every record passes the checks `fast.checked_start` makes (its
    times, steps and names), its holds are read by the fast path and its texts are UTF-8; else
    None (the reader then goes record by record, and reports the one refused). `groups`: the
    groups of `fast.record_pattern_bytes`'s match of each record."""
    if not groups:
        return None
    (
        version, routine, title, started, ended, planned, active, completed, done, total,
        before, mood, tags, notes, holds, ident,
    ) = zip(*groups, strict=True)  # fmt: skip
    dates = list(map(DATE, started))
    try:
        started_texts = texts_of(started)
        starts = list(map(datetime.fromisoformat, started_texts))
        ends_ok = _ends_in_order(started, ended, starts, dates)
        steps = [(int(done_), int(total_)) for done_, total_ in set(zip(done, total, strict=True))]
        most_planned = max(map(int, set(planned)))
        idents = texts_of(ident)
    except ValueError:  # 30 February (or a text that isn't UTF-8)
        return None
    if not (
        ends_ok
        and min(started) >= _FIRST_B
        and max(started) < _AFTER_B
        and b"0" not in version
        and all(done_ <= total_ <= MAX_STEPS_RECORDED for done_, total_ in steps)
        and most_planned <= MAX_SESSION_S
        and "" not in idents
        and not any(map(str.isspace, idents))
        and False not in _NAMED.column(routine)
        and False not in _HOLDS.column(holds)
    ):
        return None
    return Region(
        routine, title, started_texts, active, completed, before, mood, tags, notes, idents,
        starts, dates,
    )  # fmt: skip


_SECONDS_SIZE = len("2026-11-21 07:30:00+01:00")


def _ends_in_order(
    started: Sequence[bytes], ended: Sequence[bytes], starts: list[datetime], dates: list[bytes]
) -> bool:
    """Whether every session ended no earlier than it started, in the years allowed (ValueError
    for an end that isn't a real date). In one zone and to the second (as sessions are saved),
    the text of the times sorts as they do, so only the ends on a later day than their start
    are parsed, to be sure they are real dates (the pattern allows only real times of day).
    (The zone, `+01:00`, can stand nowhere else in such a value.)"""
    zone, count = started[0][-6:], len(started)
    texts = b"".join(started) + b"".join(ended)
    if len(texts) != 2 * count * _SECONDS_SIZE or texts.count(zone) != 2 * count:
        ends = list(map(datetime.fromisoformat, texts_of(ended)))
        return all(map(ge, ends, starts)) and min(ended) >= _FIRST_B and max(ended) < _AFTER_B
    if not all(map(ge, ended, started)):
        return False
    end_dates = list(map(DATE, ended))
    if end_dates == dates:
        return True
    later = [end for end, date, day in zip(ended, end_dates, dates, strict=True) if date != day]
    list(map(datetime.fromisoformat, texts_of(later)))
    return max(later) < _AFTER_B


def titles_of(region: Region) -> Sequence[bytes]:
    """The text each record's heading is named by (as the journal has it): its title, else its
    routine's name."""
    if b"" not in region.title:
        return region.title
    return [title or routine for title, routine in zip(region.title, region.routine, strict=True)]


def notes_of(region: Region) -> tuple[list[str | None], bool]:
    """Each record's notes, their escapes read (None: an escape the fast path refuses), and
    whether any may be None (only a `\\u` escape can be refused, or a note that isn't UTF-8:
    then every one is None, and the region goes the reader's way, `finished_rows`)."""
    try:  # (joined as `texts_of` and `strings_text` join them: decoded and joined once)
        joined = b"\x1f".join(region.notes).decode()
    except UnicodeDecodeError:
        return [None] * len(region.notes), True
    notes = joined.split("\x1f")
    if "\\" not in joined:
        return list(notes), False
    return strings_text(notes, joined), "\\u" in joined


def escaped(region: Region) -> list[int]:
    """Where a record's routine or id holds an escape (written from the record: `odd`)."""
    if b"\\" not in b"".join(region.routine) and "\\" not in "".join(region.ident):
        return []
    pairs = enumerate(zip(region.routine, region.ident, strict=True))
    return [index for index, (routine, ident) in pairs if b"\\" in routine or "\\" in ident]


def odd(
    columns: Sequence[list[Any]],
    blank: Sequence[Any],
    more: Sequence[int] = (),
    maybe: Sequence[bool | int] = (),
) -> list[int]:
    """Where any of `columns` holds None, and the places `more` (records the region's writer
    leaves to the slow path), in order; each column's None there made its `blank`, so the
    columns can be laid out whole (the slow path's text then takes the place of what they
    give). Usually none at all: a column whose `maybe` is false (see `Memo.unusual`) holds
    none, and the others are found in one C-speed search each."""
    maybe = maybe or [True] * len(columns)
    search = [column for column, may in zip(columns, maybe, strict=True) if may]
    if not more and not any(None in column for column in search):
        return []
    places = set(more)
    for column in search:
        if None in column:
            places.update(index for index, value in enumerate(column) if value is None)
    for column, value in zip(columns, blank, strict=True):
        for index in places:
            column[index] = value
    return sorted(places)


class TextRow(NamedTuple):
    """One session as a view writes it, made straight from the journal's text: its id and
    start (for the order) and its text. (A tuple: `text_rows` makes a region's at C speed.)"""

    id: str
    started_at: datetime
    text: str


def text_rows(
    idents: Iterable[str], starts: Iterable[datetime], texts: Iterable[str]
) -> list[TextRow]:
    """A TextRow of each id, start and text, made without a step of Python for each."""
    return list(map(tuple.__new__, repeat(TextRow), zip(idents, starts, texts, strict=True)))


def finished_rows(
    groups: Sequence[Groups],
    region: Region,
    texts: list[str],
    places: Iterable[int],
    write: Callable[[SessionRecord], str],
) -> list[TextRow] | None:
    """The region's rows, the texts at `places` written from their records by `write` (with
    each such record's own id: one written with an escape, read); None when one of them isn't
    valid (the reader then goes record by record, and reports it)."""
    idents: Sequence[str] = region.ident
    for place in places:
        try:  # (the match's bytes, as the reader's match would give them)
            parts = tuple(None if part is None else part.decode() for part in groups[place])
        except UnicodeDecodeError:
            return None
        record = record_from_groups(parts, 0)
        if record is None:
            return None
        texts[place] = write(record)
        if record.id != idents[place]:  # (a journal folder keeps each session once, by id)
            idents = list(idents)
            idents[place] = record.id
    return text_rows(idents, region.starts, texts)


Many = Callable[[Sequence[Groups]], "list[TextRow] | None"]


class Builder:
    """What a view makes of the records of a region that take the fast path (`many`: their
    rows, or None when one of them isn't valid or needs the reader's own path), and of one
    record (a region of one: `read.Build`)."""

    def __init__(self, many: Many) -> None:
        self.many = many

    def __call__(self, groups: Groups, line: int) -> TextRow | None:
        # (the reader's match is of the text: its groups as `many` takes them, as bytes)
        encoded = tuple(None if part is None else part.encode() for part in groups)
        rows = self.many((encoded,))
        return None if rows is None else rows[0]
