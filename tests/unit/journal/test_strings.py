"""`journal.strings`: many strings of the journal read at once, as each is read alone."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.journal.strings import string_text, strings_text

# bodies of TOML basic strings as hipcli writes them, and escapes people could write by hand
ESCAPES = st.sampled_from(
    ["\\n", "\\t", '\\"', "\\\\", "\\u001f", "\\u00e9", "\\U0001F642", "\\ud800", "\\b", "\\r"]
)
BODIES = st.lists(
    ESCAPES
    | st.text(st.characters(blacklist_categories=["Cs", "Cc"]).filter(lambda c: c not in '"\\'))
    | st.just("\t"),
    max_size=6,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(bodies=st.lists(BODIES, max_size=10))
def test_strings_read_together_are_each_read_alone(bodies: list[str]) -> None:
    assert strings_text(bodies) == [string_text(body) for body in bodies]


def test_an_escaped_separator_is_read_alone_and_kept() -> None:
    bodies = ["a\\nb", "\\u001f", "c"]
    assert strings_text(bodies) == ["a\nb", "\x1f", "c"]
    assert strings_text(["x\\ud800"]) == [None]
    assert json.loads('"\\u00e9"') == strings_text(["\\u00e9"])[0]
