"""Timing under load: the real session app, headless, on the real monotonic clock, while CPU hogs
keep both cores busy. Each run plays a routine of short segments to the check-in and reports how
late the end came and whether every segment ran once, to its planned length.

"Late" is measured from the moment the session's clock started (its first reading, taken once
the session screen's first frame is out) to each ring of the bell: one at every change of segment
and one at the end, when "Session complete" is painted. The check-in opens `end_pause_s` (1.5 s)
after that, by design; its lateness is measured beyond that pause. The headless driver paints
nothing, so this is the engine's and the event loop's lateness under load; bench/reliability.py
--terminal times the real `hipcli start` in tmux.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from hipcli.practice.session import LeftBy
from hipcli.routine.validate import parse_routine
from hipcli.tui.app import SessionApp
from hipcli.tui.checkin_screen import CheckInScreen
from tests.reliability.support import cpu_hogs

# lead-in 1 s, left 2 s, switch 1 s, right 2 s, rest 1 s, last hold 1 s: 8 s, six segments,
# so the bell rings at 1, 3, 4, 6 and 7 s (a new segment) and at 8 s (the end)
TIMED_ROUTINE = """
title = "Timing"
lead_in = 1
switch = 1
rest = 1
breath = "box"

[[steps]]
name = "Hold"
hold = 2
sides = ["left", "right"]

[[steps]]
name = "Last"
hold = 1
"""
PLANNED_S = 8
BELLS_AT_S = (1, 3, 4, 6, 7, 8)


@dataclass
class TimingRun:
    """One session: how late its cues and its end were, what happened to each segment."""

    bells_late_s: list[float]  # each ring of the bell minus its planned moment; the last: the end
    check_in_late_s: float  # the check-in seen, minus the plan and the deliberate end pause
    segments_ran: list[int]  # the index of each segment run, in order
    all_ran_to_time: bool  # each left by running out, with its planned length

    @property
    def late_s(self) -> float:
        """How late the end was (the last bell); infinite if the bells were not all heard."""
        return self.bells_late_s[-1] if len(self.bells_late_s) == len(BELLS_AT_S) else math.inf


@dataclass
class TimingReport:
    """Several runs under the same load."""

    hogs: int
    runs: list[TimingRun] = field(default_factory=list)

    @property
    def late_ms(self) -> list[float]:
        """How late each run's end was, in milliseconds."""
        return [run.late_s * 1000 for run in self.runs]

    @property
    def worst_bell_late_ms(self) -> float:
        """The latest of all the bells of all the runs, in milliseconds."""
        return max(max(run.bells_late_s, default=math.inf) for run in self.runs) * 1000

    @property
    def check_in_late_ms(self) -> list[float]:
        """How late each check-in appeared, in milliseconds."""
        return [run.check_in_late_s * 1000 for run in self.runs]

    def summary(self) -> str:
        """One line of figures."""
        late, shown = self.late_ms, self.check_in_late_ms
        return (
            f"{len(self.runs)} sessions of {PLANNED_S} s with {self.hogs} CPU hogs: end late by "
            f"median {statistics.median(late):.1f} ms (max {max(late):.1f}), latest bell "
            f"{self.worst_bell_late_ms:.1f} ms, check-in seen median "
            f"{statistics.median(shown):.1f} ms (max {max(shown):.1f}) after the plan and pause"
        )


async def run_one_session(journal: Path) -> TimingRun:
    """Play TIMED_ROUTINE to the check-in on the real clock; press Escape there."""
    started: list[float] = []

    def clock() -> float:
        now = time.monotonic()
        if not started:
            started.append(now)
        return now

    routine = parse_routine(TIMED_ROUTINE, name="timing", file="timing.toml")
    app = SessionApp(routine, journal=journal, quiet=False, clock=clock, wall=None)
    bells: list[float] = []
    app.bell = lambda: bells.append(time.monotonic())  # type: ignore[method-assign]
    pause = float(getattr(app, "end_pause_s", 0.0))  # "Session complete" shows this long
    seen_at: float | None = None
    async with app.run_test(size=(100, 30)) as pilot:
        deadline = time.monotonic() + PLANNED_S + pause + 30
        while time.monotonic() < deadline:
            if isinstance(app.screen, CheckInScreen):
                seen_at = time.monotonic()
                break
            await pilot.pause(0.001)
        await pilot.press("escape")
    runs = app.session.summary().runs
    segments = app.session.timeline.segments
    assert started, "the session never started"
    return TimingRun(
        bells_late_s=[
            bell - started[0] - planned for bell, planned in zip(bells, BELLS_AT_S, strict=False)
        ],
        check_in_late_s=(seen_at or math.inf) - started[0] - PLANNED_S - pause,
        segments_ran=[run.index for run in runs],
        all_ran_to_time=all(
            run.left_by is LeftBy.TIME and run.actual_s == segments[run.index].duration_s
            for run in runs
        ),
    )


async def run_timing(workdir: Path, *, sessions: int, hogs: int) -> TimingReport:
    """`sessions` sessions one after another while `hogs` processes spin; the hogs are always
    stopped."""
    report = TimingReport(hogs)
    load = cpu_hogs(hogs)
    try:
        time.sleep(0.3)  # let the hogs get going
        for number in range(sessions):
            report.runs.append(await run_one_session(workdir / f"journal-{number}.toml"))
    finally:
        load.stop_all()
    return report
