"""The exports of `hipcli log`, each written record by record as the records arrive, so memory
stays flat however long the journal is: JSON (every field, one record a line in one array), CSV
(every field, a fixed header) and Markdown (a readable journal). Rows of named values (the stats)
go out as CSV or a Markdown table. Documented for users in docs/log.md.

JSON escapes every character a terminal might act on (the data stays identical for any JSON
reader); Markdown shows control characters as escapes (`\\x1b`, by `hipcli.literal.visible`); CSV
keeps the data exact for files and pipes and makes control characters visible only when it is
written straight to a terminal. `hipcli import` reads the JSON and CSV back.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any, TextIO

from hipcli.journal.holds import Hold
from hipcli.journal.record import RECORD_FIELDS, SessionRecord, record_to_dict
from hipcli.literal import visible
from hipcli.review.words import length_text, mood_word, when_text

EXTRA_COLUMN = "extra"  # CSV: fields hipcli doesn't know, as one JSON object
CSV_COLUMNS = (*RECORD_FIELDS, EXTRA_COLUMN)

# Characters JSON (with ensure_ascii=False) writes raw that a terminal might act on; escaping
# them as \uXXXX keeps the data identical for every JSON reader.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MARKDOWN_TABLE = {ord(char): "\\" + char for char in "\\`*_[]<>|~&"}
# a line that Markdown would read as a heading, quote, list or rule: its mark escaped
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)([#>+=-])", re.MULTILINE)
_MARKDOWN_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def _finite(value: Any) -> Any:
    """Non-finite floats (possible in unknown fields) as strings: JSON has no NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def _escape_unsafe(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(data: Any, indent: int | None = 2) -> str:
    """`data` as UTF-8 JSON text, with terminal-active characters escaped."""
    try:
        text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(data), ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(_escape_unsafe, text)


def record_json(record: SessionRecord) -> str:
    """One record as a line of JSON: exactly `json_text(record_to_dict(record), None)`, written
    field by field (four times faster, which tells on 100,000 records)."""
    active = record.active_s
    if record.extra or not math.isfinite(active):
        return json_text(record_to_dict(record), None)
    notes = encode_basestring(record.notes)
    title = encode_basestring(record.title)
    routine = encode_basestring(record.routine)
    ident = encode_basestring(record.id)
    tags = _tags_json(record.tags)
    holds, holds_printable = _holds_json(record.holds)
    mood, before = record.mood, record.mood_before
    text = (
        f'{{"v": {record.v}, "id": {ident}, "routine": {routine}, "title": {title}, '
        f'"started_at": "{record.started_at.isoformat()}", '
        f'"ended_at": "{record.ended_at.isoformat()}", "planned_s": {record.planned_s}, '
        f'"active_s": {active!r}, "completed": {"true" if record.completed else "false"}, '
        f'"steps_done": {record.steps_done}, "steps_total": {record.steps_total}, '
        f'"mood_before": {"null" if before is None else before}, '
        f'"mood": {"null" if mood is None else mood}, "tags": [{tags}], '
        f'"notes": {notes}, "holds": {holds}}}'
    )
    # The rest of the line is ASCII without DEL: only the texts can hold what _JSON_UNSAFE
    # names. isprintable() is false for each of those (and a few harmless ones, like a no-break
    # space): a quick pass in C over the texts alone, and the pattern only when it is false.
    texts = notes + title + routine + ident + tags
    if holds_printable and (
        "\x7f" not in texts if texts.isascii() else texts.isprintable()
    ):
        return text
    return _JSON_UNSAFE.sub(_escape_unsafe, text)


def _hold_json(hold: Hold) -> str:
    side = "" if hold.side is None else f'"side": {encode_basestring(hold.side)}, '
    return (
        f'{{"step": {encode_basestring(hold.step)}, {side}"planned_s": {hold.planned_s}, '
        f'"held_s": {hold.held_s}, "skipped": {"true" if hold.skipped else "false"}}}'
    )


# Most sessions repeat the holds and tags of others, and the reader shares them (one tuple for
# each): each is written once, found again by the tuple itself (hashing a tuple of holds would
# cost more than writing it). The cache keeps the tuple, so its id is never another's.
_SEEN: dict[int, tuple[object, str, bool]] = {}
_SEEN_KEPT = 4096


def _holds_json(holds: tuple[Hold, ...] | None) -> tuple[str, bool]:
    """The holds as JSON, and whether that text is printable."""
    if holds is None:
        return "null", True
    seen = _SEEN.get(id(holds))
    if seen is not None and seen[0] is holds:
        return seen[1], seen[2]
    text = "[" + ", ".join(map(_hold_json, holds)) + "]"
    _remember(holds, text)
    return text, text.isprintable()


def _tags_json(tags: tuple[str, ...]) -> str:
    if not tags:
        return ""
    seen = _SEEN.get(id(tags))
    if seen is not None and seen[0] is tags:
        return seen[1]
    text = ", ".join(map(encode_basestring, tags))
    _remember(tags, text)
    return text


def _remember(value: object, text: str) -> None:
    if len(_SEEN) >= _SEEN_KEPT:
        _SEEN.clear()
    _SEEN[id(value)] = (value, text, text.isprintable())


def write_json(records: Iterable[SessionRecord], out: TextIO) -> int:
    """A JSON array, one record a line (easy to read and to grep), written as they come."""
    written = 0
    for record in records:
        out.write(("," if written else "[") + "\n  " + record_json(record))
        written += 1
    out.write("\n]\n" if written else "[]\n")
    return written


def cell_text(value: Any) -> str:
    """One value as CSV text: "" for none, true/false, lists and tables as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record_cells(record: SessionRecord) -> list[str]:
    """One record as CSV cells, in `CSV_COLUMNS` order."""
    extra = ""
    if record.extra:
        known = set(RECORD_FIELDS)
        data = {k: v for k, v in record_to_dict(record).items() if k not in known}
        extra = json.dumps(_finite(data), ensure_ascii=False)
    return [
        str(record.v),
        record.id,
        record.routine,
        record.title,
        record.started_at.isoformat(),
        record.ended_at.isoformat(),
        str(record.planned_s),
        str(record.active_s),
        "true" if record.completed else "false",
        str(record.steps_done),
        str(record.steps_total),
        "" if record.mood_before is None else str(record.mood_before),
        "" if record.mood is None else str(record.mood),
        "[" + ", ".join(map(encode_basestring, record.tags)) + "]",  # as json.dumps writes
        record.notes,
        "" if record.holds is None else _holds_json(record.holds)[0],
        extra,
    ]


class _CsvOut:
    """Rows to `out`, each ending in "\\n". The csv module quotes a field only for the characters
    of its own line terminator, so a row holding a bare "\\r" is written with "\\r\\n" (quoting
    both) and its end put right; every other row goes straight out."""

    def __init__(self, out: TextIO, *, terminal: bool) -> None:
        self._out = out
        self._terminal = terminal
        self._plain = csv.writer(out, lineterminator="\n")
        self._buffer = io.StringIO()
        self._careful = csv.writer(self._buffer, lineterminator="\r\n")

    def row(self, cells: list[str]) -> None:
        """Write one row."""
        if self._terminal:  # exact data for files and pipes; on a screen nothing may act
            cells = [visible(cell) for cell in cells]
        if not any("\r" in cell for cell in cells):
            self._plain.writerow(cells)
            return
        self._careful.writerow(cells)
        self._out.write(self._buffer.getvalue()[:-2] + "\n")
        self._buffer.seek(0)
        self._buffer.truncate()


def write_csv(records: Iterable[SessionRecord], out: TextIO, *, terminal: bool) -> int:
    """A header row, then one row per record, written as they come."""
    rows = _CsvOut(out, terminal=terminal)
    rows.row(list(CSV_COLUMNS))
    written = 0
    for record in records:
        rows.row(record_cells(record))
        written += 1
    return written


def write_rows(
    fmt: str, columns: list[str], rows: Iterable[dict[str, Any]], out: TextIO, *, terminal: bool
) -> None:
    """Rows of named values as CSV or a Markdown table, written as they come."""
    if fmt == "markdown":
        out.write("| " + " | ".join(_markdown_cell(name) for name in columns) + " |\n")
        out.write("|" + "---|" * len(columns) + "\n")
        for row in rows:
            out.write("| " + " | ".join(_markdown_cell(row.get(name)) for name in columns) + " |\n")
        return
    writer = _CsvOut(out, terminal=terminal)
    writer.row(columns)
    for row in rows:
        writer.row([cell_text(row.get(name)) for name in columns])


def markdown_escape(text: str) -> str:
    """Journal text for Markdown: shown as written, never as formatting or control."""
    text = visible(text, keep_newlines=True)
    if _MARKDOWN_SPECIAL.search(text):
        text = text.translate(_MARKDOWN_TABLE)  # one pass in C, however many there are
    for line_start in (_MARKDOWN_LINE_START, _MARKDOWN_NUMBERED):
        if line_start.search(text):
            text = line_start.sub(r"\1\\\2", text)
    return text


def _markdown_cell(value: Any) -> str:
    text = (
        ", ".join(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value)
        else cell_text(value)
    )
    return re.sub(r"\r\n|\r|\n", "<br>", markdown_escape(text))


def _moods_line(record: SessionRecord) -> str:
    before, after = record.mood_before, record.mood
    if before is not None and after is not None:
        return f"mood {mood_word(before)} → {mood_word(after)}"
    if after is not None:
        return f"mood {mood_word(after)}"
    return f"mood before {mood_word(before)}" if before is not None else ""


def markdown_entry(record: SessionRecord) -> str:
    """One session as a Markdown section: a heading, a line of facts, the notes."""
    title = markdown_escape(record.title or record.routine).replace("\n", " ")
    facts = [
        f"{length_text(record.active_s)} of {length_text(record.planned_s)}",
        "completed" if record.completed else "ended early",
        _moods_line(record),
        " ".join("#" + markdown_escape(tag).replace("\n", " ") for tag in record.tags),
    ]
    parts = [f"## {when_text(record.started_at)} — {title}", " · ".join(f for f in facts if f)]
    notes = record.notes.strip()
    if notes:
        paragraphs = _PARAGRAPH_BREAK.split(markdown_escape(notes.replace("\r\n", "\n")))
        # a line break inside a paragraph stays one: a backslash at the end of the line is
        # CommonMark's hard line break (trailing spaces would be invisible, and trimmed)
        parts.extend(paragraph.strip("\n").replace("\n", "\\\n") for paragraph in paragraphs)
    return "\n\n".join(parts) + "\n"


def write_markdown(records: Iterable[SessionRecord], out: TextIO) -> int:
    """A readable journal: a heading per session, moods and tags on a line, notes as paragraphs."""
    written = 0
    for record in records:
        out.write(("\n" if written else "# Practice journal\n\n") + markdown_entry(record))
        written += 1
    if not written:
        out.write("# Practice journal\n\nNo sessions.\n")
    return written


def write_export(fmt: str, records: Iterable[SessionRecord], out: TextIO, *, terminal: bool) -> int:
    """Every field of each record as JSON or CSV, or the journal as Markdown; how many."""
    if fmt == "json":
        return write_json(records, out)
    if fmt == "csv":
        return write_csv(records, out, terminal=terminal)
    return write_markdown(records, out)
