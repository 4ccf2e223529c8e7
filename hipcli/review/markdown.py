"""Text for Markdown that reads as written: only what Markdown would take for formatting is
escaped, where it would, so "2.8 of 5" and "#hips" stay as they are while `*`, `_`, backticks,
`<b>`, `[link](…)`, `&amp;` and a `# ` or `1. ` at the start of a line are shown, not obeyed.

The rules are CommonMark's (with GitHub's `~` strikethrough): emphasis needs `*`, or `_`
outside a word; code needs a backtick; links and images need `[`; HTML and autolinks need `<`
before a letter, `/`, `!` or `?`; an entity needs `&` before `name;` or `#123;`; a backslash
escapes only the punctuation after it. Block structure (headings, quotes, lists, rules, code
fences and indented code) is read only at the start of a line.
"""

from __future__ import annotations

import re
from typing import Literal

from hipcli.literal import visible

# Each character that can begin formatting, in its context: a match is escaped.
_INLINE = re.compile(
    r"""[*`~\[\]]                  # emphasis, code, strikethrough, links and images
    | (?<![^\W_])_ | _(?![^\W_])   # an underscore not inside a word
    | <(?=[A-Za-z/!?])             # HTML and autolinks
    | &(?=\#?\w+;)                 # an entity or a character reference
    | \\(?=[!-/:-@\[-`{-~]|$)      # a backslash before punctuation, or at the end of a line
    """,
    re.VERBOSE | re.MULTILINE,
)
# What a line may begin with that makes it a block: its mark (group "mark") is escaped.
_BLOCK = re.compile(
    r"""^[ \t]*(?:
        (?P<mark>\#{1,6})(?=[ \t]|$)          # a heading
      | (?P<mark2>[>])                        # a quote
      | (?P<mark3>[-+])(?=[ \t]|$)            # a list item
      | \d{1,9}(?P<mark4>[.)])(?=[ \t]|$)     # a numbered list item
      | (?P<mark5>[-=])[ \t]*(?:[-=][ \t]*)*$ # a rule, or a heading's underline
    )""",
    re.VERBOSE | re.MULTILINE,
)
_MARKS = ("mark", "mark2", "mark3", "mark4", "mark5")
_LEADING = re.compile(r"^[ \t]+", re.MULTILINE)  # four spaces would make code
_CLOSING = re.compile(r"(?:(?<=[ \t])|^)(#+)[ \t]*$")  # "# Title ##": the "##" is not shown


Place = Literal["inline", "line", "heading"]


def markdown_text(text: str, place: Place = "inline") -> str:
    """`text` (from the journal, say) for Markdown, shown as written and never as formatting
    or control, for its `place`: "inline" after other words on a line; "line" where it begins
    a line (a list item's first words), so block marks like `# ` or `1. ` count; "heading"
    after `# `, where a `#` at the end would be taken for the heading's closing marks. Block
    marks count after each newline in any place."""
    text = visible(text, keep_newlines=True)
    text = _INLINE.sub(lambda match: "\\" + match[0], text)
    if place == "heading":
        text = _CLOSING.sub(r"\\\1", text.replace("\n", " "))
    first, newline, rest = text.partition("\n")
    if place == "line":
        first = _block_safe(first)
    return first + newline + _block_safe(rest) if newline else first


def _block_safe(text: str) -> str:
    """Lines with their block marks escaped (and leading blanks, that would make code, gone)."""
    return _BLOCK.sub(_escape_mark, _LEADING.sub("", text))


def _escape_mark(match: re.Match[str]) -> str:
    name = next(name for name in _MARKS if match.start(name) >= 0)
    offset = match.start(name) - match.start()
    return match[0][:offset] + "\\" + match[0][offset:]
