"""`hipcli import FILE`: hipcli's own JSON and CSV exports back into a journal, checked record by
record, each session once, and the round trip export → import → export."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hipcli.commands import cli
from hipcli.journal.bulk import append_new
from hipcli.journal.holds import Hold
from hipcli.journal.read import read_journal
from hipcli.review.importing import ImportFileError, read_export
from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, TODAY, add, at, log

pytestmark = pytest.mark.usefixtures("utc_local_time")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def exported(journal: Path, tmp_path: Path) -> dict[str, Path]:
    """A journal of varied sessions (hostile text, both versions, unknown fields, moods
    skipped, sessions out of order, two at the same moment) exported as JSON and CSV."""
    add(
        journal,
        make_record(0, started_at=at(TODAY, 9), notes=HOSTILE, tags=("a, b", 'say "hi"')),
        make_record(1, started_at=at(TODAY, 8), mood=None, mood_before=2, v=1),
        make_record(2, started_at=at(TODAY - timedelta(days=3)), extra={"place": "mat", "n": 3}),
        make_record(3, started_at=at(TODAY, 9), holds=(Hold("Pigeon", "left", 60, 75, False),)),
        make_record(
            4, started_at=at(TODAY - timedelta(days=400)), notes="\r\nold\rmac\ttab", active_s=12.0
        ),
    )
    files = {}
    for fmt in ("json", "csv"):
        files[fmt] = tmp_path / f"export.{fmt}"
        files[fmt].write_bytes(log(journal, fmt=fmt, limit=None)[1].encode("utf-8"))
    return files


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_into_an_empty_journal_export_gives_identical_output(
    exported: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    fresh = tmp_path / "fresh" / "journal.toml"
    result = run("import", str(exported[fmt]), "--journal", str(fresh))
    assert result.exit_code == 0, result.output
    assert result.output == f"Added 5 sessions to {fresh}.\n"
    assert log(fresh, fmt=fmt, limit=None)[1] == exported[fmt].read_bytes().decode("utf-8")
    assert fresh.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_importing_twice_adds_nothing_and_ids_already_there_are_skipped(
    exported: dict[str, Path], journal: Path, fmt: str
) -> None:
    before = journal.read_bytes()
    result = run("import", str(exported[fmt]), "--journal", str(journal))
    assert result.exit_code == 0
    assert (
        result.output
        == f"Nothing new to add to {journal}.\n5 sessions are already there: skipped.\n"
    )
    assert journal.read_bytes() == before


def test_dry_run_says_what_would_happen_and_writes_nothing(
    exported: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "j.toml"
    add(target, make_record(0, started_at=at(TODAY, 9), notes=HOSTILE, tags=("a, b", 'say "hi"')))
    before = target.read_bytes()
    result = run("import", str(exported["json"]), "--journal", str(target), "--dry-run")
    assert result.exit_code == 0
    assert result.output == (
        f"Would add 4 sessions to {target} (nothing written: --dry-run).\n"
        "1 session is already there: skipped.\n"
    )
    assert target.read_bytes() == before


def test_each_bad_record_is_reported_with_its_item_and_the_good_ones_come_in(
    tmp_path: Path,
) -> None:
    good = json.loads(json.dumps([{**_exported_record(1)}, {**_exported_record(2)}]))
    items = [
        good[0],
        {**good[1], "mood": 9},
        "not a session",
        {**good[1], "id": "x-3", "started_at": "soon"},
        good[1],
    ]
    source = tmp_path / "mixed.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    target = tmp_path / "j.toml"
    result = CliRunner().invoke(cli, ["import", str(source), "--journal", str(target)])
    assert result.exit_code == 1
    assert (
        f"{source}: item 2 (id test-000002): mood is 9, but it must be a whole number from 1 "
        "to 5 — not imported." in result.output
    )
    assert f"{source}: item 3: is not a session (a JSON object) — not imported." in result.output
    assert 'item 4 (id x-3): started_at is "soon", but it must be a date and time' in result.output
    assert "Added 2 sessions" in result.output
    assert "3 records with problems (above) stayed out" in result.output
    assert [r.id for r in read_journal(target).records] == ["test-000001", "test-000002"]


def test_each_bad_csv_row_is_reported_with_its_row_and_line(tmp_path: Path, journal: Path) -> None:
    add(journal, make_record(0, notes="two\nlines"), make_record(1))
    text = log(journal, fmt="csv", limit=None)[1].replace(",3,3,", ",3,x,", 1)
    source = tmp_path / "bad.csv"
    source.write_text(text, encoding="utf-8")
    found = read_export(source)
    assert [p.where for p in found.problems] == ["row 2 (line 2) (id test-000001)"]
    assert 'steps_total is "x"' in found.problems[0].message
    assert [r.id for r in found.records] == ["test-000000"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is not a hipcli export"),
        (b"[1, 2", "is not valid JSON"),
        (b'{"v": 1}', "is not a hipcli export"),
        (b"name,age\nx,1\n", "it has no column id"),
        (b"\xff\xfe", "is not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_calmly(
    tmp_path: Path, content: bytes, message: str
) -> None:
    source = tmp_path / "thing"
    source.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        read_export(source)
    result = CliRunner().invoke(cli, ["import", str(source), "--journal", str(tmp_path / "j.toml")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "j.toml").exists()


def test_a_missing_file_or_a_folder_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "nope.json")])
    assert (result.exit_code, result.output) == (
        1,
        f"hipcli: {tmp_path / 'nope.json'} doesn't exist.\n",
    )
    result = CliRunner().invoke(cli, ["import", str(tmp_path)])
    assert "is a directory; name the exported file." in result.output


def test_a_session_repeated_in_the_file_comes_in_once(tmp_path: Path) -> None:
    one = _exported_record(1)
    source = tmp_path / "twice.json"
    source.write_text(json.dumps([one, one]), encoding="utf-8")
    result = run("import", str(source), "--journal", str(tmp_path / "j.toml"))
    assert "1 session appeared twice in the file: taken once." in result.output
    assert len(read_journal(tmp_path / "j.toml").records) == 1


def test_two_imports_at_once_add_each_session_once(tmp_path: Path) -> None:
    """The ids are read and the records appended under one lock: imports can't both add."""
    target = tmp_path / "j.toml"
    records = [make_record(i) for i in range(50)]
    threads = [threading.Thread(target=append_new, args=(target, records)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.id for r in read_journal(target).records) == [r.id for r in records]


def _exported_record(index: int) -> dict[str, object]:
    from hipcli.journal.record import record_to_dict

    return record_to_dict(make_record(index))
