"""`hipcli import FILE`: hipcli's own `--format json` and `--format csv` exports read back into
records, each checked exactly as a journal record is (`record_from_table`), so a problem is
reported with its place (the item of the JSON array, the row of the CSV) and the good records
still come in. The file's kind is told by its content (a JSON array begins with `[`).

CSV cells are read as the export writes them: empty for none, `true`/`false`, numbers, tags and
holds as JSON, unknown fields in the `extra` column as one JSON object (or, from older exports,
each in a column of its own).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from hipcli.journal.record import RECORD_FIELDS, SessionRecord, record_from_table
from hipcli.review.exports import EXTRA_COLUMN

MAX_IMPORT_BYTES = 1 << 30  # a gigabyte: far beyond a lifetime of practice
REQUIRED_COLUMNS = (
    "id", "routine", "title", "started_at", "ended_at",
    "planned_s", "active_s", "completed", "steps_done", "steps_total",
)  # fmt: skip
_WHOLE = ("v", "planned_s", "steps_done", "steps_total", "mood", "mood_before")


class ImportFileError(Exception):
    """The file can't be imported at all; `str(e)` says why, calmly."""


@dataclass(frozen=True)
class ImportProblem:
    """One record of the file that can't come in: where it is and what is wrong."""

    where: str  # "item 3", "row 4 (line 5)"
    message: str


@dataclass
class ImportFile:
    """The records found in an export, in the order they appear, and the problems."""

    kind: str  # "json" or "csv"
    records: list[SessionRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    repeated: int = 0  # records whose id came earlier in the same file


def _moment(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value  # record_from_table says what a date should look like
    return value


def _table_from_json(item: Mapping[str, Any]) -> dict[str, Any]:
    table = dict(item)
    for name in ("started_at", "ended_at"):
        if name in table:
            table[name] = _moment(table[name])
    for name in ("mood", "mood_before", "holds"):
        if table.get(name, 0) is None:
            del table[name]  # null: not given (a mood skipped, a record from before holds)
    return table


def _cell(value: str) -> Any:
    """An unknown field's CSV cell: JSON when it reads as JSON, else the text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def _table_from_row(row: Mapping[str, str]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for name, text in row.items():
        if name is None or text is None or name == EXTRA_COLUMN:
            continue
        if name in ("started_at", "ended_at"):
            table[name] = _moment(text)
        elif name in _WHOLE:
            if text != "" or name not in ("mood", "mood_before", "v"):
                table[name] = int(text) if text.strip().lstrip("-").isdigit() else text
        elif name == "active_s":
            try:
                table[name] = float(text)
            except ValueError:
                table[name] = text
        elif name == "completed":
            table[name] = {"true": True, "false": False}.get(text, text)
        elif name in ("tags", "holds"):
            if text != "" or name == "tags":
                table[name] = _cell(text) if text else []
        elif name in RECORD_FIELDS:
            table[name] = text
        elif text != "":
            table[name] = _cell(text)
    extra = row.get(EXTRA_COLUMN) or ""
    if extra:
        fields = _cell(extra)
        if not isinstance(fields, dict):
            raise ValueError("the extra column is not a JSON object")
        for name, value in fields.items():
            table.setdefault(name, value)
    return table


def _json_items(text: str) -> Iterator[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportFileError(f"is not valid JSON ({exc}).") from None
    if not isinstance(data, list):
        raise ImportFileError(
            "is JSON, but not a list of sessions like `hipcli log --format json` writes."
        )
    for index, item in enumerate(data, 1):
        if not isinstance(item, dict):
            yield f"item {index}", "is not a session (a JSON object)"
            continue
        yield f"item {index}", _table_from_json(item)


def _csv_rows(text: str) -> Iterator[tuple[str, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(
            "is not a hipcli export: it has no column "
            + ", ".join(missing[:4])
            + (", …" if len(missing) > 4 else "")
            + ". `hipcli import` reads what `hipcli log --format json` or `--format csv` writes."
        )
    row_number, line = 1, reader.line_num + 1
    for row in reader:
        row_number += 1
        where = f"row {row_number} (line {line})"
        line = reader.line_num + 1
        if None in row:
            yield where, "has more cells than the header has columns"
            continue
        try:
            yield where, _table_from_row(row)
        except ValueError as exc:
            yield where, str(exc)


def read_export(path: Path) -> ImportFile:
    """The records and problems of an export file. Raises ImportFileError for a file that
    can't be read or isn't an export at all."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise ImportFileError("doesn't exist.") from None
    except IsADirectoryError:
        raise ImportFileError("is a directory; name the exported file.") from None
    except OSError as exc:
        raise ImportFileError(f"can't be read ({exc.strerror or exc}).") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError("is larger than a gigabyte, too large to be an export.")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"is not UTF-8 text (byte {exc.start + 1}).") from None
    kind = "json" if text.lstrip().startswith("[") else "csv"
    items = _json_items(text) if kind == "json" else _csv_rows(text)
    found = ImportFile(kind)
    seen: set[str] = set()
    for where, table in items:
        if isinstance(table, str):
            found.problems.append(ImportProblem(where, table))
            continue
        try:
            record = record_from_table(table)
        except (OverflowError, ValueError, TypeError) as exc:  # a number past any measure
            record = f"holds a value hipcli can't take ({exc})"
        if isinstance(record, str):
            label = table.get("id")
            named = f" (id {label})" if isinstance(label, str) and label.strip() else ""
            found.problems.append(ImportProblem(where + named, record))
        elif record.id in seen:
            found.repeated += 1
        else:
            seen.add(record.id)
            found.records.append(record)
    return found
