"""Every record of a journal file, exactly newest first by start time, as a stream with flat
memory (the whole-journal views: `hipcli log --all`, the exports, `--id`).

The file is in the order sessions were saved, which is nearly newest-last; an import of old
sessions, two sessions that overlapped, or a hand edit can put a few out of place. So:

1. A first pass goes through the file in regions of whole records (`read.regions`) and notes,
   for each, its place and the newest start time in it. It reads only the `started_at` lines
   (and parses a region whole only when they can't be trusted to be one per record).
2. Then the regions are parsed from the last to the first. Each region's records wait in a heap
   until no record of an earlier region can be newer (its newest start is known from step 1),
   and are handed out newest first (ties: the one saved later first). A journal in order never
   holds more than a region's records (a few thousand); one out of order, only until its turn.
   A region already in order (the usual case), with nothing waiting and no earlier region
   newer than its first record, is handed out as it is, backwards, without the heap.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hipcli.journal.fast import Groups, record_from_groups, record_pattern_bytes
from hipcli.journal.heap import keep_freed_memory

# (the reader's own open and read: the same lock, the same calm messages)
from hipcli.journal.read import (
    Build,
    Dated,
    Item,
    R,
    _open_for_read,
    _read,
    region_items,
    regions,
    time_key,
    unlined_items_of,
)
from hipcli.journal.record import JournalProblem, SessionRecord

# What makes a region's records all at once (the groups of their matches, of the bytes), or None
# when it can't: one isn't valid, or needs the reader's own path (`scan_newest_first_batches`)
Many = Callable[[Sequence[Groups]], Sequence[R] | None]

# header lines (found as b"") and `started_at` lines (their values), in one search
_LINES = re.compile(rb"\n(?:\[\[session\]\]|started_at = ([^\n]*))\n")
_MOMENT = (
    rb"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?[+-][0-9]{2}:[0-9]{2}"
)
# the `started_at` values of a region, joined by newlines: every one as hipcli writes it
_MOMENTS = re.compile(rb"(?:%s\n)*%s" % (_MOMENT, _MOMENT))
_HEADER_LINE = b"\n[[session]]\n"
_HEADER = b"[[session]]\n"


# a value to the second (`2024-05-01 07:30:00+02:00`) in the shape `_as_written` checks
_SHAPE = bytes.maketrans(b"123456789+", b"000000000-")
_TEMPLATE = b"0000-00-00 00:00:00-00:00\n"
_WHOLE = len(_TEMPLATE)


@dataclass(frozen=True, slots=True)
class Region:
    """A region of whole records: where it is, its newest start, and (`line`) the line it
    begins on, counted only when asked for (see `_Lines`)."""

    offset: int
    size: int
    at_eof: bool
    newest: float  # time_key of the newest start in it (-inf: none)
    index: int  # its place among the file's regions
    lines: _Lines = field(repr=False, compare=False)

    @property
    def line(self) -> int:
        """The line it begins on."""
        return self.lines.of(self.index)


def _newest_by_lines(region: bytes) -> float | None:
    """The newest start time in a region from its `started_at` lines, or None when they are not
    one per record as hipcli writes them (a record edited by hand, damage: parse it whole).
    Every `started_at` in the region must be one of those lines: a record whose header and
    `started_at` line are both written some other way (`[[session]] # mine`, `started_at=`)
    has neither kind of line, and its start would otherwise go uncounted."""
    lines = _LINES.findall(region)
    first = region.startswith(_HEADER_LINE[1:])  # (a region begins at a header, not after one)
    found = lines[0::2] if first else lines[1::2]  # hipcli writes one after the other
    headers = lines.count(b"")
    if (
        headers + first != len(found)
        or headers != len(lines) - len(found)
        or b"" in found
        # (every `started_at` one of the lines found: not a record written by hand, nor an
        # empty value taken for a header line; a note that names it is read whole too)
        or region.count(b"started_at") != len(found)
    ):
        return None
    return _newest_of(found)


def _as_written(joined: bytes, count: int) -> bool:
    """Whether `count` `started_at` values, joined by newlines, are each as hipcli writes them
    (`_MOMENT`). Most are to the second: those are checked by their shape (each digit made a
    0, each sign a -) in a few passes over the bytes, without the pattern's step a byte."""
    if (
        len(joined) == _WHOLE * count - 1
        and joined.translate(_SHAPE) == (_TEMPLATE * count)[:-1]
        # (the shape takes a + for a -: only the offset's sign may be one)
        and b"+" not in joined[4::_WHOLE]
        and b"+" not in joined[7::_WHOLE]
    ):
        return True
    return _MOMENTS.fullmatch(joined) is not None


def _newest_of(found: list[bytes]) -> float | None:
    """The newest of `started_at` values (-inf: none), or None unless each is as hipcli
    writes it."""
    if not found:
        return -math.inf
    # the values checked all at once: (a few bytes a record, against the whole region searched)
    joined = b"\n".join(found)
    if not _as_written(joined, len(found)):
        return None
    # in one UTC offset, the text of a time sorts as the time does (an offset is the only
    # place a `+`, or a `-` before two digits and a colon, can be)
    offsets = {found[0][-6:]} if joined.count(found[0][-6:]) == len(found) else None
    if offsets is None:
        offsets = {moment[-6:] for moment in found}
    newest = -math.inf
    for offset in offsets:
        if len(offsets) == 1:
            latest = max(found)
        else:
            latest = max(moment for moment in found if moment.endswith(offset))
        try:
            newest = max(newest, time_key(datetime.fromisoformat(latest.decode())))
        except ValueError:  # 30 February, 25 o'clock: the region is read whole, and says so
            return None
    return newest


def _newest_parsed(region: bytes, line: int, at_eof: bool, first: bool) -> float:
    starts = [
        time_key(item.started_at)
        for item in region_items(region, line, at_eof, first, record_from_groups)[0]
        if isinstance(item, SessionRecord)
    ]
    return max(starts, default=-math.inf)


def _in_order(records: Sequence[Dated], bound: float) -> bool:
    """Whether the records are in order of their start times as they were saved, and the first
    is no older than `bound` (the newest start of every region before them)."""
    if not records or time_key(records[0].started_at) < bound:
        return not records
    starts = list(map(_STARTED_AT, records))
    return all(map(operator.le, starts, starts[1:]))  # aware times compare as instants


_STARTED_AT = operator.attrgetter("started_at")


def _first_pass(fd: int, path: Path, *, count_lines: bool = True) -> list[Region]:
    """Each region of the file, with its newest start. Their lines are counted only when one
    is asked for (`Region.line`: a region with something to report, or a view that shows the
    lines of its records); `count_lines` is kept for callers that name it."""
    del count_lines
    found: list[Region] = []
    lines = _Lines(fd, path, found)
    for offset, region, at_eof in regions(fd, path):
        newest = _newest_by_lines(region)
        if newest is None:  # (its line only matters to problems, which are not kept here)
            newest = _newest_parsed(region, 1, at_eof, offset == 0)
        found.append(Region(offset, len(region), at_eof, newest, len(found), lines))
    return found


class _Lines:
    """The line each region begins on, counted only when asked for (a region with something
    to report), once: the regions before it are read again and their lines counted."""

    def __init__(self, fd: int, path: Path, parts: Sequence[Region]) -> None:
        self._fd, self._path, self._parts = fd, path, parts
        self._lines = [1]  # of the regions 0..len-1

    def of(self, index: int) -> int:
        """The line region `index` begins on."""
        lines = self._lines
        while len(lines) <= index:
            part = self._parts[len(lines) - 1]
            lines.append(
                lines[-1] + _read(self._fd, self._path, part.offset, part.size).count(b"\n")
            )
        return lines[index]


def _whole_matches(text: bytes) -> list[Groups] | None:
    """The groups of each record of a region, if the pattern (`record_pattern_bytes`) reads
    every one of them, one after the other from its start to its end (found in one search, as
    the loop of `read._region_items` would find them); else None. (As `findall` gives them:
    a part that isn't there, a mood or the holds, is b"", which no part that is there can be.
    The bytes are not known to be UTF-8: `Many` decodes what it writes.)

    Each `[[session]]` line must begin a record: a record holds no other (its strings hold no
    newline), and each ends just before the next one's header line or at the end of the text,
    so when every header begins one, the records found follow one another from the start (a
    header) to the end, and nothing between them was passed over."""
    if not text.startswith(_HEADER):
        return None
    found: list[Groups] = record_pattern_bytes().findall(text)
    if not found or len(found) != text.count(_HEADER):
        return None
    return found


def _unlined_items(
    region: bytes,
    part: Region,
    index: int,
    lines: _Lines,
    build: Build[R],
    many: Many[R] | None = None,
) -> tuple[list[R | SessionRecord | JournalProblem], int]:
    """`read.region_items`, but each record the pattern reads made with line 0 (the lines of
    its records are not counted): only the problems of a region, and the records after the
    first text the pattern doesn't read, carry their lines. With `many`, a region whose
    records the pattern reads whole is made by it all at once (None: record by record)."""
    if many is not None:  # (the region as bytes: `many` decodes what it writes)
        groups = _whole_matches(region)
        made = None if groups is None else many(groups)
        if made is not None:
            return list(made), len(made)
    first = part.offset == 0
    try:
        text = region.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if not text or (first and not text.startswith("[[session]]\n")):
        return region_items(region, lines.of(index), part.at_eof, first, build)
    return unlined_items_of(text, lambda: lines.of(index), part.at_eof, build)


def scan_newest_first(path: Path) -> Iterator[Item]:
    """Every record newest first by start time (ties: the later saved first), and every
    problem, as they are read (see the module's docstring)."""
    return scan_newest_first_as(path, record_from_groups)


def scan_newest_first_as(
    path: Path, build: Build[R]
) -> Iterator[R | SessionRecord | JournalProblem]:
    """The same, each record that takes the fast path made by `build` (see `read.Build`)."""
    for batch in scan_newest_first_batches(path, build):
        yield from batch


def scan_newest_first_batches(
    path: Path, build: Build[R], *, lines: bool = True, many: Many[R] | None = None
) -> Iterator[list[R | SessionRecord | JournalProblem]]:
    """The same as lists, a region's worth at a time (the items of one list in order: a view
    of the whole journal handles a list with one step, and writes it with one call). Without
    `lines`, the records the pattern reads are made with line 0, for views that show no line
    of a record (their lines are then not counted: problems still say theirs); and `many`,
    if given, makes a region's records all at once (see `_unlined_items`)."""
    path = Path(path)
    handle = _open_for_read(path)
    if handle is None:
        return
    keep_freed_memory()
    with handle:
        fd = handle.fileno()
        parts = _first_pass(fd, path)
        counted = None if lines or not parts else parts[0].lines
        newest_before = [-math.inf]  # the newest start among regions 0..i-1
        for part in parts[:-1]:
            newest_before.append(max(newest_before[-1], part.newest))
        waiting: list[tuple[float, int, R | SessionRecord]] = []
        count = 0
        for index in range(len(parts) - 1, -1, -1):
            part = parts[index]
            region = _read(fd, path, part.offset, part.size)
            if counted is None:
                items, read = region_items(region, part.line, part.at_eof, part.offset == 0, build)
            else:
                items, read = _unlined_items(region, part, index, counted, build, many)
            del region
            records: list[R | SessionRecord] = items[:read]  # type: ignore[assignment]
            batch: list[R | SessionRecord | JournalProblem] = []
            for item in items[read:]:
                if isinstance(item, JournalProblem):
                    batch.append(item)
                else:
                    records.append(item)
            bound = newest_before[index]
            if not waiting and _in_order(records, bound):
                records.reverse()  # newest first, the later saved first among equals
                if batch:
                    batch.extend(records)
                    yield batch
                elif records:
                    yield records  # type: ignore[misc]
                continue
            for record in reversed(records):  # the later saved first among equals
                count += 1
                heapq.heappush(waiting, (-time_key(record.started_at), count, record))
            while waiting and -waiting[0][0] >= bound:
                batch.append(heapq.heappop(waiting)[2])
            if batch:
                yield batch
