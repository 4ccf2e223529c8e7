"""The breathing guide: a bar to follow out of the corner of the eye, and the phase in words.

While the breath is paced the track is always drawn (`░`), so an empty hold is an empty track,
not a blank: unpaced breathing has no track at all, only a dotted line. Each phase has its own
shape, so colour only adds to it (and `NO_COLOR` loses nothing):

    inhale       ◀██████▶     solid, pushing outwards, "▲ Breathe in · 3" in bold
    hold (full)  ▓▓▓▓▓▓▓▓     the whole track, shaded, "■ Hold · 2" in reverse
    exhale       ▶██████◀     solid, drawing inwards, "▼ Breathe out · 5" in bold
    hold, empty  ░░░░░░░░     the bare track, "□ Hold, empty · 2" in reverse
    natural      · · · · ·    no track, "~ Breathe naturally"

The bar grows from the middle outwards and is as wide as the screen allows (up to
`MAX_WIDTH`), so it reads from the side of the eye on a wide terminal.
"""

from __future__ import annotations

import math
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from hipcli.practice.breath import BreathCue, BreathPhase

MAX_WIDTH = 120
STEP_S = 0.25  # the bar moves at most four times a second: smooth from the mat, few redraws
_SLACK = 1e-6  # float slack at a step's exact moment

PHASES = {
    BreathPhase.INHALE: ("▲", "Breathe in", "█", ("◀", "▶")),
    BreathPhase.HOLD: ("■", "Hold", "▓", ("▐", "▌")),
    BreathPhase.EXHALE: ("▼", "Breathe out", "█", ("▶", "◀")),
    BreathPhase.HOLD_AFTER: ("□", "Hold, empty", "░", ("", "")),
}
# The guide's words when the breath is not paced, by kind of segment.
RESTING_WORDS = {
    "lead-in": "Settle in · breathe naturally",
    "switch": "Change sides slowly",
    "rest": "Rest · breathe easy",
    "hold": "Breathe naturally",
}
PHASE_WORDS = {phase: word for phase, (_, word, _, _) in PHASES.items()}
TRACK = "░"


class BreathGuide(Widget):
    """The bar (rows above) and the phase word with its count (the last row)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"breath-guide--track", "breath-guide--word"}
    DEFAULT_CSS = """
    BreathGuide {
        height: 3;
        width: 1fr;
    }
    """

    # Half the bar's width in cells: the only thing that changes many times a breath.
    level: reactive[int] = reactive(0)
    label: reactive[str] = reactive("")
    phase: reactive[BreathPhase | None] = reactive(None)

    def show_cue(self, cue: BreathCue | None, resting_word: str) -> None:
        """Show a paced breath cue, or `resting_word` when the breath is not paced."""
        if cue is None:
            self.level = 0
            self.phase = None
            self.label = f"~ {resting_word}"
            self._set_phase_class(None)
            return
        self.level = 2 * round(self._quantised(cue) * self._half_width() / 2)
        self.phase = cue.phase
        glyph, word, _, _ = PHASES[cue.phase]
        self.label = f"{glyph} {word} · {cue.shown_count}"
        self._set_phase_class(cue.phase)

    def seconds_to_change(self, cue: BreathCue | None) -> float | None:
        """Seconds until the guide shows something new for `cue` (None when it is not paced):
        the bar's next step, the count's next second, or the phase's end."""
        if cue is None:
            return None
        count_changes = cue.remaining_s - (math.ceil(cue.remaining_s - 1e-9) - 1)
        wait = min(cue.remaining_s, count_changes)
        if cue.phase in (BreathPhase.INHALE, BreathPhase.EXHALE) and cue.length_s > 0:
            step_s = self._step_s(cue)
            elapsed = cue.fraction * cue.length_s
            to_step = (math.floor(elapsed / step_s + _SLACK) + 1) * step_s - elapsed
            wait = min(wait, max(0.0, to_step))
        return wait

    def _step_s(self, cue: BreathCue) -> float:
        """How long the bar stays on each step of a phase: a quarter of a second or a multiple
        of it, so that its steps fall with the countdown's seconds (one redraw, not two), and
        at least two cells a step."""
        cells = max(1, self._half_width() // 2)
        return max(STEP_S, math.ceil(cue.length_s / cells / STEP_S - _SLACK) * STEP_S)

    def _quantised(self, cue: BreathCue) -> float:
        """The breath's fullness, moved on only at the steps of `_step_s`."""
        if cue.phase not in (BreathPhase.INHALE, BreathPhase.EXHALE) or cue.length_s <= 0:
            return cue.fullness
        step_s = self._step_s(cue)
        steps_done = math.floor(cue.fraction * cue.length_s / step_s + _SLACK)
        done = min(1.0, steps_done * step_s / cue.length_s)
        return done if cue.phase is BreathPhase.INHALE else 1.0 - done

    def _half_width(self) -> int:
        return max(1, min(MAX_WIDTH, self.size.width) // 2 - 1)

    def _set_phase_class(self, phase: BreathPhase | None) -> None:
        wanted = f"-{phase.value.replace('_', '-')}" if phase else "-natural"
        if not self.has_class(wanted):
            self.remove_class("-inhale", "-hold", "-exhale", "-hold-after", "-natural")
            self.add_class(wanted)

    def render_line(self, y: int) -> Strip:
        """One row: the bar on the track (or the dotted line), or the phase word at the bottom."""
        width, height = self.size
        style = self.rich_style
        if y == height - 1:
            word_style = style + self.get_component_rich_style("breath-guide--word", partial=True)
            if self.phase in (BreathPhase.HOLD, BreathPhase.HOLD_AFTER):
                word_style += Style(reverse=True)
            word = f" {self.label} "
            pad = max(0, (width - len(word)) // 2)
            return Strip(
                [Segment(" " * pad, style), Segment(word[:width], word_style)]
            ).adjust_cell_length(width, style)
        track_style = style + self.get_component_rich_style("breath-guide--track", partial=True)
        span = 2 * self._half_width()
        left = (width - span) // 2
        if self.phase is None:
            # Unpaced: no track, a quiet dotted line in the middle row only.
            if y != (height - 2) // 2:
                return Strip.blank(width, style)
            dots = ("· " * (span // 2))[:span]
            return Strip(
                [Segment(" " * left, style), Segment(dots, track_style)]
            ).adjust_cell_length(width, style)
        _, _, fill, (start_cap, end_cap) = PHASES[self.phase]
        filled = min(span, 2 * self.level)
        if self.phase is BreathPhase.HOLD:
            filled = span
        elif self.phase is BreathPhase.HOLD_AFTER:
            filled = 0
        bar = fill * filled
        middle_row = y == (height - 2) // 2
        if middle_row and filled >= 4 and start_cap:
            bar = start_cap + fill * (filled - 2) + end_cap
        side = (span - filled) // 2
        bar_style = style + Style(bold=True)
        return Strip(
            [
                Segment(" " * left, style),
                Segment(TRACK * side, track_style),
                Segment(bar, bar_style),
                Segment(TRACK * (span - filled - side), track_style),
            ]
        ).adjust_cell_length(width, style)
