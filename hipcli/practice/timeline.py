"""A routine's timeline: every lead-in, hold, switch and rest, with start times.

No Textual here; the session (`hipcli.practice.session`) walks this timeline against a clock.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from hipcli.routine.model import NATURAL, BreathPattern, Routine, Step


class SegmentKind(StrEnum):
    """What a stretch of the timeline is for."""

    LEAD_IN = "lead-in"
    HOLD = "hold"
    SWITCH = "switch"
    REST = "rest"


class Segment(NamedTuple):
    """One stretch of the timeline: a hold on one side, a switch, a rest or the lead-in.

    `step_index` is the step the segment belongs to: for a lead-in or a rest, the step it leads
    into; for a switch, the step whose sides are changing. `side` is the side held (for a hold) or
    the side coming next (for a switch).
    """

    kind: SegmentKind
    duration_s: int
    start_s: int
    step_index: int
    step: Step
    side: str | None = None

    @property
    def breath(self) -> BreathPattern:
        """Holds are paced with their step's pattern; lead-ins, switches and rests are not."""
        return self.step.breath if self.kind is SegmentKind.HOLD else NATURAL

    @property
    def label(self) -> str:
        """A short name for people: "Pigeon · left", "Switch to right", "Rest", "Get ready"."""
        match self.kind:
            case SegmentKind.LEAD_IN:
                return "Get ready"
            case SegmentKind.HOLD:
                return f"{self.step.name} · {self.side}" if self.side else self.step.name
            case SegmentKind.SWITCH:
                return f"Switch to {self.side}"
            case SegmentKind.REST:
                return "Rest"


class Timeline(NamedTuple):
    """A routine expanded into the segments a session walks through."""

    routine: Routine
    segments: tuple[Segment, ...]

    @property
    def total_s(self) -> int:
        """Planned length of the whole routine in seconds."""
        return sum(segment.duration_s for segment in self.segments)

    def is_last_hold_of_step(self, index: int) -> bool:
        """Whether segment `index` is the final hold of its step (the step is done after it)."""
        segment = self.segments[index]
        if segment.kind is not SegmentKind.HOLD:
            return False
        return not any(
            later.kind is SegmentKind.HOLD and later.step_index == segment.step_index
            for later in self.segments[index + 1 :]
        )


def build_timeline(routine: Routine) -> Timeline:
    """Expand a routine: lead-in, each hold per side with switches between, rests between steps."""
    segments: list[Segment] = []
    offset = 0

    def add(kind: SegmentKind, duration: int, index: int, step: Step, side: str | None) -> None:
        nonlocal offset
        if duration > 0:
            segments.append(Segment(kind, duration, offset, index, step, side))
            offset += duration

    if routine.steps:
        add(SegmentKind.LEAD_IN, routine.lead_in_s, 0, routine.steps[0], None)
    for index, step in enumerate(routine.steps):
        sides: tuple[str | None, ...] = step.sides or (None,)
        for side_number, side in enumerate(sides):
            if side_number:
                add(SegmentKind.SWITCH, step.switch_s, index, step, side)
            add(SegmentKind.HOLD, step.hold_s, index, step, side)
        if index + 1 < len(routine.steps):
            add(SegmentKind.REST, step.rest_s, index + 1, routine.steps[index + 1], None)
    return Timeline(routine, tuple(segments))


# --- the breath cue -------------------------------------------------------------------------------
