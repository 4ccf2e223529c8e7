"""Self-contained widgets of the session screen.

Each widget keeps the few values it shows in reactives and redraws only when one of them changes
(a reactive set to the value it already has does nothing), and none of them changes size while a
session runs. The session ticks ten times a second, but the countdown redraws once a second, the
breathing guide only when its bar grows or shrinks by a cell, and the progress bar every few
seconds: that is what keeps a hold under a few percent of one core.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from hipcli.practice.breath import BreathCue, BreathPhase

PHASE_WORDS = {
    BreathPhase.INHALE: "Breathe in",
    BreathPhase.HOLD: "Hold",
    BreathPhase.EXHALE: "Breathe out",
    BreathPhase.HOLD_AFTER: "Hold, empty",
}


# Half the bar's widest span, in cells: wide enough to read across a room, calm on a big screen.
MAX_HALF_WIDTH = 32


class LiteralStatic(Static):
    """A Static whose text is always shown literally (never parsed as markup)."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(Content(text), id=id)

    def show(self, text: str) -> None:
        """Display `text` as it is."""
        self.update(Content(text))


class BreathGuide(Widget):
    """A bar that grows on the inhale, stays full on the hold and shrinks on the exhale.

    It is drawn several rows tall so it reads from a yoga mat, above the phase word and its count.
    On a short terminal CSS gives it fewer rows; it draws whatever height it has.
    """

    DEFAULT_CSS = """
    BreathGuide {
        height: 4;
        width: 1fr;
    }
    """

    # The bar's half-width in cells: the only thing that changes many times a breath.
    level: reactive[int] = reactive(0)
    label: reactive[str] = reactive("")

    def show_cue(self, cue: BreathCue | None, resting_word: str) -> None:
        """Show a paced breath cue, or `resting_word` when the breath is not paced."""
        if cue is None:
            self.level = 0
            self.label = resting_word
            self._set_phase_class(None)
            return
        half = max(1, min(MAX_HALF_WIDTH, self.size.width // 2 - 1))
        # Two cells at a time per side: still smooth to the eye, half the redraws of one.
        self.level = 2 * round(cue.fullness * half / 2)
        self.label = f"{PHASE_WORDS[cue.phase]} · {cue.count}"
        self._set_phase_class(cue.phase)

    def _set_phase_class(self, phase: BreathPhase | None) -> None:
        wanted = f"-{phase.value.replace('_', '-')}" if phase else "-natural"
        if not self.has_class(wanted):
            self.remove_class("-inhale", "-hold", "-exhale", "-hold-after", "-natural")
            self.add_class(wanted)

    def render_line(self, y: int) -> Strip:
        """Draw one row: the bar (rounded top and bottom when tall enough), then the phase word."""
        width, height = self.size
        style = self.rich_style
        if y == height - 1:
            return Strip([Segment(self.label[:width].center(width), style)], width)
        bar_rows = height - 1
        if bar_rows >= 3 and y == 0:
            block = "▄"
        elif bar_rows >= 3 and y == bar_rows - 1:
            block = "▀"
        else:
            block = "█"
        cells = min(self.level, width // 2)
        line = (block * (2 * cells)).center(width) if cells else " " * width
        return Strip([Segment(line, style + Style(bold=True))], width)


class SessionProgress(Widget):
    """A thin bar of the whole routine's progress with the time left beside it."""

    DEFAULT_CSS = """
    SessionProgress {
        height: 1;
        width: 1fr;
    }
    """

    filled: reactive[int] = reactive(0)  # in cells, so it redraws only when the bar moves
    caption: reactive[str] = reactive("")

    def show_progress(self, fraction: float, caption: str) -> None:
        """Show `fraction` (0..1) of the routine done and a caption such as "6:40 left"."""
        bar_width = max(0, self.size.width - len(caption) - 1)
        self.filled = round(max(0.0, min(1.0, fraction)) * bar_width)
        self.caption = caption

    def render_line(self, y: int) -> Strip:
        """Draw the bar and the caption on the one row."""
        width = self.size.width
        bar_width = max(0, width - len(self.caption) - 1)
        filled = min(self.filled, bar_width)
        style = self.rich_style
        dim = style + Style(dim=True)
        segments = [
            Segment("━" * filled, style + Style(bold=True)),
            Segment("━" * (bar_width - filled), dim),
            Segment(" " + self.caption, style),
        ]
        return Strip(segments, width).crop(0, width)
