"""`hipcli log --all` of a journal folder written straight from each file's text (`whole_log`:
each file's entries a region at a time, with its machine, merged by time): byte for byte what
the records themselves give (`newest_first`, then `write_entries` with each session's machine),
whatever the width, the colour, the machines, the copies and the damage."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipcli.journal.fast import Groups
from hipcli.journal.location import JournalLocation
from hipcli.journal.record import JournalProblem, format_record
from hipcli.review import entry_rows
from hipcli.review.entries import write_entries
from hipcli.review.layout import Paint
from hipcli.review.region_rows import Builder, TextRow
from hipcli.review.select import Filters, LogRequest, newest_first
from hipcli.review.whole_log import write_whole_journal
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, SGR, journal_folder

pytestmark = pytest.mark.usefixtures("utc_local_time")

START = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
TITLES = ["Pigeon", "", "Butterfly and frog, slowly, with a long title", "ピジョン 🧘"]
NOTES = [
    "Felt calmer after.",
    "Hips opened slowly.\n\nAfterwards something loosened. 🙂",
    "Long notes " * 12,
    "",
    *HOSTILE,
]


def _record(index: int, **fields: Any) -> Any:
    return make_record(
        index,
        started_at=START + timedelta(hours=7 * index, minutes=index % 50),
        title=TITLES[index % len(TITLES)],
        notes=NOTES[index % len(NOTES)],
        completed=index % 3 != 0,
        mood_before=None if index % 4 else 2,
        mood=None if index % 5 == 0 else 1 + index % 5,
        active_s=[516.4, 59.6, 3599.5, 7 * 24 * 3600.0, 0.4][index % 5],
        tags=() if index % 2 else ("calm", "hips"),
        **fields,
    )


def _folder(
    tmp_path: Path, machines: list[str], count: int = 240, *, damaged: bool = True
) -> JournalLocation:
    return journal_folder(tmp_path, machines, _record, count=count, damaged=damaged)


def _written(location: JournalLocation | Path, width: int, paint: Paint, machines: bool) -> str:
    """`--all` as the view writes it, then its problems."""
    out, problems = io.StringIO(), list[JournalProblem]()
    request = LogRequest(location, limit=None)
    write_whole_journal(
        request,
        Filters(),
        problems.append,
        out,
        paint=paint,
        symbols=True,
        width=width,
        machines=machines,
    )
    return out.getvalue() + _problems(problems)


def _from_records(
    location: JournalLocation | Path, width: int, paint: Paint, machines: bool
) -> str:
    """`--all` written record by record, as filtered views write it."""
    out, problems = io.StringIO(), list[JournalProblem]()
    devices: dict[str, str] = {}
    request = LogRequest(location, limit=None)
    records = newest_first(request, Filters(), problems.append, devices)
    write_entries(records, out, paint=paint, width=width, machines=devices if machines else None)
    return out.getvalue() + _problems(problems)


def _problems(problems: list[JournalProblem]) -> str:
    return "".join(f"\n{problem.path}:{problem.line}: {problem.message}" for problem in problems)


@pytest.mark.parametrize("width", [40, 52, 80, 120, 200])
@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize(
    "machines", [["laptop-at-home", "desktop", "phone"], ["desktop", "phone"], ["laptop"]]
)
def test_a_folder_written_from_its_files_text_is_what_its_records_give(
    tmp_path: Path, width: int, colour: bool, machines: list[str]
) -> None:
    location = _folder(tmp_path, machines)
    several = len(machines) > 1
    written = _written(location, width, Paint(colour), several)
    assert written == _from_records(location, width, Paint(colour), several)
    assert f"{machines[0]}.toml:" in written  # (the damage reported, naming its file)
    shown = [f"· {machines[-1]}\n", f"  {machines[-1]}\n", f"  on {machines[-1]}\n"]
    plain = SGR.sub("", written)
    assert any(map(plain.__contains__, shown)) is several  # (the machines, given several)


def test_a_folders_entries_are_made_a_region_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file's records come to its builder a region at a time (hundreds at once), not one
    by one, and each file has a builder of its own, with its machine."""
    location = _folder(tmp_path, ["laptop", "desktop"], count=1200, damaged=False)
    regions: list[tuple[str, int]] = []
    original = entry_rows.entry_builders

    def counted(width: int, paint: Paint) -> Callable[[str], Builder]:
        builders = original(width, paint)

        def for_machine(machine: str) -> Builder:
            build = builders(machine)

            def many(groups: Sequence[Groups]) -> list[TextRow] | None:
                regions.append((machine, len(groups)))
                return build.many(groups)

            return Builder(many)

        return for_machine

    monkeypatch.setattr("hipcli.review.whole_log.entry_builders", counted)
    written = _written(location, 80, Paint(False), True)
    assert written.count("\n\n") > 1200  # (every entry, each a blank line from the next)
    assert {machine for machine, _ in regions} == {"laptop", "desktop"}
    assert sum(size for _, size in regions if size > 100) > 1100  # (of 1,200 and a few copies)


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("folder", [True, False])
def test_a_length_past_a_week_is_reported_wherever_headings_are_looked_up(
    tmp_path: Path, width: int, folder: bool
) -> None:
    """At 40 columns (headings looked up by their sizes, a region at a time) as at 80."""
    location = _folder(tmp_path, ["laptop", "desktop"], count=60, damaged=False)
    assert location.folder is not None
    laptop = location.folder / "laptop.toml"
    laptop.write_text(laptop.read_text().replace("active_s = 516.4", "active_s = 700000.0", 1))
    journal: JournalLocation | Path = location if folder else laptop
    written = _written(journal, width, Paint(False), folder)
    assert written == _from_records(journal, width, Paint(False), folder)
    assert "active_s is 700000.0" in written


def test_a_session_whose_id_is_written_with_an_escape_is_shown_once(tmp_path: Path) -> None:
    location = _folder(tmp_path, ["laptop", "desktop"], count=20, damaged=False)
    assert location.folder is not None
    record = format_record(_record(3))
    assert 'id = "test-000003"' in record
    escaped = record.replace('id = "test-000003"', 'id = "test-00000\\u0033"')
    (location.folder / "phone.toml").write_text(escaped)
    written = _written(location, 80, Paint(False), True)
    assert written == _from_records(location, 80, Paint(False), True)
    starts = written.count("2 Mar 2026 03:03") + written.count("2026-03-02 03:03")
    assert starts == 1  # (in two files, shown once)
