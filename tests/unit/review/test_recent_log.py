"""`hipcli log -n N` when N reaches past the start of the journal (`-n 100000`, `--since … -n
1000000`), written by --all's fast writers (`review.recent_log`): byte for byte what the slow
path (`select.recent` and `entries.write_entries`) writes, whatever the journal, the width, the
colour or the filter; anything it can't write exactly goes to the slow path."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcli.journal import read as journal_read
from hipcli.journal.record import format_record
from hipcli.review import log as review_log
from hipcli.review import recent_log
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, log
from tests.unit.review.test_whole_log import MOMENTS, TEXTS, mixed_journal

pytestmark = pytest.mark.usefixtures("utc_local_time")

DAYS = st.none() | st.dates(date(1899, 12, 30), date(3000, 1, 2))
DAMAGE = st.sampled_from(
    [
        "",
        "[[session]]\nnotes = 'broken'\n",
        "[[sess",
        "[[session]] # by hand\nid = 'x'\n",
        "not toml at all = = =\n",
    ]
)


class Paths:
    """Which path each `log` took: the fast one (a count), or the slow one (None)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fast = 0
        self.slow = 0
        real = recent_log.write_recent_entries

        def spy(*args: Any, **kwargs: Any) -> int | None:
            written = real(*args, **kwargs)
            if written is None:
                self.slow += 1
            else:
                self.fast += 1
            return written

        self._monkeypatch = monkeypatch
        monkeypatch.setattr(review_log, "write_recent_entries", spy)

    def slow_only(self) -> None:
        self._monkeypatch.setattr(review_log, "write_recent_entries", lambda *a, **k: None)


def both_ways(
    monkeypatch: pytest.MonkeyPatch, path: Path, **options: Any
) -> tuple[tuple[int, str, str], tuple[int, str, str], Paths]:
    """`log` with the fast path allowed, then with the slow path only."""
    with monkeypatch.context() as patch:
        paths = Paths(patch)
        fast = log(path, **options)
        paths.slow_only()
        slow = log(path, **options)
    return fast, slow, paths


def write_journal(path: Path, records: list[Any], damage: str, at: int) -> None:
    parts = [format_record(record) for record in records]
    if damage:
        parts.insert(min(at, len(parts)), damage)
    path.write_text("\n".join(parts), encoding="utf-8")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    sessions=st.lists(
        st.tuples(TEXTS, TEXTS, st.lists(TEXTS, max_size=2), MOMENTS, st.booleans()),
        max_size=12,
    ),
    damage=DAMAGE,
    damage_at=st.integers(0, 12),
    extra=st.integers(-3, 3),
    since=DAYS,
    until=DAYS,
    width=st.sampled_from([40, 80, 120]),
    color=st.booleans(),
    block=st.sampled_from([256, 2048, 1 << 18]),
)
def test_n_past_the_start_writes_what_the_slow_path_writes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sessions: list[tuple[str, str, list[str], Any, bool]],
    damage: str,
    damage_at: int,
    extra: int,
    since: date | None,
    until: date | None,
    width: int,
    color: bool,
    block: int,
) -> None:
    records = [
        make_record(
            index,
            notes=notes,
            title=title,
            tags=tuple(tags),
            started_at=moment,
            ended_at=moment + timedelta(minutes=8, seconds=28),
            completed=completed,
        )
        for index, (notes, title, tags, moment, completed) in enumerate(sessions)
    ]
    path = tmp_path / "journal.toml"
    write_journal(path, records, damage, damage_at)
    monkeypatch.setattr(journal_read, "BLOCK", block)  # many regions, or one
    monkeypatch.setattr(recent_log, "FAST_FROM", 1)
    if since is not None and until is not None and since > until:
        since, until = until, since
    limit = max(1, len(records) + extra)
    options = {
        "limit": limit,
        "since": since and since.isoformat(),
        "until": until and until.isoformat(),
        "width": width,
        "color": color,
    }
    fast, slow, paths = both_ways(monkeypatch, path, **options)
    assert fast == slow
    # every session fits: the fast path wrote them (unless a text holds "[[session]]", which
    # the quick count of records takes for one more: then the slow path, the same output)
    if not damage and extra >= 0 and "[[session]]" not in repr(sessions):
        assert paths.fast == 1


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("since", [None, "2026-04-01"])
def test_a_journal_with_damage_is_left_to_the_slow_path_and_written_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int, color: bool, since: str | None
) -> None:
    path = tmp_path / "journal.toml"
    mixed_journal(path)
    monkeypatch.setattr(journal_read, "BLOCK", 2048)
    fast, slow, paths = both_ways(
        monkeypatch, path, limit=100_000, since=since, width=width, color=color
    )
    assert fast == slow
    assert paths.slow == 1
    code, out, err = fast
    assert code == 0
    assert out.count("\n") > 60
    assert "this record was skipped" in err


def hostile_journal(path: Path, count: int) -> list[Any]:
    notes = [HOSTILE, "長い日本語のメモ" * 12, "line one\r\nline two", "", "word " * 40, "x" * 130]
    records = [
        make_record(
            index,
            notes=notes[index % len(notes)],
            title=["Pigeon", "Pigeon \u202e", "", "[bold]ピジョン[/bold] 🧘"][index % 4],
            tags=[(), ("tëst", "a\tb"), ("\x1b[31mred",)][index % 3],
            # out of order now and then: an import, two sessions that overlapped
            started_at=MOMENTS_BASE + timedelta(hours=index * 5 - (40 if index % 7 == 0 else 0)),
        )
        for index in range(count)
    ]
    path.write_text("\n".join(format_record(record) for record in records), encoding="utf-8")
    return records


MOMENTS_BASE = make_record(0).started_at - timedelta(days=400)


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize(
    "filters",
    [{}, {"since": "2025-11-01"}, {"until": "2025-12-01"}, {"since": "2199-01-01"}],
)
def test_unicode_markup_and_escapes_are_written_alike_and_take_the_fast_path(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    width: int,
    color: bool,
    filters: dict[str, str],
) -> None:
    path = tmp_path / "journal.toml"
    hostile_journal(path, 1200)
    fast, slow, paths = both_ways(
        monkeypatch, path, limit=1200, width=width, color=color, **filters
    )
    assert fast == slow
    assert paths.fast == 1
    code, out, err = fast
    assert code == 0
    assert err == ""
    if filters.get("since") == "2199-01-01":
        assert out == "No sessions since '2199-01-01'.\n"
    else:
        assert "\x1b]" not in out
        assert "\\x1b" in out
        assert ("\x1b[" in out) == color
        assert "Showing the" not in out  # every session is shown: no footer


def test_n_below_the_journals_length_reads_only_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.toml"
    hostile_journal(path, 1200)
    fast, slow, paths = both_ways(monkeypatch, path, limit=1100)
    assert fast == slow
    assert paths.slow == 1
    assert fast[1].rstrip().endswith("`hipcli log --all` shows more.")


@pytest.mark.parametrize(
    "options",
    [
        {"oneline": True},
        {"grep": "calm"},
        {"routine": "pigeon"},
        {"fmt": "json"},
        {"fmt": "markdown"},
    ],
)
def test_other_views_and_filters_keep_the_slow_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, Any]
) -> None:
    path = tmp_path / "journal.toml"
    hostile_journal(path, 1100)
    fast, slow, paths = both_ways(monkeypatch, path, limit=100_000, **options)
    assert fast == slow
    assert paths.fast == 0


def test_a_record_under_a_header_of_its_own_counts_towards_n(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.toml"
    records = hostile_journal(path, 1000)
    extra = format_record(make_record(5000)).replace("[[session]]\n", "[[ session ]]  # mine\n")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    fast, slow, paths = both_ways(monkeypatch, path, limit=len(records))
    assert fast == slow
    assert paths.slow == 1  # 1001 sessions after all: the footer says there are more
    assert "shows more" in fast[1]


@pytest.mark.parametrize("columns", ["40", "80", "120"])
def test_through_a_pipe_with_no_color_the_process_writes_the_same(
    tmp_path: Path, columns: str
) -> None:
    path = tmp_path / "journal.toml"
    hostile_journal(path, 1050)
    env = {**os.environ, "TZ": "UTC", "NO_COLOR": "1", "COLUMNS": columns}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "hipcli", "log", "--journal", str(path), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
        )

    whole = run("--all")
    recent = run("-n", "100000")
    since = run("--since", "2000-01-01", "-n", "1000000")
    assert whole.returncode == recent.returncode == since.returncode == 0
    assert recent.stdout == whole.stdout == since.stdout
    assert "\x1b[" not in recent.stdout
    assert max(len(line) for line in recent.stdout.splitlines()) <= int(columns)
