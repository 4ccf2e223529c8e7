"""The cue plan: which sound, words and line mark which moment, through pauses, skips and stalls."""

from __future__ import annotations

import pytest

from hipcli.practice.cues import (
    Cue,
    CueKind,
    CueOptions,
    CuePlanner,
    plan,
    say_duration,
)
from hipcli.practice.session import Session, SessionState
from hipcli.practice.timeline import SegmentKind, build_timeline
from hipcli.routine.model import BREATH_PATTERNS, NATURAL, BreathPattern, Routine, Step
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
    cue: str | None = None,
) -> Step:
    return Step(name, hold, sides, f"Cue for {name}." if cue is None else cue, breath, rest, switch)


def routine(*steps: Step, lead_in: int = 5) -> Routine:
    return Routine(name="test", title="Test", steps=steps, lead_in_s=lead_in)


# lead-in 5 | Lunge left 60 | switch 5 | Lunge right 60 | rest 10 | Child 20   = 160 s
LUNGE_AND_CHILD = routine(step("Lunge", 60, ("left", "right")), step("Child", 20))


class Driver:
    """A session, its planner and a fake clock; `tick()` is what a face's timer does."""

    def __init__(self, rt: Routine = LUNGE_AND_CHILD, options: CueOptions | None = None) -> None:
        self.clock = FakeClock()
        self.session = Session(build_timeline(rt), clock=self.clock, wall=None)
        self.planner = CuePlanner(options)
        self.heard: list[tuple[float, Cue]] = []
        self._take(self.session.start())

    def _take(self, events: list) -> list[Cue]:  # type: ignore[type-arg]
        cues = self.planner.after(events, self.session)
        self.heard.extend((self.clock.now - 1000.0, cue) for cue in cues)
        return cues

    def tick(self, seconds: float) -> list[Cue]:
        self.clock.advance(seconds)
        return self._take(self.session.update())

    def run(self, seconds: float, step: float = 0.1) -> list[Cue]:
        cues: list[Cue] = []
        for _ in range(round(seconds / step)):
            cues.extend(self.tick(step))
        return cues

    def press(self, key: str) -> list[Cue]:
        events = {
            "n": self.session.next,
            "b": self.session.back,
            "q": self.session.end,
            "space": self.session.toggle_pause,
        }[key]()
        return self._take(events)

    def kinds(self) -> list[CueKind]:
        return [cue.kind for _, cue in self.heard]


# --- what an uninterrupted session marks ----------------------------------------------------------


def test_an_uninterrupted_session_marks_every_change_in_order() -> None:
    planned = plan(build_timeline(LUNGE_AND_CHILD))
    assert [(p.at_s, p.cue.kind, p.cue.line) for p in planned] == [
        (0.0, CueKind.LEAD_IN, "Get ready: Lunge, left side, in 5 seconds."),
        (5.0, CueKind.HOLD, "Lunge, left side. Hold 1 minute."),
        (35.0, CueKind.HALFWAY, "Half way: 30 seconds left."),
        (55.0, CueKind.LAST_TEN, "10 seconds left."),
        (65.0, CueKind.SWITCH, "Switch to the right side, 5 seconds."),
        (70.0, CueKind.HOLD, "Lunge, right side. Hold 1 minute."),
        (100.0, CueKind.HALFWAY, "Half way: 30 seconds left."),
        (120.0, CueKind.LAST_TEN, "10 seconds left."),
        (130.0, CueKind.REST, "Rest, 10 seconds. Next: Child."),
        (140.0, CueKind.HOLD, "Child. Hold 20 seconds."),
        (160.0, CueKind.COMPLETE, "Session complete: 2 minutes 40 seconds."),
    ]


def test_each_event_has_its_own_sound_and_the_lead_in_and_early_end_are_silent() -> None:
    sounds = {p.cue.kind: p.cue.sound for p in plan(build_timeline(LUNGE_AND_CHILD))}
    assert sounds == {
        CueKind.LEAD_IN: None,
        CueKind.HOLD: "hold",
        CueKind.HALFWAY: "halfway",
        CueKind.LAST_TEN: "last-ten",
        CueKind.SWITCH: "switch",
        CueKind.REST: "rest",
        CueKind.COMPLETE: "complete",
    }
    driver = Driver()
    driver.run(10)
    (ended,) = driver.press("q")
    assert ended.kind is CueKind.ENDED
    assert ended.sound is None
    assert ended.words() is None
    assert ended.line == "Session ended: 10 seconds practised."


def test_the_voice_says_the_pose_side_and_length_as_a_hold_begins() -> None:
    speech = [p.cue.words() for p in plan(build_timeline(LUNGE_AND_CHILD))]
    assert speech == [
        "Get ready. Lunge, left side.",
        "Lunge, left side, 1 minute.",
        "Half way.",
        "Last ten seconds.",
        "Switch sides.",
        "Lunge, right side, 1 minute.",
        "Half way.",
        "Last ten seconds.",
        "Rest.",
        "Child, 20 seconds.",
        "Session complete.",
    ]


def test_driving_a_session_tick_by_tick_gives_the_plan_within_one_tick() -> None:
    planned = plan(build_timeline(LUNGE_AND_CHILD))
    driver = Driver()
    driver.run(170)
    assert [cue for _, cue in driver.heard] == [p.cue for p in planned]
    for (at, _), expected in zip(driver.heard, planned, strict=True):
        assert expected.at_s <= at + 1e-6 < expected.at_s + 0.1 + 1e-6


@pytest.mark.parametrize("path", sorted(BUILTIN_ROUTINES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_hold_of_every_built_in_routine_is_announced(path) -> None:  # type: ignore[no-untyped-def]
    timeline = build_timeline(load_routine(path))
    planned = plan(timeline, CueOptions(breath=True))
    holds = [p for p in planned if p.cue.kind is CueKind.HOLD]
    hold_segments = [s for s in timeline.segments if s.kind is SegmentKind.HOLD]
    assert [p.at_s for p in holds] == [float(s.start_s) for s in hold_segments]
    assert planned[-1].cue.kind is CueKind.COMPLETE
    assert planned[-1].at_s == timeline.total_s
    # Every step's cue text gets a moment to be read aloud before or as its first hold begins.
    read = {p.cue.reading for p in planned if p.cue.reading}
    assert read == {" ".join(s.cue.split()) for s in timeline.routine.steps if s.cue}


# --- the optional moments -------------------------------------------------------------------------


def test_short_holds_get_no_half_way_and_very_short_ones_no_last_ten() -> None:
    timeline = build_timeline(routine(step("A", 39), step("B", 29), lead_in=0))
    kinds = [p.cue.kind for p in plan(timeline)]
    assert kinds == [
        CueKind.HOLD,
        CueKind.LAST_TEN,
        CueKind.REST,
        CueKind.HOLD,
        CueKind.COMPLETE,
    ]


def test_half_way_and_last_ten_can_be_turned_off() -> None:
    options = CueOptions(halfway=False, last_ten=False)
    kinds = {p.cue.kind for p in plan(build_timeline(LUNGE_AND_CHILD), options)}
    assert CueKind.HALFWAY not in kinds
    assert CueKind.LAST_TEN not in kinds


def test_breath_cues_are_off_unless_asked_for() -> None:
    rt = routine(step("Box", 32, breath=BOX), lead_in=0)
    assert not any(p.cue.is_breath for p in plan(build_timeline(rt)))


def test_breath_cues_mark_each_phase_with_its_length_and_only_in_holds() -> None:
    rt = routine(step("Box", 16, breath=BOX), step("Rest", 10, breath=BOX), lead_in=0)
    planned = plan(build_timeline(rt), CueOptions(breath=True))
    breath = [(p.at_s, p.cue.kind, p.cue.line, p.cue.duration_s, p.cue.sound) for p in planned]
    assert breath[:6] == [
        (0.0, CueKind.HOLD, "Box. Hold 16 seconds.", 0.0, "hold"),
        (0.0, CueKind.INHALE, "In…", 4.0, "inhale"),
        (4.0, CueKind.BREATH_HOLD, "Hold…", 4.0, None),
        (8.0, CueKind.EXHALE, "Out…", 4.0, "exhale"),
        (12.0, CueKind.HOLD_EMPTY, "Hold…", 4.0, None),
        (16.0, CueKind.REST, "Rest, 10 seconds. Next: Rest.", 0.0, "rest"),
    ]
    in_rest = [p for p in planned if 16.0 < p.at_s < 26.0]
    assert in_rest == []


def test_each_breath_is_marked_again_on_the_next_cycle() -> None:
    rt = routine(step("Breathe", 20, breath=BREATH_PATTERNS["equal"]), lead_in=0)
    planned = plan(build_timeline(rt), CueOptions(breath=True, halfway=False, last_ten=False))
    assert [(p.at_s, p.cue.kind) for p in planned if p.cue.is_breath] == [
        (0.0, CueKind.INHALE),
        (4.0, CueKind.EXHALE),
        (8.0, CueKind.INHALE),
        (12.0, CueKind.EXHALE),
        (16.0, CueKind.INHALE),
    ]


# --- reading the step's cue -----------------------------------------------------------------------


def test_the_cue_is_read_in_the_lead_in_and_rest_before_its_hold_not_at_the_switch() -> None:
    readings = [(p.cue.kind, p.cue.reading) for p in plan(build_timeline(LUNGE_AND_CHILD))]
    assert [r for r in readings if r[1]] == [
        (CueKind.LEAD_IN, "Cue for Lunge."),
        (CueKind.REST, "Cue for Child."),
    ]
    lead_in = plan(build_timeline(LUNGE_AND_CHILD))[0].cue
    assert lead_in.words() == "Get ready. Lunge, left side."
    assert lead_in.words(read_cues=True) == "Get ready. Lunge, left side. Cue for Lunge."


def test_a_hold_with_no_lead_in_or_rest_before_it_reads_its_own_cue() -> None:
    rt = routine(step("A", 10, ("l", "r"), rest=0), step("B", 10), lead_in=0)
    readings = [(p.cue.kind, p.cue.reading) for p in plan(build_timeline(rt))]
    assert [r for r in readings if r[1]] == [
        (CueKind.HOLD, "Cue for A."),
        (CueKind.HOLD, "Cue for B."),
    ]


def test_a_step_without_a_cue_has_nothing_to_read() -> None:
    rt = routine(step("A", 10, cue=""))
    assert all(p.cue.reading == "" for p in plan(build_timeline(rt)))
    assert plan(build_timeline(rt))[0].cue.words(read_cues=True) == "Get ready. A."


def test_text_from_the_routine_file_is_shown_literally_and_on_one_line() -> None:
    rt = routine(step("Pi\x1b[31mgeon", 10, ("le\x07ft",), cue="Soften.\n\nThen \x1b]0;x\x07rest."))
    lead_in, hold, *_ = (p.cue for p in plan(build_timeline(rt)))
    assert hold.line == "Pi\\x1b[31mgeon, le\\x07ft side. Hold 10 seconds."
    assert lead_in.reading == "Soften. Then \\x1b]0;x\\x07rest."
    for cue in (lead_in, hold):
        assert not any(ord(c) < 32 for c in cue.line + (cue.words(read_cues=True) or ""))


# --- pauses, skips, extensions, stalls ------------------------------------------------------------


def test_a_pause_holds_the_moments_back() -> None:
    driver = Driver()
    driver.run(5 + 25)  # 25 s into the first 60 s hold
    driver.press("space")
    assert driver.run(60) == []  # paused: half way does not come
    assert driver.session.state is SessionState.PAUSED
    driver.press("space")
    assert driver.run(4.9) == []
    (halfway,) = driver.run(0.2)
    assert halfway.kind is CueKind.HALFWAY


def test_a_paused_session_is_silent_even_when_asked() -> None:
    driver = Driver(options=CueOptions(breath=True))
    driver.run(5 + 1)
    driver.press("space")
    assert driver.planner.next_due_s(driver.session) is None
    assert driver.run(30) == []


def test_next_announces_the_segment_it_lands_on() -> None:
    driver = Driver()
    driver.run(5 + 3)
    (switch,) = driver.press("n")
    assert switch.kind is CueKind.SWITCH
    (hold,) = driver.press("n")
    assert hold.line == "Lunge, right side. Hold 1 minute."


def test_back_announces_the_hold_again_and_rearms_its_moments() -> None:
    driver = Driver()
    driver.run(5 + 36)  # past half way in the first hold
    assert CueKind.HALFWAY in driver.kinds()
    (again,) = driver.press("b")  # more than 3 s in: restart this hold
    assert again.kind is CueKind.HOLD
    driver.heard.clear()
    driver.run(30.1)
    assert driver.kinds() == [CueKind.HALFWAY]


def test_a_stall_announces_only_the_latest_segment_never_a_pile() -> None:
    driver = Driver()
    driver.run(1)
    cues = driver.tick(5 + 60 + 5 + 40 - 1)  # one late update: lead-in, hold, switch all passed
    assert [c.kind for c in cues] == [CueKind.HOLD]
    assert cues[0].line == "Lunge, right side. Hold 1 minute."
    # The right side is 40 s in: its half way has passed and is not said late; last ten is.
    assert driver.run(9.9) == []
    assert [c.kind for c in driver.run(0.2)] == [CueKind.LAST_TEN]


def test_two_moments_passed_at_once_say_only_the_later() -> None:
    driver = Driver()
    driver.run(5 + 1)
    assert [c.kind for c in driver.tick(55)] == [CueKind.LAST_TEN]
    assert driver.run(3) == []


def test_added_time_moves_last_ten_later_and_says_it_again() -> None:
    driver = Driver()
    driver.run(5 + 52)  # 8 s left, last ten already said
    assert driver.kinds()[-1] is CueKind.LAST_TEN
    driver.session.extend(15)  # 23 s left
    assert driver.run(12.9) == []
    assert [c.kind for c in driver.run(0.2)] == [CueKind.LAST_TEN]


def test_the_end_of_the_routine_is_complete_even_when_reached_with_next() -> None:
    driver = Driver(routine(step("A", 30), lead_in=0))
    (end,) = driver.press("n")
    assert end.kind is CueKind.COMPLETE
    assert driver.planner.after([], driver.session) == []


def test_next_due_points_at_the_next_moment_inside_the_segment() -> None:
    driver = Driver(options=CueOptions(breath=True))
    assert driver.planner.next_due_s(driver.session) is None  # the lead-in has no moments
    driver.run(5)
    # 60 s hold, natural breathing: half way at 30 s.
    assert driver.planner.next_due_s(driver.session) == pytest.approx(30.0)
    driver.run(31)
    assert driver.planner.next_due_s(driver.session) == pytest.approx(19.0)
    driver.run(20)
    assert driver.planner.next_due_s(driver.session) is None
    paced = Driver(routine(step("Box", 60, breath=BOX), lead_in=0), CueOptions(breath=True))
    paced.run(1.5)
    assert paced.planner.next_due_s(paced.session) == pytest.approx(2.5)


# --- words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (90, "1 minute 30 seconds"),
        (535, "8 minutes 55 seconds"),
        (3600, "1 hour"),
        (3661, "1 hour 1 minute 1 second"),
    ],
)
def test_durations_are_said_in_words(seconds: int, said: str) -> None:
    assert say_duration(seconds) == said
