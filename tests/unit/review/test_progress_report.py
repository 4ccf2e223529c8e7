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
from tests.progress_journal import JOURNAL, at, session

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


def test_a_did_you_mean_names_each_routine_or_pose_once(journal: Path) -> None:
    # "morning" (the routine's name) and "Morning hips" (its title) are one routine
    _, _, err = run(journal, "mornin")
    assert err == "No pose or routine named 'mornin' in your journal. Did you mean 'morning'?\n"
    _, _, err = run(journal, "lizrd")
    assert err.endswith("Did you mean 'Lizard'?\n")


def hip_circles_in_the_morning(path: Path) -> Path:
    """Sessions of Morning hips only: its pose Hip circles has holds, the routine `hip-circles`
    (in the library, titled "Hip circles") has never been practised."""
    for index in range(3):
        append_session(
            path,
            session(
                16 + index,
                "morning",
                "Morning hips",
                Hold("Hip circles", "left", 30, 30 + 10 * index),
                Hold("Hip circles", "right", 30, 30),
            ),
        )
    return path


def test_a_routine_never_practised_gives_way_to_the_pose_of_its_name(tmp_path: Path) -> None:
    path = hip_circles_in_the_morning(tmp_path / "journal.toml")
    for asked in ("hip-circles", "Hip_Circles"):
        code, out, err = run(path, asked)
        assert (code, err) == (0, "")
        lines = rows(out)
        assert (
            lines[0] == "The routine Hip circles has no sessions yet; here is the pose Hip circles."
        )
        assert lines[2:4] == ["Hip circles", "3 sessions · 3m 30s held · in Morning hips"]
        assert "  left 50s on 18 Nov · right 30s on 16 Nov" in lines
    _, out, _ = run(path, "hip-circles", fmt="json")
    data = json.loads(out)
    assert (data["step"], data["routines"], data["sessions"]) == (
        "Hip circles",
        ["Morning hips"],
        3,
    )


def test_a_routine_practised_is_shown_as_the_routine_even_when_a_pose_has_its_name(
    tmp_path: Path,
) -> None:
    path = hip_circles_in_the_morning(tmp_path / "journal.toml")
    append_session(
        path, session(19, "hip-circles", "Hip circles", Hold("Knee circles", "left", 30, 30))
    )
    _, out, _ = run(path, "hip-circles")
    lines = rows(out)
    assert lines[0] == "Hip circles: 1 pose"
    assert "Knee circles" in lines
    assert "has no sessions yet" not in out


def test_a_pose_whose_every_hold_was_skipped_shows_no_longest(journals: dict[str, Path]) -> None:
    _, out, _ = run(journals["long"])
    row = next(line for line in rows(out) if line.startswith("Supercali"))
    assert row.split()[-2:] == ["40s", "-"]  # typical 40s (all skipped), no longest
    _, out, _ = run(journals["long"], UNBROKEN_POSE)
    lines = rows(out)
    assert lines[lines.index("Longest") + 1] == "  every hold skipped"


def test_a_pose_may_be_asked_for_with_hyphens_for_its_spaces(journal: Path) -> None:
    code, out, _ = run(journal, "child's-pose")
    assert code == 0
    assert rows(out)[0] == "Child's pose"


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


LONG_POSE = "Reclined bound angle with a block under each knee and a bolster along the spine"
UNBROKEN_POSE = "Supercalifragilisticexpialidociousposewithoutanyspacesatall"


@pytest.fixture
def journals(journal: Path, tmp_path: Path) -> dict[str, Path]:
    """The hand-computed journal, an empty one, one from before holds, and one of long names
    (one of them without a space to break it at, and a routine title as long)."""
    before = tmp_path / "before.toml"
    for index in range(3):
        append_session(before, make_record(index, v=1))
    long = tmp_path / "long.toml"
    for index in range(2):
        append_session(
            long,
            make_record(
                index,
                routine="evening-rest",
                title="A long routine title for resting quietly in the evening after work",
                started_at=at(9 + index),
                holds=(
                    Hold(LONG_POSE, "the left side of the body", 120, 120 + 30 * index),
                    Hold(LONG_POSE, "the right side of the body", 120, 120),
                    Hold(UNBROKEN_POSE, None, 60, 40, True),
                ),
            ),
        )
    return {"hand": journal, "empty": tmp_path / "none.toml", "before": before, "long": long}


VIEWS: list[tuple[str, tuple[str, ...], dict[str, object]]] = [
    ("hand", (), {}),
    ("hand", ("pigeon",), {}),
    ("hand", ("morning",), {}),
    ("hand", ("child's pose",), {}),
    ("hand", (), {"since": "today"}),  # no holds since
    ("hand", (), {"weeks": 1}),
    ("hand", ("pigeon",), {"weeks": 1}),  # no holds of Pigeon since
    ("hand", ("morning",), {"since": "today"}),
    ("hand", ("pigoen",), {}),  # the did-you-mean, on stderr
    ("empty", (), {}),
    ("empty", ("pigeon",), {}),
    ("before", (), {}),
    ("before", ("pigeon",), {}),
    ("long", (), {}),
    ("long", (LONG_POSE,), {}),
    ("long", (LONG_POSE,), {"weeks": 1}),
    ("long", (UNBROKEN_POSE,), {"since": "today"}),
    ("long", ("evening-rest",), {}),
    ("long", ("evening-rest",), {"weeks": 1}),
    ("long", (LONG_POSE.replace(" ", "-") + "-x",), {}),  # the did-you-mean of a long name
]


@pytest.mark.parametrize("width", [40, 41, 50, 60, 72, 80, 100, 120, 160, 200])
@pytest.mark.parametrize("color", [False, True])
def test_every_view_fits_the_width_from_40_to_200_columns(
    journals: dict[str, Path], width: int, color: bool
) -> None:
    for name, args, options in VIEWS:
        code, out, err = run(journals[name], *args, color=color, width=width, **options)
        assert code in (0, 2)
        assert out or err
        for line in rows(out) + rows(err):
            assert cell_len(line) <= width, (name, args, options, line)


def test_a_message_is_wrapped_at_spaces_not_cut(journals: dict[str, Path]) -> None:
    _, out, _ = run(journals["before"], width=40)
    assert " ".join(out.split()) == (
        "Your sessions so far were recorded before hipcli kept each hold, so there is nothing "
        "per pose to show yet. Sessions from now on will show here."
    )
    _, out, _ = run(journals["long"], LONG_POSE, weeks=1, width=40)
    assert " ".join(out.split()) == f"No holds of {LONG_POSE} recorded since 16 Nov."


def test_a_length_is_not_broken_across_lines(journals: dict[str, Path]) -> None:
    for width in range(40, 201):
        _, out, _ = run(journals["long"], width=width)
        assert "so far: 2m 30s." in " ".join(out.split())
        for line in rows(out):
            assert not re.search(r"\b\d+[hm]$", line), (width, line)


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
