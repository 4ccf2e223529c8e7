"""`hipcli log --all` and `--all --oneline` written straight from each record's text
(`entry_rows`, `table_rows`, `whole_log`): byte for byte what the records themselves give
(`entries.entry_text`, `table.Table.row`), whatever the journal, the width or the colour."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.journal import read as journal_read
from hipcli.journal.fast import record_from_groups, record_pattern, record_pattern_bytes
from hipcli.journal.holds import Hold
from hipcli.journal.record import format_record
from hipcli.review.entries import entry_text
from hipcli.review.entry_rows import entry_builder
from hipcli.review.layout import Paint
from hipcli.review.region_rows import Builder
from hipcli.review.table import Table
from hipcli.review.table_rows import row_builder
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, headings, log, rows

pytestmark = pytest.mark.usefixtures("utc_local_time")

# text as people write it, and as they shouldn't: wide and zero-width characters, emoji with
# joiners and selectors, controls, markup, blank lines, runs of spaces, tabs, long words
PIECES = st.sampled_from(
    [
        "Felt calmer after.",
        "Hüfte links fester.",
        "שקט יותר",
        "長い日本語のメモ",
        "🙂",
        "🧘\u200d♀️",
        "❤\ufe0f",
        "e\u0301",
        "\u200b",
        "\x1b[31mred\x1b[0m",
        "[bold]x[/bold]",
        "\u202eevil",
        "\t",
        "  ",
        " ",
        "\n",
        "\n\n",
        "\n \n",
        "\r\n",
        "\r",
        "x" * 90,
        "a" * 37,
        "\xa0",
        "\\",
        '"',
    ]
)
TEXTS = st.lists(PIECES | st.text(max_size=12), max_size=14).map(" ".join) | st.text(
    st.characters(blacklist_categories=["Cs"]), max_size=60
)
ZONES = st.builds(
    timezone, st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timedelta(minutes=m))
)
MOMENTS = st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30), timezones=ZONES)
PIGEON = (Hold("Pigeon", "left", 60, 75, False), Hold("Child's pose \u202e", None, 45, 10, True))
WIDTHS = st.sampled_from([40, 41, 52, 60, 80, 99, 120, 200])


@settings(max_examples=400, deadline=None)
@given(
    notes=TEXTS,
    title=st.sampled_from(["", "Pigeon", "ピジョン 🧘", "A very long routine title that goes on"])
    | TEXTS,
    tags=st.lists(st.sampled_from(["calm", "a b", "tëst", "x\ty", "hips "]) | TEXTS, max_size=3),
    active=st.floats(min_value=0, max_value=7 * 24 * 3600) | st.sampled_from([0.4, 59.6, 3599.5]),
    moods=st.tuples(st.none() | st.integers(1, 5), st.none() | st.integers(1, 5)),
    completed=st.booleans(),
    holds=st.sampled_from([None, (), PIGEON]),
    moment=MOMENTS,
    width=WIDTHS,
    color=st.booleans(),
    machine=st.sampled_from(["", "", "laptop", "desk", "a-machine-with-a-long-name-47"]),
)
def test_an_entry_and_a_row_written_from_the_text_are_what_the_record_gives(
    notes: str,
    title: str,
    tags: list[str],
    active: float,
    moods: tuple[int | None, int | None],
    completed: bool,
    holds: Any,
    moment: datetime,
    width: int,
    color: bool,
    machine: str,
) -> None:
    """(In a journal folder of several machines, each entry's heading ends with its machine.)"""
    record = make_record(
        0,
        notes=notes,
        title=title,
        tags=tuple(tags),
        active_s=active,
        mood=moods[0],
        mood_before=moods[1],
        completed=completed,
        holds=holds,
        started_at=moment,
        ended_at=moment + timedelta(seconds=active),
    )
    match = record_pattern().fullmatch(format_record(record))
    assert match is not None
    read = record_from_groups(match.groups())
    assert read is not None
    paint = Paint(color)
    entry = entry_builder(width, paint, machine)(match.groups(), 0)
    assert entry is not None
    assert entry.text == entry_text(read, width, paint, machine)
    assert (entry.id, entry.started_at) == (read.id, read.started_at)
    for symbols in (False, True):
        table = Table(paint=paint, symbols=symbols, width=width)
        row = row_builder(table)(match.groups(), 0)
        assert row is not None
        assert row.text == table.row(read)


RECORDS = st.fixed_dictionaries(
    {
        "notes": TEXTS | st.sampled_from(["", "Felt calmer after. " * 5, "Hips 🙂 " * 14]),
        "title": st.sampled_from(
            ["", "Pigeon", "ピジョン 🧘", "Evening wind-down", "A very long routine title"]
        ),
        "tags": st.lists(st.sampled_from(["calm", "tëst", "x\ty"]), max_size=2).map(tuple),
        "active_s": st.sampled_from([0.4, 45.0, 59.6, 301.2, 3599.5, 36000.0, 7 * 24 * 3600])
        | st.floats(min_value=0, max_value=7 * 24 * 3600),
        "mood": st.none() | st.integers(1, 5),
        "mood_before": st.none() | st.integers(1, 5),
        "completed": st.booleans(),
        "started_at": MOMENTS,
    }
)


@settings(max_examples=300, deadline=None)
@given(fields=st.lists(RECORDS, min_size=2, max_size=12), width=WIDTHS, color=st.booleans())
def test_a_region_of_entries_is_what_each_record_gives(
    fields: list[dict[str, Any]], width: int, color: bool
) -> None:
    """Many records at once (as a region is written: the notes read and wrapped together, the
    headings made from templates, some by their sizes alone) give each record's own entry."""
    records = [make_record(index, **kwargs) for index, kwargs in enumerate(fields)]
    # as the reader finds a region's records: all at once, in its bytes
    region = "\n".join(map(format_record, records)).encode()
    groups = record_pattern_bytes().findall(region)
    assert len(groups) == len(records)
    paint = Paint(color)
    rows = entry_builder(width, paint).many(groups)
    assert rows is not None
    for row, record in zip(rows, records, strict=True):
        assert row.text == entry_text(record, width, paint)


@pytest.mark.parametrize("width", [40, 46, 52, 60, 66, 72, 80])
@pytest.mark.parametrize("color", [False, True])
def test_a_region_with_a_few_headings_too_long_for_their_template(width: int, color: bool) -> None:
    """Most headings take their template whatever their sizes; a few, near the width, are
    looked up by their sizes one by one (a long style, a compact one, the date alone)."""
    short = {"title": "Frog", "active_s": 45.0}
    longer = [
        {"title": "Evening wind-down", "mood": 5, "mood_before": 1, "active_s": 36000.0},
        {"title": "A very long routine title", "mood": 1, "mood_before": 5, "active_s": 700.4},
        {"title": "Figure four", "mood": 2, "active_s": 3599.5, "completed": False},
    ]
    fields = [short] * 9 + longer
    fields = fields[::2] + fields[1::2]  # (the long ones among the short)
    moment = datetime(2026, 11, 1, 7, 5, tzinfo=UTC)
    records = [
        make_record(index, started_at=moment + timedelta(days=index), **kwargs)
        for index, kwargs in enumerate(fields)
    ]
    groups = []
    for record in records:  # (a record's own match: None for a part that isn't there)
        match = record_pattern_bytes().fullmatch(format_record(record).encode())
        assert match is not None
        groups.append(match.groups())
    paint = Paint(color)
    rows = entry_builder(width, paint).many(groups)
    assert rows is not None
    assert [row.text for row in rows] == [entry_text(record, width, paint) for record in records]


@pytest.mark.parametrize("width", [40, 80])
def test_notes_with_escapes_of_wide_characters_are_wrapped_as_the_characters(width: int) -> None:
    """A note edited by hand may write a wide character as an escape ("\\u4e2d"): read, it
    takes two cells like the character itself, among notes that are plain ASCII."""
    notes = ["Plain words " * 9, "長い日本語のメモ " * 6, "calm", "🙂 " * 30]
    records = [make_record(index, notes=note) for index, note in enumerate(notes)]
    groups = []
    for record in records:
        text = format_record(record)
        escaped = "".join(f"\\u{ord(c):04x}" if 0x80 <= ord(c) <= 0xFFFF else c for c in text)
        match = record_pattern_bytes().fullmatch(escaped.encode())
        assert match is not None
        groups.append(match.groups())
    rows = entry_builder(width, Paint(False)).many(groups)
    assert rows is not None
    assert [row.text for row in rows] == [
        entry_text(record, width, Paint(False)) for record in records
    ]


@pytest.mark.parametrize(
    "change",
    [
        ("ended_at = 2026-11-21 07:38:40+00:00", "ended_at = 2026-11-20 07:38:40+00:00"),
        ("ended_at = 2026-11-21 07:38:40+00:00", "ended_at = 2026-11-21 00:00:01+00:00"),
        ("ended_at = 2026-11-21 07:38:40+00:00", "ended_at = 2026-11-31 07:38:40+00:00"),
        ("ended_at = 2026-11-21 07:38:40+00:00", "ended_at = 2026-11-21 07:38:40+09:00"),
        ("steps_done = 3", "steps_done = 9"),
        ("v = 2", "v = 0"),
        ("started_at = 2026", "started_at = 1899"),
        ('notes = "', 'notes = "\\ud800'),
        ('routine = "pigeon"', 'routine = " \\t"'),
        ("active_s = 516.4", "active_s = 1e9"),
    ],
)
def test_a_record_the_reader_refuses_is_refused_by_both(change: tuple[str, str]) -> None:
    text = format_record(make_record(0)).replace(*change)
    match = record_pattern().fullmatch(text)
    assert match is not None
    assert record_from_groups(match.groups()) is None
    assert entry_builder(80, Paint(False))(match.groups(), 0) is None
    assert (
        row_builder(Table(paint=Paint(False), symbols=False, width=80))(match.groups(), 0) is None
    )


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize(
    "notes",
    [
        # the only escapes new lines (read and checked as bytes), paragraphs, wide characters
        ["Calm.\nThen tears 🙂", "One.\n\nTwo, a paragraph apart.", "plain", "中文\n中文"],
        # a backslash the person wrote, before an n and elsewhere (read the careful way)
        ["Calm.\nThen tears", "C:\\new folder", "back\\slash"],
        ["Calm.\nThen tears", 'a quote " and a\ttab', ""],
    ],
)
def test_a_region_of_notes_with_new_lines_and_backslashes_is_what_each_record_gives(
    notes: list[str], width: int
) -> None:
    records = [make_record(index, notes=note) for index, note in enumerate(notes)]
    region = "\n".join(map(format_record, records)).encode()
    assert (b"\\\\" in region) == any("\\" in note for note in notes)
    groups = record_pattern_bytes().findall(region)
    rows = entry_builder(width, Paint(False)).many(groups)
    assert rows is not None
    assert [row.text for row in rows] == [
        entry_text(record, width, Paint(False)) for record in records
    ]


@pytest.mark.parametrize(
    "field", ["routine", "title", "started_at", "notes", "tags", "holds", "id"]
)
@pytest.mark.parametrize("oneline", [False, True])
def test_a_region_with_a_text_that_is_not_utf_8_is_left_to_the_reader(
    field: str, oneline: bool
) -> None:
    """The pattern reads a region's bytes: a byte that isn't UTF-8 in any of a record's texts
    (which the reader reports, with its line) makes the region go the reader's way."""
    holds = (Hold("Pigeon", "left", 60, 60, False),)
    records = [make_record(index, tags=("calm",), holds=holds) for index in range(3)]
    texts = [format_record(record).encode() for record in records]
    key = f"\n{field} = ".encode()
    assert texts[1].count(key) == 1
    if field == "started_at":
        texts[1] = texts[1].replace(key + b"2026", key + b"20\xff6")
    else:  # (just inside the first quote after the key: a tag's, a hold's step)
        quote = texts[1].index(b'"', texts[1].index(key)) + 1
        texts[1] = texts[1][:quote] + b"\xff" + texts[1][quote:]
    table = Table(paint=Paint(False), symbols=False, width=80)
    build = row_builder(table) if oneline else entry_builder(80, Paint(False))
    whole = record_pattern_bytes().findall(b"\n".join(texts))
    if field == "started_at":  # (the pattern reads only digits there)
        assert len(whole) == 2
        return
    assert len(whole) == 3
    assert build.many(whole) is None
    fine = record_pattern_bytes().findall(b"\n".join(texts[::2]))
    assert build.many(fine) is not None


def test_an_end_past_the_last_year_is_refused_by_both() -> None:
    text = format_record(make_record(0))
    text = re.sub(r"started_at = [^\n]*", "started_at = 2999-12-31 23:59:00+00:00", text)
    text = re.sub(r"ended_at = [^\n]*", "ended_at = 3000-01-01 00:07:28+00:00", text)
    match = record_pattern().fullmatch(text)
    assert match is not None
    assert record_from_groups(match.groups()) is None
    assert entry_builder(80, Paint(False))(match.groups(), 0) is None


def hand_edited(text: str) -> str:
    """A record in a layout of its own (read by tomllib)."""
    return text.replace("started_at = ", "started_at=").replace("[[session]]\n", "[[session]] #\n")


def mixed_journal(path: Path) -> None:
    """Records as hipcli writes them with every kind of text, in many zones, out of order,
    records in other layouts, damage, unknown fields, a byte that isn't UTF-8."""
    base = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    notes = [
        HOSTILE,
        "line one\r\nline two\rthree",
        "Paragraph one, long enough to be wrapped at forty columns at least.\n\nTwo 🙂",
        "長い日本語のメモ" * 12,
        "\n\n  spaced   out\t\ttabs  \n\n\n",
        "",
        "word " * 40,
        "x" * 130,
    ]
    parts = []
    for index in range(60):
        zone = timezone(timedelta(hours=(index % 5) - 2))
        started = base + timedelta(hours=index * 7 - (30 if index % 9 == 0 else 0))
        fields: dict[str, Any] = {
            "started_at": started.astimezone(zone) + timedelta(microseconds=index % 3),
            "notes": notes[index % len(notes)],
            "title": ["Pigeon", "Pigeon \u202e", "", "ピジョン 🧘"][index % 4],
            "tags": [(), ("tëst", "a\tb"), ("calm",), ("hips ", "x" * 50)][index % 4],
            "mood_before": index % 5 + 1 if index % 2 else None,
            "mood": None if index % 7 == 0 else index % 5 + 1,
            "completed": index % 6 != 0,
            "active_s": [516.4, 45.0, 3900.0, 59.5][index % 4],
        }
        if index % 11 == 0:
            fields["extra"] = {"place": "mat"}
        text = format_record(make_record(index, **fields))
        parts.append(hand_edited(text) if index % 13 == 5 else text)
        if index == 20:
            parts.append("[[session]]\nnotes = 'broken'\n")
        if index == 40:
            parts.append(text.replace("Pigeon", "Pig\udcffeon", 1))
    data = "\n".join(parts).encode("utf-8", "surrogateescape")
    path.write_bytes(data.replace(b"\xed\xb3\xbf", b"\xff"))


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("oneline", [False, True])
def test_the_whole_journal_is_what_the_slow_path_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int, color: bool, oneline: bool
) -> None:
    path = tmp_path / "journal.toml"
    mixed_journal(path)
    monkeypatch.setattr(journal_read, "BLOCK", 2048)  # many regions: damage costs only its own
    fast = log(path, limit=None, width=width, color=color, oneline=oneline)
    # a filter every session passes takes the path that reads each record whole
    slow = log(path, limit=None, width=width, color=color, oneline=oneline, grep="")
    assert fast == slow
    code, out, err = fast
    assert out.count("\n") > 60
    assert code == 0
    assert "this record was skipped" in err
    assert "not valid UTF-8" in err


def test_the_whole_journal_is_written_from_the_text_of_most_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.toml"
    mixed_journal(path)
    monkeypatch.setattr(journal_read, "BLOCK", 2048)
    made: list[object] = []
    from hipcli.review import whole_log

    def counted(width: int, paint: Paint) -> Any:
        build = entry_builder(width, paint)

        def count(groups: Any) -> Any:
            rows = build.many(groups)
            if rows is not None:
                made.extend(groups)
            return rows

        return Builder(count)

    monkeypatch.setattr(whole_log, "entry_builder", counted)
    code, _, _ = log(path, limit=None)
    assert code == 0
    assert len(made) >= 20  # (the rest: in regions with damage, or in other layouts)


@pytest.mark.parametrize("moment", ["2027-02-30 07:00:00+00:00", "2026-12-31 25:00:00+00:00"])
@pytest.mark.parametrize("oneline", [False, True])
def test_a_start_that_is_no_real_time_after_the_rest_is_reported_not_a_crash(
    tmp_path: Path, moment: str, oneline: bool
) -> None:
    """The newest-first first pass reads a region's newest start from its lines; when that
    one is no real time, the region is read whole and the record reported."""
    path = tmp_path / "journal.toml"
    good = [format_record(make_record(index)) for index in range(3)]
    path.write_text(
        "\n".join([*good, f'[[session]]\nv = 2\nroutine = "x"\nstarted_at = {moment}\n']),
        encoding="utf-8",
    )
    code, out, err = log(path, limit=None, oneline=oneline)
    assert code == 0
    assert "Traceback" not in err
    assert "this record was skipped" in err
    assert "journal.toml:" in err
    assert len(headings(out) if not oneline else rows(out)) == 3


def test_a_journal_of_only_damage_says_so_and_writes_no_header(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    path.write_text("[[session]]\nnotes = 'broken'\n", encoding="utf-8")
    for oneline in (False, True):
        code, out, err = log(path, limit=None, oneline=oneline)
        assert code == 0
        assert out == "No readable sessions in the journal — see the messages above.\n"
        assert "journal.toml:1:" in err
