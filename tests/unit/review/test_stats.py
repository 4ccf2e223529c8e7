"""`hipcli log --stats`: numbers checked against hand-computed journals, the JSON keys, the
words (gentle, never scolding), `show_streaks = false`, and Markdown."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from hipcli.review.stats import compute_stats, stats_to_json
from hipcli.review.stats_text import sparkline
from tests.journal_records import make_record
from tests.unit.review.support import SGR, TODAY, add, at, days_ago, log

BERLIN_WINTER = timezone(timedelta(hours=1))
BERLIN_SUMMER = timezone(timedelta(hours=2))
NEW_YORK = timezone(timedelta(hours=-5))

pytestmark = pytest.mark.usefixtures("utc_local_time")


def stats_json(records: list[Any], today: date = TODAY) -> dict[str, Any]:
    return stats_to_json(compute_stats(records, today))


def test_a_day_counts_once_and_the_streak_runs_through_today() -> None:
    data = stats_json(days_ago(0, 0, 0, 1, 2, 4, 5, 6, 7, 8))
    assert data["current_streak_days"] == 3
    assert data["streak_through"] == "today"
    assert data["longest_streak_days"] == 5
    assert data["days_practised"] == 8
    assert data["sessions_total"] == 10


def test_without_a_session_today_the_streak_still_counts_through_yesterday() -> None:
    data = stats_json(days_ago(1, 2, 3))
    assert (data["current_streak_days"], data["streak_through"]) == (3, "yesterday")
    data = stats_json(days_ago(2, 3))
    assert (data["current_streak_days"], data["streak_through"]) == (0, None)
    assert data["longest_streak_days"] == 2


def test_totals_for_the_last_7_and_30_days_and_all_time() -> None:
    data = stats_json(days_ago(0, 6, 7, 29, 30, 400, active_s=600))
    assert (data["sessions_last_7_days"], data["minutes_last_7_days"]) == (2, 20.0)
    assert (data["sessions_last_30_days"], data["minutes_last_30_days"]) == (4, 40.0)
    assert (data["sessions_total"], data["minutes_total"]) == (6, 60.0)
    assert data["first_session_date"] == (TODAY - timedelta(days=400)).isoformat()


def test_a_session_belongs_to_the_day_it_began_in_its_own_time_zone() -> None:
    """23:30 in Berlin is that evening there, whatever zone the journal is read in; across a
    change to summer time each day is still the day as lived (hand-computed below)."""
    records = [
        # 23:30 +01:00 on 28 March: 22:30 UTC, still 28 March where it was practised
        make_record(
            0, started_at=datetime(2026, 3, 28, 23, 30, tzinfo=BERLIN_WINTER), active_s=600
        ),
        # the clocks went forward that night: 00:15 +02:00 on 29 March is 22:15 UTC on the 28th
        make_record(1, started_at=datetime(2026, 3, 29, 0, 15, tzinfo=BERLIN_SUMMER), active_s=300),
        make_record(2, started_at=datetime(2026, 3, 29, 8, 0, tzinfo=BERLIN_SUMMER), active_s=900),
        # 21:00 in New York on the 29th is 02:00 UTC on the 30th: still the 29th for the person
        make_record(3, started_at=datetime(2026, 3, 29, 21, 0, tzinfo=NEW_YORK), active_s=120),
    ]
    data = stats_json(records, date(2026, 3, 30))
    assert [(d["date"], d["sessions"], d["minutes"]) for d in data["days"]] == [
        ("2026-03-28", 1, 10.0),
        ("2026-03-29", 3, 22.0),
    ]
    assert data["current_streak_days"] == 2
    assert data["streak_through"] == "yesterday"


def test_each_day_holds_its_sessions_minutes_and_mean_mood() -> None:
    records = [
        make_record(0, started_at=at(TODAY, 7), active_s=300, mood=2),
        make_record(1, started_at=at(TODAY, 19), active_s=330, mood=5),
        make_record(2, started_at=at(TODAY - timedelta(days=2)), active_s=52, mood=None),
    ]
    assert stats_json(records)["days"] == [
        {"date": "2026-11-19", "sessions": 1, "minutes": 0.9, "mood": None},
        {"date": "2026-11-21", "sessions": 2, "minutes": 10.5, "mood": 3.5},
    ]


def test_routines_and_tags_tell_their_mood_change_only_from_three_sessions_with_both() -> None:
    records = [
        make_record(0, mood_before=2, mood=4, tags=("release",)),
        make_record(1, mood_before=3, mood=4, tags=("release", "Release")),
        make_record(2, mood_before=1, mood=4, tags=()),
        make_record(3, routine="frog", title="Frog", mood_before=2, mood=3, tags=("release",)),
        make_record(4, routine="frog", title="Frog", mood=3, tags=()),
    ]
    data = stats_json(records)
    assert data["routines"] == [
        {
            "routine": "pigeon",
            "title": "Pigeon",
            "sessions": 3,
            "minutes": 25.8,
            "mood_change": 2.0,
        },
        {"routine": "frog", "title": "Frog", "sessions": 2, "minutes": 17.2, "mood_change": None},
    ]
    assert data["tags"] == [{"tag": "release", "sessions": 3, "mood_change": 1.33}]


def test_moods_average_trend_and_change_from_before() -> None:
    records = [
        make_record(0, started_at=at(TODAY, 6), mood=2, mood_before=1),
        make_record(1, started_at=at(TODAY, 7), mood=None, mood_before=3),
        make_record(2, started_at=at(TODAY, 8), mood=5, mood_before=2),
        make_record(3, started_at=at(TODAY, 9), mood=4),
    ]
    data = stats_json(list(reversed(records)))
    assert data["mood_average"] == pytest.approx(3.67)
    assert data["mood_trend"] == [2, 5, 4]
    assert sparkline(data["mood_trend"]) == "▃█▆"
    assert data["mood_change_average"] == 2.0
    assert data["mood_change_sessions"] == 2


def test_the_trend_draws_the_last_30_check_ins_whatever_the_order_in_the_file() -> None:
    records = [
        make_record(i, started_at=at(TODAY) - timedelta(hours=i), mood=1 + i % 5) for i in range(50)
    ]
    trend = stats_json(records)["mood_trend"]
    assert trend == [1 + i % 5 for i in range(29, -1, -1)]


def test_stats_json_keeps_todays_keys_and_adds_days_routines_and_tags(journal: Path) -> None:
    add(journal, *days_ago(0, 1, mood=3))
    code, out, _ = log(journal, stats=True, fmt="json")
    data = json.loads(out)
    assert code == 0
    assert list(data) == [
        "today", "current_streak_days", "streak_through", "practised_today",
        "longest_streak_days", "days_practised", "sessions_total", "minutes_total",
        "completed_total", "sessions_last_7_days", "minutes_last_7_days",
        "sessions_last_30_days", "minutes_last_30_days", "first_session_date",
        "last_session_date", "top_routines", "mood_average", "mood_sessions", "mood_trend",
        "mood_change_average", "mood_change_sessions", "days", "routines", "tags",
    ]  # fmt: skip
    assert data["top_routines"] == [
        {"routine": "pigeon", "title": "Pigeon", "sessions": 2, "minutes": 17.2}
    ]
    documented = Path(__file__).resolve().parents[3] / "docs" / "log.md"
    for key in data:
        assert f"`{key}`" in documented.read_text(encoding="utf-8"), key


def test_stats_text_frames_practice_gently(journal: Path) -> None:
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
    assert "You practised on 4 of the last 30 days: 5 sessions, 45 minutes." in out
    assert "Last 7 days     4 sessions on 3 days, 35 minutes." in out
    assert "3 days in a row, through yesterday." in out
    assert "Most practised  Pigeon (4), Frog (1)." in out
    assert "4.2 of 5 on average (good)" in out
    assert "Your mood rose by 1.0 on average across 4 sessions with both." in out
    assert "\x1b" not in out
    _, coloured, _ = log(journal, stats=True, color=True)
    assert "\x1b[" in coloured


def test_a_broken_streak_is_never_scolded(journal: Path) -> None:
    add(journal, *days_ago(3, 4, 5, 6, 7))
    _, out, _ = log(journal, stats=True)
    for word in ("broke", "lost", "missed", "keep it going", "don't", "should", "No streak"):
        assert word not in out
    assert "Longest run     5 days in a row." in out
    _, out, _ = log(journal, stats=True, since="1d")
    assert "No sessions of" not in out


def test_show_streaks_false_hides_streaks_everywhere_people_read(journal: Path) -> None:
    add(journal, *days_ago(0, 1, 2, 3))
    for fmt in ("table", "markdown"):
        _, out, _ = log(journal, stats=True, fmt=fmt, show_streaks=False)
        assert "in a row" not in out
        assert "streak" not in out.lower()
        assert "4 of the last 30 days" in out
        _, shown, _ = log(journal, stats=True, fmt=fmt)
        assert "4 days in a row, today included." in shown


def test_what_helps_ranks_routines_and_tags_by_the_rise_in_mood(journal: Path) -> None:
    add(
        journal,
        *[make_record(i, mood_before=2, mood=4, tags=("release",)) for i in range(3)],
        *[
            make_record(10 + i, routine="frog", title="Frog", mood_before=3, mood=3, tags=())
            for i in range(3)
        ],
        *[
            make_record(20 + i, routine="lizard", title="Lizard", mood_before=2, mood=4, tags=())
            for i in range(2)
        ],
    )
    _, out, _ = log(journal, stats=True, width=100)
    helps = out[out.index("What helps") :].splitlines()[1:]
    assert helps == [
        "  Pigeon: mood rose by 2.0 on average over 3 sessions.",
        "  #release: mood rose by 2.0 on average over 3 sessions.",
        "  Frog: mood stayed about the same on average over 3 sessions.",
    ]


def test_what_helps_says_how_it_will_fill_in_before_there_is_enough(journal: Path) -> None:
    add(journal, make_record(0, mood_before=2, mood=4))
    _, out, _ = log(journal, stats=True)
    assert "Once 3 sessions of a routine or tag have a mood before and after" in SGR.sub(
        "", out
    ).replace("\n    ", " ")


def test_stats_as_markdown_is_a_readable_summary_not_a_list_of_keys(journal: Path) -> None:
    add(journal, *days_ago(0, 1, 2, mood=4, mood_before=3))
    _, out, _ = log(journal, stats=True, fmt="markdown")
    assert out.startswith("# Your practice, as of 21 November 2026\n\n")
    assert "- **Last 30 days:** You practised on 3 of the last 30 days" in out
    assert "## Week by week (the last 26 weeks)\n\n```text\n" in out
    assert "## What helps" in out
    assert "current_streak_days" not in out


def test_stats_as_csv_stays_measure_and_value(journal: Path) -> None:
    add(journal, *days_ago(0))
    _, out, _ = log(journal, stats=True, fmt="csv")
    assert out.splitlines()[0] == "measure,value"
    assert "current_streak_days,1" in out


def test_stats_of_an_empty_journal(journal: Path) -> None:
    data = json.loads(log(journal, stats=True, fmt="json")[1])
    assert (data["sessions_total"], data["mood_average"], data["days"]) == (0, None, [])
    assert "No sessions in your journal yet" in log(journal, stats=True)[1]


def test_stats_follow_the_filters(month: Path) -> None:
    data = json.loads(log(month, stats=True, fmt="json", routine="frog")[1])
    assert data["sessions_total"] == 7
    assert data["current_streak_days"] == 1  # frog was yesterday, not the day before


def test_a_52_second_session_counts_as_52_seconds_not_a_minute(journal: Path) -> None:
    from hipcli.review.words import time_words

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
