"""The JSON and CSV exports of the whole journal, each record written straight from the text it
was read from (issue 13: whole-journal views within 2.5x of reading the journal at all).

A record that takes the journal's fast path (`hipcli.journal.fast`: its text exactly as hipcli
writes it) is checked exactly as `record_from_groups` checks it, and then written from its text
without building a SessionRecord: most of what an export writes, the text already holds as the
export writes it. A JSON string is the TOML string as written when it has no `\\u`/`\\U` escape
and no tab (TOML's other escapes are JSON's); a number, a time (`isoformat` of a time read from
`2026-11-21 07:30:12+01:00` is the same text with a `T`) and a mood are their text. Anything
else (a `\\u` escape, a `-00:00` offset, a bare carriage return for CSV) is written from the
record (`record_json`, `record_line`), and records in any other layout come as SessionRecords.
Tests check every line both ways against `record_json` and `record_cells`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain
from typing import Any, cast

from hipcli.journal.fast import Groups, checked_start, holds_of, record_from_groups, tags_of
from hipcli.journal.record import MAX_SESSION_S, JournalProblem
from hipcli.journal.record import SessionRecord as SessionRecord
from hipcli.journal.stream import journal_files, stream_newest_first_batches
from hipcli.journal.strings import string_text
from hipcli.review.export_csv import field, record_cells, record_line
from hipcli.review.export_folder import LINES, folder_export_batches
from hipcli.review.export_json import (
    Batch,
    ExportRow,
    Written,
    escape_unsafe,
    holds_json,
    record_json,
    tags_json,
)
from hipcli.review.export_regions import Region, csv_region, json_region
from hipcli.review.export_stream import export_regions_newest_first
from hipcli.review.markdown_regions import markdown_region
from hipcli.review.select import Filters, LogRequest, ProblemSink

STARTED, ENDED = 3, 4  # the groups of the record pattern that hold the times


def iso_text(text: str) -> str | None:
    """A time as the journal's text has it (`format_record`'s layout, checked by the pattern),
    as `datetime.isoformat` writes the time read from it; None where the two differ (a `-00:00`
    offset is written `+00:00`, a fraction of `.000000` not at all)."""
    if text.endswith("-00:00") or text.endswith(".000000", 0, len(text) - 6):
        return None
    return text.replace(" ", "T", 1)


# What most records repeat (lengths practised, lists of tags, holds), written once each: the
# text of an `active_s` as `repr` writes its float (None: not a valid length), the JSON and CSV
# texts of a tags or holds block. A block the fast path refuses is not kept: its record goes to
# the record path, which says why.
_KEPT = 4096
_ACTIVE: dict[str, str | None] = {}
_TAGS: dict[str, tuple[str, str]] = {"[]": ("", "[]")}
_HOLDS: dict[str | None, tuple[str, bool, str]] = {None: ("null", True, "")}


def _active(text: str) -> str | None:
    value = float(text)
    shown = repr(value) if 0 <= value <= MAX_SESSION_S else None  # (false for nan)
    if len(_ACTIVE) >= _KEPT:
        _ACTIVE.clear()
    _ACTIVE[text] = shown
    return shown


def _record_row(
    groups: Groups, line: int, make: Callable[[SessionRecord, str, str], ExportRow]
) -> ExportRow | None:
    """The row made from the record, as for a record in any other layout, after keeping the
    texts of its tags and holds for the records that repeat them."""
    tags, holds = groups[12], groups[14]
    if tags not in _TAGS:
        tag_values = tags_of(tags)
        if tag_values is not None:
            if len(_TAGS) >= _KEPT:
                _TAGS.clear()
                _TAGS["[]"] = ("", "[]")
            items = tags_json(tag_values)
            _TAGS[tags] = (items, field("[" + items + "]"))
    if holds not in _HOLDS:
        hold_values = holds_of(holds)
        if hold_values is not None:
            if len(_HOLDS) >= _KEPT:
                _HOLDS.clear()
                _HOLDS[None] = ("null", True, "")
            text, printable = holds_json(hold_values)
            _HOLDS[holds] = (text, printable, field(text))
    record = record_from_groups(groups, line)
    if record is None:
        return None
    start, end = iso_text(groups[STARTED]), iso_text(groups[ENDED])
    return make(record, start or record.started_at.isoformat(), end or record.ended_at.isoformat())


def _json_of(record: SessionRecord, start: str, end: str) -> ExportRow:
    return ExportRow(record.id, record.started_at, record_json(record, start, end), [])


def _csv_of(record: SessionRecord, start: str, end: str) -> ExportRow:
    text = record_line(record, start, end)
    if text is None:
        return ExportRow(record.id, record.started_at, "", record_cells(record, start, end))
    return ExportRow(record.id, record.started_at, text, [])


# Written for speed (every record of an export of the whole journal goes through one of these
# two): what they check is what `record_from_groups` checks, in the same words; a start and end
# compared as text are in `YEARS` (the pattern has four digits of year first).
# Whatever these don't write themselves goes to `_record_row`.


def json_row(groups: Groups, line: int) -> ExportRow | None:
    """A record read by the fast path as its line of JSON (None: not valid, see `Build`):
    exactly `record_json(record)`, written from the text where it can be."""
    (
        version, routine, title, started, ended, planned, active, completed, done, total,
        before, mood, tags, notes, holds, ident,
    ) = groups  # fmt: skip
    texts = notes + title + routine + ident
    times = started + ended
    shown = _ACTIVE.get(active) or _active(active)
    tag_texts = _TAGS.get(tags)
    hold_texts = _HOLDS.get(holds)
    if (
        shown is None
        or tag_texts is None
        or hold_texts is None
        or "\t" in texts
        or "-00:00" in times
        or ".000000" in times
        or ("\\" in texts and ("\\u" in texts or "\\U" in texts or "\\" in routine + ident))
    ):
        return _record_row(groups, line, _json_of)
    started_at = checked_start(version, ident, routine, started, ended, done, total, planned)
    if started_at is None:
        return None
    text = (
        f'{{"v": {version}, "id": "{ident}", "routine": "{routine}", "title": "{title}", '
        f'"started_at": "{started.replace(" ", "T", 1)}", '
        f'"ended_at": "{ended.replace(" ", "T", 1)}", "planned_s": {planned}, '
        f'"active_s": {shown}, "completed": {completed}, '
        f'"steps_done": {done}, "steps_total": {total}, '
        f'"mood_before": {before or "null"}, "mood": {mood or "null"}, '
        f'"tags": [{tag_texts[0]}], "notes": "{notes}", "holds": {hold_texts[0]}}}'
    )
    texts += tag_texts[0]
    # (as in record_json: only the texts can hold what a terminal might act on)
    if not (hold_texts[1] and ("\x7f" not in texts if texts.isascii() else texts.isprintable())):
        text = escape_unsafe(text)
    return ExportRow(ident, started_at, text, [])


def csv_row(groups: Groups, line: int) -> ExportRow | None:
    """A record read by the fast path as its CSV line (None: not valid, see `Build`); its
    cells when it needs the careful writer (`export_csv.record_line`). Not for a terminal,
    where the cells are made visible first."""
    (
        version, routine, title, started, ended, planned, active, completed, done, total,
        before, mood, tags, notes, holds, ident,
    ) = groups  # fmt: skip
    times = started + ended
    shown = _ACTIVE.get(active) or _active(active)
    tag_texts = _TAGS.get(tags)
    hold_texts = _HOLDS.get(holds)
    if (
        shown is None
        or tag_texts is None
        or hold_texts is None
        or "-00:00" in times
        or ".000000" in times
        or "\\" in routine + ident
    ):
        return _record_row(groups, line, _csv_of)
    if "\\" in notes or "\\" in title:
        notes, title = string_text(notes), string_text(title)
        if notes is None or title is None:  # a surrogate escape: the record path says so
            return _record_row(groups, line, _csv_of)
    if "\r" in notes or "\r" in title:
        return _record_row(groups, line, _csv_of)
    started_at = checked_start(version, ident, routine, started, ended, done, total, planned)
    if started_at is None:
        return None
    return ExportRow(
        ident,
        started_at,
        f"{version},{field(ident)},{field(routine)},{field(title)},"
        f"{started.replace(' ', 'T', 1)},{ended.replace(' ', 'T', 1)},{planned},"
        f"{shown},{completed},{done},{total},{before or ''},{mood or ''},"
        f"{tag_texts[1]},{field(notes)},{hold_texts[2]},\n",
        [],
    )


# How each export of the whole journal writes a region, or else a record (Markdown: from the
# record itself, `exports.markdown_entry`)
BUILDERS: dict[str, Callable[[Groups, int], ExportRow | SessionRecord | None]] = {
    "json": json_row,
    "csv": csv_row,
    "markdown": record_from_groups,
}
WHOLE: dict[str, Callable[[bytes], Region | None]] = {
    "json": json_region,
    "csv": csv_region,
    "markdown": markdown_region,
}


def export_batches(
    request: LogRequest,
    filters: Filters,
    on_problem: ProblemSink,
    devices: dict[str, str] | None = None,
) -> Iterator[Batch]:
    """Every session of the journal newest first, in lists, for the JSON, CSV or Markdown
    export of the whole journal (`request.fmt`; no filters: they test records), its problems to
    `on_problem` as they are met. A journal file's regions are written from their bytes where
    they can be (`export_stream`); a folder's records are merged one by one."""
    build = BUILDERS[request.fmt]
    folder, files = journal_files(request.journal, request.device)
    stream: Iterator[list[Any]]
    if folder and request.fmt in LINES:  # (each machine's file a region at a time, merged)
        made = folder_export_batches(
            request.journal, request.fmt, build, device=request.device, devices=devices
        )
        stream = cast("Iterator[list[Any]]", made)  # (problems among them: taken out below)
    elif folder:
        stream = stream_newest_first_batches(
            request.journal, build, device=request.device, devices=devices
        )
    else:
        whole = WHOLE[request.fmt]
        stream = chain.from_iterable(
            export_regions_newest_first(file.path, whole, build) for file in files
        )
    for batch in stream:
        rows = batch
        if any(type(item) is JournalProblem for item in batch):
            rows = []
            for item in batch:
                if isinstance(item, JournalProblem):
                    on_problem(item)
                else:
                    rows.append(item)
        filters.records_seen += sum(len(r.lines) if type(r) is Written else 1 for r in rows)
        if rows:
            yield rows
