"""The JSON and CSV exports of the whole journal, a region (a few hundred records) at a time,
written from the journal's bytes with a handful of steps for the whole region rather than many
for each record (issue 13: whole-journal views within 2.5x of reading the journal at all).

A region is written here only when every record in it is in hipcli's own layout (the record
pattern of `hipcli.journal.fast`, matched on the bytes), valid exactly as `record_from_groups`
checks it, in order of start time, and made only of what both formats write as the journal has
it: valid UTF-8, no `\\u`/`\\U` escape, no tab, no time that `isoformat` writes otherwise
(`-00:00`, `.000000`), lengths written as `repr` writes them, nothing a terminal might act on
(JSON). Anything else, however rare, leaves the whole region to the record-by-record writers
(`hipcli.review.rows`), which are checked against the records themselves: so these are checked
against those, byte for byte, in tests/unit/review/test_export_regions.py.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from datetime import datetime

from hipcli.journal.fast import holds_of, record_pattern_bytes, tags_of
from hipcli.journal.record import MAX_SESSION_S, MAX_STEPS_RECORDED, YEARS
from hipcli.journal.strings import string_text
from hipcli.review.export_csv import field
from hipcli.review.export_json import escape_unsafe, holds_json, tags_json, unsafe_search

_HEADER = b"[[session]]\n"
_FIRST, _AFTER = b"%04d" % YEARS[0], b"%04d" % (YEARS[1] + 1)  # (years compared as text)
_parse = datetime.fromisoformat
_KEPT = 1 << 14
_SPACE, _T, _NULL = b" ", b"T", b"null"
_QUOTE, _QUOTES, _COMMA, _NEWLINE = b'"', b'""', b",", b"\n"


@functools.cache
def escapes() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """A `\\u` or `\\U` escape (JSON writes those characters otherwise, or refuses them); an
    escape other than `\\n` and `\\"` (CSV reads those two at once)."""
    return re.compile(rb"\\[uU]"), re.compile(rb'\\[^n"]')


JSON_LINE = (
    b'{"v": %s, "id": "%s", "routine": "%s", "title": "%s", "started_at": "%s", '
    b'"ended_at": "%s", "planned_s": %s, "active_s": %s, "completed": %s, "steps_done": %s, '
    b'"steps_total": %s, "mood_before": %s, "mood": %s, "tags": [%s], "notes": "%s", '
    b'"holds": %s}'
)
CSV_LINE = b"%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,\n"


class Region:
    """A region's records as lines of an export (in file order), and when the first began."""

    __slots__ = ("first", "lines")

    def __init__(self, lines: list[bytes], first: datetime) -> None:
        self.lines = lines
        self.first = first


Cache = dict[bytes, bytes | None]


def _kept(cache: Cache, key: bytes, value: bytes | None) -> bytes | None:
    if len(cache) >= _KEPT:
        cache.clear()
    cache[key] = value
    return value


def decoded(body: bytes) -> str | None:
    """A string's text (between its quotes) with its escapes read; None for bytes that are not
    UTF-8 or an escape the fast path refuses."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return string_text(text)


# Titles, routines, tags and holds as each format writes them (None: refused, the region is
# left to the record writers), each found once: most sessions repeat a few.
_JSON_NAMES: Cache = {}
_JSON_ROUTINES: Cache = {}
_JSON_TAGS: Cache = {}
_JSON_HOLDS: Cache = {}
_CSV_NAMES: Cache = {}
_CSV_ROUTINES: Cache = {}
_CSV_TAGS: Cache = {}
_CSV_HOLDS: Cache = {}


def _json_name(body: bytes) -> bytes | None:
    """A title as JSON (its text between the quotes): the body as written, when that is so."""
    text = decoded(body)
    plain = text is not None and unsafe_search(body.decode("utf-8")) is None
    return _kept(_JSON_NAMES, body, body if plain else None)


def _routine(body: bytes) -> bool:
    """Whether a routine's name passes `record_from_groups` as the fast writers take it."""
    text = decoded(body)
    return text is not None and bool(text.strip()) and b"\\" not in body


def _json_routine(body: bytes) -> bytes | None:
    return _kept(_JSON_ROUTINES, body, _json_name(body) if _routine(body) else None)


def _csv_name(body: bytes) -> bytes | None:
    text = decoded(body)
    cell = None if text is None or "\r" in text else field(text).encode("utf-8")
    return _kept(_CSV_NAMES, body, cell)


def _csv_routine(body: bytes) -> bytes | None:
    return _kept(_CSV_ROUTINES, body, _csv_name(body) if _routine(body) else None)


def tags_of_bytes(block: bytes) -> tuple[str, ...] | None:
    """The tags of a `tags` block as written (None: refused, as `record_from_groups` would)."""
    try:
        return tags_of(block.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _json_tags(block: bytes) -> bytes | None:
    tags = tags_of_bytes(block)
    text = None if tags is None else escape_unsafe(tags_json(tags)).encode("utf-8")
    return _kept(_JSON_TAGS, block, text)


def _csv_tags(block: bytes) -> bytes | None:
    tags = tags_of_bytes(block)
    text = None if tags is None else field("[" + tags_json(tags) + "]").encode("utf-8")
    return _kept(_CSV_TAGS, block, text)


def _holds(block: bytes) -> str | None:
    """The holds as JSON (the record's `holds` as `record_json` writes it)."""
    if not block:
        return "null"  # (no holds line: a record from before holds were kept)
    try:
        holds = holds_of(block.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    return None if holds is None else holds_json(holds)[0]


def _json_holds(block: bytes) -> bytes | None:
    text = _holds(block)
    return _kept(_JSON_HOLDS, block, None if text is None else escape_unsafe(text).encode())


def _csv_holds(block: bytes) -> bytes | None:
    text = _holds(block)
    cell = None if text is None else b"" if not block else field(text).encode()
    return _kept(_CSV_HOLDS, block, cell)


Made = Callable[[bytes], bytes | None]


def _learn(found: list[Groups], wanted: tuple[tuple[int, Cache, Made], ...]) -> None:
    """Each value of the region's records not yet in its cache written (or refused) there."""
    for index, cache, make in wanted:
        new = {groups[index] for groups in found}.difference(cache)
        if len(cache) + len(new) > _KEPT:
            cache.clear()  # (never in the middle of a region: all of its values stay)
        for value in new:
            make(value)


# Lengths (`active_s`) and planned lengths as written, and whether the fast writers take them
# as they are: in range, and (lengths) written as `repr` writes the float.
_LENGTHS: dict[bytes, bool] = {}
_PLANNED: dict[bytes, bool] = {}


def _length(text: bytes) -> bool:
    value = float(text)
    fine = 0 <= value <= MAX_SESSION_S and repr(value).encode() == text  # (false for nan)
    _LENGTHS[text] = fine
    return fine


def _planned(text: bytes) -> bool:
    _PLANNED[text] = fine = int(text) <= MAX_SESSION_S
    return fine


def all_fine(
    column: tuple[bytes, ...], cache: dict[bytes, bool], check: Callable[[bytes], bool]
) -> bool:
    if all(map(cache.get, column)):
        return True
    if len(cache) >= _KEPT:
        cache.clear()
    return all(check(value) if value not in cache else cache[value] for value in set(column))


Groups = tuple[bytes, ...]
Columns = tuple[tuple[bytes, ...], ...]


def checked_records(
    region: bytes, *, as_written: bool = True
) -> tuple[list[Groups], Columns, list[datetime]] | None:
    """The region's records (each its fields' bytes, the pattern's groups, and as columns), and
    when each began, if every record is in hipcli's layout, valid as `record_from_groups`
    checks it, in order of start, and (`as_written`) without what JSON or CSV write otherwise
    than the journal has it (a tab, a `\\u` escape: Markdown reads each text itself); else
    None."""
    if not region.startswith(_HEADER):
        return None
    if as_written and (b"\t" in region or escapes()[0].search(region)):
        return None
    found: list[Groups] = record_pattern_bytes().findall(region)
    # The pattern took the whole region, record after record: each `[[session]]` line began
    # a record (a record holds no other), and each record ends where the next one begins.
    if len(found) != region.count(_HEADER):
        return None
    columns: Columns = tuple(zip(*found, strict=True))
    versions, starts, ends = columns[0], b"\n".join(columns[3]), b"\n".join(columns[4])
    if b"0" in versions or b"-00:00" in starts + ends or b".000000" in starts + ends:
        return None
    try:
        started = list(map(_parse, starts.decode().split("\n")))
        ended = list(map(_parse, ends.decode().split("\n")))
    except ValueError:  # 30 February
        return None
    if (
        not all(map(operator.le, started, ended))
        or not all(map(operator.le, started, started[1:]))  # in order (else the heap's turn)
        or not _FIRST <= min(columns[3]) <= max(columns[3]) < _AFTER
        or not _FIRST <= min(columns[4]) <= max(columns[4]) < _AFTER
        or not all_fine(columns[5], _PLANNED, _planned)
        or not all_fine(columns[6], _LENGTHS, _length)
        or any(
            not int(done) <= int(total) <= MAX_STEPS_RECORDED
            for done, total in set(zip(columns[8], columns[9], strict=True))
        )
    ):
        return None
    idents = b"\n".join(columns[15])
    if b"\\" in idents or not idents.isascii() or not all(map(bytes.strip, columns[15])):
        return None
    return found, columns, started


_JSON_WANTED = ((1, _JSON_ROUTINES, _json_routine), (2, _JSON_NAMES, _json_name),
                (12, _JSON_TAGS, _json_tags), (14, _JSON_HOLDS, _json_holds))  # fmt: skip
_CSV_WANTED = ((1, _CSV_ROUTINES, _csv_routine), (2, _CSV_NAMES, _csv_name),
               (12, _CSV_TAGS, _csv_tags), (14, _CSV_HOLDS, _csv_holds))  # fmt: skip


Lines = tuple[list[bytes], list[Groups], list[datetime]]  # each record's line, groups and start


def json_region(region: bytes) -> Region | None:
    """The region's records as lines of the JSON export, exactly `record_json` of each (None:
    the record writers' turn)."""
    made = json_lines(region)
    return None if made is None else Region(made[0], made[2][0])


def json_lines(region: bytes) -> Lines | None:
    """`json_region`'s lines, with each record's groups and start."""
    read = checked_records(region)
    if read is None:
        return None
    found, columns, started = read
    notes = b" ".join(columns[13])
    if not notes.isascii():
        try:
            text = notes.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if not text.isprintable() and unsafe_search(text) is not None:
            return None
    line, space, t, null = JSON_LINE, _SPACE, _T, _NULL
    routines, titles, tags, holds = _JSON_ROUTINES, _JSON_NAMES, _JSON_TAGS, _JSON_HOLDS
    for attempt in (1, 2):
        try:
            lines = [
                line % (v, i, routines[r], titles[n], s.replace(space, t), e.replace(space, t),
                        p, a, c, d, o, b or null, m or null, tags[g], x, holds[h])
                for v, r, n, s, e, p, a, c, d, o, b, m, g, x, h, i in found
            ]  # fmt: skip
        except KeyError:  # a value not yet written: all of them, then once more
            if attempt == 2:
                return None
            _learn(found, _JSON_WANTED)
        except TypeError:  # a value refused (None)
            return None
        else:
            return lines, found, started
    return None


def _csv_notes(column: tuple[bytes, ...]) -> list[bytes] | None:
    """Notes as their text (escapes read, which are TOML's `\\n` and `\\"` alone, or the
    region is left to the record writers), checked to be UTF-8."""
    joined = b"\x00".join(column)  # (a NUL is never in a string as written)
    if not joined.isascii():
        try:
            joined.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if b"\\" in joined:
        if escapes()[1].search(joined):
            return None  # another escape (`\\\\`, `\\r`...): each note its own way
        joined = joined.replace(b"\\n", b"\n").replace(b'\\"', b'"')
    return joined.split(b"\x00")


def csv_region(region: bytes) -> Region | None:
    """The region's records as lines of the CSV export, exactly as `record_line` (or the csv
    module) writes each (None: the record writers' turn)."""
    made = csv_lines(region)
    return None if made is None else Region(made[0], made[2][0])


def csv_lines(region: bytes) -> Lines | None:
    """`csv_region`'s lines, with each record's groups and start."""
    read = checked_records(region)
    if read is None:
        return None
    found, columns, started = read
    notes = _csv_notes(columns[13])
    if notes is None or b"," in b"".join(columns[15]):
        return None  # (an id with a comma is quoted: the record writers' turn)
    line, space, t = CSV_LINE, _SPACE, _T
    quote, quotes, comma, newline = _QUOTE, _QUOTES, _COMMA, _NEWLINE
    routines, titles, tags, holds = _CSV_ROUTINES, _CSV_NAMES, _CSV_TAGS, _CSV_HOLDS
    for attempt in (1, 2):
        try:
            lines = [
                line % (v, i, routines[r], titles[n], s.replace(space, t), e.replace(space, t),
                        p, a, c, d, o, b, m, tags[g],
                        # the note quoted as the csv module quotes it (`export_csv.field`)
                        quote + x.replace(quote, quotes) + quote
                        if quote in x or comma in x or newline in x else x,
                        holds[h])
                for (v, r, n, s, e, p, a, c, d, o, b, m, g, _, h, i), x
                in zip(found, notes, strict=True)
            ]  # fmt: skip
        except KeyError:
            if attempt == 2:
                return None
            _learn(found, _CSV_WANTED)
        except TypeError:
            return None
        else:
            return lines, found, started
    return None
