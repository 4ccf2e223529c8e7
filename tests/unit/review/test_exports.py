"""The exports: JSON and CSV with every field (written record by record), and Markdown as a
readable journal."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord, record_to_dict
from hipcli.review.exports import CSV_COLUMNS, cell_text, json_text, record_cells, record_json
from hipcli.review.select import FORMATS
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, TODAY, add, at, log

PIGEON = (Hold("Pigeon", "left", 60, 75, False), Hold("Child's pose", None, 45, 10, True))

pytestmark = pytest.mark.usefixtures("utc_local_time")


def test_json_is_every_field_newest_first_with_numeric_moods(journal: Path) -> None:
    add(
        journal,
        make_record(0, started_at=at(TODAY - timedelta(days=1)), mood=None),
        make_record(
            1,
            started_at=at(TODAY),
            notes=HOSTILE,
            mood=5,
            mood_before=2,
            holds=PIGEON,
            extra={"heart_rate": 61, "device": {"name": "watch"}},
        ),
    )
    _, out, _ = log(journal, fmt="json")
    data = json.loads(out)
    assert [item["id"] for item in data] == ["test-000001", "test-000000"]
    newest = data[0]
    assert (newest["mood"], newest["mood_before"]) == (5, 2)
    assert newest["started_at"] == "2026-11-21T07:30:00+00:00"
    assert newest["notes"] == HOSTILE
    assert (newest["heart_rate"], newest["device"]) == (61, {"name": "watch"})
    assert newest["holds"][1] == {
        "step": "Child's pose",
        "planned_s": 45,
        "held_s": 10,
        "skipped": True,
    }
    assert data[1]["mood"] is None
    assert "שלום" in out  # UTF-8, not \u escapes
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")  # but nothing a terminal obeys


texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    notes=texts,
    title=texts,
    tags=st.lists(texts, max_size=3),
    active=st.floats(min_value=0, max_value=1e7, allow_nan=False),
    mood=st.one_of(st.none(), st.integers(1, 5)),
    holds=st.one_of(st.none(), st.just(PIGEON), st.just(())),
)
def test_a_record_written_field_by_field_is_exactly_what_json_dumps_writes(
    notes: str, title: str, tags: list[str], active: float, mood: int | None, holds: Any
) -> None:
    record = make_record(
        0, notes=notes, title=title, tags=tuple(tags), active_s=active, mood=mood, holds=holds
    )
    assert record_json(record) == json_text(record_to_dict(record), None)
    generic = [cell_text(record_to_dict(record).get(name)) for name in CSV_COLUMNS[:-1]]
    assert record_cells(record) == [*generic, ""]


def test_json_of_nothing_is_an_empty_array(journal: Path) -> None:
    assert json.loads(log(journal, fmt="json")[1]) == []


def test_csv_has_every_field_and_unknown_ones_in_one_extra_column(journal: Path) -> None:
    tricky = 'commas, "quotes"\nand new lines\r\n' + HOSTILE
    add(
        journal,
        make_record(
            0, notes=tricky, tags=("a, b", 'say "hi"'), mood=None, extra={"heart_rate": 61}
        ),
    )
    add(journal, make_record(1, holds=PIGEON))
    _, out, _ = log(journal, fmt="csv")
    table = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(table[0]) == list(CSV_COLUMNS)
    assert [row["id"] for row in table] == ["test-000001", "test-000000"]
    row = table[1]
    assert row["notes"] == tricky  # exact: a data export
    assert json.loads(row["tags"]) == ["a, b", 'say "hi"']
    assert (row["mood"], row["mood_before"], row["completed"]) == ("", "", "true")
    assert row["started_at"] == "2026-11-21T07:30:12+00:00"
    assert json.loads(row["extra"]) == {"heart_rate": 61}
    assert table[0]["extra"] == ""
    assert json.loads(table[0]["holds"])[0]["step"] == "Pigeon"
    assert float(row["active_s"]) == 516.4


@pytest.mark.parametrize("notes", ["old Mac line\rend", "\r", "tab\there\r", "cr at the end\r"])
def test_csv_quotes_a_bare_carriage_return_so_the_row_stays_whole(
    journal: Path, notes: str
) -> None:
    """Found by the reliability fuzz: the csv module quotes only the characters of its line
    terminator ("\\n"), so a note with a bare "\\r" went out unquoted and readers split the row."""
    add(journal, make_record(0, notes=notes), make_record(1))
    _, out, _ = log(journal, fmt="csv")
    table = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [row["notes"] for row in table] == [make_record(1).notes, notes]
    assert out.endswith("\n")
    assert not out.endswith("\r\n")  # rows still end in \n, as documented


def test_csv_of_nothing_is_the_header_row(journal: Path) -> None:
    header = log(journal, fmt="csv")[1]
    assert header.startswith("v,id,routine,title,started_at,ended_at")
    assert header.count("\n") == 1


def test_markdown_is_a_journal_a_person_would_paste_into_their_notes(journal: Path) -> None:
    add(
        journal,
        make_record(0, started_at=at(TODAY - timedelta(days=1)), notes="One line.", tags=()),
        make_record(
            1,
            started_at=at(TODAY),
            notes="Left side tighter.\nFelt calmer after.\n\n# not a heading *not bold*",
            mood_before=2,
            tags=("release", "a|b"),
        ),
    )
    _, out, _ = log(journal, fmt="markdown")
    assert out == (
        "# Practice journal\n\n"
        "## Sat 21 Nov 2026 07:30 — Pigeon\n\n"
        "8m 36s of 8m 00s · completed · mood low → good · #release #a\\|b\n\n"
        "Left side tighter.\\\nFelt calmer after.\n\n"
        "\\# not a heading \\*not bold\\*\n"
        "\n## Fri 20 Nov 2026 07:30 — Pigeon\n\n"
        "8m 36s of 8m 00s · completed · mood good\n\n"
        "One line.\n"
    )


def test_markdown_keeps_each_line_break_of_a_note_when_rendered(journal: Path) -> None:
    """A single newline in a note is a hard line break (a backslash at the end of the line,
    CommonMark's), so a renderer shows the person's lines as they wrote them, not one run-on
    paragraph; a blank line still starts a new paragraph."""
    from markdown_it import MarkdownIt  # Rich's own Markdown parser (CommonMark)

    notes = "Left side tighter.\nRight side easier \\\n  then tears.\n\nSlept well after."
    add(journal, make_record(0, notes=notes, tags=()))
    _, out, _ = log(journal, fmt="markdown")
    assert "Left side tighter.\\\nRight side easier \\\\\\\n  then tears.\n\n" in out
    html = MarkdownIt("commonmark").render(out)
    assert (
        "<p>Left side tighter.<br />\nRight side easier \\<br />\nthen tears.</p>\n"
        "<p>Slept well after.</p>"
    ) in html


def test_markdown_shows_hostile_text_literally(journal: Path) -> None:
    add(journal, make_record(0, notes=HOSTILE, title="[x](javascript:1) <b>"))
    _, out, _ = log(journal, fmt="markdown")
    assert "\\[x\\](javascript:1) \\<b\\>" in out
    assert "\\[bold\\]not bold" in out
    assert "\\\\x1b\\[31mred" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_survives_a_hostile_journal(journal: Path, fmt: Any) -> None:
    add(
        journal,
        make_record(
            0,
            notes=HOSTILE,
            title=HOSTILE,
            routine=HOSTILE,
            tags=(HOSTILE,),
            extra={HOSTILE: HOSTILE},
        ),
    )
    journal.write_bytes(journal.read_bytes() + b"\n[[session]]\n\xff\x00" + b"[" * 3000)
    for options in ({}, {"stats": True}, {"limit": None}):
        code, _, err = log(journal, fmt=fmt, **options)
        assert code == 0
        assert "not valid UTF-8" in err


def test_exports_are_written_record_by_record_as_they_are_read(journal: Path) -> None:
    """The whole journal is never held: the first records are out before the last are read
    (Markdown entries a few hundred at a time, `WRITE_EVERY`, each group in one call)."""
    from hipcli.review.exports import WRITE_EVERY, write_export

    out = io.StringIO()

    def records(count: int, held: int, mark: str) -> Any:
        for index in range(count):
            yield make_record(index)
            # each record was written before more than `held` others are made
            assert out.getvalue().count(mark) >= index + 1 - held

    for fmt in ("json", "csv"):
        out.seek(0)
        out.truncate()
        assert write_export(fmt, records(5, 0, "test-0"), out, terminal=False) == 5
    count = 2 * WRITE_EVERY + 3
    out.seek(0)
    out.truncate()
    assert (
        write_export("markdown", records(count, WRITE_EVERY, "## "), out, terminal=False) == count
    )
    assert out.getvalue().count("## ") == count


def test_records_of_both_versions_export_alike(journal: Path) -> None:
    record: SessionRecord = make_record(0, v=1)
    assert json.loads(record_json(record))["holds"] is None


def _escaped_step_by_step(text: str) -> str:
    """markdown_escape as its steps read: control characters visible, Markdown's characters and
    block marks escaped (what its quick check must agree with)."""
    import re

    from hipcli.literal import visible

    text = visible(text, keep_newlines=True)
    text = text.translate({ord(char): "\\" + char for char in "\\`*_[]<>|~&"})
    text = re.sub(r"^([ \t]*)([#>+=-])", r"\1\\\2", text, flags=re.MULTILINE)
    return re.sub(r"^([ \t]*\d+)([.)])", r"\1\\\2", text, flags=re.MULTILINE)


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(
        st.sampled_from("ab 1.)#>-+=*_`[]<>|~&\\\t\n\r\x1b\x9b\u202e\u2028é🙂"), max_size=30
    )
)
def test_markdown_text_is_escaped_exactly_where_it_would_be_misread(text: str) -> None:
    from hipcli.review.exports import markdown_escape

    assert markdown_escape(text) == _escaped_step_by_step(text)
