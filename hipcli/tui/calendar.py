"""The browser's calendar: weeks of practice as a heatmap (rows Monday-Sunday, columns weeks),
one day selected, fitted to the widget's width. The same shading as `hipcli log --stats`
(`hipcli.review.pictures`): tones of one colour, or the glyphs ░▒▓█ without colour (NO_COLOR).

Arrows move the selection by a day (up/down) or a week (left/right) and post `DaySelected`;
a click on a day does the same. The app moves it when the list's cursor moves, with `show`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from hipcli.review.pictures import GLYPHS, TONES, level, month_labels, week_start
from hipcli.review.stats import DayTotals
from hipcli.review.words import WEEKDAYS, count, day_short, time_words

LABEL = 4
PLAIN = Style()
DIM = Style(dim=True)
SHADES = tuple(Style.parse(tone) for tone in TONES)
SELECTED = Style(reverse=True, bold=True)
TODAY = Style(underline=True)


class Calendar(Widget, can_focus=True):
    """Weeks of practice, one day selected."""

    DEFAULT_CSS = """
    Calendar { height: 10; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-7)", "Week before", show=False),
        Binding("right", "move(7)", "Week after", show=False),
        Binding("up", "move(-1)", "Day before", show=False),
        Binding("down", "move(1)", "Day after", show=False),
        Binding("home", "today", "Today", show=False),
    ]

    @dataclass
    class DaySelected(Message):
        """The person chose a day on the calendar."""

        day: date

    selected: reactive[date | None] = reactive(None)
    note: reactive[str] = reactive("")  # e.g. "reading the rest of the journal…"

    def __init__(self, today: date, *, glyphs: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.glyphs = glyphs
        self.days: Mapping[date, DayTotals] = {}
        self._first = today
        self._strips: list[Strip] | None = None  # the lines drawn, until something changes
        self._strips_width = 0

    def show(self, days: Mapping[date, DayTotals]) -> None:
        """Draw these days."""
        self.days = days
        self._redraw()

    def _redraw(self) -> None:
        self._strips = None
        self.refresh()

    def _weeks(self) -> tuple[int, int]:
        width = max(0, self.size.width - LABEL)
        cell = 2 if width >= 2 * 8 else 1
        # two cells a week: one cell more at the end, so a month name (three letters) over
        # the last week is whole; one cell a week: a name that does not fit is left out
        return max(1, (width - (cell - 1)) // cell), cell

    def picture(self) -> Text:
        """What the calendar shows, as text: the month line, seven rows of days, the words."""
        return Text("\n").join(Text.assemble(*row) for row in self._rows())

    def render_line(self, y: int) -> Strip:
        """Line `y` of the calendar. Drawn as segments of text (Textual's line API): the
        ~350 day cells cost a few segments a line, not a styled span each."""
        width = self.size.width
        if self._strips is None or self._strips_width != width:
            base = self.rich_style
            self._strips = [
                Strip(
                    Segment.simplify(Segment(text, base + style) for text, style in row)
                ).adjust_cell_length(width, base)
                for row in self._rows()
            ]
            self._strips_width = width
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)

    def _rows(self) -> list[list[tuple[str, Style]]]:
        weeks, cell = self._weeks()
        last = week_start(self.today)
        if self.selected is not None and self.selected < last - timedelta(weeks=weeks - 1):
            last = week_start(self.selected)  # follow the list back in time
        self._first = last - timedelta(weeks=weeks - 1)
        months = month_labels(self._first, weeks, cell, width=self.size.width or None)
        rows = [[(months, DIM)]]
        for weekday in range(7):
            row = [(WEEKDAYS[weekday].ljust(LABEL), DIM)]
            for column in range(weeks):
                day = self._first + timedelta(weeks=column, days=weekday)
                row.extend(self._cell(day, cell))
            rows.append(row)
        words = self._words()
        if self.size.width and cell_len(words) > self.size.width:
            words = set_cell_size(words, max(0, self.size.width - 1)) + "…"
        rows.append([(words, DIM)])
        return rows

    def _cell(self, day: date, cell: int) -> list[tuple[str, Style]]:
        pad = " " * (cell - 1)
        if day > self.today:
            return [(" " * cell, PLAIN)]
        totals = self.days.get(day)
        if totals is None:
            glyph, style = "·", DIM
        else:
            shade = level(totals.minutes)
            glyph, style = (GLYPHS[shade], PLAIN) if self.glyphs else ("■", SHADES[shade])
        mark = SELECTED if day == self.selected else TODAY if day == self.today else None
        if mark is None:
            return [(glyph + pad, style)]
        return [(glyph, style + mark), (pad, style)] if pad else [(glyph, style + mark)]

    def _words(self) -> str:
        if self.note:
            return self.note
        day = self.selected
        if day is None:
            return ""
        totals = self.days.get(day)
        when = f"{WEEKDAYS[day.weekday()]} {day_short(day)} {day.year}"
        if totals is None:
            return f"{when}: no session"
        return f"{when}: {count(totals.sessions, 'session')}, {time_words(totals.minutes)}"

    def watch_selected(self) -> None:
        self._redraw()

    def watch_note(self) -> None:
        self._redraw()

    def action_move(self, days: int) -> None:
        """Select the day `days` after the selected one (never after today)."""
        start = self.selected or self.today
        day = min(self.today, start + timedelta(days=days))
        self.selected = day
        self.post_message(self.DaySelected(day))

    def action_today(self) -> None:
        """Select today."""
        self.selected = self.today
        self.post_message(self.DaySelected(self.today))

    def on_resize(self) -> None:
        self._redraw()

    def on_click(self, event: Click) -> None:
        """Select the day under the pointer."""
        _, cell = self._weeks()
        column, row = (event.x - LABEL) // cell, event.y - 1
        if column < 0 or not 0 <= row < 7:
            return
        day = self._first + timedelta(weeks=column, days=row)
        if day <= self.today:
            self.selected = day
            self.post_message(self.DaySelected(day))
