"""The journal record: `SessionRecord`, its validation from a TOML table, and its TOML text.

`format_record` turns a record into TOML text (tomli-w, one-line strings, so a line that is
exactly `[[session]]` can only be a record header). `id` is written last, as a seal: a record cut
short by a crash either lacks its `id` or ends in an unterminated string, so it is reported as
damaged, never read as a shorter valid record. The format is documented in docs/log.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from hipcli.journal.errors import JournalError as JournalError  # re-exported: read here too
from hipcli.journal.holds import Hold, hold_to_dict, holds_from_value, holds_text
from hipcli.literal import toml_value

JOURNAL_VERSION = 2  # v2: `holds` (see hipcli.journal.holds)
MOOD_WORDS: dict[int, str] = {1: "very low", 2: "low", 3: "okay", 4: "good", 5: "very good"}


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One practice session, as stored in the journal."""

    id: str
    routine: str
    title: str
    started_at: datetime  # timezone-aware
    ended_at: datetime  # timezone-aware
    planned_s: int
    active_s: float  # time practised, pauses excluded
    completed: bool
    steps_done: int
    steps_total: int
    mood: int | None = None  # 1-5, None when skipped
    mood_before: int | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    v: int = JOURNAL_VERSION
    holds: tuple[Hold, ...] | None = None  # None: not recorded (records before v2)
    extra: Mapping[str, Any] = field(default_factory=dict)  # unknown fields, kept
    line: int = 0  # 1-based line of its [[session]] header when read; 0 when not known


@dataclass(frozen=True)
class JournalProblem:
    """A part of the journal that could not be read: where it starts and what is wrong."""

    line: int
    message: str
    in_record: bool = True  # False for text before the first record (it is ignored, not skipped)
    path: Path | None = None  # the file, when the journal is a folder of several files


@dataclass(frozen=True)
class JournalContents:
    """The records read (in file order) and the problems met on the way."""

    records: list[SessionRecord]
    problems: list[JournalProblem]
    reached_start: bool = True  # False when read_recent stopped before the start of the file
    # which machine's file each record (by id) came from, when the journal is a folder
    devices: Mapping[str, str] = field(default_factory=dict)


def new_session_id(started_at: datetime) -> str:
    """A unique, stable id for a new session, e.g. ``20261121T073012-3f9c2a``."""
    # os.urandom is what secrets.token_hex uses, without importing secrets (hashlib, random)
    return f"{started_at.strftime('%Y%m%dT%H%M%S')}-{os.urandom(3).hex()}"


# ---------------------------------------------------------------------------------------------
# Fields: one table of what each field must hold, used when reading and before writing.

_REQUIRED = (
    "id", "routine", "title", "started_at", "ended_at",
    "planned_s", "active_s", "completed", "steps_done", "steps_total",
)  # fmt: skip
KNOWN_FIELDS = frozenset(
    (*_REQUIRED, "v", "mood", "mood_before", "tags", "notes", "holds")
)  # fields of v1 and v2; anything else goes to `extra`


def _show(value: object) -> str:
    """A short rendering of a value for an error message, as the person wrote it in TOML."""
    return toml_value(value)


def _whole(
    table: Mapping[str, Any], name: str, errors: list[str], low: int, high: int | None
) -> int | None:
    value = table.get(name)
    # bool is an int in Python; `completed = 1` or `mood = true` is a typo, not a number
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    ):
        return value
    span = f"from {low} to {high}" if high is not None else f"of {low} or more"
    errors.append(f"{name} is {_show(value)}, but it must be a whole number {span}")
    return None


# Sane bounds for hand-edited values: beyond them a date can't be placed in a local week (year 1
# or 9999 overflow), and a length can't be added up (a 400-digit integer, 1e308 twice).
YEARS = (1900, 2999)
MAX_SESSION_S = 7 * 24 * 3600  # a session longer than a week is a damaged record
MAX_STEPS_RECORDED = 10_000


def within_bounds(record: SessionRecord) -> bool:
    """Whether a record's times and lengths are ones hipcli can place and add up."""
    return (
        YEARS[0] <= record.started_at.year <= YEARS[1]
        and YEARS[0] <= record.ended_at.year <= YEARS[1]
        and 0 <= record.active_s <= MAX_SESSION_S
        and 0 <= record.planned_s <= MAX_SESSION_S
    )


def _moment(table: Mapping[str, Any], name: str, errors: list[str]) -> datetime | None:
    value = table.get(name)
    if isinstance(value, datetime) and not YEARS[0] <= value.year <= YEARS[1]:
        errors.append(
            f"{name} is {_show(value)}, which is not a time hipcli can place (years "
            f"{YEARS[0]} to {YEARS[1]})"
        )
        return None
    if isinstance(value, datetime):
        # a hand-written time without an offset means the writer's local time
        return value if value.tzinfo is not None else value.astimezone()
    errors.append(
        f"{name} is {_show(value)}, but it must be a date and time like 2026-11-21T07:30:12+01:00"
    )
    return None


def _text(table: Mapping[str, Any], name: str, errors: list[str], *, blank_ok: bool) -> str:
    value = table.get(name, "")
    if isinstance(value, str) and (blank_ok or value.strip()):
        return value
    errors.append(
        f"{name} is {_show(value)}, but it must be " + ("text" if blank_ok else "some text")
    )
    return ""


def record_from_table(table: Mapping[str, Any], line: int = 0) -> SessionRecord | str:
    """Validate one parsed `[[session]]` table: a `SessionRecord`, or what is wrong with it."""
    missing = [name for name in _REQUIRED if name not in table]
    if missing:
        # `id` is written last: without it, the record most likely stopped mid-write
        torn = " (it was probably cut short while being written)" if "id" in missing else ""
        return "missing " + ", ".join(missing) + torn
    errors: list[str] = []
    started = _moment(table, "started_at", errors)
    ended = _moment(table, "ended_at", errors)
    if started is not None and ended is not None and ended < started:
        errors.append("ended_at is earlier than started_at")
    active = table["active_s"]
    if (
        isinstance(active, bool)
        or not isinstance(active, int | float)
        or not 0 <= active <= MAX_SESSION_S  # compared as it is: float(10**400) overflows
    ):
        errors.append(
            f"active_s is {_show(active)}, but it must be a number of seconds from 0 to "
            f"{MAX_SESSION_S} (a week)"
        )
        active = 0.0
    completed = table["completed"]
    if not isinstance(completed, bool):
        errors.append(f"completed is {_show(completed)}, but it must be true or false")
    done = _whole(table, "steps_done", errors, 0, MAX_STEPS_RECORDED)
    total = _whole(table, "steps_total", errors, 0, MAX_STEPS_RECORDED)
    if done is not None and total is not None and done > total:
        errors.append(f"steps_done ({done}) is more than steps_total ({total})")
    moods = {
        name: _whole(table, name, errors, 1, 5) if name in table else None
        for name in ("mood", "mood_before")
    }
    tags = table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        errors.append(f"tags is {_show(tags)}, but it must be a list of words in quotes")
        tags = []
    # a hand-written record may leave `v` out: it is whichever version its fields belong to
    version = _whole(table, "v", errors, 1, None) if "v" in table else 2 if "holds" in table else 1
    holds = holds_from_value(table["holds"]) if "holds" in table else None
    if isinstance(holds, str):
        errors.append(holds)
        holds = None
    record = SessionRecord(
        id=_text(table, "id", errors, blank_ok=False),
        routine=_text(table, "routine", errors, blank_ok=False),
        title=_text(table, "title", errors, blank_ok=True),
        started_at=started or datetime.min,
        ended_at=ended or datetime.min,
        planned_s=_whole(table, "planned_s", errors, 0, MAX_SESSION_S) or 0,
        active_s=float(active),
        completed=bool(completed),
        steps_done=done or 0,
        steps_total=total or 0,
        mood=moods["mood"],
        mood_before=moods["mood_before"],
        tags=tuple(tags),
        notes=_text(table, "notes", errors, blank_ok=True),
        v=version or 1,
        holds=holds,
        extra={key: value for key, value in table.items() if key not in KNOWN_FIELDS},
        line=line,
    )
    if errors:
        if isinstance(version, int) and version > JOURNAL_VERSION:
            errors.append(f"(it was written by a newer hipcli: v = {version})")
        return "; ".join(errors)
    return record


# ---------------------------------------------------------------------------------------------
# Writing


def _utf8_safe(text: str) -> str:
    """The text with lone surrogates (undecodable input) replaced, so it can be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _storable_moment(moment: datetime) -> datetime:
    """An aware datetime TOML can hold: local time for a naive one, UTC for odd offsets."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.astimezone()
    offset = moment.utcoffset() or timedelta(0)
    # TOML offsets are whole minutes; str() would write "+01:00:30", which no reader accepts
    if offset % timedelta(minutes=1):
        return moment.astimezone(UTC)
    return moment


def record_to_table(record: SessionRecord) -> dict[str, Any]:
    """The record as the TOML table that is written: known fields, then extra, `id` last."""
    table: dict[str, Any] = {
        "v": record.v,
        "routine": _utf8_safe(record.routine),
        "title": _utf8_safe(record.title),
        "started_at": _storable_moment(record.started_at),
        "ended_at": _storable_moment(record.ended_at),
        "planned_s": record.planned_s,
        "active_s": float(record.active_s),
        "completed": record.completed,
        "steps_done": record.steps_done,
        "steps_total": record.steps_total,
    }
    if record.mood_before is not None:
        table["mood_before"] = record.mood_before
    if record.mood is not None:
        table["mood"] = record.mood
    table["tags"] = [_utf8_safe(tag) for tag in record.tags]
    table["notes"] = _utf8_safe(record.notes)
    clash = KNOWN_FIELDS.intersection(record.extra)
    if clash:
        raise ValueError(f"extra holds fields that the record already has: {sorted(clash)}")
    table.update(record.extra)
    if record.holds is not None:
        table["holds"] = [hold_to_dict(hold, text=_utf8_safe) for hold in record.holds]
    table["id"] = record.id  # last: the seal (see the module docstring)
    return table


def format_record(record: SessionRecord) -> str:
    """The record as TOML text: a `[[session]]` header, one line per field, a final newline.

    Raises ValueError for a record that could not be read back (a mood of 9, a naive id...):
    hipcli never writes what it would later report as damaged.
    """
    import tomli_w  # deferred: only writing needs it

    table = record_to_table(record)
    checked = record_from_table(table)
    if isinstance(checked, str):
        raise ValueError(f"this session can't be written: {checked}")
    holds = table.pop("holds", None)
    try:
        text: str = tomli_w.dumps({"session": [table]})
    except (TypeError, ValueError) as exc:
        raise ValueError(f"this session can't be written: {exc}") from exc
    if holds is not None:
        # `id` is the last key of the record's own lines, which end at any sub-table of `extra`
        own = text.find("\n[", 1)
        seal = text.rindex("\nid = ", 0, len(text) if own < 0 else own) + 1
        text = text[:seal] + holds_text(holds, tomli_w.dumps) + text[seal:]
    return text


def _iso(value: Any) -> Any:
    """TOML values made JSON-friendly: datetimes, dates and times as ISO 8601 strings."""
    if isinstance(value, datetime | date | dtime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _iso(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_iso(item) for item in value]
    return value


RECORD_FIELDS = (
    "v", "id", "routine", "title", "started_at", "ended_at", "planned_s", "active_s",
    "completed", "steps_done", "steps_total", "mood_before", "mood", "tags", "notes", "holds",
)  # fmt: skip  # the order of record_to_dict and of CSV columns; unknown fields follow


def record_to_dict(record: SessionRecord) -> dict[str, Any]:
    """Every field (incl. extra) for JSON/CSV, datetimes as ISO 8601, mood None when skipped."""
    data: dict[str, Any] = {
        "v": record.v,
        "id": record.id,
        "routine": record.routine,
        "title": record.title,
        "started_at": record.started_at.isoformat(),
        "ended_at": record.ended_at.isoformat(),
        "planned_s": record.planned_s,
        "active_s": record.active_s,
        "completed": record.completed,
        "steps_done": record.steps_done,
        "steps_total": record.steps_total,
        "mood_before": record.mood_before,
        "mood": record.mood,
        "tags": list(record.tags),
        "notes": record.notes,
        "holds": None if record.holds is None else [hold_to_dict(hold) for hold in record.holds],
    }
    for key, value in record.extra.items():
        data.setdefault(key, _iso(value))
    return data
