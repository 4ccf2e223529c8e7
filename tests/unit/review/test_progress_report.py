"""`hipcli progress` as text and JSON, on the hand-computed journal (tests/progress_journal.py):
what it says, that it fits every width from 40 to 200 columns, plain without colour."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from hipcli.journal.append import append_session
from hipcli.journal.holds import Hold
from hipcli.review.progress_report import ProgressRequest, run_progress
from tests.journal_records import make_record
from tests.progress_journal import JOURNAL, at

TODAY = date(2026, 11, 21)  # a Saturday: this week began on Monday 16 November
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    for record in JOURNAL:
        append_session(path, record)
    return path


def run(
    journal: Path, *args: str | None, color: bool = False, width: int = 120, **options: object
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    request = ProgressRequest(journal=journal, pose=args[0] if args else None, **options)  # type: ignore[arg-type]
    code = run_progress(request, out, err, color=color, today=TODAY, width=width)
    return code, out.getvalue(), err.getvalue()


def rows(text: str) -> list[str]:
    return [SGR.sub("", line) for line in text.splitlines()]


def test_the_list_shows_each_pose_newest_first_with_its_figures(journal: Path) -> None:
    code, out, err = run(journal)
    assert (code, err) == (0, "")
    lines = rows(out)
    assert lines[0] == "Poses you have held, most recent first"
    assert lines[2].split() == ["Pose", "Sessions", "Held", "Typical", "Longest", "Sides"]
    table = [line.split("  ") for line in lines[3:7]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in table]
    assert cells == [
        ["Frog", "1", "2m 00s", "2m 00s", "2m 00s"],
        ["Pigeon", "3", "6m 30s", "1m 00s", "1m 30s", "left 3m 45s · right 2m 45s"],
        ["Child's pose", "2", "1m 30s", "45s", "1m 00s"],
        ["Lizard", "1", "1m 30s", "45s", "45s", "left 45s · right 45s"],
    ]
    assert "(1 session from before hipcli kept each hold are not counted.)" in out


def test_what_is_worth_noticing_is_listed_unless_celebrating_is_off(journal: Path) -> None:
    _, out, _ = run(journal)
    assert "Noticed lately" in out
    assert "Your longest Pigeon hold on the left so far: 1m 30s." in out  # 10 November
    _, quiet, _ = run(journal, celebrate=False)
    assert "Noticed" not in quiet
    assert "longest Pigeon hold" not in quiet


def test_the_list_as_json_is_exactly_the_documented_shape(journal: Path) -> None:
    code, out, _ = run(journal, fmt="json")
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["poses"]
    keys = ["step", "side", "sessions", "total_s", "median_s", "longest_s", "longest_on"]
    assert all(list(entry) == [*keys, "planned_s", "skipped"] for entry in data["poses"])
    assert data["poses"][0] == {
        "step": "Frog",
        "side": None,
        "sessions": 1,
        "total_s": 120,
        "median_s": 120.0,
        "longest_s": 120,
        "longest_on": "2026-11-17",
        "planned_s": 120,
        "skipped": 0,
    }


def test_one_pose_shows_weeks_per_side_the_plan_and_the_longest_holds(journal: Path) -> None:
    code, out, _ = run(journal, "pigeon", weeks=3)
    assert code == 0
    lines = rows(out)
    assert lines[0] == "Pigeon"
    assert lines[1] == "3 sessions since 2 Nov · 6m 30s held · in Pigeon, Morning hips"
    assert lines[3] == "Held per week, the last 3 weeks"
    chart = [line.split() for line in lines[4:8]]
    assert chart[0] == ["week", "of", "left", "right"]
    assert [row[:2] + [c for c in row[2:] if "#" not in c] for row in chart[1:]] == [
        ["2", "Nov", "2m", "15s", "1m", "45s"],
        ["9", "Nov", "1m", "30s", "1m", "00s"],
        ["16", "Nov", "-", "-"],
    ]
    assert "  108% of the planned time held" in lines
    assert "  6 holds: 3 as planned · 2 extended · 1 skipped" in lines
    assert "left 1m 30s on 10 Nov · right 1m 00s on 5 Nov" in out


def test_the_bars_are_in_proportion_to_the_longest_week(journal: Path) -> None:
    _, out, _ = run(journal, "pigeon", weeks=3, width=80)
    bars = [[len(bar) for bar in re.findall(r"#+", line)] for line in rows(out)[5:8]]
    # 135 s (the most: a whole bar of 25) and 105 s; 90 s and 60 s; nothing
    assert bars == [[25, 19], [17, 11], []]


def test_a_routine_name_or_title_shows_each_of_its_poses_in_that_routine(journal: Path) -> None:
    for name in ("morning", "Morning hips"):
        code, out, _ = run(journal, name)
        assert code == 0
        lines = rows(out)
        assert lines[0] == "Morning hips: 2 poses"
        poses = [line for line in lines if line in ("Lizard", "pigeon")]
        assert poses == ["Lizard", "pigeon"]  # as this routine's newest session spells it
        assert "1 session · 2m 15s held · in Morning hips" in lines  # Pigeon in this routine only


def test_a_typo_gets_a_did_you_mean_and_exit_2(journal: Path) -> None:
    code, out, err = run(journal, "pigoen")
    assert (code, out) == (2, "")
    assert err == "No pose or routine named 'pigoen' in your journal. Did you mean 'Pigeon'?\n"
    code, _, err = run(journal, "zzz")
    assert code == 2
    assert "`hipcli progress` lists the poses you have held." in err


def test_a_routine_not_practised_yet_is_no_mistake(journal: Path) -> None:
    code, out, err = run(journal, "bound-angle")
    assert (code, err) == (0, "")
    assert out.startswith("No holds of ")
    assert out.rstrip().endswith("recorded.")


def test_since_and_weeks_narrow_the_sessions(journal: Path) -> None:
    _, out, _ = run(journal, since="2026-11-09")
    assert rows(out)[0] == "Poses you have held since 9 Nov, most recent first"
    assert "Lizard" not in out
    code, out, _ = run(journal, "pigeon", weeks=1)
    assert code == 0
    assert "No holds of Pigeon recorded since 16 Nov." in out
    code, _, err = run(journal, since="soon")
    assert code == 2
    assert "--since 'soon' is not a date hipcli understands" in err


def test_a_chart_from_long_ago_begins_with_the_first_session(journal: Path) -> None:
    _, out, _ = run(journal, "pigeon", since="10y")
    lines = rows(out)
    assert "Held per week, the last 3 weeks" in lines  # 2, 9 and 16 November
    assert lines[1].startswith("3 sessions since 21 Nov 2016 · ")


def test_a_damaged_record_is_reported_with_its_line_and_the_rest_still_counts(
    journal: Path,
) -> None:
    with open(journal, "a", encoding="utf-8") as handle:
        handle.write('\n[[session]]\nholds = "nope"\n')
    code, out, err = run(journal)
    assert code == 0
    assert re.search(r"journal\.toml:\d+: .* — this record was skipped\.", err)
    assert "Pigeon" in out


def test_an_empty_journal_and_one_from_before_holds_say_so_kindly(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path / "none.toml")
    assert code == 0
    assert out.startswith("No sessions in your journal yet.")
    old = tmp_path / "old.toml"
    append_session(old, make_record(0, v=1))
    _, out, _ = run(old)
    assert "recorded before hipcli kept each hold" in out


def test_names_from_the_journal_are_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    hostile = "Pose \x1b[31m[bold]red\x07"
    for index in range(2):
        append_session(
            path,
            make_record(
                index,
                started_at=at(3 + index),
                holds=(Hold(hostile, "\x9bleft", 60, 60 + 30 * index),),
            ),
        )
    for args, options in (((), {}), ((hostile,), {}), ((), {"fmt": "json"})):
        for color in (False, True):
            _, out, _ = run(path, *args, color=color, **options)
            assert "[bold]" in out
            assert "\x07" not in out
            assert "\x9b" not in out
            assert SGR.sub("", out).count("\x1b") == 0


LAYOUTS = [(), ("pigeon",), ("morning",), ("child's pose",)]


@pytest.mark.parametrize("width", [40, 41, 50, 60, 72, 80, 100, 120, 160, 200])
@pytest.mark.parametrize("color", [False, True])
def test_every_view_fits_the_width_from_40_to_200_columns(
    journal: Path, width: int, color: bool
) -> None:
    for args in LAYOUTS:
        code, out, _ = run(journal, *args, color=color, width=width)
        assert code == 0
        for line in rows(out):
            assert cell_len(line) <= width, (args, line)


@pytest.mark.parametrize("color", [False, True])
def test_a_long_fact_wraps_under_its_own_words_not_under_its_day(
    journal: Path, color: bool
) -> None:
    _, out, _ = run(journal, width=40, color=color)
    lines = rows(out)
    first = next(i for i, line in enumerate(lines) if "Your longest Pigeon hold" in line)
    assert lines[first].startswith("  10 Nov  Your longest")
    assert lines[first + 1].startswith(" " * 10)
    assert lines[first + 1][10] != " "


def test_narrow_screens_get_a_block_per_pose_and_sides_under_each_other(journal: Path) -> None:
    _, out, _ = run(journal, width=40)
    lines = rows(out)
    assert "Pigeon" in lines
    assert "  3 sessions · 6m 30s held" in lines
    assert "  left 3m 45s · right 2m 45s" in lines
    _, out, _ = run(journal, "pigeon", weeks=2, width=40)
    lines = rows(out)
    first = lines.index("Held per week, the last 2 weeks") + 1
    assert lines[first].split()[:3] == ["9", "Nov", "left"]
    assert lines[first + 1].split()[0] == "right"


def test_plain_output_has_no_colour_or_blocks_and_a_terminal_gets_both(journal: Path) -> None:
    _, plain, _ = run(journal, "pigeon", weeks=3)
    assert "\x1b" not in plain
    assert "█" not in plain
    assert "—" not in plain
    _, coloured, _ = run(journal, "pigeon", weeks=3, color=True)
    assert "\x1b[" in coloured
    assert "█" in coloured
    assert "#" not in coloured
