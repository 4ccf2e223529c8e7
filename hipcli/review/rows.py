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
from datetime import datetime

from hipcli.journal.fast import Groups, holds_of, record_from_groups, string_text, tags_of
from hipcli.journal.record import MAX_SESSION_S, MAX_STEPS_RECORDED, YEARS, JournalProblem
from hipcli.journal.record import SessionRecord as SessionRecord
from hipcli.journal.stream import stream_newest_first_batches
from hipcli.review.export_csv import field, record_cells, record_line
from hipcli.review.export_json import ExportRow, escape_unsafe, holds_json, record_json, tags_json
from hipcli.review.select import Filters, LogRequest, ProblemSink

STARTED, ENDED = 3, 4  # the groups of the record pattern that hold the times
_LOW, _HIGH = YEARS
_parse = datetime.fromisoformat


def iso_text(text: str) -> str | None:
    """A time as the journal's text has it (`format_record`'s layout, checked by the pattern),
    as `datetime.isoformat` writes the time read from it; None where the two differ (a `-00:00`
    offset is written `+00:00`, a fraction of `.000000` not at all)."""
    if text.endswith("-00:00") or text.endswith(".000000", 0, len(text) - 6):
        return None
    return text.replace(" ", "T", 1)


# What most records repeat (lengths practised, lists of tags, holds), written once each: the
# text of an `active_s` as `repr` writes its float (None: not a valid length), and the JSON and
# CSV texts of a tags or holds block (None: not valid, the record path says why).
_KEPT = 4096
_ACTIVE: dict[str, str | None] = {}
_TAGS: dict[str, tuple[str, str] | None] = {"[]": ("", "[]")}
_HOLDS: dict[str, tuple[str, bool, str] | None] = {}


def _active(text: str) -> str | None:
    value = float(text)
    shown = repr(value) if 0 <= value <= MAX_SESSION_S else None  # (false for nan)
    if len(_ACTIVE) >= _KEPT:
        _ACTIVE.clear()
    _ACTIVE[text] = shown
    return shown


def _known(tags: str, holds: str | None) -> None:
    """Write a tags block and a holds block into the caches (None: the fast path refuses it)."""
    if tags not in _TAGS:
        if len(_TAGS) >= _KEPT:
            _TAGS.clear()
            _TAGS["[]"] = ("", "[]")
        tag_values = tags_of(tags)
        items = None if tag_values is None else tags_json(tag_values)
        _TAGS[tags] = None if items is None else (items, field("[" + items + "]"))
    if holds is not None and holds not in _HOLDS:
        if len(_HOLDS) >= _KEPT:
            _HOLDS.clear()
        hold_values = holds_of(holds)
        if hold_values is None:
            _HOLDS[holds] = None
        else:
            text, printable = holds_json(hold_values)
            _HOLDS[holds] = (text, printable, field(text))


def _checked(groups: Groups) -> datetime | bool:
    """The record's start when its values are valid, as `record_from_groups` checks them; False
    when they are not; True to leave it to the record path (which reads what this can't, and
    says what is wrong)."""
    version, routine, _, started, ended, planned, _, _, done, total = groups[:10]
    tags, _, holds, ident = groups[12:]
    if "\\" in ident or "\\" in routine:  # (their text is needed to check they aren't blank)
        return True
    try:
        started_at = _parse(started)
        ended_at = _parse(ended)
    except ValueError:
        return True
    if tags not in _TAGS or (holds is not None and holds not in _HOLDS):
        _known(tags, holds)
    if (
        ended_at >= started_at
        and int(done) <= int(total) <= MAX_STEPS_RECORDED
        and version != "0"
        and _LOW <= started_at.year <= _HIGH
        and _LOW <= ended_at.year <= _HIGH
        and int(planned) <= MAX_SESSION_S
        and ident.strip()
        and routine.strip()
        and _TAGS[tags] is not None
        and (holds is None or _HOLDS[holds] is not None)
    ):
        return started_at
    return False


def _record_row(
    groups: Groups, line: int, make: Callable[[SessionRecord], ExportRow]
) -> ExportRow | None:
    record = record_from_groups(groups, line)
    return None if record is None else make(record)


def _json_of_record(groups: Groups) -> Callable[[SessionRecord], ExportRow]:
    start, end = iso_text(groups[STARTED]), iso_text(groups[ENDED])
    return lambda record: ExportRow(
        record.id, record.started_at, record_json(record, start, end), []
    )


def _csv_of_record(groups: Groups) -> Callable[[SessionRecord], ExportRow]:
    start, end = iso_text(groups[STARTED]), iso_text(groups[ENDED])

    def make(record: SessionRecord) -> ExportRow:
        text = record_line(record, start, end)
        if text is None:
            return ExportRow(record.id, record.started_at, "", record_cells(record, start, end))
        return ExportRow(record.id, record.started_at, text, [])

    return make


def json_row(groups: Groups, line: int) -> ExportRow | None:
    """A record read by the fast path as its line of JSON (None: not valid, see `Build`):
    exactly `record_json(record)`, written from the text where it can be."""
    (
        version, routine, title, started, ended, planned, active, completed, done, total,
        before, mood, tags, notes, holds, ident,
    ) = groups  # fmt: skip
    texts = notes + title + routine + ident
    shown = _ACTIVE.get(active) or _active(active)
    start, end = iso_text(started), iso_text(ended)
    started_at = _checked(groups)
    if (
        started_at is True
        or shown is None
        or start is None
        or end is None
        or "\t" in texts
        or ("\\" in texts and ("\\u" in texts or "\\U" in texts))
    ):
        return _record_row(groups, line, _json_of_record(groups))
    if started_at is False:
        return None
    tags_text = _TAGS[tags][0]  # type: ignore[index]
    if holds is None:
        holds_text, printable = "null", True
    else:
        holds_text, printable, _ = _HOLDS[holds]  # type: ignore[misc]
    text = (
        f'{{"v": {version}, "id": "{ident}", "routine": "{routine}", "title": "{title}", '
        f'"started_at": "{start}", "ended_at": "{end}", "planned_s": {planned}, '
        f'"active_s": {shown}, "completed": {completed}, '
        f'"steps_done": {done}, "steps_total": {total}, '
        f'"mood_before": {before or "null"}, "mood": {mood or "null"}, "tags": [{tags_text}], '
        f'"notes": "{notes}", "holds": {holds_text}}}'
    )
    texts += tags_text
    if not (printable and ("\x7f" not in texts if texts.isascii() else texts.isprintable())):
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
    shown = _ACTIVE.get(active) or _active(active)
    start, end = iso_text(started), iso_text(ended)
    started_at = _checked(groups)
    if started_at is True or shown is None or start is None or end is None:
        return _record_row(groups, line, _csv_of_record(groups))
    if started_at is False:
        return None
    if "\\" in notes or "\\" in title:
        notes, title = string_text(notes), string_text(title)
    if notes is None or title is None or "\r" in notes or "\r" in title:
        return _record_row(groups, line, _csv_of_record(groups))
    holds_cell = "" if holds is None else _HOLDS[holds][2]  # type: ignore[index]
    return ExportRow(
        ident,
        started_at,
        f"{version},{field(ident)},{field(routine)},{field(title)},{start},{end},{planned},"
        f"{shown},{completed},{done},{total},{before or ''},{mood or ''},"
        f"{_TAGS[tags][1]},{field(notes)},{holds_cell},\n",  # type: ignore[index]
        [],
    )


BUILDERS: dict[str, Callable[[Groups, int], ExportRow | None]] = {"json": json_row, "csv": csv_row}


def export_batches(
    request: LogRequest,
    filters: Filters,
    on_problem: ProblemSink,
    devices: dict[str, str] | None = None,
) -> Iterator[list[SessionRecord | ExportRow]]:
    """Every session of the journal newest first, in lists, for the JSON or CSV export of the
    whole journal (`request.fmt`; no filters: they test records), its problems to
    `on_problem` as they are met."""
    stream = stream_newest_first_batches(
        request.journal, BUILDERS[request.fmt], device=request.device, devices=devices
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
        filters.records_seen += len(rows)
        if rows:
            yield rows  # type: ignore[misc]
