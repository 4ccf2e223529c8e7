"""The exports of `hipcli log`, each written record by record as the records arrive, so memory
stays flat however long the journal is: JSON (every field, one record a line in one array), CSV
(every field, a fixed header) and Markdown (a readable journal). Rows of named values (the stats)
go out as CSV or a Markdown table. Documented for users in docs/log.md.

JSON (`hipcli.review.export_json`) escapes every character a terminal might act on (the data
stays identical for any JSON reader); Markdown (here) shows control characters as escapes
(`\\x1b`, by `hipcli.literal.visible`); CSV (`hipcli.review.export_csv`) keeps the data exact for
files and pipes and makes control characters visible only when it is written straight to a
terminal. `hipcli import` reads the JSON and CSV back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from hipcli.journal.record import SessionRecord
from hipcli.literal import visible
from hipcli.review.export_csv import CSV_COLUMNS as CSV_COLUMNS
from hipcli.review.export_csv import EXTRA_COLUMN as EXTRA_COLUMN
from hipcli.review.export_csv import CsvOut, write_csv, write_csv_batches
from hipcli.review.export_csv import cell_text as cell_text
from hipcli.review.export_csv import record_cells as record_cells
from hipcli.review.export_json import (
    Batch,
    ExportRow,
    Written,
    byte_writer,
    write_json,
    write_json_batches,
)
from hipcli.review.export_json import json_text as json_text
from hipcli.review.export_json import record_json as record_json
from hipcli.review.words import length_text, mood_word, when_text

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MARKDOWN_TABLE = {ord(char): "\\" + char for char in "\\`*_[]<>|~&"}
# a line that Markdown would read as a heading, quote, list or rule: its mark escaped
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)([#>+=-])", re.MULTILINE)
_MARKDOWN_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
# anything `markdown_escape` would change: a carriage return or another control character
# (`visible`), a character Markdown reads as formatting, a line Markdown reads as a block
_MARKDOWN_ANY = re.compile(
    "[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    r"\\`*_\[\]<>|~&]|^[ \t]*(?:[#>+=-]|\d+[.)])",
    re.MULTILINE,
)
# Titles and lists of tags as they are written, each once (most sessions repeat a few)
_WRITTEN: dict[object, str] = {}
_WRITTEN_KEPT = 4096
WRITE_EVERY = 256  # entries held before they are written (all at once: one call, not 256)


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
    writer = CsvOut(out, terminal=terminal)
    writer.row(columns)
    for row in rows:
        writer.row([cell_text(row.get(name)) for name in columns])


def paragraph_breaks(text: str) -> bool:
    """Whether `text` holds a blank line (notes: more than one paragraph)."""
    return _PARAGRAPH_BREAK.search(text) is not None


def markdown_escape(text: str) -> str:
    """Journal text for Markdown: shown as written, never as formatting or control."""
    if _MARKDOWN_ANY.search(text) is None:
        return text  # (one search for what the steps below would change, mostly nothing)
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


def moods_line(before: int | None, after: int | None) -> str:
    if before is not None and after is not None:
        return f"mood {mood_word(before)} → {mood_word(after)}"
    if after is not None:
        return f"mood {mood_word(after)}"
    return f"mood before {mood_word(before)}" if before is not None else ""


def _written(key: object, make: Callable[[], str]) -> str:
    """`make()`, once for each key (a title, a tuple of tags: the reader shares them)."""
    text = _WRITTEN.get(key)
    if text is None:
        if len(_WRITTEN) >= _WRITTEN_KEPT:
            _WRITTEN.clear()
        text = _WRITTEN[key] = make()
    return text


def markdown_name(name: str) -> str:
    """A session's name (its title, else its routine) as its heading shows it."""
    return markdown_escape(name).replace("\n", " ")


def markdown_tags(tags: tuple[str, ...]) -> str:
    """The tags as the line of facts shows them: "#calm #hips"."""
    return " ".join(f"#{markdown_escape(tag)}".replace("\n", " ") for tag in tags)


def markdown_notes(notes: str) -> str:
    """Notes (stripped, not empty) as Markdown paragraphs, separated by a blank line."""
    notes = markdown_escape(notes.replace("\r\n", "\n"))
    if "\n" not in notes:
        return notes
    # a line break inside a paragraph stays one: a backslash at the end of the line is
    # CommonMark's hard line break (trailing spaces would be invisible, and trimmed)
    paragraphs = _PARAGRAPH_BREAK.split(notes)
    return "\n\n".join(paragraph.strip("\n").replace("\n", "\\\n") for paragraph in paragraphs)


def markdown_entry(record: SessionRecord) -> str:
    """One session as a Markdown section: a heading, a line of facts, the notes."""
    name = record.title or record.routine
    title = _written(name, lambda: markdown_name(name))
    tags, before, after = record.tags, record.mood_before, record.mood
    facts = [
        f"{length_text(record.active_s)} of {length_text(record.planned_s)}",
        "completed" if record.completed else "ended early",
        _written(("mood", before, after), lambda: moods_line(before, after)),
        _written(tags, lambda: markdown_tags(tags)) if tags else "",
    ]
    parts = [f"## {when_text(record.started_at)} — {title}", " · ".join(f for f in facts if f)]
    notes = record.notes.strip()
    if notes:
        parts.append(markdown_notes(notes))
    return "\n\n".join(parts) + "\n"


def write_markdown(records: Iterable[SessionRecord], out: TextIO) -> int:
    """A readable journal: a heading per session, moods and tags on a line, notes as paragraphs."""
    written = 0
    pending: list[str] = []  # entries written a few hundred at a time, each group in one call
    for record in records:
        pending.append(markdown_entry(record))
        written += 1
        if len(pending) >= WRITE_EVERY:
            out.write(
                ("\n" if written > len(pending) else "# Practice journal\n\n") + "\n".join(pending)
            )
            pending.clear()
    if pending:
        out.write(
            ("\n" if written > len(pending) else "# Practice journal\n\n") + "\n".join(pending)
        )
    if not written:
        out.write("# Practice journal\n\nNo sessions.\n")
    return written


def write_export(
    fmt: str, records: Iterable[SessionRecord | ExportRow], out: TextIO, *, terminal: bool
) -> int:
    """Every field of each record as JSON or CSV, or the journal as Markdown; how many. (An
    ExportRow, made for JSON or CSV by `hipcli.review.rows`, goes only to its own format.)"""
    if fmt == "json":
        return write_json(records, out)
    if fmt == "csv":
        return write_csv(records, out, terminal=terminal)
    return write_markdown((r for r in records if isinstance(r, SessionRecord)), out)


def write_export_batches(fmt: str, batches: Iterable[Batch], out: TextIO) -> int:
    """The same for the whole journal, a list of records at a time
    (`hipcli.review.rows.export_batches`), each list written with one call; CSV only to a
    file or pipe."""
    if fmt == "json":
        return write_json_batches(batches, out)
    if fmt == "csv":
        return write_csv_batches(batches, out)
    return write_markdown_batches(batches, out)


def write_markdown_batches(batches: Iterable[Batch], out: TextIO) -> int:
    """`write_markdown` of lists of records (the same text), each list written with one call
    as UTF-8 bytes (`byte_writer`): entries written already, or records."""
    write = byte_writer(out)
    written = 0
    for batch in batches:
        entries: list[bytes] = []
        for item in batch:
            if isinstance(item, Written):
                entries.extend(item.lines)
            elif isinstance(item, SessionRecord):
                entries.append(markdown_entry(item).encode("utf-8"))
        if entries:
            write((b"\n" if written else b"# Practice journal\n\n") + b"\n".join(entries))
            written += len(entries)
    if not written:
        write(b"# Practice journal\n\nNo sessions.\n")
    return written
