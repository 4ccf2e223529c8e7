"""Fixtures of the review tests (a plugin of tests/conftest.py, as two conftest.py files would
clash in pytest's import mode): local time in UTC, a journal path, a month of sessions."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.review.support import add, month_records


@pytest.fixture
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC in these tests, so dates and times shown are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def journal(tmp_path: Path, utc_local_time: None) -> Path:
    """A journal file not yet written, in a test whose local time is UTC."""
    return tmp_path / "journal.toml"


@pytest.fixture
def month(journal: Path) -> Path:
    """A session a day through November 2026, three routines in turn."""
    add(journal, *month_records())
    return journal
