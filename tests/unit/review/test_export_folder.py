"""The JSON and CSV exports of a journal folder written from each file's bytes a region at a time
(`export_folder`: a row a session, the files' rows merged by time): byte for byte what the
record-by-record writers give for the same folder, whatever the machines, the copies, the damage
and the texts."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipcli.journal import read as journal_read
from hipcli.journal.location import JournalLocation
from hipcli.journal.record import JournalProblem
from hipcli.review import export_folder, rows
from hipcli.review.exports import write_export_batches
from hipcli.review.rows import export_batches
from hipcli.review.select import Filters, LogRequest
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, journal_folder

pytestmark = pytest.mark.usefixtures("utc_local_time")

START = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
NOTES = ["Felt calmer after.", "Two lines.\nThe second.", "", "🙂 " * 30, 'Said "enough", rested.']


def _record(index: int) -> Any:
    return make_record(
        index,
        started_at=START + timedelta(hours=7 * index, minutes=index % 50),
        title=["Pigeon", "", "ピジョン 🧘", 'A "quoted", long title'][index % 4],
        # (now and then a text an export writes otherwise: its region record by record)
        notes=HOSTILE if index % 41 == 0 else NOTES[index % len(NOTES)],
        mood_before=None if index % 4 else 2,
        mood=None if index % 5 == 0 else 1 + index % 5,
        tags=() if index % 2 else ("calm", "hips"),
    )


def _folder(tmp_path: Path, machines: list[str], *, damaged: bool) -> JournalLocation:
    """(Also an old session saved late, an import: its region goes by the heap.)"""
    late = make_record(999, started_at=START + timedelta(hours=7 * 229), title="Imported")
    return journal_folder(tmp_path, machines, _record, damaged=damaged, late=late)


def _exported(location: JournalLocation, fmt: Any) -> str:
    """The export of the whole journal as `log --all --format` writes it, then its problems."""
    out, problems = io.StringIO(), list[JournalProblem]()
    request = LogRequest(location, limit=None, fmt=fmt)
    write_export_batches(fmt, export_batches(request, Filters(), problems.append), out)
    said = [f"{problem.path.name if problem.path else ''}:{problem.line}" for problem in problems]
    return out.getvalue() + "\n".join(said)


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("machines", [["laptop"], ["laptop", "desk"], ["a", "b", "c", "d", "e"]])
@pytest.mark.parametrize("damaged", [False, True])
def test_a_folders_export_is_what_the_record_writers_give(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    machines: list[str],
    damaged: bool,
) -> None:
    location = _folder(tmp_path, machines, damaged=damaged)
    monkeypatch.setattr(journal_read, "BLOCK", 4096)  # (many regions, some with damage)
    made: list[int] = []
    rows_of: Callable[..., Any] = export_folder._rows

    def counted(lines_of: Any) -> Any:
        rows_ = rows_of(lines_of)

        def count(region: bytes) -> Any:
            result = rows_(region)
            made.append(0 if result is None else len(result[0]))
            return result

        return count

    monkeypatch.setattr(export_folder, "_rows", counted)
    fast = _exported(location, fmt)
    assert sum(made) > 150  # (most sessions written from their bytes)
    monkeypatch.setattr(rows, "LINES", {})  # (each record by the record writers, merged)
    slow = _exported(location, fmt)
    assert fast == slow
    assert fast.count('"test-' if fmt == "json" else ",test-") == 241  # (each session once)
    assert ("toml:" in fast.splitlines()[-1]) == damaged
