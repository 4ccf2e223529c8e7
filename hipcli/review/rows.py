"""The JSON and CSV exports of the whole journal, each record written straight from the text it
was read from (issue 13: whole-journal views within 2.5x of reading the journal at all).

A record that takes the journal's fast path (`hipcli.journal.fast`, which checks it exactly as
for every view) is built once, as always; what an export would then compute again, the record's
text already holds as the export writes it: its start and end (`isoformat` of a time read from
`2026-11-21 07:30:12+01:00` is the same text with a `T`), so they are taken from there. The
lines and cells are exactly those of `record_json` and `record_cells` (tests check both ways
against each other). Records in any other layout come as SessionRecords and are written as
such.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from hipcli.journal.fast import Groups, record_from_groups
from hipcli.journal.record import JournalProblem, SessionRecord
from hipcli.journal.stream import stream_newest_first_as
from hipcli.review.export_csv import record_cells, record_line
from hipcli.review.export_json import (
    ExportRow,
    record_json,
)
from hipcli.review.select import Filters, LogRequest, ProblemSink

STARTED, ENDED = 3, 4  # the groups of the record pattern that hold the times


def iso_text(text: str) -> str | None:
    """A time as the journal's text has it (`format_record`'s layout, checked by the pattern),
    as `datetime.isoformat` writes the time read from it; None where the two differ (a `-00:00`
    offset is written `+00:00`, a fraction of `.000000` not at all)."""
    if text.endswith("-00:00") or text.endswith(".000000", 0, len(text) - 6):
        return None
    return text.replace(" ", "T", 1)


def json_row(groups: Groups, line: int) -> ExportRow | None:
    """A record read by the fast path as its line of JSON (None: not valid, see `Build`):
    exactly `record_json(record)`, its times as the text has them."""
    record = record_from_groups(groups, line)
    if record is None:
        return None
    start, end = iso_text(groups[STARTED]), iso_text(groups[ENDED])
    return ExportRow(record.id, record.started_at, record_json(record, start, end), [])


def csv_row(groups: Groups, line: int) -> ExportRow | None:
    """A record read by the fast path as its CSV line (None: not valid, see `Build`); its
    cells when it needs the careful writer (`export_csv.record_line`). Not for a terminal,
    where the cells are made visible first."""
    record = record_from_groups(groups, line)
    if record is None:
        return None
    start, end = iso_text(groups[STARTED]), iso_text(groups[ENDED])
    text = record_line(record, start, end)
    if text is None:
        return ExportRow(record.id, record.started_at, "", record_cells(record, start, end))
    return ExportRow(record.id, record.started_at, text, [])


BUILDERS: dict[str, Callable[[Groups, int], ExportRow | None]] = {"json": json_row, "csv": csv_row}


def export_rows(
    request: LogRequest,
    filters: Filters,
    on_problem: ProblemSink,
    devices: dict[str, str] | None = None,
) -> Iterator[SessionRecord | ExportRow]:
    """Every session of the journal newest first, for the JSON or CSV export of the whole
    journal (`request.fmt`; no filters: they test records), its problems to `on_problem`."""
    stream = stream_newest_first_as(
        request.journal, BUILDERS[request.fmt], device=request.device, devices=devices
    )
    for item in stream:
        if isinstance(item, JournalProblem):
            on_problem(item)
        else:
            filters.records_seen += 1
            yield item
