"""The engine: timeline expansion, a session over a fake clock, and the breath cue."""

from __future__ import annotations

import bisect
import random

import pytest

from hipcli.practice.breath import BreathPhase, breath_cue
from hipcli.practice.session import (
    BACK_RESTARTS_AFTER_S,
    EXTEND_S,
    LeftBy,
    PauseReason,
    SegmentStarted,
    Session,
    SessionFinished,
    SessionState,
    SleepDetected,
)
from hipcli.practice.timeline import SegmentKind, Timeline, build_timeline
from hipcli.routine.durations import format_clock
from hipcli.routine.model import (
    BREATH_PATTERNS,
    NATURAL,
    BreathPattern,
    Routine,
    Step,
    routine_total_s,
)
from hipcli.routine.validate import load_routine
from tests.conftest import BUILTIN_ROUTINES
from tests.fake_clock import FakeClock

BOX = BREATH_PATTERNS["box"]


def step(
    name: str,
    hold: int,
    sides: tuple[str, ...] = (),
    *,
    rest: int = 10,
    switch: int = 5,
    breath: BreathPattern = NATURAL,
) -> Step:
    return Step(name, hold, sides, f"cue for {name}", breath, rest, switch)


def routine(*steps: Step, lead_in: int = 5) -> Routine:
    return Routine(name="test", title="Test", steps=steps, lead_in_s=lead_in)


# lead-in 5 | Lunge left 30 | switch 5 | Lunge right 30 | rest 10 | Child 60   = 140 s
LUNGE_AND_CHILD = routine(
    step("Lunge", 30, ("left", "right"), breath=BOX), step("Child", 60, breath=NATURAL)
)


def started(
    rt: Routine = LUNGE_AND_CHILD, *, wall: FakeClock | None = None
) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(build_timeline(rt), clock=clock, wall=wall)
    session.start()
    return session, clock


def finished_events(events: list[object]) -> list[SessionFinished]:
    return [e for e in events if isinstance(e, SessionFinished)]


# --- the timeline ---------------------------------------------------------------------------------


def test_a_routine_expands_to_lead_in_holds_per_side_switches_and_rests() -> None:
    timeline = build_timeline(LUNGE_AND_CHILD)
    assert [(s.kind, s.duration_s, s.start_s, s.side, s.label) for s in timeline.segments] == [
        (SegmentKind.LEAD_IN, 5, 0, None, "Get ready"),
        (SegmentKind.HOLD, 30, 5, "left", "Lunge · left"),
        (SegmentKind.SWITCH, 5, 35, "right", "Switch to right"),
        (SegmentKind.HOLD, 30, 40, "right", "Lunge · right"),
        (SegmentKind.REST, 10, 70, None, "Rest"),
        (SegmentKind.HOLD, 60, 80, None, "Child"),
    ]
    assert timeline.total_s == 140 == routine_total_s(LUNGE_AND_CHILD)


def test_switch_time_is_not_taken_from_the_second_side() -> None:
    timeline = build_timeline(routine(step("Pigeon", 90, ("left", "right"), switch=10)))
    holds = [s for s in timeline.segments if s.kind is SegmentKind.HOLD]
    assert [h.duration_s for h in holds] == [90, 90]
    assert holds[1].start_s == holds[0].start_s + 90 + 10
    assert timeline.total_s == 5 + 90 + 10 + 90


def test_every_side_gets_a_hold_and_a_switch_before_it() -> None:
    timeline = build_timeline(routine(step("Circles", 20, ("a", "b", "c")), lead_in=0))
    assert [(s.kind, s.side) for s in timeline.segments] == [
        (SegmentKind.HOLD, "a"),
        (SegmentKind.SWITCH, "b"),
        (SegmentKind.HOLD, "b"),
        (SegmentKind.SWITCH, "c"),
        (SegmentKind.HOLD, "c"),
    ]


def test_rests_come_only_between_steps_each_using_the_rest_of_the_step_before() -> None:
    timeline = build_timeline(
        routine(step("A", 10, rest=20), step("B", 10, rest=30), step("C", 10, rest=40))
    )
    rests = [s for s in timeline.segments if s.kind is SegmentKind.REST]
    assert [(r.duration_s, r.step_index, r.step.name) for r in rests] == [
        (20, 1, "B"),
        (30, 2, "C"),
    ]
    assert timeline.segments[-1].kind is SegmentKind.HOLD


def test_zero_length_lead_in_rest_and_switch_are_left_out() -> None:
    timeline = build_timeline(
        routine(step("A", 10, ("l", "r"), rest=0, switch=0), step("B", 10), lead_in=0)
    )
    assert [s.kind for s in timeline.segments] == [SegmentKind.HOLD] * 3
    assert [s.start_s for s in timeline.segments] == [0, 10, 20]
    assert timeline.total_s == 30 == routine_total_s(timeline.routine)


def test_each_segment_starts_where_the_one_before_ends() -> None:
    timeline = build_timeline(load_routine(BUILTIN_ROUTINES / "pigeon.toml"))
    offset = 0
    for segment in timeline.segments:
        assert segment.start_s == offset
        offset += segment.duration_s
    assert offset == timeline.total_s


@pytest.mark.parametrize("path", sorted(BUILTIN_ROUTINES.glob("*.toml")), ids=lambda p: p.stem)
def test_the_timeline_total_is_the_routine_total_for_every_built_in(path) -> None:  # type: ignore[no-untyped-def]
    loaded = load_routine(path)
    assert build_timeline(loaded).total_s == routine_total_s(loaded)


def test_only_holds_are_paced_with_their_steps_breath() -> None:
    timeline = build_timeline(LUNGE_AND_CHILD)
    assert [s.breath.name for s in timeline.segments] == [
        "natural",
        "box",
        "natural",
        "box",
        "natural",
        "natural",
    ]


def test_a_step_is_done_after_its_last_hold() -> None:
    timeline = build_timeline(LUNGE_AND_CHILD)
    assert [timeline.is_last_hold_of_step(i) for i in range(6)] == [
        False,
        False,
        False,
        True,
        False,
        True,
    ]


def test_a_session_needs_at_least_one_segment() -> None:
    with pytest.raises(ValueError, match="at least one segment"):
        Session(Timeline(routine(), ()), clock=FakeClock(), wall=None)


# --- running a session ----------------------------------------------------------------------------


def test_a_new_session_waits_for_start() -> None:
    clock = FakeClock()
    session = Session(build_timeline(LUNGE_AND_CHILD), clock=clock, wall=None)
    clock.advance(100)
    assert session.state is SessionState.READY
    assert session.update() == []
    assert session.elapsed_s() == 0.0
    assert session.remaining_s() == 5
    assert session.start() == [SegmentStarted(0, session.segment)]
    assert session.start() == []  # starting twice does nothing


def test_a_session_can_start_from_the_moment_its_first_frame_was_shown() -> None:
    # The screen notes the clock as the first frame is painted and starts from it a few ms later:
    # the session ends when that frame plus the routine's length says it does.
    clock = FakeClock()
    session = Session(build_timeline(LUNGE_AND_CHILD), clock=clock, wall=None)
    shown = session.clock()
    clock.advance(0.02)
    session.start(at=shown)
    assert session.remaining_s() == pytest.approx(5 - 0.02)
    clock.advance(5 - 0.02)
    assert session.update() == [SegmentStarted(1, session.timeline.segments[1])]


def test_a_start_from_a_moment_still_to_come_starts_now() -> None:
    clock = FakeClock()
    session = Session(build_timeline(LUNGE_AND_CHILD), clock=clock, wall=None)
    session.start(at=clock() + 3)
    assert session.remaining_s() == 5


def test_a_segment_ends_exactly_on_its_deadline() -> None:
    session, clock = started()
    clock.advance(4.999)
    assert session.update() == []
    assert session.remaining_s() == pytest.approx(0.001)
    clock.advance(0.001)
    assert session.update() == [SegmentStarted(1, session.timeline.segments[1])]
    assert session.remaining_s() == 30


def test_a_late_update_hands_the_deadline_on_instead_of_restarting_the_clock() -> None:
    session, clock = started()
    clock.advance(5.7)  # the UI ticked 0.7 s late
    session.update()
    assert session.index == 1
    assert session.elapsed_s() == pytest.approx(0.7)
    assert session.remaining_s() == pytest.approx(29.3)


def test_one_update_after_ten_minutes_lands_in_the_right_segment() -> None:
    rt = routine(
        step("A", 120, ("left", "right"), switch=10, rest=20),
        step("B", 180, rest=15),
        step("C", 90, ("left", "right")),
    )  # 5 | 120 10 120 | 20 | 180 | 15 | 90 5 90   -> 600 s is 35 s into C · right
    session, clock = started(rt)
    clock.advance(600)
    events = session.update()
    assert [e.index for e in events if isinstance(e, SegmentStarted)] == list(range(1, 10))
    assert session.segment.label == "C · right"
    assert session.remaining_s() == pytest.approx(90 - 35)
    assert session.active_s() == pytest.approx(600)
    assert [run.left_by for run in session.summary().runs] == [LeftBy.TIME] * 9


def test_a_pause_mid_hold_does_not_shorten_the_hold() -> None:
    session, clock = started()
    clock.advance(5 + 10)
    session.update()
    assert session.segment.label == "Lunge · left"
    session.toggle_pause()
    assert session.state is SessionState.PAUSED
    clock.advance(100)
    assert session.update() == []
    assert session.remaining_s() == pytest.approx(20)
    session.toggle_pause()
    assert session.state is SessionState.RUNNING
    clock.advance(19.9)
    session.update()
    assert session.segment.label == "Lunge · left"
    clock.advance(0.1)
    session.update()
    assert session.segment.kind is SegmentKind.SWITCH
    assert session.active_s() == pytest.approx(35)


def test_several_pauses_in_one_hold_add_up() -> None:
    session, clock = started()
    clock.advance(5)
    session.update()
    for _ in range(3):
        clock.advance(5)
        session.pause()
        clock.advance(60)
        session.resume()
    session.update()
    assert session.remaining_s() == pytest.approx(15)
    clock.advance(15)
    session.update()
    assert session.segment.kind is SegmentKind.SWITCH


def test_pausing_and_resuming_twice_is_harmless() -> None:
    session, _clock = started()
    session.pause()
    session.pause()
    assert session.state is SessionState.PAUSED
    session.resume()
    session.resume()
    assert session.state is SessionState.RUNNING
    assert session.pause_reason is None


def test_next_skips_to_the_start_of_the_next_segment() -> None:
    session, clock = started()
    clock.advance(2)
    events = session.next()
    assert events == [SegmentStarted(1, session.segment)]
    assert session.remaining_s() == 30
    (run,) = session.summary().runs
    assert (run.index, run.planned_s, run.actual_s, run.left_by) == (0, 5, 2, LeftBy.NEXT)


def test_next_on_the_last_segment_finishes_the_routine() -> None:
    session, clock = started(routine(step("A", 10), lead_in=0))
    clock.advance(3)
    assert session.next() == [SessionFinished(completed=True)]
    assert session.state is SessionState.FINISHED
    assert session.summary().steps_done == 1


def test_next_while_paused_stays_paused_at_the_start_of_the_next_segment() -> None:
    session, clock = started()
    clock.advance(2)
    session.pause()
    clock.advance(50)
    session.next()
    assert session.state is SessionState.PAUSED
    clock.advance(50)
    assert session.remaining_s() == 30
    session.resume()
    clock.advance(10)
    session.update()
    assert session.index == 1
    assert session.remaining_s() == pytest.approx(20)


def test_back_after_a_few_seconds_restarts_the_segment() -> None:
    session, clock = started()
    clock.advance(5 + 10)
    session.update()
    events = session.back()
    assert events == [SegmentStarted(1, session.segment)]
    assert session.index == 1
    assert session.remaining_s() == 30
    assert session.summary().runs[-1].left_by is LeftBy.BACK
    assert session.active_s() == pytest.approx(15)  # the time practised still counts


def test_back_at_the_start_of_a_segment_goes_to_the_previous_one() -> None:
    session, clock = started()
    clock.advance(5 + BACK_RESTARTS_AFTER_S - 0.5)
    session.update()
    assert session.index == 1
    session.back()
    assert session.index == 0
    assert session.remaining_s() == 5


def test_back_on_the_first_segment_restarts_it() -> None:
    session, clock = started()
    clock.advance(1)
    session.back()
    assert session.index == 0
    assert session.remaining_s() == 5


def test_extend_gives_the_current_hold_fifteen_more_seconds() -> None:
    session, clock = started()
    clock.advance(5 + 25)
    session.update()
    assert EXTEND_S == 15
    before = session.planned_total_s()
    session.extend()
    assert session.remaining_s() == pytest.approx(20)
    assert session.planned_total_s() == before + 15
    clock.advance(19.9)
    session.update()
    assert session.segment.label == "Lunge · left"
    clock.advance(0.1)
    session.update()
    assert session.segment.kind is SegmentKind.SWITCH
    run = session.summary().runs[-1]
    assert (run.planned_s, run.extended_s, run.actual_s) == (30, 15, pytest.approx(45))
    assert session.planned_total_s() == before + 15  # the extension stays in the plan


def test_ending_early_keeps_the_time_practised() -> None:
    session, clock = started()
    clock.advance(5 + 30 + 5 + 12)
    session.update()
    session.pause()
    clock.advance(300)  # a pause before ending is not practice
    events = session.end()
    assert events == [SessionFinished(completed=False)]
    summary = session.summary()
    assert summary.completed is False
    assert summary.active_s == pytest.approx(52)
    assert summary.planned_s == 140
    assert summary.steps_done == 0  # the lunge's last hold was never left
    assert summary.runs[-1].left_by is LeftBy.END
    assert summary.runs[-1].actual_s == pytest.approx(12)


def test_a_step_counts_as_done_once_its_last_hold_is_left() -> None:
    session, clock = started()
    clock.advance(5 + 30 + 5 + 30 + 3)  # into the rest after the lunge
    session.update()
    session.end()
    assert session.summary().steps_done == 1
    assert session.summary().steps_total == 2


def test_skipping_the_last_hold_of_a_step_leaves_it() -> None:
    session, _clock = started()
    for _ in range(3):
        session.next()
    assert session.segment.label == "Lunge · right"
    session.next()
    assert session.summary().steps_done == 1


def test_ending_records_the_time_practised_even_if_the_display_lagged() -> None:
    session, clock = started()
    clock.advance(5 + 20)  # no update since the start: the lead-in ended unseen
    session.end()
    summary = session.summary()
    assert summary.active_s == pytest.approx(25)
    assert [run.left_by for run in summary.runs] == [LeftBy.TIME, LeftBy.END]


def test_a_finished_session_ignores_further_keys_and_time() -> None:
    session, clock = started()
    session.end()
    summary = session.summary()
    clock.advance(500)
    assert session.update() == []
    assert session.next() == []
    assert session.back() == []
    assert session.end() == []
    session.extend()
    session.toggle_pause()
    assert session.state is SessionState.FINISHED
    assert session.summary() == summary


def test_a_routine_run_to_its_end_is_complete_with_every_segment_as_planned() -> None:
    session, clock = started()
    clock.advance(139.99)
    assert not finished_events(session.update())
    clock.advance(0.01)
    assert finished_events(session.update()) == [SessionFinished(completed=True)]
    summary = session.summary()
    assert summary.completed is True
    assert summary.active_s == 140 == summary.planned_s
    assert summary.steps_done == summary.steps_total == 2
    assert [(r.planned_s, r.actual_s, r.left_by) for r in summary.runs] == [
        (s.duration_s, s.duration_s, LeftBy.TIME) for s in session.timeline.segments
    ]
    assert session.progress() == 1.0


def test_a_completed_session_has_no_time_left() -> None:
    session, clock = started()
    clock.advance(1000)
    session.update()
    assert session.remaining_s() == 0
    assert session.remaining_total_s() == 0
    assert session.active_s() == 140


def test_a_completed_session_shows_0_00_whatever_the_clock_started_at() -> None:
    clock = FakeClock(123_456.789)  # deadlines that are not exact in binary floating point
    session = Session(build_timeline(LUNGE_AND_CHILD), clock=clock, wall=None)
    session.start()
    clock.advance(140.0001)
    assert finished_events(session.update())
    assert format_clock(session.remaining_s()) == "0:00"
    assert format_clock(session.remaining_total_s()) == "0:00"


def test_ending_after_the_routine_already_ran_out_counts_as_complete() -> None:
    session, clock = started()
    clock.advance(500)  # the display never caught up; `q` comes in after the end
    assert finished_events(session.end()) == [SessionFinished(completed=True)]
    assert session.summary().active_s == 140


def test_progress_does_not_jump_back_when_ending_early() -> None:
    session, clock = started()
    clock.advance(60)
    session.update()
    before = session.progress()
    assert 0 < before < 1
    session.end()
    assert session.progress() == pytest.approx(before)
    assert session.remaining_total_s() == pytest.approx(80)


def test_progress_and_time_left_follow_the_clock() -> None:
    session, clock = started()
    assert session.progress() == 0.0
    assert session.remaining_total_s() == 140
    clock.advance(70)
    session.update()
    assert session.progress() == pytest.approx(0.5)
    assert session.remaining_total_s() == pytest.approx(70)


# --- the machine slept ----------------------------------------------------------------------------


def test_a_sleep_pauses_the_session_without_skipping_anything() -> None:
    wall = FakeClock(1_700_000_000.0)
    session, clock = started(wall=wall)
    clock.advance(15)
    wall.advance(15)
    session.update()
    index, remaining = session.index, session.remaining_s()
    clock.advance(0.1)  # the monotonic clock barely moved ...
    wall.advance(600)  # ... while ten minutes passed: the laptop slept
    events = session.update()
    (slept,) = [e for e in events if isinstance(e, SleepDetected)]
    assert slept.gap_s == pytest.approx(599.9)
    assert not [e for e in events if isinstance(e, SegmentStarted)]
    assert session.state is SessionState.PAUSED
    assert session.pause_reason is PauseReason.SLEEP
    assert (session.index, session.remaining_s()) == (index, pytest.approx(remaining))
    clock.advance(30)
    wall.advance(30)
    assert session.update() == []
    assert session.remaining_s() == pytest.approx(remaining)
    session.toggle_pause()  # the person comes back and resumes
    assert session.state is SessionState.RUNNING
    assert session.pause_reason is None
    clock.advance(remaining - 0.01)
    wall.advance(remaining - 0.01)
    session.update()
    assert session.index == index
    clock.advance(0.01)
    wall.advance(0.01)
    session.update()
    assert session.index == index + 1


def test_clocks_that_agree_never_look_like_sleep_however_rarely_updated() -> None:
    wall = FakeClock(1_700_000_000.0)
    session, clock = started(wall=wall)
    for gap in (0.016, 2.0, 30.0, 0.5):
        clock.advance(gap)
        wall.advance(gap + 1.0)  # a small adjustment of the wall clock is not a sleep
        assert not [e for e in session.update() if isinstance(e, SleepDetected)]
    assert session.state is SessionState.RUNNING


def test_a_sleep_during_a_pause_is_not_reported_again() -> None:
    wall = FakeClock(1_700_000_000.0)
    session, clock = started(wall=wall)
    clock.advance(3)
    wall.advance(3)
    session.pause()
    clock.advance(0.1)
    wall.advance(3600)
    assert session.update() == []
    session.resume()
    clock.advance(1)
    wall.advance(1)
    assert session.update() == []
    assert session.state is SessionState.RUNNING


def test_without_a_wall_clock_there_is_no_sleep_detection() -> None:
    session, clock = started(wall=None)
    clock.advance(3)
    assert session.update() == []
    assert session.state is SessionState.RUNNING


# --- the breath cue -------------------------------------------------------------------------------


def phases_of(pattern: BreathPattern) -> list[tuple[BreathPhase, float, float]]:
    """(phase, start, length) for each phase of one breath that has a length."""
    out = []
    start = 0.0
    for phase, length in (
        (BreathPhase.INHALE, pattern.inhale),
        (BreathPhase.HOLD, pattern.hold),
        (BreathPhase.EXHALE, pattern.exhale),
        (BreathPhase.HOLD_AFTER, pattern.hold_after),
    ):
        if length > 0:
            out.append((phase, start, length))
            start += length
    return out


FULLNESS_AT_START = {
    BreathPhase.INHALE: 0.0,
    BreathPhase.HOLD: 1.0,
    BreathPhase.EXHALE: 1.0,
    BreathPhase.HOLD_AFTER: 0.0,
}
PACED = [p for p in BREATH_PATTERNS.values() if p.paced]


@pytest.mark.parametrize("pattern", PACED, ids=lambda p: p.name)
@pytest.mark.parametrize("breaths_before", [0, 1, 7])
def test_each_phase_begins_exactly_on_its_boundary(
    pattern: BreathPattern, breaths_before: int
) -> None:
    offset = breaths_before * pattern.cycle_s
    for phase, start, length in phases_of(pattern):
        cue = breath_cue(pattern, offset + start)
        assert cue is not None
        assert (cue.phase, cue.fraction) == (phase, pytest.approx(0.0, abs=1e-9))
        assert cue.remaining_s == pytest.approx(length)
        assert cue.length_s == length
        assert cue.fullness == pytest.approx(FULLNESS_AT_START[phase])
        assert cue.shown_count == -(-length // 1)  # a 4 s phase counts 4, 3, 2, 1; 5.5 s from 6


@pytest.mark.parametrize("pattern", PACED, ids=lambda p: p.name)
def test_halfway_and_just_before_the_end_of_each_phase(pattern: BreathPattern) -> None:
    for phase, start, length in phases_of(pattern):
        half = breath_cue(pattern, start + length / 2)
        assert half is not None
        assert half.phase is phase
        assert half.fraction == pytest.approx(0.5)
        assert half.remaining_s == pytest.approx(length / 2)
        late = breath_cue(pattern, start + length - 1e-6)
        assert late is not None
        assert late.phase is phase
        assert late.fraction == pytest.approx(1.0, abs=1e-5)
        assert late.shown_count == 1


def test_the_breath_fills_on_the_inhale_stays_full_on_the_hold_and_empties_on_the_exhale() -> None:
    fullness = [breath_cue(BOX, t).fullness for t in (0, 1, 2, 3, 4, 6, 8, 9, 10, 12, 14)]  # type: ignore[union-attr]
    assert fullness == pytest.approx([0, 0.25, 0.5, 0.75, 1, 1, 1, 0.75, 0.5, 0, 0])


def test_phases_of_zero_length_are_skipped() -> None:
    pattern = BREATH_PATTERNS["diaphragmatic"]  # 4-0-6-0
    assert breath_cue(pattern, 4.0).phase is BreathPhase.EXHALE  # type: ignore[union-attr]
    assert breath_cue(pattern, 10.0).phase is BreathPhase.INHALE  # type: ignore[union-attr]
    seen = {breath_cue(pattern, t / 10).phase for t in range(200)}  # type: ignore[union-attr]
    assert seen == {BreathPhase.INHALE, BreathPhase.EXHALE}


def test_the_count_falls_a_second_at_a_time() -> None:
    counts = [breath_cue(BOX, t + 0.5).shown_count for t in range(4)]  # type: ignore[union-attr]
    assert counts == [4, 3, 2, 1]


def test_natural_breathing_has_no_cue() -> None:
    assert breath_cue(NATURAL, 12.3) is None


def test_time_before_the_segment_counts_as_its_start() -> None:
    cue = breath_cue(BOX, -3)
    assert cue is not None
    assert (cue.phase, cue.fraction) == (BreathPhase.INHALE, 0.0)


def test_the_session_paces_holds_and_starts_each_side_on_an_inhale() -> None:
    session, clock = started()
    assert session.breath() is None  # the lead-in is not paced
    clock.advance(5 + 6)
    session.update()
    cue = session.breath()
    assert cue is not None
    assert cue.phase is BreathPhase.HOLD
    assert session.breath() == breath_cue(BOX, 6)
    clock.advance(30 - 6)
    session.update()
    assert session.breath() is None  # the switch is not paced
    clock.advance(5)
    session.update()
    assert session.segment.label == "Lunge · right"
    assert session.breath() == breath_cue(BOX, 0)


def test_the_breath_stands_still_while_paused() -> None:
    session, clock = started()
    clock.advance(5 + 5)
    session.update()
    session.pause()
    cue = session.breath()
    clock.advance(7)
    assert session.breath() == cue


# --- a whole routine, drift-free ------------------------------------------------------------------


THIRTY_MINUTES = routine(
    *(step(f"Pose {n}", 135, ("left", "right"), switch=10, rest=20, breath=BOX) for n in range(6)),
    lead_in=20,
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_thirty_minute_routine_ends_exactly_on_its_planned_deadline(seed: int) -> None:
    rng = random.Random(seed)
    timeline = build_timeline(THIRTY_MINUTES)
    total = timeline.total_s
    assert total == 30 * 60
    ends = [s.start_s + s.duration_s for s in timeline.segments]
    clock = FakeClock(12_345.0)
    session = Session(timeline, clock=clock, wall=None)
    session.start()
    start = clock.now
    ticks = 0
    while session.state is not SessionState.FINISHED:
        before = clock.now
        # mostly frame-sized ticks, sometimes a stall of up to a few seconds
        clock.advance(rng.uniform(0.001, 0.2) if rng.random() < 0.97 else rng.uniform(0.2, 8))
        events = session.update()
        ticks += 1
        elapsed = clock.now - start
        if finished_events(events):
            assert before - start < total <= elapsed
            break
        expected = bisect.bisect_right(ends, elapsed)
        assert session.index == expected
        assert session.remaining_s() == pytest.approx(ends[expected] - elapsed, abs=1e-6)
    assert ticks > 1000
    summary = session.summary()
    assert summary.completed is True
    assert summary.active_s == total
    assert session.active_s() == total
    assert summary.steps_done == summary.steps_total == 6
    assert all(run.actual_s == run.planned_s for run in summary.runs)


def test_an_extension_leaves_the_plan_when_its_segment_is_restarted() -> None:
    session, clock = started()
    session.extend()
    assert session.planned_total_s() == session.timeline.total_s + 15
    clock.advance(4.0)
    session.back()  # restart the segment: the new visit has no extension
    assert session.planned_total_s() == session.timeline.total_s


def test_a_listener_is_told_as_each_segment_begins_and_only_then() -> None:
    clock = FakeClock()
    session = Session(build_timeline(LUNGE_AND_CHILD), clock=clock, wall=None)
    told: list[int] = []
    session.on_segment = lambda: told.append(session.index)
    session.start()
    assert told == [0]
    clock.advance(5.0 + 30.0 + 2.0)  # the lead-in and the left side run out in one catch-up
    session.update()
    assert told == [0, 1, 2]
    session.pause()
    clock.advance(60.0)
    session.resume()
    session.extend()
    session.update()
    assert told == [0, 1, 2]  # a pause, a resume, an extension: no new segment
    session.next()
    session.back()  # back to the right side's start, from its first seconds
    assert told == [0, 1, 2, 3, 2]
    session.end()
    assert told == [0, 1, 2, 3, 2]  # the end is told by SessionFinished, not as a segment
