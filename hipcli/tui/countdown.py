"""The countdown you read from the mat, and the side you are on, by position, shape and word.

`Countdown` draws the time left in block digits (`hipcli.tui.bigtext`) as tall as the screen
gives it, with a solid arrow beside them on the side being held: on the left pointing left for
the left side, on the right pointing right for the right side, and the side's word in block
letters where there is room. Beside digits under 5 rows (a small terminal) an arrow would read
as part of the number, so there the side is a label: "◀ LEFT" in reverse, boxed, as tall as the
digits. `PoseLine` names the pose, with "◀ LEFT" at its left end or "RIGHT ▶" at its right end,
so the side is on screen even where neither fits.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from hipcli.practice.timeline import SegmentKind
from hipcli.routine.durations import format_clock
from hipcli.tui.bigtext import digit_size, render_arrow, render_digits, render_word, text_width

MIN_ROWS = 3


def clock_text(seconds: float) -> str:
    """What the countdown shows: "1:30", and under a minute the seconds alone ("45", "5")."""
    text = format_clock(seconds)
    return text[2:].lstrip("0") or "0" if text.startswith("0:") else text


# A NamedTuple, not a dataclass: defined before the session's first frame, it costs a fifth.
class Side(NamedTuple):
    """Which way the side points ("left", "right" or None) and its word for people ("LEFT")."""

    pointing: str | None
    word: str

    @property
    def marker(self) -> str:
        """The side as one short piece of text: "◀ LEFT", "RIGHT ▶", "↻ CLOCKWISE"."""
        if self.pointing == "left":
            return f"◀ {self.word}"
        if self.pointing == "right":
            return f"{self.word} ▶"
        return self.word


def side_of(name: str | None) -> Side | None:
    """The `Side` for a routine's side name ("left", "right foot", "clockwise"), or None."""
    if not name:
        return None
    words = name.split()
    first = words[0].lower() if words else ""
    if first in ("left", "right"):
        return Side(first, name.upper())
    if first == "clockwise":
        return Side(None, f"↻ {name.upper()}")
    if first in ("counterclockwise", "anticlockwise"):
        return Side(None, f"↺ {name.upper()}")
    return Side(None, name.upper())


class Countdown(Widget):
    """The time left in block digits, with the side's arrow beside them."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"countdown--side", "countdown--side-label"}
    DEFAULT_CSS = """
    Countdown {
        width: 1fr;
        height: 5;
        text-style: bold;
    }
    Countdown > .countdown--side {
        text-style: bold;
    }
    Countdown > .countdown--side-label {
        text-style: bold reverse;
    }
    """

    value: reactive[str] = reactive("0:00")
    side: reactive[Side | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: tuple[object, ...] = ()
        self._lines: list[list[tuple[str, str | None]]] = []
        self.digit_rows = 0  # how tall the digits were drawn (tests and the screen read it)

    def update(self, value: str) -> None:
        """Show `value` ("1:30", "45"); redraws only when it changes."""
        self.value = value

    def render_line(self, y: int) -> Strip:
        """One row of the digits and the side block, centred in the widget."""
        width, height = self.size
        key = (self.value, self.side, width, height)
        if key != self._drawn:
            self._drawn = key
            self._lines = self._compose_lines(width, height)
        style = self.rich_style
        if y >= len(self._lines):
            return Strip.blank(width, style)
        styles: dict[str, Style] = {}
        segments = []
        for text, part in self._lines[y]:
            if part is not None and part not in styles:
                styles[part] = style + self.get_component_rich_style(part, partial=True)
            segments.append(Segment(text, style if part is None else styles[part]))
        return Strip(segments).adjust_cell_length(width, style)

    def _compose_lines(self, width: int, height: int) -> list[list[tuple[str, str | None]]]:
        """Rows of (text, component class) pieces: the largest digits that fit, the side
        beside them.

        The digits and the side's block are centred together: the arrow and the word on the
        left for the left side ("◀ LEFT 1:30"), on the right for the right ("1:30 RIGHT ▶").
        """
        rows = max(MIN_ROWS, height)
        while rows > MIN_ROWS and text_width(self.value, digit_size(rows)) > width:
            rows -= 1
        self.digit_rows = rows
        digits = list(render_digits(self.value, rows))
        digits_width = text_width(self.value, digit_size(rows))
        gap = 2 * _gap(rows)
        block = self._side_block(rows, width - digits_width - gap - 2)
        pointing = self.side.pointing if self.side is not None and block else None
        block_width = len(block[0][0]) + gap if block else 0
        left_margin = max(0, (width - digits_width - block_width) // 2)
        top = max(0, (height - rows) // 2)
        lines: list[list[tuple[str, str | None]]] = [[] for _ in range(height)]
        for index, row in enumerate(digits[: max(0, height - top)]):
            margin = (" " * left_margin, None)
            if block is None:
                lines[top + index] = [margin, (row, None)]
            elif pointing == "left":
                lines[top + index] = [margin, block[index], (" " * gap + row, None)]
            else:
                lines[top + index] = [margin, (row + " " * gap, None), block[index]]
        return lines

    def _side_block(self, rows: int, room: int) -> list[tuple[str, str]] | None:
        """The side beside the digits, in `room` columns: from 5 rows up the arrow, with the
        side's word in block letters where it fits; below that a label ("◀ LEFT")."""
        side = self.side
        if side is None or side.pointing is None:
            return None
        if rows < 5:
            return _side_label(side, rows, room)
        block = self._side_shape(side, rows, room)
        return [(line, "countdown--side") for line in block] if block else None

    def _side_shape(self, side: Side, rows: int, room: int) -> list[str] | None:
        """The arrow, with the side's word in block letters where it fits in `room` columns."""
        assert side.pointing is not None
        arrow = list(render_arrow(side.pointing, rows))
        arrow_width = len(arrow[0])
        first_word = side.word.split()[0]
        # The word stays well below the digits' height, so that "LEFT" never reads as part of
        # the number; on the smallest countdowns the arrow alone marks the side.
        for scale in range(max(1, (2 * rows) // 10), 0, -1):
            word = render_word(first_word, scale)
            if word is None or rows < 5 or len(word) > rows - 2:
                continue
            word_width = len(word[0])
            if arrow_width + _gap(rows) + word_width > room:
                continue
            top = (rows - len(word)) // 2
            padded = [" " * word_width] * top + list(word)
            padded += [" " * word_width] * (rows - len(padded))
            gap = " " * _gap(rows)
            if side.pointing == "left":
                return [a + gap + w for a, w in zip(arrow, padded, strict=True)]
            return [w + gap + a for a, w in zip(arrow, padded, strict=True)]
        return arrow if arrow_width <= room else None


def _gap(rows: int) -> int:
    return max(1, rows // 3)


def _side_label(side: Side, rows: int, room: int) -> list[tuple[str, str]] | None:
    """Beside digits under 5 rows tall, where an arrow would read as part of the number: the
    side's marker ("◀ LEFT", "RIGHT ▶") in reverse, in a box as tall as the digits (half blocks
    at its top and bottom), so that it is a shape of its own."""
    first = side.word.split()[0]
    label = f" {Side(side.pointing, first).marker} "
    if len(label) > room:
        return None
    # The digits' ink runs from the top of the first row to the top half of the last one.
    lines = [(" " * len(label), "countdown--side-label")] * rows
    lines[0] = ("▄" * len(label), "countdown--side")
    lines[-1] = ("▀" * len(label), "countdown--side")
    lines[(rows - 1) // 2] = (label, "countdown--side-label")
    return lines


# What the pose line says in each kind of segment (the side shows with holds and switches).
POSE_LINES = {
    SegmentKind.HOLD: "{name}",
    SegmentKind.SWITCH: "Switch sides · {name}",
    SegmentKind.REST: "Rest · next: {name}",
    SegmentKind.LEAD_IN: "Get ready · {name}",
}


class PoseLine(Widget):
    """The pose's name, centred, with the side's marker at the end it belongs to."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pose-line--side"}
    DEFAULT_CSS = """
    PoseLine {
        width: 1fr;
        height: 1;
        text-style: bold;
    }
    PoseLine > .pose-line--side {
        text-style: bold reverse;
    }
    """

    text: reactive[str] = reactive("")
    side: reactive[Side | None] = reactive(None)

    def show(self, text: str, side: Side | None = None) -> None:
        """Name the pose (`text`, shown literally) and the side."""
        self.text = text
        self.side = side

    def render_line(self, y: int) -> Strip:
        """The marker at its end, the name centred in what is left (or after the marker)."""
        width = self.size.width
        style = self.rich_style
        if y > 0:
            return Strip.blank(width, style)
        marker = f" {self.side.marker} " if self.side else ""
        name = self.text
        room = width - 2 * (len(marker) + 1) if marker else width
        if len(name) > room:
            room = width - len(marker) - 1
            name = name if len(name) <= room else name[: max(0, room - 1)] + "…"
            centred = name.ljust(room)
        else:
            centred = name.center(room)
        side_style = style + self.get_component_rich_style("pose-line--side", partial=True)
        pieces: list[Segment]
        if not marker:
            pieces = [Segment(centred, style)]
        elif self.side is not None and self.side.pointing == "right":
            if len(centred) == room and room == width - len(marker) - 1:
                pieces = [Segment(centred + " ", style), Segment(marker, side_style)]
            else:
                pad = " " * (len(marker) + 1)
                pieces = [Segment(pad + centred + " ", style), Segment(marker, side_style)]
        else:
            pad = "" if room == width - len(marker) - 1 else " " * (len(marker) + 1)
            pieces = [Segment(marker, side_style), Segment(" " + centred + pad, style)]
        return Strip(pieces).adjust_cell_length(width, style)
