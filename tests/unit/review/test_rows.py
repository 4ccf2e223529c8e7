"""The JSON and CSV exports of the whole journal written straight from each record's text
(`hipcli.review.rows`): byte for byte what the records themselves give, whatever the journal."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.journal import read as journal_read
from hipcli.journal.fast import record_pattern
from hipcli.journal.holds import Hold
from hipcli.journal.order import scan_newest_first
from hipcli.journal.record import SessionRecord, format_record
from hipcli.review import rows
from hipcli.review.export_csv import field
from hipcli.review.exports import record_cells, record_json, write_export
from hipcli.review.rows import iso_text
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, log

pytestmark = pytest.mark.usefixtures("utc_local_time")

ZONES = st.builds(
    timezone, st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timedelta(minutes=m))
)
MOMENTS = st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30), timezones=ZONES)


@settings(max_examples=300, deadline=None)
@given(moment=MOMENTS)
def test_a_time_as_the_journal_writes_it_is_the_text_isoformat_writes(moment: datetime) -> None:
    text = format_record(make_record(0, started_at=moment, ended_at=moment))
    match = record_pattern().fullmatch(text)
    assert match is not None
    written = match.group(4)
    shown = iso_text(written)
    assert shown is None or shown == datetime.fromisoformat(written).isoformat()
    assert shown is not None or written.endswith("-00:00") or ".000000" in written


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2026-11-21 07:30:12+01:00", "2026-11-21T07:30:12+01:00"),
        ("2026-11-21 07:30:12.250000-05:30", "2026-11-21T07:30:12.250000-05:30"),
        ("2026-11-21 07:30:12-00:00", None),  # read as UTC, which isoformat writes +00:00
        ("2026-11-21 07:30:12.000000+00:00", None),  # isoformat leaves the fraction out
    ],
)
def test_times_whose_text_isoformat_would_write_otherwise_are_left_to_it(
    written: str, shown: str | None
) -> None:
    assert iso_text(written) == shown
    if shown is not None:
        assert shown == datetime.fromisoformat(written).isoformat()


texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
PIGEON = (Hold("Pigeon", "left", 60, 75, False), Hold("Child's pose \u202e", None, 45, 10, True))


@settings(max_examples=300, deadline=None)
@given(
    notes=texts,
    title=texts,
    routine=texts.filter(str.strip),
    tags=st.lists(texts, max_size=3),
    active=st.floats(min_value=0, max_value=7 * 24 * 3600),
    moods=st.tuples(st.none() | st.integers(1, 5), st.none() | st.integers(1, 5)),
    holds=st.sampled_from([None, (), PIGEON]),
    moment=MOMENTS,
)
def test_a_line_written_from_the_text_is_the_line_the_record_gives(
    notes: str,
    title: str,
    routine: str,
    tags: list[str],
    active: float,
    moods: tuple[int | None, int | None],
    holds: Any,
    moment: datetime,
) -> None:
    record = make_record(
        0,
        notes=notes,
        title=title,
        routine=routine,
        tags=tuple(tags),
        active_s=active,
        mood=moods[0],
        mood_before=moods[1],
        holds=holds,
        started_at=moment,
        ended_at=moment + timedelta(seconds=active),
    )
    match = record_pattern().fullmatch(format_record(record))
    assert match is not None
    row = rows.json_row(match.groups(), 1)
    cells = rows.csv_row(match.groups(), 1)
    assert row is not None
    assert cells is not None
    assert row.line == record_json(record)
    if cells.line:
        assert cells.line == csv_text(record_cells(record))
    else:  # a bare carriage return: the careful writer, from the cells
        assert "\r" in notes + title + routine
        assert cells.cells == record_cells(record)
    assert (row.id, row.started_at) == (record.id, record.started_at)


def csv_text(cells: list[str]) -> str:
    """The cells as the csv module writes them (the export's dialect)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


@settings(max_examples=500, deadline=None)
@given(cells=st.lists(st.text(st.characters(blacklist_characters="\r")), min_size=2, max_size=4))
def test_a_field_is_quoted_exactly_as_the_csv_module_quotes_it(cells: list[str]) -> None:
    assert ",".join(map(field, cells)) + "\n" == csv_text(cells)


def hand_edited(record: SessionRecord) -> str:
    """The record in a layout of its own (times with a T, a comment): read by tomllib."""
    text = format_record(record).replace("started_at = ", "started_at=")
    return text.replace("[[session]]\n", "[[session]] # by hand\n")


def mixed_journal(path: Path) -> None:
    """Records as hipcli writes them, hostile texts, odd times and zones, holds, records in
    other layouts, damage and unknown fields, out of order."""
    base = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    parts = []
    for index in range(40):
        zone = timezone(timedelta(hours=(index % 5) - 2))
        started = (base + timedelta(hours=index * 7 - (30 if index % 9 == 0 else 0))).astimezone(
            zone
        )
        fields: dict[str, Any] = {
            "started_at": started + timedelta(microseconds=index * 12_345 % 3),
            "notes": HOSTILE if index % 4 == 0 else f"line one\r\nline two {index}\rthree",
            "title": "Pigeon \u202e" if index % 6 == 0 else "Pigeon",
            "tags": ("tëst", "a\tb") if index % 3 == 0 else (),
            "mood_before": index % 5 + 1 if index % 2 else None,
            "active_s": 516.0 + index / 10,
        }
        if index % 11 == 0:
            fields["extra"] = {"place": "mat"}
        record = make_record(index, **fields)
        parts.append(hand_edited(record) if index % 13 == 5 else format_record(record))
        if index == 20:
            parts.append("[[session]]\nnotes = 'broken'\n")
    text = "\n".join(parts)
    head, _, tail = text.rpartition("+00:00\n")
    text = f"{head}-00:00\n{tail}"  # a UTC time written as -00:00, by hand (near the end)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_whole_journal_written_from_its_text_is_what_its_records_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    path = tmp_path / "journal.toml"
    mixed_journal(path)
    monkeypatch.setattr(journal_read, "BLOCK", 2048)  # many regions: damage costs only its own
    built: list[str] = []
    make = rows.BUILDERS[fmt]

    def counted(groups: Any, line: int) -> Any:
        built.append(groups[-1])
        return make(groups, line)

    monkeypatch.setitem(rows.BUILDERS, fmt, counted)
    code, out, err = log(path, fmt=fmt, limit=None)
    assert code == 0
    assert 10 <= len(built) < 40  # many records were written from their text, not all
    records = [item for item in scan_newest_first(path) if isinstance(item, SessionRecord)]
    expected = io.StringIO()
    write_export(fmt, records, expected, terminal=False)
    assert out == expected.getvalue()
    assert "this record was skipped" in err
    assert len(records) == 40


def test_a_filtered_export_still_tests_each_record(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    mixed_journal(path)
    _, out, _ = log(path, fmt="json", limit=None, grep="line two 13")
    assert '"id": "test-000013"' in out
    assert out.count('"id"') == 1


# Edits of a record's text that keep it in hipcli's layout (the pattern still matches) but
# that the fast writers must refuse, or leave to the record, exactly as `record_from_groups`.
EDITS = [
    ("", ""),
    ('id = "test-000000"', 'id = "   "'),
    ('id = "test-000000"', 'id = "\\t"'),
    ('id = "test-000000"', 'id = "t\\u00e9st"'),
    ('routine = "pigeon"', 'routine = " "'),
    ('routine = "pigeon"', 'routine = "\\n"'),
    ('routine = "pigeon"', 'routine = "pig\\"eon"'),
    ('title = "Pigeon"', 'title = "Pi\\ud800"'),
    ('title = "Pigeon"', 'title = "Pi\\U0001F9D8 \\u202e"'),
    ('title = "Pigeon"', 'title = "Pi\tgeon"'),
    ('title = "Pigeon"', 'title = "Pi\\r\\ngeon, \\"x\\""'),
    ('title = "Pigeon"', 'title = "Pi\x85geon\u2028"'),
    ("planned_s = 480", "planned_s = 604801"),
    ("planned_s = 480", "planned_s = 0"),
    ("active_s = 516.4", "active_s = 604800.5"),
    ("active_s = 516.4", "active_s = 516.40"),
    ("active_s = 516.4", "active_s = 5e2"),
    ("active_s = 516.4", "active_s = 1e400"),
    ("steps_done = 3", "steps_done = 4"),
    ("steps_total = 3", "steps_total = 10001"),
    ("v = 2", "v = 0"),
    ("v = 2", "v = 1"),
    ("07:30:12+00:00", "07:30:12-00:00"),
    ("07:30:12+00:00", "07:30:12.000000+00:00"),
    ("07:30:12+00:00", "07:30:12.250000+05:30"),
    ("2026-11-21 07:30", "2026-02-30 07:30"),
    ("2026-11-21 07:30", "1899-12-31 07:30"),
    ("2026-11-21 07:38", "2026-11-21 06:38"),
    ('"release",', '"re\\u0000lease",'),
    ('"release",', '"re\\udc00lease",'),
    ('"release",', '"\\u202erelease\\t",\n    "x",'),
    ("Felt calmer after.", "Felt \\u001b[31m calmer\\r after."),
    ("Felt calmer after.", "Felt\\\\u calmer, \\b\\f after."),
    ("Felt calmer after.", "Felt \x9b calmer after."),
    ("skipped = false }", "skipped = true }"),
    ('step = "Pigeon"', 'step = " "'),
    ('step = "Pigeon"', 'step = "Pi\\ud800"'),
    ("held_s = 75", "held_s = 604801"),
    ('side = "left", ', ""),
]


@settings(max_examples=400, deadline=None)
@given(edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=4), moods=st.booleans())
def test_the_writers_from_text_refuse_and_write_exactly_what_the_record_path_does(
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
        return  # not hipcli's layout any more: tomllib reads it, never these writers
    read = journal_read.record_from_groups(match.groups(), 1)
    row = rows.json_row(match.groups(), 1)
    cells = rows.csv_row(match.groups(), 1)
    if read is None:
        assert row is None
        assert cells is None
        return
    assert row is not None
    assert cells is not None
    assert row.line == record_json(read)
    assert (row.id, row.started_at) == (read.id, read.started_at)
    assert (cells.id, cells.started_at) == (read.id, read.started_at)
    if cells.line:
        assert cells.line == csv_text(record_cells(read))
    else:
        assert cells.cells == record_cells(read)


def test_each_edit_of_the_text_is_still_a_record_in_hipclis_layout() -> None:
    text = format_record(
        make_record(0, holds=(Hold("Pigeon", "left", 60, 75, False),), mood_before=2)
    )
    for old, new in EDITS:
        assert old in text, old
        assert record_pattern().fullmatch(text.replace(old, new)) is not None, new
