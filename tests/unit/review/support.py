"""Shared pieces for the review tests: a fixed today, records on given days, `log` as a function."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hipcli.journal.append import append_session
from hipcli.journal.location import JournalLocation, folder_location
from hipcli.journal.record import SessionRecord, format_record
from hipcli.review.log import run_log
from hipcli.review.select import LogRequest
from tests.journal_records import make_record

TODAY = date(2026, 11, 21)
HOSTILE = (
    "[bold]not bold[/bold] \x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b]52;c;aGk=\x1b\\ \x9b2J "
    "\u202eevil\u202c 🧘 שלום | pipe *star* <b>tag</b>\nsecond line"
)
WEEKDAY_STARTS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SGR = re.compile(r"\x1b\[[0-9;]*m")


def at(day: date, hour: int = 7, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def add(journal: Path, *records: SessionRecord) -> None:
    for record in records:
        append_session(journal, record)


def log(
    journal: Path, *, color: bool = False, width: int = 120, **options: Any
) -> tuple[int, str, str]:
    """`hipcli log` on `journal` with these options: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = run_log(LogRequest(journal, **options), out, err, color=color, today=TODAY, width=width)
    return code, out.getvalue(), err.getvalue()


def rows(text: str) -> list[str]:
    """The data lines of a plain --oneline table (header and footer left out)."""
    return [line for line in text.splitlines()[1:] if line[:3] in WEEKDAY_STARTS]


def headings(text: str) -> list[str]:
    """The heading lines of entries (the lines that begin with a weekday or a date)."""
    return [
        line
        for line in SGR.sub("", text).splitlines()
        if line[:3] in WEEKDAY_STARTS or re.match(r"\d{4}-\d\d-\d\d", line)
    ]


def days_ago(*offsets: int, **fields: Any) -> list[SessionRecord]:
    return [
        make_record(i, started_at=at(TODAY - timedelta(days=o)), **fields)
        for i, o in enumerate(offsets)
    ]


def month_records() -> list[SessionRecord]:
    """A session a day through November 2026 (to the 21st), three routines in turn."""
    names = ["pigeon", "frog", "lizard"]
    return [
        make_record(
            i,
            started_at=at(date(2026, 11, 1) + timedelta(days=i)),
            routine=names[i % 3],
            title=names[i % 3].title(),
            tags=("Calm",) if i % 5 == 0 else (),
            notes="felt CALMER" if i == 7 else "ok",
        )
        for i in range(21)
    ]


def journal_folder(
    tmp_path: Path,
    machines: list[str],
    record: Callable[[int], SessionRecord],
    *,
    count: int = 240,
    damaged: bool = True,
    late: SessionRecord | None = None,
) -> JournalLocation:
    """A journal folder of `count` sessions (`record(index)`) of `machines` by turns (machines
    practise in turns), now and then a session in two files, a sync tool's conflict copy,
    (`damaged`) a record no reader can read, and (`late`) a session saved five records before
    the end of the last machine's file (an old one imported)."""
    folder = tmp_path / "Sync" / "hipcli"
    folder.mkdir(parents=True)
    texts: dict[str, list[str]] = {machine: [] for machine in machines}
    for index in range(count):
        texts[machines[index % len(machines)]].append(format_record(record(index)))
        if index % 37 == 0:  # the same session in another machine's file too
            texts[machines[(index + 1) % len(machines)]].append(format_record(record(index)))
    if late is not None:
        texts[machines[-1]].insert(len(texts[machines[-1]]) - 5, format_record(late))
    if damaged:
        texts[machines[0]].append('[[session]]\nv = 2\nroutine = "pigeon"\ntitle = "Broken\n')
    for machine, records in texts.items():
        (folder / f"{machine}.toml").write_text("\n".join(records))
    conflict = f"{machines[0]}.sync-conflict-20261201-101010-ABCDEFG.toml"
    (folder / conflict).write_text("\n".join(format_record(record(i)) for i in range(5, 60)))
    return folder_location(folder, machines[0])
