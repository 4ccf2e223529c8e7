"""`hipcli log -n N` (entries) when N reaches past the start of the journal (`-n 100000`,
`--since 2000-01-01 -n 1000000`): every session the filters let through, newest first, which is
what `--all` shows, so it is written by `--all`'s fast writers (`entry_rows`), each session
from its own text, instead of reading every record whole from the end (`select.recent`).

It takes only what it can write exactly as `select.recent` and `entries.write_entries` would:
one journal file, entries (not `--oneline`, whose columns are sized by the sessions shown),
filters by day only (`--since`, `--until`). Anything else, a journal with more sessions than
N, or one with a damaged record (whose message `recent` gives in its own order) goes back to
the slow path (None), which then writes everything; until then nothing has been written.
Tests compare both paths byte for byte.
"""

from __future__ import annotations

from typing import TextIO

from hipcli.journal.order import scan_newest_first_batches
from hipcli.journal.read import more_records_than
from hipcli.journal.record import JournalProblem
from hipcli.journal.stream import journal_files
from hipcli.review.entries import WRITE_EVERY, entry_text
from hipcli.review.entry_rows import entry_builder
from hipcli.review.layout import Paint
from hipcli.review.region_rows import TextRow
from hipcli.review.select import Filters, LogRequest

FAST_FROM = 1000  # `-n` below this reads only the end of the journal: the slow path is quick


def write_recent_entries(
    request: LogRequest, filters: Filters, limit: int, out: TextIO, *, paint: Paint, width: int
) -> int | None:
    """The last `limit` sessions that pass `filters` as entries, newest first, when every one
    of them is shown (see the module's docstring); how many were written, or None (nothing
    written) when the slow path must do it."""
    if (
        limit < FAST_FROM
        or request.fmt != "table"
        or request.oneline
        or request.stats
        or filters.routine is not None
        or filters.grep is not None
        or filters.id_prefix is not None
    ):
        return None
    folder, files = journal_files(request.journal, request.device)
    if folder or len(files) != 1 or more_records_than(files[0].path, limit):
        return None
    since, until = filters.since, filters.until
    build = entry_builder(width, paint)
    texts: list[str] = []
    seen = 0
    for batch in scan_newest_first_batches(files[0].path, build, lines=False, many=build.many):
        for item in batch:
            if isinstance(item, JournalProblem):
                return None
            seen += 1
            if since is not None or until is not None:
                day = item.started_at.date()
                if (since is not None and day < since) or (until is not None and day > until):
                    continue
            texts.append(item.text if isinstance(item, TextRow) else entry_text(item, width, paint))
        if len(texts) > limit:
            return None  # (records under headers of other kinds: more than `limit` after all)
    filters.records_seen += seen
    for start in range(0, len(texts), WRITE_EVERY):
        out.write(("\n" if start else "") + "\n".join(texts[start : start + WRITE_EVERY]))
    return len(texts)
