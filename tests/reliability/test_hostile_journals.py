"""Hostile journal files: real journals with hostile notes, mutated, then read and shown by
`hipcli log` in every format. See `journal_fuzz.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.journal_fuzz import run_journal_fuzz, run_log_sample


def test_five_hundred_mutated_journals_in_every_view(tmp_path: Path) -> None:
    report = run_journal_fuzz(tmp_path, seed=20261121, count=500)
    assert report.failures == []
    assert report.journals == 500
    assert report.problems_reported > 0
    assert report.intact_records_checked > 0


def test_hipcli_log_processes_on_mutated_journals(tmp_path: Path) -> None:
    report = run_log_sample(tmp_path, seed=20261121, count=5)
    assert report.failures == []
    assert report.processes == 30


@pytest.mark.slow
def test_ten_thousand_mutated_journals(tmp_path: Path) -> None:
    report = run_journal_fuzz(tmp_path, seed=1, count=10_000)
    assert report.failures == []


@pytest.mark.slow
def test_a_hundred_mutated_journals_through_every_hipcli_log_view(tmp_path: Path) -> None:
    report = run_log_sample(tmp_path, seed=1, count=100)
    assert report.failures == []
