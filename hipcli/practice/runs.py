"""What happened in a session, segment by segment: each visit to a segment (`SegmentRun`) and,
from those, each hold reached (`HoldRun`), the engine's answer to "planned against held"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from hipcli.practice.timeline import SegmentKind, Timeline


class LeftBy(StrEnum):
    """How a segment was left."""

    TIME = "time"  # it ran to its end
    NEXT = "next"  # skipped forward with `n`
    BACK = "back"  # left backwards with `b` (or restarted)
    END = "end"  # the session ended during it


@dataclass(frozen=True, slots=True)
class SegmentRun:
    """What happened in one visit to a segment: planned versus actually practised."""

    index: int
    planned_s: int
    extended_s: int
    actual_s: float
    left_by: LeftBy


class HoldRun(NamedTuple):
    """One hold the session reached, as it went: the journal keeps one of these per hold.

    A hold visited more than once (`b` to restart it or to go back to it) is one entry, at the
    place it was first reached, holding the time of every visit. `held_s` counts `+` extensions
    and leaves pauses out; `skipped` says that the last visit was cut short with `n` before the
    planned time was held.
    """

    step: str
    side: str | None
    planned_s: int
    held_s: float
    skipped: bool


def holds_of(timeline: Timeline, runs: Sequence[SegmentRun]) -> tuple[HoldRun, ...]:
    """The holds among `runs`, one per hold segment reached, in the order of the routine (the
    order they were first reached: a session moves one segment at a time)."""
    held: dict[int, float] = {}
    last: dict[int, SegmentRun] = {}
    for run in runs:
        if timeline.segments[run.index].kind is SegmentKind.HOLD:
            held[run.index] = held.get(run.index, 0.0) + run.actual_s
            last[run.index] = run
    holds = []
    for index in sorted(held):
        segment = timeline.segments[index]
        final = last[index]
        holds.append(
            HoldRun(
                step=segment.step.name,
                side=segment.side,
                planned_s=segment.duration_s,
                held_s=held[index],
                # cut short by `n` before the planned time: an extension held past it is no skip
                skipped=final.left_by is LeftBy.NEXT and final.actual_s < final.planned_s,
            )
        )
    return tuple(holds)
