"""Durations as people write them: "90s", "1m30s", "2m", "1h5m", 90."""

from __future__ import annotations

import pytest

from hipcli.routine.durations import DurationError, format_clock, format_duration, parse_duration


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("90s", 90),
        ("1m30s", 90),
        ("2m", 120),
        ("1h5m", 3900),
        ("1h", 3600),
        ("1h 5m 3s", 3903),
        ("  45s  ", 45),
        ("2M", 120),
        ("0s", 0),
        (90, 90),
        (0, 0),
        (3600, 3600),
    ],
)
def test_durations_people_write_become_seconds(written: object, seconds: int) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize(
    "written",
    ["", "   ", "5x", "s", "m", "1m30", "30s1m", "1.5m", "-5s", "ninety", "1 minute", "5s5s"],
)
def test_text_that_is_not_a_duration_is_refused_with_what_was_expected(written: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(written)
    message = str(caught.value)
    assert '"90s"' in message
    assert '"1m30s"' in message
    assert f'"{written}"' in message  # says what it found


def test_a_number_in_quotes_without_a_unit_gets_a_hint_to_drop_the_quotes_or_add_s() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("90")
    assert 'write 90 or "90s"' in str(caught.value)


def test_a_negative_number_of_seconds_is_refused() -> None:
    with pytest.raises(DurationError, match=r"negative number \(-5\)"):
        parse_duration(-5)


@pytest.mark.parametrize("value", [1.5, 90.0, float("inf"), float("nan")])
def test_seconds_with_a_fraction_are_refused_as_not_whole(value: float) -> None:
    with pytest.raises(DurationError, match="whole seconds only"):
        parse_duration(value)


@pytest.mark.parametrize(
    ("value", "found"),
    [(True, "true/false"), (False, "true/false"), ([90], "a list"), ({"s": 90}, "a table")],
)
def test_booleans_lists_and_tables_are_not_durations(value: object, found: str) -> None:
    with pytest.raises(DurationError, match=found):
        parse_duration(value)


def test_duration_error_is_a_value_error() -> None:
    assert issubclass(DurationError, ValueError)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (0.4, "0s"),
        (45, "45s"),
        (60, "1m"),
        (90, "1m 30s"),
        (89.6, "1m 30s"),
        (120, "2m"),
        (3600, "1h"),
        (3900, "1h 5m"),
        (3903, "1h 5m 3s"),
    ],
)
def test_format_duration_is_compact_and_readable(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "clock"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (90, "1:30"),
        (600, "10:00"),
        (3723, "1:02:03"),
        (-3, "0:00"),
    ],
)
def test_format_clock_shows_minutes_and_seconds(seconds: float, clock: str) -> None:
    assert format_clock(seconds) == clock


@pytest.mark.parametrize(
    ("seconds", "clock"),
    [(0.01, "0:01"), (0.99, "0:01"), (4.2, "0:05"), (59.001, "1:00"), (89.5, "1:30")],
)
def test_a_countdown_rounds_up_so_it_shows_0_01_until_the_very_end(
    seconds: float, clock: str
) -> None:
    assert format_clock(seconds) == clock


def test_parsed_durations_format_back_to_the_same_length() -> None:
    for written in ("45s", "1m 30s", "2m", "1h 5m"):
        assert format_duration(parse_duration(written)) == written


@pytest.mark.parametrize("text", ["١٢s", "²", "1m３0s"])
def test_only_ascii_digits_count_as_numbers(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert "write" not in str(caught.value)  # no hint suggesting the odd digits as they are
