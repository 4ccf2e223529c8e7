"""The journal: append (locked, fsynced, private), never rewrite, and read tolerantly."""

from __future__ import annotations

import errno
import fcntl
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import tomllib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcli.journal import append
from hipcli.journal import read as journal_read
from hipcli.journal import record as journal_record
from hipcli.journal.append import append_session
from hipcli.journal.holds import MAX_HOLD_S, Hold
from hipcli.journal.read import fast_record, read_journal, read_recent
from hipcli.journal.record import (
    MAX_SESSION_S,
    YEARS,
    JournalError,
    SessionRecord,
    format_record,
    new_session_id,
    record_to_dict,
)
from tests.journal_records import START, make_record

WRITER = Path(__file__).resolve().parents[2] / "journal_writer.py"
TRICKY_NOTES = (
    'He said """hi""" and left.\n[[session]]\nid = "fake"\n[bold]not bold[/bold] '
    "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]52;c;aGk=\x07 \x9b2J bell\x07 tab\there "
    "🧘🏽‍♀️ שלום עליכם مرحبا \u202eevil\u202c \\ back\\slash \r\n crlf \x00 nul \x7f"
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "journal.toml"


def write(path: Path, *records: SessionRecord) -> None:
    for record in records:
        append_session(path, record)


# --- format ----------------------------------------------------------------------------------


def test_a_record_is_one_session_table_with_id_last_and_a_final_newline() -> None:
    text = format_record(make_record())
    lines = text.splitlines()
    assert lines[0] == "[[session]]"
    assert lines[-1] == 'id = "test-000000"'
    assert text.endswith("\n")
    assert text.count("\n[[session]]") == 0
    assert tomllib.loads(text)["session"][0]["mood"] == 4


def test_a_skipped_mood_is_absent_from_the_file() -> None:
    assert "mood" not in format_record(make_record(mood=None, mood_before=None))


def test_notes_that_look_like_toml_stay_on_one_line() -> None:
    text = format_record(make_record(notes=TRICKY_NOTES))
    header_lines = [line for line in text.splitlines() if line == "[[session]]"]
    assert header_lines == ["[[session]]"]


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"mood": 9}, "mood"),
        ({"mood_before": 0}, "mood_before"),
        ({"steps_done": 4}, "steps_done"),
        ({"active_s": float("nan")}, "active_s"),
        ({"id": " "}, "id"),
        ({"extra": {"mood": 3}}, "extra"),
        ({"extra": {"x": None}}, "can't be written"),
    ],
)
def test_a_record_that_could_not_be_read_back_is_refused(
    changes: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        format_record(make_record(**changes))


def test_naive_times_are_written_as_local_time_and_odd_offsets_as_utc() -> None:
    odd = timezone(timedelta(minutes=61, seconds=30))
    record = make_record(
        started_at=datetime(2026, 1, 1, 8, 0, tzinfo=odd), ended_at=datetime(2026, 1, 1, 9, 0)
    )
    table = tomllib.loads(format_record(record))["session"][0]
    assert table["started_at"] == record.started_at
    assert table["started_at"].utcoffset() == timedelta(0)
    assert table["ended_at"] == datetime(2026, 1, 1, 9, 0).astimezone()


def test_lone_surrogates_from_undecodable_input_are_replaced_not_fatal(path: Path) -> None:
    append_session(path, make_record(notes="bad \udcff byte"))
    assert read_journal(path).records[0].notes == "bad \ufffd byte"


def test_session_ids_are_stamped_with_the_start_and_unique() -> None:
    ids = {new_session_id(START) for _ in range(500)}
    # 24 random bits: 500 ids in one second share one about 0.7% of the time (the birthday
    # bound), which made this test flaky; two sessions starting in the same second are rare.
    assert len(ids) >= 498
    assert all(i.startswith("20261121T073012-") and len(i) == 22 for i in ids)


# --- append ----------------------------------------------------------------------------------


def test_append_creates_a_private_file_in_private_new_directories(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "journal.toml"
    append_session(path, make_record())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700


def test_append_never_loosens_or_tightens_permissions_the_user_chose(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    path = tmp_path / "journal.toml"
    path.touch()
    path.chmod(0o640)
    append_session(path, make_record())
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_appends_add_to_the_end_and_never_change_what_is_there(path: Path) -> None:
    path.write_text("# my practice journal\n# (a comment of mine)\n", encoding="utf-8")
    before = path.read_bytes()
    write(path, make_record(0))
    middle = path.read_bytes()
    write(path, make_record(1))
    after = path.read_bytes()
    assert middle.startswith(before)
    assert after.startswith(middle)
    assert [r.id for r in read_journal(path).records] == ["test-000000", "test-000001"]
    assert tomllib.loads(after.decode())["session"][1]["id"] == "test-000001"


def test_a_journal_not_ending_in_a_newline_gets_one_before_the_new_record(path: Path) -> None:
    write(path, make_record(0))
    path.write_bytes(path.read_bytes() + b"# a hand edit with no newline")
    before = path.read_bytes()
    write(path, make_record(1))
    assert path.read_bytes().startswith(before + b"\n")
    contents = read_journal(path)
    assert [r.id for r in contents.records] == ["test-000000", "test-000001"]
    assert contents.problems == []


def test_append_to_a_directory_is_a_calm_error(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="is a directory, not a journal file"):
        append_session(tmp_path, make_record())


def test_append_below_a_file_is_a_calm_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(JournalError, match="not a directory"):
        append_session(blocker / "journal.toml", make_record())


def test_append_through_a_dangling_link_creates_nothing(tmp_path: Path) -> None:
    link = tmp_path / "journal.toml"
    link.symlink_to(tmp_path / "unmounted" / "journal.toml")
    with pytest.raises(JournalError, match=r"is a link to .* which doesn't exist"):
        append_session(link, make_record())
    with pytest.raises(JournalError, match="doesn't exist"):
        read_journal(link)
    assert not (tmp_path / "unmounted").exists()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EROFS, "read-only file system"),
        (errno.EACCES, "permission denied"),
        (errno.ENOSPC, "no space left"),
    ],
)
def test_an_unwritable_journal_is_a_calm_error_naming_the_path(
    path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    # we run as root, where chmod restricts nothing: make the open itself fail instead
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(JournalError) as caught:
        append_session(path, make_record())
    assert words in str(caught.value).lower()
    assert str(path) in str(caught.value)
    assert caught.value.path == path


def test_a_disk_that_fills_mid_write_leaves_the_journal_as_it_was(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(path, make_record(0))
    before = path.read_bytes()
    real_write = os.write
    calls = []

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(JournalError, match="no space left"):
        append_session(path, make_record(1))
    monkeypatch.undo()
    assert path.read_bytes() == before
    write(path, make_record(2))
    assert [r.id for r in read_journal(path).records] == ["test-000000", "test-000002"]


def test_partial_writes_are_continued_until_the_whole_record_is_written(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    write(path, make_record(0, notes=TRICKY_NOTES))
    monkeypatch.undo()
    assert read_journal(path).records[0].notes == TRICKY_NOTES


def test_append_waits_for_the_lock_and_gives_up_calmly(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(path, make_record(0))
    monkeypatch.setattr(append, "APPEND_LOCK_TIMEOUT_S", 0.05)
    monkeypatch.setattr(journal_read, "READ_LOCK_TIMEOUT_S", 0.05)
    with open(path, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        with pytest.raises(JournalError, match="another hipcli process"):
            append_session(path, make_record(1))
        # a reader doesn't hang on a stuck writer: it reads anyway after the timeout
        assert len(read_journal(path).records) == 1


# --- read ------------------------------------------------------------------------------------


def test_a_missing_journal_is_empty(path: Path) -> None:
    assert read_journal(path) == journal_record.JournalContents([], [])
    assert read_recent(path, 5).records == []


def test_a_zero_byte_journal_is_empty(path: Path) -> None:
    path.write_bytes(b"")
    assert read_journal(path) == journal_record.JournalContents([], [])
    assert read_recent(path, 5) == journal_record.JournalContents([], [])


def test_reading_a_directory_is_a_calm_error(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="is a directory"):
        read_journal(tmp_path)
    with pytest.raises(JournalError, match="is a directory"):
        read_recent(tmp_path, 3)


@pytest.mark.parametrize("seed", range(5))
def test_binary_garbage_is_reported_never_fatal(path: Path, seed: int) -> None:
    garbage = os.urandom(3000) if seed else bytes(range(256)) * 10
    path.write_bytes(garbage)
    for contents in (read_journal(path), read_recent(path, 20)):
        assert contents.records == []
        assert len(contents.problems) >= 1
        assert all(p.line >= 1 for p in contents.problems)


def test_garbage_between_records_costs_only_that_record(path: Path) -> None:
    write(path, make_record(0))
    with open(path, "ab") as handle:
        handle.write(b"[[session]]\n\xff\xfe\x00binary\n")
    write(path, make_record(2))
    contents = read_journal(path)
    assert [r.id for r in contents.records] == ["test-000000", "test-000002"]
    [problem] = contents.problems
    assert "not valid UTF-8" in problem.message
    assert path.read_text(errors="replace").splitlines()[problem.line - 1] == "[[session]]"


def test_tricky_notes_round_trip_exactly(path: Path) -> None:
    record = make_record(
        notes=TRICKY_NOTES, tags=("[bold]", "a, b", 'quote"', "🧘"), title="Pigeon \x1b[2J [red]"
    )
    write(path, record, make_record(1))
    contents = read_journal(path)
    assert contents.problems == []
    assert replace(contents.records[0], line=0) == record
    assert tomllib.loads(path.read_text(encoding="utf-8"))["session"][0]["notes"] == TRICKY_NOTES


BROKEN_RECORDS = [
    ("mood = 9", "mood is 9, but it must be a whole number from 1 to 5"),
    ("mood = true", "mood is true"),
    ("steps_total = 2", "steps_done (3) is more than steps_total (2)"),
    ("ended_at = 2020-01-01T00:00:00Z", "ended_at is earlier than started_at"),
    ("started_at = 2026-11-21", "started_at is 2026-11-21, but it must be"),
    ("completed = 1", "completed is 1, but it must be true or false"),
    ("tags = [1, 2]", "tags is [1, 2], but it must be a list"),
    ("planned_s = -5", "planned_s is -5"),
    ("active_s = inf", "active_s is inf"),
    ('notes = "unterminated', "not valid TOML at line"),
    ("routine = ", "not valid TOML at line"),
    ("v = 0", "v is 0"),
]


@pytest.mark.parametrize(("edit", "message"), BROKEN_RECORDS)
def test_a_bad_hand_edit_is_reported_with_its_line_and_the_rest_still_load(
    path: Path, edit: str, message: str
) -> None:
    write(path, make_record(0))
    key = edit.split(" = ")[0]
    lines = format_record(make_record(1, tags=())).splitlines()
    lines = [edit if line.startswith(key + " = ") else line for line in lines]
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(lines) + "\n")
    write(path, make_record(2))
    for contents in (read_journal(path), read_recent(path, 3)):
        assert [r.id for r in contents.records][-2:] == ["test-000000", "test-000002"][-2:]
        [problem] = contents.problems
        assert message in problem.message
        assert path.read_text().splitlines()[problem.line - 1] == "[[session]]"
        assert problem.line == len(format_record(make_record(0)).splitlines()) + 2


def test_a_missing_field_is_named(path: Path) -> None:
    text = format_record(make_record()).replace("steps_total = 3\n", "")
    path.write_text(text.replace('title = "Pigeon"\n', ""), encoding="utf-8")
    [problem] = read_journal(path).problems
    assert problem.message == "missing title, steps_total"


def test_a_record_from_a_newer_version_keeps_its_unknown_fields(path: Path) -> None:
    text = format_record(make_record()).replace(
        "v = 2", "v = 3\nheart_rate = 61\nsynced_at = 2026-11-21T09:00:00Z"
    )
    path.write_text(text + '\n[session.device]\nname = "watch"\n', encoding="utf-8")
    [record] = read_journal(path).records
    assert record.v == 3
    assert record.extra == {
        "heart_rate": 61,
        "device": {"name": "watch"},
        "synced_at": datetime(2026, 11, 21, 9, tzinfo=UTC),
    }
    data = record_to_dict(record)
    assert data["heart_rate"] == 61
    assert data["synced_at"] == "2026-11-21T09:00:00+00:00"
    assert data["device"] == {"name": "watch"}
    # and writing it again keeps them
    append_session(path.with_name("copy.toml"), record)
    assert read_journal(path.with_name("copy.toml")).records[0].extra == record.extra


def test_a_newer_version_that_fails_says_so(path: Path) -> None:
    text = format_record(make_record()).replace("v = 2", "v = 3").replace("mood = 4", "mood = 7")
    path.write_text(text, encoding="utf-8")
    [problem] = read_journal(path).problems
    assert "written by a newer hipcli" in problem.message


def test_a_naive_hand_written_time_is_local_time(path: Path) -> None:
    text = format_record(make_record())
    text = text.replace("2026-11-21 07:30:12+00:00", "2026-11-21T07:30:12")
    path.write_text(text, encoding="utf-8")
    [record] = read_journal(path).records
    assert record.started_at == datetime(2026, 11, 21, 7, 30, 12).astimezone()


def test_comments_before_the_first_record_are_the_users_own(path: Path) -> None:
    path.write_text("# my journal\n\n# begun in 2026\n" + format_record(make_record()))
    contents = read_journal(path)
    assert len(contents.records) == 1
    assert contents.problems == []
    assert contents.records[0].line == 4


def test_nonsense_before_the_first_record_is_reported_as_ignored(path: Path) -> None:
    path.write_text("# fine\nthis is not toml\n" + format_record(make_record()))
    for contents in (read_journal(path), read_recent(path, 5)):
        [problem] = contents.problems
        assert not problem.in_record
        assert "before the first [[session]]" in problem.message
        assert "line 2" in problem.message
        assert len(contents.records) == 1


def test_hand_written_records_in_other_valid_layouts_are_read(path: Path) -> None:
    path.write_bytes(
        b"\xef\xbb\xbf[[ session ]]  # morning\r\n"
        b'v = 1\r\nid = \'hand-1\'\r\nroutine = "pigeon"\r\ntitle = "Pigeon"\r\n'
        b"started_at = 2026-11-21T07:30:00+01:00\r\nended_at = 2026-11-21T07:40:00+01:00\r\n"
        b"planned_s = 600\r\nactive_s = 600\r\ncompleted = true\r\nsteps_done = 1\r\n"
        b'steps_total = 1\r\ntags = ["a", "b"]  # two tags\r\n'
        b'notes = """\r\nline one\r\n[[session]] in a sentence\r\n"""\r\n'
    )
    [record] = read_journal(path).records
    assert record.id == "hand-1"
    assert record.tags == ("a", "b")
    assert record.active_s == 600.0
    assert record.notes == "line one\n[[session]] in a sentence\n"


# --- torn writes: the `id` seal ---------------------------------------------------------------


def test_every_possible_torn_tail_is_reported_never_read_as_a_shorter_record(path: Path) -> None:
    good = format_record(make_record(0)).encode()
    torn_source = format_record(make_record(1, notes="a long note, " * 5)).encode()
    # (the whole text without its final newline is the whole record, so it stops one short)
    for cut in range(1, len(torn_source) - 1):
        path.write_bytes(good + b"\n" + torn_source[:cut])
        contents = read_journal(path)
        assert [r.id for r in contents.records] == ["test-000000"], cut
        # only the bare header line survives as "nothing yet"; all else is reported
        assert len(contents.problems) == 1, cut
        assert contents.problems[0].line == good.count(b"\n") + 2
    path.write_bytes(good + b"\n" + torn_source[:-1])
    assert [r.id for r in read_journal(path).records] == ["test-000000", "test-000001"]


def test_a_torn_tail_never_hides_the_record_before_it_once_the_next_append_follows(
    path: Path,
) -> None:
    """Found while building the kill harness (tests/reliability): a write cut inside its header
    line left `[[sess` on a line of its own; once the next record followed, that line belonged
    to the record *before* it, which then failed to parse and was skipped although whole."""
    good = format_record(make_record(0)).encode()
    torn_source = b"\n" + format_record(make_record(1, notes="a long note, " * 5)).encode()
    for cut in range(1, len(torn_source) - 1):
        path.write_bytes(good + torn_source[:cut])
        append_session(path, make_record(2))
        for contents in (read_journal(path), read_recent(path, 20)):
            assert [r.id for r in contents.records] == ["test-000000", "test-000002"], cut
            if cut > 1:  # (a lone newline is a blank line, nothing torn)
                assert len(contents.problems) == 1, cut
                assert contents.problems[0].line == good.count(b"\n") + 2, cut


# --- the tail --------------------------------------------------------------------------------


@pytest.fixture
def long_journal(path: Path) -> Path:
    """300 records (about 130 KB) with two damaged ones, one of them near the end."""
    chunks = [format_record(make_record(i, notes=f"note {i}\n" * (i % 4))) for i in range(300)]
    chunks[40] = chunks[40].replace("mood = 4", "mood = 11")
    chunks[290] = chunks[290].replace("steps_done = 3", "steps_done = x")
    path.write_text("\n".join(chunks), encoding="utf-8")
    return path


@pytest.mark.parametrize("block", [7, 64, 4096, 1 << 16])
def test_the_tail_matches_a_whole_read(
    long_journal: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(journal_read, "TAIL_BLOCK", block)
    whole = read_journal(long_journal)
    assert len(whole.records) == 298
    for n in (1, 5, 20, 297, 298, 500):
        recent = read_recent(long_journal, n)
        assert [r.id for r in recent.records] == [r.id for r in whole.records[-n:]]
        assert recent.reached_start == (n >= 298)
    tail = read_recent(long_journal, 20)
    assert tail.problems == [p for p in whole.problems if p.line > whole.problems[0].line]
    assert read_recent(long_journal, 1000).problems == whole.problems


def test_the_tail_with_a_filter_reads_back_until_enough_match(long_journal: Path) -> None:
    recent = read_recent(long_journal, 3, keep=lambda r: r.id.endswith("7"))
    assert [r.id for r in recent.records] == ["test-000277", "test-000287", "test-000297"]


def test_the_tail_reads_only_the_end_of_a_large_file(
    long_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = long_journal.read_text().replace("steps_done = x", "steps_done = 3")
    long_journal.write_text(text)
    read_sizes: list[int] = []
    real_pread = os.pread

    def counting_pread(fd: int, size: int, offset: int) -> bytes:
        read_sizes.append(size)
        return real_pread(fd, size, offset)

    monkeypatch.setattr(os, "pread", counting_pread)
    assert len(read_recent(long_journal, 20).records) == 20
    assert sum(read_sizes) == journal_read.TAIL_BLOCK < long_journal.stat().st_size


# --- the fast path agrees with tomllib --------------------------------------------------------

texts = st.text(st.characters(codec="utf-8"), max_size=60)
moods = st.none() | st.integers(1, 5)
moments = st.datetimes(  # the years a record may have (YEARS), the ending a fortnight inside
    min_value=datetime(YEARS[0], 1, 2),
    max_value=datetime(YEARS[1], 12, 1),
    timezones=st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-1439, 1439)),
)
records = st.builds(
    lambda started, length, **kw: SessionRecord(
        started_at=started, ended_at=started + timedelta(seconds=length), **kw
    ),
    started=moments,
    length=st.integers(0, 10**6),
    id=texts.filter(str.strip),
    routine=texts.filter(str.strip),
    title=texts,
    planned_s=st.integers(0, MAX_SESSION_S),
    active_s=st.floats(0, MAX_SESSION_S, allow_nan=False) | st.integers(0, 10**5).map(float),
    completed=st.booleans(),
    steps_done=st.integers(0, 50),
    steps_total=st.integers(50, 100),
    mood=moods,
    mood_before=moods,
    tags=st.lists(texts, max_size=4).map(tuple),
    notes=texts | st.sampled_from([TRICKY_NOTES, "", "[[session]]", '"""']),
    holds=st.none()
    | st.lists(
        st.builds(
            Hold,
            step=texts.filter(str.strip),
            side=st.none() | texts.filter(str.strip),
            planned_s=st.integers(0, MAX_HOLD_S),
            held_s=st.integers(0, MAX_HOLD_S),
            skipped=st.booleans(),
        ),
        max_size=4,
    ).map(tuple),
    extra=st.dictionaries(
        texts.filter(lambda k: k not in journal_record.KNOWN_FIELDS),
        st.integers(-(2**63), 2**63)
        | texts
        | st.booleans()
        | st.lists(st.integers(), max_size=3)
        | st.dictionaries(texts, st.integers(), max_size=2),
        max_size=3,
    ),
)


def normal(value: Any) -> Any:
    """Values compared with their types and offsets (== alone says 1 == True, ignores tz)."""
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, datetime):
        return (value.isoformat(), value.utcoffset())
    return (type(value).__name__, value)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(record=records)
def test_any_record_round_trips_through_the_file(tmp_path: Path, record: SessionRecord) -> None:
    path = tmp_path / "roundtrip.toml"
    path.unlink(missing_ok=True)
    append_session(path, record)
    append_session(path, record)
    contents = read_journal(path)
    assert contents.problems == []
    assert [replace(r, line=0) for r in contents.records] == [record, record]
    assert normal(dict(contents.records[0].extra)) == normal(dict(record.extra))
    assert contents.records[0].started_at.utcoffset() == record.started_at.utcoffset()


def record_fields(record: SessionRecord) -> Any:
    return normal({name: getattr(record, name) for name in SessionRecord.__slots__})


@settings(max_examples=300, deadline=None)
@given(record=records, data=st.data())
def test_the_fast_path_agrees_with_tomllib(record: SessionRecord, data: st.DataObject) -> None:
    text = format_record(replace(record, extra={}))
    assert fast_record(text) is not None  # what hipcli writes takes the fast path
    mutations = [text]
    for _ in range(4):
        position = data.draw(st.integers(0, len(text)))
        insert = data.draw(
            st.sampled_from(
                [
                    '"',
                    "\\",
                    "\\u00e9",
                    "\\ud800",
                    "\\udc00",  # (a low surrogate: not a scalar value either)
                    "\\U0010ffff",
                    "\\U00110000",
                    "\n",
                    " ",
                    "#",
                    "]",
                    "[",
                    "=",
                    "0",
                    ".5",
                    "e5",
                    "e999",
                    "Z",
                    "T",
                    ":60",
                    "-13-",
                    "-02-30",
                    "\x7f",
                    "\t",
                    "\x00",
                    "inf",
                    "_1",
                    "\r",
                    "'",
                    "true",
                    "+",
                    "-",
                    "",
                    "24:00",
                    "+24:00",
                    "{",
                    "}",
                    ", ",
                    "side = ",
                    "86401",
                    "holds = []\n",
                ]
            )
        )
        cut = data.draw(st.integers(0, 3))
        mutations.append(text[:position] + insert + text[position + cut :])
    for candidate in mutations:
        fast = fast_record(candidate)
        if fast is None:
            continue
        table = tomllib.loads(candidate)["session"][0]  # must parse when the fast path did
        slow = journal_record.record_from_table(table)
        assert isinstance(slow, SessionRecord), candidate
        assert record_fields(fast) == record_fields(slow), candidate


def test_the_fast_path_steps_aside_for_other_layouts() -> None:
    text = format_record(make_record(notes=TRICKY_NOTES))
    assert fast_record(text) == make_record(notes=TRICKY_NOTES)
    assert fast_record(text.replace("mood = 4", "mood = 9")) is None
    assert fast_record(text.replace("\n", "\r\n")) is None
    assert fast_record(text.replace("[[session]]", "[[ session ]]")) is None
    assert fast_record(format_record(make_record(extra={"a": 1}))) is None


# --- concurrency and crashes -----------------------------------------------------------------


def _append_many(path: str, name: str, count: int) -> None:
    from tests.journal_writer import record

    for index in range(count):
        append_session(Path(path), record(name, index))


def test_processes_appending_at_once_each_land_whole_and_once(path: Path) -> None:
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_append_many, args=(str(path), f"w{n}", 50)) for n in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    contents = read_journal(path)
    assert contents.problems == []
    ids = [r.id for r in contents.records]
    assert sorted(ids) == sorted(f"w{n}-{i:04d}" for n in range(4) for i in range(50))
    for n in range(4):  # each writer's own records stay in its order
        mine = [i for i in ids if i.startswith(f"w{n}-")]
        assert mine == sorted(mine)
    assert len(tomllib.loads(path.read_text(encoding="utf-8"))["session"]) == 200


def test_readers_during_concurrent_appends_never_see_half_a_record(path: Path) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(path), f"c{n}", "60"], stdout=subprocess.DEVNULL
        )
        for n in range(3)
    ]
    reads = 0
    while any(writer.poll() is None for writer in writers) or reads < 5:
        for contents in (read_journal(path), read_recent(path, 7)):
            assert contents.problems == []
            ids = [r.id for r in contents.records]
            assert len(ids) == len(set(ids))
        reads += 1
    assert all(writer.wait(60) == 0 for writer in writers)
    assert len(read_journal(path).records) == 180


def run_writer(path: Path, name: str, count: int, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(WRITER), str(path), name, str(count), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_writer_killed_mid_append_loses_only_its_own_record(path: Path) -> None:
    done = run_writer(path, "first", 5, "torn")
    assert done.returncode == -signal.SIGKILL
    assert done.stdout.split() == [f"first-{i:04d}" for i in range(5)]
    contents = read_journal(path)
    assert [r.id for r in contents.records] == [f"first-{i:04d}" for i in range(5)]
    [problem] = contents.problems
    assert path.read_text().splitlines()[problem.line - 1] == "[[session]]"
    lines = path.read_text().splitlines()
    assert problem.line == max(i for i, line in enumerate(lines, 1) if line == "[[session]]")
    # the next append works, and starts on a line of its own
    assert run_writer(path, "next", 2).returncode == 0
    contents = read_journal(path)
    assert [r.id for r in contents.records][-2:] == ["next-0000", "next-0001"]
    assert len(contents.records) == 7
    assert [p.line for p in contents.problems] == [problem.line]


def test_killing_a_writer_at_a_random_moment_never_loses_a_returned_append(path: Path) -> None:
    for round_ in range(3):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), f"r{round_}", "100000"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        returned = [writer.stdout.readline().strip() for _ in range(20 + 7 * round_)]
        writer.send_signal(signal.SIGKILL)
        rest = writer.communicate()[0].split()
        contents = read_journal(path)
        ids = {r.id for r in contents.records}
        assert set(returned + rest) <= ids
        assert len(contents.problems) <= round_ + 1  # at most one torn record per kill


@pytest.mark.parametrize("escape", ["\\ud800", "\\udbff", "\\udc00", "\\uDFFF"])
def test_a_surrogate_escape_is_refused_by_the_fast_path_as_by_tomllib(escape: str) -> None:
    text = format_record(make_record(0)).replace("Felt calmer", f"Felt {escape} calmer")
    assert fast_record(text) is None
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
