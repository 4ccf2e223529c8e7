"""Crash safety of the journal: appending processes killed with SIGKILL at random (seeded)
moments; every append that returned survives intact, a torn record is reported with its line
and never hides another, and the next append works. See `crash.py` for the harness."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.crash import run_crash_harness


def test_fifty_random_kills_lose_no_returned_append(tmp_path: Path) -> None:
    report = run_crash_harness(tmp_path, seed=20261121, kills=50)
    assert report.failures == []
    assert report.kills == 50
    assert report.acknowledged > 100  # the writers did get to append before dying
    assert report.torn_by_writer > 0
    assert report.damaged_records > 0  # torn records were met, reported and skipped


@pytest.mark.slow
def test_a_thousand_random_kills_lose_no_returned_append(tmp_path: Path) -> None:
    report = run_crash_harness(tmp_path, seed=1, kills=1000)
    assert report.failures == []
    assert report.kills == 1000
