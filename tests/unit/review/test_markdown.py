"""Journal text in Markdown (`--stats --format markdown`): read back by a CommonMark parser
(markdown-it-py, which Rich brings) it is the text as written, never formatting; and only what
Markdown would misread is escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from hipcli.review.markdown import Place, markdown_text
from tests.journal_records import make_record
from tests.unit.review.support import add, days_ago, log

PARSER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
WRAPPERS: dict[Place, tuple[str, str]] = {
    "inline": ("- **Label:** ", "paragraph"),
    "line": ("- ", "paragraph"),
    "heading": ("# ", "heading"),
}
HOSTILE = [
    "*star* and **bold**",
    "_under_ and __strong__",
    "`code` and ``more``",
    "<b>tag</b> <!-- comment --> <http://example.com>",
    "[a link](http://example.com) ![an image](x.png) [ref]",
    "[ref]: http://example.com",
    "&amp; &#42; &copy;",
    "~~gone~~ ~one~",
    "a backslash \\* and \\_ and \\\\",
    "# a heading",
    "###### six",
    "1. a list",
    "1) another",
    "- a list",
    "+ a list",
    "* a list",
    "> a quote",
    "---",
    "- - -",
    "***",
    "___",
    "===",
    "    indented code",
    "```python",
    "~~~",
    "| a | b |",
    "trailing \\",
    "ends with #",
    "# ## #",
]


def parsed(document: str, block: str) -> str | None:
    """The text of the one block `document` holds, if it holds nothing but plain text."""
    tokens = PARSER.parse(document)
    inline = [token for token in tokens if token.type == "inline"]
    kinds = {token.type.removesuffix("_open").removesuffix("_close") for token in tokens}
    if len(inline) != 1 or kinds - {"bullet_list", "list_item", block, "inline"}:
        return None  # a second block: a list, a quote, code, a rule...
    children = [c for c in inline[0].children or [] if c.type != "text" or c.content]
    if children[:3] and children[0].type == "strong_open":
        children = children[3:]  # our own **Label:**
    if any(child.type != "text" for child in children):
        return None  # emphasis, code, a link, HTML...
    return "".join(child.content for child in children)


def read_back(text: str, place: Place) -> str | None:
    prefix, block = WRAPPERS[place]
    return parsed(prefix + markdown_text(text, place) + "\n", block)


@pytest.mark.parametrize("place", ["inline", "line", "heading"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_back_as_written(text: str, place: Place) -> None:
    expected = text.strip() if place != "inline" else " " + text.rstrip()
    assert read_back(text, place) == expected


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab 1.)#*_`<>[]()!&;~\\-+=|:/", min_size=1, max_size=24),
    place=st.sampled_from(["inline", "line", "heading"]),
)
def test_any_mix_of_markdown_marks_reads_back_as_written(text: str, place: Place) -> None:
    assume(text.strip())  # (names and sentences are never blank)
    expected = text.strip() if place != "inline" else " " + text.rstrip()
    assert read_back(text, place) == expected


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("3.0 of 5 on average (okay), from 5 check-ins.", "line"),
        ("2.8 of 5", "inline"),
        ("#hips: mood rose by 1.2 on average over 9 sessions.", "line"),
        ("#hips and #calm", "inline"),
        ("Pigeon (6), Frog (2).", "inline"),
        ("snake_case and mood_before", "inline"),
        ("C:\\Users\\anna", "inline"),
        ("2 < 3 and 5 > 4, R&D", "inline"),
        ("well-being - a dash + a plus = fine", "inline"),
        ("Your practice (containing '#hips'), as of 21 November 2026", "heading"),
    ],
)
def test_what_markdown_would_not_misread_is_left_as_it_is(text: str, place: Place) -> None:
    assert markdown_text(text, place) == text


@pytest.mark.parametrize(
    ("text", "place", "escaped"),
    [
        ("1. A list", "line", "1\\. A list"),
        ("# A heading", "line", "\\# A heading"),
        ("*not bold*", "inline", "\\*not bold\\*"),
        ("_x_", "inline", "\\_x\\_"),
        ("<b>", "inline", "\\<b>"),
        ("Title #", "heading", "Title \\#"),
    ],
)
def test_only_the_marks_markdown_would_obey_are_escaped(
    text: str, place: Place, escaped: str
) -> None:
    assert markdown_text(text, place) == escaped


@pytest.fixture
def helped(journal: Path) -> Path:
    """Three sessions with both moods of a routine and a tag with hostile names."""
    add(
        journal,
        *days_ago(0, 1, 2, title="# *Pigeon* <b>1.</b>", tags=("_hips_", "#hips"), mood_before=2),
    )
    return journal


def test_stats_as_markdown_escapes_no_plain_sentence(journal: Path) -> None:
    add(journal, *days_ago(0, 1, 2, mood=3), make_record(9, mood=3, mood_before=2))
    _, out, _ = log(journal, stats=True, fmt="markdown")
    assert "- **Mood after:** 3.0 of 5 on average (okay), from 4 check-ins." in out
    assert "\\" not in out.split("## Week by week")[0]
    assert "(`mood_before = true` in your settings" in out  # our own words keep their code


def test_stats_as_markdown_shows_hostile_names_and_tags_as_written(helped: Path) -> None:
    _, out, _ = log(helped, stats=True, fmt="markdown")
    helps = out.split("## What helps\n\n")[1].splitlines()
    texts = sorted(parsed(line + "\n", "paragraph") or "" for line in helps)
    assert texts == [
        "# *Pigeon* <b>1.</b>: mood rose by 2.0 on average over 3 sessions.",
        "##hips: mood rose by 2.0 on average over 3 sessions.",
        "#_hips_: mood rose by 2.0 on average over 3 sessions.",
    ]
    most = next(line for line in out.splitlines() if line.startswith("- **Most practised:**"))
    assert parsed(most + "\n", "paragraph") == " # *Pigeon* <b>1.</b> (3)."
