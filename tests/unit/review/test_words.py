"""The words for times and lengths, remembered once written: the same text as written afresh."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.review.words import (
    MONTHS_SHORT,
    WEEKDAYS,
    date_text,
    date_time_text,
    length_text,
    when_compact,
    when_text,
)

ZONES = st.builds(
    timezone, st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timedelta(minutes=m))
)


@settings(max_examples=500, deadline=None)
@given(moment=st.datetimes(datetime(1900, 1, 1), datetime(2999, 12, 31), timezones=ZONES))
def test_a_time_is_written_as_strftime_would_write_it_in_its_own_zone(moment: datetime) -> None:
    for _ in range(2):  # written, then remembered
        assert date_text(moment) == f"{moment:%Y-%m-%d}"
        assert date_time_text(moment) == f"{moment:%Y-%m-%d %H:%M}"
        assert when_compact(moment) == f"{WEEKDAYS[moment.weekday()]} {moment:%Y-%m-%d %H:%M}"
        assert when_text(moment) == (
            f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS_SHORT[moment.month - 1]} "
            f"{moment.year} {moment:%H:%M}"
        )


@settings(max_examples=500, deadline=None)
@given(seconds=st.floats(0, 8 * 24 * 3600))
def test_a_length_remembered_is_the_length_written(seconds: float) -> None:
    whole = math.floor(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    expected = (
        f"{hours}h {minutes:02d}m"
        if hours
        else (f"{minutes}m {secs:02d}s" if minutes else f"{secs}s")
    )
    assert length_text(seconds) == length_text(seconds) == expected
