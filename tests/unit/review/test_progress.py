"""Progress per pose, checked against a journal whose figures were worked out by hand.

The journal (noon UTC, so every time zone within eleven hours agrees on the days):

| day (2026)  | routine | holds: step side planned/held                                      |
|-------------|---------|--------------------------------------------------------------------|
| Tue 3 Nov   | pigeon  | Pigeon left 60/60, Pigeon right 60/45 skipped, Child's pose 60/60  |
| Thu 5 Nov   | morning | Lizard left 45/45, Lizard right 45/45, pigeon  left 60/75, right 60/60 |
| Tue 10 Nov  | pigeon  | Pigeon left 60/90, Pigeon right 60/60, Child's pose 60/30 (ended)  |
| Thu 12 Nov  | pigeon  | a v1 record: no holds                                              |
| Tue 17 Nov  | frog    | Frog 120/120                                                       |

Pigeon: 3 sessions; held 60+45+75+60+90+60 = 390 s of 360 planned; typical (not skipped:
60 60 60 75 90) 60 s; longest 90 s on 10 Nov; left 60+75+90 = 225 s, right 45+60+60 = 165 s;
as planned 3, extended 2, skipped 1. Right's longest is 60 s, first held on 5 Nov.
Child's pose: 2 sessions, 60+30 = 90 s, typical 45 s, longest 60 s on 3 Nov, one shorter.
"""

from __future__ import annotations

from datetime import date

import pytest

from hipcli.journal.holds import Hold
from hipcli.review.progress import (
    HoldTally,
    name_key,
    pose_progress,
    pose_to_json,
    poses_to_json,
    week_of,
    weeks_held,
)
from hipcli.review.victories import Kind, noticed
from tests.journal_records import make_record
from tests.progress_journal import JOURNAL, at


def test_poses_come_newest_first_and_in_routine_order_within_a_session() -> None:
    assert [pose.step for pose in pose_progress(JOURNAL)] == [
        "Frog",
        "Pigeon",
        "Child's pose",
        "Lizard",
    ]


def test_a_pose_is_a_step_name_across_routines_whatever_its_case_or_spacing() -> None:
    pigeon = next(pose for pose in pose_progress(JOURNAL) if pose.key == "pigeon")
    assert name_key("  PIGEON ") == "pigeon"
    assert pigeon.step == "Pigeon"  # as the newest session spells it
    assert list(pigeon.routines.values()) == ["Pigeon", "Morning hips"]
    assert [side for side, _ in pigeon.side_items()] == ["left", "right"]


def test_the_figures_of_a_pose_match_the_hand_computed_journal() -> None:
    pigeon = next(pose for pose in pose_progress(JOURNAL) if pose.key == "pigeon")
    tally = pigeon.all
    assert (tally.sessions, tally.holds, tally.total_s, tally.planned_s) == (3, 6, 390, 360)
    assert tally.median_s == 60
    assert (tally.longest_s, tally.longest_at) == (90, at(10))
    assert (tally.as_planned, tally.extended, tally.shorter, tally.skipped) == (3, 2, 0, 1)
    left, right = (side for _, side in pigeon.side_items())
    assert (left.total_s, left.median_s, left.longest_s, left.longest_at) == (225, 75, 90, at(10))
    assert (right.total_s, right.median_s, right.longest_s, right.longest_at) == (
        165,
        60,
        60,
        at(5),  # 60 s was first held on 5 November; 10 November only matched it
    )
    assert (left.skipped, right.skipped, left.sessions, right.sessions) == (0, 1, 3, 3)


def test_a_shorter_hold_that_was_not_skipped_is_counted_as_shorter() -> None:
    child = next(pose for pose in pose_progress(JOURNAL) if pose.key == "child's pose")
    tally = child.all
    assert (tally.sessions, tally.total_s, tally.median_s, tally.longest_s) == (2, 90, 45, 60)
    assert (tally.as_planned, tally.shorter, tally.skipped) == (1, 1, 0)
    assert not child.has_sides


def test_the_typical_hold_leaves_skipped_holds_out_unless_all_were_skipped() -> None:
    record = make_record(holds=())
    tally = HoldTally()
    tally.add(Hold("Frog", None, 120, 3, True), record)
    tally.add(Hold("Frog", None, 120, 5, True), record)
    assert tally.median_s == 4
    tally.add(Hold("Frog", None, 120, 120), record)
    assert tally.median_s == 120
    assert tally.sessions == 1


def test_the_longest_hold_leaves_skipped_holds_out_as_the_longest_hold_victory_does() -> None:
    # a skipped hold is no personal best: 100 s skipped on the 4th is not the longest
    records = [
        make_record(3, started_at=at(3), holds=(Hold("Frog", None, 120, 60),)),
        make_record(4, started_at=at(4), holds=(Hold("Frog", None, 120, 100, True),)),
        make_record(5, started_at=at(5), holds=(Hold("Frog", None, 120, 70),)),
    ]
    (frog,) = pose_progress(records)
    assert (frog.all.longest_s, frog.all.longest_at) == (70, at(5))
    entry = poses_to_json([frog])["poses"][0]
    assert (entry["longest_s"], entry["longest_on"]) == (70, "2026-11-05")
    victories = [v for v in noticed(records) if v.kind is Kind.LONGEST_HOLD]
    assert [v.text for v in victories] == ["Your longest Frog hold so far: 1m 10s."]


def test_a_pose_whose_every_hold_was_skipped_has_no_longest_hold() -> None:
    records = [make_record(3, started_at=at(3), holds=(Hold("Frog", None, 120, 100, True),))]
    (frog,) = pose_progress(records)
    assert (frog.all.longest_s, frog.all.longest_at) == (None, None)
    entry = poses_to_json([frog])["poses"][0]
    assert (entry["longest_s"], entry["longest_on"], entry["median_s"]) == (None, None, 100.0)


def test_sessions_sharing_their_holds_count_as_sessions_holding_equal_ones() -> None:
    # the journal's reader gives sessions that went alike the very same list of holds
    shared = (Hold("Frog", None, 120, 120), Hold("Lizard", "left", 60, 75, True))
    alike = [make_record(n, started_at=at(n), holds=shared) for n in (3, 4, 5)]
    apart = [
        make_record(n, started_at=at(n), holds=tuple(Hold(*vars_of(h)) for h in shared))
        for n in (3, 4, 5)
    ]
    assert poses_to_json(pose_progress(alike)) == poses_to_json(pose_progress(apart))
    frog, lizard = pose_progress(alike)
    assert (frog.all.sessions, frog.all.total_s, lizard.all.skipped) == (3, 360, 3)
    assert [pose.key for pose in pose_progress(alike, only="lizard")] == ["lizard"]


def vars_of(hold: Hold) -> tuple[str, str | None, int, int, bool]:
    return (hold.step, hold.side, hold.planned_s, hold.held_s, hold.skipped)


def test_records_from_before_holds_add_nothing() -> None:
    only_v1 = [make_record(0, v=1), make_record(1, v=1)]
    assert pose_progress(only_v1) == []
    assert poses_to_json(pose_progress(only_v1)) == {"poses": []}


def test_the_json_list_has_one_entry_per_pose_and_side_with_exactly_the_documented_keys() -> None:
    data = poses_to_json(pose_progress(JOURNAL))
    assert list(data) == ["poses"]
    assert [(entry["step"], entry["side"]) for entry in data["poses"]] == [
        ("Frog", None),
        ("Pigeon", "left"),
        ("Pigeon", "right"),
        ("Child's pose", None),
        ("Lizard", "left"),
        ("Lizard", "right"),
    ]
    assert data["poses"][1] == {
        "step": "Pigeon",
        "side": "left",
        "sessions": 3,
        "total_s": 225,
        "median_s": 75.0,
        "longest_s": 90,
        "longest_on": "2026-11-10",
        "planned_s": 180,
        "skipped": 0,
    }
    assert data["poses"][2]["skipped"] == 1
    assert data["poses"][2]["longest_on"] == "2026-11-05"


def test_time_held_per_week_and_side_includes_the_empty_weeks() -> None:
    weeks = weeks_held(JOURNAL, "pigeon", date(2026, 11, 2), date(2026, 11, 16))
    assert [(week.week, week.held_s) for week in weeks] == [
        (date(2026, 11, 2), {"left": 135, "right": 105}),
        (date(2026, 11, 9), {"left": 90, "right": 60}),
        (date(2026, 11, 16), {}),
    ]


@pytest.mark.parametrize(
    ("day", "monday"),
    [(date(2026, 11, 16), date(2026, 11, 16)), (date(2026, 11, 22), date(2026, 11, 16))],
)
def test_weeks_begin_on_monday(day: date, monday: date) -> None:
    assert week_of(day) == monday


def test_one_pose_as_json_has_its_weeks_and_plan() -> None:
    pigeon = next(pose for pose in pose_progress(JOURNAL) if pose.key == "pigeon")
    weeks = weeks_held(JOURNAL, "pigeon", date(2026, 11, 9), date(2026, 11, 16))
    data = pose_to_json(pigeon, weeks)
    assert data["routines"] == ["Pigeon", "Morning hips"]
    assert (data["holds"], data["as_planned"], data["extended"], data["skipped"]) == (6, 3, 2, 1)
    assert data["weeks"] == [
        {
            "week": "2026-11-09",
            "sides": [{"side": "left", "held_s": 90}, {"side": "right", "held_s": 60}],
        },
        {
            "week": "2026-11-16",
            "sides": [{"side": "left", "held_s": 0}, {"side": "right", "held_s": 0}],
        },
    ]
