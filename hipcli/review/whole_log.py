"""`hipcli log --all` and `hipcli log --all --oneline` of a whole journal without filters: each
session written from its own text as it is read, newest first (`entry_rows`, `table_rows`),
a region of the journal at a time, with one call to write each. Records in any other layout
come as SessionRecords and are written by the views' own functions; problems go to the report
as they are met. A journal folder's entries are made file by file (each heading with the
file's machine, when the folder holds two or more), and the files' entries merged by time.
"""

from __future__ import annotations

import contextlib
import gc
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from hipcli.journal.folder import JournalFile
from hipcli.journal.location import JournalLocation
from hipcli.journal.order import scan_newest_first_batches
from hipcli.journal.record import JournalProblem, SessionRecord
from hipcli.journal.stream import batched, stream_newest_first_batches, stream_newest_first_from
from hipcli.review.entries import entry_text
from hipcli.review.entry_rows import entry_builder, entry_builders
from hipcli.review.layout import Paint
from hipcli.review.region_rows import TextRow
from hipcli.review.select import Filters, LogRequest, ProblemSink
from hipcli.review.table import Table
from hipcli.review.table_rows import row_builder


def write_whole_journal(
    request: LogRequest,
    filters: Filters,
    on_problem: ProblemSink,
    out: TextIO,
    *,
    paint: Paint,
    symbols: bool,
    width: int,
    machines: bool = False,
) -> int:
    """Every session of the journal as an entry (or, with `request.oneline`, a row), newest
    first; how many were written (none: nothing at all is written). With `machines` (a
    journal folder of two or more machines: entries only) each heading ends with the
    session's machine."""
    table: Table | None = None
    journal = request.journal
    batches: Iterator[list[Any]]
    if request.oneline:
        table = Table(paint=paint, symbols=symbols, width=width)
        build, slow, between = row_builder(table), table.row, ""
    else:
        build, between = entry_builder(width, paint), "\n"

        def slow(record: SessionRecord) -> str:
            return entry_text(record, width, paint)

    if table is None and isinstance(journal, JournalLocation) and journal.is_folder:
        batches = _folder_entries(request, width, paint, machines)  # (a builder a file)
    else:
        batches = stream_newest_first_batches(
            journal, build, device=request.device, lines=False, many=build.many
        )
    with _no_cycle_collection():
        written = _write(batches, slow, between, on_problem, out, table)
    filters.records_seen += written
    return written


def _folder_entries(
    request: LogRequest, width: int, paint: Paint, machines: bool
) -> Iterator[list[TextRow | JournalProblem]]:
    """A journal folder's entries newest first, in lists: each file's made a region at a time
    by a builder of its own (with the file's machine, given `machines`), merged by time, each
    session once (`stream_newest_first_from`)."""
    devices: dict[str, str] = {}
    builders = entry_builders(width, paint)

    def scan(file: JournalFile) -> Iterator[TextRow | SessionRecord | JournalProblem]:
        build = builders(file.device if machines else "")
        for batch in scan_newest_first_batches(file.path, build, lines=False, many=build.many):
            yield from batch

    def entries() -> Iterator[TextRow | JournalProblem]:
        for item in stream_newest_first_from(
            request.journal, scan, device=request.device, devices=devices
        ):
            if isinstance(item, SessionRecord):  # (in another layout: written from the record)
                machine = devices.get(item.id, "") if machines else ""
                item = TextRow(item.id, item.started_at, entry_text(item, width, paint, machine))
            yield item

    return batched(entries())


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the journal streams by: it would look through the
    hundreds of thousands of tuples and strings the rows are made of, which never form a
    cycle, and find nothing (2-3% of the time of `--all`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_TEXT = operator.attrgetter("text")


def _write(
    batches: Iterable[list[Any]],
    slow: Callable[[Any], str],
    between: str,
    on_problem: ProblemSink,
    out: TextIO,
    table: Table | None,
) -> int:
    written = 0
    write = out.write
    for batch in batches:
        try:
            texts = list(map(_TEXT, batch))
        except AttributeError:  # (a problem, or a record in another layout)
            texts = []
            for item in batch:
                if isinstance(item, TextRow):
                    texts.append(item.text)
                elif isinstance(item, JournalProblem):
                    on_problem(item)
                else:
                    texts.append(slow(item))
        if not texts:
            continue
        if not written:
            write(table.header() if table is not None else "")
        else:
            write(between)
        write(between.join(texts))
        written += len(texts)
    return written
