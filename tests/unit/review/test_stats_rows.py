"""The stats of the whole journal read with fewer steps (`hipcli.review.stats_rows`): each
record counted exactly as its SessionRecord would be, every damaged one refused alike, and the
stats of a hostile journal the same however it is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.journal import read as journal_read
from hipcli.journal.fast import record_pattern
from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord, format_record
from hipcli.review import stats_rows
from hipcli.review.select import Filters, LogRequest
from hipcli.review.stats import compute_stats, stats_to_json
from tests.journal_records import make_record
from tests.unit.review.support import TODAY, log
from tests.unit.review.test_rows import EDITS, mixed_journal

pytestmark = pytest.mark.usefixtures("utc_local_time")

COUNTED = ("id", "started_at", "active_s", "completed", "mood", "mood_before", "routine")
COUNTED += ("title", "tags")


@settings(max_examples=400, deadline=None)
@given(edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=4), moods=st.booleans())
def test_what_the_stats_count_of_a_record_is_what_its_record_holds(
    edits: list[tuple[str, str]], moods: bool
) -> None:
    record = make_record(
        0,
        mood_before=2 if moods else None,
        mood=None if moods else 4,
        holds=(Hold("Pigeon", "left", 60, 75, False), Hold("Pigeon", None, 45, 10, True)),
    )
    text = format_record(record)
    for old, new in edits:
        text = text.replace(old, new)
    match = record_pattern().fullmatch(text)
    if match is None:
        return  # not hipcli's layout any more: tomllib reads it
    read = journal_read.record_from_groups(match.groups(), 1)
    for _ in range(2):  # the first time, and once its tags and holds are known
        counted = stats_rows.practised(match.groups(), 1)
        if read is None:
            assert counted is None
            continue
        assert counted is not None
        assert [getattr(counted, name) for name in COUNTED] == [
            getattr(read, name) for name in COUNTED
        ]


def test_the_stats_of_a_hostile_journal_are_those_of_its_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.toml"
    mixed_journal(path)
    monkeypatch.setattr(journal_read, "BLOCK", 2048)  # many regions: damage costs only its own
    problems: list[Any] = []
    rows = list(stats_rows.whole_journal(LogRequest(path), Filters(), problems.append))
    assert any(not isinstance(row, SessionRecord) for row in rows)  # (read with fewer steps)
    records = [item for item in journal_read.scan_journal(path) if isinstance(item, SessionRecord)]
    assert [row.id for row in rows] == [record.id for record in records]
    assert stats_to_json(compute_stats(rows, TODAY)) == stats_to_json(compute_stats(records, TODAY))
    assert len(problems) == 1
    for fmt in ("table", "json", "markdown"):
        code, out, err = log(path, fmt=fmt, stats=True)
        assert code == 0
        assert "this record was skipped" in err
        with monkeypatch.context() as patch:  # the same view of the records themselves
            patch.setattr(stats_rows, "whole_journal", lambda *_: iter(records))
            assert log(path, fmt=fmt, stats=True)[1] == out
