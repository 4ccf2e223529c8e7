"""The exports of `hipcli log`: every field of each record as JSON, CSV or a Markdown table, and
rows of named values (the stats) as CSV or Markdown. Documented for users in docs/log.md.

JSON escapes every character a terminal might act on (the data stays identical for any JSON
reader); Markdown shows control characters as escapes (`\\x1b`, by `hipcli.literal.visible`); CSV
keeps the data exact for files and pipes and makes control characters visible only when it is
written straight to a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal, TextIO

from hipcli.journal.record import RECORD_FIELDS, SessionRecord, record_to_dict
from hipcli.literal import visible

Format = Literal["table", "json", "csv", "markdown"]
FORMATS: tuple[Format, ...] = ("table", "json", "csv", "markdown")

# Characters JSON (with ensure_ascii=False) writes raw that a terminal might act on; escaping
# them as \uXXXX keeps the data identical for every JSON reader.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def _finite(value: Any) -> Any:
    """Non-finite floats (possible in unknown fields) as strings: JSON has no NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def json_text(data: Any, indent: int | None = 2) -> str:
    """`data` as UTF-8 JSON text, with terminal-active characters escaped. (With indent=None
    the C encoder does the work: several times faster, which tells on 100k records.)"""
    try:
        text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(data), ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def cell_text(value: Any) -> str:
    """One value as CSV text: "" for none, true/false, lists and tables as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _markdown_cell(value: Any) -> str:
    text = (
        ", ".join(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value)
        else cell_text(value)
    )
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return visible(re.sub(r"\r\n|\r|\n", "<br>", text))


def write_rows(
    fmt: Format, columns: list[str], rows: Iterable[dict[str, Any]], out: TextIO, *, terminal: bool
) -> None:
    """Rows of named values as CSV or a Markdown table, written as they come."""
    if fmt == "markdown":
        out.write("| " + " | ".join(_markdown_cell(name) for name in columns) + " |\n")
        out.write("|" + "---|" * len(columns) + "\n")
        for row in rows:
            out.write("| " + " | ".join(_markdown_cell(row.get(name)) for name in columns) + " |\n")
        return
    # The csv module quotes a field only for the characters of its line terminator: with "\n"
    # alone, a note holding a bare "\r" went out unquoted and every reader split its row. So
    # rows are written with "\r\n" (quoting both) into a buffer, and end in "\n" as documented.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def write_row(cells: list[str]) -> None:
        writer.writerow(cells)
        out.write(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()

    write_row(columns)
    for row in rows:
        cells = [cell_text(row.get(name)) for name in columns]
        # exact data for files and pipes; on a screen nothing may act on the terminal
        write_row([visible(cell) for cell in cells] if terminal else cells)


def write_export(
    fmt: Format, records: Sequence[SessionRecord], out: TextIO, *, terminal: bool
) -> None:
    """Every field of each record as JSON (an array), CSV or a Markdown table."""
    if fmt == "json":
        # one record a line: still one JSON array, easy to read and to grep, and streamed
        out.write("[")
        for index, record in enumerate(records):
            out.write(("," if index else "") + "\n  " + json_text(record_to_dict(record), None))
        out.write("\n]\n" if records else "]\n")
        return
    dicts = [record_to_dict(record) for record in records]
    columns = list(dict.fromkeys([*RECORD_FIELDS, *(key for data in dicts for key in data)]))
    write_rows(fmt, columns, dicts, out, terminal=terminal)
