"""The holds a session records: one entry per hold reached, planned against held, on the fake
clock. (The routine: lead-in 5 | Lunge left 30 | switch 5 | Lunge right 30 | rest 10 | Child 60.)
"""

from __future__ import annotations

import pytest

from hipcli.practice.session import EXTEND_S, HoldRun, Session
from hipcli.practice.timeline import build_timeline
from hipcli.routine.model import Routine, Step
from tests.fake_clock import FakeClock

ROUTINE = Routine(
    name="test",
    title="Test",
    steps=(
        Step("Lunge", 30, ("left", "right"), "cue", rest_s=10, switch_s=5),
        Step("Child", 60, (), "cue"),
    ),
    lead_in_s=5,
)


def started() -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(build_timeline(ROUTINE), clock=clock, wall=None)
    session.start()
    return session, clock


def move(session: Session, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    session.update()


def holds(session: Session) -> list[tuple[str, str | None, int, float, bool]]:
    return [
        (hold.step, hold.side, hold.planned_s, round(hold.held_s, 6), hold.skipped)
        for hold in session.summary().holds
    ]


def test_a_session_run_to_its_end_holds_every_hold_as_planned() -> None:
    session, clock = started()
    move(session, clock, 140)
    assert holds(session) == [
        ("Lunge", "left", 30, 30, False),
        ("Lunge", "right", 30, 30, False),
        ("Child", None, 60, 60, False),
    ]


def test_lead_in_switches_and_rests_are_not_holds() -> None:
    session, clock = started()
    move(session, clock, 5 + 30 + 5 + 30 + 10)  # to the start of Child
    session.end()
    assert [hold.step for hold in session.summary().holds] == ["Lunge", "Lunge", "Child"]
    assert session.summary().holds[-1].held_s == 0


def test_an_extension_counts_in_the_time_held_and_not_in_the_plan() -> None:
    session, clock = started()
    move(session, clock, 5 + 10)
    session.extend()
    move(session, clock, 30 + EXTEND_S - 10 + 5 + 30 + 10 + 60)
    assert session.summary().completed
    assert holds(session)[0] == ("Lunge", "left", 30, 30 + EXTEND_S, False)
    assert holds(session)[1] == ("Lunge", "right", 30, 30, False)


def test_next_cuts_a_hold_short_and_marks_it_skipped_with_the_time_it_was_held() -> None:
    session, clock = started()
    move(session, clock, 5 + 12)
    session.next()
    move(session, clock, 5 + 30 + 10 + 60)
    assert holds(session)[0] == ("Lunge", "left", 30, 12, True)
    assert [hold.skipped for hold in session.summary().holds] == [True, False, False]


def test_next_after_the_planned_time_of_an_extended_hold_is_not_a_skip() -> None:
    session, clock = started()
    move(session, clock, 5)
    session.extend()
    move(session, clock, 35)  # five seconds into the extension
    session.next()
    assert holds(session)[0] == ("Lunge", "left", 30, 35, False)


def test_pauses_are_not_counted_as_held() -> None:
    session, clock = started()
    move(session, clock, 5 + 10)
    session.toggle_pause()
    move(session, clock, 600)
    session.toggle_pause()
    move(session, clock, 20 + 5 + 4)
    session.toggle_pause()
    move(session, clock, 45)
    session.toggle_pause()
    move(session, clock, 26 + 10 + 60)
    assert session.summary().completed
    assert holds(session) == [
        ("Lunge", "left", 30, 30, False),
        ("Lunge", "right", 30, 30, False),
        ("Child", None, 60, 60, False),
    ]


def test_restarting_a_hold_keeps_one_entry_with_the_time_of_both_visits() -> None:
    session, clock = started()
    move(session, clock, 5 + 30 + 5 + 10)  # ten seconds into the right side
    session.back()  # after more than three seconds: the hold starts again
    move(session, clock, 30 + 10 + 60)
    assert holds(session) == [
        ("Lunge", "left", 30, 30, False),
        ("Lunge", "right", 30, 40, False),
        ("Child", None, 60, 60, False),
    ]


def test_going_back_to_an_earlier_hold_adds_to_it_and_keeps_the_order() -> None:
    session, clock = started()
    move(session, clock, 5 + 30 + 5 + 2)  # two seconds into the right side
    session.back()  # to the switch
    session.back()  # at once: to the left side, which starts again
    move(session, clock, 30 + 5 + 30 + 10 + 60)
    assert holds(session) == [
        ("Lunge", "left", 30, 60, False),
        ("Lunge", "right", 30, 32, False),
        ("Child", None, 60, 60, False),
    ]


def test_a_skipped_hold_held_in_full_after_going_back_is_no_longer_skipped() -> None:
    session, clock = started()
    move(session, clock, 5 + 10)
    session.next()  # skip the left side after ten seconds
    session.back()  # at once: back to it
    move(session, clock, 30)
    assert holds(session)[0] == ("Lunge", "left", 30, 40, False)


def test_going_back_over_a_hold_to_skip_it_again_keeps_it_skipped() -> None:
    session, clock = started()
    move(session, clock, 5 + 30 + 1)  # into the switch
    session.back()  # to the left side
    move(session, clock, 4)
    session.next()
    assert holds(session)[0] == ("Lunge", "left", 30, 34, True)


def test_skipping_through_every_hold_records_each_one_skipped() -> None:
    session, _ = started()
    while session.next():
        pass
    assert holds(session) == [
        ("Lunge", "left", 30, 0, True),
        ("Lunge", "right", 30, 0, True),
        ("Child", None, 60, 0, True),
    ]


def test_an_early_end_keeps_the_holds_reached_so_far() -> None:
    session, clock = started()
    move(session, clock, 5 + 30 + 5 + 12)
    session.end()
    assert holds(session) == [
        ("Lunge", "left", 30, 30, False),
        ("Lunge", "right", 30, 12, False),
    ]


def test_an_early_end_in_a_rest_leaves_the_next_hold_out() -> None:
    session, clock = started()
    move(session, clock, 5 + 30 + 5 + 30 + 4)
    session.end()
    assert [hold.side for hold in session.summary().holds] == ["left", "right"]


def test_an_early_end_in_the_lead_in_has_no_holds() -> None:
    session, clock = started()
    move(session, clock, 3)
    session.end()
    assert session.summary().holds == ()


def test_a_summary_taken_mid_hold_counts_the_hold_so_far() -> None:
    session, clock = started()
    move(session, clock, 5 + 30 + 5 + 7)
    session.toggle_pause()
    move(session, clock, 100)
    assert holds(session)[-1] == ("Lunge", "right", 30, 7, False)


def test_a_catch_up_at_the_end_counts_holds_that_ran_out_in_full() -> None:
    session, clock = started()
    clock.advance(5 + 30 + 5 + 30 + 3)  # no update() in between: the display lagged
    session.end()
    assert holds(session) == [
        ("Lunge", "left", 30, 30, False),
        ("Lunge", "right", 30, 30, False),
    ]


@pytest.mark.parametrize("extensions", [0, 1, 3])
def test_held_time_is_exact_on_the_fake_clock(extensions: int) -> None:
    session, clock = started()
    move(session, clock, 5)
    for _ in range(extensions):
        session.extend()
    move(session, clock, 30 + extensions * EXTEND_S)
    first = session.summary().holds[0]
    assert first == HoldRun("Lunge", "left", 30, 30.0 + extensions * EXTEND_S, False)
