"""The journal read as streams: regions of whole records, exactly newest first with flat memory,
the same records and problems however the file is cut into blocks; notes dense with escape
characters (issue 10, item 18) read in memory a small multiple of their size."""

from __future__ import annotations

import io
import random
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.journal import read as journal_read
from hipcli.journal.chunks import parse_chunk, split_chunks
from hipcli.journal.fast import record_from_groups
from hipcli.journal.order import scan_newest_first
from hipcli.journal.read import read_journal, scan_journal, scan_journal_batches, time_key
from hipcli.journal.record import JournalProblem, SessionRecord, format_record
from tests.journal_records import make_record

START = datetime(2026, 1, 1, 7, 0, tzinfo=UTC)


def records_of(items: object) -> list[SessionRecord]:
    return [item for item in items if isinstance(item, SessionRecord)]  # type: ignore[attr-defined]


def chunk_by_chunk(path: Path) -> list[object]:
    """The journal read the simple way: cut into records at their header lines, each parsed."""
    data = path.read_bytes()
    found, line, counted = [], 1, 0
    for start, end, is_record in split_chunks(data):
        line += data.count(b"\n", counted, start)
        counted = start
        result = parse_chunk(data[start:end], line, is_record)
        if result is not None:
            found.append(result)
    return found


def hostile_journal(path: Path) -> None:
    """Records as hipcli writes them, with damage, a record in another layout, a torn header,
    a preamble, a BOM-less comment, non-UTF-8 bytes, and a long note between."""
    parts = ["# my journal\n"]
    for index in range(60):
        text = format_record(make_record(index, notes="n" * (index * 37 % 900)))
        if index == 7:
            text = text.replace("mood = 4", "mood = 9")
        if index == 13:
            text = text.replace("planned_s = 480\n", "planned_s = 480 # by hand\n")
        if index == 21:
            text = text.replace("notes = ", 'place = "mat"\nnotes = ')
        parts.append(text)
        if index == 30:
            parts.append("[[sess\n")
        if index == 40:
            parts.append('[[session]]\nnotes = "\xff"\n'.encode("latin-1").decode("latin-1"))
    data = "\n".join(parts).encode("utf-8").replace("\xff".encode(), b"\xff")
    path.write_bytes(data)


@pytest.mark.parametrize("block", [97, 4096, 1 << 22])
def test_regions_read_what_cutting_record_by_record_reads_however_the_blocks_fall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    path = tmp_path / "journal.toml"
    hostile_journal(path)
    monkeypatch.setattr(journal_read, "BLOCK", block)
    assert list(scan_journal(path)) == chunk_by_chunk(path)
    problems = [item for item in scan_journal(path) if isinstance(item, JournalProblem)]
    assert len(problems) >= 3


def shuffled_journal(path: Path, count: int, seed: int) -> list[SessionRecord]:
    """Sessions mostly in order, with overlaps, an import of old sessions appended at the end,
    several at the same moment, and some in other time zones."""
    rng = random.Random(seed)
    records = []
    for index in range(count):
        start = START + timedelta(hours=index * 13 + rng.choice([0, 0, 0, -20, 5]))
        if index % 17 == 0:
            start = START + timedelta(hours=(index - 1) * 13)  # the same moment as another
        zone = timezone(timedelta(hours=rng.choice([0, 1, 2, -5])))
        records.append(make_record(index, started_at=start.astimezone(zone)))
    old = [make_record(10_000 + i, started_at=START - timedelta(days=300 - i)) for i in range(40)]
    everything = records + old
    path.write_text("\n".join(format_record(record) for record in everything), encoding="utf-8")
    return everything


@pytest.mark.parametrize(
    ("count", "block", "seed"), [(50, 256, 1), (400, 2048, 2), (400, 1 << 22, 3)]
)
def test_newest_first_is_exactly_by_start_time_and_the_later_saved_first_on_a_tie(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, block: int, seed: int
) -> None:
    path = tmp_path / "journal.toml"
    written = shuffled_journal(path, count, seed)
    monkeypatch.setattr(journal_read, "BLOCK", block)
    expected = [
        record.id
        for _, record in sorted(
            enumerate(written),
            key=lambda pair: (time_key(pair[1].started_at), pair[0]),
            reverse=True,
        )
    ]
    assert [record.id for record in records_of(scan_newest_first(path))] == expected


def test_newest_first_reports_every_problem_once_and_orders_records_in_other_layouts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.toml"
    hostile_journal(path)
    with path.open("ab") as handle:  # an old session written by hand, in another layout, last
        handle.write(
            b'\n[[session]]\nid = "by-hand"\nroutine = "pigeon"\ntitle = "Pigeon"\n'
            b"started_at = 2025-01-01T08:00:00Z\nended_at = 2025-01-01T08:10:00Z\n"
            b"planned_s = 600\nactive_s = 600\ncompleted = true\nsteps_done = 1\n"
            b"steps_total = 1\n"
        )
    whole = chunk_by_chunk(path)
    items = list(scan_newest_first(path))
    assert sorted(str(p) for p in items if isinstance(p, JournalProblem)) == sorted(
        str(p) for p in whole if isinstance(p, JournalProblem)
    )
    ordered = records_of(items)
    assert ordered[-1].id == "by-hand"
    assert sorted(r.id for r in ordered) == sorted(r.id for r in records_of(whole))


def test_the_newest_first_stream_holds_a_region_not_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole-journal views stream: memory doesn't grow with the journal (issue 13)."""
    monkeypatch.setattr(journal_read, "BLOCK", 1 << 15)
    peaks = []
    for count in (1000, 8000):
        path = tmp_path / f"journal-{count}.toml"
        path.write_text(
            "\n".join(
                format_record(make_record(i, started_at=START + timedelta(hours=i)))
                for i in range(count)
            ),
            encoding="utf-8",
        )
        tracemalloc.start()
        for _ in scan_newest_first(path):
            pass
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_notes_dense_with_escapes_take_memory_a_small_multiple_of_the_journal(
    tmp_path: Path,
) -> None:
    """Issue 10, item 18: a note of escape characters once took ~1 KB of memory per escape to
    read (a regular expression's backtracking state); now a small multiple of the journal."""
    from hipcli.review.entries import write_entries
    from hipcli.review.exports import write_export
    from hipcli.review.layout import Paint

    path = tmp_path / "journal.toml"
    path.write_text(
        format_record(make_record(0, notes="\x1b" * 300_000))
        + "\n"
        + format_record(make_record(1, notes="a\x1bb\\" * 50_000)),
        encoding="utf-8",
    )
    size = path.stat().st_size
    tracemalloc.start()
    records = records_of(scan_journal(path))
    assert [len(r.notes) for r in records] == [300_000, 200_000]
    write_entries(records, io.StringIO(), paint=Paint(False), width=80)
    for fmt in ("json", "csv", "markdown"):
        write_export(fmt, records, io.StringIO(), terminal=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 10 * size, (peak, size)
    assert read_journal(path).records == records


def test_start_times_order_in_any_year_and_zone() -> None:
    early = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    late = datetime(9999, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert time_key(early) < time_key(START) < time_key(late)
    assert time_key(datetime(2026, 3, 29, 1, 0, tzinfo=timezone(timedelta(hours=2)))) < time_key(
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    )


@settings(max_examples=500, deadline=None)
@given(
    moment=st.datetimes(),
    minutes=st.integers(-(24 * 60 - 1), 24 * 60 - 1),
    zoned=st.booleans(),
)
def test_a_start_time_is_its_seconds_since_1970_in_utc(
    moment: datetime, minutes: int, zoned: bool
) -> None:
    """(Worked out by hand, as the key was before it was `timestamp()`: years 1 to 9999, any
    offset; a time without a zone counts as UTC.)"""
    offset = timedelta(minutes=minutes) if zoned else timedelta(0)
    if zoned:
        moment = moment.replace(tzinfo=timezone(offset))
    by_hand = (moment.replace(tzinfo=None) - datetime(1970, 1, 1) - offset).total_seconds()
    assert time_key(moment) == by_hand


@pytest.mark.parametrize("block", [256, 2048, 1 << 18])
def test_records_read_without_their_lines_are_the_same_and_problems_keep_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    from tests.unit.review.test_rows import mixed_journal

    path = tmp_path / "journal.toml"
    mixed_journal(path)
    monkeypatch.setattr(journal_read, "BLOCK", block)  # many regions, or one

    def read(lines: bool) -> list[Any]:
        return [
            (item.line, item.message) if isinstance(item, JournalProblem) else item.id
            for batch in scan_journal_batches(path, record_from_groups, lines=lines)
            for item in batch
        ]

    with_lines = read(True)
    assert read(False) == with_lines
    assert any(isinstance(item, tuple) for item in with_lines)  # (the problems, with lines)
