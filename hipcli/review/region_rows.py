"""A region of the journal's records (a few hundred, each as the fast path's pattern matched it)
checked and laid out at once, a column at a time, for the views of the whole journal
(`entry_rows`, `table_rows`): issue 13 asks them to stay within 2.5x of reading the journal at
all, and a step of Python for each field of each record costs more than that.

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
DATE = itemgetter(slice(0, 10))  # the date of a `started_at` value: "2026-11-21"

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
    """The columns of a region's records that the views write (each a tuple of the match's
    texts, in the journal's order), and each record's start."""

    routine: tuple[str, ...]
    title: tuple[str, ...]
    started: tuple[str, ...]
    active: tuple[str, ...]
    completed: tuple[str, ...]
    before: tuple[str | None, ...]
    mood: tuple[str | None, ...]
    tags: tuple[str, ...]
    notes: tuple[str, ...]
    ident: tuple[str, ...]
    starts: list[datetime]
    dates: list[str]  # the date of each start, as the journal has it: "2026-11-21"


def _holds_read(block: str | None) -> bool:
    return not block or holds_of(block) is not None  # (none: None, or "" from `findall`)


_HOLDS: Memo[str | None, bool] = Memo(_holds_read)


def checked_region(groups: Sequence[Groups]) -> Region | None:
    """The region's columns, if every record passes the checks `fast.checked_start` makes (its
    times, steps and names) and its holds are read by the fast path; else None (the reader
    then goes record by record, and reports the one refused). `groups`: one match's groups a
    record, as `fast.record_from_groups` takes them."""
    if not groups:
        return None
    (
        version, routine, title, started, ended, planned, active, completed, done, total,
        before, mood, tags, notes, holds, ident,
    ) = zip(*groups, strict=True)  # fmt: skip
    parse = datetime.fromisoformat
    dates = list(map(DATE, started))
    try:
        starts = list(map(parse, started))
        ends_ok = _ends_in_order(started, ended, starts, dates)
        steps = [(int(done_), int(total_)) for done_, total_ in set(zip(done, total, strict=True))]
        most_planned = max(map(int, set(planned)))
    except ValueError:  # 30 February
        return None
    if not (
        ends_ok
        and min(started) >= _FIRST
        and max(started) < _AFTER
        and "0" not in version
        and all(done_ <= total_ <= MAX_STEPS_RECORDED for done_, total_ in steps)
        and most_planned <= MAX_SESSION_S
        and "" not in ident
        and not any(map(str.isspace, ident))
        and all(name.strip() for name in set(routine))
        and False not in _HOLDS.column(holds)
    ):
        return None
    return Region(
        routine, title, started, active, completed, before, mood, tags, notes, ident, starts, dates
    )


_SECONDS_SIZE = len("2026-11-21 07:30:00+01:00")


def _ends_in_order(
    started: Sequence[str], ended: Sequence[str], starts: list[datetime], dates: list[str]
) -> bool:
    """Whether every session ended no earlier than it started, in the years allowed (ValueError
    for an end that isn't a real date). In one zone and to the second (as sessions are saved),
    the text of the times sorts as they do, so only the ends on a later day than their start
    are parsed, to be sure they are real dates (the pattern allows only real times of day).
    (The zone, `+01:00`, can stand nowhere else in such a value.)"""
    zone, count = started[0][-6:], len(started)
    texts = "".join(started) + "".join(ended)
    if len(texts) != 2 * count * _SECONDS_SIZE or texts.count(zone) != 2 * count:
        ends = list(map(datetime.fromisoformat, ended))
        return all(map(ge, ends, starts)) and min(ended) >= _FIRST and max(ended) < _AFTER
    if not all(map(ge, ended, started)):
        return False
    end_dates = list(map(DATE, ended))
    if end_dates == dates:
        return True
    later = [end for end, date, day in zip(ended, end_dates, dates, strict=True) if date != day]
    list(map(datetime.fromisoformat, later))
    return max(later) < _AFTER


def titles_of(region: Region) -> list[str]:
    """The text each record's heading is named by: its title, else its routine's name."""
    return [title or routine for title, routine in zip(region.title, region.routine, strict=True)]


def notes_of(region: Region) -> tuple[list[str | None], bool]:
    """Each record's notes, their escapes read (None: an escape the fast path refuses), and
    whether any may be None (only a `\\u` escape can be refused)."""
    notes = region.notes
    joined = "\x1f".join(notes)  # (as `strings_text` joins them: made once)
    if "\\" not in joined:
        return list(notes), False
    return strings_text(notes, joined), "\\u" in joined


def escaped(region: Region) -> list[int]:
    """Where a record's routine or id holds an escape (written from the record: `odd`)."""
    if "\\" not in "".join(region.routine) and "\\" not in "".join(region.ident):
        return []
    pairs = enumerate(zip(region.routine, region.ident, strict=True))
    return [index for index, (routine, ident) in pairs if "\\" in routine or "\\" in ident]


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
        record = record_from_groups(groups[place], 0)
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
        rows = self.many((groups,))
        return None if rows is None else rows[0]
