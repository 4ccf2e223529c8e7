"""The newest-first first pass (`order._first_pass`) finds the same regions, the same newest
start in each and the same first lines as it did before its lines were counted only when asked
for and its `started_at` values checked by their shape: the earlier pass is kept here as the
oracle, and both read random journals, whole and damaged (hand-written headers, CRLF, bytes
that are not UTF-8, values not as hipcli writes them, records cut short). The oracle has the
one rule added since: a region with a `started_at` that isn't one of the lines found is read
whole (the earlier pass missed a record whose header and `started_at` line were both written
by hand, and took a `started_at` line without a value for a header line)."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcli.journal import order
from hipcli.journal import read as journal_read
from hipcli.journal.fast import record_from_groups
from hipcli.journal.read import region_items, regions, scan_journal, time_key
from hipcli.journal.record import JournalProblem, SessionRecord, format_record
from tests.journal_records import make_record

# ---- the first pass as it was (commit 33a8335), the oracle --------------------------------

_LINES = re.compile(rb"\n(?:\[\[session\]\]|started_at = ([^\n]*))\n")
_MOMENT = (
    rb"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?[+-][0-9]{2}:[0-9]{2}"
)
_MOMENTS = re.compile(rb"(?:%s\n)*%s" % (_MOMENT, _MOMENT))
_HEADER_LINE = b"\n[[session]]\n"


@dataclass(frozen=True)
class OldRegion:
    offset: int
    size: int
    line: int
    at_eof: bool
    newest: float


def old_newest_by_lines(region: bytes) -> float | None:
    lines = _LINES.findall(region)
    if region.count(b"started_at") != len(lines) - lines.count(b""):
        # (the earlier pass missed a record whose header and `started_at` line were both
        # written by hand, and took an empty value for a header line; a region with a
        # `started_at` that isn't one of its lines is now read whole)
        return None
    first = region.startswith(_HEADER_LINE[1:])
    found = lines[0::2] if first else lines[1::2]
    headers = lines.count(b"")
    if headers + first != len(found) or headers != len(lines) - len(found) or b"" in found:
        return None
    if not found:
        return -math.inf
    joined = b"\n".join(found)
    if _MOMENTS.fullmatch(joined) is None:
        return None
    offsets = {found[0][-6:]} if joined.count(found[0][-6:]) == len(found) else None
    if offsets is None:
        offsets = {moment[-6:] for moment in found}
    newest = -math.inf
    for offset in offsets:
        if len(offsets) == 1:
            latest = max(found)
        else:
            latest = max(moment for moment in found if moment.endswith(offset))
        newest = max(newest, time_key(datetime.fromisoformat(latest.decode())))
    return newest


def old_newest_parsed(region: bytes, line: int, at_eof: bool, first: bool) -> float:
    starts = [
        time_key(item.started_at)
        for item in region_items(region, line, at_eof, first, record_from_groups)[0]
        if isinstance(item, SessionRecord)
    ]
    return max(starts, default=-math.inf)


def old_first_pass(fd: int, path: Path) -> list[OldRegion]:
    found, line = [], 1
    for offset, region, at_eof in regions(fd, path):
        newest = old_newest_by_lines(region)
        if newest is None:
            newest = old_newest_parsed(region, line, at_eof, offset == 0)
        found.append(OldRegion(offset, len(region), line, at_eof, newest))
        line += region.count(b"\n")
    return found


# ---- random journals ------------------------------------------------------------------------

START = datetime(2026, 1, 1, 7, 0, tzinfo=UTC)
ZONES = [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]

# what may take the place of a record's `started_at` value, as bytes
BAD_VALUES = [
    b"",
    b"nope",
    b"2026+01-02 07:00:00+00:00",  # a + where the date has a -
    b"2026-01+02 07:00:00+00:00",
    b"2026-01-02 07:00:00*00:00",
    b"2026-01-02 07:00:00+00:00\r",  # CRLF
    b"2026-01-02 07:00:00.1234567+00:00",
    b"2026-01-02T07:00:00+00:00",
    b"2026-01-02 07:00:00",
    b"\xff\xfe",
    b'"2026-01-02 07:00:00+00:00"',
]
# text put among a record's lines, or between records
EXTRA = [
    b"",
    b"# a note of the user's own",
    b"[[session]]",
    b"[[ session ]]",
    b"[[session]] # by hand",
    b"[[sess",
    b"[",
    b"started_at = 2030-01-01 00:00:00+00:00",
    b"started_at = ",
    b'notes = "started_at = 2031-01-01 00:00:00+00:00"',
    b"v = \xff",
    b"x = 1\r",
]


@st.composite
def moments(draw: st.DrawFn) -> bytes:
    moment = START + timedelta(seconds=draw(st.integers(-(10**8), 10**8)))
    moment = moment.astimezone(draw(st.sampled_from(ZONES)))
    if draw(st.booleans()):
        moment = moment.replace(microsecond=draw(st.integers(0, 999_999)))
    return str(moment).encode()


@st.composite
def journals(draw: st.DrawFn) -> bytes:
    parts: list[bytes] = []
    if draw(st.integers(0, 5)) == 0:
        parts.append(draw(st.sampled_from(EXTRA)) + b"\n")  # text before the first record
    for index in range(draw(st.integers(0, 40))):
        text = format_record(make_record(index)).encode()
        lines = text.split(b"\n")
        starts = [n for n, line in enumerate(lines) if line.startswith(b"started_at = ")]
        value = draw(st.one_of(moments(), moments(), moments(), st.sampled_from(BAD_VALUES)))
        lines[starts[0]] = b"started_at = " + value
        if draw(st.integers(0, 6)) == 0:
            place = draw(st.integers(0, len(lines)))
            lines.insert(place, draw(st.sampled_from(EXTRA)))
        if draw(st.integers(0, 8)) == 0:
            del lines[draw(st.integers(0, len(lines) - 1))]
        text = b"\n".join(lines)
        if draw(st.integers(0, 10)) == 0:
            text = text.replace(b"\n", b"\r\n")
        parts.append(text)
        if draw(st.booleans()):
            parts.append(b"\n")  # the blank line hipcli writes between records, or not
    journal = b"".join(parts)
    if journal and draw(st.integers(0, 6)) == 0:
        journal = journal[: draw(st.integers(0, len(journal)))]  # a write cut short
    return journal


def both(path: Path) -> tuple[list[OldRegion], list[OldRegion]]:
    fd = os.open(path, os.O_RDONLY)
    try:
        old = old_first_pass(fd, path)
        new = [
            OldRegion(part.offset, part.size, part.line, part.at_eof, part.newest)
            for part in order._first_pass(fd, path)
        ]
    finally:
        os.close(fd)
    return old, new


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journal=journals(), block=st.sampled_from([64, 300, 1000, 1 << 18]))
def test_the_first_pass_finds_what_the_earlier_one_did(
    tmp_path_factory: object, journal: bytes, block: int
) -> None:
    path = Path(tmp_path_factory.mktemp("j")) / "journal.toml"  # type: ignore[attr-defined]
    path.write_bytes(journal)
    with mock.patch.object(journal_read, "BLOCK", block):
        old, new = both(path)
    assert new == old


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(moments(), st.sampled_from(BAD_VALUES)), min_size=1))
def test_started_at_values_are_judged_as_the_pattern_judges_them(values: list[bytes]) -> None:
    found = [value for value in values if value]
    if not found:
        return
    assert order._newest_of(found) == old_newest_by_lines(
        b"\n".join(b"[[session]]\nv = 2\nstarted_at = " + v + b"\n" for v in found)
    )


def test_a_started_at_line_without_a_value_is_not_taken_for_a_header(tmp_path: Path) -> None:
    # text before a record, with an empty `started_at` line and one with the newest start
    records = [format_record(make_record(index)) for index in range(3)]
    newest = b"started_at = 2031-01-01 00:00:00+00:00\n"
    region = b"x = 1\nstarted_at = \n" + newest + b"\n" + "\n".join(records).encode()
    assert order._newest_by_lines(region) is None  # (read whole: the records alone count)
    path = tmp_path / "journal.toml"
    path.write_bytes(region)
    fd = os.open(path, os.O_RDONLY)
    try:
        (part,) = order._first_pass(fd, path)
    finally:
        os.close(fd)
    starts = [
        record.started_at for record in scan_journal(path) if isinstance(record, SessionRecord)
    ]
    assert len(starts) == 3
    assert part.newest == max(map(time_key, starts))


def test_a_record_written_by_hand_in_an_early_region_still_comes_first(tmp_path: Path) -> None:
    # the newest session, its header and `started_at` line both written by hand, at the start
    # of a journal of many regions: the first pass can't see its start in its lines
    start = datetime(2026, 1, 1, 7, tzinfo=UTC)
    records = [
        format_record(make_record(i, started_at=start + timedelta(days=i))) for i in range(40)
    ]
    newest = format_record(make_record(99, started_at=start + timedelta(days=100)))
    newest = newest.replace("started_at = ", "started_at=").replace("[[session]]", "[[session]] #")
    path = tmp_path / "journal.toml"
    path.write_text("\n".join([newest, *records]))
    with mock.patch.object(journal_read, "BLOCK", 2048):
        read = list(order.scan_newest_first(path))
    starts = [item.started_at for item in read if isinstance(item, SessionRecord)]
    assert len(starts) == 41
    assert starts == sorted(starts, reverse=True)


def test_a_journal_in_order_has_the_same_regions_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    path.write_text("\n".join(format_record(make_record(index)) for index in range(300)))
    with mock.patch.object(journal_read, "BLOCK", 4096):
        old, new = both(path)
    assert len(new) > 10
    assert new == old


def test_the_lines_of_records_are_counted_only_when_one_is_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    path.write_text("\n".join(format_record(make_record(index)) for index in range(300)))
    reads: list[int] = []
    real_read = journal_read._read

    def counting_read(fd: int, where: Path, offset: int, size: int) -> bytes:
        reads.append(size)
        return real_read(fd, where, offset, size)

    with (
        mock.patch.object(journal_read, "BLOCK", 4096),
        mock.patch.object(order, "_read", counting_read),
    ):
        fd = os.open(path, os.O_RDONLY)
        try:
            parts = order._first_pass(fd, path)
            assert reads == []  # (the first pass reads through `read.regions`)
            assert parts[3].line == 1 + sum(
                path.read_bytes()[part.offset : part.offset + part.size].count(b"\n")
                for part in parts[:3]
            )
            assert len(reads) == 3
        finally:
            os.close(fd)


def test_newest_first_reads_every_record_and_problem_of_a_damaged_journal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.toml"
    texts = [format_record(make_record(index)) for index in range(60)]
    texts[7] = texts[7].replace("started_at = ", "started_at = nope ")
    texts[30] = texts[30].replace("v = 2", "v = \udcff")
    path.write_bytes("\n".join(texts).encode("utf-8", "surrogateescape"))
    with mock.patch.object(journal_read, "BLOCK", 2048):
        newest = list(order.scan_newest_first(path))
        unlined = [
            item
            for batch in order.scan_newest_first_batches(path, record_from_groups, lines=False)
            for item in batch
        ]
        in_order = list(scan_journal(path))
    problems = [item for item in newest if isinstance(item, JournalProblem)]
    assert sorted(problem.line for problem in problems) == sorted(
        item.line for item in in_order if isinstance(item, JournalProblem)
    )
    assert [item.line for item in unlined if isinstance(item, JournalProblem)] == [
        problem.line for problem in problems
    ]
    assert len(problems) == 2
    records = [item for item in newest if isinstance(item, SessionRecord)]
    assert [record.started_at for record in records] == sorted(
        (record.started_at for record in records), reverse=True
    )
    assert len(records) == 58
