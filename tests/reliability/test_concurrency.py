"""Concurrency: 8 processes × 200 appends on one journal while `hipcli log` processes read it:
1,600 records, each exactly once and whole, the file exactly the records one after another, and
no reader crashing or showing half a record. See `concurrency.py` for the harness."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.concurrency import run_concurrency


def test_eight_writers_and_log_readers_at_once(tmp_path: Path) -> None:
    report = run_concurrency(tmp_path, writers=8, appends_each=200, readers=2)
    assert report.failures == []
    assert report.records == 1600
    assert report.reader_runs >= 1


@pytest.mark.slow
def test_eight_writers_of_records_of_every_size_and_three_readers(tmp_path: Path) -> None:
    report = run_concurrency(tmp_path, writers=8, appends_each=200, readers=3, big=True)
    assert report.failures == []
    assert report.records == 1600


@pytest.mark.slow
def test_sixteen_writers_at_once(tmp_path: Path) -> None:
    report = run_concurrency(tmp_path, writers=16, appends_each=100, readers=2)
    assert report.failures == []
    assert report.records == 1600
