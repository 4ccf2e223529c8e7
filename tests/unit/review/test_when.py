"""Dates people type for --since and --until, the words for lengths, and what importing the
report costs."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from hipcli.review.when import WhenError, months_before, parse_when
from hipcli.review.words import length_text, time_words
from tests.unit.review.support import TODAY

pytestmark = pytest.mark.usefixtures("utc_local_time")


def test_lengths_and_minutes_read_naturally() -> None:
    assert [length_text(s) for s in (0, 45, 59.6, 516.4, 3600, 3900)] == [
        "0s", "45s", "1m 00s", "8m 36s", "1h 00m", "1h 05m",
    ]  # fmt: skip
    assert [time_words(m) for m in (0, 1, 38, 60, 130, 2.5, 89.5)] == [
        "0 minutes", "1 minute", "38 minutes", "1 hour", "2 hours 10 minutes", "3 minutes",
        "1 hour 30 minutes",
    ]  # fmt: skip


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
        "import sys, hipcli.review.log, hipcli.journal.record, hipcli.review.select\n"
        "import hipcli.review.stats, hipcli.review.when, hipcli.review.exports\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tomli_w')]\n"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
