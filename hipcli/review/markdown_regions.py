"""The Markdown export of the whole journal, a region at a time from the journal's bytes, as
`hipcli.review.export_regions` writes JSON and CSV: exactly `exports.markdown_entry` of each
record, or None (the region is left to it) when anything in the region asks for more care.

Everything is done on the UTF-8 bytes. Most of an entry repeats what other entries have (a day,
a name, lengths, moods, tags), each written once and kept; the notes of a region are read,
stripped and checked for what Markdown would take as formatting, a few steps for all of them at
once; notes that need escaping, or hold paragraphs, go through `exports.markdown_notes`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date

from hipcli.journal.fast import holds_of
from hipcli.review.export_regions import (
    Groups,
    Region,
    all_fine,
    checked_records,
    decoded,
    escapes,
    tags_of_bytes,
)
from hipcli.review.exports import (
    markdown_name,
    markdown_notes,
    markdown_tags,
    moods_line,
)
from hipcli.review.words import MONTHS_SHORT, WEEKDAYS, length_text

_KEPT = 1 << 14
Texts = dict[bytes, bytes]
_DAYS: Texts = {}  # "2026-11-21" -> "Sat 21 Nov 2026"
_NAMES: Texts = {}  # a title's (else a routine's) text as written -> as the heading has it
_LENGTHS: Texts = {}  # an `active_s` as written -> "8m 36s"
_PLANNED: Texts = {}  # a `planned_s` as written -> "8m 00s"
_TAGS: Texts = {}  # a `tags` block -> " · #calm #hips", or ""
_DONE = {b"true": b"completed", b"false": b"ended early"}
_ROUTINES: dict[bytes, bool] = {}
_HOLDS: dict[bytes, bool] = {}
_OTHERS = (b"\xe1\x9a\x80", b"\xe3\x80\x80", b"\xd8\x9c")
_OTHERS = (b"\xe1\x9a\x80", b"\xe3\x80\x80", b"\xd8\x9c")
ENTRY = "## %s %s — %s\n\n%s of %s · %s%s%s%s\n".encode()  # (as `exports.markdown_entry`)


@functools.cache
def _moods() -> dict[bytes, Texts]:
    """Moods before and after as written ("" for none) -> " · mood low → good", or ""."""
    texts = (b"", b"1", b"2", b"3", b"4", b"5")
    facts: dict[bytes, Texts] = {}
    for before in texts:
        facts[before] = {}
        for after in texts:
            line = moods_line(int(before) if before else None, int(after) if after else None)
            facts[before][after] = f" · {line}".encode() if line else b""
    return facts


def _day(text: bytes) -> bytes | None:
    day = date.fromisoformat(text.decode())
    month = MONTHS_SHORT[day.month - 1]
    return f"{WEEKDAYS[day.weekday()]} {day.day} {month} {day.year}".encode()


def _name(body: bytes) -> bytes | None:
    text = decoded(body)
    return None if text is None else markdown_name(text).encode()


def _tags(block: bytes) -> bytes | None:
    tags = tags_of_bytes(block)
    if tags is None:
        return None
    return f" · {markdown_tags(tags)}".encode() if tags else b""


def _routine(body: bytes) -> bool:
    text = decoded(body)
    _ROUTINES[body] = fine = text is not None and bool(text.strip())
    return fine


def _holds(block: bytes) -> bool:
    try:
        _HOLDS[block] = fine = not block or holds_of(block.decode("utf-8")) is not None
    except UnicodeDecodeError:
        _HOLDS[block] = fine = False
    return fine


def _keep(cache: Texts, values: set[bytes], make: Callable[[bytes], bytes | None]) -> bool:
    """Each value not yet in `cache` written there; False when one is refused."""
    new = values.difference(cache)
    if len(cache) + len(new) > _KEPT:
        cache.clear()  # (never in the middle of a region: all of its values stay)
    for value in new:
        text = make(value)
        if text is None:
            return False
        cache[value] = text
    return True


def _learn(found: list[Groups]) -> bool:
    """What the region's records hold that is not yet kept, written and kept; False when
    something is refused (the record writer's turn)."""
    return (
        _keep(_DAYS, {groups[3][:10] for groups in found}, _day)
        and _keep(_NAMES, {groups[2] or groups[1] for groups in found}, _name)
        and _keep(_LENGTHS, {groups[6] for groups in found}, _length)
        and _keep(_PLANNED, {groups[5] for groups in found}, _planned)
        and _keep(_TAGS, {groups[12] for groups in found}, _tags)
    )


def _length(text: bytes) -> bytes:
    return length_text(float(text)).encode()


def _planned(text: bytes) -> bytes:
    return length_text(int(text)).encode()


@functools.cache
def _marks() -> tuple[bytes, tuple[re.Pattern[bytes], ...]]:
    """What `exports.markdown_escape` changes (`exports._MARKDOWN_ANY`) in UTF-8, found a
    quicker way: the ASCII characters; the C1 controls, the marks of direction, a line that
    Markdown would read as a block; and here also a blank line (paragraphs) and a character
    that `str.strip` takes for a space and `bytes.strip` doesn't."""
    ascii_marks = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F]) + b"\\`*_[]<>|~&"
    return ascii_marks, (
        re.compile(rb"\xc2[\x80-\xa0]"),
        re.compile(rb"\xe2(?:\x80[\x80-\x8f\xa8-\xaf]|\x81[\x9f\xa6-\xa9])"),
        # (`\d` of the text is any decimal digit: here any character beyond ASCII too)
        re.compile(rb"\n[ \t]*(?:[#>+=-]|(?:[0-9]|[\xc2-\xf4][\x80-\xbf]+)+[.)])"),
        re.compile(rb"\n[ \t]*\n"),
    )


def _plain(joined: bytes, separators: int, notes: list[bytes]) -> bool:
    """Whether the notes (`joined`: their text, `separators` NULs between them; `notes`:
    each stripped) are each written as they are, a line break as a backslash at the end of
    the line: nothing `markdown_escape` changes (`exports._MARKDOWN_ANY`), no paragraphs, no
    space beyond ASCII that `str.strip` would take."""
    ascii_marks, searches = _marks()
    if len(joined) - len(joined.translate(None, ascii_marks)) != separators:
        return False
    controls, spaces, blocks, paragraphs = searches
    lines = b"\n" + b"\n".join(notes)  # (where each note's first line begins)
    return not (
        controls.search(joined)
        or spaces.search(joined)
        or blocks.search(lines)
        or paragraphs.search(joined)
        or _OTHERS[0] in joined  # (U+1680 and U+3000, spaces; U+061C, a mark of direction)
        or _OTHERS[1] in joined
        or _OTHERS[2] in joined
    )


def _notes(column: tuple[bytes, ...]) -> list[bytes] | None:
    """Each record's notes as its entry ends with them: a blank line and the paragraphs, or
    nothing; None when they are not UTF-8 or need a way of their own (the record writer's
    turn)."""
    joined = b"\x00".join(column)  # (a NUL is never in a string as written)
    if b"\\" in joined:
        if escapes()[1].search(joined):
            return None  # an escape other than `\\n` and `\\"`: each note its own way
        joined = joined.replace(b"\\n", b"\n").replace(b'\\"', b'"')
    if not joined.isascii():
        try:
            joined.decode("utf-8")
        except UnicodeDecodeError:
            return None
    notes = list(map(bytes.strip, joined.split(b"\x00")))
    if _plain(joined, len(column) - 1, notes):
        # one paragraph each: a line break in it is a backslash at the end of the line
        text = b"\x00".join(notes).replace(b"\n", b"\\\n")
        return [b"\n\n" + note if note else b"" for note in text.split(b"\x00")]
    return [_note(note.decode("utf-8")) for note in notes]


def _note(text: str) -> bytes:
    notes = text.strip()
    return ("\n\n" + markdown_notes(notes)).encode() if notes else b""


def markdown_region(region: bytes) -> Region | None:
    """The region's records as entries of the Markdown export (UTF-8), exactly
    `markdown_entry` of each (None: the record writer's turn)."""
    read = checked_records(region, as_written=False)
    if read is None:
        return None
    found, columns, started = read
    first = started[0]
    notes = _notes(columns[13])
    if (
        notes is None
        or not all_fine(columns[1], _ROUTINES, _routine)
        or not all_fine(columns[14], _HOLDS, _holds)
    ):
        return None
    days, names, lengths, planned = _DAYS, _NAMES, _LENGTHS, _PLANNED
    tags, done, moods, entry = _TAGS, _DONE, _moods(), ENTRY
    for attempt in (1, 2):
        try:
            entries = [
                entry % (days[s[:10]], s[11:16], names[n or r], lengths[a], planned[p],
                         done[c], moods[b][m], tags[g], x)
                for (_, r, n, s, _, p, a, c, _, _, b, m, g, _, _, _), x
                in zip(found, notes, strict=True)
            ]  # fmt: skip
        except KeyError:  # a value not yet written: all of them, then once more
            if attempt == 2 or not _learn(found):
                return None
        else:
            return Region(entries, first)
    return None
