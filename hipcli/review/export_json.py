"""The JSON export of `hipcli log`: every field of each record, one record a line in one array,
written as the records arrive. JSON escapes every character a terminal might act on (the data
stays identical for any JSON reader). Documented for users in docs/log.md.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any, TextIO

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord, record_to_dict

# Characters JSON (with ensure_ascii=False) writes raw that a terminal might act on; escaping
# them as \uXXXX keeps the data identical for every JSON reader.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


class ExportRow:
    """One record as an export writes it, made straight from the journal's text
    (`hipcli.review.rows`): its id and start (for the order), and its JSON line or CSV cells."""

    __slots__ = ("cells", "id", "line", "started_at")

    def __init__(self, ident: str, started_at: datetime, line: str, cells: list[str]) -> None:
        self.id = ident
        self.started_at = started_at
        self.line = line
        self.cells = cells


class Written:
    """Records written already, newest first, as lines of an export (UTF-8 bytes): a region
    of the journal written from its text at once (`hipcli.review.export_regions`)."""

    __slots__ = ("lines",)

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines


Batch = list[SessionRecord | ExportRow | Written]
_UTF8 = ("utf-8", "utf8", "utf_8")


def byte_writer(out: TextIO) -> Callable[[bytes], object]:
    """A function that writes UTF-8 bytes to `out`: straight to the file under it when `out`
    is a text file in UTF-8 whose lines end as written (standard output on a pipe, a file),
    with what was written as text before them first; else decoded, as text."""
    raw = getattr(out, "buffer", None)
    if (
        isinstance(out, io.TextIOWrapper)
        and raw is not None
        and (out.encoding or "").lower() in _UTF8
        and os.linesep == "\n"
    ):
        out.flush()
        return raw.write  # type: ignore[no-any-return]

    def as_text(data: bytes) -> object:
        return out.write(data.decode("utf-8"))

    return as_text


def finite(value: Any) -> Any:
    """Non-finite floats (possible in unknown fields) as strings: JSON has no NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite(item) for item in value]
    return value


def _escape_unsafe(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(data: Any, indent: int | None = 2) -> str:
    """`data` as UTF-8 JSON text, with terminal-active characters escaped."""
    try:
        text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        text = json.dumps(finite(data), ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(_escape_unsafe, text)


def record_json(
    record: SessionRecord, started_at: str | None = None, ended_at: str | None = None
) -> str:
    """One record as a line of JSON: exactly `json_text(record_to_dict(record), None)`, written
    field by field (four times faster, which tells on 100,000 records). `started_at` and
    `ended_at`, when given, are the times as `isoformat` writes them (`hipcli.review.rows`)."""
    active = record.active_s
    if record.extra or not math.isfinite(active):
        return json_text(record_to_dict(record), None)
    notes = encode_basestring(record.notes)
    title = encode_basestring(record.title)
    routine = encode_basestring(record.routine)
    ident = encode_basestring(record.id)
    tags = tags_json(record.tags)
    holds, holds_printable = holds_json(record.holds)
    mood, before = record.mood, record.mood_before
    text = (
        f'{{"v": {record.v}, "id": {ident}, "routine": {routine}, "title": {title}, '
        f'"started_at": "{started_at or record.started_at.isoformat()}", '
        f'"ended_at": "{ended_at or record.ended_at.isoformat()}", '
        f'"planned_s": {record.planned_s}, '
        f'"active_s": {active!r}, "completed": {"true" if record.completed else "false"}, '
        f'"steps_done": {record.steps_done}, "steps_total": {record.steps_total}, '
        f'"mood_before": {"null" if before is None else before}, '
        f'"mood": {"null" if mood is None else mood}, "tags": [{tags}], '
        f'"notes": {notes}, "holds": {holds}}}'
    )
    # The rest of the line is ASCII without DEL: only the texts can hold what _JSON_UNSAFE
    # names. isprintable() is false for each of those (and a few harmless ones, like a no-break
    # space): a quick pass in C over the texts alone, and the pattern only when it is false.
    # (each text on its own: joined, a note of millions of escapes would be copied once more)
    if holds_printable and all(map(_printable, (notes, title, routine, ident, tags))):
        return text
    return escape_unsafe(text)


def _printable(text: str) -> bool:
    return "\x7f" not in text if text.isascii() else text.isprintable()


def unsafe_search(text: str) -> re.Match[str] | None:
    """The first character in `text` that a terminal might act on (JSON escapes it), if any."""
    return _JSON_UNSAFE.search(text)


def escape_unsafe(text: str) -> str:
    """JSON text with each character a terminal might act on escaped (`\\u202e`)."""
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


def holds_json(holds: tuple[Hold, ...] | None) -> tuple[str, bool]:
    """The holds as JSON, and whether that text is printable (written once for each tuple)."""
    if holds is None:
        return "null", True
    seen = _SEEN.get(id(holds))
    if seen is not None and seen[0] is holds:
        return seen[1], seen[2]
    text = "[" + ", ".join(map(_hold_json, holds)) + "]"
    _remember(holds, text)
    return text, text.isprintable()


def tags_json(tags: tuple[str, ...]) -> str:
    """The tags as the items of a JSON array (written once for each tuple)."""
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


def write_json(records: Iterable[SessionRecord | ExportRow], out: TextIO) -> int:
    """A JSON array, one record a line (easy to read and to grep), written as they come."""
    written = 0
    write = out.write
    for record in records:
        line = record.line if isinstance(record, ExportRow) else record_json(record)
        write(("," if written else "[") + "\n  " + line)
        written += 1
    out.write("\n]\n" if written else "[]\n")
    return written


def write_json_batches(batches: Iterable[Batch], out: TextIO) -> int:
    """`write_json` of lists of records, each list written with one call (the same text), as
    UTF-8 bytes (`byte_writer`)."""
    written = 0
    write = byte_writer(out)
    for batch in batches:
        lines: list[bytes] = []
        for item in batch:
            if isinstance(item, Written):
                lines.extend(item.lines)
            elif isinstance(item, ExportRow):
                lines.append(item.line.encode("utf-8"))
            else:
                lines.append(record_json(item).encode("utf-8"))
        if lines:
            write(b",\n  " if written else b"[\n  ")  # (apart: a line of millions of escapes
            write(b",\n  ".join(lines))  # is not copied once more to put them before it)
            written += len(lines)
    write(b"\n]\n" if written else b"[]\n")
    return written
