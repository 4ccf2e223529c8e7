"""A journal file newest first for the JSON and CSV exports of the whole journal: each region
(`hipcli.journal.order`) written whole from its bytes when it can be (`export_regions`), as
`Written` lines; otherwise record by record as `order.scan_newest_first_batches` hands them out,
with the same heap for records out of order, so the order is the same record for record.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from hipcli.journal.fast import Groups
from hipcli.journal.heap import keep_freed_memory
from hipcli.journal.order import _first_pass, _in_order
from hipcli.journal.read import _open_for_read, _read, region_items, time_key
from hipcli.journal.record import JournalProblem, SessionRecord
from hipcli.review.export_json import ExportRow, Written
from hipcli.review.export_regions import Region

Item = Written | ExportRow | SessionRecord | JournalProblem
T = TypeVar("T")


def export_regions_newest_first(
    path: Path,
    whole: Callable[[bytes], Region | None],
    build: Callable[[Groups, int], ExportRow | SessionRecord | None],
) -> Iterator[list[Item]]:
    """Every record of the journal file newest first by start time (ties: the later saved
    first) and every problem, a region at a time: a region that `whole` writes as one list of
    a `Written`, any other as `order.scan_newest_first_batches(path, build)` gives it."""

    def lines(region: bytes) -> tuple[list[bytes], datetime] | None:
        written = whole(region)
        return None if written is None else (written.lines, written.first)

    def one(lines: list[bytes]) -> list[Item]:
        return [Written(lines)]

    return newest_first_made(path, lines, one, build)


def newest_first_made(
    path: Path,
    whole: Callable[[bytes], tuple[list[T], datetime] | None],
    hand_out: Callable[[list[T]], list[Item]],
    build: Callable[[Groups, int], ExportRow | SessionRecord | None],
) -> Iterator[list[Item]]:
    """The same, a region that `whole` makes (what it made of its records in file order, and
    when the first began) handed out by `hand_out` (given them newest first)."""
    path = Path(path)
    handle = _open_for_read(path)
    if handle is None:
        return
    keep_freed_memory()
    with handle:
        fd = handle.fileno()
        parts = _first_pass(fd, path)
        newest_before = [-math.inf]  # the newest start among regions 0..i-1
        for part in parts[:-1]:
            newest_before.append(max(newest_before[-1], part.newest))
        waiting: list[tuple[float, int, ExportRow | SessionRecord]] = []
        count = 0
        for index in range(len(parts) - 1, -1, -1):
            part = parts[index]
            region = _read(fd, path, part.offset, part.size)
            bound = newest_before[index]
            if not waiting:
                made = whole(region)
                # (in order, as `whole` checks: handed out as it is, backwards)
                if made is not None and time_key(made[1]) >= bound:
                    made[0].reverse()
                    yield hand_out(made[0])
                    continue
            items, read = region_items(region, part.line, part.at_eof, part.offset == 0, build)
            del region
            records: list[ExportRow | SessionRecord] = items[:read]  # type: ignore[assignment]
            batch: list[Item] = []
            for item in items[read:]:
                if isinstance(item, JournalProblem):
                    batch.append(item)
                else:
                    records.append(item)  # type: ignore[arg-type]
            if not waiting and _in_order(records, bound):
                records.reverse()  # newest first, the later saved first among equals
                batch.extend(records)
                if batch:
                    yield batch
                continue
            for record in reversed(records):  # the later saved first among equals
                count += 1
                heapq.heappush(waiting, (-time_key(record.started_at), count, record))
            while waiting and -waiting[0][0] >= bound:
                batch.append(heapq.heappop(waiting)[2])
            if batch:
                yield batch
