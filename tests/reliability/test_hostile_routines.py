"""Hostile routine files: mutants of the built-in routines and hypothesis documents through the
loader (no traceback, no hang, every problem located), and a sample through `hipcli validate`
as a real process. See `routine_fuzz.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.routine_fuzz import run_hypothesis, run_routine_fuzz, run_validate_sample


def test_five_thousand_mutated_routines(tmp_path: Path) -> None:
    report = run_routine_fuzz(seed=20261121, count=5000)
    assert report.failures == []
    assert report.inputs == 5000
    assert 0 < report.valid < report.inputs  # the mix holds good files and bad ones


def test_two_hundred_routine_shaped_documents_from_hypothesis() -> None:
    report = run_hypothesis(200)
    assert report.failures == []
    assert report.inputs > 150  # the few that TOML can't hold are not counted


def test_hipcli_validate_prints_exactly_the_problems_the_loader_finds(tmp_path: Path) -> None:
    report = run_validate_sample(tmp_path, seed=20261121, count=200)
    assert report.failures == []
    assert report.files == 200


@pytest.mark.slow
def test_a_quarter_million_mutated_routines() -> None:
    report = run_routine_fuzz(seed=1, count=250_000)
    assert report.failures == []


@pytest.mark.slow
def test_five_thousand_hypothesis_documents() -> None:
    report = run_hypothesis(5000)
    assert report.failures == []


@pytest.mark.slow
def test_five_thousand_files_through_hipcli_validate(tmp_path: Path) -> None:
    report = run_validate_sample(tmp_path, seed=1, count=5000)
    assert report.failures == []
