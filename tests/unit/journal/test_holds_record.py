"""The journal's `holds` (v2): from the engine to the record, written in the same single append,
read back (fast path and tomllib alike) next to v1 records, hostile values reported and skipped."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from hipcli.journal import append as journal_append
from hipcli.journal.append import append_session
from hipcli.journal.checkin import CheckIn, save_session, session_record
from hipcli.journal.fast import fast_record
from hipcli.journal.holds import MAX_HOLD_S, MAX_HOLDS, Hold
from hipcli.journal.read import read_journal, read_recent
from hipcli.journal.record import (
    JOURNAL_VERSION,
    format_record,
    record_from_table,
)
from hipcli.practice.session import HoldRun, Session, SessionSummary
from hipcli.practice.timeline import build_timeline
from hipcli.routine.validate import parse_routine
from tests.fake_clock import FakeClock
from tests.journal_records import make_record

START = datetime(2026, 11, 21, 7, 30, tzinfo=timezone(timedelta(hours=1)))
LUNGE = parse_routine(
    'title = "Lunge"\nlead_in = 5\nswitch = 5\n'
    '[[steps]]\nname = "Lunge"\nhold = 30\nsides = ["left", "right"]\n'
    '[[steps]]\nname = "Child\'s pose"\nhold = 60\n',
    name="lunge",
)
PIGEON_HOLDS = (
    Hold("Pigeon", "left", 60, 75, False),
    Hold("Pigeon", "right", 60, 60, False),
    Hold("Child's pose", None, 45, 10, True),
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "journal.toml"


def v1_text(index: int) -> str:
    """A record as hipcli wrote it before holds: `v = 1`, no `holds`."""
    text = format_record(make_record(index, v=1))
    assert "holds" not in text
    return text


# --- from the engine to the record -------------------------------------------------------------


def test_a_session_record_carries_the_holds_in_whole_seconds() -> None:
    summary = SessionSummary(
        planned_s=130,
        active_s=98.6,
        completed=False,
        steps_done=1,
        steps_total=2,
        holds=(HoldRun("Lunge", "left", 30, 44.6, False), HoldRun("Lunge", "right", 30, 0.4, True)),
    )
    record = session_record(
        LUNGE, summary, started_at=START, ended_at=START + timedelta(minutes=2), check_in=CheckIn()
    )
    assert record.v == JOURNAL_VERSION == 2
    assert record.holds == (
        Hold("Lunge", "left", 30, 45, False),
        Hold("Lunge", "right", 30, 0, True),
    )


def test_an_early_end_is_saved_with_the_holds_reached_so_far(path: Path) -> None:
    clock = FakeClock()
    session = Session(build_timeline(LUNGE), clock=clock, wall=None)
    session.start()
    clock.advance(5 + 10)
    session.update()
    session.extend()
    clock.advance(35 + 5 + 12)
    session.update()
    session.end()
    record = session_record(
        LUNGE,
        session.summary(),
        started_at=START,
        ended_at=START + timedelta(seconds=67),
        check_in=CheckIn(mood=3),
    )
    assert save_session(record, path).in_journal
    [saved] = read_journal(path).records
    assert saved.completed is False
    assert saved.holds == (
        Hold("Lunge", "left", 30, 45, False),
        Hold("Lunge", "right", 30, 12, False),
    )


def test_the_holds_go_in_the_same_single_append_before_the_id(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[bytes] = []
    real_write = journal_append.os.write

    def counting_write(fd: int, data: Any) -> int:
        writes.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(journal_append.os, "write", counting_write)
    append_session(path, make_record(holds=PIGEON_HOLDS))
    assert len(writes) == 1
    lines = writes[0].decode().splitlines()
    assert lines.count("[[session]]") == 1
    assert lines[-1].startswith("id = ")
    assert lines[-6:-1] == [
        "holds = [",
        '    { step = "Pigeon", side = "left", planned_s = 60, held_s = 75, skipped = false },',
        '    { step = "Pigeon", side = "right", planned_s = 60, held_s = 60, skipped = false },',
        '    { step = "Child\'s pose", planned_s = 45, held_s = 10, skipped = true },',
        "]",
    ]


def test_a_hold_with_a_long_name_stays_inside_the_record_above_its_seal() -> None:
    name = "A very long pose name " * 20 + '"quoted"\n\\'
    text = format_record(make_record(holds=(Hold(name, "left", 60, 60),)))
    assert "[[session.holds]]" not in text
    assert text.splitlines()[-1].startswith("id = ")
    assert fast_record(text) == make_record(holds=(Hold(name, "left", 60, 60),))


def test_a_session_that_reached_no_hold_says_so_with_an_empty_list(path: Path) -> None:
    append_session(path, make_record(holds=()))
    assert "holds = []\n" in path.read_text()
    assert read_journal(path).records[0].holds == ()


# --- v1 and v2 side by side --------------------------------------------------------------------


def test_v1_and_v2_records_are_read_side_by_side(path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(v1_text(0) + "\n")
    append_session(path, make_record(1, holds=PIGEON_HOLDS))
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n" + v1_text(2))
    append_session(path, make_record(3, holds=()))
    for contents in (read_journal(path), read_recent(path, 10)):
        assert contents.problems == []
        assert [(r.v, r.holds) for r in contents.records] == [
            (1, None),
            (2, PIGEON_HOLDS),
            (1, None),
            (2, ()),
        ]


def test_a_v1_record_reads_exactly_as_before() -> None:
    text = v1_text(0)
    table = tomllib.loads(text)["session"][0]
    assert fast_record(text) == record_from_table(table) == make_record(0, v=1)


def test_holds_are_read_the_same_by_the_fast_path_and_by_tomllib() -> None:
    record = make_record(holds=PIGEON_HOLDS)
    text = format_record(record)
    assert fast_record(text) == record
    assert record_from_table(tomllib.loads(text)["session"][0]) == record


def test_hand_written_holds_in_another_layout_are_read(path: Path) -> None:
    text = format_record(make_record(v=1)).replace(
        "v = 1\n",
        "holds = [{step='Frog', planned_s=90, held_s=100, skipped=false},\n"
        "  {step = 'Pigeon', side = 'left', planned_s = 60, held_s = 45, skipped = true}]\n",
    )
    path.write_text(text, encoding="utf-8")
    [record] = read_journal(path).records
    assert record.v == 2  # no `v`, but v2's fields
    assert record.holds == (Hold("Frog", None, 90, 100), Hold("Pigeon", "left", 60, 45, True))


# --- hostile holds -------------------------------------------------------------------------

HOSTILE_HOLDS = [
    ('"lots"', 'holds is "lots", but it must be a list of tables'),
    ("[1, 2]", "hold 1 is 1, but it must be a table"),
    ("[{step = 'P', planned_s = 60, held_s = 60}]", "hold 1: missing skipped"),
    ("[{planned_s = 60, held_s = 60, skipped = false}]", "hold 1: missing step"),
    ("[{step = 3, planned_s = 60, held_s = 60, skipped = false}]", "step is 3"),
    ("[{step = ' ', planned_s = 60, held_s = 60, skipped = false}]", 'step is " "'),
    ("[{step = 'P', side = '', planned_s = 60, held_s = 60, skipped = false}]", 'side is ""'),
    ("[{step = 'P', side = 2, planned_s = 60, held_s = 60, skipped = false}]", "side is 2"),
    ("[{step = 'P', planned_s = '60s', held_s = 60, skipped = false}]", 'planned_s is "60s"'),
    ("[{step = 'P', planned_s = 60, held_s = -1, skipped = false}]", "held_s is -1"),
    ("[{step = 'P', planned_s = 60, held_s = 60.5, skipped = false}]", "held_s is 60.5"),
    ("[{step = 'P', planned_s = 60, held_s = inf, skipped = false}]", "held_s is inf"),
    ("[{step = 'P', planned_s = 60, held_s = nan, skipped = false}]", "held_s is nan"),
    ("[{step = 'P', planned_s = 60, held_s = true, skipped = false}]", "held_s is true"),
    (
        "[{step = 'P', planned_s = 60, held_s = 9223372036854775807, skipped = false}]",
        "held_s is 9223372036854775807, but it must be a whole number from 0 to 86400",
    ),
    ("[{step = 'P', planned_s = 86401, held_s = 0, skipped = false}]", "planned_s is 86401"),
    ("[{step = 'P', planned_s = 60, held_s = 60, skipped = 1}]", "skipped is 1"),
    (
        "[{step = 'P', planned_s = 60, held_s = 60, skipped = false}, 'x']",
        'hold 2 is "x", but it must be a table',
    ),
    (
        "["
        + ", ".join(["{step = 'P', planned_s = 1, held_s = 1, skipped = false}"] * 10_000)
        + "]",
        f"holds has 10,000 entries, but a session has at most {MAX_HOLDS:,}",
    ),
]


@pytest.mark.parametrize(("holds", "message"), HOSTILE_HOLDS)
def test_hostile_holds_are_reported_with_the_line_and_only_that_record_is_skipped(
    path: Path, holds: str, message: str
) -> None:
    append_session(path, make_record(0, holds=PIGEON_HOLDS))
    damaged = format_record(make_record(1, holds=())).replace("holds = []", f"holds = {holds}")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n" + damaged)
    append_session(path, make_record(2, holds=PIGEON_HOLDS))
    header_line = len(format_record(make_record(0, holds=PIGEON_HOLDS)).splitlines()) + 2
    for contents in (read_journal(path), read_recent(path, 5)):
        assert [record.id for record in contents.records] == ["test-000000", "test-000002"]
        [problem] = contents.problems
        assert message in problem.message
        assert problem.line == header_line
        assert len(problem.message) < 300  # ten thousand entries are not each described


def test_the_fast_path_leaves_out_of_range_holds_to_tomllib_to_report() -> None:
    good = format_record(make_record(holds=(Hold("P", "left", 60, 60),)))
    for old, new in [
        ("held_s = 60", f"held_s = {MAX_HOLD_S + 1}"),
        ("planned_s = 60", "planned_s = 9999999999999999"),
        ('side = "left"', 'side = " "'),
        ('step = "P"', 'step = ""'),
    ]:
        damaged = good.replace(old, new)
        assert damaged != good
        assert fast_record(damaged) is None
        assert isinstance(record_from_table(tomllib.loads(damaged)["session"][0]), str)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    { step", "  { step"),
        ("    { step", "    {step"),
        ("held_s = 75, ", "held_s = 75 , "),
        ("held_s = 75, ", "held_s = 0x4b, "),
    ],
)
def test_holds_in_another_valid_layout_leave_the_fast_path_and_read_the_same(
    old: str, new: str
) -> None:
    record = make_record(holds=PIGEON_HOLDS)
    changed = format_record(record).replace(old, new, 1)
    assert fast_record(changed) is None
    assert record_from_table(tomllib.loads(changed)["session"][0]) == record


def test_a_hold_line_that_is_not_toml_is_reported(path: Path) -> None:
    text = format_record(make_record(holds=PIGEON_HOLDS))
    path.write_text(text.replace("skipped = false },", "skipped = false, },", 1))
    [problem] = read_journal(path).problems
    # the first hold's line: the header is line 1, `holds = [` line 17
    assert problem.message.startswith("not valid TOML at line 18")


def test_too_many_holds_take_the_slow_path_and_are_refused() -> None:
    entry = '    { step = "P", planned_s = 1, held_s = 1, skipped = false },\n'
    text = format_record(make_record(holds=())).replace(
        "holds = []\n", "holds = [\n" + entry * (MAX_HOLDS + 1) + "]\n"
    )
    assert fast_record(text) is None
    assert "at most" in str(record_from_table(tomllib.loads(text)["session"][0]))


def test_the_most_holds_a_routine_can_have_fit_in_a_record(path: Path) -> None:
    holds = tuple(Hold(f"Step {n}", "left", 60, 60) for n in range(MAX_HOLDS))
    append_session(path, make_record(holds=holds))
    assert read_journal(path).records[0].holds == holds


def test_an_endless_hold_is_kept_at_a_day_rather_than_lost() -> None:
    summary = SessionSummary(
        planned_s=60,
        active_s=100_000.0,
        completed=True,
        steps_done=1,
        steps_total=1,
        holds=(HoldRun("Pigeon", None, 60, 100_000.0, False),),
    )
    record = session_record(
        LUNGE, summary, started_at=START, ended_at=START + timedelta(days=2), check_in=CheckIn()
    )
    assert record.holds == (Hold("Pigeon", None, 60, MAX_HOLD_S, False),)
    format_record(record)  # writable
