"""`hipcli log` as a function: selection, filters, table, stats, exports, literal text."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipcli.journal.append import append_session
from hipcli.journal.record import SessionRecord, format_record
from hipcli.review.exports import FORMATS
from hipcli.review.log import LogRequest, length_text, run_log
from hipcli.review.stats import compute_stats, sparkline, time_words
from hipcli.review.when import WhenError, months_before, parse_when
from tests.journal_records import make_record

TODAY = date(2026, 11, 21)
HOSTILE = (
    "[bold]not bold[/bold] \x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b]52;c;aGk=\x1b\\ \x9b2J "
    "\u202eevil\u202c 🧘 שלום | pipe *star* <b>tag</b>\nsecond line"
)


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC in these tests, so dates and times shown are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "journal.toml"


def at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC)


def add(journal: Path, *records: SessionRecord) -> None:
    for record in records:
        append_session(journal, record)


def log(
    journal: Path, *, color: bool = False, width: int = 120, **options: Any
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_log(LogRequest(journal, **options), out, err, color=color, today=TODAY, width=width)
    return code, out.getvalue(), err.getvalue()


def rows(text: str) -> list[str]:
    """The data lines of a plain table (header and footer left out)."""
    return [
        line
        for line in text.splitlines()[1:]
        if line[:3] in {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    ]


# --- the table -------------------------------------------------------------------------------


def test_the_table_shows_newest_first_with_the_columns_people_need(journal: Path) -> None:
    add(
        journal,
        make_record(0, started_at=at(date(2026, 11, 18)), active_s=516.4, mood=2),
        make_record(
            1,
            started_at=at(date(2026, 11, 20), 18),
            title="Frog",
            completed=False,
            active_s=45,
            mood=None,
            tags=(),
            notes="Short one.",
        ),
        make_record(
            2,
            started_at=at(date(2026, 11, 19)),
            active_s=3900,
            mood=5,
            notes="A very long note " * 20,
        ),
    )
    code, out, err = log(journal)
    assert (code, err) == (0, "")
    header = out.splitlines()[0]
    assert header.split() == ["When", "Routine", "Length", "Status", "Mood", "Notes"]
    first, second, third = rows(out)
    assert first.startswith("Fri 2026-11-20 18:30  Frog")
    assert "45s" in first
    assert "ended early" in first
    assert " - " in first
    assert "Short one." in first
    assert second.startswith("Thu 2026-11-19 07:30  Pigeon")
    assert "1h 05m" in second
    assert "5/5 very good" in second
    assert second.endswith("…")
    assert len(second) <= 120
    assert third.startswith("Wed 2026-11-18")
    assert "8m 36s  completed    2/5 low" in third
    assert "#release Left side tighter. Felt calmer after." in third


def test_output_for_a_pipe_has_no_colour_or_box_drawing(journal: Path) -> None:
    add(journal, make_record(0))
    _, out, _ = log(journal, color=False)
    assert "\x1b" not in out
    assert not set("─│┌┐└┘━●○") & set(out)


def test_output_for_a_terminal_has_colour_and_mood_dots(journal: Path) -> None:
    add(journal, make_record(0, mood=3))
    _, out, _ = log(journal, color=True)
    assert "\x1b[" in out
    assert "●" in out
    assert "okay" in out


def test_wide_characters_keep_the_columns_aligned(journal: Path) -> None:
    from rich.cells import cell_len

    add(
        journal,
        make_record(0, title="ピジョン 🧘"),
        make_record(1, title="Pigeon"),
        make_record(2, title="Ünïcödé", notes="長い日本語のメモ" * 30),
    )
    for color in (False, True):
        _, out, _ = log(journal, color=color, width=100)
        lines = [line for line in out.splitlines() if "8m 36s" in line]
        assert len(lines) == 3
        assert len({cell_len(line[: line.index("8m 36s")]) for line in lines}) == 1
        assert all(cell_len(line) <= 100 + 40 * color for line in lines)


def test_a_dumb_terminal_gets_no_colour_codes(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(journal, make_record(0))
    monkeypatch.setenv("TERM", "dumb")
    _, out, _ = log(journal, color=True)
    assert "\x1b" not in out
    assert "good" in out


@pytest.mark.parametrize("color", [False, True])
def test_journal_text_is_shown_literally_never_as_markup_or_control(
    journal: Path, color: bool
) -> None:
    add(
        journal,
        make_record(0, title="Pigeon [red]x[/red] \x1b[5m", notes=HOSTILE, tags=("[i]tag\x07",)),
    )
    _, out, _ = log(journal, color=color, width=400)
    assert "[bold]not bold[/bold]" in out
    assert "[red]x[/red]" in out
    assert "[i]tag\\x07" in out
    assert "\\x1b[31mred" in out
    assert "\\x1b]0;pwned\\x07" in out
    assert "\\x9b2J" in out
    assert "\\u202eevil" in out
    assert "🧘 שלום" in out
    # no control character from the journal reaches the terminal; only Rich's own colour codes
    stripped = out
    if color:
        import re

        stripped = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert not any(ch in stripped for ch in "\x1b\x07\x9b\u202e")


def test_limit_and_all(journal: Path) -> None:
    add(
        journal,
        *[make_record(i, started_at=at(date(2026, 1, 1)) + timedelta(days=i)) for i in range(30)],
    )
    _, out, _ = log(journal)
    assert len(rows(out)) == 20
    assert "Showing the 20 most recent" in out
    assert rows(out)[0].startswith("Fri 2026-01-30")
    _, out, _ = log(journal, limit=3)
    assert len(rows(out)) == 3
    _, out, _ = log(journal, limit=None)
    assert len(rows(out)) == 30
    assert "Showing" not in out


def test_sessions_are_ordered_by_start_even_when_they_ended_out_of_order(journal: Path) -> None:
    # two sessions overlapped: the later-started one ended (and was written) first
    add(journal, make_record(0, started_at=at(TODAY, 9)), make_record(1, started_at=at(TODAY, 8)))
    _, out, _ = log(journal, limit=2)
    assert [row[15:20] for row in rows(out)] == ["09:30", "08:30"]


def test_an_empty_or_missing_journal_says_how_to_begin(journal: Path) -> None:
    for _ in range(2):
        code, out, err = log(journal)
        assert code == 0
        assert err == ""
        assert "No sessions in your journal yet" in out
        assert "hipcli start pigeon" in out
        assert "hipcli routines" in out
        journal.write_bytes(b"")


def test_damaged_records_are_reported_once_each_and_the_rest_shown(journal: Path) -> None:
    add(journal, make_record(0))
    bad = format_record(make_record(1)).replace("mood = 4", "mood = 9")
    with open(journal, "a", encoding="utf-8") as handle:
        handle.write("\n" + bad + "\n[[session]]\nnot toml at all\n")
    add(journal, make_record(2))
    headers = [
        i for i, line in enumerate(journal.read_text().splitlines(), 1) if line == "[[session]]"
    ]
    for options in ({}, {"limit": None}, {"stats": True}, {"fmt": "json"}):
        code, _, err = log(journal, **options)
        assert code == 0
        lines = err.splitlines()
        assert lines[0] == (
            f"{journal}:{headers[1]}: mood is 9, but it must be a whole number "
            "from 1 to 5 — this record was skipped."
        )
        assert lines[1].startswith(
            f"{journal}:{headers[2]}: not valid TOML at line {headers[2] + 1}, column 5: "
        )
        assert lines[1].endswith("— this record was skipped.")
        assert len(lines) == 3
    assert len(rows(log(journal)[1])) == 2


def test_a_journal_that_is_a_directory_is_exit_1_with_a_calm_message(tmp_path: Path) -> None:
    code, out, err = log(tmp_path)
    assert code == 1
    assert out == ""
    assert err.startswith("hipcli: ")
    assert "is a directory" in err
    assert "Traceback" not in err


def test_only_damaged_records_is_not_mistaken_for_an_empty_journal(journal: Path) -> None:
    journal.write_bytes(b"\x00\xff garbage \x89PNG")
    code, out, err = log(journal)
    assert code == 0
    assert "not valid UTF-8" in err
    assert "No readable sessions" in out
    assert "hipcli start" not in out


# --- filters ---------------------------------------------------------------------------------


@pytest.fixture
def month(journal: Path) -> Path:
    """A session a day through November 2026, three routines in turn."""
    names = ["pigeon", "frog", "lizard"]
    add(
        journal,
        *[
            make_record(
                i,
                started_at=at(date(2026, 11, 1) + timedelta(days=i)),
                routine=names[i % 3],
                title=names[i % 3].title(),
                tags=("Calm",) if i % 5 == 0 else (),
                notes="felt CALMER" if i == 7 else "ok",
            )
            for i in range(21)
        ],
    )
    return journal


def days_shown(out: str) -> list[int]:
    return [int(row[12:14]) for row in rows(out)]


def test_routine_filter_is_by_name_case_insensitive(month: Path) -> None:
    _, out, _ = log(month, routine="FROG", limit=None)
    assert days_shown(out) == [20, 17, 14, 11, 8, 5, 2]


def test_an_unknown_routine_suggests_the_closest_and_is_a_usage_error(month: Path) -> None:
    code, out, err = log(month, routine="frgo")
    assert code == 2
    assert out == ""
    assert "No routine named 'frgo' in your journal. Did you mean 'frog'?" in err


def test_log_routine_resolves_names_the_way_the_other_commands_do(month: Path) -> None:
    code, _, err = log(month, routine="pigeom")
    assert (code, err) == (2, "No routine named 'pigeom'. Did you mean 'pigeon'?\n")
    code, out, _ = log(month, routine=" Pigeon ", limit=None)
    assert code == 0
    assert days_shown(out) == [19, 16, 13, 10, 7, 4, 1]


def test_a_known_routine_without_sessions_says_so_plainly(month: Path) -> None:
    code, out, err = log(month, routine="pigeon", since="2026-11-20")
    assert (code, err) == (0, "")
    assert out == "No sessions of 'pigeon' since '2026-11-20'.\n"
    code, out, _ = log(month, routine="bound-angle")
    assert (code, out) == (0, "No sessions of 'bound-angle' yet.\n")


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2026-11-18", None, [21, 20, 19, 18]),
        ("3d", None, [21, 20, 19, 18]),
        (None, "2026-11-02", [2, 1]),
        ("1w", "6d", [15, 14]),
        ("today", "today", [21]),
        ("yesterday", "yesterday", [20]),
        ("1m", "2026-11-01", [1]),
    ],
)
def test_since_and_until_include_their_days(
    month: Path, since: str | None, until: str | None, expected: list[int]
) -> None:
    _, out, _ = log(month, since=since, until=until, limit=None)
    assert days_shown(out) == expected


@pytest.mark.parametrize("bad", ["7x", "2026-13-01", "yesterday-ish", "", "99999y"])
def test_a_date_hipcli_cannot_read_is_exit_2_with_one_calm_line(month: Path, bad: str) -> None:
    code, out, err = log(month, since=bad)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("hipcli: --since")
    assert "2026-11-01" in err
    code, _, err = log(month, until=bad)
    assert code == 2
    assert err.startswith("hipcli: --until")


def test_grep_looks_in_notes_and_tags_ignoring_case(month: Path) -> None:
    _, out, _ = log(month, grep="calm", limit=None)
    assert days_shown(out) == [21, 16, 11, 8, 6, 1]


def test_grep_without_a_match_says_so_in_a_plain_sentence(month: Path) -> None:
    _, out, _ = log(month, grep="nothing like this")
    assert out == "No sessions have 'nothing like this' in their notes or tags.\n"
    _, out, _ = log(month, grep="x", routine="frog", since="2026-11-01", until="2026-11-05")
    assert out == (
        "No sessions of 'frog' between '2026-11-01' and '2026-11-05' have 'x' in their notes "
        "or tags.\n"
    )


def test_a_reversed_since_until_range_says_so_kindly_and_exits_2(month: Path) -> None:
    code, out, err = log(month, since="2026-11-20", until="2026-11-01")
    assert (code, out) == (2, "")
    assert err == (
        "hipcli: --since 2026-11-20 comes after --until 2026-11-01, so no day is in between. "
        "Perhaps you meant --since 2026-11-01 --until 2026-11-20.\n"
    )
    assert log(month, since="today", until="today")[0] == 0  # one day is a fine range


@pytest.mark.parametrize("limit", [0, -3])
def test_n_below_one_says_what_a_person_needs(month: Path, limit: int) -> None:
    code, out, err = log(month, limit=limit)
    assert (code, out) == (2, "")
    assert "1 or more" in err
    assert "--all shows every one" in err


def test_filters_combine_and_the_limit_applies_after_them(month: Path) -> None:
    _, out, _ = log(month, routine="pigeon", since="2026-11-05", limit=2)
    assert days_shown(out) == [19, 16]
    assert "Showing the 2 most recent" in out


# --- stats -----------------------------------------------------------------------------------


def days_ago(*offsets: int, **fields: Any) -> list[SessionRecord]:
    return [
        make_record(i, started_at=at(TODAY - timedelta(days=o)), **fields)
        for i, o in enumerate(offsets)
    ]


def test_a_day_counts_once_and_the_streak_runs_through_today() -> None:
    records = days_ago(0, 0, 0, 1, 2, 4, 5, 6, 7, 8)
    stats = compute_stats(records, TODAY)
    assert stats.current_streak_days == 3
    assert stats.streak_through == "today"
    assert stats.longest_streak_days == 5
    assert stats.days_practised == 8


def test_without_a_session_today_the_streak_still_counts_through_yesterday() -> None:
    stats = compute_stats(days_ago(1, 2, 3), TODAY)
    assert (stats.current_streak_days, stats.streak_through) == (3, "yesterday")
    stats = compute_stats(days_ago(2, 3), TODAY)
    assert (stats.current_streak_days, stats.streak_through) == (0, None)
    assert stats.longest_streak_days == 2


def test_totals_for_the_last_7_and_30_days_and_all_time() -> None:
    records = days_ago(0, 6, 7, 29, 30, 400, active_s=600)
    stats = compute_stats(records, TODAY)
    assert (stats.sessions_last_7_days, stats.minutes_last_7_days) == (2, 20.0)
    assert (stats.sessions_last_30_days, stats.minutes_last_30_days) == (4, 40.0)
    assert (stats.sessions_total, stats.minutes_total) == (6, 60.0)
    assert stats.first_session_date == TODAY - timedelta(days=400)


def test_moods_average_trend_and_change_from_before() -> None:
    records = [
        make_record(0, started_at=at(TODAY, 6), mood=2, mood_before=1),
        make_record(1, started_at=at(TODAY, 7), mood=None, mood_before=3),
        make_record(2, started_at=at(TODAY, 8), mood=5, mood_before=2),
        make_record(3, started_at=at(TODAY, 9), mood=4),
    ]
    stats = compute_stats(list(reversed(records)), TODAY)
    assert stats.mood_average == pytest.approx(3.67)
    assert stats.mood_trend == (2, 5, 4)
    assert sparkline(stats.mood_trend) == "▃█▆"
    assert stats.mood_change_average == 2.0
    assert stats.mood_change_sessions == 2


def test_the_trend_draws_the_last_30_check_ins() -> None:
    records = [
        make_record(i, started_at=at(TODAY) - timedelta(hours=i), mood=1 + i % 5) for i in range(50)
    ]
    assert len(compute_stats(records, TODAY).mood_trend) == 30


def test_stats_text_is_warm_and_plain(journal: Path) -> None:
    add(journal, *days_ago(1, 2, 3, 10, active_s=600, mood=4, mood_before=3))
    add(
        journal,
        make_record(
            9,
            started_at=at(TODAY - timedelta(days=1), 9),
            routine="frog",
            title="Frog",
            active_s=300,
            mood=5,
        ),
    )
    code, out, err = log(journal, stats=True)
    assert (code, err) == (0, "")
    assert "3 days in a row through yesterday — practise today to keep it going." in out
    assert "Longest streak  3 days." in out
    assert "Last 7 days     4 sessions, 35 minutes." in out
    assert "Last 30 days    5 sessions, 45 minutes." in out
    assert "5 sessions on 4 days" in out
    assert "Most practised  Pigeon (4), Frog (1)." in out
    assert "4.2 of 5 on average (good)" in out
    assert "▆▆▆▆█  the last 5 check-ins, oldest first." in out
    assert "Your mood rose by 1.0 on average across 4 sessions with both." in out
    assert "\x1b" not in out
    _, colored, _ = log(journal, stats=True, color=True)
    assert "\x1b[" in colored


def test_stats_json_has_the_documented_keys(journal: Path) -> None:
    add(journal, *days_ago(0, 1, mood=3))
    code, out, _ = log(journal, stats=True, fmt="json")
    data = json.loads(out)
    assert code == 0
    assert data["current_streak_days"] == 2
    assert data["longest_streak_days"] == 2
    assert data["sessions_total"] == 2
    assert data["minutes_total"] == pytest.approx(17.2)
    assert data["mood_average"] == 3
    assert data["practised_today"] is True
    assert data["top_routines"] == [
        {"routine": "pigeon", "title": "Pigeon", "sessions": 2, "minutes": 17.2}
    ]
    documented = Path(__file__).resolve().parents[3] / "docs" / "log.md"
    for key in data:
        assert f"`{key}`" in documented.read_text(encoding="utf-8"), key


def test_stats_of_an_empty_journal(journal: Path) -> None:
    data = json.loads(log(journal, stats=True, fmt="json")[1])
    assert data["sessions_total"] == 0
    assert data["mood_average"] is None
    assert data["current_streak_days"] == 0
    assert "No sessions in your journal yet" in log(journal, stats=True)[1]


def test_stats_follow_the_filters(month: Path) -> None:
    data = json.loads(log(month, stats=True, fmt="json", routine="frog")[1])
    assert data["sessions_total"] == 7
    assert data["current_streak_days"] == 1  # frog was yesterday, not the day before


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_stats_as_csv_and_markdown_are_two_columns(journal: Path, fmt: Any) -> None:
    add(journal, *days_ago(0))
    _, out, _ = log(journal, stats=True, fmt=fmt)
    assert "measure" in out.splitlines()[0]
    key = "current_streak_days" if fmt == "csv" else "current\\_streak\\_days"
    assert f"{key}{',' if fmt == 'csv' else ' | '}1" in out


# --- exports ---------------------------------------------------------------------------------


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
            extra={"heart_rate": 61, "device": {"name": "watch"}},
        ),
    )
    _, out, _ = log(journal, fmt="json")
    data = json.loads(out)
    assert [item["id"] for item in data] == ["test-000001", "test-000000"]
    newest = data[0]
    assert newest["mood"] == 5
    assert newest["mood_before"] == 2
    assert newest["started_at"] == "2026-11-21T07:30:00+00:00"
    assert newest["notes"] == HOSTILE
    assert newest["heart_rate"] == 61
    assert newest["device"] == {"name": "watch"}
    assert data[1]["mood"] is None
    assert "שלום" in out  # UTF-8, not \u escapes
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")  # but nothing a terminal obeys


def test_json_of_nothing_is_an_empty_array(journal: Path) -> None:
    assert json.loads(log(journal, fmt="json")[1]) == []


def test_csv_round_trips_every_field(journal: Path) -> None:
    tricky = 'commas, "quotes"\nand new lines\r\n' + HOSTILE
    add(
        journal,
        make_record(
            0, notes=tricky, tags=("a, b", 'say "hi"'), mood=None, extra={"heart_rate": 61}
        ),
    )
    add(journal, make_record(1))
    _, out, _ = log(journal, fmt="csv")
    table = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [row["id"] for row in table] == ["test-000001", "test-000000"]
    row = table[1]
    assert row["notes"] == tricky  # exact: a data export
    assert json.loads(row["tags"]) == ["a, b", 'say "hi"']
    assert row["mood"] == ""
    assert row["mood_before"] == ""
    assert row["completed"] == "true"
    assert row["started_at"] == "2026-11-21T07:30:12+00:00"
    assert row["heart_rate"] == "61"
    assert table[0]["heart_rate"] == ""
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


def test_markdown_is_a_table_with_pipes_and_newlines_escaped(journal: Path) -> None:
    add(journal, make_record(0, notes=HOSTILE, tags=("a|b",)))
    _, out, _ = log(journal, fmt="markdown")
    header, rule, row = out.splitlines()
    assert header.startswith("| v | id | routine |")
    assert rule.startswith("|---|---|")
    cells = row.split(" | ")
    assert len(cells) == header.count(" | ") + 1
    assert "a\\|b" in row
    assert "\\[bold\\]not bold" in row
    assert "second line" in row
    assert "<br>second line" in row
    assert "\\<b\\>tag" in row
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


# --- small pieces ----------------------------------------------------------------------------


def test_lengths_and_minutes_read_naturally() -> None:
    assert [length_text(s) for s in (0, 45, 59.6, 516.4, 3600, 3900)] == [
        "0s",
        "45s",
        "1m 00s",
        "8m 36s",
        "1h 00m",
        "1h 05m",
    ]
    assert [time_words(m) for m in (0, 1, 38, 60, 130, 2.5, 89.5)] == [
        "0 minutes",
        "1 minute",
        "38 minutes",
        "1 hour",
        "2 hours 10 minutes",
        "3 minutes",
        "1 hour 30 minutes",
    ]


def test_a_52_second_session_counts_as_52_seconds_not_a_minute(journal: Path) -> None:
    assert time_words(52 / 60) == "52 seconds"
    add(journal, make_record(0, started_at=at(TODAY), active_s=52.0))
    _, out, _ = log(journal, stats=True)
    assert "1 session, 52 seconds." in out
    assert "1 minute" not in out


def test_stats_show_routine_titles_literally(journal: Path) -> None:
    add(journal, make_record(0, title="Evil \x1b]0;pwned\x07 [bold]"))
    for color in (False, True):
        _, out, _ = log(journal, stats=True, color=color)
        assert "Evil \\x1b]0;pwned\\x07 [bold]" in out
        assert "\x07" not in out


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-01", date(2026, 11, 1)),
        ("today", TODAY),
        ("Yesterday", date(2026, 11, 20)),
        ("7d", date(2026, 11, 14)),
        ("0d", TODAY),
        ("2w", date(2026, 11, 7)),
        ("3m", date(2026, 8, 21)),
        ("1y", date(2025, 11, 21)),
        (" 10D ", date(2026, 11, 11)),
    ],
)
def test_when_reads_dates_and_spans_back_from_today(text: str, day: date) -> None:
    assert parse_when(text, TODAY) == day


def test_months_back_are_clamped_to_shorter_months() -> None:
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_when_says_what_would_work() -> None:
    with pytest.raises(WhenError, match="--until '3 weeks' is not a date"):
        parse_when("3 weeks", TODAY, "--until")


def test_importing_the_report_is_cheap_and_free_of_textual_and_rich() -> None:
    code = (
        "import sys, hipcli.review.log, hipcli.journal.record\n"
        "import hipcli.review.stats, hipcli.review.when\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tomli_w')]\n"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
