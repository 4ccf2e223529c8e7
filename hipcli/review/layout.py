"""Text laid out in terminal cells: measuring, cutting and wrapping, and our own colour codes.

Every line the views write fits the width they are given, counted in terminal cells (a CJK
character or an emoji takes two), so the terminal never wraps a row. ASCII text, most of what is
written, takes the quick path (one character, one cell); anything else is measured by Rich's
cell tables. Colour is a handful of SGR codes written directly (Rich's per-line rendering costs
~0.25 ms a line, too much for thousands of entries); every text from the journal has been made
visible (`hipcli.literal.visible`) before it gets here, so those codes are the only ones written.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Callable, Sequence
from typing import TextIO

MIN_WIDTH = 40
MAX_WIDTH = 200
PIPE_WIDTH = 80

_SPACES = re.compile(r"[ \t]+")
# what joining words by single spaces changes: a run of spaces and tabs, or a lone tab (a lone
# space stays as it is, and a paragraph of plain words is matched nowhere)
_NOT_ONE_SPACE = re.compile(r"[ \t]{2,}|\t")


def output_width(out: TextIO, *, terminal: bool) -> int:
    """The width to lay out for: the terminal's, or `COLUMNS` (else 80) for a pipe; 40-200."""
    width = 0
    if terminal:
        try:
            width = os.get_terminal_size(out.fileno()).columns
        except (OSError, ValueError, AttributeError):  # not a real file descriptor
            width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns
    else:
        try:
            width = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            width = 0
        width = width if width > 0 else PIPE_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


@functools.cache
def _wider_or_narrower(newline: bool = True) -> re.Pattern[str]:
    """A character that may not take exactly one cell by Rich's cell tables (a control, a
    zero-width mark, a wide character, the joiner and the emoji selector Rich reads with the
    character before, and every character beyond the first 65,536, emoji among them): text
    without one takes a cell a character, measured and cut at C speed. Built from Rich's own
    table the first time non-ASCII text is laid out. (Characters beyond 65,536 are one range:
    the pattern then looks each character up in one table, not in hundreds of ranges.)
    Without `newline`, a newline is not one (it ends a line of notes rather than taking a
    cell)."""
    from rich._unicode_data import load  # deferred: only non-ASCII text needs the table

    controls = [(0x00, 0x1F)] if newline else [(0x00, 0x09), (0x0B, 0x1F)]
    ranges = [*controls, (0x7F, 0x9F), (0x200D, 0x200D), (0xFE0F, 0xFE0F)]
    ranges += [
        (start, min(end, 0xFFFF))
        for start, end, width in load("auto").widths
        if width != 1 and start <= 0xFFFF
    ]
    ranges.append((0x10000, 0x10FFFF))
    return re.compile(
        "["
        + "".join(f"{re.escape(chr(start))}-{re.escape(chr(end))}" for start, end in ranges)
        + "]"
    )


@functools.cache
def _cell_size() -> Callable[[str], int]:
    from rich.cells import get_character_cell_size  # deferred: as for _wider_or_narrower

    return get_character_cell_size


@functools.cache
def _lines_in(width: int) -> re.Pattern[str]:
    """The longest run of at most `width` characters of a line that ends before a space, or
    at the end of its line or of the text."""
    return re.compile(rf"(.{{1,{width}}})(?: |\n|\Z)")


def _stand_in(text: str, found: list[str]) -> str | None:
    """`text` with each of the characters `found` in it that takes two cells made two NULs;
    None if one takes none (or is a NUL: the text is then not what it seems) or joins the one
    before (the joiner, the emoji selector)."""
    stand_in = text
    cell_size = _cell_size()
    for character in set(found):
        size = cell_size(character)
        if size == 0 or character in "\u200d\ufe0f":
            return None
        if size == 2:
            stand_in = stand_in.replace(character, "\x00\x00")
    return stand_in


def wrap_lines(text: str, width: int) -> list[str] | None:
    """Lines of printable text (paragraphs, no blank line, words one space apart, none at
    either end of a line) wrapped as `wrap` wraps each paragraph: the lines found all at once,
    at C speed, where each character takes one or two cells (a two-cell one counted twice, as
    Rich counts it). None for any other text, or a word longer than a line
    (`wrap_paragraphs`). (Printable: no control but the newlines, so `literal.visible` leaves
    the text as it is; no tab or other white space but the spaces.)"""
    flat = text.replace("\n", " ")  # (a blank line, a space at either end of a line: two)
    if not flat.isprintable() or "  " in flat or flat[:1] in ("", " ") or flat[-1] == " ":
        return None
    found = [] if text.isascii() else _wider_or_narrower(False).findall(text)
    if found:
        stand_in = _stand_in(text, found)
        if stand_in is None:
            return None
    else:
        stand_in = text
    lines = _lines_in(width).findall(stand_in)
    # the lines are the whole text, one space or newline between each two (each match began
    # where the one before ended: no word was longer than a line)
    if sum(map(len, lines)) + len(lines) - 1 != len(stand_in):
        return None
    if not found:
        return lines
    shown, at = [], 0
    for line in lines:
        size = len(line) - line.count("\x00") // 2
        shown.append(text[at : at + size])
        at += size + 1
    return shown


_APART = "|"  # the line between two texts wrapped together (see `wrap_texts`)
_PARAGRAPH = "~"  # the blank line between two paragraphs of a text, while it is wrapped
_STAND_INS = 256  # two-cell characters a group of texts may hold (more: wrapped one by one)


def wrap_texts(texts: Sequence[str], width: int, pad: str) -> list[str] | None:
    """Each of `texts` as `pad + ("\n" + pad).join(wrap_lines(text, width)) + "\n"` (paragraphs
    one blank line apart: each so, the blank line between them kept), all of them wrapped in one
    search (a region of the journal's notes: a few hundred), or None when `wrap_lines` would
    give None for any of them or any of their paragraphs, or one wraps to a line that is all
    `_APART` or `_PARAGRAPH` (then each is wrapped on its own). `pad`: two spaces or more (a
    line holds no two in a row, so `pad + _APART` stands only for the line between two texts).
    See `wrap_joined`."""
    return wrap_joined(JOINT.join(texts), len(texts), width, pad)


JOINT = f"\n{_APART}\n"  # between two texts wrapped together


def wrap_joined(
    whole: str, count: int, width: int, pad: str, data: bytes | None = None
) -> list[str] | None:
    """`wrap_texts` of `count` texts already joined, `JOINT` between each two (None also when
    `whole` holds more than `count` of them). `data`: `whole` as UTF-8, if at hand.

    The texts are joined a line of `_APART` apart (a line of its own that no text wraps to:
    else each is wrapped on its own), a blank line between two paragraphs of a text is a line
    of `_PARAGRAPH` while they are wrapped (the same), and each two-cell character stands in as
    two characters of its own (a NUL and a private-use character, which no printable text
    holds), so that the search counts it twice and it is put back whole afterwards."""
    paragraphs = 0
    if "\n\n" in whole:  # (one blank line at a time, and none at a text's start or end)
        if "\n\n\n" in whole or f"\n\n{_APART}\n" in whole or f"\n{_APART}\n\n" in whole:
            return None
        paragraphs = whole.count("\n\n")
        whole = whole.replace("\n\n", f"\n{_PARAGRAPH}\n")
        if data is not None:  # (the same in UTF-8: a new line is a byte of its own)
            data = data.replace(b"\n\n", f"\n{_PARAGRAPH}\n".encode())
    # The text is checked as UTF-8, a few passes over its bytes at C speed: each character
    # that isn't printable ASCII is made of bytes of its own (none of them ASCII), and those
    # that aren't a newline (`unusual`) are the only ones Python's printable check and the
    # search for two-cell characters need look at (most notes are ASCII, or nearly).
    if data is None:
        try:
            data = whole.encode()
        except UnicodeEncodeError:  # (a lone surrogate)
            return None
    flat = data.replace(b"\n", b" ")  # (an empty text, or a space at an end: two spaces)
    if b"  " in flat or flat[:1] in (b"", b" ") or flat[-1:] == b" ":
        return None
    unusual = data.translate(None, _PLAIN).decode()
    if not unusual.isprintable():
        return None
    wide: list[tuple[str, str]] = []
    if unusual:
        found = set(_wider_or_narrower().findall(unusual))  # (no newline in it)
        if len(found) > _STAND_INS:
            return None
        cell_size = _cell_size()
        for character in found:
            size = cell_size(character)
            if size == 0 or character in "\u200d\ufe0f":
                return None
            if size == 2:
                stand_in = "\x00" + chr(0xE000 + len(wide))
                wide.append((character, stand_in))
                whole = whole.replace(character, stand_in)
    lines = _lines_in(width).findall(whole)
    if (
        sum(map(len, lines)) + len(lines) - 1 != len(whole)  # (a word longer than a line)
        or lines.count(_APART) != count - 1
        or (paragraphs and lines.count(_PARAGRAPH) != paragraphs)
    ):
        return None
    wrapped = "".join((pad, ("\n" + pad).join(lines), "\n"))
    if paragraphs:
        wrapped = wrapped.replace(f"\n{pad}{_PARAGRAPH}\n", "\n\n")
    out = wrapped.split(f"{pad}{_APART}\n")
    if len(wide) > _PUT_BACK_EACH:
        return [_put_back(text, wide) if "\x00" in text else text for text in out]
    # put back only in the texts that hold it (most stay narrower than a text with an emoji,
    # four bytes a character)
    for character, stand_in in wide:
        out = [text.replace(stand_in, character) if stand_in in text else text for text in out]
    return out


_PLAIN = bytes(range(0x20, 0x7F)) + b"\n"  # (printable ASCII, and the newline)
_PUT_BACK_EACH = 4  # two-cell characters put back text by text, one after the other


def _put_back(text: str, wide: Sequence[tuple[str, str]]) -> str:
    for character, stand_in in wide:
        text = text.replace(stand_in, character)
    return text


def single_cells(text: str) -> bool:
    """Whether every character of `text` takes one terminal cell (as Rich measures them)."""
    return text.isascii() or _wider_or_narrower().search(text) is None


# Widths of non-ASCII texts already measured (words of notes, moods with arrows: the same few
# thousand, measured again and again in a view of the whole journal).
_WIDTHS: dict[str, int] = {}
_WIDTHS_KEPT = 4096


def measure(text: str) -> int:
    """How many terminal cells `text` takes."""
    if text.isascii():
        return len(text)
    width = _WIDTHS.get(text)
    if width is None:
        from rich.cells import cell_len  # deferred: only non-ASCII text needs the cell tables

        width = len(text) if single_cells(text) else cell_len(text)
        if len(text) <= 64:  # (words and labels; a long text is seldom measured twice)
            if len(_WIDTHS) >= _WIDTHS_KEPT:
                _WIDTHS.clear()
            _WIDTHS[text] = width
    return width


def fit(text: str, size: int, *, pad: bool = False) -> str:
    """`text` cut to `size` cells with an ellipsis if longer; padded with spaces if `pad`."""
    if size <= 0:
        return ""
    if len(text) > size + 1:  # cut short: when what shows takes a cell a character, only it
        head = text[: size + 1]  # need be measured (as below: `head` measured, then cut)
        if head.isprintable() if head.isascii() else _wider_or_narrower().search(head) is None:
            return head[: size - 1] + "…"  # (a control: measured as below, as it always was)
    if single_cells(text):
        if len(text) > size:
            return text[: size - 1] + "…"
        return text.ljust(size) if pad else text
    from rich.cells import cell_len, set_cell_size

    head = text[: size + 1]  # a long text is measured only as far as it can show
    if len(head) < len(text) and cell_len(head) > size:
        text = head  # (zero-width marks can make a longer text fit: then it is measured whole)
    length = cell_len(text)
    if length > size:
        return set_cell_size(text, size - 1) + "…"
    return text + " " * (size - length) if pad else text


def _chop(word: str, width: int) -> list[str]:
    """A word longer than the line, cut into pieces of `width` cells."""
    if single_cells(word):
        return [word[i : i + width] for i in range(0, len(word), width)]
    from rich.cells import chop_cells

    return chop_cells(word, width)


@functools.cache
def _lines_of(width: int) -> re.Pattern[str]:
    """The longest run of at most `width` characters that ends before a space or at the end."""
    return re.compile(rf"(.{{1,{width}}})(?: |\Z)", re.DOTALL)


def wrap(text: str, width: int) -> list[str]:
    """`text` (one paragraph, no newlines) wrapped into lines of at most `width` cells,
    breaking at spaces, and inside a word only when the word alone is longer than a line."""
    width = max(1, width)
    if measure(text) <= width:
        return [text]
    if single_cells(text):  # one cell a character: each line the longest that fits, found in C
        words = text.strip(" \t")
        if "  " in words or "\t" in words:
            words = _NOT_ONE_SPACE.sub(" ", words)
        if words and max(map(len, words.split(" "))) <= width:
            return _lines_of(width).findall(words)
    lines: list[str] = []
    line, used = "", 0
    for word in _SPACES.split(text.strip(" \t")):
        size = measure(word)
        if used and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if used:
            lines.append(line)
        if size > width:
            *whole, line = _chop(word, width)
            lines.extend(whole)
            used = measure(line)
        else:
            line, used = word, size
    lines.append(line)
    return lines


def wrap_paragraphs(text: str, width: int) -> list[str]:
    """Multi-line text wrapped line by line; blank lines kept (runs of them made one)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if paragraph.strip():
            lines.extend(wrap(paragraph, width))
        elif lines and lines[-1]:
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


class Paint:
    """SGR colour codes, or nothing when colour is off."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, code: str) -> str:
        """`text` in the style `code` ("1" bold, "2" dim, "36" cyan...)."""
        return f"\x1b[{code}m{text}\x1b[0m" if self.on and code and text else text


def colour_works(out: TextIO) -> bool:
    """Whether the terminal takes colour codes (not TERM=dumb): Rich's detection, used once."""
    from rich.console import Console  # deferred: only terminals get colour

    return Console(file=out, force_terminal=True).color_system is not None
