"""Small victories on crafted histories: each kind when it is true, and nothing when nothing is."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord
from hipcli.review.victories import Kind, noticed, session_victory
from tests.journal_records import make_record

_count = 0


def day(month: int, number: int) -> datetime:
    return datetime(2026, month, number, 12, 0, tzinfo=UTC)


def pigeon(left: int = 60, right: int = 60, *, skipped: bool = False) -> tuple[Hold, ...]:
    return (Hold("Pigeon", "left", 60, left), Hold("Pigeon", "right", 60, right, skipped))


def session(
    when: datetime,
    holds: tuple[Hold, ...] = (),
    *,
    routine: str = "pigeon",
    title: str = "Pigeon",
    completed: bool = True,
) -> SessionRecord:
    global _count
    _count += 1
    return make_record(
        _count,
        started_at=when,
        routine=routine,
        title=title,
        completed=completed,
        holds=holds or pigeon(),
    )


def steady_history() -> list[SessionRecord]:
    """Three quiet days in November: the same routine, completed, as planned."""
    return [session(day(11, number)) for number in (2, 3, 4)]


def said(record: SessionRecord, history: list[SessionRecord]) -> tuple[Kind, str] | None:
    victory = session_victory(record, history)
    return (victory.kind, victory.text) if victory else None


def test_nothing_is_said_when_nothing_is_true() -> None:
    assert said(session(day(11, 5)), steady_history()) is None


def test_the_first_completion_of_a_routine() -> None:
    history = [session(day(11, n), completed=False) for n in (2, 3, 4)]
    assert said(session(day(11, 5)), history) == (
        Kind.FIRST_COMPLETION,
        "You completed Pigeon for the first time.",
    )
    assert said(session(day(11, 5), completed=False), history) is None
    assert said(session(day(11, 5)), steady_history()) is None  # completed before


def test_the_very_first_session_completed_is_a_first_completion() -> None:
    assert said(session(day(11, 5)), [])[0] is Kind.FIRST_COMPLETION  # type: ignore[index]


def test_the_longest_hold_of_a_pose_on_a_side_so_far() -> None:
    record = session(day(11, 5), pigeon(left=75, right=70))
    assert said(record, steady_history()) == (
        Kind.LONGEST_HOLD,
        "Your longest Pigeon hold on the left so far: 1m 15s.",  # the larger gain of the two
    )


def test_a_hold_without_sides_says_no_side() -> None:
    history = [session(day(11, n), (Hold("Frog", None, 90, 90),)) for n in (2, 3)]
    record = session(day(11, 4), (Hold("Frog", None, 90, 120),))
    assert said(record, history) == (Kind.LONGEST_HOLD, "Your longest Frog hold so far: 2m 00s.")


def test_no_longest_hold_for_a_skip_a_first_hold_or_a_few_seconds_more() -> None:
    assert said(session(day(11, 5), pigeon(left=63)), steady_history()) is None
    first_frog = session(day(11, 5), (Hold("Frog", None, 90, 300),))
    assert said(first_frog, steady_history()) is None  # nothing to be longer than
    history = [session(day(11, 2), pigeon(right=50)), session(day(11, 3), pigeon(right=50))]
    skipped_long = session(day(11, 4), (Hold("Pigeon", "right", 90, 70, True),))
    assert said(skipped_long, history) is None


def test_a_skipped_hold_is_not_the_longest_hold_to_beat() -> None:
    history = [
        session(day(11, 2), pigeon(right=50)),
        session(day(11, 3), pigeon(right=90, skipped=True)),  # `n` at 90 s of a 60 s plan
    ]
    assert said(session(day(11, 4), pigeon(right=60)), history) == (
        Kind.LONGEST_HOLD,
        "Your longest Pigeon hold on the right so far: 1m 00s.",
    )


def uneven_history() -> list[SessionRecord]:
    """The right side held as long as the left in September, and shorter lately."""
    return [
        session(day(9, 20), pigeon(left=90, right=90)),
        *(
            session(when, pigeon(left=90, right=60))
            for when in (day(10, 30), day(11, 3), day(11, 4))
        ),
    ]


def test_a_side_catching_up_with_the_other() -> None:
    history = uneven_history()
    assert said(session(day(11, 5), pigeon(left=90, right=90)), history) == (
        Kind.SIDE_CATCHING_UP,
        "Your right side is catching up with the left in Pigeon.",
    )
    # not when the side behind stays behind, nor when the sides were even all along
    assert said(session(day(11, 5), pigeon(left=90, right=75)), history) is None
    assert said(session(day(11, 5), pigeon(left=60, right=60)), steady_history()) is None


def test_a_side_catching_up_is_told_once_a_window_not_every_session() -> None:
    history = uneven_history()
    caught = [session(day(11, n), pigeon(left=90, right=90)) for n in (5, 6)]
    kinds = [(v.at.day, v.kind) for v in noticed([*history, *caught])]
    assert (5, Kind.SIDE_CATCHING_UP) in kinds
    assert (6, Kind.SIDE_CATCHING_UP) not in kinds
    # the session after the first one, at its end, says nothing either
    assert said(caught[1], [*history, caught[0]]) is None


def test_welcome_back_after_a_break() -> None:
    history = [session(day(10, 10)), session(day(10, 12))]
    assert said(session(day(10, 26)), history) == (Kind.WELCOME_BACK, "Welcome back to the mat.")
    assert said(session(day(10, 25)), history) is None  # thirteen days is no break


def test_a_round_number_of_sessions_this_month() -> None:
    history = [session(day(10, 30)), *(session(day(11, n)) for n in (1, 2, 3, 4))]
    assert said(session(day(11, 5)), history[:-1]) is None  # the fourth of November
    assert said(session(day(11, 6)), history) == (
        Kind.SESSIONS_THIS_MONTH,
        "That makes 5 sessions this month.",
    )


def test_only_the_first_true_fact_is_said_and_progress_lists_them_all() -> None:
    history = [session(day(10, 1), completed=False)]
    record = session(day(10, 20), pigeon(left=80))
    assert said(record, history) == (Kind.WELCOME_BACK, "Welcome back to the mat.")
    assert [v.kind for v in noticed([*history, record])] == [
        Kind.WELCOME_BACK,
        Kind.FIRST_COMPLETION,
        Kind.LONGEST_HOLD,
    ]


def test_the_session_itself_and_later_sessions_are_not_its_history() -> None:
    history = steady_history()
    record = session(day(11, 5), pigeon(left=75))
    later = session(day(11, 9), pigeon(left=120))
    assert said(record, [*history, record, later]) == said(record, history)


def test_noticed_lists_newest_first_from_the_day_asked() -> None:
    history = [session(day(10, 1)), session(day(10, 20), pigeon(left=80))]
    found = noticed(history, since=day(10, 15))
    assert [(v.at, v.kind) for v in found] == [
        (day(10, 20), Kind.WELCOME_BACK),
        (day(10, 20), Kind.LONGEST_HOLD),
    ]


def random_history(seed: int, count: int = 400) -> list[SessionRecord]:
    """Sessions every few days, now and then after a break; some holds skipped, and some
    sessions sharing the very list of holds of an earlier one (as the journal's reader shares
    equal lists)."""
    rng = random.Random(seed)
    moment = day(1, 1)
    records: list[SessionRecord] = []
    for _ in range(count):
        moment += timedelta(days=rng.choice([1, 1, 2, 3, 15]))
        left, right = rng.choice([45, 60, 60, 75, 90]), rng.choice([30, 60, 60, 90, 120])
        holds = pigeon(left, right, skipped=rng.random() < 0.1)
        if records and rng.random() < 0.3:
            holds = rng.choice(records).holds or holds
        routine = rng.choice(["pigeon", "frog", "morning"])
        records.append(session(moment, holds, routine=routine, completed=rng.random() < 0.7))
    return records


def test_the_facts_from_a_day_on_are_those_of_the_whole_history_from_that_day() -> None:
    records = random_history(8)
    everything = noticed(records)
    for since in (records[150].started_at, records[300].started_at, records[-1].started_at):
        assert noticed(records, since) == [v for v in everything if v.at >= since]


def test_sessions_long_before_still_count_for_first_completions_and_longest_holds() -> None:
    def frog(held: int, when: datetime, *, skipped: bool = False) -> SessionRecord:
        hold = Hold("Frog", None, 120, held, skipped)
        return session(when, (hold,), routine="frog", title="Frog", completed=not skipped)

    records = [
        frog(120, day(1, 5)),  # long before: the best to beat, and the first completion
        frog(200, day(1, 6), skipped=True),  # no best to beat
        *(session(day(1, 12) + timedelta(weeks=n)) for n in range(42)),  # pigeon, weekly
        frog(100, day(11, 2)),
        frog(118, day(11, 3)),
        frog(125, day(11, 4)),
    ]
    everything = noticed(records)
    since = day(11, 2)
    assert noticed(records, since) == [v for v in everything if v.at >= since]
    assert said(records[-3], records) is None  # not a first completion
    assert said(records[-2], records) is None  # not 5 s longer than 2m 00s
    assert said(records[-1], records) == (
        Kind.LONGEST_HOLD,
        "Your longest Frog hold so far: 2m 05s.",
    )
    assert said(records[-3], records[:2])[0] is Kind.WELCOME_BACK  # type: ignore[index]


def test_what_a_session_is_told_is_the_first_fact_progress_lists_for_it() -> None:
    records = random_history(9, 120)
    everything = noticed(records)
    for index in range(0, 120, 7):
        record = records[index]
        first = next((v for v in everything if v.session == record.id), None)
        assert session_victory(record, records) == first


PRESSURE = re.compile(
    r"\b(should|must|need|try|don't|missed|lost|only|streak|heal\w*|cure\w*|better)\b|!",
    re.IGNORECASE,
)


def test_every_victory_is_one_short_kind_line_without_pressure_or_promises() -> None:
    found = noticed(random_history(5))
    assert {victory.kind for victory in found} == set(Kind)
    for victory in found:
        assert "\n" not in victory.text
        assert len(victory.text) <= 70
        assert not PRESSURE.search(victory.text), victory.text
