"""The JSON and CSV exports of the whole journal written a region at a time from the journal's
bytes (`hipcli.review.export_regions`): byte for byte what the records themselves give
(`record_json`, `record_cells` through the csv module), or nothing, when the record writers
must take the region."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.journal import read as journal_read
from hipcli.journal.fast import record_from_groups
from hipcli.journal.holds import Hold
from hipcli.journal.order import scan_newest_first
from hipcli.journal.read import region_items
from hipcli.journal.record import SessionRecord, format_record
from hipcli.review import export_regions, markdown_regions, rows
from hipcli.review.export_csv import write_csv_batches
from hipcli.review.export_json import Written, write_json_batches
from hipcli.review.exports import (
    markdown_entry,
    record_cells,
    record_json,
    write_export,
    write_markdown_batches,
)
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, log
from tests.unit.review.test_rows import EDITS, MOMENTS, ZONES, csv_text, mixed_journal

pytestmark = pytest.mark.usefixtures("utc_local_time")

# What the writers of regions must notice: quotes and commas (CSV), escapes TOML writes (a
# newline, a backslash, a tab, a carriage return, controls as \u), what a terminal might act
# on (JSON escapes it), characters beyond ASCII, Markdown's marks.
SPECIAL = ['"', ",", "\n", "\\", "\\n", "\t", "\r", "\r\n", "\x1b[31m", "\x7f", "\x85", "\x9b",
           "\u202e", "\u2028", "\u200d", "\xa0", "é", "🧘", "שלום", "#", "*", "-00:00",
           " ", "1. x", "\n\n", "\n \n", "\n#", "\n- ", "٣.", "&amp;", "<b>", "\u3000", "\u1680",
           "\u061c", "_x_", "`", "~", "|", "\n1) ", "\n    code", "—", "·"]  # fmt: skip
PIECES = st.one_of(st.text(st.characters(blacklist_categories=["Cs"]), max_size=8),
                   st.sampled_from(SPECIAL))  # fmt: skip
# (most records plain, as most are: a region is written from its bytes only when all its
# records can be, and the special ones are then among plain ones)
TEXTS = st.one_of(
    st.sampled_from(["", "Pigeon", "Felt calmer, after.\nSlept well."]),
    st.lists(PIECES, max_size=4).map("".join),
)
# (a quote or a backslash in a routine's name leaves it to the record writers, as in `rows`)
PLAIN = st.text(st.characters(min_codepoint=32, max_codepoint=126, blacklist_characters='\\"'))
HOLDS = st.sampled_from(
    [None, (), (Hold("Pigeon", "left", 60, 75, False), Hold("Child's pose", None, 45, 10, True))]
)


BEFORE = st.datetimes(datetime(1900, 1, 2), datetime(2026, 11, 19), timezones=ZONES)


@st.composite
def journals(draw: Any, texts: Any = TEXTS, moments: Any = MOMENTS) -> list[SessionRecord]:
    """Records of any text, length, mood and zone, in order of start (a few at one time)."""
    count = draw(st.integers(1, 6))
    starts = sorted(draw(st.lists(moments, min_size=count, max_size=count)))
    records = []
    for index, started in enumerate(starts):
        active = draw(st.floats(0, 7 * 24 * 3600) | st.sampled_from([0.0, 516.4, 1e-7]))
        records.append(
            make_record(
                index,
                started_at=started,
                ended_at=started + timedelta(seconds=draw(st.integers(0, 10_000))),
                notes=draw(texts),
                title=draw(texts),
                routine=draw(texts.filter(str.strip)),
                tags=tuple(draw(st.lists(texts, max_size=3))),
                active_s=active,
                mood=draw(st.none() | st.integers(1, 5)),
                mood_before=draw(st.none() | st.integers(1, 5)),
                holds=draw(HOLDS),
            )
        )
    return records


WRITERS = (
    ("json", export_regions.json_region),
    ("csv", export_regions.csv_region),
    ("markdown", markdown_regions.markdown_region),
)


def expected(region: bytes, fmt: str) -> list[str] | None:
    """The lines the record path writes for the region's records (None: it finds a problem)."""
    items, _ = region_items(region, 1, True, True, record_from_groups)
    if not all(isinstance(item, SessionRecord) for item in items):
        return None
    if fmt == "json":
        return [record_json(item) for item in items]  # type: ignore[arg-type]
    if fmt == "markdown":
        return [markdown_entry(item) for item in items]  # type: ignore[arg-type]
    return [csv_text(record_cells(item)) for item in items]  # type: ignore[arg-type]


def in_order(region: bytes) -> bool:
    items, _ = region_items(region, 1, True, True, record_from_groups)
    starts = [item.started_at for item in items if isinstance(item, SessionRecord)]
    return starts == sorted(starts)


def check_region(region: bytes) -> bool:
    """The writers of regions on `region`: the record path's lines where they write it;
    whether all did."""
    wrote = True
    for fmt, write in WRITERS:
        written = write(region)
        if written is None:
            wrote = False
            continue
        assert in_order(region)
        assert [line.decode("utf-8") for line in written.lines] == expected(region, fmt)
        first = region_items(region, 1, True, True, record_from_groups)[0][0]
        assert written.first == first.started_at  # type: ignore[union-attr]
    return wrote


@settings(max_examples=300, deadline=None)
@given(records=journals())
def test_a_region_written_from_its_bytes_is_what_its_records_give(
    records: list[SessionRecord],
) -> None:
    check_region("\n".join(map(format_record, records)).encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(
    records=journals(texts=PLAIN, moments=BEFORE),
    edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=3),
    which=st.none() | st.integers(0, 5),
)
def test_an_edited_or_damaged_region_is_written_exactly_or_left_to_the_records(
    records: list[SessionRecord], edits: list[tuple[str, str]], which: int | None
) -> None:
    parts = [format_record(record) for record in records]
    base = format_record(
        make_record(0, mood_before=2, holds=(Hold("Pigeon", "left", 60, 75, False),))
    )
    for old, new in edits:  # one record in hipcli's layout, edited as test_rows does
        base = base.replace(old, new)
    # the newest (in order), or anywhere (out of order, mostly)
    parts.insert(len(parts) if which is None else which % (len(parts) + 1), base)
    check_region("\n".join(parts).encode("utf-8"))


@pytest.mark.parametrize(("old", "new"), EDITS)
def test_each_edit_of_a_record_is_written_exactly_or_left_to_the_records(
    old: str, new: str
) -> None:
    base = make_record(0, mood_before=2, holds=(Hold("Pigeon", "left", 60, 75, False),))
    edited = format_record(base).replace(old, new)
    before = format_record(make_record(1, started_at=datetime(2000, 1, 1, tzinfo=UTC)))
    check_region(f"{before}\n{edited}".encode())


@pytest.mark.parametrize("special", SPECIAL)
@pytest.mark.parametrize("place", ["notes", "title", "routine", "tags", "id", "step"])
def test_each_special_text_in_each_place_is_written_exactly_or_left_to_the_records(
    special: str, place: str
) -> None:
    text = f"{special}a{special}b{special}"  # (at the start and the end, and within)
    fields: dict[str, Any] = {"tags": (text,)} if place == "tags" else {place: text}
    if place == "step":
        fields = {"holds": (Hold(text, None, 60, 75, False),)}
    records = [make_record(0), make_record(1, **fields), make_record(2)]
    check_region("\n".join(map(format_record, records)).encode("utf-8"))


@settings(max_examples=100, deadline=None)
@given(records=journals(texts=PLAIN), backwards=st.booleans())
def test_a_region_of_plain_records_in_order_is_written_from_its_bytes(
    records: list[SessionRecord], backwards: bool
) -> None:
    if backwards:
        records.reverse()
    region = "\n".join(map(format_record, records)).encode("utf-8")
    assert check_region(region) is in_order(region)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace(b"Felt calmer", b"Felt \xff calmer", 1),  # not UTF-8
        lambda text: (
            text.replace(b"[[session]]\n", b"[[session]] # by hand\n", 1)
            if text.count(b"[[session]]") > 1
            else b"x" + text
        ),
        lambda text: text.replace(b'id = "test-000001"\n', b'id = "test-000001"\nx\n'),
        lambda text: text.replace(b"\n[[session]]\n", b"\nx[[session]]\n", 1),
        lambda text: b"# my journal\n" + text,
        lambda text: text + b"[[sess",
        lambda text: text.replace(b"2026-11-22 07:30", b"2026-02-30 07:30"),
    ],
)
def test_a_region_with_damage_is_left_to_the_record_writers(damage: Any) -> None:
    records = [make_record(index, notes=f"Felt calmer, {index}") for index in range(3)]
    region = "\n".join(map(format_record, records)).encode("utf-8")
    assert check_region(region)
    damaged = damage(region)
    assert export_regions.json_region(damaged) is None
    assert export_regions.csv_region(damaged) is None


def test_many_titles_tags_and_holds_are_each_written_once_and_kept() -> None:
    records = [
        make_record(index, title=f"Title {index}", tags=(f"t{index}",), holds=None)
        for index in range(40)
    ]
    region = "\n".join(map(format_record, records)).encode("utf-8")
    assert check_region(region)
    assert check_region(region)  # (from what was kept)


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_bytes_go_straight_to_a_utf8_file_after_the_text_before_them(fmt: str) -> None:
    records = [make_record(index, notes=HOSTILE) for index in range(3)]
    batches = [
        [Written([b"first"]), records[0]],
        [rows.ExportRow("x", records[1].started_at, "row", [])],
    ]
    write = {"json": write_json_batches, "csv": write_csv_batches}.get(fmt, write_markdown_batches)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    out.write("before\n")
    write(batches, out)  # type: ignore[operator]
    out.flush()
    text = io.StringIO()
    text.write("before\n")
    write(batches, text)  # type: ignore[operator]
    assert raw.getvalue().decode("utf-8") == text.getvalue()
    assert "first" in text.getvalue()
    assert text.getvalue().startswith("before\n")


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
@pytest.mark.parametrize("block", [2048, 1 << 18])
def test_the_whole_journal_from_regions_and_records_is_what_its_records_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, block: int
) -> None:
    path = tmp_path / "journal.toml"
    mixed_journal(path)
    records = [item for item in scan_newest_first(path) if isinstance(item, SessionRecord)]
    # and plain sessions after them (newer), which the regions write from their bytes
    later = datetime(2026, 6, 1, tzinfo=UTC)
    plain = [
        make_record(
            100 + index, started_at=later + timedelta(hours=index), notes=f'a, "b"\n{index}'
        )
        for index in range(60)
    ]
    with path.open("a", encoding="utf-8") as journal:
        journal.write("\n" + "\n".join(map(format_record, plain)))
    monkeypatch.setattr(journal_read, "BLOCK", block)
    written: list[int] = []
    whole = rows.WHOLE[fmt]

    def counted(region: bytes) -> Any:
        result = whole(region)
        written.append(0 if result is None else len(result.lines))
        return result

    monkeypatch.setitem(rows.WHOLE, fmt, counted)
    code, out, err = log(path, fmt=fmt, limit=None)
    assert code == 0
    # small regions: the plain sessions were written from their bytes; one region: the damage
    # in it leaves it all to the record writers
    assert sum(written) >= 30 if block == 2048 else written == [0]
    expected_out = io.StringIO()
    write_export(fmt, [*reversed(plain), *records], expected_out, terminal=False)
    assert out == expected_out.getvalue()
    assert "this record was skipped" in err
