"""Reading the journal as streams, block by block, so that memory stays flat however long the
journal grows and every view costs about one pass over the file:

- `scan_journal`: every record and problem in file order (the order sessions were saved;
  `scan_journal_batches`: the same a region at a time, for the views of the whole journal);
- `scan_backward`: the same from the end, reading only as far back as the caller goes
  (`read_recent`: the last sessions, or the last that match a filter);
- `hipcli.journal.order.scan_newest_first`: every record exactly newest first by start time.

Whole records are read a region (about a block) at a time: decoded at once and matched record
after record by the fast path, without cutting the text into records first.

Records are cut and parsed by `hipcli.journal.chunks`. A missing file is an empty journal;
JournalError only when the file can't be read at all.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Generator, Iterator
from datetime import datetime
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import BinaryIO, Protocol, TypeVar

from hipcli.files import NotRegularFileError, open_regular
from hipcli.journal.append import dangling_link_message, os_error_message, take_lock
from hipcli.journal.chunks import header_starts
from hipcli.journal.chunks import parse_chunk as parse_chunk
from hipcli.journal.chunks import split_chunks as split_chunks
from hipcli.journal.fast import Groups, record_from_groups, record_pattern
from hipcli.journal.fast import fast_record as fast_record
from hipcli.journal.heap import keep_freed_memory
from hipcli.journal.record import JournalContents, JournalError, JournalProblem, SessionRecord

# How long a reader waits for a writer mid-append before reading without the lock (it then may
# see a record mid-write, which the `id` seal turns into a reported problem, not a wrong record).
READ_LOCK_TIMEOUT_S = 2.0
TAIL_BLOCK = 1 << 16  # the first read from the end: about 140 records
BLOCK = 1 << 18  # reads beyond that, and forward: 256 KiB, about 450 records

Item = SessionRecord | JournalProblem


class Dated(Protocol):
    """What the readers order and merge by: a record, or what a view made of one (`Build`)."""

    @property
    def id(self) -> str: ...

    @property
    def started_at(self) -> datetime: ...


R = TypeVar("R", bound=Dated)
# What a reader makes of a record that takes the fast path (its match's groups, and the line
# its header is on), None when its values aren't valid: `record_from_groups`, or a view's own
# (an export writes each record straight from its text). Records in other layouts are always
# SessionRecords.
Build = Callable[[Groups, int], R | None]
_EPOCH = datetime(1970, 1, 1)


def _open_for_read(path: Path) -> BinaryIO | None:
    """The journal opened for reading (shared lock taken), or None when it doesn't exist."""
    try:
        # a regular file only: a FIFO would hang the read, /dev/zero would never end
        handle = os.fdopen(open_regular(path, "a journal"), "rb")
    except FileNotFoundError:
        dangling = dangling_link_message(path)
        if dangling:
            raise JournalError(dangling, path) from None
        return None
    except NotRegularFileError as exc:
        raise JournalError(str(exc), path) from None
    except OSError as exc:
        raise JournalError(os_error_message(path, exc, "read"), path) from exc
    # wait for a writer mid-append, so no half record is seen; after the timeout read anyway
    take_lock(handle.fileno(), fcntl.LOCK_SH, READ_LOCK_TIMEOUT_S)
    return handle


def _read(fd: int, path: Path, offset: int, size: int) -> bytes:
    try:
        data = os.pread(fd, size, offset)
    except OSError as exc:
        raise JournalError(os_error_message(path, exc, "read"), path) from exc
    if len(data) != size:
        raise JournalError(
            f"{path} changed while hipcli was reading it (it became shorter). Please try again.",
            path,
        )
    return data


def time_key(moment: datetime) -> float:
    """A start time as seconds since 1970 in UTC, for ordering: safe for the years 1 and 9999.
    (`timestamp()` of a time with its zone is that, at C speed: the difference from 1970 in
    UTC, made without a datetime out of range. Of one without a zone it would ask the system
    for local time, which overflows there: such a time counts as UTC.)"""
    if moment.tzinfo is None:
        return (moment - _EPOCH).total_seconds()
    return moment.timestamp()


def _backward(fd: int, path: Path) -> Iterator[tuple[int, bytes, bool]]:
    """(offset, text, is_record) from the last record to the first, then the text before the
    first record; reading blocks from the end, twice as long each time."""
    size = os.fstat(fd).st_size
    position, pending, block = size, b"", TAIL_BLOCK
    while position > 0:
        step = min(block, position)
        position -= step
        block = min(block * 2, 1 << 23)  # few reads however far back the search goes
        pending = _read(fd, path, position, step) + pending
        starts = header_starts(pending, position == 0, position + len(pending) == size)
        if not starts:
            continue
        ends = [*starts[1:], len(pending)]
        for begin, end in zip(reversed(starts), reversed(ends), strict=True):
            yield position + begin, pending[begin:end], True
        pending = pending[: starts[0]]  # one copy a block, never one a record
    if pending:
        yield 0, pending, False


def _problem_line(fd: int, path: Path, offset: int) -> int:
    """The line on which the text at `offset` begins (counted only when a problem needs it)."""
    count, position = 1, 0
    while position < offset:
        step = min(BLOCK, offset - position)
        count += _read(fd, path, position, step).count(b"\n")
        position += step
    return count


def _header_lines(region: bytes, line: int) -> list[int]:
    """The line of each `[[session]]` line of a region that begins with one on `line`, in order
    (counted in the bytes, where a search for newlines is quickest)."""
    pieces = region.split(b"\n[[session]]\n")
    steps = [piece.count(b"\n") + 2 for piece in pieces]
    steps[0] -= 1  # (the region's own first header line has no newline before it)
    return list(accumulate(steps, initial=line))


def _region_items(
    text: str, lines: list[int], at_eof: bool, build: Build[R]
) -> tuple[list[R | SessionRecord | JournalProblem], int]:
    """Each record and problem of `text` (whole records, from a record's start), read by
    matching one record after the other; from the first text the pattern doesn't take whole (a
    record in another layout, damage, the text before the first record), the rest of the
    region is cut at its header lines and parsed record by record. A list (a region's records
    are a few hundred, and a generator's step for each would cost more than reading it), and
    how many of its first items the pattern read: records all, the rest may be problems."""
    items: list[R | SessionRecord | JournalProblem] = []
    append = items.append
    pos, size = 0, len(text)
    match = record_pattern().match
    # a record at `pos`, whole: the pattern takes it only up to the next record's header line
    # or the end of the region (which ends at a header line, or at the file's end); each such
    # record is one header line of `lines`
    while found := match(text, pos):
        record = build(found.groups(), lines[len(items)])
        if record is None:
            break
        append(record)
        pos = found.end()
    read = len(items)
    if pos == size:
        return items, read
    line = lines[read]
    rest = text[pos:].encode("utf-8")  # once a region, never once a record
    for begin, stop, is_record in split_chunks(rest, at_eof=at_eof, starts_record=True):
        chunk = rest[begin:stop]
        result = parse_chunk(chunk, line, is_record)
        line += chunk.count(b"\n")
        if result is not None:
            append(result)
    return items, read


def regions(fd: int, path: Path) -> Iterator[tuple[int, bytes, bool]]:
    """(offset, text, at_eof): the file in regions of whole records, each ending where a
    record's `[[session]]` line begins (or at the end of the file), about a block long (longer
    only when one record is)."""
    size = os.fstat(fd).st_size
    offset, block = 0, BLOCK
    while offset < size:
        step = min(block, size - offset)
        data = _read(fd, path, offset, step)
        if offset + step >= size:
            yield offset, data, True
            return
        cut = data.rfind(b"\n[[session]]\n") + 1
        if cut <= 0:
            block *= 2  # a record longer than a block: read again, twice as far
            continue
        yield offset, data[:cut], False  # (the next region is read from its own start)
        offset, block = offset + cut, BLOCK


def region_items(
    region: bytes, line: int, at_eof: bool, first: bool, build: Build[R]
) -> tuple[list[R | SessionRecord | JournalProblem], int]:
    """Each record and problem of a region that begins on `line` (`first`:
    the file's first region, which may begin with text before the first record). Decoded at
    once and read record after record (`_region_items`); a region that isn't valid UTF-8 is cut
    into records first, so the damage costs only its own record. (With how many of the first
    items are records the pattern read, see `_region_items`.)"""
    try:
        text = region.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and (not first or text.startswith("[[session]]\n")):
        return _region_items(text, _header_lines(region, line), at_eof, build)
    items: list[R | SessionRecord | JournalProblem] = []
    for begin, stop, is_record in split_chunks(region, at_eof=at_eof, starts_record=not first):
        chunk = region[begin:stop]
        result = parse_chunk(chunk, line, is_record)
        line += chunk.count(b"\n")
        if result is not None:
            items.append(result)
    return items, 0


def scan_journal(path: Path) -> Iterator[Item]:
    """Every record and problem of the journal, in file order, a region at a time."""
    for batch in scan_journal_batches(path, record_from_groups):
        yield from batch


def unlined_items_of(
    text: str, line: Callable[[], int], at_eof: bool, build: Build[R]
) -> tuple[list[R | SessionRecord | JournalProblem], int]:
    """`region_items` of a region's text (decoded, beginning at a header), but each record the
    pattern reads made with line 0, for views that show no record's line: the lines of its
    records are not counted. Only its problems, and the records after the first text the
    pattern doesn't read, carry their lines (`line()`: the line the region begins on)."""
    items: list[R | SessionRecord | JournalProblem] = []
    append = items.append
    pos = 0
    match = record_pattern().match
    while found := match(text, pos):  # (as _region_items)
        record = build(found.groups(), 0)
        if record is None:
            break
        append(record)
        pos = found.end()
    read = len(items)
    if pos < len(text):
        at = line() + text.count("\n", 0, pos)
        rest, _ = region_items(text[pos:].encode("utf-8"), at, at_eof, False, build)
        items.extend(rest)
    return items, read


def scan_journal_batches(
    path: Path, build: Build[R], *, lines: bool = True
) -> Iterator[list[R | SessionRecord | JournalProblem]]:
    """The same as lists, a region's worth at a time, each record that takes the fast path
    made by `build` (see `Build`). Without `lines`, those records are made with line 0, for
    views that show no record's line (`unlined_items_of`: problems still say theirs)."""
    path = Path(path)
    handle = _open_for_read(path)
    if handle is None:
        return
    keep_freed_memory()
    with handle:
        line = 1
        for offset, region, at_eof in regions(handle.fileno(), path):
            first = offset == 0
            text = "" if lines or first else _decoded(region)
            if text:
                yield unlined_items_of(text, partial(int, line), at_eof, build)[0]
            else:
                yield region_items(region, line, at_eof, first, build)[0]
            line += region.count(b"\n")


def _decoded(region: bytes) -> str:
    """The region's text, or "" if it isn't valid UTF-8."""
    try:
        return region.decode("utf-8")
    except UnicodeDecodeError:
        return ""


def scan_backward(path: Path) -> Generator[Item | None, None, None]:
    """Every record and problem from the end of the journal back; None once the start of the
    file is reached (a caller that stops earlier never reads further)."""
    path = Path(path)
    handle = _open_for_read(path)
    if handle is None:
        yield None
        return
    with handle:
        fd = handle.fileno()
        for offset, chunk, is_record in _backward(fd, path):
            result = parse_chunk(chunk, 0, is_record)
            if isinstance(result, JournalProblem):  # count lines only for a problem
                result = parse_chunk(chunk, _problem_line(fd, path, offset), is_record)
            if result is not None:
                yield result
        yield None


def more_records_than(path: Path, limit: int) -> bool:
    """Whether the journal may hold more than `limit` records: it has more than `limit`
    `[[session]]` texts (read only until there are). A quick guess for the views that choose
    how to read: a record written by hand under another header may be one more."""
    path = Path(path)
    handle = _open_for_read(path)
    if handle is None:
        return False
    with handle:
        fd = handle.fileno()
        size, offset, found = os.fstat(fd).st_size, 0, 0
        while offset < size and found <= limit:
            step = min(BLOCK * 4, size - offset)
            found += _read(fd, path, offset, step).count(b"[[session]]")
            offset += step
        return found > limit


def read_journal(path: Path) -> JournalContents:
    """Every record of the journal in file order, and the problems found."""
    records: list[SessionRecord] = []
    problems: list[JournalProblem] = []
    for item in scan_journal(path):
        if isinstance(item, SessionRecord):
            records.append(item)
        else:
            problems.append(item)
    return JournalContents(records, problems)


def read_recent(
    path: Path, n: int, *, keep: Callable[[SessionRecord], bool] | None = None
) -> JournalContents:
    """The last `n` good records (in file order) for which `keep` is true, reading only as much
    of the end of the file as that takes. Problems met on the way carry their line numbers;
    the records carry line 0, as the lines above the tail are not counted."""
    found: list[SessionRecord] = []
    problems: list[JournalProblem] = []
    reached_start = False
    scan = scan_backward(path)
    for item in scan:
        if item is None:
            reached_start = True
            break
        if len(found) >= n:
            break  # (one record more was read, to know whether there are more)
        if isinstance(item, JournalProblem):
            problems.append(item)
        elif keep is None or keep(item):
            found.append(item)
    scan.close()
    found.reverse()
    problems.reverse()
    return JournalContents(found, problems, reached_start)
