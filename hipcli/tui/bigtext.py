"""Block digits, arrows and words that scale with the terminal, drawn with half-block cells.

Each character cell holds two square "pixels", one above the other (`▀`, `▄`, `█`, space), so a
glyph `rows` cells tall is `2 * rows` pixels tall and strokes stay square at any size. Digits are
drawn like a seven-segment display with thick strokes: the most legible shape from across a
room, and every digit is as wide as every other, so the countdown never shifts as it runs.
Pure functions of text and size; the widgets in `hipcli.tui.countdown` place and colour them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

Pixels = list[list[bool]]

# Which of the seven segments each digit lights: a top, b top right, c bottom right, d bottom,
# e bottom left, f top left, g middle.
SEGMENTS = {
    "0": "abcdef",
    "1": "bc",
    "2": "abdeg",
    "3": "abcdg",
    "4": "bcfg",
    "5": "acdfg",
    "6": "acdefg",
    "7": "abc",
    "8": "abcdefg",
    "9": "abcdfg",
}

# A small 3×5 pixel alphabet for the side's word beside the countdown.
LETTERS = {
    "L": ("#..", "#..", "#..", "#..", "###"),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
}


# A NamedTuple, not a dataclass: defined before the session's first frame, it costs a fifth.
class DigitSize(NamedTuple):
    """The proportions of the digits at one height, in pixels (columns wide, half-rows tall)."""

    rows: int
    height: int  # pixels
    width: int
    bar: int  # thickness of the horizontal strokes, in pixels
    stem: int  # thickness of the vertical strokes, in columns
    gap: int  # columns between glyphs

    @property
    def colon_width(self) -> int:
        """The colon is as wide as a stroke."""
        return self.stem


@lru_cache(maxsize=64)
def digit_size(rows: int) -> DigitSize:
    """The proportions of digits at most `rows` cells tall (at least 3).

    From 5 rows up every stroke is a whole number of cells thick and sits on whole cells, so the
    digits are crisp blocks; below that, strokes are one pixel (half a cell) thick, like
    Textual's own `Digits`.
    """
    rows = max(3, rows)
    if rows < 5:
        bar = 1
        height = 2 * rows - 1  # odd, so the middle bar sits exactly half way
    else:
        bar = 4 if rows >= 11 else 2
        # Top, middle and bottom bars start on whole cells: (height - bar) / 2 is even.
        height = bar + 4 * ((2 * rows - bar) // 4)
    stem = 3 if rows in (9, 10) else bar  # a little bolder where the bars are still thin
    width = max(3 * stem + 1, round(height * 0.6))
    gap = max(1, stem)
    return DigitSize(rows, height, width, bar, stem, gap)


def text_width(text: str, size: DigitSize) -> int:
    """How many columns `text` ("12:30", "45") takes at `size`."""
    widths = [size.colon_width if c == ":" else size.width for c in text]
    return sum(widths) + size.gap * max(0, len(widths) - 1)


def _digit(char: str, size: DigitSize) -> Pixels:
    h, w, bar, stem = size.height, size.width, size.bar, size.stem
    middle = (h - bar) // 2
    lit = SEGMENTS[char]
    pixels = [[False] * w for _ in range(h)]

    def fill(top: int, bottom: int, left: int, right: int) -> None:
        for y in range(top, bottom):
            for x in range(left, right):
                pixels[y][x] = True

    if char == "1":
        # A single stroke in the middle of its cell: a right-hand "1" reads as a gap ("1: 16").
        centre = (w - stem) // 2
        fill(0, h, centre, centre + stem)
        return pixels
    if "a" in lit:
        fill(0, bar, 0, w)
    if "g" in lit:
        fill(middle, middle + bar, 0, w)
    if "d" in lit:
        fill(h - bar, h, 0, w)
    if "f" in lit:
        fill(0, middle + bar, 0, stem)
    if "b" in lit:
        fill(0, middle + bar, w - stem, w)
    if "e" in lit:
        fill(middle, h, 0, stem)
    if "c" in lit:
        fill(middle, h, w - stem, w)
    return pixels


def _colon(size: DigitSize) -> Pixels:
    h, stem, bar = size.height, size.stem, size.bar
    pixels = [[False] * stem for _ in range(h)]
    middle = (h - bar) // 2
    # One dot in the middle of each gap between the bars, on whole cells where strokes are.
    for gap_top, gap_bottom in ((bar, middle), (middle + bar, h - bar)):
        start = (gap_top + gap_bottom - bar) // 2
        if bar % 2 == 0:
            start -= start % 2
        for y in range(start, start + bar):
            pixels[y] = [True] * stem
    return pixels


def _beside(parts: Sequence[Pixels], gap: int, height: int) -> Pixels:
    rows: Pixels = [[] for _ in range(height)]
    for index, part in enumerate(parts):
        for y in range(height):
            if index:
                rows[y].extend([False] * gap)
            rows[y].extend(part[y] if y < len(part) else [False] * len(part[0]))
    return rows


def to_cells(pixels: Pixels, rows: int) -> list[str]:
    """Pixels as `rows` lines of half-block characters (the last pixel row may be empty)."""
    width = len(pixels[0]) if pixels else 0
    lines = []
    for row in range(rows):
        top = pixels[2 * row] if 2 * row < len(pixels) else [False] * width
        bottom = pixels[2 * row + 1] if 2 * row + 1 < len(pixels) else [False] * width
        lines.append("".join(" ▀▄█"[t + 2 * b] for t, b in zip(top, bottom, strict=True)))
    return lines


@lru_cache(maxsize=256)
def render_digits(text: str, rows: int) -> tuple[str, ...]:
    """`text` (digits and colons) as block digits `rows` cells tall."""
    size = digit_size(rows)
    parts = [
        _colon(size) if c == ":" else _digit(c, size) for c in text if c in SEGMENTS or c == ":"
    ]
    if not parts:
        return tuple(" " * 0 for _ in range(rows))
    return tuple(to_cells(_beside(parts, size.gap, size.height), rows))


@lru_cache(maxsize=64)
def render_arrow(pointing: str, rows: int) -> tuple[str, ...]:
    """A solid triangle `rows` cells tall pointing "left" or "right"."""
    height = 2 * rows
    width = max(2, rows)
    pixels = []
    for y in range(height):
        # Distance from the middle, 0 at the centre, 1 at the top and bottom edges.
        reach = 1 - abs((y + 0.5) - height / 2) / (height / 2)
        filled = max(1, math.ceil(reach * width - 1e-9))
        row = [x < filled for x in range(width)]  # pointing right: the base is on the left
        pixels.append(row if pointing == "right" else row[::-1])
    return tuple(to_cells(pixels, rows))


@lru_cache(maxsize=64)
def render_word(word: str, scale: int) -> tuple[str, ...] | None:
    """`word` in the small block alphabet, `scale` pixels per letter pixel; None if a letter is
    not in it."""
    if not word or any(c not in LETTERS for c in word):
        return None
    parts = []
    for char in word:
        glyph = LETTERS[char]
        parts.append(
            [
                [cell == "#" for cell in row for _ in range(scale)]
                for row in glyph
                for _ in range(scale)
            ]
        )
    pixels = _beside(parts, scale, 5 * scale)
    return tuple(to_cells(pixels, (5 * scale + 1) // 2))


def widest(lines: Sequence[str]) -> int:
    """The width of a block of lines."""
    return max((len(line) for line in lines), default=0)
