"""The text of TOML's basic strings as the journal's fast path reads them (`hipcli.journal.fast`):
their escapes read at C speed by JSON's string reader, which reads TOML's escapes but `\\U` (and
would join or keep surrogates, which TOML refuses): those few go through `_ESCAPE`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import cast

_ESCAPE = re.compile(r'\\(?:([btnfr"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))')
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # D800-DFFF: not scalar values


class NotFast(Exception):
    """The fast path doesn't handle this text; tomllib will."""


def _unescape(match: re.Match[str]) -> str:
    simple, short, long = match.groups()
    if simple:
        return _SIMPLE_ESCAPES[simple]
    code = int(short or long, 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise NotFast  # not a Unicode scalar value: tomllib reports it
    return chr(code)


def read_escapes(body: str) -> str:
    """A basic string's text (between its quotes, checked by the pattern) with its escapes read;
    NotFast for an escape that isn't a Unicode scalar value."""
    if "\\" not in body:
        return body
    if "\\U" in body or ("\\u" in body and _SURROGATE.search(body)):
        return _ESCAPE.sub(_unescape, body)
    text: str = scanstring(f'{body}"', 0, False)[0]  # JSON's string reader, in C
    return text


def string_text(body: str) -> str | None:
    """A basic string's text (between its quotes, as the pattern matched it), its escapes
    read; None for an escape the fast path refuses (a surrogate: the slow path says so)."""
    try:
        return read_escapes(body)
    except NotFast:
        return None


def strings_text(bodies: Sequence[str], joined: str | None = None) -> list[str | None]:
    """`string_text` of each of many strings (a region's notes), read all at once where JSON's
    decoder reads them all: joined by a control character, which no string in the journal
    holds as it is (an escape of one, read, would add a piece: then each is read alone).
    `joined`: the bodies so joined, if already at hand."""
    if joined is None:
        joined = "\x1f".join(bodies)
    text = joined_text(joined)
    if text is not None:
        texts = cast("list[str | None]", text.split("\x1f"))
        if len(texts) == len(bodies):
            return texts
    return [string_text(body) if "\\" in body else body for body in bodies]


def joined_text(joined: str) -> str | None:
    """The text of many strings joined (each as between its quotes, the joint between them
    holding no backslash or quote), their escapes read at once by JSON's decoder (the joint as
    it is: no control character is refused). None where the decoder can't read them all (a
    `\\U` escape, a surrogate): then each is read alone (`strings_text`). The joint may then
    also stand in a string (an escape of it read): the caller counts them."""
    if "\\" not in joined:
        return joined
    if "\\U" in joined or ("\\u" in joined and _SURROGATE.search(joined)):
        return None
    text: str = scanstring(f'{joined}"', 0, False)[0]
    return text
