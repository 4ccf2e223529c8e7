"""Reading the journal: find the `[[session]]` header lines, then parse each record on its own,
so that one damaged record costs only itself (a `JournalProblem` with its line) and every other
record still loads.

Most records take a fast path (`hipcli.journal.fast`), one regular expression for the exact text
`format_record` writes; anything else goes to tomllib.
`read_recent` reads only the tail of the file. `hipcli.journal` holds the record, its validation
and the append; it re-exports `read_journal` and `read_recent`.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from hipcli.files import NotRegularFileError, open_regular
from hipcli.journal.append import dangling_link_message, os_error_message, take_lock
from hipcli.journal.fast import fast_record
from hipcli.journal.record import (
    JournalContents,
    JournalError,
    JournalProblem,
    SessionRecord,
    record_from_table,
)

# How long a reader waits for a writer mid-append before reading without the lock (it then may
# see a record mid-write, which the `id` seal turns into a reported problem, not a wrong record).
READ_LOCK_TIMEOUT_S = 2.0
TAIL_BLOCK = 1 << 16  # the first read from the end: about 140 records


_HEADER = re.compile(rb"\[\[[ \t]*(?:session|\"session\"|'session')[ \t]*\]\]")
_BOM = b"\xef\xbb\xbf"
_HEADER_TEXT = b"[[session]]"
# A write cut short inside its header line leaves `[`...`[[session]` on a line of its own after
# the blank line hipcli puts between records, and the next append follows it (after a newline, as
# the file no longer ended in one). That line starts a record of its own: otherwise it would end
# the record before it, which would then fail to parse and be skipped although it is whole.
# (Led by the literal blank line, the search costs ~15 ms on a 30 MB journal.)
_FRAGMENT = re.compile(rb"\n\n(\[(?!\[session\]\])[^\n]{0,20})(?=\n[ \t\r]*\n|\n\[\[|\n?\Z)")


def _header_starts(data: bytes, starts_line: bool, at_eof: bool) -> list[int]:
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
    if _HEADER_TEXT.decode().startswith(text.strip()):
        return JournalProblem(line, f"a record cut short: only {text.strip()!r} was written")
    fast = fast_record(text, line)
    if fast is not None:
        return fast
    table = _toml_table(text, line)
    if isinstance(table, str):
        return JournalProblem(line, table)
    record = record_from_table(table, line)
    return JournalProblem(line, record) if isinstance(record, str) else record


def split_chunks(data: bytes) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_record) for the text before the first record, then each record."""
    starts = _header_starts(data, starts_line=True, at_eof=True)
    first = starts[0] if starts else len(data)
    if first:
        yield 0, first, False
    for index, start in enumerate(starts):
        yield start, starts[index + 1] if index + 1 < len(starts) else len(data), True


def _open_for_read(path: Path) -> BinaryIO | None:
    """The journal opened for reading (shared lock taken), or None when it doesn't exist."""
    try:
        # a regular file only: a FIFO would hang the read, /dev/zero would never end
        handle = os.fdopen(open_regular(path, "a journal"), "rb")
    except FileNotFoundError:
        dangling = dangling_link_message(path)
        if dangling:
            raise JournalError(dangling, path) from None
        return None
    except NotRegularFileError as exc:
        raise JournalError(str(exc), path) from None
    except OSError as exc:
        raise JournalError(os_error_message(path, exc, "read"), path) from exc
    # wait for a writer mid-append, so no half record is seen; after the timeout read anyway
    take_lock(handle.fileno(), fcntl.LOCK_SH, READ_LOCK_TIMEOUT_S)
    return handle


def read_journal(path: Path) -> JournalContents:
    """Every record of the journal in file order, and the problems found. Raises JournalError
    only when the file can't be read at all; a missing file is an empty journal."""
    path = Path(path)
    handle = _open_for_read(path)
    if handle is None:
        return JournalContents([], [])
    with handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise JournalError(os_error_message(path, exc, "read"), path) from exc
    records: list[SessionRecord] = []
    problems: list[JournalProblem] = []
    line, counted = 1, 0
    for start, end, is_record in split_chunks(data):
        line += data.count(b"\n", counted, start)
        counted = start
        result = parse_chunk(data[start:end], line, is_record)
        if isinstance(result, SessionRecord):
            records.append(result)
        elif result is not None:
            problems.append(result)
    return JournalContents(records, problems)


class _TailScanner:
    """Hands out record texts from the end of a file backwards, reading blocks as it goes."""

    def __init__(self, handle: BinaryIO, path: Path) -> None:
        self._fd = handle.fileno()
        self._path = path
        self._size = os.fstat(self._fd).st_size
        self._newlines_after = 0  # in the chunks handed out so far
        self._newlines_total: int | None = None
        self.at_start = self._size == 0

    def _read(self, offset: int, size: int) -> bytes:
        try:
            data = os.pread(self._fd, size, offset)
        except OSError as exc:
            raise JournalError(os_error_message(self._path, exc, "read"), self._path) from exc
        if len(data) != size:
            raise JournalError(
                f"{self._path} changed while hipcli was reading it (it became "
                "shorter). Please try again.",
                self._path,
            )
        return data

    def chunks(self) -> Iterator[tuple[int, bytes, bool]]:
        """(file offset, text, is_record), last record first; the text before the first
        record comes last."""
        position, pending, block = self._size, b"", TAIL_BLOCK
        while position > 0:
            step = min(block, position)
            position -= step
            block = min(block * 2, 1 << 23)  # few reads however far back the search goes
            pending = self._read(position, step) + pending
            at_eof = position + len(pending) == self._size
            for begin in reversed(_header_starts(pending, position == 0, at_eof)):
                chunk, pending = pending[begin:], pending[:begin]
                self._newlines_after += chunk.count(b"\n")
                yield position + begin, chunk, True
        self.at_start = True
        if pending:
            self._newlines_after += pending.count(b"\n")
            yield 0, pending, False

    def line_at(self, offset: int) -> int:
        """The line number of a chunk just handed out that starts at `offset`."""
        if offset == 0:
            return 1
        if self._newlines_total is None:
            # counting means reading the whole file: done only when a problem needs its line
            total, position = 0, 0
            while position < self._size:
                block = self._read(position, min(1 << 22, self._size - position))
                total += block.count(b"\n")
                position += len(block)
            self._newlines_total = total
        return self._newlines_total - self._newlines_after + 1


def read_recent(
    path: Path, n: int, *, keep: Callable[[SessionRecord], bool] | None = None
) -> JournalContents:
    """The last `n` good records (in file order) for which `keep` is true, reading only as much
    of the end of the file as that takes. Problems met on the way carry their line numbers;
    the records carry line 0, as the lines above the tail are not counted."""
    path = Path(path)
    handle = _open_for_read(path)
    if handle is None:
        return JournalContents([], [])
    found: list[SessionRecord] = []
    problems: list[JournalProblem] = []
    with handle:
        scanner = _TailScanner(handle, path)
        for start, chunk, is_record in scanner.chunks():
            if len(found) >= n:
                break
            result = parse_chunk(chunk, 0, is_record)
            if isinstance(result, SessionRecord):
                if keep is None or keep(result):
                    found.append(result)
            elif result is not None:
                # parse again with the real line number, worth counting lines for now
                again = parse_chunk(chunk, scanner.line_at(start), is_record)
                problems.append(again if isinstance(again, JournalProblem) else result)
        reached_start = scanner.at_start
    found.reverse()
    problems.reverse()
    return JournalContents(found, problems, reached_start)
