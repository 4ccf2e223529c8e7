"""Self-contained widgets of the session screen.

Each widget keeps the few values it shows in reactives and redraws only when one of them changes
(a reactive set to the value it already has does nothing), and none of them changes size while a
session runs. The session ticks ten times a second, but the countdown redraws once a second, the
breathing guide only when its bar grows or shrinks by a cell, and the progress bar every few
seconds: that is what keeps a hold under a few percent of one core.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.reactive import reactive
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from hipcli.tui.cue_fit import FittedCue, fit_cue
from hipcli.tui.layout import CUE_MAX_WIDTH


class LiteralStatic(Static):
    """A Static whose text is always shown literally (never parsed as markup)."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(Content(text), id=id)

    def show(self, text: str) -> None:
        """Display `text` as it is."""
        self.update(Content(text))


class HeaderLine(Widget):
    """The routine's title on the left and where the session is ("Step 2 of 4") on the right.

    One widget for the one line: the title is cut (…) before it would reach the step, and gives
    way to the step alone on a narrow screen. Both are shown literally.
    """

    DEFAULT_CSS = """
    HeaderLine {
        height: 1;
        width: 1fr;
    }
    """

    step: reactive[str] = reactive("")

    def __init__(self, routine_title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.routine_title = routine_title

    def render_line(self, y: int) -> Strip:
        """The title, then the step flush right, with at least one space between."""
        width = self.size.width
        style = self.rich_style
        step = self.step
        title = "" if self.screen.has_class("-narrow") else self.routine_title
        room = width - cell_len(step) - 1
        if cell_len(title) > room:
            title = set_cell_size(title, room - 1) + "…" if room > 1 else ""
        gap = " " * max(0, width - cell_len(title) - cell_len(step))
        return Strip([Segment(title + gap + step, style)]).adjust_cell_length(width, style)


class StatusLine(Static):
    """The line under the countdown: "Paused" while paused, else a short notice that fades."""

    PAUSED = "‖ Paused · press space to carry on"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self.notice_s = 3.0  # how long a notice ("+15s added") stays
        self._notice = ""
        self._paused = False
        self._fade_timer: Timer | None = None

    def flash(self, text: str) -> None:
        """Show `text` for a few seconds."""
        self._notice = text
        if self._fade_timer is not None:
            self._fade_timer.stop()
        self._fade_timer = self.set_timer(self.notice_s, self.flash_done)
        self._show()

    def flash_done(self) -> None:
        """Let the notice go."""
        self._notice = ""
        self._fade_timer = None
        self._show()

    def show_paused(self, paused: bool) -> bool:
        """Say whether the session is paused; True when that changed."""
        changed, self._paused = paused != self._paused, paused
        if changed:
            self._show()
        return changed

    def _show(self) -> None:
        self.update(Content(self.PAUSED if self._paused else self._notice))


class CueText(Widget):
    """The step's cue, centred, fitted to the rows it is given (cut visibly, safety kept); its
    lines are at most `CUE_MAX_WIDTH` long, a comfortable measure on a wide terminal."""

    DEFAULT_CSS = """
    CueText {
        width: 1fr;
        height: 3;
    }
    """

    text: reactive[str] = reactive("")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fitted: tuple[str, int, int, FittedCue] | None = None

    def show(self, text: str) -> None:
        """Show `text` (already made visible: control characters escaped)."""
        self.text = text

    @property
    def fitted(self) -> FittedCue:
        """What is on screen now: the lines, and whether the cue was cut."""
        width, height = min(self.size.width, CUE_MAX_WIDTH), self.size.height
        if self._fitted is None or self._fitted[:3] != (self.text, width, height):
            self._fitted = (self.text, width, height, fit_cue(self.text, width, height))
        return self._fitted[3]

    def lines_needed(self, width: int) -> int:
        """How many rows the whole cue takes at `width` columns."""
        return len(fit_cue(self.text, width, 1000).lines)

    def render_line(self, y: int) -> Strip:
        """One line of the fitted cue, centred."""
        width = self.size.width
        style = self.rich_style
        lines = self.fitted.lines
        if y >= len(lines):
            return Strip.blank(width, style)
        line = lines[y]
        pad = max(0, (width - len(line)) // 2)
        return Strip([Segment(" " * pad + line, style)]).adjust_cell_length(width, style)


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
