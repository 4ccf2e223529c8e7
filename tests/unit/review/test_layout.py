"""Text laid out in terminal cells: wrapping found in one search for plain text is the same as
word by word, and a width remembered is the width measured."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, chop_cells

from hipcli.review.layout import measure, wrap


def cells(text: str) -> int:
    """Cells as the views count them: a character each for ASCII, else Rich's tables."""
    return len(text) if text.isascii() else cell_len(text)


def wrapped_word_by_word(text: str, width: int) -> list[str]:
    """The wrapping rule as it reads: words joined by one space while the line fits, a word
    longer than a line cut into pieces of the width."""
    width = max(1, width)
    if cells(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in re.split(r"[ \t]+", text.strip(" \t")):
        size = cells(word)
        if used and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if used:
            lines.append(line)
        if size > width:
            *whole, line = chop_cells(word, width)
            lines.extend(whole)
            used = cells(line)
        else:
            line, used = word, size
    lines.append(line)
    return lines


@settings(max_examples=1000, deadline=None)
@given(
    text=st.text(st.sampled_from("ab cd\tefghijklm  nopq.,-"), max_size=200)
    | st.text(st.sampled_from("ab cdé 🙂 ü中\t"), max_size=80),
    width=st.integers(1, 100),
)
def test_a_paragraph_wraps_as_it_would_word_by_word(text: str, width: int) -> None:
    assert wrap(text, width) == wrapped_word_by_word(text, width)


def test_a_width_remembered_is_the_width_measured() -> None:
    for text in ("mood very low → —", "Hüfte", "🙂🙂", "中文字", "e\u0301"):
        assert measure(text) == measure(text) == cells(text)
