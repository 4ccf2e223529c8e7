"""The breath cue: where a paced breath is at a moment (phase, progress, seconds left)."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import NamedTuple

from hipcli.routine.model import BreathPattern


class BreathPhase(StrEnum):
    """The four phases of a paced breath."""

    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"
    HOLD_AFTER = "hold_after"


class BreathCue(NamedTuple):
    """Where a paced breath is at a moment: the phase, how far through it, and what is left."""

    phase: BreathPhase
    fraction: float  # 0.0 at the start of the phase, towards 1.0 at its end
    remaining_s: float
    length_s: float

    @property
    def fullness(self) -> float:
        """How full the breath is, 0..1: grows on the inhale, full on the hold, empties out."""
        match self.phase:
            case BreathPhase.INHALE:
                return self.fraction
            case BreathPhase.HOLD:
                return 1.0
            case BreathPhase.EXHALE:
                return 1.0 - self.fraction
            case BreathPhase.HOLD_AFTER:
                return 0.0

    @property
    def shown_count(self) -> int:
        """The whole seconds left in the phase, as a count a person follows: 4, 3, 2, 1."""
        return max(1, math.ceil(self.remaining_s - 1e-9))


def breath_cue(pattern: BreathPattern, elapsed_s: float) -> BreathCue | None:
    """The breath cue `elapsed_s` into a segment paced by `pattern`; None for natural breathing."""
    if not pattern.paced:
        return None
    position = max(0.0, elapsed_s) % pattern.cycle_s
    phases = (
        (BreathPhase.INHALE, pattern.inhale),
        (BreathPhase.HOLD, pattern.hold),
        (BreathPhase.EXHALE, pattern.exhale),
        (BreathPhase.HOLD_AFTER, pattern.hold_after),
    )
    for phase, length in phases:
        if length <= 0:
            continue
        if position < length:
            return BreathCue(phase, position / length, length - position, length)
        position -= length
    # Rounding can leave `position` a hair past the last phase: that is the start of an inhale.
    return BreathCue(BreathPhase.INHALE, 0.0, pattern.inhale, pattern.inhale)


# --- the session ----------------------------------------------------------------------------------
