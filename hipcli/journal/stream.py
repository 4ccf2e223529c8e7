"""The journal as streams wherever it is kept: one file, or a folder of machines' files (see
`hipcli.journal.folder`), read as one journal with each session once.

- `stream_in_order`: every record and problem, file after file in the folder's order of
  preference (for views that need no order, like the stats);
- `stream_newest_first`: every record newest first by start time, the files' own streams
  (`scan_newest_first`) merged as they are read (`stream_newest_first_batches`: the same in
  lists, for the views of the whole journal; `stream_newest_first_from`: each file's stream
  made by the view).

A folder's file that can't be read at all is one problem (line 0, naming the file), never the
end of the others; a single file that can't be read raises JournalError, as `read_journal` does.
`devices`, when given, is filled with the machine each record came from (by id).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from hipcli.journal.fast import record_from_groups
from hipcli.journal.folder import JournalFile, safe_device_name
from hipcli.journal.location import JournalLocation
from hipcli.journal.order import Many, scan_newest_first_as, scan_newest_first_batches
from hipcli.journal.read import Build, Item, R, scan_journal, scan_journal_batches, time_key
from hipcli.journal.record import JournalError, JournalProblem, SessionRecord

Source = JournalLocation | Path


def journal_files(source: Source, device: str | None = None) -> tuple[bool, list[JournalFile]]:
    """Whether the source is a folder, and its files (only `device`'s, when given)."""
    location = source if isinstance(source, JournalLocation) else JournalLocation(Path(source))
    files = location.listing().files
    if device is not None:
        wanted = safe_device_name(device)
        files = [file for file in files if file.device == wanted]
    return location.is_folder, files


T = TypeVar("T")


def _of_file(
    file: JournalFile, scan: Callable[[Path], Iterator[T]], folder: bool
) -> Iterator[T | JournalProblem]:
    """One file's items; in a folder each problem names its file, and a file that can't be
    read is one problem."""
    if not folder:
        yield from scan(file.path)
        return
    try:
        for item in scan(file.path):
            yield replace(item, path=file.path) if isinstance(item, JournalProblem) else item
    except JournalError as error:
        yield JournalProblem(0, str(error), in_record=False, path=file.path)


def stream_in_order(
    source: Source, *, device: str | None = None, devices: dict[str, str] | None = None
) -> Iterator[Item]:
    """Every record (each session once) and problem, each file in the order it was written."""
    folder, files = journal_files(source, device)
    if not folder:  # one file: its stream as it is (a step less for each of its records)
        for file in files:
            yield from scan_journal(file.path)
        return
    seen: set[str] = set()
    for file in files:
        for item in _of_file(file, scan_journal, folder):
            if isinstance(item, SessionRecord) and folder:
                if item.id in seen:
                    continue
                seen.add(item.id)
                if devices is not None:
                    devices[item.id] = file.device
            yield item


def stream_newest_first(
    source: Source, *, device: str | None = None, devices: dict[str, str] | None = None
) -> Iterator[Item]:
    """Every record newest first by start time (each session once, from the best file that
    holds it), and every problem, as they are read."""
    return stream_newest_first_as(source, record_from_groups, device=device, devices=devices)


def stream_newest_first_as(
    source: Source,
    build: Build[R],
    *,
    device: str | None = None,
    devices: dict[str, str] | None = None,
) -> Iterator[R | SessionRecord | JournalProblem]:
    """The same, each record that takes the fast path made by `build` (see `read.Build`)."""

    def scan(file: JournalFile) -> Iterator[R | SessionRecord | JournalProblem]:
        return scan_newest_first_as(file.path, build)

    return stream_newest_first_from(source, scan, device=device, devices=devices)


def stream_newest_first_from(
    source: Source,
    scan: Callable[[JournalFile], Iterator[R | SessionRecord | JournalProblem]],
    *,
    device: str | None = None,
    devices: dict[str, str] | None = None,
) -> Iterator[R | SessionRecord | JournalProblem]:
    """The same, each file's own stream newest first given by `scan` (a view that makes each
    file's records its own way: with the file's machine, a region at a time)."""
    folder, files = journal_files(source, device)
    if not folder:
        for file in files:
            yield from scan(file)
        return
    problems: list[JournalProblem] = []

    def records_of(
        rank: int, file: JournalFile
    ) -> Iterator[tuple[float, int, int, R | SessionRecord]]:
        """The file's records, each after its start (newest first), the file's rank and its
        place in the file (so that the merge compares no records, and keeps each file's order
        among equal starts); its problems, naming it, to `problems`."""
        place = itertools.count()
        for item in _of_file(file, lambda _: scan(file), True):
            if isinstance(item, JournalProblem):
                problems.append(item)
            else:
                yield -time_key(item.started_at), rank, next(place), item

    streams = [records_of(rank, file) for rank, file in enumerate(files)]
    seen: set[str] = set()
    for _, rank, _, record in heapq.merge(*streams):  # (tuples: compared at C speed)
        yield from problems
        problems.clear()
        if record.id in seen:
            continue
        seen.add(record.id)
        if devices is not None:
            devices[record.id] = files[rank].device
        yield record
    yield from problems


BATCH = 512  # items of a journal folder's merged stream handed out at once


def batched(items: Iterable[T]) -> Iterator[list[T]]:
    """`items` in lists of `BATCH` (the last may be shorter; none when there are none)."""
    stream = iter(items)
    while batch := list(itertools.islice(stream, BATCH)):
        yield batch


def stream_newest_first_batches(
    source: Source,
    build: Build[R],
    *,
    device: str | None = None,
    devices: dict[str, str] | None = None,
    lines: bool = True,
    many: Many[R] | None = None,
) -> Iterator[list[R | SessionRecord | JournalProblem]]:
    """`stream_newest_first_as` in lists (a file's region at a time: see
    `order.scan_newest_first_batches`, and there `lines` and `many`), for views that handle
    many records at once."""
    folder, files = journal_files(source, device)
    if not folder:
        for file in files:
            yield from scan_newest_first_batches(file.path, build, lines=lines, many=many)
        return
    yield from batched(stream_newest_first_as(source, build, device=device, devices=devices))


def stream_in_order_batches(
    source: Source, build: Build[R], *, device: str | None = None, lines: bool = True
) -> Iterator[list[R | SessionRecord | JournalProblem]]:
    """`stream_in_order` in lists (a file's region at a time), each record of a single file
    that takes the fast path made by `build`; a folder's records are SessionRecords (each
    session once, by id). Without `lines`, a single file's records are made with line 0 (see
    `read.scan_journal_batches`)."""
    folder, files = journal_files(source, device)
    if not folder:
        for file in files:
            yield from scan_journal_batches(file.path, build, lines=lines)
        return
    items: Iterator[R | SessionRecord | JournalProblem] = stream_in_order(source, device=device)
    yield from batched(items)
