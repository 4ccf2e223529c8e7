"""The journal's text cut into records: the `[[session]]` header lines that start them, and each
record's text parsed on its own (the fast path of `hipcli.journal.fast`, else tomllib), so that one
damaged record costs only itself (a `JournalProblem` with its line) and every other still loads.
The readers (`hipcli.journal.read`) hand these functions the bytes they read, block by block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hipcli.journal.fast import fast_record
from hipcli.journal.record import JournalProblem, SessionRecord, record_from_table

_HEADER = re.compile(rb"\[\[[ \t]*(?:session|\"session\"|'session')[ \t]*\]\]")
_BOM = b"\xef\xbb\xbf"
_HEADER_TEXT = b"[[session]]"
# A write cut short inside its header line leaves `[`...`[[session]` on a line of its own after
# the blank line hipcli puts between records, and the next append follows it (after a newline, as
# the file no longer ended in one). That line starts a record of its own: otherwise it would end
# the record before it, which would then fail to parse and be skipped although it is whole.
# (Led by the literal blank line, the search costs ~15 ms on a 30 MB journal.)
_FRAGMENT = re.compile(rb"\n\n(\[(?!\[session\]\])[^\n]{0,20})(?=\n[ \t\r]*\n|\n\[\[|\n?\Z)")


def header_starts(data: bytes, starts_line: bool, at_eof: bool) -> list[int]:
    """Offsets of the lines of `data` that are record headers (`[[session]]`, maybe a comment).

    `starts_line` says whether `data` begins at the start of a line (the start of the file),
    `at_eof` whether it ends at the end of the file: there, a last line that is the beginning of
    a header (`[[sess`, a write cut short) starts a record of its own, so that it is reported
    alone instead of spoiling the record before it. Such a fragment still starts a record once
    later appends follow it (see `_FRAGMENT`).
    """
    starts = []
    if at_eof and not data.endswith(b"\n"):
        last = data.rfind(b"\n") + 1
        fragment = data[last:].strip(b" \t\r")
        if fragment and _HEADER_TEXT.startswith(fragment) and (last or starts_line):
            starts.append(last)
    for match in _FRAGMENT.finditer(data):
        fragment = match[1].rstrip(b" \t\r")
        if _HEADER_TEXT.startswith(fragment) and fragment != _HEADER_TEXT:
            starts.append(match.start(1))
    for match in _HEADER.finditer(data):
        at, after = match.start(), match.end()
        # `[[session]]` alone on its line, as hipcli writes it: no need to look closer
        if after - at == 11 and data[at - 1 : at] == b"\n" and data[after : after + 1] == b"\n":
            starts.append(at)
            continue
        begin = data.rfind(b"\n", 0, match.start()) + 1
        if begin == 0 and not starts_line:
            continue  # the line may begin before `data`: decide once more is read
        lead = data[begin : match.start()]
        if not lead.removeprefix(_BOM if begin == 0 else b"").strip(b" \t"):
            end = data.find(b"\n", match.end())
            rest = data[match.end() : len(data) if end < 0 else end].strip(b" \t\r")
            if not rest or rest.startswith(b"#"):
                starts.append(begin)
    return sorted(set(starts))


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _toml_table(text: str, line: int) -> dict[str, Any] | str:
    """The `[[session]]` table parsed by tomllib, or what is wrong, with absolute lines."""
    import tomllib  # deferred: the fast path usually makes it unnecessary

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_AT.search(message)
        place = ""
        if where:
            place = f" at line {line + int(where[1]) - 1}, column {where[2]}"
            message = message[: where.start()]
        message = message.removesuffix(" (at end of document)")
        return f"not valid TOML{place}: {message[:1].lower()}{message[1:]}"
    except RecursionError:
        return "not valid TOML: values are nested too deeply"
    except ValueError as exc:  # e.g. an integer thousands of digits long
        return f"not valid TOML: {exc}"
    sessions = document.get("session")
    if isinstance(sessions, list) and len(sessions) == 1 and isinstance(sessions[0], dict):
        return sessions[0]
    return "not a single [[session]] table"


def parse_chunk(chunk: bytes, line: int, is_record: bool) -> SessionRecord | JournalProblem | None:
    """One record's text (from its header line) as a record or a problem. For the text before
    the first record (`is_record` false): a problem if it is not valid TOML, else None."""
    try:
        text = chunk.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        bad = line + chunk.count(b"\n", 0, exc.start)
        return JournalProblem(
            line, f"line {bad} is not valid UTF-8 text (byte 0x{chunk[exc.start]:02x})", is_record
        )
    if not is_record:
        if not any(part.strip() and not part.strip().startswith("#") for part in text.splitlines()):
            return None  # blank lines and comments: the user's own notes at the top
        table = _toml_table(text, line)
        if isinstance(table, str):
            return JournalProblem(
                line, f"the text before the first [[session]] is {table}", in_record=False
            )
        return None
    fast = fast_record(text, line)
    if fast is not None:
        return fast
    if len(text) < 40 and _HEADER_TEXT.decode().startswith(text.strip()):
        return JournalProblem(line, f"a record cut short: only {text.strip()!r} was written")
    table = _toml_table(text, line)
    if isinstance(table, str):
        return JournalProblem(line, table)
    record = record_from_table(table, line)
    return JournalProblem(line, record) if isinstance(record, str) else record


def split_chunks(
    data: bytes, *, at_eof: bool = True, starts_record: bool = False
) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_record) for the text before the first record, then each record. When
    `starts_record`, `data` begins at a record's start (a region after the first)."""
    starts = header_starts(data, starts_line=True, at_eof=at_eof)
    if starts_record and (not starts or starts[0]):
        starts.insert(0, 0)
    first = starts[0] if starts else len(data)
    if first:
        yield 0, first, False
    for index, start in enumerate(starts):
        yield start, starts[index + 1] if index + 1 < len(starts) else len(data), True
