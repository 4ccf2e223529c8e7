"""`hipcli log --all` and `hipcli log --all --oneline` of a whole journal without filters: each
session written from its own text as it is read, newest first (`entry_rows`, `table_rows`),
a region of the journal at a time, with one call to write each. Records in any other layout
come as SessionRecords and are written by the views' own functions; problems go to the report
as they are met.
"""

from __future__ import annotations

import contextlib
import gc
import operator
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from hipcli.journal.record import JournalProblem, SessionRecord
from hipcli.journal.stream import stream_newest_first_batches
from hipcli.review.entries import entry_text
from hipcli.review.entry_rows import entry_builder
from hipcli.review.layout import Paint
from hipcli.review.region_rows import Builder, TextRow
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
) -> int:
    """Every session of the journal as an entry (or, with `request.oneline`, a row), newest
    first; how many were written (none: nothing at all is written)."""
    table: Table | None = None
    if request.oneline:
        table = Table(paint=paint, symbols=symbols, width=width)
        build, slow, between = row_builder(table), table.row, ""
    else:
        build, between = entry_builder(width, paint), "\n"

        def slow(record: SessionRecord) -> str:
            return entry_text(record, width, paint)

    with _no_cycle_collection():
        written = _write(request, build, slow, between, on_problem, out, table)
    filters.records_seen += written
    return written


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
    request: LogRequest,
    build: Builder,
    slow: Callable[[Any], str],
    between: str,
    on_problem: ProblemSink,
    out: TextIO,
    table: Table | None,
) -> int:
    written = 0
    write = out.write
    for batch in stream_newest_first_batches(
        request.journal, build, device=request.device, lines=False, many=build.many
    ):
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
