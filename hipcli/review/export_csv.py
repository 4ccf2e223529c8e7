"""The CSV export of `hipcli log`: every field of each record under a fixed header, written as
the records arrive. CSV keeps the data exact for files and pipes and makes control characters
visible only when it is written straight to a terminal. Documented for users in docs/log.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from hipcli.journal.record import RECORD_FIELDS, SessionRecord, record_to_dict
from hipcli.literal import visible
from hipcli.review.export_json import (
    Batch,
    ExportRow,
    Written,
    byte_writer,
    finite,
    holds_json,
    tags_json,
)

EXTRA_COLUMN = "extra"  # CSV: fields hipcli doesn't know, as one JSON object
CSV_COLUMNS = (*RECORD_FIELDS, EXTRA_COLUMN)


def cell_text(value: Any) -> str:
    """One value as CSV text: "" for none, true/false, lists and tables as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record_cells(
    record: SessionRecord, started_at: str | None = None, ended_at: str | None = None
) -> list[str]:
    """One record as CSV cells, in `CSV_COLUMNS` order (the times as in `record_json`)."""
    extra = ""
    if record.extra:
        known = set(RECORD_FIELDS)
        data = {k: v for k, v in record_to_dict(record).items() if k not in known}
        extra = json.dumps(finite(data), ensure_ascii=False)
    return [
        str(record.v),
        record.id,
        record.routine,
        record.title,
        started_at or record.started_at.isoformat(),
        ended_at or record.ended_at.isoformat(),
        str(record.planned_s),
        str(record.active_s),
        "true" if record.completed else "false",
        str(record.steps_done),
        str(record.steps_total),
        "" if record.mood_before is None else str(record.mood_before),
        "" if record.mood is None else str(record.mood),
        "[" + tags_json(record.tags) + "]",  # as json.dumps writes
        record.notes,
        "" if record.holds is None else holds_json(record.holds)[0],
        extra,
    ]


class CsvOut:
    """Rows to `out`, each ending in "\\n". The csv module quotes a field only for the characters
    of its own line terminator, so a row holding a bare "\\r" is written with "\\r\\n" (quoting
    both) and its end put right; every other row goes straight out."""

    def __init__(self, out: TextIO, *, terminal: bool) -> None:
        self._out = out
        self._terminal = terminal
        self._plain = csv.writer(out, lineterminator="\n")
        self._buffer = io.StringIO()
        self._careful = csv.writer(self._buffer, lineterminator="\r\n")

    def row(self, cells: list[str], *, bare_cr: bool | None = None) -> None:
        """Write one row (`bare_cr`: whether a cell may hold a "\\r", when the caller knows)."""
        if self._terminal:  # exact data for files and pipes; on a screen nothing may act
            cells = [visible(cell) for cell in cells]
            bare_cr = None
        if bare_cr is None:
            bare_cr = any("\r" in cell for cell in cells)
        if not bare_cr:
            self._plain.writerow(cells)
            return
        self._careful.writerow(cells)
        self._out.write(self._buffer.getvalue()[:-2] + "\n")
        self._buffer.seek(0)
        self._buffer.truncate()


def field(text: str) -> str:
    """A text as `csv.writer` writes it in a row (its defaults, `\\n` ending the row): quoted,
    its quotes doubled, when it holds a quote, a comma or a newline (a bare "\\r" needs the
    careful writer of `CsvOut`)."""
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text:
        return '"' + text + '"'
    return text


# The tags and holds of most records are those of others, one tuple shared (as in
# `export_json`): each cell written once, found again by the tuple itself, which it keeps.
_CELLS: dict[int, tuple[object, str]] = {}
_CELLS_KEPT = 4096


def _cell(value: tuple[Any, ...], make: Callable[[], str]) -> str:
    seen = _CELLS.get(id(value))
    if seen is not None and seen[0] is value:
        return seen[1]
    if len(_CELLS) >= _CELLS_KEPT:
        _CELLS.clear()
    text = _CELLS[id(value)] = (value, field(make()))
    return text[1]


def record_line(
    record: SessionRecord, started_at: str | None = None, ended_at: str | None = None
) -> str | None:
    """One record as a CSV line, exactly as `csv.writer` writes `record_cells(record)` (five
    times faster, which tells on 100,000 records); None for a record with fields hipcli
    doesn't know, or a bare "\\r" in a text (`record_cells` and `CsvOut` then)."""
    notes, title, routine, ident = record.notes, record.title, record.routine, record.id
    if record.extra or "\r" in notes or "\r" in title or "\r" in routine or "\r" in ident:
        return None
    tags = record.tags
    tags_cell = _cell(tags, lambda: "[" + tags_json(tags) + "]") if tags else "[]"
    holds = record.holds
    holds_cell = "" if holds is None else _cell(holds, lambda: holds_json(holds)[0])
    before, mood = record.mood_before, record.mood
    return (
        f"{record.v},{field(ident)},{field(routine)},{field(title)},"
        f"{started_at or record.started_at.isoformat()},"
        f"{ended_at or record.ended_at.isoformat()},{record.planned_s},{record.active_s},"
        f"{'true' if record.completed else 'false'},{record.steps_done},{record.steps_total},"
        f"{'' if before is None else before},{'' if mood is None else mood},{tags_cell},"
        f"{field(notes)},{holds_cell},\n"
    )


def write_csv(records: Iterable[SessionRecord | ExportRow], out: TextIO, *, terminal: bool) -> int:
    """A header row, then one row per record, written as they come: as a line (`record_line`,
    or the ExportRow's) when it can be, else through `CsvOut`."""
    rows = CsvOut(out, terminal=terminal)
    rows.row(list(CSV_COLUMNS))
    written = 0
    write, row = out.write, rows.row
    for record in records:
        if isinstance(record, ExportRow):
            line: str | None = record.line
            cells = record.cells
        else:
            line = None if terminal else record_line(record)
            cells = record_cells(record) if line is None else []
        if line:
            write(line)
        else:
            row(cells)
        written += 1
    return written


def write_csv_batches(batches: Iterable[Batch], out: TextIO) -> int:
    """`write_csv` of lists of records, to a file or pipe, each list written with one call
    (the same text), as UTF-8 bytes (`byte_writer`); a row that needs the careful writer is
    written by it, in its place."""
    write = byte_writer(out)
    careful = io.StringIO()
    rows = CsvOut(careful, terminal=False)

    def row(cells: list[str]) -> bytes:
        rows.row(cells)
        text = careful.getvalue()
        careful.seek(0)
        careful.truncate()
        return text.encode("utf-8")

    write(row(list(CSV_COLUMNS)))
    written = 0
    for batch in batches:
        lines: list[bytes] = []
        for item in batch:
            if isinstance(item, Written):
                lines.extend(item.lines)
                written += len(item.lines)
                continue
            if isinstance(item, ExportRow):
                line: str | None = item.line
                cells = item.cells
            else:
                line = record_line(item)
                cells = [] if line else record_cells(item)
            lines.append(line.encode("utf-8") if line else row(cells))
            written += 1
        write(b"".join(lines))
    return written
