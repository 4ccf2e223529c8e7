"""The pictures of `--stats`: the calendar of weeks, minutes per week, mood before → after."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from hipcli.review.pictures import heatmap, level, minutes_per_week, month_labels, mood_by_week
from hipcli.review.stats import compute_stats
from tests.journal_records import make_record
from tests.unit.review.support import SGR, TODAY, add, at, log

# TODAY is Saturday 21 November 2026

pytestmark = pytest.mark.usefixtures("utc_local_time")


def calendar(
    records: list[object], weeks: int = 26, width: int = 120, color: bool = False
) -> list[str]:
    stats = compute_stats(records, TODAY)  # type: ignore[arg-type]
    return [line.plain for line in heatmap(stats, weeks, width, color=color)]


def test_the_calendar_has_a_row_per_weekday_and_a_column_per_week_up_to_today() -> None:
    records = [
        make_record(0, started_at=at(TODAY), active_s=45 * 60),  # Sat: 40+ minutes, █
        make_record(1, started_at=at(TODAY - timedelta(days=5)), active_s=5 * 60),  # Mon: ░
        make_record(2, started_at=at(TODAY - timedelta(days=5), 18), active_s=10 * 60),  # 15 min: ▒
        make_record(3, started_at=at(TODAY - timedelta(days=9)), active_s=25 * 60),  # Thu before: ▓
    ]
    lines = calendar(records, weeks=4)
    months, mon, tue, wed, thu, fri, sat, sun, pointer, legend = lines
    assert [row[:4] for row in (mon, tue, wed, thu, fri, sat, sun)] == [
        "Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun ",
    ]  # fmt: skip
    # four weeks, two cells each; the last column is this week
    assert mon == "Mon · · · ▒"
    assert thu == "Thu · · ▓ ·"
    assert sat == "Sat · · · █"
    assert sun == "Sun · · ·"  # tomorrow is not drawn
    assert pointer.index("↑ today") == sat.index("█")
    assert legend.strip() == "· none  ░ under 10 min  ▒ 10-20  ▓ 20-40  █ 40+"
    assert months.startswith("    Nov")


def test_shades_follow_minutes_practised_that_day() -> None:
    assert [level(m) for m in (0.5, 9.9, 10, 19.9, 20, 39.9, 40, 300)] == [0, 0, 1, 1, 2, 2, 3, 3]


def test_month_names_stand_over_the_week_holding_the_first() -> None:
    line = month_labels(date(2026, 9, 28), 10, 2)
    assert line.index("Oct") == 4  # the week of 28 Sep holds 1 Oct
    assert line.index("Nov") == 4 + 4 * 2  # 1 Nov 2026 is a Sunday: the fifth column
    assert "Sep" not in line  # no room before October's name


def test_a_month_name_that_would_not_fit_whole_is_left_out_not_cut() -> None:
    # 1 Dec 2026 is a Tuesday: its name stands over the last of the 10 columns, which end at
    # cell 24, so the name takes cells 23 to 25
    line = month_labels(date(2026, 9, 28), 10, 2)
    assert line.endswith("Dec")
    assert month_labels(date(2026, 9, 28), 10, 2, width=25) == line
    narrow = month_labels(date(2026, 9, 28), 10, 2, width=24)
    assert narrow == line.removesuffix("Dec").rstrip()
    assert "De" not in narrow


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
@pytest.mark.parametrize("weeks", [4, 26, 52])
def test_the_calendar_fits_the_width_and_says_when_fewer_weeks_fit(width: int, weeks: int) -> None:
    lines = calendar([make_record(0, started_at=at(TODAY))], weeks=weeks, width=width)
    assert all(cell_len(line) <= width for line in lines)
    shown = len(lines[1]) - 4
    if 4 + weeks > width:
        assert lines[-1] == f"({width - 4} of {weeks} weeks fit this width)"
    else:
        assert shown in (weeks, 2 * weeks - 1)


def test_with_colour_the_calendar_shades_one_glyph_and_marks_today() -> None:
    stats = compute_stats([make_record(0, started_at=at(TODAY), active_s=600)], TODAY)
    lines = heatmap(stats, 4, 80, color=True)
    saturday = lines[6]
    assert "■" in saturday.plain
    assert "░" not in saturday.plain
    styles = {str(span.style) for span in saturday.spans}
    assert any("reverse" in style for style in styles)


def test_minutes_per_week_adds_up_each_week_and_scales_the_bars() -> None:
    records = [
        make_record(0, started_at=at(TODAY), active_s=30 * 60),
        make_record(1, started_at=at(TODAY - timedelta(days=5)), active_s=30 * 60),
        make_record(2, started_at=at(TODAY - timedelta(days=7)), active_s=15 * 60),
    ]
    lines = [
        line.plain for line in minutes_per_week(compute_stats(records, TODAY), 3, 60, color=False)
    ]
    assert [line[:6] for line in lines] == [" 2 Nov", " 9 Nov", "16 Nov"]
    assert lines[0].rstrip().endswith(" 0")
    assert lines[1].rstrip().endswith("15")
    assert lines[2].rstrip().endswith("60")
    assert lines[2].count("█") == 4 * lines[1].count("█") + 1  # 60 minutes and 15


def test_mood_before_and_after_by_week_on_a_line_from_1_to_5() -> None:
    records = [
        make_record(0, started_at=at(TODAY), mood_before=2, mood=4),
        make_record(1, started_at=at(TODAY - timedelta(days=1)), mood_before=2, mood=5),
        make_record(2, started_at=at(TODAY - timedelta(days=7)), mood=3),  # no mood before
    ]
    lines = [line.plain for line in mood_by_week(compute_stats(records, TODAY), 2, 60)]
    axis, last_week, this_week, marks, legend = lines
    assert axis.split()[:5] == ["1", "2", "3", "4", "5"]
    assert last_week.endswith("—")
    assert this_week.endswith("2.0 → 4.5")
    assert this_week.index("○") < this_week.index("●")
    assert marks.strip() == "○ before  ● after"
    assert "1 very low · 3 okay · 5 very good" in legend
    assert mood_by_week(compute_stats(records[2:], TODAY), 2, 60) == []


@pytest.mark.parametrize("width", [40, 60, 80])
def test_the_mood_chart_says_which_mark_is_before_and_which_after_at_any_width(
    width: int,
) -> None:
    records = [make_record(0, started_at=at(TODAY), mood_before=4, mood=2)]  # a fall: ● first
    lines = [line.plain for line in mood_by_week(compute_stats(records, TODAY), 2, width)]
    this_week = lines[2]
    assert this_week.index("●") < this_week.index("○")
    assert "○ before  ● after" in [line.strip() for line in lines]
    assert all(cell_len(line) <= width for line in lines)


@pytest.mark.parametrize("width", [40, 80, 120])
def test_stats_with_pictures_fit_the_terminal_with_no_colour_or_with_it(
    journal: Path, width: int
) -> None:
    add(
        journal,
        *[
            make_record(i, started_at=at(TODAY) - timedelta(days=i), mood_before=2)
            for i in range(200)
        ],
    )
    for color in (False, True):
        _, out, _ = log(journal, stats=True, color=color, width=width, weeks=52)
        text = SGR.sub("", out)
        assert all(cell_len(line) <= width for line in text.splitlines()), width
        assert "↑ today" in text or "today ↑" in text
        assert ("░" in text or "▒" in text) != color
