"""A session whose process is stopped (Ctrl+Z, SIGTSTP, SIGSTOP) and continued: the time stopped
is not practice, and the session waits, paused where it stopped (issue 10, item 7)."""

from __future__ import annotations

from fake_clock import FakeClock

from hipcli.practice.session import (
    PauseReason,
    Session,
    SessionFinished,
    SessionState,
    StopNoticed,
)
from hipcli.practice.timeline import build_timeline
from hipcli.routine.model import NATURAL, Routine, Step

# lead-in 5 | Pigeon 60 | rest 10 | Child 30
ROUTINE = Routine(
    name="test",
    title="Test",
    steps=(
        Step("Pigeon", 60, (), "", NATURAL, 10, 5),
        Step("Child", 30, (), "", NATURAL, 10, 5),
    ),
    lead_in_s=5,
)


def started() -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(build_timeline(ROUTINE), clock=clock, wall=clock)
    session.start()
    return session, clock


def test_the_time_a_stopped_session_spends_stopped_is_not_practice() -> None:
    session, clock = started()
    clock.advance(20)  # lead-in done, 15 s into the hold
    session.update()
    session.note_stop()  # Ctrl+Z
    clock.advance(600)  # ten minutes in the background
    session.note_continue()  # fg
    events = session.update()
    assert [type(e) for e in events] == [StopNoticed]
    assert events[0].stopped_s == 600
    assert session.state is SessionState.PAUSED
    assert session.pause_reason is PauseReason.STOPPED
    assert session.active_s() == 20
    assert session.remaining_s() == 45
    clock.advance(3)
    session.toggle_pause()  # space: carry on from where it stopped
    clock.advance(45)
    events = session.update()
    assert session.index == 2  # the hold ran its full minute, then the rest began
    assert session.active_s() == 65


def test_segments_that_ran_out_before_the_stop_were_practised_in_full() -> None:
    session, clock = started()
    clock.advance(4)
    session.update()
    clock.advance(3)  # the lead-in ran out a second ago; no tick since
    session.note_stop()
    clock.advance(100)
    session.note_continue()
    session.update()
    assert session.index == 1  # in the hold, 2 s in, paused
    assert session.active_s() == 7
    assert session.elapsed_s() == 2


def test_the_first_key_after_fg_finds_the_session_paused() -> None:
    """Space pressed before the next tick must not count the stop, nor pause from 'now'."""
    session, clock = started()
    clock.advance(10)
    session.update()
    session.note_stop()
    clock.advance(300)
    session.note_continue()
    assert [type(e) for e in session.toggle_pause()] == [StopNoticed]
    assert session.state is SessionState.PAUSED
    assert session.active_s() == 10
    session.pause()  # the screen's own "pause" action: still paused from the stop
    assert session.active_s() == 10


def test_a_silent_sigstop_is_caught_at_the_continue() -> None:
    session, clock = started()
    clock.advance(8)
    session.update()
    clock.advance(120)  # SIGSTOP: no handler ran; only SIGCONT is seen
    session.note_continue()
    events = session.update()
    assert [type(e) for e in events] == [StopNoticed]
    assert session.active_s() == 8


def test_a_continue_without_a_stop_changes_nothing() -> None:
    session, clock = started()
    clock.advance(8)
    session.update()
    clock.advance(0.2)  # an ordinary tick's gap
    session.note_continue()
    assert session.update() == []
    assert session.state is SessionState.RUNNING


def test_a_stop_while_paused_or_finished_changes_nothing() -> None:
    session, clock = started()
    clock.advance(8)
    session.toggle_pause()
    session.note_stop()
    clock.advance(50)
    session.note_continue()
    assert session.update() == []
    session.toggle_pause()
    assert session.state is SessionState.RUNNING
    assert session.active_s() == 8
    events = session.end()
    assert any(isinstance(e, SessionFinished) for e in events)
    session.note_stop()
    assert session.update() == []
