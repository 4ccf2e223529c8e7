"""`hipcli log --oneline`: one aligned line per session, at every width, to a pipe or a terminal."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from hipcli.journal.record import format_record
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, SGR, TODAY, add, at, log, rows

pytestmark = pytest.mark.usefixtures("utc_local_time")


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
            2, started_at=at(date(2026, 11, 19)), active_s=3900, mood=5, notes="A long note " * 20
        ),
    )
    code, out, err = log(journal, oneline=True)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split() == ["When", "Routine", "Length", "Status", "Mood", "Notes"]
    first, second, third = rows(out)
    assert first.startswith("Fri 2026-11-20 18:30  Frog")
    assert "45s  ended early  -" in first
    assert first.endswith("Short one.")
    assert second.startswith("Thu 2026-11-19 07:30  Pigeon")
    assert "1h 05m  completed    5/5 very good" in second
    assert second.endswith("…")
    assert third.startswith("Wed 2026-11-18")
    assert "8m 36s  completed    2/5 low" in third
    assert "#release Left side tighter. Felt calmer after." in third


@pytest.mark.parametrize("width", [40, 50, 60, 80, 100, 120, 200])
def test_every_row_fits_the_width_and_the_columns_stay_aligned(journal: Path, width: int) -> None:
    add(
        journal,
        make_record(0, title="ピジョン 🧘"),
        make_record(1, title="Pigeon"),
        make_record(2, title="Ünïcödé and a long title", notes="長い日本語のメモ" * 30),
    )
    for color in (False, True):
        _, out, _ = log(journal, color=color, width=width, oneline=True)
        lines = SGR.sub("", out).splitlines()
        assert all(cell_len(line) <= width for line in lines)
        data = [line for line in lines if " 8m 36s " in line]
        assert len(data) == 3
        assert len({cell_len(line[: line.index(" 8m 36s ")]) for line in data}) == 1


def test_a_narrow_table_keeps_when_routine_length_status_and_mood(journal: Path) -> None:
    add(journal, make_record(0, mood=3, completed=False))
    _, out, _ = log(journal, width=40, oneline=True)
    header, row = out.splitlines()[:2]
    assert header.split() == ["When", "Routine", "Length", "Status", "Mood"]
    assert row.split() == ["2026-11-21", "Pigeon", "8m", "36s", "early", "3/5"]


def test_output_for_a_terminal_has_colour_and_mood_dots(journal: Path) -> None:
    add(journal, make_record(0, mood=3))
    _, out, _ = log(journal, color=True, oneline=True)
    assert "\x1b[" in out
    assert "●" in out
    assert "okay" in out
    _, plain, _ = log(journal, color=False, oneline=True)
    assert not set("─│●○\x1b") & set(plain)


def test_a_dumb_terminal_gets_no_colour_codes(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(journal, make_record(0))
    monkeypatch.setenv("TERM", "dumb")
    _, out, _ = log(journal, color=True, oneline=True)
    assert "\x1b" not in out
    assert "good" in out


@pytest.mark.parametrize("color", [False, True])
def test_journal_text_is_shown_literally_in_the_table(journal: Path, color: bool) -> None:
    add(journal, make_record(0, title="Pigeon [red]x[/red] \x1b[5m", notes=HOSTILE))
    _, out, _ = log(journal, color=color, width=200, oneline=True)
    assert "[red]x[/red]" in out
    assert "[bold]not bold[/bold]" in out
    assert "\\x1b[31mred" in out
    assert not any(ch in SGR.sub("", out) for ch in "\x1b\x07\x9b\u202e")


def test_limit_and_all(journal: Path) -> None:
    add(
        journal,
        *[make_record(i, started_at=at(date(2026, 1, 1)) + timedelta(days=i)) for i in range(30)],
    )
    _, out, _ = log(journal, oneline=True)
    assert len(rows(out)) == 20
    assert "Showing the 20 most recent" in out
    assert rows(out)[0].startswith("Fri 2026-01-30")
    assert len(rows(log(journal, limit=3, oneline=True)[1])) == 3
    _, out, _ = log(journal, limit=None, oneline=True)
    assert len(rows(out)) == 30
    assert "Showing" not in out


def test_sessions_are_ordered_by_start_even_when_they_ended_out_of_order(journal: Path) -> None:
    # two sessions overlapped: the later-started one ended (and was written) first
    add(journal, make_record(0, started_at=at(TODAY, 9)), make_record(1, started_at=at(TODAY, 8)))
    for limit in (2, None):
        _, out, _ = log(journal, limit=limit, oneline=True)
        assert [row[15:20] for row in rows(out)] == ["09:30", "08:30"]


def test_an_empty_or_missing_journal_says_how_to_begin(journal: Path) -> None:
    for _ in range(2):
        code, out, err = log(journal)
        assert (code, err) == (0, "")
        assert "No sessions in your journal yet" in out
        assert "hipcli start pigeon" in out
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
    for options in ({}, {"limit": None}, {"stats": True}, {"fmt": "json"}, {"oneline": True}):
        code, _, err = log(journal, **options)
        assert code == 0
        lines = err.splitlines()
        assert lines[0] == (
            f"{journal}:{headers[1]}: mood is 9, but it must be a whole number "
            "from 1 to 5 — this record was skipped."
        )
        assert lines[1].startswith(
            f"{journal}:{headers[2]}: not valid TOML at line {headers[2] + 1}"
        )
        assert len(lines) == 3
    assert len(rows(log(journal, oneline=True)[1])) == 2


def test_a_journal_that_is_a_directory_is_exit_1_with_a_calm_message(tmp_path: Path) -> None:
    for options in ({}, {"limit": None}, {"stats": True}, {"fmt": "csv"}):
        code, out, err = log(tmp_path, **options)
        assert (code, out) == (1, "")
        assert err.startswith("hipcli: ")
        assert "is a directory" in err


def test_only_damaged_records_is_not_mistaken_for_an_empty_journal(journal: Path) -> None:
    journal.write_bytes(b"\x00\xff garbage \x89PNG")
    code, out, err = log(journal)
    assert code == 0
    assert "not valid UTF-8" in err
    assert "No readable sessions" in out


@pytest.mark.parametrize("symbols", [False, True])
def test_with_a_machine_column_every_row_fits_every_width(symbols: bool) -> None:
    import io

    from hipcli.review.layout import Paint
    from hipcli.review.table import write_table

    records = [
        make_record(i, title="Butterfly and frog, slowly", mood=i % 5 + 1, completed=i % 2 == 0)
        for i in range(4)
    ]
    names = ["laptop-at-home", "laptop-at-work", "a-desktop-with-a-very-long-name"]
    machines = {record.id: names[i % 3] for i, record in enumerate(records)}
    for width in range(40, 201):
        out = io.StringIO()
        write_table(
            records,
            out,
            paint=Paint(symbols),
            symbols=symbols,
            width=width,
            titles_hint=[r.title for r in records],
            machines=machines,
            machine_names=names,
        )
        lines = SGR.sub("", out.getvalue()).splitlines()
        assert all(cell_len(line) <= width for line in lines), width
        if "Machine" in lines[0]:
            start = SGR.sub("", lines[0]).index("Machine")
            data = lines[2:5] if symbols else lines[1:4]
            cells = {line[start:].split("  ")[0].strip() for line in data}
            assert len(cells) == 3, (width, cells)  # three machines told apart
        else:
            assert "come from 3 machines" in " ".join(lines), width
