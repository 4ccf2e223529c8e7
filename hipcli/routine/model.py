"""The routine model: `Routine`, `Step` and `BreathPattern`, the named breath patterns, and the
format's keys and limits.

Values only; `hipcli.routine.validate` builds them from TOML and reports every mistake.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from hipcli.problems import ProblemsError

# --- the format: its keys, defaults and limits (docs/routines.md and the schema say the same) -----

ROUTINE_KEYS = ("title", "summary", "aliases", "lead_in", "rest", "switch", "breath", "steps")
STEP_KEYS = ("name", "hold", "sides", "cue", "breath", "rest", "switch")
BREATH_KEYS = ("inhale", "hold", "exhale", "hold_after")
DEFAULT_LEAD_IN_S = 5
DEFAULT_REST_S = 10
DEFAULT_SWITCH_S = 5

# (lowest, highest) accepted seconds for each duration key.
DURATION_BOUNDS: Mapping[str, tuple[int, int]] = {
    "lead_in": (0, 5 * 60),
    "rest": (0, 10 * 60),
    "switch": (0, 2 * 60),
    "hold": (1, 60 * 60),
}
BREATH_BOUNDS: Mapping[str, tuple[float, float]] = {
    "inhale": (1, 30),
    "hold": (0, 30),
    "exhale": (1, 30),
    "hold_after": (0, 30),
}
TEXT_LIMITS: Mapping[str, int] = {"title": 80, "summary": 500, "name": 80, "cue": 1000}
SIDE_NAME_LIMIT = 40
ALIAS_LIMIT = 40
MAX_FILE_BYTES = 1_000_000  # a long routine is a few kB; anything this size is a mistake
MAX_STEPS = 100
MAX_SIDES = 4
MAX_ALIASES = 10
MAX_TOTAL_S = 4 * 3600


class BreathPattern(NamedTuple):
    """A breathing rhythm in seconds per phase; all zeros is natural (unpaced) breathing."""

    name: str
    inhale: float = 0.0
    hold: float = 0.0
    exhale: float = 0.0
    hold_after: float = 0.0

    @property
    def paced(self) -> bool:
        """Whether the screen should pace this breath (natural breathing is not paced)."""
        return self.cycle_s > 0

    @property
    def cycle_s(self) -> float:
        """Length of one full breath."""
        return self.inhale + self.hold + self.exhale + self.hold_after

    def describe(self) -> str:
        """Short description for listings: "box 4-4-4-4", "natural"."""
        if not self.paced:
            return self.name
        counts = "-".join(_count(c) for c in (self.inhale, self.hold, self.exhale, self.hold_after))
        return counts if self.name in (counts, "custom") else f"{self.name} {counts}"


def _count(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


NATURAL = BreathPattern("natural")
BREATH_PATTERNS: Mapping[str, BreathPattern] = {
    pattern.name: pattern
    for pattern in (
        NATURAL,
        BreathPattern("diaphragmatic", 4, 0, 6, 0),
        BreathPattern("box", 4, 4, 4, 4),
        BreathPattern("4-7-8", 4, 7, 8, 0),
        BreathPattern("coherent", 5.5, 0, 5.5, 0),
        BreathPattern("extended-exhale", 4, 0, 8, 0),
        BreathPattern("equal", 4, 0, 4, 0),
    )
}


class Step(NamedTuple):
    """One pose or practice: held once, or once per side with a switch in between."""

    name: str
    hold_s: int
    sides: tuple[str, ...] = ()
    cue: str = ""
    breath: BreathPattern = NATURAL
    rest_s: int = 10
    switch_s: int = 5


class Routine(NamedTuple):
    """A validated routine, ready to expand into a timeline."""

    name: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    lead_in_s: int = 5
    breath: BreathPattern = NATURAL
    source: Path | None = None
    aliases: tuple[str, ...] = ()


def routine_total_s(routine: Routine) -> int:
    """Planned length in seconds: lead-in, every hold per side, switches and the rests between."""
    total = routine.lead_in_s
    for index, step in enumerate(routine.steps):
        sides = max(1, len(step.sides))
        total += step.hold_s * sides + step.switch_s * (sides - 1)
        if index < len(routine.steps) - 1:
            total += step.rest_s
    return total


_SEPARATORS = re.compile(r"[\s_-]+")


def label_key(text: str) -> str:
    """How a typed name, an alias or a title is compared: "Box  breathing" -> "box-breathing".

    Case is folded and runs of spaces, hyphens and underscores count as one hyphen, so that
    `box breathing`, `Box_Breathing` and `box-breathing` all find the same routine.
    """
    return _SEPARATORS.sub("-", text.strip().casefold()).strip("-")


class RoutineError(ProblemsError):
    """A routine file that cannot be used; holds every problem found in it."""
