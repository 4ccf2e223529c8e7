"""The browser's list of sessions: one line each, newest first, a cursor on one.

Only the lines on screen are drawn (Textual's line API), straight from the records: showing
100,000 sessions costs what showing 20 does, and a new list (the rest of the journal, a filter)
is in place at once. A DataTable builds, measures and styles every row first, about a second
for 10,000 sessions, during which the browser could not answer a key.

Up and Down move the cursor, PageUp and PageDown a page, Home and End to the newest and the
oldest session; a click moves it, and a click on the cursor's row opens the session. Each move
posts `Highlighted`; the app opens the session on Enter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hipcli.journal.record import SessionRecord
from hipcli.literal import visible
from hipcli.review.table import mood_text
from hipcli.review.words import WEEKDAYS, length_text

COMPACT_BELOW = 60  # columns: dates without weekday and time, lengths in whole minutes
HEADINGS = ("When", "Routine", "Length", "Mood")


class SessionList(ScrollView, can_focus=True):
    """Sessions, one a line under a heading line, with a cursor on one of them."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"session-list--header", "session-list--cursor"}
    # the look of Textual's DataTable, which this list replaced
    DEFAULT_CSS = """
    SessionList {
        background: $surface;
        color: $foreground;
        & > .session-list--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .session-list--header { background: ansi_bright_blue; color: ansi_default; }
        & > .session-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .session-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Newer", show=False),
        Binding("down", "move(1)", "Older", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "Newest", show=False),
        Binding("end", "last", "Oldest", show=False),
    ]

    @dataclass
    class Highlighted(Message):
        """The cursor moved to the session at `index`."""

        index: int

    @dataclass
    class Selected(Message):
        """The session at `index` was clicked while the cursor was on it."""

        index: int

    def __init__(self, *, symbols: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.symbols = symbols  # moods as dots (●●●○○), or as 3/5 without colour
        self.records: Sequence[SessionRecord] = ()
        self.cursor_row = 0
        self._titles: dict[str, str] = {}  # a title as shown (control characters visible)
        self._routine_width = len(HEADINGS[1])

    @property
    def row_count(self) -> int:
        """How many sessions the list holds."""
        return len(self.records)

    def show(self, records: Sequence[SessionRecord], cursor: int = 0) -> None:
        """List these sessions, the cursor on the one at `cursor` (no `Highlighted`: the
        caller knows which it chose)."""
        self.records = records
        titles = {record.title or record.routine for record in records}
        for title in titles - self._titles.keys():
            self._titles[title] = visible(title)
        self._routine_width = max(
            [len(HEADINGS[1]), *(cell_len(self._titles[title]) for title in titles)]
        )
        self.cursor_row = max(0, min(cursor, len(records) - 1))
        self.virtual_size = Size(self.virtual_size.width, len(records) + 1)
        self._scroll_to_cursor()
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """Put the cursor on the session at `row` (kept within the list) and show it."""
        row = max(0, min(row, len(self.records) - 1))
        if row == self.cursor_row or not self.records:
            return
        self.cursor_row = row
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(row))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self._page():
            self.scroll_to(y=self.cursor_row - self._page() + 1, animate=False, immediate=True)

    def action_move(self, rows: int) -> None:
        """A session newer (-1) or older (1)."""
        self.move_cursor(self.cursor_row + rows)

    def action_page(self, pages: int) -> None:
        """A page of sessions up or down."""
        self.move_cursor(self.cursor_row + pages * self._page())

    def action_first(self) -> None:
        """The newest session."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """The oldest session."""
        self.move_cursor(len(self.records) - 1)

    def on_click(self, event: Click) -> None:
        """A click moves the cursor to that session; a second one opens it."""
        if event.y < 1:
            return
        row = round(self.scroll_y) + event.y - 1
        if not 0 <= row < len(self.records):
            return
        if row == self.cursor_row:
            self.post_message(self.Selected(row))
        else:
            self.move_cursor(row)

    def on_resize(self) -> None:
        """Keep the cursor's row on screen when the list gets shorter."""
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        """The heading line, or the session `y` lines below the top of the view."""
        width = self.scrollable_content_region.width
        compact = width < COMPACT_BELOW
        if y == 0:
            style = self.rich_style + self.get_component_rich_style("session-list--header")
            line = self._line(HEADINGS, width, compact, heading=True)
            return Strip([Segment(line, style)], width)
        row = round(self.scroll_y) + y - 1
        if not 0 <= row < len(self.records):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if row == self.cursor_row:
            style += self.get_component_rich_style("session-list--cursor")
        line = self._line(self._cells(self.records[row], compact), width, compact)
        return Strip([Segment(line, style)], width)

    def _cells(self, record: SessionRecord, compact: bool) -> tuple[str, str, str, str]:
        moment = record.started_at
        if compact:
            when = f"{moment:%Y-%m-%d}"
            length = f"{math.floor(record.active_s / 60 + 0.5)}m"
        else:
            when = f"{WEEKDAYS[moment.weekday()]} {moment:%Y-%m-%d %H:%M}"
            length = length_text(record.active_s)
        title = record.title or record.routine
        routine = self._titles.get(title) or visible(title)
        return when, routine, length, mood_text(record.mood, symbols=self.symbols, short=True)

    def _line(
        self, cells: Sequence[str], width: int, compact: bool, *, heading: bool = False
    ) -> str:
        """The four cells, each padded by a space on either side, a length to the right;
        a title too long for the room left is cut with an ellipsis."""
        when, routine, length, mood = cells
        widths = [10 if compact else 20, 0, 6 if compact else 7, 5]
        room = width - sum(widths) - 2 * len(widths)
        widths[1] = max(1, min(self._routine_width, room))
        if cell_len(routine) > widths[1]:
            routine = set_cell_size(routine, widths[1] - 1) + "…"
        line = (
            f" {set_cell_size(when, widths[0])} "
            f" {set_cell_size(routine, widths[1])} "
            f" {set_cell_size(length, widths[2]) if heading else length.rjust(widths[2])} "
            f" {set_cell_size(mood, widths[3])} "
        )
        return set_cell_size(line, width)
