"""`hipcli log` filters: --routine, --since/--until, --grep, -n, and what they say when nothing
matches (the frictions of issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.review.support import log, rows

pytestmark = pytest.mark.usefixtures("utc_local_time")


def days_shown(out: str) -> list[int]:
    return [int(row[12:14]) for row in rows(out)]


def test_routine_filter_is_by_name_case_insensitive(month: Path) -> None:
    _, out, _ = log(month, routine="FROG", limit=None, oneline=True)
    assert days_shown(out) == [20, 17, 14, 11, 8, 5, 2]


def test_an_unknown_routine_suggests_the_closest_and_is_a_usage_error(month: Path) -> None:
    for options in ({}, {"limit": None}, {"stats": True}, {"fmt": "json"}):
        code, out, err = log(month, routine="frgo", **options)
        assert (code, out) == (2, "")
        assert err == "No routine named 'frgo' in your journal. Did you mean 'frog'?\n"


def test_log_routine_resolves_names_the_way_the_other_commands_do(month: Path) -> None:
    code, _, err = log(month, routine="pigeom")
    assert (code, err) == (2, "No routine named 'pigeom'. Did you mean 'pigeon'?\n")
    code, out, _ = log(month, routine=" Pigeon ", limit=None, oneline=True)
    assert code == 0
    assert days_shown(out) == [19, 16, 13, 10, 7, 4, 1]


def test_log_routine_finds_a_routine_by_its_title_or_alias_like_start_does(month: Path) -> None:
    code, out, _ = log(month, routine="butterfly")  # the alias of bound-angle
    assert (code, out) == (0, "No sessions of 'bound-angle' yet.\n")


def test_a_known_routine_without_sessions_says_so_plainly(month: Path) -> None:
    code, out, err = log(month, routine="pigeon", since="2026-11-20")
    assert (code, err) == (0, "")
    assert out == "No sessions of 'pigeon' since '2026-11-20'.\n"
    assert log(month, routine="bound-angle")[:2] == (0, "No sessions of 'bound-angle' yet.\n")


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
    _, out, _ = log(month, since=since, until=until, limit=None, oneline=True)
    assert days_shown(out) == expected


@pytest.mark.parametrize("bad", ["7x", "2026-13-01", "yesterday-ish", "", "99999y"])
def test_a_date_hipcli_cannot_read_is_exit_2_with_one_calm_line(month: Path, bad: str) -> None:
    code, out, err = log(month, since=bad)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("hipcli: --since")
    assert "2026-11-01" in err
    code, _, err = log(month, until=bad)
    assert code == 2
    assert err.startswith("hipcli: --until")


def test_a_reversed_since_until_range_says_so_kindly_and_exits_2(month: Path) -> None:
    code, out, err = log(month, since="2026-11-20", until="2026-11-01")
    assert (code, out) == (2, "")
    assert err == (
        "hipcli: --since 2026-11-20 comes after --until 2026-11-01, so no day is in between. "
        "Perhaps you meant --since 2026-11-01 --until 2026-11-20.\n"
    )
    assert log(month, since="today", until="today")[0] == 0  # one day is a fine range


def test_grep_looks_in_notes_and_tags_ignoring_case(month: Path) -> None:
    _, out, _ = log(month, grep="calm", limit=None, oneline=True)
    assert days_shown(out) == [21, 16, 11, 8, 6, 1]


def test_grep_without_a_match_says_so_in_a_plain_sentence(month: Path) -> None:
    _, out, _ = log(month, grep="nothing like this")
    assert out == "No sessions have 'nothing like this' in their notes or tags.\n"
    _, out, _ = log(month, grep="x", routine="frog", since="2026-11-01", until="2026-11-05")
    assert out == (
        "No sessions of 'frog' between '2026-11-01' and '2026-11-05' have 'x' in their notes "
        "or tags.\n"
    )


def test_filters_combine_and_the_limit_applies_after_them(month: Path) -> None:
    _, out, _ = log(month, routine="pigeon", since="2026-11-05", limit=2, oneline=True)
    assert days_shown(out) == [19, 16]
    assert "Showing the 2 most recent" in out


@pytest.mark.parametrize("limit", [0, -3])
def test_n_below_one_says_what_a_person_needs(month: Path, limit: int) -> None:
    code, out, err = log(month, limit=limit)
    assert (code, out) == (2, "")
    assert "1 or more" in err
    assert "--all shows every one" in err


def test_weeks_outside_one_to_ten_years_is_a_usage_error(month: Path) -> None:
    code, _, err = log(month, stats=True, weeks=0)
    assert code == 2
    assert "--weeks takes a number of weeks from 1 to 520" in err


def test_a_filter_that_reaches_back_to_the_start_finds_what_a_whole_read_finds(
    journal: Path,
) -> None:
    """Issue 10, item 17: a filter or -n reaching far back reads the journal once, from the end
    (its cost, within 1.5× of --all on 100,000 sessions, is measured by bench/journal.py)."""
    from hipcli.journal.read import read_journal
    from tests.journal_records import make_record
    from tests.unit.review.support import add

    add(journal, *[make_record(i, notes="needle" if i in (3, 977) else "hay") for i in range(1200)])
    whole = read_journal(journal).records
    _, out, _ = log(journal, grep="NEEDLE", fmt="json")
    assert [r["id"] for r in json.loads(out)] == ["test-000977", "test-000003"]
    _, out, _ = log(journal, limit=100000, fmt="json")
    assert [r["id"] for r in json.loads(out)] == [r.id for r in reversed(whole)]
    assert log(journal, grep="zzz")[1] == "No sessions have 'zzz' in their notes or tags.\n"
